"""Properties of the spatial panel estimators, effects and tests on small synthetic panels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.econometrics import spatial_core
from scenarios.econometrics.logdet import DenseWeights, weights_operator
from scenarios.econometrics.spatial import SpatialPanelModel
from scenarios.econometrics.spatial_tests import lm_tests, lr_test, model_selection_tests, wald_sar, wald_sem
from scenarios.errors import InputError

N, T = 20, 8
ENTITIES = [f"unit{i:02d}" for i in range(N)]


def ring_weights(n: int = N) -> np.ndarray:
    """Each unit's neighbours: the two on either side on a ring, row-standardised."""
    matrix = np.zeros((n, n))
    for i in range(n):
        for step in (-2, -1, 1, 2):
            matrix[i, (i + step) % n] = 1.0
    return matrix / matrix.sum(axis=1, keepdims=True)


def simulate(seed: int = 1, rho: float = 0.4, beta=(1.0, -0.5), theta=(0.3, 0.2)) -> pd.DataFrame:
    """A balanced long panel from an SDM with two-way effects."""
    rng = np.random.default_rng(seed)
    w = ring_weights()
    x = rng.normal(size=(T, N, 2))
    mu = rng.normal(size=N)
    gamma = rng.normal(size=T)
    a_inv = np.linalg.inv(np.eye(N) - rho * w)
    y = np.stack(
        [a_inv @ (x[t] @ beta + w @ x[t] @ theta + mu + gamma[t] + 0.5 * rng.normal(size=N)) for t in range(T)]
    )
    return pd.DataFrame(
        {
            "province": np.repeat(ENTITIES, T),
            "year": np.tile(np.arange(2011, 2011 + T), N),
            "y": y.T.ravel(),
            "x1": x[:, :, 0].T.ravel(),
            "x2": x[:, :, 1].T.ravel(),
        }
    )


@pytest.fixture(scope="module")
def panel():
    return simulate()


@pytest.fixture(scope="module")
def w():
    return pd.DataFrame(ring_weights(), index=ENTITIES, columns=ENTITIES)


def fit(panel, w, model="sdm", effects="twoway", **options):
    return SpatialPanelModel(panel, "y", ["x1", "x2"], w, model=model, effects=effects, **options).fit()


def test_labels_and_shapes(panel, w):
    results = fit(panel, w)
    assert list(results.params.index) == ["rho", "x1", "x2", "W*x1", "W*x2"]
    assert list(results.cov.index) == list(results.params.index)
    assert results.nobs == N * T and results.n_entities == N and results.n_periods == T
    assert 0 < results.rsquared < 1
    assert "sigma2" in results.to_frame().index
    assert list(fit(panel, w, model="sem").params.index)[0] == "lambda"


def test_recovers_parameters(panel, w):
    params = fit(panel, w).params
    assert params["rho"] == pytest.approx(0.4, abs=0.15)
    assert params["x1"] == pytest.approx(1.0, abs=0.15)


def test_direct_plus_indirect_is_total(panel, w):
    table = fit(panel, w).impacts(draws=200, seed=3).table
    np.testing.assert_allclose(table[("direct", "coef")] + table[("indirect", "coef")], table[("total", "coef")])


def test_effect_matrices_average_to_reported_effects(panel, w):
    results = fit(panel, w)
    impacts = results.impacts(draws=50, seed=1)
    params = results.params
    w_matrix = w.to_numpy()
    for var in ("x1", "x2"):
        matrix = impacts.effect_matrix(var)
        expected = np.linalg.inv(np.eye(N) - params["rho"] * w_matrix) @ (
            params[var] * np.eye(N) + params[f"W*{var}"] * w_matrix
        )
        np.testing.assert_allclose(matrix.to_numpy(), expected, atol=1e-12)
        assert list(matrix.index) == ENTITIES
        assert np.mean(np.diag(matrix)) == pytest.approx(impacts.table.loc[var, ("direct", "coef")], rel=1e-10)
        assert matrix.to_numpy().sum() / N == pytest.approx(impacts.table.loc[var, ("total", "coef")], rel=1e-10)


def test_sar_effects_are_sdm_formula_with_theta_zero(panel, w):
    results = fit(panel, w, model="sar")
    matrix = results.impacts(draws=20).effect_matrix("x1").to_numpy()
    expected = results.params["x1"] * np.linalg.inv(np.eye(N) - results.params["rho"] * w.to_numpy())
    np.testing.assert_allclose(matrix, expected, atol=1e-12)


def test_effects_are_seeded(panel, w):
    results = fit(panel, w)
    first = results.impacts(draws=100, seed=7).table
    pd.testing.assert_frame_equal(first, results.impacts(draws=100, seed=7).table)
    assert not first.equals(results.impacts(draws=100, seed=8).table)


def test_lee_yu_entity_changes_only_sigma2(panel, w):
    plain, corrected = fit(panel, w, effects="entity"), fit(panel, w, effects="entity", lee_yu=True)
    pd.testing.assert_series_equal(plain.params, corrected.params, rtol=1e-8)
    assert corrected.sigma2 == pytest.approx(plain.sigma2 * T / (T - 1), rel=1e-10)


def orthonormal_complement(size: int) -> np.ndarray:
    """F with F'F = I and F F' = I - 11'/size (Lee and Yu 2010's F_{size, size-1})."""
    values, vectors = np.linalg.eigh(np.eye(size) - np.ones((size, size)) / size)
    return vectors[:, values > 0.5]


def period_arrays(panel, w_matrix, model):
    """y as T x N and the regressors as T x N x K (with W X after X for the SDM), periods by rows."""
    y = panel.pivot(index="year", columns="province", values="y").to_numpy()
    x = np.stack([panel.pivot(index="year", columns="province", values=c).to_numpy() for c in ("x1", "x2")], -1)
    if model == "sdm":
        x = np.concatenate([x, np.einsum("ij,tjk->tik", w_matrix, x)], axis=2)
    return y, x


@pytest.mark.parametrize("model", ["sdm", "sem"])
def test_lee_yu_twoway_is_ml_on_the_transformed_panel(panel, w, model):
    """Lee-Yu's transformation approach, done literally: Y* = F_T' Y F_N, W* = F_N' W F_N, then plain ML."""
    corrected = fit(panel, w, model=model, lee_yu=True)
    f_t, f_n = orthonormal_complement(T), orthonormal_complement(N)
    w_matrix = w.to_numpy()
    y, x = period_arrays(panel, w_matrix, model)

    def star(values):
        return (
            np.einsum("ts,tn...->sn...", f_t, np.einsum("tn...,nm->tm...", values, f_n))
            if values.ndim == 2
            else np.einsum("ts,tnk,nm->smk", f_t, values, f_n)
        )

    operator = DenseWeights(f_n.T @ w_matrix @ f_n)
    transform = spatial_core.Transformation(N - 1, T - 1, False)
    wy = star(np.einsum("ij,tj->ti", w_matrix, y))
    if model == "sdm":
        direct = spatial_core.fit_lag(star(y), wy, star(x), operator, transform)
    else:
        wx = star(np.einsum("ij,tjk->tik", w_matrix, x))
        direct = spatial_core.fit_error(star(y), wy, star(x), wx, operator, transform)
    np.testing.assert_allclose(corrected.params.to_numpy(), [direct.spatial, *direct.beta], rtol=1e-6, atol=1e-9)
    assert corrected.loglik == pytest.approx(direct.loglik, rel=1e-10)
    assert corrected.sigma2 == pytest.approx(direct.sigma2, rel=1e-8)
    np.testing.assert_allclose(corrected.std_errors.to_numpy(), np.sqrt(np.diag(direct.cov))[:-1], rtol=1e-5)


def test_sparse_backend_matches_dense(panel, w):
    dense = fit(panel, w, logdet="eigen")
    sparse = fit(panel, w, logdet="sparse")
    np.testing.assert_allclose(sparse.params, dense.params, rtol=1e-7)
    assert sparse.loglik == pytest.approx(dense.loglik, rel=1e-10)
    np.testing.assert_allclose(sparse.std_errors, dense.std_errors, rtol=2e-2)
    np.testing.assert_allclose(
        sparse.impacts(draws=50).table[("total", "coef")], dense.impacts(draws=50).table[("total", "coef")], rtol=1e-8
    )


def test_sparse_logdet_and_traces_against_dense():
    matrix = ring_weights(60)
    dense, sparse = weights_operator(matrix, "eigen"), weights_operator(sp.csr_matrix(matrix), "sparse")
    for rho in (-0.6, 0.3, 0.8):
        assert sparse.logdet(rho) == pytest.approx(dense.logdet(rho), rel=1e-10)
        exact, estimated = dense.traces(rho), sparse.traces(rho)
        assert estimated.g == pytest.approx(exact.g, rel=0.05, abs=0.05)
        assert estimated.gtg == pytest.approx(exact.gtg, rel=0.05)
        np.testing.assert_allclose(
            sparse.effect_averages(np.array([rho]))[:, 2:], dense.effect_averages(np.array([rho]))[:, 2:], rtol=1e-9
        )


def test_w_in_another_order_or_as_array_gives_the_same_fit(panel, w):
    reference = fit(panel, w).params
    shuffled = w.iloc[::-1, ::-1]
    pd.testing.assert_series_equal(fit(panel, shuffled).params, reference, rtol=1e-9)
    pd.testing.assert_series_equal(fit(panel, w.to_numpy()).params, reference, rtol=1e-9)


def test_wald_sar_with_one_regressor_is_z_squared(panel, w):
    results = SpatialPanelModel(panel, "y", ["x1"], w, model="sdm", effects="twoway").fit()
    assert wald_sar(results).stat == pytest.approx(results.tstats["W*x1"] ** 2, rel=1e-10)
    assert wald_sem(results).df == 1


def test_lr_tests_are_nonnegative_with_k_degrees_of_freedom(panel, w):
    sdm, sar, sem = (fit(panel, w, model=m) for m in ("sdm", "sar", "sem"))
    for restricted in (sar, sem):
        test = lr_test(restricted, sdm)
        assert test.stat >= 0 and test.df == 2 and 0 <= test.p <= 1
    with pytest.raises(ValueError):
        lr_test(fit(panel, w, model="sar", effects="entity"), sdm)


def test_lm_tests_detect_the_spatial_lag(panel, w):
    results = lm_tests(panel, "y", ["x1", "x2"], w, effects="twoway")
    assert results.lm_lag.p < 0.01
    assert list(results.to_frame().index) == ["lm_lag", "lm_error", "robust_lm_lag", "robust_lm_error"]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.iloc[1:], "unbalanced"),
        (lambda d: d.assign(y=d["y"].where(d.index != 5)), "row 7"),
        (lambda d: d.assign(x2=2 * d["x1"]), "collinear"),
        (lambda d: d.assign(x2=d["province"].str[-2:].astype(float)), "does not vary"),
        (lambda d: pd.concat([d, d.iloc[[0]]]), "twice"),
    ],
)
def test_bad_panels_raise_input_error(panel, w, change, message):
    with pytest.raises(InputError, match=message):
        fit(change(panel), w, effects="entity")


def test_w_that_does_not_match_raises_input_error(panel, w):
    renamed = w.rename(index={"unit00": "elsewhere"}, columns={"unit00": "elsewhere"})
    with pytest.raises(InputError, match="unit00"):
        fit(panel, renamed)
    with pytest.raises(InputError, match="rows"):
        fit(panel, np.eye(5))
    with pytest.raises(InputError, match="model"):
        fit(panel, w, model="slx")


def test_model_selection_table(panel, w):
    table = model_selection_tests(panel, "y", ["x1", "x2"], w)
    assert list(table.index) == [
        "lm_lag",
        "robust_lm_lag",
        "lm_error",
        "robust_lm_error",
        "lr_lag",
        "lr_error",
        "wald_sar",
        "wald_sem",
    ]
    assert table.loc["lr_lag", "stat"] == pytest.approx(
        lr_test(fit(panel, w, model="sar"), fit(panel, w)).stat, rel=1e-12
    )


def test_accepts_the_projects_spatial_weights():
    from scenarios.geography import sample_provinces, spatial_weights

    weights = spatial_weights("contiguity")
    names = list(sample_provinces())
    rng = np.random.default_rng(5)
    data = pd.DataFrame(
        {
            "province": np.repeat(names, 6),
            "year": np.tile(np.arange(2015, 2021), len(names)),
            "x": rng.normal(size=6 * len(names)),
        }
    )
    data["y"] = 0.5 * data["x"] + rng.normal(size=len(data))
    shuffled = data.sample(frac=1.0, random_state=1)
    results = SpatialPanelModel(shuffled, "y", ["x"], weights, model="sar", effects="twoway").fit()
    assert results.entities == names
    frame = SpatialPanelModel(data, "y", ["x"], weights.to_frame(), model="sar", effects="twoway").fit()
    pd.testing.assert_series_equal(results.params, frame.params, rtol=1e-10)


@pytest.mark.parametrize("model, effects", [("sdm", "twoway"), ("sar", "entity"), ("sem", "time")])
def test_fixed_effects_rebuild_the_data(panel, w, model, effects):
    """y_t = (I - rho W)^-1 (X_t b + c + mu + gamma_t + e_t) (SEM: y_t = X_t b + c + mu + gamma_t + u_t)."""
    results = fit(panel, w, model=model, effects=effects)
    effects_ = results.fixed_effects
    w_matrix = w.to_numpy()
    y, x = period_arrays(panel, w_matrix, model)
    beta = results.params.to_numpy()[1:]
    mean = x @ beta + effects_.intercept
    mean = mean + (0 if effects_.entity is None else effects_.entity.to_numpy()[None, :])
    mean = mean + (0 if effects_.time is None else effects_.time.to_numpy()[:, None])
    if model == "sem":
        u = y - mean
        residuals = u - results.params["lambda"] * u @ w_matrix.T
    else:
        residuals = y - results.params["rho"] * y @ w_matrix.T - mean
    np.testing.assert_allclose(residuals, results.resid.to_numpy(), atol=1e-10)
    if effects == "twoway":
        assert effects_.entity.sum() == pytest.approx(0, abs=1e-10)
        assert effects_.time.sum() == pytest.approx(0, abs=1e-10)


def test_results_effect_matrix_needs_no_draws(panel, w):
    results = fit(panel, w)
    pd.testing.assert_frame_equal(results.effect_matrix("x2"), results.impacts(draws=10).effect_matrix("x2"))


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(3, 12),
    seed=st.integers(0, 10_000),
    rho_share=st.floats(-0.95, 0.95),
    row_standardize=st.booleans(),
    symmetric=st.booleans(),
    beta=st.floats(-3, 3),
    theta=st.floats(-3, 3),
)
def test_effect_averages_equal_the_explicit_effect_matrix(n, seed, rho_share, row_standardize, symmetric, beta, theta):
    """Direct = mean diag S, total = mean row sum of S, for S = (I - rho W)^-1 (beta I + theta W), from the
    eigenvalues, for any W (row-standardised or not, complex eigenvalues; or W = D^-1 C with C symmetric,
    the symmetric eigensolver's case, with eigenvectors when D is not C's row sums) and rho in its interval."""
    from scenarios.econometrics.impacts import effect_components

    rng = np.random.default_rng(seed)
    matrix = rng.uniform(size=(n, n)) * (rng.uniform(size=(n, n)) < 0.6)
    np.fill_diagonal(matrix, 0.0)
    matrix[np.arange(n), (np.arange(n) + 1) % n] += 0.5  # no empty rows
    if symmetric:
        matrix = (matrix + matrix.T) / rng.uniform(1.0, 3.0, size=n)[:, None]
    if row_standardize:
        matrix /= matrix.sum(axis=1, keepdims=True)
    dense = DenseWeights(matrix)
    assert dense.symmetric == symmetric  # random weights around the ring's cycle are not symmetrisable
    low, high = dense.bounds()
    rho = rho_share * (high if rho_share > 0 else -low)
    s = np.linalg.solve(np.eye(n) - rho * matrix, beta * np.eye(n) + theta * matrix)
    direct, indirect, total = effect_components(dense, np.array([rho]), np.array([[beta]]), np.array([[theta]]))[0]
    assert direct[0] == pytest.approx(np.trace(s) / n, rel=1e-8, abs=1e-10)
    assert total[0] == pytest.approx(s.sum() / n, rel=1e-8, abs=1e-10)
    assert indirect[0] == pytest.approx(total[0] - direct[0], rel=1e-12, abs=1e-12)
