"""The SDM's N x N effect matrices and simulated parameters kept in W's stable range, in one place.

Used by the average effects (:mod:`scenarios.econometrics.impacts`), the projection engine
(:mod:`scenarios.projection.engine`) and its spillover flows (:mod:`scenarios.projection.spillovers`).
Pure numpy (no scipy), so the projections load without the estimators.

Effect matrices (LeSage and Pace 2009, ch. 2.7): S_k = (I - rho W)^-1 (beta_k I + theta_k W), evaluated
through W's eigendecomposition W = V diag(lambda) V^-1 (:class:`SpectralWeights`) as
V diag((beta_k + theta_k lambda) / (1 - rho lambda)) V^-1 (:func:`effect_matrices`).

rho in the stable range: every simulated rho must lie in W's stable interval (1/lambda_min, 1/lambda_max)
(for a row-standardised W it contains (-1, 1)), where I - rho W is invertible with a positive
determinant. Draws outside it are *resampled* (:func:`draws_in_stable_range`: the normal truncated by
rejection); only if some are still missing after 100 rounds (an estimate at the edge with a wide standard
error) are those clipped just inside. The projections' coefficient draws
(:meth:`scenarios.projection.coefficients.SeriesCoefficients.draws`) use the same function.
"""

from __future__ import annotations

import numpy as np

from scenarios.cache import read_only


class SpectralWeights:
    """W = V diag(lambda) V^-1, computed once, with the SDM's reduced-form effects through it.

    S_k = (I - rho W)^-1 (beta_k I + theta_k W) = V diag((beta_k + theta_k lambda) / (1 - rho lambda)) V^-1,
    so for many parameter vectors sum_k S_k dx_k is V times the eigen-space factors times V^-1 dx (no
    solve per vector). For a W similar to a symmetric matrix (row-standardised distance or contiguity
    weights) lambda and V are real; otherwise complex arithmetic is kept and the real part taken at
    the end. Immutable: read-only arrays, attributes fixed.
    """

    __slots__ = ("values", "vectors", "inverse")
    values: np.ndarray
    vectors: np.ndarray
    inverse: np.ndarray

    def __init__(self, matrix: np.ndarray):
        values, vectors = np.linalg.eig(np.asarray(matrix, dtype=float))
        if np.abs(values.imag).max() < 1e-10 and np.abs(vectors.imag).max() < 1e-10:
            values, vectors = values.real, vectors.real
        for name, array in (("values", values), ("vectors", vectors), ("inverse", np.linalg.inv(vectors))):
            object.__setattr__(self, name, read_only(array, copy=False))

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def stable_range(self) -> tuple[float, float]:
        """(1 / lambda_min, 1 / lambda_max): the rho for which I - rho W is invertible with a positive
        determinant (real parts of the eigenvalues; (-1, 1) or wider for a row-standardised W)."""
        values = np.real(self.values)
        return float(1 / values.min()), float(1 / values.max())

    def multipliers(self, rho: np.ndarray) -> np.ndarray:
        """1 / (1 - rho lambda_n): (...,) -> (..., N)."""
        return 1.0 / (1.0 - np.asarray(rho, dtype=float)[..., None] * self.values)

    def factors(self, rho: np.ndarray, beta: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """Eigen-space factors (beta_k + theta_k lambda_n) / (1 - rho lambda_n): rho (...,), beta and
        theta (..., K) -> (..., K, N)."""
        return (beta[..., :, None] + theta[..., :, None] * self.values) * self.multipliers(rho)[..., None, :]


def effect_matrices(spectrum: SpectralWeights, rho: float, beta: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """The effect matrices S_k = (I - rho W)^-1 (beta_k I + theta_k W) for every k: (K, N, N), real.

    Row i, column j: the change of y_i when x_jk rises by one (LeSage and Pace 2009, Eq. 2.46). Evaluated
    as V diag((beta_k + theta_k lambda) / (1 - rho lambda)) V^-1 through ``spectrum`` (W's eigenpairs).
    """
    factors = spectrum.factors(np.asarray(rho), np.asarray(beta, dtype=float), np.asarray(theta, dtype=float))
    return np.real(np.einsum("in,kn,nj->kij", spectrum.vectors, factors, spectrum.inverse))


def draws_in_stable_range(sample, count: int, bounds: tuple[float, float] | None, max_rounds: int = 100) -> np.ndarray:
    """``count`` parameter vectors (rows, rho first) from ``sample(count)``, rho inside the open interval
    ``bounds`` (None: no bound, e.g. the SEM, whose effects do not involve rho).

    Rounds of ``count`` candidates are drawn and those inside kept in order until ``count`` are found
    (rejection sampling: the normal truncated to the stable range); when every candidate of the first
    round lies inside, that round is returned unchanged. After ``max_rounds`` rounds the missing rows are
    drawn once more with rho clipped just inside (by 1e-6 of the interval's width).
    """
    if bounds is None:
        return sample(count)
    low, high = bounds
    out: np.ndarray | None = None
    filled = 0
    for _ in range(max_rounds):
        candidate = sample(count)
        if out is None:
            out = np.empty_like(candidate)
        keep = candidate[(candidate[:, 0] > low) & (candidate[:, 0] < high)]
        take = min(count - filled, len(keep))
        out[filled : filled + take] = keep[:take]
        filled += take
        if filled == count:
            return out
    if out is None:
        raise ValueError("max_rounds must be at least 1")
    margin = 1e-6 * (high - low)
    out[filled:] = sample(count)[: count - filled]
    out[filled:, 0] = np.clip(out[filled:, 0], low + margin, high - margin)
    return out
