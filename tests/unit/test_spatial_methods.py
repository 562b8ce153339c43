"""The spatial estimators' computational paths: the automatic log-determinant choice, the sparse path's
stated tolerance against the exact (eigenvalue) path, its few-LU search, the symmetric eigensolver and
the panel checks' messages after their numpy rewrite."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.spatial import cKDTree

from scenarios.econometrics.logdet import (
    DenseWeights,
    SparseWeights,
    argmax_bounded,
    choose_method,
    symmetrising_scale,
)
from scenarios.econometrics.spatial import SpatialPanelModel
from scenarios.errors import InputError

T, K = 6, 2
BETA, THETA, RHO = np.array([1.0, -0.5]), np.array([0.3, 0.2]), 0.45


def knn_weights(n: int, k: int = 5, seed: int = 0) -> sp.csr_matrix:
    """Row-standardised k-nearest neighbours of uniform points (not symmetric: k-NN is not mutual)."""
    xy = np.random.default_rng(seed).uniform(size=(n, 2))
    _, index = cKDTree(xy).query(xy, k=k + 1)
    rows = np.repeat(np.arange(n), k)
    return sp.csr_matrix((np.full(rows.size, 1.0 / k), (rows, index[:, 1:].ravel())), shape=(n, n))


def mutual(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """The symmetric pattern of ``matrix`` (i, j neighbours if either names the other), row-standardised."""
    pattern = ((matrix + matrix.T) > 0).astype(float)
    return sp.csr_matrix(pattern.multiply(1.0 / pattern.sum(axis=1)))


def sdm_panel(w: sp.csr_matrix, seed: int = 3, rho: float = RHO) -> pd.DataFrame:
    n = w.shape[0]
    rng = np.random.default_rng(seed)
    a = sp.identity(n, format="csc") - rho * w.tocsc()
    rows = []
    for t in range(T):
        x = rng.normal(size=(n, K))
        y = sp.linalg.spsolve(a, x @ BETA + w @ x @ THETA + rng.normal(size=n) + rng.normal())
        rows.append(pd.DataFrame({"unit": np.arange(n), "year": 2000 + t, "y": y, "x1": x[:, 0], "x2": x[:, 1]}))
    return pd.concat(rows, ignore_index=True)


def fit(data, w, logdet="auto"):
    return SpatialPanelModel(
        data, "y", ["x1", "x2"], w, model="sdm", effects="twoway", entity="unit", time="year", logdet=logdet
    ).fit()


def test_auto_takes_the_sparse_path_for_sparse_w_from_100_units():
    assert choose_method(knn_weights(60)) == "eigen"
    assert choose_method(knn_weights(150)) == "sparse"
    assert choose_method(knn_weights(150).toarray()) == "sparse"  # density, not storage, decides


def test_auto_keeps_the_eigenvalues_for_dense_or_small_symmetric_w():
    gravity = 1.0 / (1.0 + np.add.outer(np.arange(150.0), -np.arange(150.0)) ** 2)
    np.fill_diagonal(gravity, 0.0)
    assert choose_method(gravity / gravity.sum(axis=1, keepdims=True)) == "eigen"
    assert choose_method(mutual(knn_weights(150))) == "eigen"  # symmetric-like: cheap eigenvalues
    assert choose_method(mutual(knn_weights(400))) == "sparse"


def test_symmetrising_scale_finds_the_row_sums_of_a_standardised_symmetric_matrix():
    contiguity = mutual(knn_weights(80)).toarray()
    scale = symmetrising_scale(contiguity)
    scaled = scale[:, None] * contiguity
    np.testing.assert_allclose(scaled, scaled.T, rtol=1e-12, atol=1e-15)
    assert symmetrising_scale(knn_weights(80).toarray()) is None
    operator = DenseWeights(contiguity)
    assert operator.symmetric
    np.testing.assert_allclose(np.sort(operator.eigenvalues), np.sort(np.linalg.eigvals(contiguity).real), atol=1e-12)


@pytest.mark.parametrize(
    "n, rho, model", [(120, 0.45, "sdm"), (400, 0.45, "sdm"), (300, 0.9, "sdm"), (300, -0.7, "sdm"), (300, 0.9, "sem")]
)
def test_sparse_path_is_within_its_stated_tolerance_of_the_exact_path(n, rho, model):
    """docs/econometrics.md: estimates 1e-8 and log-likelihood 1e-10; standard errors 5e-3 and direct
    and indirect effects 2e-3, the effects' standard errors 1e-3 relative for |rho| <= 0.5 (1e-2, 5e-3
    and 1e-2 to 0.95); total effects 1e-8."""
    w = knn_weights(n)
    data = sdm_panel(w, rho=rho)
    sparse, exact = (
        SpatialPanelModel(
            data, "y", ["x1", "x2"], w, model=model, effects="twoway", entity="unit", time="year", logdet=how
        ).fit()
        for how in ("auto", "eigen")
    )
    assert isinstance(sparse._operator, SparseWeights)
    np.testing.assert_allclose(sparse.params, exact.params, rtol=0, atol=1e-8)
    assert sparse.loglik == pytest.approx(exact.loglik, rel=1e-10)
    moderate = abs(rho) <= 0.5
    np.testing.assert_allclose(sparse.std_errors, exact.std_errors, rtol=5e-3 if moderate else 1e-2)
    estimated, reference = sparse.impacts(draws=200).table, exact.impacts(draws=200).table
    for kind in ("direct", "indirect"):
        np.testing.assert_allclose(
            estimated[(kind, "coef")], reference[(kind, "coef")], rtol=2e-3 if moderate else 5e-3
        )
    np.testing.assert_allclose(estimated[("total", "coef")], reference[("total", "coef")], rtol=1e-8)
    for kind in ("direct", "indirect", "total"):
        np.testing.assert_allclose(estimated[(kind, "se")], reference[(kind, "se")], rtol=1e-3 if moderate else 1e-2)


def test_sparse_search_needs_few_factorisations():
    """The corrected-series search: about four LUs plus the one at the estimate, not Brent's fifteen."""
    w = knn_weights(300)
    results = fit(sdm_panel(w), w)
    assert results._operator._lu.cache_info().misses <= 6


def test_polished_search_resolves_a_flat_maximum():
    """Curvature 2e3 under a level of 1e3, as a likelihood's: flat to rounding within ~1e-8, where Brent
    stops anywhere; the Newton step on the parabola finds the maximiser to 1e-10."""
    assert argmax_bounded(lambda x: 1e3 - 1e3 * (x - 0.3) ** 2 - (x - 0.3) ** 3, (-0.99, 0.99)) == pytest.approx(
        0.3, abs=1e-10
    )


def test_panel_checks_keep_their_messages():
    w = knn_weights(20)
    data = sdm_panel(w)
    cases = [
        (data.assign(unit=data["unit"].where(data.index != 3)), "row 5, column 'unit': is empty"),
        (data.iloc[1:], "column 'year': unbalanced panel: 0 not observed in all 6 periods"),
        (data.assign(y=data["y"].where(data.index != 5)), "row 7, column 'y': is empty"),
        (
            data.assign(x1=data["x1"].astype(object).where(data.index != 6, "n/a")),
            "row 8, column 'x1': is not a finite number ('n/a')",
        ),
        (
            data.assign(x2=data["x2"].astype(object).where(data.index % 7 != 0, "abc")),
            "column 'x2': 18 cells are empty or not finite numbers, at rows 2, 9, 16, 23, 30 ...",
        ),
        (data.assign(x2=data["x2"].where(data.index != 9, np.inf)), "row 11, column 'x2': is not a finite number"),
        (data.drop(columns="x2"), "column 'x2': no such column in the data"),
    ]
    for bad, message in cases:
        with pytest.raises(InputError) as raised:
            fit(bad, w)
        assert str(raised.value).startswith(message)
    with pytest.raises(InputError, match="row 122: entity .*4.* appears twice in period .*2000"):
        fit(pd.concat([data, data.iloc[[4]]]), w)
    numeric_text = fit(data.assign(x1=data["x1"].astype(str)), w)
    pd.testing.assert_series_equal(numeric_text.params, fit(data, w).params, rtol=1e-12)
