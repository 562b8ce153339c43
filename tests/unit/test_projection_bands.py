"""The fast band computation: exact order statistics, equal to numpy.quantile; the engine's blocks."""

import numpy as np
import projection_data as data
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scenarios.projection import engine as projection
from scenarios.projection.coefficients import REGRESSORS
from scenarios.projection.engine import ProjectionEngine, build_paths, percentile_bands
from scenarios.projection.results import band_percentiles, band_suffixes
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
@given(
    hnp.arrays(np.float32, st.tuples(st.integers(1, 4), st.integers(1, 1200)), elements=st.floats(-1e6, 1e6, width=32))
)
def test_bands_equal_numpy_quantile_for_any_sample(values):
    np.testing.assert_array_equal(percentile_bands(values.copy()), _quantiles(values))


@pytest.fixture(scope="module")
def spatial_engine():
    return ProjectionEngine(
        data.panel(synthetic=True),
        data.coefficients(spatial_industries=True),
        weights=data.weights(),
        draws=1000,
        seed=2,
    )


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
    solved = np.array(
        [
            np.linalg.solve(np.eye(30) - r * w, b @ difference + t @ (difference @ w.T))
            for r, b, t in zip(rho, beta, theta)
        ]
    )
    expected = _quantiles(solved.T)
    assert np.abs(expected).max() < 1e-3  # the differences really are small
    np.testing.assert_allclose(total[["delta_log_p05", "delta_log_p95"]].to_numpy().T, expected, rtol=1e-4)


def test_blas_thread_count_does_not_change_results(spatial_engine):
    """Every product on the draws is small enough for one BLAS thread, so the bits do not depend on how
    many threads BLAS may use (threaded OpenBLAS rounds a split product differently)."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    scenario = Scenario(import_growth=3, horizon=2040, subsidy=Subsidy(amount=30.0))
    frames = []
    for threads in (1, 2):
        with threadpoolctl.threadpool_limits(threads, user_api="blas"):
            frames.append(spatial_engine.project(scenario).frame)
    assert frames[0].equals(frames[1])


def test_single_threaded_products_equal_one_product():
    a = np.random.default_rng(1).standard_normal((32, 32)).astype(np.float32)
    b = np.random.default_rng(2).standard_normal((32, 3000)).astype(np.float32)
    out = np.empty((32, 3000), np.float32)
    projection._matmul_single_threaded(a, b, out)
    np.testing.assert_allclose(out, a.astype(float) @ b, rtol=1e-4, atol=1e-4)
    for start in range(0, 3000, 256):  # column by column the same dot products as a product of that piece
        np.testing.assert_array_equal(out[:, start : start + 256], np.matmul(a, b[:, start : start + 256]))


@pytest.mark.parametrize("level", [0.5, 0.8, 0.95, 0.99])
def test_band_level_is_configurable(spatial_engine, level):
    """Any central level: the bands are numpy.quantile of the same draws at (1 -+ level) / 2, and the
    columns are named by the percentiles."""
    scenario = Scenario(import_growth=9, horizon=2030)
    projection_ = spatial_engine.project(scenario, level=level)
    low, high = projection_.band_columns("delta_log")
    assert (low, high) == tuple(f"delta_log_{s}" for s in band_suffixes(level))
    change = build_paths(scenario, spatial_engine.anchors, 2030).change
    difference = change - spatial_engine.baseline_paths.change[:, :, : change.shape[-1]]
    quantiles = np.array(band_percentiles(level)) / 100
    expected = np.quantile(spatial_engine.draw_change(difference), quantiles, axis=-1)
    frame = projection_.frame
    np.testing.assert_allclose(frame[[low, high]].to_numpy().T, expected.reshape(2, -1), rtol=1e-5, atol=1e-7)
    default = spatial_engine.project(scenario)
    assert default.band_columns() == ("scenario_mt_p05", "scenario_mt_p95")
    narrower, wider = sorted([projection_, default], key=lambda p: p.band_level)
    spread = [(p.frame[p.band_columns()[1]] - p.frame[p.band_columns()[0]]).sum() for p in (narrower, wider)]
    assert spread[0] <= spread[1]


def test_band_level_outside_zero_one_is_a_clear_error(spatial_engine):
    from scenarios.errors import InputError

    for level in (0, 1, 1.5, -0.1, "0.9"):
        with pytest.raises(InputError, match="level"):
            spatial_engine.project(Scenario(), level=level)


def test_complex_eigenvalues_give_the_same_bands_as_a_direct_solve():
    """A W not similar to a symmetric matrix has complex eigenpairs: the draws keep complex arithmetic."""
    n = 30
    rng = np.random.default_rng(5)
    matrix = rng.uniform(0, 1, (n, n)) * (rng.uniform(0, 1, (n, n)) < 0.2)
    np.fill_diagonal(matrix, 0)
    matrix[np.arange(n), (np.arange(n) + 1) % n] += 1.0  # a directed cycle: complex spectrum
    matrix /= matrix.sum(axis=1, keepdims=True)
    weights = data.Weights(data.weights().names, matrix, kind="test-directed")
    engine = ProjectionEngine(
        data.panel(), data.coefficients(spatial_industries=True), weights=weights, draws=300, seed=4
    )
    assert np.iscomplexobj(engine.eigen.values)
    scenario = Scenario(import_growth=10, horizon=2023)
    frame = engine.project(scenario).frame.query("industry == 'steel' and year == 2023")
    x = build_paths(scenario, engine.anchors, 2023).change[: len(REGRESSORS), :, -1]
    rng = np.random.default_rng(4)
    models = [m.draws(300, rng, bounds=engine.eigen.stable_range) for m in engine.models]
    rho, beta, theta = models[1]  # steel: the second series drawn
    solved = np.array(
        [np.linalg.solve(np.eye(n) - r * matrix, b @ x + t @ (x @ matrix.T)) for r, b, t in zip(rho, beta, theta)]
    )
    expected = engine.anchors.co2[1] * np.exp(_quantiles(solved.T))
    np.testing.assert_allclose(frame[["scenario_mt_p05", "scenario_mt_p95"]].to_numpy().T, expected, rtol=1e-5)


def test_concurrent_recomputes_on_one_engine_agree(spatial_engine):
    """Streamlit sessions share a cached engine: calls from several threads at once give the results of
    calls one at a time, to the bit (no shared scratch, no process-wide BLAS setting)."""
    from concurrent.futures import ThreadPoolExecutor

    scenarios = [Scenario(import_growth=g, horizon=2040) for g in (2, 6, 12, 20)]
    expected = [spatial_engine.project(s).frame["delta_log_p05"].to_numpy() for s in scenarios]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda s: spatial_engine.project(s).frame["delta_log_p05"].to_numpy(), scenarios * 2))
    for got, want in zip(results, expected * 2):
        np.testing.assert_array_equal(got, want)
