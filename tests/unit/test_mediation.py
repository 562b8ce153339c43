"""Mediation: point estimates, Sobel and share by their formulas, the numpy bootstrap against linearmodels,
interval definitions, seeding and the cluster option."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scenarios.econometrics.fe import FixedEffects
from scenarios.econometrics.mediation import _within_estimates, mediation
from scenarios.errors import InputError

CONTROLS = ["gdp", "ei"]


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n, t = 30, 10
    frame = pd.DataFrame({"province": np.repeat([f"p{i:02d}" for i in range(n)], t),
                          "year": np.tile(np.arange(2011, 2011 + t), n)})
    unit = np.repeat(rng.normal(size=n), t)
    year = np.tile(rng.normal(size=t), n)
    frame["gdp"] = rng.normal(size=n * t) + unit
    frame["ei"] = rng.normal(size=n * t)
    frame["tech"] = 0.5 * unit + rng.normal(size=n * t)
    frame["ino"] = -0.3 * frame["tech"] + 0.2 * frame["gdp"] + unit + year + rng.normal(scale=0.5, size=n * t)
    frame["ce"] = (-0.3 * frame["tech"] + 0.1 * frame["ino"] + 0.1 * frame["ei"] + unit + year
                   + rng.normal(scale=0.3, size=n * t))
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


def test_numpy_loop_agrees_with_linearmodels(panel, result):
    years = sorted(panel["year"].unique())[1:]
    values = np.column_stack([panel[["ce", "ino", "tech", *CONTROLS]].to_numpy(),
                              np.column_stack([(panel["year"] == y).to_numpy(float) for y in years])])
    codes = pd.factorize(panel["province"])[0]
    c, a, direct, b = _within_estimates(values, codes, 30)
    np.testing.assert_allclose([c, a, direct, b], [result.total, result.a, result.direct, result.b], rtol=1e-9)


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
