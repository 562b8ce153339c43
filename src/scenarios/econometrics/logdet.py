"""The spatial weights operator behind the ML estimators: ln|I - rho W|, the traces of G = W (I - rho W)^-1
the information matrix needs, and the averages of (I - rho W)^-1 the LeSage-Pace effects need.

Two back ends, one interface, chosen by :func:`choose_method` from the measured cost of each:

* ``DenseWeights`` (small N, or a W with many non-zero entries): eigenvalues omega_i of W,
  so ln|I - rho W| = sum_i ln(1 - rho omega_i) (Ord 1975) and tr(G) = sum_i omega_i / (1 - rho omega_i),
  tr(G G) = sum_i omega_i^2 / (1 - rho omega_i)^2, exactly; tr(G'G) from the dense G. Complex eigenvalues
  of a non-symmetric W come in conjugate pairs, so the real part of each sum is the exact value. When
  W = D^-1 C for a symmetric C (a symmetric W, or one row-standardised from a symmetric matrix such as
  inverse distances or contiguity), the eigenvalues are those of the symmetric D^1/2 W D^-1/2 (Ord 1975),
  three to five times cheaper; eigenvectors are computed only when W is not row-standardised. LAPACK runs
  on one BLAS thread (:func:`scenarios.blas.single_threaded_blas`): two OpenBLAS threads stalled when
  another process held a core of the 2-CPU machine (``eig`` at N = 1,000: 6.0 s on two, 2.0 s on one).
* ``SparseWeights`` (a sparse W from :data:`SPARSE_FROM` units): ln|I - rho W| = sum_i ln|u_ii| from a
  sparse LU factorisation (``scipy.sparse.linalg.splu``, SuperLU with COLAMD ordering; L has a unit
  diagonal), exact to rounding, cached per rho. Traces of powers of W for the power series
  tr((I - rho W)^-1 W^m) = sum_j rho^j tr(W^(j+m)) are exact for j <= 4 (from sparse products) and
  estimated above that by Hutchinson's estimator with 100 seeded Rademacher probes (Barry and Pace 1999;
  LeSage and Pace 2009, ch. 4; the probe products in float32, whose rounding, about 1e-7 per power, is
  far below the probes' own noise); these series run until |rho|^j < :data:`TRACE_SERIES_TOLERANCE`
  (1e-5: the trace estimates' relative noise is about 1e-3, see below), the exact series of 1'W^j 1
  until |rho|^j < 1e-12, each plus the geometric tail of its last term (at most 1,000 terms).
  tr(G'G) = ||H||_F^2 + E(||G z||^2 - ||H z||^2), H = W + rho W^2 + rho^2 W^3 exact, 30 probes, G z
  by the same series (a control variate: only the O(rho^3) remainder is estimated). The relative error
  of a Hutchinson trace is about sqrt(2 / (N p)) for p probes of these sparse matrices, times the size
  of the estimated remainder; the log-likelihood and the estimates have no stochastic part: the search
  for rho (:meth:`SparseWeights.maximise`) maximises the likelihood with the series log-determinant
  ln|I - rho W| = -sum_j rho^j tr(W^j) / j (no LU) corrected by a line through exact LU values, which
  moves to the exact maximiser in three to seven LUs instead of Brent's fifteen.

Lee-Yu (2010) transformations with time effects use J_N = I - 11'/N; with row-standardised W
(G 1 = 1 / (1 - rho) 1) the projected traces follow from the plain ones in closed form (see
:meth:`WeightsOperator.projected_traces`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.sparse.csgraph import breadth_first_order
from scipy.sparse.linalg import splu

from scenarios.blas import single_threaded_blas

#: N x N effect matrices (dense) are formed up to this many units.
DENSE_LIMIT = 1000

#: "auto" takes the sparse back end for a sparse W from this many units ...
SPARSE_FROM = 100

#: ... or from this many when W is symmetric or similar to a symmetric matrix (cheaper eigenvalues) ...
SPARSE_FROM_SYMMETRIC = 300

#: ... when at most this share of W's N^2 entries is non-zero (a 2-D map's contiguity or k-nearest
#: neighbours: about k / N); denser W take the exact eigenvalues (see choose_method).
SPARSE_DENSITY = 0.1

#: Hutchinson probes for the sparse back end's traces of powers of W (matrix products only) ...
PROBES = 100

#: ... and for tr(G'G) (sparse solves; a control variate makes few enough).
GTG_PROBES = 30

#: The exact power series (1'W^j 1) stop when |rho|^j falls below this ...
SERIES_TOLERANCE = 1e-12

#: ... the ones with estimated traces below this (their noise is about 1e-3 relative) ...
TRACE_SERIES_TOLERANCE = 1e-5

#: ... or at this many terms; each gets the geometric tail of its last term.
MAX_SERIES = 1000

#: Relative tolerance of the one-dimensional search for rho / lambda (Brent's, bounded) ...
SEARCH_TOLERANCE = 1e-12

#: ... and of the sparse back end's corrected-series search: it stops when the maximiser moves less.
REFINE_TOLERANCE = 1e-6

#: The corrected-series search falls back to Brent on the exact log-determinant after this many steps.
MAX_REFINEMENTS = 5


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

    def maximise(self, objective, span: tuple[float, float]) -> float:
        """The rho in ``span`` maximising ``objective(rho, operator)``, a likelihood that reads
        ln|I - rho W| from ``operator.logdet``: Brent's bounded search on the exact log-determinant."""
        return argmax_bounded(lambda rho: objective(rho, self), span)

    def projected_traces(self, rho: float) -> Traces:
        """Traces of J G (J G'... ) for J = I - 11'/N, valid for row-standardised W (G1 = 1/(1-rho) 1):
        tr(JG) = tr(G) - c, tr(JGJG) = tr(GG) - c^2, tr(JG'JG) = tr(G'G) - ||G'1||^2 / N, c = 1/(1-rho)."""
        plain = self.traces(rho)
        if plain.gt_ones is None:  # both back ends fill it; a new one must too
            raise ValueError(f"{type(self).__name__}.traces does not return G'1")
        c = 1.0 / (1.0 - rho)
        return Traces(
            g=plain.g - c,
            gg=plain.gg - c * c,
            gtg=plain.gtg - float(plain.gt_ones @ plain.gt_ones) / self.n,
        )


def argmax_bounded(function, span: tuple[float, float]) -> float:
    """The maximiser of a smooth scalar ``function`` in ``span``: Brent's bounded search (SEARCH_TOLERANCE),
    then one Newton step on the parabola through x and x +- 1e-5. A likelihood of N T observations is
    flat to rounding within about 1e-8 of its maximum, where Brent stops at any point; the parabola's
    slope, a difference over 1e-5, resolves the maximiser to about 1e-10."""
    result = minimize_scalar(lambda x: -function(x), bounds=span, method="bounded", options={"xatol": SEARCH_TOLERANCE})
    x = float(result.x)
    step = 1e-5 * max(1.0, abs(x))
    if not span[0] < x - step < x + step < span[1]:
        return x
    low, middle, high = function(x - step), function(x), function(x + step)
    curvature = (high - 2 * middle + low) / step**2
    if not curvature < 0:
        return x
    newton = x - (high - low) / (2 * step) / curvature
    return newton if abs(newton - x) < step else x


def _is_row_standardized(row_sums: np.ndarray) -> bool:
    return bool(np.allclose(row_sums, 1.0, rtol=0, atol=1e-10))


def symmetrising_scale(matrix: np.ndarray) -> np.ndarray | None:
    """Positive d with diag(d) W symmetric, or None if there is none. Such d exists when W = D^-1 C for a
    symmetric C (d = 1 for a symmetric W; d_i = C's row sums for a W row-standardised from C); then
    D^1/2 W D^-1/2 is symmetric with W's eigenvalues. Found along a breadth-first tree of W's graph,
    d_j / d_i = w_ij / w_ji, and checked on every entry."""
    nonzero = matrix != 0
    if not np.array_equal(nonzero, nonzero.T):
        return None
    order, parents = breadth_first_order(sp.csr_matrix(matrix), 0, directed=False, return_predecessors=True)
    if order.size < matrix.shape[0]:
        return None  # more than one component: each would need its own scale
    children = order[1:]
    ratio = matrix[parents[children], children] / matrix[children, parents[children]]
    if np.any(ratio <= 0):
        return None
    log_scale = np.zeros(matrix.shape[0])
    for child, parent, step in zip(children.tolist(), parents[children].tolist(), np.log(ratio).tolist()):
        log_scale[child] = log_scale[parent] + step
    scale = np.exp(log_scale - log_scale.max())
    scaled = scale[:, None] * matrix
    if np.max(np.abs(scaled - scaled.T)) > 1e-10 * np.max(np.abs(scaled)):
        return None
    return scale


class DenseWeights(WeightsOperator):
    """Eigenvalue back end (exact), for small N or dense W."""

    def __init__(self, matrix: np.ndarray):
        self.matrix = np.array(matrix, dtype=float)
        self.matrix.setflags(write=False)
        self.n = self.matrix.shape[0]
        self.row_standardized = _is_row_standardized(self.matrix.sum(axis=1))
        scale = symmetrising_scale(self.matrix)
        self.symmetric = scale is not None
        # 1'A^-1 1 = sum_i (1'v_i)(u_i'1) / (1 - rho omega_i), with V^-1 = [u_i'] (row-standardised: 1/(1-rho))
        self._ones_weights = None
        ones = np.ones(self.n)
        with single_threaded_blas():
            if scale is None and self.row_standardized:
                self.eigenvalues = np.linalg.eigvals(self.matrix)
            elif scale is None:
                self.eigenvalues, vectors = np.linalg.eig(self.matrix)
                self._ones_weights = (ones @ vectors) * np.linalg.solve(vectors, ones)
            else:
                root = np.sqrt(scale)
                similar = root[:, None] * self.matrix / root[None, :]
                similar = 0.5 * (similar + similar.T)
                if self.row_standardized:
                    self.eigenvalues = np.linalg.eigvalsh(similar)
                else:  # W = D^-1/2 V diag(omega) V' D^1/2
                    self.eigenvalues, vectors = np.linalg.eigh(similar)
                    self._ones_weights = ((1.0 / root) @ vectors) * (vectors.T @ root)

    def logdet(self, rho):
        return float(np.sum(np.log(1.0 - rho * self.eigenvalues)).real)

    def solve(self, rho, rhs, transpose=False):
        a = np.eye(self.n) - rho * self.matrix
        with single_threaded_blas():
            return np.linalg.solve(a.T if transpose else a, rhs)

    def traces(self, rho):
        omega = self.eigenvalues
        with single_threaded_blas():
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

    matrix: sp.csr_matrix

    def __init__(self, matrix, seed: int = 0, probes: int = PROBES):
        self.matrix = sp.csr_matrix(matrix, dtype=float)
        self.n = self.matrix.shape[0]
        self.row_standardized = _is_row_standardized(np.asarray(self.matrix.sum(axis=1)).ravel())
        self._identity = sp.identity(self.n, format="csc")
        rng = np.random.default_rng(seed)
        # +-1 exactly in float32: the products with W (the cost of the traces) move half the bytes
        self._probes = rng.choice([-1.0, 1.0], size=(self.n, probes)).astype(np.float32)
        self._matrix32 = self.matrix.astype(np.float32)
        w = self.matrix
        self._square = w @ w
        # tr(W^j) exact for j <= 4 (tr(AB) = sum of A * B'), Hutchinson above
        self._power_traces = [
            float(self.n),
            float(w.diagonal().sum()),
            _trace_of_product(w, w),
            _trace_of_product(self._square, w),
            _trace_of_product(self._square, self._square),
        ]
        self._probe_power = self._probes
        for _ in range(5):  # W^5 Z, by W five times (W^2 has k^2 entries a row, W k)
            self._probe_power = self._matrix32 @ self._probe_power
        self._ones_vector = self.matrix @ np.ones(self.n)
        self._ones_sums = [float(self.n), float(self._ones_vector.sum())]
        self._lu = lru_cache(maxsize=8)(self._factorise)

    def _factorise(self, rho: float):
        return splu((self._identity - rho * self.matrix).tocsc())

    def logdet(self, rho):
        return float(np.sum(np.log(np.abs(self._lu(float(rho)).U.diagonal()))))

    def solve(self, rho, rhs, transpose=False):
        return self._lu(float(rho)).solve(np.asarray(rhs, dtype=float), trans="T" if transpose else "N")

    @staticmethod
    def _series_length(rho_max: float, tolerance: float) -> int:
        if rho_max <= 0:
            return 3
        return min(int(np.ceil(np.log(tolerance) / np.log(rho_max))) + 3, MAX_SERIES)

    def _extend_traces(self, length: int) -> None:
        """Grow the cached tr(W^j) up to j = length (Hutchinson, float32 products, float64 sums)."""
        while len(self._power_traces) <= length:
            products = np.sum(self._probes * self._probe_power, axis=0, dtype=np.float64)
            self._power_traces.append(float(np.mean(products)))
            self._probe_power = self._matrix32 @ self._probe_power

    def _extend_ones(self, length: int) -> None:
        """Grow the cached 1'W^j 1 up to j = length (exact)."""
        while len(self._ones_sums) <= length:
            self._ones_vector = self.matrix @ self._ones_vector
            self._ones_sums.append(float(self._ones_vector.sum()))

    def _series(self, rho, offset: int, estimated: bool, counted: bool = False) -> np.ndarray:
        """sum_j m_j rho^j c_(j + offset) for each rho, m_j = 1 (or j + 1 when ``counted``), c_j = tr(W^j)
        (``estimated``, to |rho|^j < TRACE_SERIES_TOLERANCE) or 1'W^j 1 (exact, to SERIES_TOLERANCE), plus
        the geometric tail of the last term: sum_(j >= L) m_j rho^j c_(L - 1 + offset)."""
        rho = np.atleast_1d(np.asarray(rho, dtype=float))
        tolerance = TRACE_SERIES_TOLERANCE if estimated else SERIES_TOLERANCE
        length = self._series_length(float(np.max(np.abs(rho))), tolerance)
        (self._extend_traces if estimated else self._extend_ones)(length + offset)
        coefficients_of_power = self._power_traces if estimated else self._ones_sums
        powers = np.arange(length)
        multiplicity = powers + 1.0 if counted else np.ones(length)
        coefficients = multiplicity * np.array(coefficients_of_power[offset : offset + length])
        head = rho**length
        tail = head * ((length + 1) * (1 - rho) + rho) / (1 - rho) ** 2 if counted else head / (1 - rho)
        return (rho[:, None] ** powers[None, :]) @ coefficients + coefficients_of_power[offset + length - 1] * tail

    def _series_logdet(self, rho: float) -> float:
        """ln|I - rho W| = -sum_(j >= 1) rho^j tr(W^j) / j, from the traces already estimated (at least
        those |rho| <= 1/2 needs, more once the search has moved further out); no LU. Only the search
        uses it, corrected by exact values."""
        self._extend_traces(self._series_length(0.5, TRACE_SERIES_TOLERANCE))
        traces = np.array(self._power_traces[1:])
        powers = np.arange(1, traces.size + 1)
        return float(-np.sum(rho**powers * traces / powers))

    def maximise(self, objective, span):
        """The maximiser of ``objective(rho, operator)`` with the exact log-determinant, in few LUs.

        The likelihood is first maximised with the series log-determinant S(rho) (no LU), then with
        S(rho) + c(rho), c the straight line through the exact corrections ln|I - rho W| - S(rho) at
        5e-6 either side of the last maximiser (two LUs; its slope is c' there to O(1e-10)), until the
        maximiser moves by less than REFINE_TOLERANCE. c is smooth and small (the series' truncation and
        the traces' noise), so this is Newton's method on the exact first-order condition with the
        series' curvature: each step about squares the error, and after a step under 1e-6 it is about
        1e-10 (measured: the estimates equal the eigenvalue path's to 2e-9). Three to seven LUs with the
        one at the estimate (five at rho = 0.4), instead of Brent's fifteen;
        Brent on the exact log-determinant takes over if MAX_REFINEMENTS steps do not suffice."""
        line = _CorrectedSeries(self)
        rho = argmax_bounded(lambda r: objective(r, line), span)
        for _ in range(MAX_REFINEMENTS):
            # the traces at rho will need these powers anyway; with them S has the right curvature there
            self._extend_traces(self._series_length(abs(rho), TRACE_SERIES_TOLERANCE))
            half = 0.5e-5 * max(1.0, abs(rho))
            line.through(max(rho - half, span[0]), min(rho + half, span[1]))
            candidate = argmax_bounded(lambda r: objective(r, line), span)
            if abs(candidate - rho) <= REFINE_TOLERANCE * max(1.0, abs(rho)):
                return candidate
            rho = candidate
        return argmax_bounded(lambda r: objective(r, self), span)

    def _gtg(self, rho: float) -> float:
        """tr(G'G) = ||H||_F^2 + E||G z||^2 - E||H z||^2 with H = W + rho W^2 + rho^2 W^3, the start of
        G's power series, whose Frobenius norm is exact: the control variate leaves only the O(rho^3)
        remainder to the Hutchinson estimate. G z = H z + R z, R z = sum_(j >= 3) rho^j W^(j+1) z summed
        like the traces' series (float32 products, to |rho|^j < TRACE_SERIES_TOLERANCE), so that
        ||G z||^2 - ||H z||^2 = 2 (H z)'R z + ||R z||^2 costs products with W, not sparse solves (30
        solves took longer than the LU at N = 30,000)."""
        head = self.matrix + rho * self._square + rho * rho * (self._square @ self.matrix)
        power = self._probes[:, :GTG_PROBES]
        powers = []
        for _ in range(3):  # W z, W^2 z, W^3 z
            power = self._matrix32 @ power
            powers.append(power.astype(float))
        head_probes = powers[0] + rho * powers[1] + rho * rho * powers[2]
        remainder = np.zeros_like(head_probes)
        for j in range(3, self._series_length(abs(rho), TRACE_SERIES_TOLERANCE)):
            power = self._matrix32 @ power
            remainder += rho**j * power
        excess = np.mean(np.sum(2.0 * head_probes * remainder + remainder * remainder, axis=0))
        return float(head.multiply(head).sum() + excess)

    def traces(self, rho):
        return Traces(
            g=float(self._series(rho, 1, estimated=True)[0]),
            gg=float(self._series(rho, 2, estimated=True, counted=True)[0]),
            gtg=self._gtg(rho),
            gt_ones=self.solve(rho, self.matrix.T @ np.ones(self.n), transpose=True),
        )

    def effect_averages(self, rho):
        return (
            np.column_stack(
                [
                    self._series(rho, 0, estimated=True),
                    self._series(rho, 1, estimated=True),
                    self._series(rho, 0, estimated=False),
                    self._series(rho, 1, estimated=False),
                ]
            )
            / self.n
        )

    def bounds(self):
        # Row sums bound the spectral radius (Gershgorin): |omega| <= max_i sum_j |w_ij|.
        radius = float(np.max(np.abs(self.matrix).sum(axis=1)))
        return -1.0 / radius, 1.0 / radius


class _CorrectedSeries:
    """ln|I - rho W| as the sparse back end's series S(rho) plus the line through the exact corrections
    ln|I - rho W| - S(rho) at two points (none at first): the log-determinant its search maximises."""

    def __init__(self, operator: SparseWeights):
        self._operator = operator
        self._intercept = self._slope = self._at = 0.0

    def through(self, first: float, second: float) -> None:
        """Put the line through the exact corrections at ``first`` and ``second`` (two LUs)."""
        corrections = [self._operator.logdet(r) - self._operator._series_logdet(r) for r in (first, second)]
        self._at, self._intercept = first, corrections[0]
        self._slope = (corrections[1] - corrections[0]) / (second - first)

    def logdet(self, rho: float) -> float:
        """S(rho) plus the line at rho."""
        return self._operator._series_logdet(rho) + self._intercept + self._slope * (rho - self._at)


def choose_method(matrix) -> str:
    """ "sparse" or "eigen", whichever costs less for this W, from measured costs (CPU time of the operator
    work of one fit with 1,000-draw effects; k-nearest-neighbour W, k = 6; bench/bench_spatial.py):

    ====  ==================  ==================  ========
    N     eigen, general W    eigen, symmetric    sparse
    ====  ==================  ==================  ========
    100   11 ms               2 ms                5-8 ms
    300   36 ms               11 ms               11-12 ms
    500   95 ms               42 ms               14-17 ms
    1000  > 280 ms (eigvals)  216 ms              38 ms
    ====  ==================  ==================  ========

    The eigenvalues grow as N^3 (a third to a fifth of it when W is symmetric or row-standardised from
    a symmetric matrix, :func:`symmetrising_scale`), the sparse path with the LU's fill, near-linear
    for such W. Hence: "sparse" from SPARSE_FROM units (SPARSE_FROM_SYMMETRIC for a symmetric-like W)
    when at most SPARSE_DENSITY of the entries are non-zero (at that density and N = 3,000 an LU takes
    0.8 s, five of them about the eigenvalues' cost); "eigen" otherwise, exact where it is cheap."""
    n = matrix.shape[0]
    nonzero = matrix.nnz if sp.issparse(matrix) else np.count_nonzero(matrix)
    if n < SPARSE_FROM or nonzero > SPARSE_DENSITY * n * n:
        return "eigen"
    if n < SPARSE_FROM_SYMMETRIC:
        dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix, dtype=float)
        if symmetrising_scale(dense) is not None:
            return "eigen"
    return "sparse"


def weights_operator(matrix, method: str = "auto") -> WeightsOperator:
    """The back end for ``matrix``: "eigen" (dense), "sparse", or "auto" (:func:`choose_method`)."""
    if method == "auto":
        method = choose_method(matrix)
    if method == "eigen":
        return DenseWeights(matrix.toarray() if sp.issparse(matrix) else matrix)
    if method == "sparse":
        return SparseWeights(matrix)
    raise ValueError(f"unknown log-determinant method {method!r}")
