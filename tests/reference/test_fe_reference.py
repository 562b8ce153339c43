"""Fixed effects, Hausman and VIF on Munnell's Produc panel against linearmodels = R plm values
(/work/shared/reference/external-cases.md) and against an independent numpy re-computation of xtreg's
constant, within R-squared, conventional and clustered standard errors."""

import numpy as np
import pandas as pd
import pytest
from linearmodels.datasets import munnell

from scenarios.econometrics.fe import CONSTANT, FixedEffects, hausman, vif

X = ["lpcap", "lpc", "lemp", "unemp"]


@pytest.fixture(scope="module")
def produc() -> pd.DataFrame:
    raw = munnell.load()
    return pd.DataFrame(
        {
            "state": raw["STATE"].astype(str),
            "year": raw["YR"],
            "lgsp": np.log(raw["GSP"]),
            "lpcap": np.log(raw["P_CAP"]),
            "lpc": np.log(raw["PC"]),
            "lemp": np.log(raw["EMP"]),
            "unemp": raw["UNEMP"],
        }
    )


def _within(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    values = frame[columns]
    return (values - values.groupby(frame["state"]).transform("mean")).to_numpy()


def test_entity_fe_matches_plm(produc):
    result = FixedEffects(produc, "lgsp", X, entity="state", time="year").fit()
    expected = pd.Series([-0.026150, 0.292007, 0.768159, -0.005298], index=X)
    np.testing.assert_allclose(result.params[X], expected, atol=5e-7)


def test_entity_fe_reporting_as_xtreg(produc):
    """Constant = ybar - xbar'b, R2 within, s2 on N - n - k df, t on the same df: recomputed by hand."""
    result = FixedEffects(produc, "lgsp", X, entity="state", time="year").fit()
    b = result.params[X].to_numpy()
    assert result.params[CONSTANT] == pytest.approx(produc["lgsp"].mean() - produc[X].mean().to_numpy() @ b, rel=1e-10)
    y, x = _within(produc, ["lgsp"])[:, 0], _within(produc, X)
    b_hand = np.linalg.lstsq(x, y, rcond=None)[0]
    np.testing.assert_allclose(b, b_hand, rtol=1e-9)
    resid = y - x @ b_hand
    df = len(produc) - 48 - len(X)
    assert result.df_resid == df
    se = np.sqrt(np.diag(resid @ resid / df * np.linalg.inv(x.T @ x)))
    np.testing.assert_allclose(result.std_errors[X], se, rtol=1e-9)
    assert result.rsquared == pytest.approx(1 - resid @ resid / (y @ y), rel=1e-10)
    np.testing.assert_allclose(result.tstats[X], b / se, rtol=1e-9)


def test_clustered_errors_as_xtreg_vce_cluster(produc):
    """Sandwich on the within data scaled by G/(G-1) (N-1)/(N-k), k = regressors + constant; t on G-1 df."""
    result = FixedEffects(produc, "lgsp", X, entity="state", time="year").fit(cov_type="clustered")
    y, x = _within(produc, ["lgsp"])[:, 0], _within(produc, X)
    b = np.linalg.lstsq(x, y, rcond=None)[0]
    scores = pd.DataFrame(x * (y - x @ b)[:, None]).groupby(produc["state"].to_numpy()).sum().to_numpy()
    bread = np.linalg.inv(x.T @ x)
    n, g, k = len(produc), 48, len(X) + 1
    cov = g / (g - 1) * (n - 1) / (n - k) * bread @ scores.T @ scores @ bread
    np.testing.assert_allclose(result.std_errors[X], np.sqrt(np.diag(cov)), rtol=1e-9)
    assert result.df_resid == g - 1


def test_twoway_fe_is_xtreg_with_year_dummies(produc):
    result = FixedEffects(produc, "lgsp", X, entity="state", time="year", effects="twoway").fit()
    assert len(result.time_dummies) == 16 and result.time_dummies[0] == "year=1971"
    dummies = pd.get_dummies(produc["year"], prefix="d", dtype=float).iloc[:, 1:]
    full = pd.concat([produc, dummies], axis=1)
    columns = X + list(dummies.columns)
    y, x = _within(full, ["lgsp"])[:, 0], _within(full, columns)
    b = np.linalg.lstsq(x, y, rcond=None)[0]
    np.testing.assert_allclose(result.params[X], b[: len(X)], rtol=1e-8)
    constant = full["lgsp"].mean() - full[columns].mean().to_numpy() @ b
    assert result.params[CONSTANT] == pytest.approx(constant, rel=1e-9)
    resid = y - x @ b
    assert result.rsquared == pytest.approx(1 - resid @ resid / (y @ y), rel=1e-9)
    assert result.df_resid == len(produc) - 48 - len(columns)
    assert list(result.to_frame().index) == X + [CONSTANT]


def test_hausman_matches_plm(produc):
    result = hausman(produc, "lgsp", X, entity="state", time="year")
    assert result.statistic == pytest.approx(9.5254, abs=5e-5)
    assert result.df == 4
    assert result.pvalue == pytest.approx(0.049, abs=5e-4)
    assert list(result.to_frame().index) == X


def test_vif_is_one_over_one_minus_r2(produc):
    result = vif(produc, X)
    for name in X:
        others = np.column_stack([np.ones(len(produc)), produc[[c for c in X if c != name]].to_numpy()])
        target = produc[name].to_numpy()
        resid = target - others @ np.linalg.lstsq(others, target, rcond=None)[0]
        r2 = 1 - resid @ resid / ((target - target.mean()) @ (target - target.mean()))
        assert result.vif[name] == pytest.approx(1 / (1 - r2), rel=1e-9)
    assert result.mean == pytest.approx(result.vif.mean())


def _panel_ols(data: pd.DataFrame, y: str, x: list[str], entity: str, effects: str, cov_type: str):
    """linearmodels PanelOLS with entity effects, year dummies for two-way, as xtreg reports it."""
    from linearmodels import PanelOLS

    frame = data.set_index([entity, "year"])
    exog = frame[x].copy()
    if effects == "twoway":
        years = frame.index.get_level_values("year")
        for year in sorted(years.unique())[1:]:
            exog[f"year={year}"] = (years == year).astype(float)
    exog[CONSTANT] = 1.0
    model = PanelOLS(frame[y], exog, entity_effects=True)
    if cov_type == "clustered":
        return model.fit(cov_type="clustered", cluster_entity=True, debiased=True, group_debias=True)
    return model.fit(cov_type="unadjusted", debiased=True)


@pytest.mark.parametrize("effects", ["entity", "twoway"])
@pytest.mark.parametrize("cov_type", ["unadjusted", "clustered"])
@pytest.mark.parametrize("unbalanced", [False, True])
def test_numpy_within_estimator_is_panelols(produc, effects, cov_type, unbalanced):
    """The numpy within estimator against linearmodels PanelOLS (the reference it replaces for speed):
    every coefficient (year dummies and constant included), standard error, the residual df and the within
    R-squared, on the balanced panel and with 60 rows dropped at random."""
    data = produc.drop(produc.sample(60, random_state=1).index) if unbalanced else produc
    ours = FixedEffects(data, "lgsp", X, entity="state", time="year", effects=effects).fit(cov_type)
    reference = _panel_ols(data, "lgsp", X, "state", effects, cov_type)
    np.testing.assert_allclose(ours._params, reference.params[ours._params.index], rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(np.sqrt(np.diag(ours._cov)), reference.std_errors[ours._params.index], rtol=1e-9)
    np.testing.assert_allclose(ours.cov, reference.cov.loc[ours.cov.index, ours.cov.columns], rtol=1e-8, atol=1e-16)
    assert ours.rsquared == pytest.approx(reference.rsquared_within, rel=1e-10)
    assert ours.nobs == reference.nobs and ours.n_entities == reference.entity_info["total"]
    if cov_type == "unadjusted":
        assert ours.df_resid == reference.df_resid
    np.testing.assert_allclose(ours.tstats, reference.tstats[ours.tstats.index], rtol=1e-9)
