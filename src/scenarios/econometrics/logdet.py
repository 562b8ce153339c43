"""The spatial weights operator behind the ML estimators: ln|I - rho W|, the traces of G = W (I - rho W)^-1
the information matrix needs, and the averages of (I - rho W)^-1 the LeSage-Pace effects need.

Two back ends, one interface:

* ``DenseWeights`` (moderate N; the default up to :data:`DENSE_LIMIT` units): eigenvalues omega_i of W,
  so ln|I - rho W| = sum_i ln(1 - rho omega_i) (Ord 1975) and tr(G) = sum_i omega_i / (1 - rho omega_i),
  tr(G G) = sum_i omega_i^2 / (1 - rho omega_i)^2, exactly; tr(G'G) from the dense G. Complex eigenvalues
  of a non-symmetric W come in conjugate pairs, so the real part of each sum is the exact value.
* ``SparseWeights`` (large N): ln|I - rho W| = sum_i ln|u_ii| from a sparse LU factorisation
  (``scipy.sparse.linalg.splu``, SuperLU with COLAMD ordering; L has a unit diagonal), exact to rounding,
  cached per rho. Traces of powers of W for the power series
  tr((I - rho W)^-1 W^m) = sum_j rho^j tr(W^(j+m)) are exact for j <= 4 (from sparse products) and
  estimated above that by Hutchinson's estimator with 100 seeded Rademacher probes (Barry and Pace 1999;
  LeSage and Pace 2009, ch. 4); the series is run until |rho|^j < 1e-12 or for 1,000 terms plus the
  geometric tail of the last one. tr(G'G) = ||H||_F^2 + E(||G z||^2 - ||H z||^2), H = W + rho W^2 +
  rho^2 W^3 exact, 30 probes solved with the LU at rho (a control variate: only the O(rho^3) remainder
  is estimated). The relative error of a Hutchinson trace is about sqrt(2 / (N p)) for p probes of
  these sparse matrices, times the size of the estimated remainder; the log-likelihood and the
  estimates have no stochastic part.

Lee-Yu (2010) transformations with time effects use J_N = I - 11'/N; with row-standardised W
(G 1 = 1 / (1 - rho) 1) the projected traces follow from the plain ones in closed form (see
:meth:`WeightsOperator.projected_traces`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

#: Up to this many units the dense (eigenvalue) back end is used unless asked otherwise.
DENSE_LIMIT = 1000

#: Hutchinson probes for the sparse back end's traces of powers of W (matrix products only) ...
PROBES = 100

#: ... and for tr(G'G) (sparse solves; a control variate makes few enough).
GTG_PROBES = 30

#: The power series for the sparse traces stops when |rho|^j falls below this ...
SERIES_TOLERANCE = 1e-12

#: ... or at this many terms, plus the geometric tail of the last term (|rho| > 0.97).
MAX_SERIES = 1000


@dataclass(frozen=True)
class Traces:
    """tr(G), tr(G G), tr(G'G) and G'1 for G = W (I - rho W)^-1 (G'1 only when asked for)."""

    g: float
    gg: float
    gtg: float
    gt_ones: np.ndarray | None = None


def apply_weights(matrix, values: np.ndarray) -> np.ndarray:
    """W (dense or sparse, N x N) applied to each period's cross-section of ``values``, (T, N) or (T, N, K)."""
    if sp.issparse(matrix):
        flat = values.reshape(values.shape[0], values.shape[1], -1)
        return np.stack([matrix @ flat[t] for t in range(flat.shape[0])]).reshape(values.shape)
    return values @ matrix.T if values.ndim == 2 else np.matmul(matrix, values)


class WeightsOperator:
    """A square spatial weights matrix W (N x N) with the linear algebra the ML estimators need."""

    n: int
    row_standardized: bool

    matrix: object

    def apply(self, values: np.ndarray) -> np.ndarray:
        """W applied to each period's cross-section: ``values`` has shape (T, N) or (T, N, K)."""
        return apply_weights(self.matrix, values)

    def logdet(self, rho: float) -> float:
        """ln|I - rho W|."""
        raise NotImplementedError

    def solve(self, rho: float, rhs: np.ndarray, transpose: bool = False) -> np.ndarray:
        """(I - rho W)^-1 rhs (or its transpose's), ``rhs`` of shape (N,) or (N, m)."""
        raise NotImplementedError

    def traces(self, rho: float) -> Traces:
        """tr(G), tr(GG), tr(G'G) at rho, with G'1 for the Lee-Yu projections."""
        raise NotImplementedError

    def effect_averages(self, rho: np.ndarray) -> np.ndarray:
        """For each rho (a 1-d array): the four averages the effects need, shape (len(rho), 4):
        tr(A^-1)/N, tr(A^-1 W)/N, 1'A^-1 1/N, 1'A^-1 W 1/N, with A = I - rho W."""
        raise NotImplementedError

    def bounds(self) -> tuple[float, float]:
        """The interval of rho in which I - rho W is non-singular and contains 0: (1/omega_min, 1/omega_max)."""
        raise NotImplementedError

    def projected_traces(self, rho: float) -> Traces:
        """Traces of J G (J G'... ) for J = I - 11'/N, valid for row-standardised W (G1 = 1/(1-rho) 1):
        tr(JG) = tr(G) - c, tr(JGJG) = tr(GG) - c^2, tr(JG'JG) = tr(G'G) - ||G'1||^2 / N, c = 1/(1-rho)."""
        plain = self.traces(rho)
        c = 1.0 / (1.0 - rho)
        return Traces(
            g=plain.g - c,
            gg=plain.gg - c * c,
            gtg=plain.gtg - float(plain.gt_ones @ plain.gt_ones) / self.n,
        )


def _is_row_standardized(row_sums: np.ndarray) -> bool:
    return bool(np.allclose(row_sums, 1.0, rtol=0, atol=1e-10))


class DenseWeights(WeightsOperator):
    """Eigenvalue back end (exact), for moderate N."""

    def __init__(self, matrix: np.ndarray):
        self.matrix = np.array(matrix, dtype=float)
        self.matrix.setflags(write=False)
        self.n = self.matrix.shape[0]
        self.row_standardized = _is_row_standardized(self.matrix.sum(axis=1))
        eigenvalues, vectors = np.linalg.eig(self.matrix)
        self.eigenvalues = eigenvalues
        # 1'A^-1 1 = sum_i (1'v_i)(u_i'1) / (1 - rho omega_i), with V^-1 = [u_i'].
        if self.row_standardized:
            self._ones_weights = None
        else:
            self._ones_weights = (np.ones(self.n) @ vectors) * np.linalg.solve(vectors, np.ones(self.n))

    def logdet(self, rho):
        return float(np.sum(np.log(1.0 - rho * self.eigenvalues)).real)

    def solve(self, rho, rhs, transpose=False):
        a = np.eye(self.n) - rho * self.matrix
        return np.linalg.solve(a.T if transpose else a, rhs)

    def traces(self, rho):
        omega = self.eigenvalues
        g = self.matrix @ np.linalg.inv(np.eye(self.n) - rho * self.matrix)
        return Traces(
            g=float(np.sum(omega / (1.0 - rho * omega)).real),
            gg=float(np.sum(omega**2 / (1.0 - rho * omega) ** 2).real),
            gtg=float(np.sum(g * g)),
            gt_ones=g.sum(axis=0),
        )

    def effect_averages(self, rho):
        rho = np.asarray(rho, dtype=float)[:, None]
        omega = self.eigenvalues[None, :]
        inverse = 1.0 / (1.0 - rho * omega)
        out = np.empty((rho.shape[0], 4))
        out[:, 0] = np.mean(inverse, axis=1).real
        out[:, 1] = np.mean(omega * inverse, axis=1).real
        if self._ones_weights is None:
            out[:, 2] = 1.0 / (1.0 - rho[:, 0])
            out[:, 3] = out[:, 2]
        else:
            out[:, 2] = (inverse @ self._ones_weights).real / self.n
            out[:, 3] = ((omega * inverse) @ self._ones_weights).real / self.n
        return out

    def bounds(self):
        real = self.eigenvalues.real
        return 1.0 / real.min(), 1.0 / real.max()


def _trace_of_product(a, b) -> float:
    """tr(A B) = sum_ij a_ij b_ji for sparse A, B."""
    return float(a.multiply(b.T).sum())


class SparseWeights(WeightsOperator):
    """Sparse-LU back end for large N (see the module docstring for the methods and their accuracy)."""

    def __init__(self, matrix, seed: int = 0, probes: int = PROBES):
        self.matrix = sp.csr_matrix(matrix, dtype=float)
        self.n = self.matrix.shape[0]
        self.row_standardized = _is_row_standardized(np.asarray(self.matrix.sum(axis=1)).ravel())
        self._identity = sp.identity(self.n, format="csc")
        rng = np.random.default_rng(seed)
        self._probes = rng.choice([-1.0, 1.0], size=(self.n, probes))
        w = self.matrix
        self._square = w @ w
        # tr(W^j) exact for j <= 4 (tr(AB) = sum of A * B'), Hutchinson above
        self._power_traces = [float(self.n), float(w.diagonal().sum()), _trace_of_product(w, w),
                              _trace_of_product(self._square, w), _trace_of_product(self._square, self._square)]
        self._probe_power = self._square @ (self._square @ (w @ self._probes))  # W^5 Z
        self._ones_vector = self.matrix @ np.ones(self.n)
        self._ones_sums = [float(self.n), float(self._ones_vector.sum())]
        self._lu = lru_cache(maxsize=8)(self._factorise)

    def _factorise(self, rho: float):
        return splu((self._identity - rho * self.matrix).tocsc())

    def logdet(self, rho):
        return float(np.sum(np.log(np.abs(self._lu(float(rho)).U.diagonal()))))

    def solve(self, rho, rhs, transpose=False):
        return self._lu(float(rho)).solve(np.asarray(rhs, dtype=float), trans="T" if transpose else "N")

    def _series_length(self, rho_max: float) -> int:
        if rho_max <= 0:
            return 3
        return min(int(np.ceil(np.log(SERIES_TOLERANCE) / np.log(rho_max))) + 3, MAX_SERIES)

    def _extend(self, length: int) -> None:
        """Grow the cached tr(W^j) and 1'W^j 1 up to j = length."""
        while len(self._power_traces) <= length:
            self._power_traces.append(float(np.mean(np.sum(self._probes * self._probe_power, axis=0))))
            self._probe_power = self.matrix @ self._probe_power
        while len(self._ones_sums) <= length:
            self._ones_vector = self.matrix @ self._ones_vector
            self._ones_sums.append(float(self._ones_vector.sum()))

    def _series(self, rho, offset: int, coefficients_of_power: list, counted: bool = False) -> np.ndarray:
        """sum_j m_j rho^j c_(j + offset) for each rho, m_j = 1 (or j + 1 when ``counted``). A series cut
        at MAX_SERIES terms gets the geometric tail of its last coefficient."""
        rho = np.atleast_1d(np.asarray(rho, dtype=float))
        length = self._series_length(float(np.max(np.abs(rho))))
        self._extend(length + offset + 1)
        powers = np.arange(length)
        multiplicity = powers + 1.0 if counted else np.ones(length)
        coefficients = multiplicity * np.array(coefficients_of_power[offset : offset + length])
        total = (rho[:, None] ** powers[None, :]) @ coefficients
        if length == MAX_SERIES:
            last = coefficients_of_power[offset + length - 1]
            head = rho**length
            tail = head * ((length + 1) * (1 - rho) + rho) / (1 - rho) ** 2 if counted else head / (1 - rho)
            total = total + last * tail
        return total

    def _gtg(self, rho: float) -> float:
        """tr(G'G) = ||H||_F^2 + E||G z||^2 - E||H z||^2 with H = W + rho W^2 + rho^2 W^3, the start of
        G's power series, whose Frobenius norm is exact: the control variate leaves only the O(rho^3)
        remainder to the Hutchinson estimate."""
        head = self.matrix + rho * self._square + rho * rho * (self._square @ self.matrix)
        probes = self._probes[:, :GTG_PROBES]
        g_probes = self.matrix @ self.solve(rho, probes)
        h_probes = head @ probes
        remainder = np.mean(np.sum(g_probes * g_probes, axis=0) - np.sum(h_probes * h_probes, axis=0))
        return float(head.multiply(head).sum() + remainder)

    def traces(self, rho):
        return Traces(
            g=float(self._series(rho, 1, self._power_traces)[0]),
            gg=float(self._series(rho, 2, self._power_traces, counted=True)[0]),
            gtg=self._gtg(rho),
            gt_ones=self.solve(rho, self.matrix.T @ np.ones(self.n), transpose=True),
        )

    def effect_averages(self, rho):
        return np.column_stack(
            [
                self._series(rho, 0, self._power_traces),
                self._series(rho, 1, self._power_traces),
                self._series(rho, 0, self._ones_sums),
                self._series(rho, 1, self._ones_sums),
            ]
        ) / self.n

    def bounds(self):
        # Row sums bound the spectral radius (Gershgorin): |omega| <= max_i sum_j |w_ij|.
        radius = float(np.max(np.abs(self.matrix).sum(axis=1)))
        return -1.0 / radius, 1.0 / radius


def weights_operator(matrix, method: str = "auto") -> WeightsOperator:
    """The back end for ``matrix``: "eigen" (dense), "sparse", or "auto" (dense up to DENSE_LIMIT units)."""
    n = matrix.shape[0]
    if method == "auto":
        method = "eigen" if n <= DENSE_LIMIT else "sparse"
    if method == "eigen":
        return DenseWeights(matrix.toarray() if sp.issparse(matrix) else matrix)
    if method == "sparse":
        return SparseWeights(matrix)
    raise ValueError(f"unknown log-determinant method {method!r}")
