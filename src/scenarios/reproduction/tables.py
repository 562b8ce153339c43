"""Each of the paper's tables computed from an analysis frame, as long tables of ours (row, column, ours,
pvalue_ours, note) named as the paper names its rows and columns (:mod:`scenarios.reproduction.paper`).

The estimators are the project's (:mod:`scenarios.econometrics`); nothing is estimated here. The readings
chosen where the paper is ambiguous are constants below, explained in docs/reproduction.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from scenarios.data import panel as panel_module
from scenarios.econometrics import fe, mediation, moran, unitroot
from scenarios.econometrics.mediation import MediationResults
from scenarios.reproduction import paper
from scenarios.reproduction.compare import cells

CONTROLS = list(paper.CONTROLS)
REGRESSORS = ["tech", *CONTROLS]
WEIGHTS = ("W1", "W2", "W3")
INDUSTRIES = dict(paper.INDUSTRIES)  # ce1 -> "Steel", ...

#: Unit-root tests (Table 2): one lag, unit intercepts, no cross-sectional demeaning; Fisher = Pm.
UNIT_ROOT_LAGS = 1
UNIT_ROOT_TREND = "c"
#: Fixed effects of Tables 4, 10, 11, 12 and of the SDM (Tables 8, 9): two-way (Table 10's first column
#: is Table 3's two-way column (4)).
EFFECTS = "twoway"
#: Table 13 intervals: the paper's "Confidence 99%", percentile bootstrap.
BOOTSTRAP_LEVEL = 0.99
#: Table 12, "delete some cities": the four municipalities.
MUNICIPALITIES = ("Beijing", "Tianjin", "Shanghai", "Chongqing")


def _fe_cells(
    result, column: str, rename: Mapping[str, str] | None = None, rows: Sequence[str] | None = None, counts: bool = True
) -> list[dict]:
    """Coefficient rows (with "(t)" rows) of a fixed-effects fit, then Observations, R-squared, Number of id."""
    rename = rename or {}
    table = result.to_frame()
    out = []
    for name in rows if rows is not None else table.index:
        label = rename.get(name, name)
        out.append(
            {"row": label, "column": column, "ours": table.at[name, "coef"], "pvalue_ours": table.at[name, "pvalue"]}
        )
        out.append({"row": f"{label} (t)", "column": column, "ours": table.at[name, "stat"]})
    if counts:
        out += [
            {"row": "Observations", "column": column, "ours": result.nobs},
            {"row": "R-squared", "column": column, "ours": result.rsquared},
            {"row": "Number of id", "column": column, "ours": result.n_entities},
        ]
    return out


def fit_fe(data: pd.DataFrame, y: str, x: Sequence[str], effects: str = EFFECTS):
    """``xtreg y x [i.year], fe`` (:class:`scenarios.econometrics.fe.FixedEffects`)."""
    return fe.FixedEffects(data, y, list(x), effects=effects).fit()


def table1(analysis: pd.DataFrame) -> pd.DataFrame:
    """Descriptive statistics (:func:`scenarios.data.panel.describe`)."""
    described = panel_module.describe(analysis)
    rows = []
    for record in described.to_dict("records"):
        for column in ("Obs", "Min", "Max", "Mean", "Std.dev."):
            rows.append({"row": record["Variable"], "column": column, "ours": record[column]})
    return cells(rows)


def table2(analysis: pd.DataFrame) -> pd.DataFrame:
    """LLC, Fisher-PP and Fisher-ADF (Pm, the statistic the paper's numbers are), plus IPS, for ce and tech."""
    rows = []
    stationary: dict[str, bool] = {}
    for var in ("ce", "tech"):
        result = unitroot.panel_unit_root(analysis, var, lags=UNIT_ROOT_LAGS, trend=UNIT_ROOT_TREND)
        for label, test in (
            ("LLC", result.llc),
            ("Fisher-PP", result.fisher_pp),
            ("Fisher-ADF", result.fisher_adf),
            ("IPS", result.ips),
        ):
            statistic = {"LLC": "LLC t", "IPS": "IPS W"}.get(label, f"{label} chi2")
            note = f"{test.statistic_name}" if label.startswith("Fisher") else ""
            rows.append({"row": var, "column": statistic, "ours": test.statistic, "note": note})
            rows.append({"row": var, "column": f"{label} p", "ours": test.pvalue})
            stationary[statistic] = stationary.get(statistic, True) and test.pvalue < 0.05
    # The paper's "Smooth or not" row: both variables reject a unit root at 5% under that test.
    rows += [
        {"row": "Smooth or not", "column": statistic, "ours": np.nan, "note": "Yes" if ok else "No"}
        for statistic, ok in stationary.items()
    ]
    return cells(rows)


def section_3_1_2(analysis: pd.DataFrame) -> pd.DataFrame:
    """§3.1.2: Hausman test (fixed vs random effects, Eq. 3 with entity effects) and the mean VIF (3.29)."""
    test = fe.hausman(analysis, "ce", REGRESSORS)
    factors = fe.vif(analysis, REGRESSORS)
    return pd.DataFrame(
        {
            "statistic": ["Hausman chi2", "Hausman df", "Hausman p", "Mean VIF"],
            "ours": [test.statistic, test.df, test.pvalue, factors.mean],
            "paper": [np.nan, np.nan, np.nan, 3.29],
            "paper_text": ["", "", "rejects random effects at 1%", "3.29"],
        }
    )


def table3(analysis: pd.DataFrame) -> pd.DataFrame:
    """Entity FE without and with controls, two-way FE without and with controls (columns (1)-(4))."""
    specs = {
        "(1)": (["tech"], "entity"),
        "(2)": (REGRESSORS, "entity"),
        "(3)": (["tech"], "twoway"),
        "(4)": (REGRESSORS, "twoway"),
    }
    rows = []
    for column, (x, effects) in specs.items():
        rows += _fe_cells(fit_fe(analysis, "ce", x, effects), column)
        rows += [
            {"row": "Individual fixed effect", "column": column, "ours": np.nan, "note": "Yes"},
            {
                "row": "Time fixation effect",
                "column": column,
                "ours": np.nan,
                "note": "Yes" if effects == "twoway" else "No",
            },
        ]
    return cells(rows)


def table4(analysis: pd.DataFrame) -> pd.DataFrame:
    """The four key industries, two-way FE with controls."""
    rows = []
    for var, column in INDUSTRIES.items():
        rows += _fe_cells(fit_fe(analysis, var, REGRESSORS), column)
    return cells(rows)


def moran_table(analysis: pd.DataFrame, weights, permutations: int, seed: int) -> pd.DataFrame:
    """Tables 5-7: global Moran's I of ce and tech per year: I, z and two-sided p under normality (as the
    paper), plus the permutation pseudo p (ours only)."""
    rows = []
    for var in ("ce", "tech"):
        frame = moran.moran_by_year(analysis, var, weights, permutations=permutations, seed=seed).to_frame()
        for year, record in frame.iterrows():
            for column, key in (("Moran", "I"), ("z", "z_norm"), ("p", "p_norm"), ("p_sim", "p_sim")):
                rows.append({"row": str(year), "column": f"{var} {column}", "ours": record[key]})
    return cells(rows)


def local_clusters(analysis: pd.DataFrame, weights: Mapping[str, object], permutations: int, seed: int) -> pd.DataFrame:
    """Local Moran clusters (HH, LL, HL, LH or "not significant" at 5%) of ce and tech, first and last year,
    under each matrix: rows provinces, columns "<var> <year> <W>"."""
    years = sorted(analysis["year"].unique())
    columns = {}
    for label, w in weights.items():
        for var in ("ce", "tech"):
            for year in (years[0], years[-1]):
                result = moran.local_moran(analysis, var, w, int(year), permutations=permutations, seed=seed)
                columns[f"{var} {year} {label}"] = result.clusters
    return pd.DataFrame(columns).rename_axis("province")


def _sdm_cells(result, label: str, impacts=None) -> list[dict]:
    """Table 9's column pair for one matrix (Main, Wx), with the LeSage-Pace effects (ours only)."""
    main, wx = f"{label} Main", f"{label} Wx"
    params, tstats, pvalues = result.params, result.tstats, result.pvalues
    sigma_z = result.sigma2 / result.sigma2_std_error
    rows = [
        {"row": "rho", "column": main, "ours": params["rho"], "pvalue_ours": pvalues["rho"]},
        {"row": "rho (t)", "column": main, "ours": tstats["rho"]},
        {"row": "sigma2_e", "column": main, "ours": result.sigma2, "pvalue_ours": 2 * stats.norm.sf(abs(sigma_z))},
        {"row": "sigma2_e (t)", "column": main, "ours": sigma_z},
    ]
    for name in REGRESSORS:
        row = "lntech" if name == "tech" else name
        for column, key in ((main, name), (wx, f"W*{name}")):
            rows.append({"row": row, "column": column, "ours": params[key], "pvalue_ours": pvalues[key]})
            rows.append({"row": f"{row} (t)", "column": column, "ours": tstats[key]})
    for column in (main, wx):
        rows += [
            {"row": "Observations", "column": column, "ours": result.nobs},
            {"row": "R-squared", "column": column, "ours": result.rsquared},
            {"row": "Number of id", "column": column, "ours": result.n_entities},
        ]
    if impacts is not None:
        table = impacts.table
        for name in REGRESSORS:
            row = "lntech" if name == "tech" else name
            for kind in ("direct", "indirect", "total"):
                column = f"{label} {kind.capitalize()}"
                rows.append(
                    {
                        "row": row,
                        "column": column,
                        "ours": table.loc[name, (kind, "coef")],
                        "pvalue_ours": table.loc[name, (kind, "p")],
                    }
                )
                rows.append({"row": f"{row} (t)", "column": column, "ours": table.loc[name, (kind, "z")]})
    return rows


def table8(analysis: pd.DataFrame, weights: Mapping[str, object]) -> pd.DataFrame:
    """LM (non-spatial two-way FE model), LR and Wald tests of the SDM; W1 in the paper's columns (stat, p),
    W2 and W3 beside them (ours only)."""
    from scenarios.econometrics.spatial_tests import model_selection_tests

    names = {
        "lm_lag": "LM-lag",
        "robust_lm_lag": "Robust LM-lag",
        "lm_error": "LM-error",
        "robust_lm_error": "Robust LM-error",
        "lr_lag": "LR-lag",
        "lr_error": "LR-error",
        "wald_sar": "Test for SAR",
        "wald_sem": "Test for SEM",
    }
    rows = []
    for label, w in weights.items():
        prefix = "" if label == "W1" else f"{label} "
        tests = model_selection_tests(analysis, "ce", REGRESSORS, w, effects=EFFECTS)
        for key, record in tests.iterrows():
            row = names.get(str(key), str(key))
            rows.append({"row": row, "column": f"{prefix}stat", "ours": record["stat"], "note": f"df {record['df']:g}"})
            rows.append({"row": row, "column": f"{prefix}p", "ours": record["p"]})
            if label == "W1":
                verdict = "rejected" if record["p"] < 0.05 else "not rejected"
                rows.append(
                    {
                        "row": row,
                        "column": "Test Results",
                        "ours": np.nan,
                        "note": f"H0 {verdict} at 5%: {record['null']}",
                    }
                )
    return cells(rows)


def table9(analysis: pd.DataFrame, weights: Mapping[str, object], impact_draws: int, seed: int) -> pd.DataFrame:
    """SDM with two-way fixed effects under W1, W2, W3 (Main, Wx), plus direct, indirect and total effects."""
    from scenarios.econometrics.spatial import SpatialPanelModel

    rows = []
    for label, w in weights.items():
        result = SpatialPanelModel(analysis, "ce", REGRESSORS, w, model="sdm", effects=EFFECTS).fit()
        rows += _sdm_cells(result, label, result.impacts(draws=impact_draws, seed=seed))
    return cells(rows)


def mediations(analysis: pd.DataFrame, replications: int, seed: int) -> dict[str, MediationResults]:
    """Mediation tech -> ino -> y for y = ce and ce1..ce4 (two-way FE with controls, bootstrap)."""
    return mediation.mediations(
        analysis,
        ["ce", *INDUSTRIES],
        "tech",
        "ino",
        CONTROLS,
        effects=EFFECTS,
        replications=replications,
        seed=seed,
        level=BOOTSTRAP_LEVEL,
    )


def _mediation_cells(result, numbers: Sequence[int], rows: Sequence[str] | None) -> list[dict]:
    out = []
    for number, equation in zip(numbers, ("total", "mediator", "outcome")):
        model = result.models[equation]
        column = f"({number}) {model.dependent}"
        names = None if rows is None else [r for r in rows if r in model.params.index]
        out += _fe_cells(model, column, rows=names)
    return out


def table10(results: Mapping[str, MediationResults]) -> pd.DataFrame:
    """Mediation of the overall effect (columns (1) ce, (2) ino, (3) ce), plus the indirect effect, the
    mediated share a b / c and the Sobel test (ours only, in column "mediation")."""
    result = results["ce"]
    rows = _mediation_cells(result, (1, 2, 3), None)
    sobel = result.sobel
    rows += [
        {"row": "indirect (a b)", "column": "mediation", "ours": result.indirect, "pvalue_ours": sobel["pvalue"]},
        {
            "row": "mediated share",
            "column": "mediation",
            "ours": result.mediated_share,
            "note": "the paper's text: 6.19% = 0.294 x 0.071 / 0.337",
        },
        {"row": "Sobel z", "column": "mediation", "ours": sobel["z"]},
    ]
    return cells(rows)


def table11(results: Mapping[str, MediationResults]) -> pd.DataFrame:
    """Mediation by industry: columns (1) ce1, (2) ino, (3) ce1 ... (12) ce4; tech and ino rows."""
    rows = []
    for k, var in enumerate(INDUSTRIES):
        result = results[var]
        rows += _mediation_cells(result, (3 * k + 1, 3 * k + 2, 3 * k + 3), ("tech", "ino"))
        rows.append({"row": "mediated share", "column": f"({3 * k + 3}) {var}", "ours": result.mediated_share})
    return cells(rows)


def table13(results: Mapping[str, MediationResults]) -> pd.DataFrame:
    """Bootstrap 99% percentile intervals: bs_1 the direct effect c', bs_2 the indirect effect a b (the
    paper's text), per outcome."""
    rows = []
    for var, result in results.items():
        frame = result.to_frame()
        for label, effect in (("bs_1", "direct"), ("bs_2", "indirect")):
            rows.append({"row": var, "column": f"{label} lower", "ours": frame.loc[effect, "percentile_low"]})
            rows.append({"row": var, "column": f"{label} upper", "ours": frame.loc[effect, "percentile_high"]})
        rows.append(
            {
                "row": var,
                "column": "Confidence",
                "ours": BOOTSTRAP_LEVEL,
                "note": f"{result.replications} replications, percentile",
            }
        )
    return cells(rows)


def table12(analysis: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """Robustness: the key industries' summed CO2 as the dependent variable, tech lagged one year, and
    the four municipalities dropped; two-way FE with controls. Ours also give the t statistic."""
    key = raw.assign(ce_key=np.log(raw[list(_INDUSTRY_COLUMNS)].sum(axis=1) * 100.0))
    key["ce_key"] = panel_module.winsorize(key["ce_key"].to_numpy())
    narrowed = analysis.merge(key[["province", "year", "ce_key"]], on=["province", "year"])
    lagged = analysis.sort_values(["province", "year"]).copy()
    lagged["tech"] = lagged.groupby("province", sort=False)["tech"].shift(1)
    lagged = lagged.dropna(subset=["tech"])
    dropped = analysis[~analysis["province"].isin(MUNICIPALITIES)]
    checks = {
        "Replace explanatory variables": (narrowed, "ce_key"),
        "Add a first-order lag term": (lagged, "ce"),
        "Delete some cities": (dropped, "ce"),
    }
    baseline = fit_fe(analysis, "ce", REGRESSORS)
    rows = []
    for label, (data, y) in checks.items():
        result = fit_fe(data, y, REGRESSORS)
        p = result.pvalues["tech"]
        confidence = next((level for level in (0.99, 0.95, 0.90) if p < 1 - level), np.nan)
        robust = bool(np.sign(result.params["tech"]) == np.sign(baseline.params["tech"]) and p < 0.10)
        rows += [
            {"row": label, "column": "Regression Coefficient", "ours": result.params["tech"], "pvalue_ours": p},
            {"row": label, "column": "Confidence", "ours": confidence},
            {"row": label, "column": "Robustness", "ours": np.nan, "note": "Yes" if robust else "No"},
            {"row": label, "column": "t", "ours": result.tstats["tech"], "note": f"{result.nobs} observations"},
        ]
    return cells(rows)


_INDUSTRY_COLUMNS = ("co2_steel", "co2_building_materials", "co2_nonferrous", "co2_petrochemical")
