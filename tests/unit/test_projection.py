import math

import numpy as np
import projection_data as data
import pytest

from scenarios.data.panel import DEPRECIATION, technology_stock
from scenarios.errors import InputError
from scenarios.projection.coefficients import REGRESSORS, SERIES, SeriesCoefficients
from scenarios.projection.engine import ProjectionEngine
from scenarios.projection.scenario import Assumptions, Scenario, Subsidy


@pytest.fixture(scope="module")
def engine():
    return ProjectionEngine(data.panel(), data.coefficients(), weights=data.weights(), draws=1000, seed=1)


@pytest.fixture(scope="module")
def spatial_engine():
    return ProjectionEngine(
        data.panel(synthetic=True),
        data.coefficients(spatial_industries=True),
        weights=data.weights(),
        draws=1000,
        seed=1,
    )


def _spillover_matrix(model: SeriesCoefficients, variable: str) -> np.ndarray:
    """(I - rho W)^-1 (beta_k I + theta_k W) by a direct solve, independent of the engine's eigen route."""
    w = data.weights().matrix
    k = REGRESSORS.index(variable)
    n = len(w)
    return np.linalg.solve(np.eye(n) - model.rho * w, model.beta[k] * np.eye(n) + model.theta[k] * w)


def test_default_scenario_changes_nothing(engine):
    projection = engine.project(Scenario())
    frame = projection.frame
    for column in ("delta_log", "own", "spillover", "delta_log_p05", "delta_log_p95", "policy_delta_log"):
        assert np.abs(frame[column]).max() < 1e-6, column
    np.testing.assert_allclose(frame["scenario_mt"], frame["baseline_mt"], rtol=1e-12)
    assert projection.avoided_mt.abs().max() < 1e-9
    assert math.isnan(projection.cost_per_tonne)


def test_own_plus_spillover_is_the_change(spatial_engine):
    scenario = Scenario(
        import_growth=9,
        province_growth={"Guangdong": 15},
        subsidy=Subsidy(amount=80, raises_fin=True),
        assumptions=Assumptions(gdp_growth=4, ei_growth=-3, ind_change=0.4),
    )
    frame = spatial_engine.project(scenario).frame
    np.testing.assert_allclose(frame["own"] + frame["spillover"], frame["delta_log"], atol=1e-12)
    np.testing.assert_allclose(
        frame["own_mt"] + frame["spillover_mt"], frame["scenario_mt"] - frame["baseline_mt"], atol=1e-9
    )
    assert (frame["spillover"].abs() > 1e-6).any()


def test_one_province_shock_reproduces_a_column_of_the_effect_matrix(engine):
    province = "Gansu"
    i = engine.anchors.provinces.index(province)
    projection = engine.project(Scenario(province_growth={province: 20.0}))
    frame = projection.frame
    total = frame[frame["industry"] == "total"]
    shock = total[total["province"] == province].set_index("year")
    effect = _spillover_matrix(engine.models[0], "tech")
    for year in projection.years[1:]:
        dtech = shock.loc[year, "tech_scenario"] - shock.loc[year, "tech_baseline"]
        column = total[total["year"] == year].set_index("province").loc[list(engine.anchors.provinces), "delta_log"]
        np.testing.assert_allclose(column.to_numpy() / dtech, effect[:, i], rtol=1e-10, atol=1e-14)
        own = total[total["year"] == year].set_index("province").loc[province, "own"]
        assert own == pytest.approx(effect[i, i] * dtech, rel=1e-10)
    # published industries: no spillover, own effect beta_tech only
    steel = frame[(frame["industry"] == "steel") & (frame["year"] == projection.years[-1])].set_index("province")
    assert (steel.drop(index=province)["delta_log"] == 0).all()
    assert not steel["spillover_modelled"].any() and (steel["spillover"] == 0).all()


def test_stock_arithmetic_by_hand(engine):
    raw = data.raw_frame()
    stock = technology_stock(raw)
    last = stock[(stock["year"] == 2020) & (stock["province"] == "Hebei")].iloc[0]
    scenario = Scenario(
        province_growth={"Hebei": 10.0},
        subsidy=Subsidy(amount=6.0, provinces=("Hebei", "Shanxi"), share=0.5, start=2022, end=2022),
    )
    frame = engine.project(scenario).frame
    hebei = frame[(frame["province"] == "Hebei") & (frame["industry"] == "total")].set_index("year")
    real, k_t, price = last["real_expenditure"], last["stock"], last["deflator"]
    k_2021 = real * 1.10 + (1 - DEPRECIATION) * k_t
    k_2022 = real * 1.10**2 + 0.5 * 3.0 / price + (1 - DEPRECIATION) * k_2021
    k_2023 = real * 1.10**3 + (1 - DEPRECIATION) * k_2022
    assert hebei.loc[2020, "tech_scenario"] == pytest.approx(math.log(k_t), rel=1e-12)
    assert hebei.loc[2021, "tech_scenario"] == pytest.approx(math.log(k_2021), rel=1e-12)
    assert hebei.loc[2022, "tech_scenario"] == pytest.approx(math.log(k_2022), rel=1e-12)
    assert hebei.loc[2023, "tech_scenario"] == pytest.approx(math.log(k_2023), rel=1e-12)
    b_2021 = real * 1.05 + (1 - DEPRECIATION) * k_t
    assert hebei.loc[2021, "tech_baseline"] == pytest.approx(math.log(b_2021), rel=1e-12)


def test_observed_year_is_the_anchor(engine):
    frame = engine.project(Scenario(import_growth=12)).frame
    observed = frame[frame["year"] == 2020].set_index(["industry", "province"])
    raw = data.raw_frame()
    last = raw[raw["year"] == 2020].set_index("province")
    for series in SERIES:
        np.testing.assert_allclose(
            observed.loc[series, "scenario_mt"].loc[list(last.index)], last[f"co2_{series}"], rtol=1e-12
        )


def test_subsidy_targets_the_lowest_stocks(engine):
    projection = engine.project(Scenario(subsidy=Subsidy(amount=40.0, lowest=3)))
    stocks = dict(zip(engine.anchors.provinces, engine.anchors.stock))
    assert set(projection.subsidy_targets) == set(sorted(stocks, key=stocks.get)[:3])


@pytest.mark.parametrize("targets", [("Qinghai", "Ningxia", "Xinjiang"), ("Beijing", "Tianjin", "Hebei")])
def test_subsidy_cost_and_cost_per_tonne(engine, targets):
    scenario = Scenario(subsidy=Subsidy(amount=40.0, provinces=targets, start=2021, end=2025))
    projection = engine.project(scenario)
    assert projection.subsidy_targets == targets
    assert projection.subsidy_cost == pytest.approx(40.0 * 5)
    assert "CNY 20.0 billion and " in projection.summary  # 200 x CNY 100 million
    avoided = projection.subsidy_avoided_mt
    national = projection.national
    total = national[national["industry"] == "total"]
    assert avoided == pytest.approx((total["baseline_mt"] - total["scenario_mt"]).sum(), rel=1e-9)
    assert projection.policy_avoided_mt["total"] == pytest.approx(avoided)
    assert projection.avoided_by_province["total"].sum() == pytest.approx(avoided)
    assert projection.to_dict()["avoided_total_mt_by_province"][targets[0]] == pytest.approx(
        projection.avoided_by_province.loc[targets[0], "total"], abs=1e-3
    )
    if avoided > 0:
        assert projection.cost_per_tonne == pytest.approx(200 * 1e8 / (avoided * 1e6))
    else:  # the siphon: neighbours' extra emissions outweigh the targets' own cuts
        assert math.isnan(projection.cost_per_tonne) and "no net reduction" in projection.summary


def test_assumptions_move_the_modified_baseline_only(engine):
    scenario = Scenario(assumptions=Assumptions(gdp_growth=5.0))
    projection = engine.project(scenario)
    frame = projection.frame
    np.testing.assert_allclose(frame["scenario_mt"], frame["modified_baseline_mt"], rtol=1e-12)
    assert (frame["delta_log"].abs() > 0).any()
    assert np.abs(frame["policy_delta_log"]).max() < 1e-12
    assert np.abs(projection.national["policy_delta_log"]).max() < 1e-12


def test_bands_bracket_the_draws_and_point(spatial_engine):
    projection = spatial_engine.project(Scenario(import_growth=10, horizon=2040))
    frame = projection.frame
    later = frame[frame["year"] > 2020]
    assert (later["scenario_mt_p05"] < later["scenario_mt_p95"]).all()
    inside = (later["scenario_mt_p05"] <= later["scenario_mt"]) & (later["scenario_mt"] <= later["scenario_mt_p95"])
    assert inside.mean() > 0.95
    assert (later["delta_log_p05"] <= later["delta_log_p95"]).all()


def test_bands_match_a_direct_solve_per_draw(spatial_engine):
    """The eigen route gives the same draws as (I - rho W)^-1 (X beta + W X theta) solved per draw."""
    scenario = Scenario(import_growth=10, horizon=2024)
    projection = spatial_engine.project(scenario)
    rng = np.random.default_rng(1)
    w = data.weights().matrix
    from scenarios.projection.engine import build_paths

    change = build_paths(scenario, spatial_engine.anchors, 2024).change
    model = spatial_engine.models[0]
    rho, beta, theta = model.draws(1000, rng)
    draws = np.empty((1000, 30))
    for d in range(1000):
        x = change[: len(REGRESSORS), :, -1]
        draws[d] = np.linalg.solve(np.eye(30) - rho[d] * w, beta[d] @ x + theta[d] @ (x @ w.T))
    expected = projection.frame.query("industry == 'total' and year == 2024")
    co2 = spatial_engine.anchors.co2[0]
    np.testing.assert_allclose(expected["scenario_mt_p05"], co2 * np.exp(np.percentile(draws, 5, axis=0)), rtol=1e-5)
    np.testing.assert_allclose(expected["scenario_mt_p95"], co2 * np.exp(np.percentile(draws, 95, axis=0)), rtol=1e-5)


def test_rho_draws_stay_stable():
    model = data.coefficients(rho=0.9)[0]
    wide = SeriesCoefficients(
        model.series, 0.9, model.beta, model.theta, np.diag(np.r_[0.5**2, np.diag(model.cov)[1:]]), True, "test"
    )
    rho, _, _ = wide.draws(2000, np.random.default_rng(0))
    assert len(rho) == 2000 and np.abs(rho).max() < 1
    assert rho.min() < 0.5  # resampled, not clipped: the left tail is intact


def test_rho_draws_use_the_stable_range_of_w():
    model = data.coefficients()[0]
    cov = np.diag(np.r_[0.05**2, np.diag(model.cov)[1:]])
    negative = SeriesCoefficients(model.series, -1.05, model.beta, model.theta, cov, True, "test")
    rho, _, _ = negative.draws(1000, np.random.default_rng(0), bounds=(-2.5, 1.0))
    assert abs(rho.mean() + 1.05) < 0.01  # inside W's range, so nothing is rejected
    outside = SeriesCoefficients(model.series, 5.0, model.beta, model.theta, cov, True, "test")
    rho, _, _ = outside.draws(50, np.random.default_rng(0), max_rounds=3)
    assert (rho < 1).all() and (rho > 0.999).all()  # never hangs: clipped just inside after the rounds
    low, high = ProjectionEngine(data.panel(), data.coefficients(), weights=data.weights(), draws=10).eigen.stable_range
    assert high == pytest.approx(1.0) and low < -1


def test_synthetic_label_and_peaks(spatial_engine):
    projection = spatial_engine.project(Scenario(import_growth=-10, assumptions=Assumptions(gdp_growth=8)))
    assert projection.synthetic and projection.frame["synthetic"].all()
    assert projection.warnings[0].startswith("SYNTHETIC")
    frame = projection.frame.query("industry == 'total'")
    for province, rows in frame.groupby("province"):
        expected = int(rows.loc[rows["scenario_mt"].idxmax(), "year"])
        assert projection.peaks.loc[("total", province), "peak_year_scenario"] == expected
    assert "SYNTHETIC" in projection.summary


def test_horizon_must_follow_the_data():
    from scenarios.data.panel import panel_from_frame

    later = panel_from_frame(data.raw_frame(years=range(2018, 2023)), source="to 2022")
    engine = ProjectionEngine(later, data.coefficients(), weights=data.weights(), draws=10)
    with pytest.raises(InputError) as info:
        engine.project(Scenario(horizon=2021))
    assert info.value.problems[0].parameter == "horizon"
    assert "after the last observed year 2022" in str(info.value)
    assert engine.project(Scenario(horizon=2023)).years == (2022, 2023)


def test_far_horizon_warns(engine):
    projection = engine.project(Scenario(horizon=2060))
    assert projection.years[-1] == 2060 and len(projection.years) == 41
    assert any("far outside the sample" in w for w in projection.warnings)


def test_engines_are_cached_by_panel_content():
    pytest.importorskip("scenarios.reproduction.paper")
    from scenarios.projection.engine import engine_for

    first = engine_for(data.panel(), "published-W3", draws=50)
    assert engine_for(data.panel(), "published-W3", draws=50) is first  # a fresh Panel, same content
    assert engine_for(data.panel(synthetic=True), "published-W3", draws=50) is not first
    assert first.models[0].source == "Li et al. (2023) Table 9, SDM under W3"
    assert [m.spatial for m in first.models] == [True, False, False, False, False]


def test_bands_without_spillover_are_the_normal_quantiles_of_the_draws(engine):
    """Industries without spillover get point +/- z sd exactly; their draws agree within Monte Carlo error."""
    from scenarios.projection.engine import build_paths

    scenario = Scenario(import_growth=12, horizon=2035, assumptions=Assumptions(gdp_growth=3))
    frame = engine.project(scenario).frame
    steel = frame.query("industry == 'steel' and year == 2035").set_index("province")
    change = build_paths(scenario, engine.anchors, 2035).change
    draws = engine.draw_change(change)[1, :, -1, :]  # steel, every province, 2035, all draws
    co2 = engine.anchors.co2[1]
    low, high = co2 * np.exp(np.percentile(draws, [5, 95], axis=-1))
    width = steel["scenario_mt_p95"] - steel["scenario_mt_p05"]
    names = list(engine.anchors.provinces)
    assert np.abs(steel.loc[names, "scenario_mt_p05"].to_numpy() - low).max() < 0.1 * width.max()
    assert np.abs(steel.loc[names, "scenario_mt_p95"].to_numpy() - high).max() < 0.1 * width.max()


@pytest.mark.parametrize(
    ("matrix", "rho", "tech", "w_tech"),
    [("W1", 0.0841, -0.333, 0.185), ("W2", 0.2111, -0.298, 0.200), ("W3", 0.242, -0.206, 0.123)],
)
def test_published_coefficients_are_tables_9_and_4(matrix, rho, tech, w_tech):
    from scenarios.projection.coefficients import published

    total, steel, building, nonferrous, petrochemical = published(matrix)
    assert (total.rho, total.beta[0], total.theta[0]) == pytest.approx((rho, tech, w_tech))
    assert total.spatial and not steel.spatial and steel.rho == 0 and not steel.theta.any()
    assert [m.beta[0] for m in (steel, building, nonferrous, petrochemical)] == [-0.432, -0.637, -0.506, -0.630]
    # standard errors from the printed t: ei under W1 is 2.107 with t 6.70
    if matrix == "W1":
        assert math.sqrt(total.cov[1 + REGRESSORS.index("ei"), 1 + REGRESSORS.index("ei")]) == pytest.approx(
            2.107 / 6.70
        )
        assert math.sqrt(total.cov[0, 0]) == pytest.approx(0.0841 / 0.42)
    assert np.count_nonzero(total.cov - np.diag(np.diag(total.cov))) == 0  # independent normals


def test_levers_far_outside_the_sample_are_warned_about(engine):
    def far_moved(projection):
        frame = projection.frame
        jump = (frame["tech_scenario"] - frame["tech_baseline"]).abs().groupby(frame["province"]).max()
        return set(jump[jump > 1.0].index)

    def warned(projection):
        return [n for n in projection.warnings if "-fold away from the baseline" in n]

    mild = engine.project(Scenario(import_growth=7.0))
    assert not far_moved(mild) and not warned(mild)
    strong = engine.project(Scenario(province_growth={"Gansu": 60.0, "Hainan": 40.0}, horizon=2040))
    assert far_moved(strong) == {"Gansu", "Hainan"}
    (note,) = warned(strong)
    assert "stock of Hainan, Gansu more than 2.7-fold" in note  # canonical order


def test_industries_changing_more_than_the_total_are_warned_about(engine):
    for scenario in (Scenario(import_growth=8.0), Scenario(subsidy=Subsidy(amount=50.0)), Scenario(import_growth=1.0)):
        projection = engine.project(scenario)
        avoided = projection.avoided_mt
        larger = abs(avoided.drop("total").sum()) > abs(avoided["total"]) + 1e-6
        warned = [n for n in projection.warnings if "four industries together change by" in n]
        assert bool(warned) == larger
        if warned:
            assert f"{-avoided.drop('total').sum():+,.1f} Mt" in warned[0]
    assert not any("four industries together" in n for n in engine.project(Scenario()).warnings)
