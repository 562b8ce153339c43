"""Mediation: point estimates, Sobel and share by their formulas, the numpy bootstrap against linearmodels,
interval definitions, seeding and the cluster option."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scenarios.econometrics.fe import FixedEffects
from scenarios.econometrics.mediation import _bootstrap, _within_estimates, mediation, mediations
from scenarios.errors import InputError

CONTROLS = ["gdp", "ei"]


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n, t = 30, 10
    frame = pd.DataFrame(
        {"province": np.repeat([f"p{i:02d}" for i in range(n)], t), "year": np.tile(np.arange(2011, 2011 + t), n)}
    )
    unit = np.repeat(rng.normal(size=n), t)
    year = np.tile(rng.normal(size=t), n)
    frame["gdp"] = rng.normal(size=n * t) + unit
    frame["ei"] = rng.normal(size=n * t)
    frame["tech"] = 0.5 * unit + rng.normal(size=n * t)
    frame["ino"] = -0.3 * frame["tech"] + 0.2 * frame["gdp"] + unit + year + rng.normal(scale=0.5, size=n * t)
    frame["ce"] = (
        -0.3 * frame["tech"] + 0.1 * frame["ino"] + 0.1 * frame["ei"] + unit + year + rng.normal(scale=0.3, size=n * t)
    )
    return frame


@pytest.fixture(scope="module")
def result(panel):
    return mediation(panel, "ce", "tech", "ino", CONTROLS, replications=300, seed=4)


def test_point_estimates_are_the_three_fe_regressions(panel, result):
    total = FixedEffects(panel, "ce", ["tech", *CONTROLS], effects="twoway").fit()
    outcome = FixedEffects(panel, "ce", ["tech", "ino", *CONTROLS], effects="twoway").fit()
    mediator = FixedEffects(panel, "ino", ["tech", *CONTROLS], effects="twoway").fit()
    assert result.total == total.params["tech"]
    assert result.a == mediator.params["tech"] and result.b == outcome.params["ino"]
    assert result.direct == outcome.params["tech"]
    assert result.total == pytest.approx(result.direct + result.indirect, rel=1e-9)  # OLS identity c = c' + ab
    assert result.mediated_share == pytest.approx(result.a * result.b / result.total)


def test_sobel_formula(result):
    se_a = result.models["mediator"].std_errors["tech"]
    se_b = result.models["outcome"].std_errors["ino"]
    z = result.a * result.b / np.sqrt(result.b**2 * se_a**2 + result.a**2 * se_b**2)
    assert result.sobel["z"] == pytest.approx(z, rel=1e-12)
    assert result.sobel["pvalue"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)


def _design_values(panel: pd.DataFrame, outcomes: list[str]) -> np.ndarray:
    """[y_1 ... y_J, ino, tech, controls, year dummies], the batch estimator's column order."""
    years = sorted(panel["year"].unique())[1:]
    return np.column_stack(
        [
            panel[[*outcomes, "ino", "tech", *CONTROLS]].to_numpy(),
            np.column_stack([(panel["year"] == y).to_numpy(float) for y in years]),
        ]
    )


def test_batch_estimator_on_the_sample_is_panelols(panel):
    """The bootstrap's batched normal equations, on the original sample, against linearmodels PanelOLS."""
    from linearmodels import PanelOLS

    frame = panel.assign(ce2=panel["ce"] ** 2).set_index(["province", "year"])
    exog = pd.get_dummies(frame.index.get_level_values("year"), dtype=float).iloc[:, 1:].set_axis(frame.index)
    exog = pd.concat([frame[["tech", "ino", *CONTROLS]], exog], axis=1).assign(const=1.0)

    def coef(y: str, without: list[str], name: str) -> float:
        return PanelOLS(frame[y], exog.drop(columns=without), entity_effects=True).fit().params[name]

    codes = pd.factorize(panel["province"])[0]
    batch = _within_estimates(_design_values(panel, ["ce"])[None], codes[None], 30, 1)
    expected = [
        coef("ce", ["ino"], "tech"),
        coef("ino", ["ino"], "tech"),
        coef("ce", [], "tech"),
        coef("ce", [], "ino"),
    ]
    np.testing.assert_allclose(batch[0, 0], expected, rtol=1e-9)
    two = panel.assign(ce2=panel["ce"] ** 2)
    both = _within_estimates(_design_values(two, ["ce", "ce2"])[None], codes[None], 30, 2)
    np.testing.assert_allclose(both[0, 0], batch[0, 0], rtol=1e-12)
    assert both[0, 1, 0] == pytest.approx(coef("ce2", ["ino"], "tech"), rel=1e-9)
    assert both[0, 1, 3] == pytest.approx(coef("ce2", [], "ino"), rel=1e-9)


def _loop_estimates(values: np.ndarray, rows: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """(c, a, c', b) of one resample, by pandas demeaning and numpy least squares (the reference loop)."""
    sample = pd.DataFrame(values[rows])
    within = (sample - sample.groupby(groups).transform("mean")).to_numpy()
    y, m, rest = within[:, 0], within[:, 1], within[:, 2:]
    c, a = np.linalg.lstsq(rest, np.column_stack([y, m]), rcond=None)[0][0]
    direct, b = np.linalg.lstsq(np.column_stack([rest[:, :1], m, rest[:, 1:]]), y, rcond=None)[0][:2]
    return np.array([c, a, direct, b])


@pytest.mark.parametrize("resample", ["observations", "entities"])
@pytest.mark.parametrize("unbalanced", [False, True])
def test_batch_bootstrap_is_the_per_replication_loop(panel, resample, unbalanced):
    """The same resamples as one rng.integers call per replication (the draws before the batch), and the
    same estimates as a loop fitting each resample on its own; unbalanced entity resamples are padded."""
    data = panel.drop(panel.sample(25, random_state=2).index) if unbalanced else panel
    values = _design_values(data, ["ce"])
    codes = pd.factorize(data["province"])[0]
    draws = _bootstrap(values, codes, 1, 40, 7, resample)
    rng = np.random.default_rng(7)
    rows_of = [np.flatnonzero(codes == e) for e in range(30)]
    for r in range(40):
        if resample == "entities":
            picked = rng.integers(0, 30, 30)
            rows = np.concatenate([rows_of[e] for e in picked])
            groups = np.repeat(np.arange(30), [len(rows_of[e]) for e in picked])
        else:
            rows = rng.integers(0, len(codes), len(codes))
            groups = codes[rows]
        np.testing.assert_allclose(draws[r, 0], _loop_estimates(values, rows, groups), rtol=1e-8)


def test_several_outcomes_at_once(panel, result):
    """mediations() shares the mediator fit and the resamples: each outcome as its own mediation() call."""
    two = panel.assign(ce_alt=panel["ce"] + 0.5 * panel["gdp"])
    both = mediations(two, ["ce", "ce_alt"], "tech", "ino", CONTROLS, replications=300, seed=4)
    alone = mediation(two, "ce_alt", "tech", "ino", CONTROLS, replications=300, seed=4)
    assert both["ce"].models["mediator"] is both["ce_alt"].models["mediator"]
    pd.testing.assert_frame_equal(both["ce"].draws, result.draws, rtol=1e-12)
    pd.testing.assert_frame_equal(both["ce_alt"].draws, alone.draws, rtol=1e-12)
    pd.testing.assert_frame_equal(both["ce_alt"].to_frame(), alone.to_frame(), rtol=1e-12)
    with pytest.raises(InputError, match="parameter 'outcomes'"):
        mediations(panel, [], "tech", "ino")


def test_intervals_by_definition(result):
    table = result.to_frame()
    draws = result.draws
    assert list(table.index) == ["total", "direct", "indirect"]
    np.testing.assert_allclose(draws["indirect"], draws["a"] * draws["b"])
    for name in table.index:
        d = draws[name].to_numpy()
        assert table.loc[name, "percentile_low"] == pytest.approx(np.quantile(d, 0.025))
        assert table.loc[name, "percentile_high"] == pytest.approx(np.quantile(d, 0.975))
        z0 = stats.norm.ppf(np.mean(d < table.loc[name, "estimate"]))
        assert table.loc[name, "bc_low"] == pytest.approx(np.quantile(d, stats.norm.cdf(2 * z0 - 1.959964)), rel=1e-6)
        assert table.loc[name, "boot_se"] == pytest.approx(d.std(ddof=1))
        assert table.loc[name, "percentile_low"] < table.loc[name, "estimate"] < table.loc[name, "percentile_high"]
    assert table.loc["indirect", "percentile_high"] < 0  # a < 0, b > 0 by construction


def test_seeded_and_cluster_option(panel, result):
    again = mediation(panel, "ce", "tech", "ino", CONTROLS, replications=300, seed=4)
    pd.testing.assert_frame_equal(result.draws, again.draws)
    other = mediation(panel, "ce", "tech", "ino", CONTROLS, replications=300, seed=5)
    assert not other.draws.equals(result.draws)
    clustered = mediation(panel, "ce", "tech", "ino", CONTROLS, replications=300, seed=4, resample="entities")
    assert not clustered.draws.equals(result.draws)
    assert clustered.to_frame().loc["indirect", "boot_se"] > 0
    assert "partial mediation" in result.summary or "complete mediation" in result.summary


def test_bad_arguments(panel):
    with pytest.raises(InputError, match="parameter 'resample'"):
        mediation(panel, "ce", "tech", "ino", resample="provinces")
    with pytest.raises(InputError, match="parameter 'replications'"):
        mediation(panel, "ce", "tech", "ino", replications=1)
    with pytest.raises(InputError, match="parameter 'level'"):
        mediation(panel, "ce", "tech", "ino", level=95)
