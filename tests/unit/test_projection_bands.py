"""The fast band computation: exact order statistics, equal to numpy.quantile; the engine's blocks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import projection_data as data
from scenarios.projection import engine as projection
from scenarios.projection.coefficients import REGRESSORS
from scenarios.projection.engine import ProjectionEngine, build_paths, percentile_bands
from scenarios.projection.scenario import Scenario, Subsidy


def _quantiles(values: np.ndarray) -> np.ndarray:
    return np.quantile(values, [0.05, 0.95], axis=-1)  # method "linear", the definition the bands use


@pytest.mark.parametrize("count", [1, 2, 3, 7, 19, 20, 21, 100, 101, 203, 999, 1000, 1001, 2048])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bands_equal_numpy_quantile_on_random_data(count, dtype):
    values = np.random.default_rng(count).standard_normal((3, 5, count)).astype(dtype)
    values[0, 0] = np.round(values[0, 0], 1)  # ties
    values[0, 1, : count // 2] = values[0, 1, -1]
    values[1, 0, :2] = [np.inf, -np.inf][: min(2, count)]
    with np.errstate(invalid="ignore"):  # inf - inf between the infinite order statistics, as numpy
        expected = _quantiles(values)
        bands = percentile_bands(values.copy())
    assert bands.dtype == expected.dtype
    np.testing.assert_array_equal(bands, expected)  # to the last bit


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float32, st.tuples(st.integers(1, 4), st.integers(1, 1200)),
                  elements=st.floats(-1e6, 1e6, width=32)))
def test_bands_equal_numpy_quantile_for_any_sample(values):
    np.testing.assert_array_equal(percentile_bands(values.copy()), _quantiles(values))


@pytest.fixture(scope="module")
def spatial_engine():
    return ProjectionEngine(data.panel(synthetic=True), data.coefficients(spatial_industries=True),
                            weights=data.weights(), draws=1000, seed=2)


def test_engine_bands_are_the_quantiles_of_its_draws(spatial_engine):
    """Level, difference and national bands equal numpy.quantile over the engine's own draws (float32)."""
    engine = spatial_engine
    scenario = Scenario(import_growth=11, horizon=2033, province_growth={"Yunnan": 2.0})
    projection_ = engine.project(scenario)
    change = build_paths(scenario, engine.anchors, 2033).change
    difference = change - engine.baseline_paths.change[:, :, : change.shape[-1]]
    draws, differences = engine.draw_change(change), engine.draw_change(difference)
    co2 = engine.anchors.co2[:, :, None]
    frame = projection_.frame
    n, years = draws.shape[1:3]
    levels = co2 * np.exp(_quantiles(draws))
    shape = (2, len(engine.models), n, years)
    bands = frame[["scenario_mt_p05", "scenario_mt_p95"]].to_numpy().T.reshape(shape)
    np.testing.assert_allclose(bands, levels.reshape(shape), rtol=2e-6)
    deltas = frame[["delta_log_p05", "delta_log_p95"]].to_numpy().T.reshape(shape)
    np.testing.assert_allclose(deltas, _quantiles(differences), rtol=1e-5, atol=1e-7)
    national = (co2[..., None] * np.exp(draws)).sum(axis=1)  # (S, Y, D)
    national_bands = projection_.national[["scenario_mt_p05", "scenario_mt_p95"]].to_numpy().T
    np.testing.assert_allclose(national_bands, _quantiles(national).reshape(2, -1), rtol=2e-6)


def test_small_differences_keep_their_relative_precision(spatial_engine):
    """A lever that barely moves emissions: the difference bands are drawn from the difference of the
    paths, so they match a float64 solve per draw relatively, not just to float32's absolute 1e-7."""
    engine = spatial_engine
    scenario = Scenario(province_growth={"Gansu": 5.01}, horizon=2026)
    frame = engine.project(scenario).frame
    total = frame.query("industry == 'total' and year == 2026")
    change = build_paths(scenario, engine.anchors, 2026).change
    difference = (change - engine.baseline_paths.change[:, :, : change.shape[-1]])[: len(REGRESSORS), :, -1]
    w = data.weights().matrix
    rng = np.random.default_rng(2)
    rho, beta, theta = engine.models[0].draws(1000, rng, bounds=engine.eigen.stable_range)
    solved = np.array([np.linalg.solve(np.eye(30) - r * w, b @ difference + t @ (difference @ w.T))
                       for r, b, t in zip(rho, beta, theta)])
    expected = _quantiles(solved.T)
    assert np.abs(expected).max() < 1e-3  # the differences really are small
    np.testing.assert_allclose(total[["delta_log_p05", "delta_log_p95"]].to_numpy().T, expected, rtol=1e-4)


def test_threads_and_block_sizes_do_not_change_results(spatial_engine, monkeypatch):
    scenario = Scenario(import_growth=3, horizon=2040, subsidy=Subsidy(amount=30.0))
    monkeypatch.setattr(projection, "WORKERS", 1)
    reference = spatial_engine.project(scenario).frame
    for workers, block in ((2, 8), (2, 3), (2, 40)):
        monkeypatch.setattr(projection, "WORKERS", workers)
        monkeypatch.setattr(projection, "BLOCK_YEARS", block)
        other = spatial_engine.project(scenario).frame
        for column in ("scenario_mt_p05", "delta_log_p95"):
            if block == 8:  # the same blocks on another thread: the same arithmetic
                np.testing.assert_array_equal(other[column], reference[column])
            else:  # other block shapes may take other BLAS kernels: float32 rounding at most
                np.testing.assert_allclose(other[column], reference[column], rtol=1e-6, atol=1e-9)


def test_complex_eigenvalues_give_the_same_bands_as_a_direct_solve():
    """A W not similar to a symmetric matrix has complex eigenpairs: the draws keep complex arithmetic."""
    n = 30
    rng = np.random.default_rng(5)
    matrix = rng.uniform(0, 1, (n, n)) * (rng.uniform(0, 1, (n, n)) < 0.2)
    np.fill_diagonal(matrix, 0)
    matrix[np.arange(n), (np.arange(n) + 1) % n] += 1.0  # a directed cycle: complex spectrum
    matrix /= matrix.sum(axis=1, keepdims=True)
    weights = data.Weights(data.weights().names, matrix, kind="test-directed")
    engine = ProjectionEngine(data.panel(), data.coefficients(spatial_industries=True), weights=weights, draws=300,
                              seed=4)
    assert np.iscomplexobj(engine.eigen.values)
    scenario = Scenario(import_growth=10, horizon=2023)
    frame = engine.project(scenario).frame.query("industry == 'steel' and year == 2023")
    x = build_paths(scenario, engine.anchors, 2023).change[: len(REGRESSORS), :, -1]
    rng = np.random.default_rng(4)
    models = [m.draws(300, rng, bounds=engine.eigen.stable_range) for m in engine.models]
    rho, beta, theta = models[1]  # steel: the second series drawn
    solved = np.array([np.linalg.solve(np.eye(n) - r * matrix, b @ x + t @ (x @ matrix.T))
                       for r, b, t in zip(rho, beta, theta)])
    expected = engine.anchors.co2[1] * np.exp(_quantiles(solved.T))
    np.testing.assert_allclose(frame[["scenario_mt_p05", "scenario_mt_p95"]].to_numpy().T, expected, rtol=1e-5)


def test_concurrent_recomputes_on_one_engine_agree(spatial_engine):
    """Streamlit sessions share a cached engine: calls from several threads at once (each with its own
    scratch buffers, sharing the helper thread) give the results of calls one at a time."""
    from concurrent.futures import ThreadPoolExecutor

    scenarios = [Scenario(import_growth=g, horizon=2040) for g in (2, 6, 12, 20)]
    expected = [spatial_engine.project(s).frame["delta_log_p05"].to_numpy() for s in scenarios]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda s: spatial_engine.project(s).frame["delta_log_p05"].to_numpy(), scenarios * 2))
    for got, want in zip(results, expected * 2):
        np.testing.assert_array_equal(got, want)


def test_blas_threads_are_restored_after_overlapping_calls(spatial_engine):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from concurrent.futures import ThreadPoolExecutor

    def blas_threads():
        return [info["num_threads"] for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"]

    before = blas_threads()
    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(lambda g: spatial_engine.project(Scenario(import_growth=g, horizon=2030)), range(6)))
    assert blas_threads() == before
