import numpy as np
import pandas as pd
import projection_data as data
import pytest

from scenarios.projection.coefficients import REGRESSORS, SERIES, _time_trend, estimated
from scenarios.projection.engine import ProjectionEngine
from scenarios.projection.scenario import Assumptions, Scenario

spatial = pytest.importorskip("scenarios.econometrics.spatial")


def test_time_trend_recovers_a_known_time_effect():
    """y generated from an SDM with gamma_t = 0.02 t exactly: the implied trend is 0.02."""
    w = data.weights()
    rng = np.random.default_rng(0)
    years = np.arange(2011, 2021)
    n = len(w.names)
    x = rng.normal(size=(len(years), n, len(REGRESSORS)))
    beta, theta, rho = rng.normal(size=len(REGRESSORS)), rng.normal(size=len(REGRESSORS)), 0.3
    mu = rng.normal(size=n)
    y = np.empty((len(years), n))
    for t, year in enumerate(years):
        rhs = x[t] @ beta + w.matrix @ x[t] @ theta + mu + 0.02 * year
        y[t] = np.linalg.solve(np.eye(n) - rho * w.matrix, rhs)
    frame = pd.DataFrame(
        {
            "province": np.tile(w.names, len(years)),
            "year": np.repeat(years, n),
            "ce": y.ravel(),
            **{name: x[:, :, k].ravel() for k, name in enumerate(REGRESSORS)},
        }
    )

    class Fit:
        params = pd.Series([rho, *beta, *theta], index=["rho", *REGRESSORS, *(f"W*{v}" for v in REGRESSORS)])

    assert _time_trend(frame, "ce", Fit, w.matrix, w.names) == pytest.approx(0.02, abs=1e-10)


def test_estimated_coefficients_are_the_fits_and_cached():
    panel, w = data.panel(), data.weights()
    models = estimated(panel, "W1", w)
    assert [m.series for m in models] == list(SERIES) and all(m.spatial for m in models)
    fit = spatial.SpatialPanelModel(panel.analysis, "ce2", list(REGRESSORS), w, model="sdm", effects="twoway").fit()
    names = ["rho", *REGRESSORS, *(f"W*{x}" for x in REGRESSORS)]
    np.testing.assert_allclose(models[2].params.to_numpy(), fit.params[names].to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(models[2].cov, fit.cov.loc[names, names].to_numpy(), rtol=1e-10)
    assert estimated(panel, "W1", w)[2] is models[2]
    with pytest.raises(ValueError):
        models[0].beta[0] = 1.0


def test_estimated_industries_have_spillovers():
    panel, w = data.panel(), data.weights()
    engine = ProjectionEngine(panel, estimated(panel, "W1", w), weights=w, draws=200)
    frame = engine.project(Scenario(coefficients="estimated-W1", import_growth=9)).frame
    assert frame["spillover_modelled"].all()
    steel = frame[(frame["industry"] == "steel") & (frame["year"] > 2020)]
    assert (steel["spillover"].abs() > 0).any()
    np.testing.assert_allclose(steel["own"] + steel["spillover"], steel["delta_log"], atol=1e-12)


def test_trended_time_effect_moves_every_province_alike_before_spillover():
    panel, w = data.panel(), data.weights()
    models = estimated(panel, "W1", w)
    engine = ProjectionEngine(panel, models, weights=w, draws=100)
    frame = engine.project(Scenario(coefficients="estimated-W1", assumptions=Assumptions(time_effect="trend"))).frame
    total = frame[(frame["industry"] == "total") & (frame["year"] == 2025)]
    # (I - rho W)^-1 1 gamma = gamma / (1 - rho) for a row-standardised W, in every province
    expected = models[0].time_trend * 5 / (1 - models[0].rho)
    np.testing.assert_allclose(total["delta_log"], expected, rtol=1e-9)


def test_a_steep_trended_time_effect_is_warned_about():
    panel, w = data.panel(), data.weights()
    models = estimated(panel, "W1", w)
    engine = ProjectionEngine(panel, models, weights=w, draws=100)
    trend = Scenario(coefficients="estimated-W1", assumptions=Assumptions(time_effect="trend"))
    yearly = {m.series: m.time_trend / (1 - m.rho) for m in models}
    steep = [series for series, slope in yearly.items() if abs(slope) > 0.03]
    assert steep and len(steep) < len(yearly)  # the fixture has steep and gentle trends
    (note,) = [n for n in engine.project(trend).warnings if "trended time effect" in n]
    for series, slope in yearly.items():
        assert (f"{series} {100 * np.expm1(slope):+.0f} %" in note) == (series in steep)
    assert not any("trended time effect" in n for n in engine.project(Scenario(coefficients="estimated-W1")).warnings)
