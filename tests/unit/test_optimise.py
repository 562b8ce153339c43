"""The subsidy optimiser (scenarios.projection.optimise): objective, gradient, optimum, rules, robustness."""

import dataclasses
import itertools

import numpy as np
import projection_data as data
import pytest

from scenarios.errors import InputError
from scenarios.projection.coefficients import REGRESSORS, SERIES
from scenarios.projection.engine import ProjectionEngine
from scenarios.projection.optimise import (
    AllocationModel,
    marginal_map,
    optimise,
    rounded,
)
from scenarios.projection.scenario import Scenario, Subsidy


@pytest.fixture(scope="module")
def engine():
    """Every series an SDM, so the industries have spillovers too."""
    return ProjectionEngine(
        data.panel(synthetic=True),
        data.coefficients(spatial_industries=True),
        weights=data.weights(),
        draws=1000,
        seed=1,
    )


@pytest.fixture(scope="module")
def published_like():
    """Total an SDM, industries plain fixed effects (as the published source)."""
    return ProjectionEngine(data.panel(), data.coefficients(), weights=data.weights(), draws=200, seed=2)


def _allocation(n, budget, seed=0):
    x = np.random.default_rng(seed).dirichlet(np.ones(n) * 0.5) * budget
    return rounded(x, budget)


@pytest.mark.parametrize("terms", [{}, {"start": 2022, "end": 2025, "share": 0.6}, {"raises_fin": True, "share": 0.8}])
def test_the_objective_is_the_engines_projection(engine, terms):
    raises_fin = terms.pop("raises_fin", False)
    scenario = Scenario(horizon=2028, import_growth=7.0, subsidy=Subsidy(raises_fin=raises_fin))
    model = AllocationModel(engine, scenario, **terms)
    x = _allocation(30, 80.0)
    projection = engine.project(model.scenario_with(x))
    # the subsidy is the only difference from the scenario without it: its avoided Mt, by series
    without = engine.project(model.scenario_with(np.zeros(30)))
    for series in (*SERIES, "industries"):
        expected = without.avoided_mt - projection.avoided_mt
        expected = expected.drop("total").sum() if series == "industries" else expected[series]
        assert model.change_mt(x, model.weights(series, "cumulative")).sum() == pytest.approx(expected, rel=1e-9)
    assert -model.change_mt(x, model.weights("total", "cumulative")).sum() == pytest.approx(
        projection.subsidy_avoided_mt, rel=1e-9
    )
    horizon = projection.frame.query("year == 2028 and industry == 'total'")["scenario_mt"].sum()
    before = without.frame.query("year == 2028 and industry == 'total'")["scenario_mt"].sum()
    assert model.change_mt(x, model.weights("total", "horizon")).sum() == pytest.approx(horizon - before, rel=1e-9)


@pytest.mark.parametrize(
    "series,objective,raises_fin",
    [
        ("total", "cumulative", False),
        ("steel", "horizon", False),
        ("industries", "cumulative", True),
    ],
)
def test_gradient_matches_finite_differences(engine, series, objective, raises_fin):
    model = AllocationModel(engine, Scenario(horizon=2030, subsidy=Subsidy(raises_fin=raises_fin)), share=0.7)
    weights = model.weights(series, objective)
    x = _allocation(30, 200.0, seed=3) + 0.5
    _, gradient = model.value_and_gradient(x, weights)
    step = 1e-3
    numeric = np.empty(30)
    for j in range(30):
        e = np.zeros(30)
        e[j] = step
        numeric[j] = (model.value_and_gradient(x + e, weights)[0] - model.value_and_gradient(x - e, weights)[0]) / (
            2 * step
        )
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-9 * np.abs(numeric).max())


def test_the_marginal_map_is_the_issues_formula(published_like):
    """sum over i and years of E_i x [(I - rho W)^-1 (beta I + theta W)]_ij x d ln K_j / dCNY, by a direct solve."""
    model = data.coefficients()[0]
    w = data.weights().matrix
    k = REGRESSORS.index("tech")
    effect = np.linalg.solve(np.eye(30) - model.rho * w, model.beta[k] * np.eye(30) + model.theta[k] * w)
    scenario = Scenario(horizon=2026)
    allocation_model = AllocationModel(published_like, scenario)
    levels = allocation_model.levels0[0]  # (N, Y) total emissions without the subsidy
    anchors = published_like.anchors
    # d ln K_jt / d x_j at x = 0: a CNY 100 million transfer each year, depreciated, over the stock
    years = np.arange(1, 2026 - anchors.year + 1)
    carried = np.array([sum(0.85 ** (t - tau) for tau in range(1, t + 1)) for t in years])
    slope = carried[None, :] / anchors.deflator[:, None] / allocation_model.stock0
    expected = np.einsum("it,ij,jt->j", levels, effect, slope) * 100 / len(years)
    values = marginal_map(published_like, scenario).values
    np.testing.assert_allclose(values["total"].to_numpy(), expected, rtol=1e-9)
    flows = marginal_map(published_like, scenario).flows("total")
    np.testing.assert_allclose(flows.sum(axis=0).to_numpy(), expected, rtol=1e-9)
    # published-like industries have no spillover: their marginal is the own effect alone, always negative
    assert (values["steel"] < 0).all()


def test_the_siphon_names_the_provinces_that_raise_national_emissions(engine):
    mapped = marginal_map(engine, Scenario(horizon=2030))
    siphon = mapped.siphon("total")
    assert set(siphon.index) == set(mapped.values.index[mapped.values["total"] > 0])
    for province, row in siphon.iterrows():
        assert row["own"] < 0 < row["spillover"]  # an own cut outweighed by what the neighbours emit
        assert row["own"] + row["spillover"] == pytest.approx(row["marginal"])
        first = row["onto"].split(" (")[0]
        assert first == mapped.flows("total")[province].drop(province).idxmax()


def _toy_engine():
    names = ("Beijing", "Tianjin", "Hebei")
    w = np.array([[0, 0.7, 0.3], [0.6, 0, 0.4], [0.5, 0.5, 0]])
    coefficients = tuple(dataclasses.replace(c, rho=0.3 if c.spatial else 0.0) for c in data.coefficients())
    return ProjectionEngine(data.panel(), coefficients, weights=data.Weights(names, w), draws=200, seed=0)


@pytest.mark.parametrize("budget,cap", [(30.0, None), (400.0, None), (400.0, 0.5)])
def test_three_province_toy_equals_a_brute_force_grid(budget, cap):
    engine = _toy_engine()
    scenario = Scenario(horizon=2026)
    result = optimise(engine, scenario, budget, cap_share=cap)
    model = AllocationModel(engine, scenario)
    weights = model.weights("total", "cumulative")
    steps = 400
    best, best_x = np.inf, None
    limit = budget * (cap or 1)
    for a, b in itertools.product(range(steps + 1), repeat=2):
        x = np.array([a, b, steps - a - b]) * budget / steps
        if a + b > steps or (x > limit + 1e-9).any():
            continue
        value = model.change_mt(x, weights).sum()
        if value < best:
            best, best_x = value, x
    assert -result.avoided_mt <= best + 1e-9 * abs(best)  # never worse than the grid
    np.testing.assert_allclose(result.allocation.to_numpy(), best_x, atol=budget / steps)


def test_zero_budget_gives_zero(engine):
    result = optimise(engine, Scenario(), 0.0)
    assert (result.allocation == 0).all() and result.avoided_mt == 0 and np.isnan(result.cost_per_tonne)
    assert not result.scenario.subsidy.active


def test_avoided_never_decreases_with_the_budget(engine):
    avoided = [optimise(engine, Scenario(), budget).avoided_mt for budget in (0, 5, 20, 50, 100, 300, 1000)]
    assert all(later >= earlier - 1e-9 for earlier, later in itertools.pairwise(avoided)), avoided


@pytest.mark.parametrize(
    "series,objective,budget",
    [
        ("total", "cumulative", 50.0),
        ("total", "horizon", 500.0),
        ("industries", "cumulative", 50.0),
        ("nonferrous", "horizon", 20.0),
    ],
)
def test_the_optimum_is_never_worse_than_either_rule_and_meets_kkt(engine, published_like, series, objective, budget):
    for which in (engine, published_like):
        result = optimise(which, Scenario(), budget, series=series, objective=objective)
        comparison = result.comparison["avoided_mt"]
        assert comparison["optimum"] >= comparison[["paper_rule", "equal_split"]].max() - 1e-9
        assert result.allocation.sum() == pytest.approx(budget, abs=1e-9)
        assert (result.allocation >= 0).all()
        # at the KKT point funded provinces share the marginal value; unfunded ones are no better
        assert result.kkt_violation <= 1e-4 * abs(result.kkt.multiplier) + 1e-9
        funded = result.allocation > 0
        assert result.marginal[~funded].min() >= result.kkt.multiplier - result.kkt_violation - 1e-9


def test_eligibility_and_caps(engine):
    anchors = engine.anchors
    lowest = set(np.array(anchors.provinces)[np.argsort(anchors.stock)[:4]])
    result = optimise(engine, Scenario(), 60.0, eligible="lowest:4")
    assert set(result.allocation[result.allocation > 0].index) <= lowest
    assert set(result.rules["paper_rule"][lambda s: s > 0].index) == lowest  # the rule funds the same k
    listed = optimise(engine, Scenario(), 60.0, eligible="Gansu, qinghai,Ningxia")
    assert set(listed.allocation[listed.allocation > 0].index) <= {"Gansu", "Qinghai", "Ningxia"}
    capped = optimise(engine, Scenario(), 60.0, cap_share=0.1)
    assert capped.allocation.max() <= 6.0 + 1e-4 and capped.allocation.sum() == pytest.approx(60.0)
    own = anchors.real_expenditure * anchors.deflator
    multiple = optimise(engine, Scenario(), 60.0, share=0.5, cap_multiple=2.0)
    assert (0.5 * multiple.allocation.to_numpy() <= 2.0 * own + 1e-4).all()


@pytest.mark.parametrize(
    "arguments,parameter",
    [
        ({"budget": -1.0}, "budget"),
        ({"budget": 50.0, "eligible": "Atlantis"}, "eligible"),
        ({"budget": 50.0, "eligible": "lowest:x"}, "eligible"),
        ({"budget": 50.0, "cap_share": 0.01}, "cap"),
        ({"budget": 50.0, "series": "cement"}, "series"),
        ({"budget": 50.0, "objective": "peak"}, "objective"),
        ({"budget": 50.0, "start": 2040, "end": 2045}, "start"),
    ],
)
def test_bad_settings_name_the_parameter(engine, arguments, parameter):
    with pytest.raises(InputError) as error:
        optimise(engine, Scenario(), **arguments)
    assert error.value.problems[0].parameter == parameter


def test_robustness_over_the_engines_draws(engine):
    result = optimise(engine, Scenario(horizon=2028), 80.0)
    seen = []
    robust = result.robustness(progress=seen.append)
    assert len(robust.draws) == 1000 and list(robust.draws.columns) == ["optimum", "paper_rule", "equal_split"]
    assert seen[-1] == 1.0 and seen == sorted(seen)
    bands = robust.bands
    assert (bands["avoided_mt_p05"] <= bands["avoided_mt_p95"]).all()
    assert 0 <= robust.beats_paper_rule_share <= 1
    assert result.robustness() is robust  # computed once


def test_robustness_draws_at_the_estimates_reproduce_the_point():
    """With (almost) no uncertainty every draw is the estimate: each draw's avoided Mt is the point's."""
    sure = tuple(dataclasses.replace(c, cov=c.cov * 1e-14) for c in data.coefficients(spatial_industries=True))
    engine = ProjectionEngine(data.panel(), sure, weights=data.weights(), draws=100, seed=0)
    result = optimise(engine, Scenario(horizon=2027), 40.0, series="industries")
    draws = result.robustness().draws
    for name, row in result.comparison.iterrows():
        np.testing.assert_allclose(draws[name], row["avoided_mt"], rtol=2e-4)


def test_the_scenario_carries_the_allocation(engine):
    result = optimise(engine, Scenario(horizon=2027, import_growth=6.0), 45.0, start=2022, share=0.5)
    subsidy = result.scenario.subsidy
    assert dict(subsidy.allocation) == {p: a for p, a in result.allocation.items() if a > 0}
    assert subsidy.amount == pytest.approx(45.0) and subsidy.share == 0.5 and subsidy.start == 2022
    assert result.scenario.import_growth == 6.0
    projection = engine.project(result.scenario)
    assert projection.subsidy_avoided_mt == pytest.approx(result.avoided_mt, rel=1e-9)
    assert result.cost == pytest.approx(projection.subsidy_cost)
    table = result.table()
    assert list(table.columns) == ["province", "amount", "share_of_budget", "marginal", "avoided_mt", "data"]
    assert table["avoided_mt"].sum() == pytest.approx(result.avoided_mt)
    assert (table["data"] == "synthetic demo").all()
    assert "SYNTHETIC" in result.summary


def test_cost_per_tonne_meets_every_tonne_avoided_to_the_horizon(engine):
    """With the horizon-year objective the cost still divides the cumulative tonnes, as the projection's does."""
    result = optimise(engine, Scenario(horizon=2027), 40.0, objective="horizon")
    projection = engine.project(result.scenario)
    assert result.cost_per_tonne == pytest.approx(projection.cost_per_tonne, rel=1e-9)
    assert result.avoided_mt < projection.subsidy_avoided_mt  # one year of the cumulative total
