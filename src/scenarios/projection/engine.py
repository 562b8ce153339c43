"""Projections of provincial and industry CO2 under a :class:`~scenarios.projection.scenario.Scenario`.

The model (paper §2.3.2, Table 9): with y_t the vector of log emissions of the 30 provinces in year t,
the spatial Durbin model with two-way effects y_t = rho W y_t + X_t beta + W X_t theta + mu + gamma_t + e_t
has the reduced form

    y_t = (I - rho W)^-1 (X_t beta + W X_t theta + mu + gamma_t 1).

Projections are made in differences from the last observed year T, so the province effects mu (not
published by the paper) cancel, and anchored on the observed emissions of year T:

    y_t - y_T = sum_k S_k (x_{t,k} - x_{T,k}) + (I - rho W)^-1 1 (gamma_t - gamma_T),
    S_k = (I - rho W)^-1 (beta_k I + theta_k W),        CO2_t = CO2_T exp(y_t - y_T).

The time effect is treated as one more regressor with beta = 1, theta = 0 (its change is 0 when held,
the sample trend times (t - T) when trended).

Technology import enters as tech = ln K, K the perpetual-inventory stock of real import spending (paper
Eq. 2, delta = 15 %), continued from the observed stock of year T with
:func:`scenarios.data.panel.perpetual_inventory`. Real spending grows from its year-T level at the baseline
rate g (the paper's 5 %), or at the policy rate from the phase-in year; a subsidy adds, in each year
paid, ``share`` x transfer / P_T (P_T the chained FAI deflator of year T: transfers are in CNY of year T,
the stock in first-year prices). Control variables follow the assumptions (growth rates compound,
changes add; shares kept in [0, 1], other levels non-negative); with ``raises_fin`` a province's fin also
rises by transfer / GDP (GDP: :data:`GDP_2020` grown with the GDP-per-capita assumption).

Decomposition: for province i the change against the baseline is split into its own effect
sum_k [S_k]_ii dx_ik and the spillover received sum_k sum_{j != i} [S_k]_ij dx_jk; they add up to the
change exactly. Industries in published mode use Table 4 (fixed effects, no spatial terms), so their
spillover is 0 by construction (``spillover_modelled`` is False).

Three runs are reported: the *baseline* (default assumptions, no policy), the *modified baseline* (the
scenario's assumptions, no policy) and the *scenario*. ``delta_log`` = ln(scenario / baseline);
``policy_delta_log`` = ln(scenario / modified baseline).

Uncertainty: ``draws`` coefficient vectors (default 1,000; seeded) from N(estimate, covariance), rho
kept inside W's stable range (1/lambda_min, 1/lambda_max), which contains (-1, 1) for a
row-standardised W, by resampling (:meth:`SeriesCoefficients.draws`); with published coefficients the
covariance is diagonal from the printed t statistics, an approximation. Bands are the 5th and 95th
percentiles over draws of each province-year-series value, exactly as ``numpy.quantile`` (linear
interpolation, :func:`percentile_bands`); the time trend and the observed anchors are not drawn.

Speed (budget: 50 ms per recompute with 1,000-draw bands for 30 x 5 x 40; bench/bench_projection.py):
W = V Lambda V^-1 is diagonalised once, so for every draw (I - rho W)^-1 (beta I + theta W) =
V diag((beta + theta lambda) / (1 - rho lambda)) V^-1: a recompute's draws are V^-1 dx times the
draws' eigen-space factors, then V times that, two small products instead of a linear solve per draw.
Everything that does not depend on the levers is computed once per :class:`ProjectionEngine` (the
effect matrices S_k, the draws and their eigen-space factors in float32, the baseline's draws);
engines are cached by (panel fingerprint, coefficients, draws, seed). A recompute works by blocks of
one series x :data:`BLOCK_YEARS` years that stay in cache, on :data:`WORKERS` threads, and reduces
each block at once to the four order statistics the bands need (sorted halves and a bitonic merge
step instead of a full sort: :meth:`_BandPlan.order_statistics`).
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import statistics
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from scenarios.projection import coefficients as coefficient_sources
from scenarios.projection.coefficients import REGRESSORS, SERIES, SERIES_COLUMN, SeriesCoefficients
from scenarios.errors import InputError, Problem
from scenarios.geography import provinces as province_table
from scenarios.data.panel import DEPRECIATION, perpetual_inventory, technology_stock
from scenarios.provenance import SYNTHETIC_NOTICE
from scenarios.projection.scenario import Assumptions, Caution, Scenario, Subsidy

#: Provincial GDP in 2020, CNY 100 million (NBS, China Statistical Yearbook 2021, "Gross regional
#: product", rounded), used only to turn a subsidy into a change of fin = local budget expenditure / GDP.
#: Transcribed without the yearbook to hand (sum 1,010,516 for the 30): to be checked. The effect is
#: small either way (a CNY 1 billion transfer moves fin by ~0.001 in a mid-sized province).
GDP_2020: Mapping[str, float] = MappingProxyType(
    {
        "Beijing": 36103, "Tianjin": 14084, "Hebei": 36207, "Shanxi": 17652, "Inner Mongolia": 17360,
        "Liaoning": 25115, "Jilin": 12311, "Heilongjiang": 13699, "Shanghai": 38701, "Jiangsu": 102719,
        "Zhejiang": 64613, "Anhui": 38681, "Fujian": 43904, "Jiangxi": 25692, "Shandong": 73129,
        "Henan": 54997, "Hubei": 43443, "Hunan": 41781, "Guangdong": 110761, "Guangxi": 22157,
        "Hainan": 5532, "Chongqing": 25003, "Sichuan": 48599, "Guizhou": 17827, "Yunnan": 24522,
        "Shaanxi": 26182, "Gansu": 9017, "Qinghai": 3006, "Ningxia": 3921, "Xinjiang": 13798,
    }
)

#: Raw columns of the control variables, in :data:`REGRESSORS` order after tech.
_CONTROL_COLUMNS = {
    "gdp": "gdp_per_capita",
    "ind": "tertiary_share",
    "ei": "energy_intensity",
    "tra": "trade_openness",
    "edu": "schooling_years",
    "fin": "fiscal_expenditure_share",
}
#: How each assumption moves a control: ("growth", % per year) or ("change", units per year), and the
#: factor turning the assumption's unit into the variable's (percentage points -> share).
_CONTROL_PATHS = {
    "gdp": ("growth", "gdp_growth", 1.0),
    "ind": ("change", "ind_change", 0.01),
    "ei": ("growth", "ei_growth", 1.0),
    "tra": ("growth", "tra_growth", 1.0),
    "edu": ("change", "edu_change", 1.0),
    "fin": ("change", "fin_change", 0.01),
}
_SHARES = ("ind", "fin")

BAND_LEVELS = (5.0, 95.0)
#: The standard normal quantile of the upper band level (the bands are symmetric), for the series
#: without spillover.
NORMAL_QUANTILE_95 = statistics.NormalDist().inv_cdf(BAND_LEVELS[1] / 100)
#: Precision of the coefficient draws (bands only; point projections are float64).
DRAW_DTYPE = np.float32
TIME = len(REGRESSORS)  # index of the time-effect pseudo-regressor
#: A trended time effect that alone moves a series by more than this (log points a year) gets a warning.
STEEP_TIME_TREND = 0.03
#: Levers that move a province's tech (ln K) further than this from the baseline get a warning (e = 2.7-fold).
LARGE_TECH_CHANGE = 1.0
#: The kind of the synthetic-data caution, which every projection from the demo panel opens with.
SYNTHETIC_KIND = "synthetic"


def _read_only(array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Anchors:
    """The last observed year, per province (in W's order): what projections start from."""

    year: int
    provinces: tuple[str, ...]
    co2: np.ndarray  # (S, N) Mt
    stock: np.ndarray  # (N,) K_T, CNY 100 million at first-year prices
    real_expenditure: np.ndarray  # (N,) E_T, same unit
    deflator: np.ndarray  # (N,) P_T
    controls: np.ndarray  # (6, N) raw levels of gdp, ind, ei, tra, edu, fin
    region: tuple[str, ...]

    @classmethod
    def from_panel(cls, panel, names: tuple[str, ...]) -> "Anchors":
        raw = panel.raw
        year = int(raw["year"].max())
        last = raw[raw["year"] == year].set_index("province")
        missing = [name for name in names if name not in last.index]
        if missing:
            raise InputError(
                Problem(
                    f"the panel's last year {year} has no row for {', '.join(missing)}; projections need "
                    "all 30 provinces in the last observed year",
                    parameter="panel",
                )
            )
        stock = technology_stock(raw)
        stock = stock[stock["year"] == year].set_index("province").loc[list(names)]
        last = last.loc[list(names)]
        regions = province_table().set_index("name_en")["region"]
        return cls(
            year=year,
            provinces=tuple(names),
            co2=_read_only(np.array([last[SERIES_COLUMN[s]].to_numpy(float) for s in SERIES])),
            stock=_read_only(stock["stock"].to_numpy(float)),
            real_expenditure=_read_only(stock["real_expenditure"].to_numpy(float)),
            deflator=_read_only(stock["deflator"].to_numpy(float)),
            controls=_read_only(np.array([last[_CONTROL_COLUMNS[x]].to_numpy(float) for x in REGRESSORS[1:]])),
            region=tuple(regions.loc[list(names)]),
        )


@dataclass(frozen=True, eq=False)
class Paths:
    """Explanatory-variable paths of one run, years T..H (column 0 is the observed year T)."""

    x: np.ndarray  # (K+1, N, Y): tech = ln K, controls, time effect (relative to T)
    expenditure: np.ndarray  # (N, Y) real import spending
    subsidy: np.ndarray  # (N, Y) transfer, CNY 100 million (year-T prices)

    @property
    def change(self) -> np.ndarray:
        """x_t - x_T."""
        return self.x - self.x[:, :, :1]


def subsidy_targets(subsidy: Subsidy, anchors: Anchors) -> tuple[str, ...]:
    """The provinces a subsidy goes to: its allocation's, its list, or the ``lowest`` by import stock in
    year T."""
    if subsidy.allocation:
        return tuple(name for name, _ in subsidy.allocation)
    if subsidy.provinces:
        return subsidy.provinces
    order = np.argsort(anchors.stock, kind="stable")[: subsidy.lowest]
    return tuple(anchors.provinces[i] for i in sorted(order))


def _growth_matrix(scenario: Scenario, anchors: Anchors, years: np.ndarray) -> np.ndarray:
    """Real import-spending growth (fraction) by province and projected year."""
    baseline = scenario.assumptions.import_growth / 100
    policy = np.full(len(anchors.provinces), np.nan)
    if scenario.import_growth is not None:
        policy[:] = scenario.import_growth / 100
    regions = dict(scenario.region_growth)
    provinces = dict(scenario.province_growth)
    for i, (name, region) in enumerate(zip(anchors.provinces, anchors.region)):
        if name in provinces:
            policy[i] = provinces[name] / 100
        elif region in regions:
            policy[i] = regions[region] / 100
    start = scenario.phase_in if scenario.phase_in is not None else anchors.year + 1
    active = (years >= start)[None, :] & ~np.isnan(policy)[:, None]
    return np.where(active, np.nan_to_num(policy)[:, None], baseline)


def build_paths(scenario: Scenario, anchors: Anchors, horizon: int, subsidy: bool = True) -> Paths:
    """The explanatory-variable paths of ``scenario`` for years T..``horizon`` (see module docstring)."""
    years = np.arange(anchors.year + 1, horizon + 1)
    steps = np.arange(1, len(years) + 1, dtype=float)
    n = len(anchors.provinces)
    expenditure = anchors.real_expenditure[:, None] * np.cumprod(1 + _growth_matrix(scenario, anchors, years), axis=1)
    transfer = np.zeros((n, len(years)))
    plan = scenario.subsidy
    if subsidy and plan.active:
        targets = subsidy_targets(plan, anchors)
        paid = (years >= (plan.start or years[0])) & (years <= (plan.end or years[-1]))
        rows = [anchors.provinces.index(t) for t in targets]
        amounts = dict(plan.allocation) if plan.allocation else dict.fromkeys(targets, plan.amount / len(targets))
        transfer[np.ix_(rows, np.flatnonzero(paid))] = np.array([amounts[t] for t in targets])[:, None]
        expenditure = expenditure + plan.share * transfer / anchors.deflator[:, None]
    stock = perpetual_inventory(expenditure, delta=DEPRECIATION, initial_stock=anchors.stock)
    assumptions = scenario.assumptions
    x = np.empty((len(REGRESSORS) + 1, n, len(years) + 1))
    x[0] = np.log(np.column_stack([anchors.stock, stock]))
    for k, name in enumerate(REGRESSORS[1:], start=1):
        kind, field_name, unit = _CONTROL_PATHS[name]
        rate = getattr(assumptions, field_name) / 100 if kind == "growth" else getattr(assumptions, field_name) * unit
        level = anchors.controls[k - 1][:, None]
        path = level * (1 + rate) ** steps if kind == "growth" else level + rate * steps
        if name in _SHARES:
            path = np.clip(path, 0.0, 1.0)
        x[k] = np.column_stack([level[:, 0], np.clip(path, 0.0, None)])
    if plan.raises_fin and subsidy and plan.active:
        gdp = np.array([GDP_2020[p] for p in anchors.provinces])[:, None]
        gdp = gdp * (1 + assumptions.gdp_growth / 100) ** (years - 2020)[None, :]
        fin = REGRESSORS.index("fin")
        x[fin, :, 1:] = np.clip(x[fin, :, 1:] + transfer / gdp, 0.0, 1.0)
    # years since T when the time effect is trended (its coefficient is each series' trend), else 0
    x[TIME] = np.concatenate([[0.0], steps if assumptions.time_effect == "trend" else 0 * steps])[None, :]
    return Paths(x=_read_only(x), expenditure=_read_only(expenditure), subsidy=_read_only(transfer))


class Eigen:
    """W = V diag(lambda) V^-1, computed once, and the SDM's reduced-form effects through it.

    S_k = (I - rho W)^-1 (beta_k I + theta_k W) = V diag((beta_k + theta_k lambda) / (1 - rho lambda)) V^-1,
    so for many parameter vectors sum_k S_k dx_k is V times the eigen-space factors times V^-1 dx (no
    solve per vector). For a W similar to a symmetric matrix (row-standardised distance or contiguity
    weights) lambda and V are real; otherwise complex arithmetic is kept and the real part taken at
    the end.
    """

    def __init__(self, matrix: np.ndarray):
        values, vectors = np.linalg.eig(np.asarray(matrix, dtype=float))
        if np.abs(values.imag).max() < 1e-10 and np.abs(vectors.imag).max() < 1e-10:
            values, vectors = values.real, vectors.real
        self.values = _read_only(values)
        self.vectors = _read_only(vectors)
        self.inverse = _read_only(np.linalg.inv(vectors))

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

    def effect_matrices(self, rho: float, beta: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """S_k for every k: (K, N, N), real."""
        factors = self.factors(np.asarray(rho), beta, theta)
        return np.real(np.einsum("in,kn,nj->kij", self.vectors, factors, self.inverse))


@functools.cache
def _blas_controller():
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # without it BLAS keeps its own threading: slower, same results
        return None
    return ThreadpoolController()


_BLAS_USERS_LOCK = threading.Lock()
_blas_users = 0
_blas_limiter = None


@contextlib.contextmanager
def _single_threaded_blas():
    """A context limiting BLAS to one thread: the draws' products are small, and on a shared 2-CPU
    machine threaded BLAS made a recompute 2-4x slower and far noisier (bench/bench_projection.py
    --threads 2); the engine's own threads (:data:`WORKERS`) share the work instead. The limit is
    process-wide, so it is counted: set by the first of overlapping calls (Streamlit sessions run in
    threads) and restored by the last."""
    global _blas_users, _blas_limiter
    controller = _blas_controller()
    if controller is None:
        yield
        return
    with _BLAS_USERS_LOCK:
        if _blas_users == 0:
            _blas_limiter = controller.limit(limits=1, user_api="blas")
        _blas_users += 1
    try:
        yield
    finally:
        with _BLAS_USERS_LOCK:
            _blas_users -= 1
            if _blas_users == 0:
                _blas_limiter.restore_original_limits()


#: Threads computing a recompute's draw blocks: the calling thread and WORKERS - 1 pooled ones. numpy
#: releases the GIL in its products, exponentials and sorts, so the blocks run on both CPUs of a
#: 2-CPU machine; 1 runs everything on the calling thread (same results: the blocks are independent).
WORKERS = min(2, os.cpu_count() or 1)
#: Projected years per draw block: a block's arrays (30 provinces x 8 years x 1,000 draws, float32,
#: about 1 MB each, four of them) stay in a core's L2 cache from the products to the sorts; smaller
#: blocks cost more calls, larger ones spill (blocks of 2 to 20 years measured: 8 to 10 were best).
BLOCK_YEARS = 8

_SCRATCH = threading.local()


def _scratch(name: str, size: int, dtype=DRAW_DTYPE) -> np.ndarray:
    """A per-thread scratch array of ``size`` elements, reused across recomputes (fresh multi-megabyte
    arrays cost a page fault per 4 KB on every call)."""
    buffers = _SCRATCH.__dict__.setdefault("buffers", {})
    key = (name, np.dtype(dtype).str)
    buffer = buffers.get(key)
    if buffer is None or buffer.size < size:
        buffer = buffers[key] = np.empty(size, dtype=dtype)
    return buffer[:size]


@functools.cache
def _pool(workers: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="projection")


def _in_parallel(function, items: list[tuple]) -> None:
    """``function(*item)`` for every item, on the calling thread and ``WORKERS - 1`` pooled threads,
    each taking the next item when it is done (so a thread slowed by other jobs takes fewer)."""
    lock = threading.Lock()
    position = iter(range(len(items)))

    def drain():
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                return
            function(*items[index])

    helpers = [_pool(WORKERS - 1).submit(drain) for _ in range(WORKERS - 1)] if WORKERS > 1 else []
    try:
        drain()
    finally:
        for helper in helpers:
            if not helper.cancel():  # a helper still queued behind another call is cancelled, not awaited
                helper.result()


@dataclass(frozen=True)
class _BandPlan:
    """How the :data:`BAND_LEVELS` percentiles of ``count`` draws are taken (see :func:`percentile_bands`).

    ``positions``: per level, the 0-based ranks of the two order statistics around h = (count - 1) q
    and the weight g = h - floor h, as numpy.quantile computes them; ``ranks`` lists those ranks in
    that order. ``tail``: how many of the smallest (and of the largest) values of a row the ranks
    reach (51 of 1,000 for 5 and 95 %).
    """

    count: int
    positions: tuple[tuple[int, int, float], ...]
    tail: int

    @classmethod
    @functools.cache
    def of(cls, count: int) -> "_BandPlan":
        positions = []
        for h in (count - 1) * (np.array(BAND_LEVELS) / 100):
            below = min(int(np.floor(h)), count - 1)
            positions.append((below, min(below + 1, count - 1), h - np.floor(h)))
        depth = max(min(rank, count - 1 - rank) for below, above, _ in positions for rank in (below, above))
        return cls(count, tuple(positions), depth + 1)

    @functools.cached_property
    def ranks(self) -> tuple[int, ...]:
        """The ranks of :attr:`positions`, flattened (lower and upper of each level)."""
        return tuple(rank for below, above, _ in self.positions for rank in (below, above))

    @property
    def halves(self) -> bool:
        """Whether the selection from sorted halves applies (the tails reach at most a quarter in)."""
        return 4 * self.tail <= self.count

    def order_statistics(self, values: np.ndarray, out: np.ndarray) -> np.ndarray:
        """The order statistics of :attr:`ranks` over the last axis of ``values``, into ``out``
        (len(ranks), ...); ``values`` is scrambled (its halves sorted in place).

        Each half of a row is sorted (numpy's SIMD sort sorts rows of up to 512 values by sorting
        networks, 1.3 ns a value here against 2.5 ns in rows of 1,000). The m = :attr:`tail` smallest
        values of the row are among the m smallest of each half, A (ascending) and B; by the half-cleaner step
        of Batcher's bitonic merge, min(A_i, B_(m-1-i)), i < m, are exactly those m smallest, and
        max of the m largest of each half paired the same way are the m largest. Those two short rows
        are sorted and the ranks read off.
        """
        if not self.halves:
            values.sort(axis=-1)
            for row, rank in enumerate(self.ranks):
                out[row] = values[..., rank]
            return out
        count, half, m = self.count, self.count // 2, self.tail
        values[..., :half].sort(axis=-1)
        values[..., half:].sort(axis=-1)
        tails = np.empty((*values.shape[:-1], 2, m), dtype=values.dtype)
        np.minimum(values[..., :m], values[..., half + m - 1 : half - 1 : -1], out=tails[..., 0, :])
        np.maximum(values[..., half - m : half], values[..., count - 1 : count - 1 - m : -1], out=tails[..., 1, :])
        tails.sort(axis=-1)
        for row, rank in enumerate(self.ranks):
            out[row] = tails[..., 0, rank] if rank < m else tails[..., 1, m - (count - rank)]
        return out

    def bands(self, statistics_: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """The percentiles from the order statistics (len(ranks), ...): (2, ...), float64, with
        numpy.quantile's interpolation arithmetic (a + (b - a) g for g < 0.5, else b - (b - a)(1 - g))."""
        if out is None:
            out = np.empty((2, *statistics_.shape[1:]))
        for row, (_, _, weight) in enumerate(self.positions):
            lower, upper = statistics_[2 * row], statistics_[2 * row + 1]
            step = upper - lower
            if weight >= 0.5:
                np.subtract(upper, step * (1 - weight), out=out[row])
            else:
                np.add(lower, step * weight, out=out[row])
        return out


def percentile_bands(values: np.ndarray) -> np.ndarray:
    """The :data:`BAND_LEVELS` percentiles over the last axis of ``values``: shape (2, ...), float64.

    Exactly ``numpy.quantile(values, [0.05, 0.95], axis=-1)`` (method "linear", Hyndman-Fan type 7):
    with n values and q the level, the order statistics a = x_(floor h) and b = x_(floor h + 1) at
    h = (n - 1) q (0-based ranks), interpolated with numpy's own arithmetic, so the results are equal
    to the last bit (tested). The order statistics are selected exactly from the sorted halves of each
    row (:meth:`_BandPlan.order_statistics`), which scrambles ``values`` in place. ``values`` must
    hold no NaN (numpy.quantile would return NaN for such a row).
    """
    plan = _BandPlan.of(values.shape[-1])
    statistics_ = np.empty((len(plan.ranks), *values.shape[:-1]), dtype=values.dtype)
    return plan.bands(plan.order_statistics(values, statistics_))


def _with_time(values: np.ndarray, time_values) -> np.ndarray:
    """Append the time-effect pseudo-regressor's coefficient (broadcast over leading axes) to the last axis."""
    column = np.broadcast_to(np.asarray(time_values, dtype=float)[..., None], (*values.shape[:-1], 1))
    return np.concatenate([values, column], axis=-1)


class ProjectionEngine:
    """Everything a projection needs that does not depend on the levers, computed once.

    ``panel`` gives the last observed year; ``coefficients`` is a coefficient source (see
    :data:`scenarios.projection.scenario.COEFFICIENT_SOURCES`) or a tuple of :class:`SeriesCoefficients` (one per
    series, in :data:`SERIES` order); ``weights`` defaults to the source's matrix. Projections reach
    ``max_horizon`` at most.

    Precomputed: W's eigendecomposition; each series' effect matrices S_k at the estimates (point
    projections and the own-effect split are one product each); the coefficient draws and, for the
    spatial series, their eigen-space factors (beta_k + theta_k lambda_n) / (1 - rho lambda_n) in
    float32, so a recompute's draws are two products per block: V^-1 dx times the factors, then V
    times that. The baseline's paths and point projection.
    """

    def __init__(self, panel, coefficients: str | tuple = "published-W1", weights=None, draws: int = 1000,
                 seed: int = 0, max_horizon: int = 2060):
        if isinstance(coefficients, str):
            matrix = coefficients.split("-")[1]
            if weights is None:
                from scenarios.geography import spatial_weights

                weights = spatial_weights(matrix)
            models = (
                coefficient_sources.published(matrix)
                if coefficients.startswith("published")
                else coefficient_sources.estimated(panel, matrix, weights)
            )
        else:
            models = tuple(coefficients)
        if weights is None:
            raise ValueError("weights are needed with explicit coefficients")
        if [m.series for m in models] != list(SERIES):
            raise ValueError(f"need coefficients for {', '.join(SERIES)} in that order")
        self.models = models
        self.weights = weights
        self.synthetic = bool(getattr(panel, "synthetic", False))
        self.anchors = Anchors.from_panel(panel, tuple(weights.names))
        self.eigen = Eigen(weights.matrix)
        self.draw_count = int(draws)
        self.spatial = np.array([m.spatial for m in models])
        if not self.spatial[0] or (np.diff(self.spatial.astype(int)) > 0).any():
            raise ValueError("spatial series must come first (total is always spatial)")
        self.spatial_count = int(self.spatial.sum())
        trends = np.array([m.time_trend for m in models])
        # point estimates as one draw: rho (S, 1), beta/theta (S, 1, K+1) with the time effect last
        self.point = (
            np.array([[m.rho] for m in models]),
            _with_time(np.array([[m.beta] for m in models]), trends[:, None]),
            _with_time(np.array([[m.theta] for m in models]), 0.0),
        )
        n = len(self.anchors.provinces)
        self.effect_matrices = _read_only(
            np.array([
                self.eigen.effect_matrices(r[0], b[0], t[0]) if spatial else b[0][:, None, None] * np.eye(n)
                for r, b, t, spatial in zip(*self.point, self.spatial)
            ])
        )  # (S, K+1, N, N); beta_k I exactly for series without spillover
        self.own_diagonals = _read_only(np.diagonal(self.effect_matrices, axis1=2, axis2=3).copy())  # (S, K+1, N)
        # sum_k S_k dx_k as one product: (S, N, (K+1) N) times dx stacked as ((K+1) N, Y)
        self._point_operator = np.ascontiguousarray(
            self.effect_matrices.transpose(0, 2, 1, 3).reshape(len(SERIES), n, -1)
        )
        rng = np.random.default_rng(seed)
        sampled = [m.draws(self.draw_count, rng, bounds=self.eigen.stable_range) for m in models]
        spatial, plain = np.flatnonzero(self.spatial), np.flatnonzero(~self.spatial)
        self.spatial_draws = (
            np.array([sampled[s][0] for s in spatial]),
            _with_time(np.array([sampled[s][1] for s in spatial]), trends[spatial, None]),
            _with_time(np.array([sampled[s][2] for s in spatial]), 0.0),
        )
        complex_w = np.iscomplexobj(self.eigen.vectors)
        self._draw_dtype = np.complex64 if complex_w else DRAW_DTYPE
        # (S_spatial, N, K+1, D): the factors of every draw, eigenvalue-major for the block products
        self._factors = _read_only(
            np.ascontiguousarray(self.eigen.factors(*self.spatial_draws).transpose(0, 3, 2, 1), dtype=self._draw_dtype)
        )
        # V padded with zeros to a multiple of 16 rows and columns: OpenBLAS's sgemm kernel works in
        # 16-row tiles, and a 30 x 30 times 30 x 8,000 product took 25 % longer than a 32 x 32 one
        self.padded_rows = -(-n // 16) * 16
        self._vectors = np.zeros((self.padded_rows, self.padded_rows), dtype=self._draw_dtype)
        self._vectors[:n, :n] = self.eigen.vectors
        self._vectors = _read_only(self._vectors)
        # plain fixed-effects series: (S_plain, K+1, D) for one matrix product
        self.plain_draws = _read_only(np.ascontiguousarray(_with_time(
            np.array([sampled[s][1] for s in plain]).reshape(len(plain), self.draw_count, len(REGRESSORS)),
            trends[plain, None],
        ).transpose(0, 2, 1), dtype=DRAW_DTYPE))
        # covariance of (beta, time) of the plain series, for their exact normal bands
        k = len(REGRESSORS)
        self.plain_cov = np.zeros((len(plain), k + 1, k + 1))
        for row, s in enumerate(plain):
            self.plain_cov[row, :k, :k] = models[s].cov[1 : 1 + k, 1 : 1 + k]
        self._co2 = _read_only(self.anchors.co2.astype(DRAW_DTYPE))
        self.max_horizon = max_horizon
        self.baseline_paths = build_paths(Scenario(), self.anchors, max_horizon)
        self.baseline_change = _read_only(self.point_change(self.baseline_paths.change))
        # the baseline's draws of the spatial series, by the same blocks as a recompute's
        baseline = self.baseline_paths.change
        self.baseline_draws = np.zeros((self.spatial_count, n, baseline.shape[-1], self.draw_count), DRAW_DTYPE)
        operands = self._draw_operands(baseline)
        with _single_threaded_blas():
            for series, start, stop in self._blocks(baseline.shape[-1]):
                if series < self.spatial_count:
                    draws = _scratch("draws", self.padded_rows * (stop - start) * self.draw_count)
                    self.baseline_draws[series, :, start:stop] = self._draws(
                        series, operands, start, stop, draws.reshape(self.padded_rows, stop - start, -1))
        self.baseline_draws.setflags(write=False)

    def point_change(self, change: np.ndarray) -> np.ndarray:
        """y_t - y_T at the estimates for every series: (S, N, Y)."""
        return self._point_operator @ change.reshape(-1, change.shape[-1])

    def own_change(self, change: np.ndarray) -> np.ndarray:
        """The own-effect part sum_k [S_k]_ii dx_ik: (S, N, Y)."""
        return np.einsum("ski,kiy->siy", self.own_diagonals, change)

    def _draw_operands(self, change: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What the draw products take from a change dx (K+1, N, Y): V^-1 dx for the spatial series
        and dx itself for the others, both laid out (N, Y, K+1) in the draws' precision."""
        eigen_space = np.matmul(self.eigen.inverse, change).transpose(1, 2, 0)
        # C order: each province's (years, K+1) slice must be a plain matrix for BLAS
        return (np.ascontiguousarray(eigen_space, dtype=self._draw_dtype),
                np.ascontiguousarray(change.transpose(1, 2, 0), dtype=DRAW_DTYPE))

    def _draws(self, series: int, operands, start: int, stop: int, out: np.ndarray) -> np.ndarray:
        """y_t - y_T of ``series`` for years ``start:stop`` and every draw: the first N rows of ``out``,
        a contiguous float32 array (:attr:`padded_rows`, years, D) whose last rows are scratch."""
        eigen_space, plain = operands
        n, rows, years = len(self.anchors.provinces), self.padded_rows, stop - start
        if series < self.spatial_count:
            inner = _scratch("inner", rows * years * self.draw_count, self._draw_dtype).reshape(rows, years, -1)
            inner[n:] = 0
            np.matmul(eigen_space[:, start:stop], self._factors[series], out=inner[:n])
            if self._draw_dtype is DRAW_DTYPE:
                np.matmul(self._vectors, inner.reshape(rows, -1), out=out.reshape(rows, -1))
            else:
                out.reshape(rows, -1)[...] = np.real(self._vectors @ inner.reshape(rows, -1))
        else:
            np.matmul(plain[:, start:stop], self.plain_draws[series - self.spatial_count], out=out[:n])
        return out[:n]

    def draw_change(self, change: np.ndarray) -> np.ndarray:
        """y_t - y_T for every series and draw, draws last: (S, N, Y, D), in :data:`DRAW_DTYPE`."""
        k, n, years = change.shape
        out = np.empty((len(SERIES), self.padded_rows, years, self.draw_count), dtype=DRAW_DTYPE)
        operands = self._draw_operands(change)
        for series in range(len(SERIES)):
            self._draws(series, operands, 0, years, out[series])
        return out[:, :n]

    def _blocks(self, span: int) -> list[tuple[int, int, int]]:
        """(series, first year, stop) of the draw blocks covering years 1..span - 1 (year 0 is T)."""
        return [(series, start, min(start + BLOCK_YEARS, span))
                for series in range(len(SERIES)) for start in range(1, span, BLOCK_YEARS)]

    def _draw_bands(self, change: np.ndarray, difference: np.ndarray) -> tuple[np.ndarray, ...]:
        """Bands from the draws: the 5/95 % percentiles of the spatial series' log changes y_t - y_T
        (2, S_spatial, N, Y) and of their differences from the baseline (paired draws), and of every
        series' national sum (2, S, Y).

        The draws are made by blocks of one series x :data:`BLOCK_YEARS` years (in parallel, see
        :data:`WORKERS`), each reduced at once to the order statistics the bands need
        (:meth:`_BandPlan.order_statistics`). A spatial block computes the difference draws from the
        difference of the paths (so small differences keep float32's relative precision), and the
        scenario's as the engine's baseline draws plus those: one product with V per block instead of
        two. Year T has no spread: every draw is the observed value.
        """
        n, span = change.shape[1:]
        spatial = self.spatial_count
        plan = _BandPlan.of(self.draw_count)
        ranks = len(plan.ranks)
        # (ranks, scenario / difference, series, province, year); the national sums' draws (series, year, D)
        spatial_statistics = np.zeros((ranks, 2, spatial, n, span), dtype=DRAW_DTYPE)
        national_draws = np.empty((len(SERIES), span, self.draw_count), dtype=DRAW_DTYPE)
        national_draws[:, 0] = 0  # year T: set below, exactly
        operands, difference_operands = self._draw_operands(change), self._draw_operands(difference)

        def block(series: int, start: int, stop: int) -> None:
            years = slice(start, stop)
            size = self.padded_rows * (stop - start) * self.draw_count
            buffers = _scratch("draws", 2 * size).reshape(2, self.padded_rows, stop - start, -1)
            pair = buffers[:, :n]  # scenario, difference
            draws = pair[0]
            if series < spatial:
                self._draws(series, difference_operands, start, stop, buffers[1])
                np.add(self.baseline_draws[series, :, years], pair[1], out=draws)
            else:
                self._draws(series, operands, start, stop, buffers[0])
            levels = _scratch("levels", n * (stop - start) * self.draw_count).reshape(n, -1)
            with np.errstate(over="ignore"):  # an explosive draw gives an infinite band, not an error
                np.exp(draws.reshape(n, -1), out=levels)
            np.matmul(self._co2[series], levels, out=national_draws[series, years].reshape(-1))
            if series < spatial:
                plan.order_statistics(pair, spatial_statistics[:, :, series, :, years])

        _in_parallel(block, self._blocks(span))
        spatial_bands = plan.bands(spatial_statistics)
        national_statistics = np.empty((ranks, len(SERIES), span), dtype=DRAW_DTYPE)
        national_bands = plan.bands(plan.order_statistics(national_draws, national_statistics))
        national_bands[:, :, 0] = self.anchors.co2.sum(axis=1)
        return spatial_bands[:, 0], spatial_bands[:, 1], national_bands

    def _bands(self, draw_bands: np.ndarray, point: np.ndarray, change: np.ndarray) -> np.ndarray:
        """5/95 % bands of every series: the draws' percentiles for the spatial series; for series
        without spillover, whose projection is linear in their coefficients, the exact normal quantiles
        point +/- z sd, sd^2 = dx' Cov(beta) dx."""
        spatial = self.spatial_count
        out = np.empty((2, *point.shape))
        out[:, :spatial] = draw_bands
        if spatial < len(SERIES):
            flat = change.reshape(len(change), -1)
            sd = np.sqrt(((self.plain_cov @ flat) * flat).sum(axis=1)).reshape(-1, *change.shape[1:])
            out[0, spatial:] = point[spatial:] - NORMAL_QUANTILE_95 * sd
            out[1, spatial:] = point[spatial:] + NORMAL_QUANTILE_95 * sd
        return out

    def project(self, scenario: Scenario) -> "Projection":
        """The projection of ``scenario`` (its coefficient source must be the engine's).

        BLAS runs single-threaded meanwhile (:func:`_single_threaded_blas`).
        """
        with _single_threaded_blas():
            return self._project(scenario)

    def _project(self, scenario: Scenario) -> "Projection":
        horizon = scenario.horizon
        if horizon <= self.anchors.year:
            raise InputError(
                Problem(f"must be after the last observed year {self.anchors.year}", parameter="horizon")
            )
        if horizon > self.max_horizon:
            raise InputError(Problem(f"must be at most {self.max_horizon}", parameter="horizon"))
        span = horizon - self.anchors.year + 1
        modified = build_paths(scenario.without_policy(), self.anchors, horizon)
        paths = build_paths(scenario, self.anchors, horizon)
        base_change = self.baseline_paths.change[:, :, :span]
        base_y = self.baseline_change[:, :, :span]
        scenario_y = self.point_change(paths.change)
        modified_y = self.point_change(modified.change)
        difference = paths.change - base_change
        own = self.own_change(difference)
        level_bands, delta_bands, national_bands = self._draw_bands(paths.change, difference)
        without_subsidy_y = None
        if scenario.subsidy.active:
            without_subsidy_y = self.point_change(
                build_paths(scenario, self.anchors, horizon, subsidy=False).change
            )
        return Projection(
            scenario=scenario,
            anchors=self.anchors,
            models=self.models,
            synthetic=self.synthetic,
            baseline_y=base_y,
            modified_y=modified_y,
            scenario_y=scenario_y,
            own=own,
            scenario_bands=self._bands(level_bands, scenario_y, paths.change),
            delta_bands=self._bands(delta_bands, scenario_y - base_y, difference),
            national_bands=national_bands,
            baseline_tech=self.baseline_paths.x[0, :, :span],
            scenario_tech=paths.x[0],
            subsidy=paths.subsidy,
            without_subsidy_y=without_subsidy_y,
            targets=subsidy_targets(scenario.subsidy, self.anchors) if scenario.subsidy.active else (),
        )


_ENGINES: dict[tuple, ProjectionEngine] = {}
_ENGINE_CACHE_SIZE = 8


def engine_for(panel, coefficients: str, draws: int = 1000, seed: int = 0) -> ProjectionEngine:
    """The cached engine for a panel's content (its fingerprint), a coefficient source, draws and seed.

    Keyed by content, not identity, so a panel re-read or copied (as Streamlit's data cache does)
    reuses the engine; the oldest of :data:`_ENGINE_CACHE_SIZE` engines is dropped first.
    """
    key = (getattr(panel, "fingerprint", id(panel)), bool(getattr(panel, "synthetic", False)), coefficients,
           int(draws), int(seed))
    if key not in _ENGINES:
        if len(_ENGINES) >= _ENGINE_CACHE_SIZE:
            _ENGINES.pop(next(iter(_ENGINES)))
        _ENGINES[key] = ProjectionEngine(panel, coefficients, draws=draws, seed=seed)
    return _ENGINES[key]


def _province_list(names: list[str], of: int) -> str:
    """Provinces named in a caution: "all 30 provinces", up to six by name, else five and a count."""
    if len(names) == of:
        return f"all {of} provinces"
    if len(names) <= 6:
        return ", ".join(names)
    return f"{', '.join(names[:5])} and {len(names) - 5} more provinces"


def project(scenario: Scenario, panel, draws: int = 1000, seed: int = 0) -> "Projection":
    """Project ``scenario`` from ``panel``'s last observed year (see the module docstring)."""
    return engine_for(panel, scenario.coefficients, draws, seed).project(scenario)


class Projection:
    """Results of a projection: baseline, modified baseline and scenario emissions, their difference
    split into own effect and spillover, bands, peaks, avoided emissions and the subsidy's cost.

    Arrays are (series, province, year) over :attr:`years` (the last observed year first). Frames are
    built on first access and handed out as copies.
    """

    def __init__(self, scenario, anchors, models, synthetic, baseline_y, modified_y, scenario_y, own,
                 scenario_bands, delta_bands, national_bands, baseline_tech, scenario_tech, subsidy,
                 without_subsidy_y, targets):
        self._scenario = scenario
        self._anchors = anchors
        self._models = models
        self._synthetic = synthetic
        co2 = anchors.co2[:, :, None]
        self._baseline = co2 * np.exp(baseline_y)
        self._modified = co2 * np.exp(modified_y)
        self._scenario_mt = co2 * np.exp(scenario_y)
        self._delta = scenario_y - baseline_y
        self._own = own
        self._scenario_bands = co2[None] * np.exp(scenario_bands)
        self._delta_bands = delta_bands
        self._national_bands = national_bands
        self._baseline_tech = baseline_tech
        self._scenario_tech = scenario_tech
        self._subsidy = subsidy
        self._without_subsidy = None if without_subsidy_y is None else co2 * np.exp(without_subsidy_y)
        self._targets = targets

    @property
    def scenario(self) -> Scenario:
        """The scenario projected."""
        return self._scenario

    @property
    def synthetic(self) -> bool:
        """True when the panel is synthetic (the demo panel): every output must say so."""
        return self._synthetic

    @property
    def last_observed_year(self) -> int:
        """The year T projections start from."""
        return self._anchors.year

    @property
    def years(self) -> tuple[int, ...]:
        """T, T+1, ..., horizon."""
        return tuple(range(self._anchors.year, self._scenario.horizon + 1))

    @property
    def provinces(self) -> tuple[str, ...]:
        """Provinces in W's (canonical) order."""
        return self._anchors.provinces

    @property
    def subsidy_targets(self) -> tuple[str, ...]:
        """Provinces receiving the subsidy (empty without one)."""
        return self._targets

    @property
    def sources(self) -> pd.Series:
        """Where each series' coefficients come from."""
        return pd.Series({m.series: m.source for m in self._models}, name="source")

    @property
    def warnings(self) -> tuple[Caution, ...]:
        """Plain cautions, each with a stable ``kind`` (:class:`scenarios.projection.scenario.Caution`): the
        scenario's own, a steep trended time effect, a re-estimated rho at an end of its admissible
        interval, levers far outside the sample, industries that avoid more than the total, synthetic data
        (first, kind :data:`SYNTHETIC_KIND`)."""
        notes = list(self._scenario.warnings)
        if self._scenario.assumptions.time_effect == "trend":
            # With a row-standardised W, (I - rho W)^-1 1 gamma = gamma / (1 - rho) in every province.
            steep = [f"{m.series} {100 * math.expm1(m.time_trend / (1 - m.rho)):+.0f} %" for m in self._models
                     if abs(m.time_trend / (1 - m.rho)) > STEEP_TIME_TREND]
            if steep:
                notes.append(Caution(
                    "steep_trend",
                    "The trended time effect alone changes emissions by {changes} a year, compounding to "
                    "{horizon}. In the sample it also absorbs the common rise of the technology-import stocks, "
                    "so extrapolated it can swamp every lever: prefer 'hold' unless the trend is credible.",
                    changes=", ".join(steep), horizon=self._scenario.horizon,
                ))
        for m in self._models:
            if m.rho_at_bound:
                low, high = m.rho_interval
                notes.append(Caution(
                    "rho_at_bound",
                    "The SDM re-estimated for {series} puts rho ({rho}) at an end of its admissible interval "
                    "({low}, {high}): the likelihood still rises there, so rho, the spillovers and their bands "
                    "are not reliable.",
                    series=m.series, rho=f"{m.rho:.4g}", low=f"{low:.4g}", high=f"{high:.4g}",
                ))
        jump = np.abs(self._scenario_tech - self._baseline_tech).max(axis=1)
        far = [(name, change) for name, change in zip(self.provinces, jump) if change > LARGE_TECH_CHANGE]
        if far:
            largest = max(change for _, change in far)
            names = [name for name, _ in far]
            notes.append(Caution(
                "far_tech",
                "The levers move the technology-import stock of {who} more than {fold}-fold away from the "
                "baseline (up to {largest}-fold): far beyond the variation the coefficients were estimated on, "
                "so the effects there are extrapolations of a log-linear model.",
                who=_province_list(names, len(self.provinces)),
                fold=f"{math.exp(LARGE_TECH_CHANGE):.1f}", largest=f"{math.exp(largest):,.0f}",
            ))
        avoided = self.avoided_mt
        industries = avoided.drop("total").sum()
        if abs(industries) > abs(avoided["total"]) + 1e-6:
            notes.append(Caution(
                "industries_exceed_total",
                "Against the baseline the four industries together change by {industries} Mt, total emissions "
                "by only {total} Mt (summed to {horizon}): each series is its own model (with different "
                "coefficients and spillovers), not a part of the total, so compare each with its own baseline "
                "rather than with the total.",
                industries=f"{-industries:+,.1f}", total=f"{-avoided['total']:+,.1f}",
                horizon=self._scenario.horizon,
            ))
        if self._synthetic:
            notes.insert(0, Caution(SYNTHETIC_KIND, SYNTHETIC_NOTICE))
        return tuple(notes)

    @functools.cached_property
    def _frame(self) -> pd.DataFrame:
        series, provinces, years = len(SERIES), len(self.provinces), len(self.years)
        shape = (series, provinces, years)
        change_mt = self._scenario_mt - self._baseline
        with np.errstate(divide="ignore", invalid="ignore"):
            own_share = np.where(self._delta != 0, self._own / self._delta, 0.0)
        spatial = np.array([m.spatial for m in self._models])
        frame = pd.DataFrame(
            {
                "province": np.broadcast_to(np.array(self.provinces, dtype=object)[None, :, None], shape).ravel(),
                "year": np.broadcast_to(np.array(self.years)[None, None, :], shape).ravel(),
                "industry": np.broadcast_to(np.array(SERIES, dtype=object)[:, None, None], shape).ravel(),
                "baseline_mt": self._baseline.ravel(),
                "modified_baseline_mt": self._modified.ravel(),
                "scenario_mt": self._scenario_mt.ravel(),
                "scenario_mt_p05": self._scenario_bands[0].ravel(),
                "scenario_mt_p95": self._scenario_bands[1].ravel(),
                "delta_log": self._delta.ravel(),
                "delta_log_p05": self._delta_bands[0].ravel(),
                "delta_log_p95": self._delta_bands[1].ravel(),
                "own": self._own.ravel(),
                "spillover": (self._delta - self._own).ravel(),
                "policy_delta_log": np.log(self._scenario_mt / self._modified).ravel(),
                "own_mt": (change_mt * own_share).ravel(),
                "spillover_mt": (change_mt * (1 - own_share)).ravel(),
                "tech_baseline": np.broadcast_to(self._baseline_tech[None], shape).ravel(),
                "tech_scenario": np.broadcast_to(self._scenario_tech[None], shape).ravel(),
                "spillover_modelled": np.broadcast_to(spatial[:, None, None], shape).ravel(),
            }
        )
        frame["synthetic"] = self._synthetic
        return frame

    @property
    def frame(self) -> pd.DataFrame:
        """Long frame by province, year, industry (a copy). Columns:

        baseline_mt, modified_baseline_mt, scenario_mt (Mt CO2) and the scenario's 5-95 % band;
        delta_log = ln(scenario / baseline) with its band, split into own + spillover (log points);
        policy_delta_log = ln(scenario / modified baseline); own_mt, spillover_mt: the Mt change
        scenario - baseline allocated in proportion to own and spillover; tech_baseline, tech_scenario
        = ln K; spillover_modelled (False for published industries); synthetic.
        """
        return self._frame.copy()

    @functools.cached_property
    def _national(self) -> pd.DataFrame:
        sums = {
            "baseline_mt": self._baseline.sum(axis=1),
            "modified_baseline_mt": self._modified.sum(axis=1),
            "scenario_mt": self._scenario_mt.sum(axis=1),
        }
        frame = self._frame
        split = frame.groupby(["industry", "year"], sort=False)[["own_mt", "spillover_mt"]].sum()
        shape = sums["baseline_mt"].shape
        out = pd.DataFrame(
            {
                "year": np.broadcast_to(np.array(self.years)[None, :], shape).ravel(),
                "industry": np.broadcast_to(np.array(SERIES, dtype=object)[:, None], shape).ravel(),
                **{name: values.ravel() for name, values in sums.items()},
            }
        )
        out["scenario_mt_p05"] = self._national_bands[0].ravel()
        out["scenario_mt_p95"] = self._national_bands[1].ravel()
        out["delta_log"] = np.log(out["scenario_mt"] / out["baseline_mt"])
        out["policy_delta_log"] = np.log(out["scenario_mt"] / out["modified_baseline_mt"])
        out["own_mt"] = split["own_mt"].to_numpy()
        out["spillover_mt"] = split["spillover_mt"].to_numpy()
        out["synthetic"] = self._synthetic
        return out

    @property
    def national(self) -> pd.DataFrame:
        """National totals (sum of the 30 provinces) by year and industry, a copy: baseline,
        modified baseline and scenario Mt, the scenario's 5-95 % band (percentiles of the national sum
        over draws), delta_log = ln(scenario/baseline) and policy_delta_log = ln(scenario/modified
        baseline) of the national sums, and the Mt change split into own effects and spillovers."""
        return self._national.copy()

    @functools.cached_property
    def _peaks(self) -> pd.DataFrame:
        years = np.array(self.years)
        rows = {}
        for name, values in (("baseline", self._baseline), ("scenario", self._scenario_mt)):
            rows[f"peak_year_{name}"] = years[np.argmax(values, axis=2)].ravel()
        index = pd.MultiIndex.from_product([SERIES, self.provinces], names=["industry", "province"])
        return pd.DataFrame(rows, index=index)

    @property
    def peaks(self) -> pd.DataFrame:
        """Year of the highest emissions, T..horizon, per industry and province (the first if tied)."""
        return self._peaks.copy()

    def national_peak_year(self, industry: str = "total", run: str = "scenario") -> int:
        """Year of the highest national emissions of ``industry`` in ``run`` (baseline or scenario)."""
        values = (self._baseline if run == "baseline" else self._scenario_mt)[SERIES.index(industry)].sum(axis=0)
        return int(self.years[int(np.argmax(values))])

    @property
    def avoided_mt(self) -> pd.Series:
        """Cumulative emissions avoided over T+1..horizon, baseline - scenario, Mt, by industry."""
        return pd.Series((self._baseline - self._scenario_mt)[:, :, 1:].sum(axis=(1, 2)), index=SERIES,
                         name="avoided_mt")

    @property
    def avoided_by_province(self) -> pd.DataFrame:
        """Cumulative emissions avoided over T+1..horizon, baseline - scenario, Mt, province x industry
        (negative: the province emits more, e.g. through the siphon spillover)."""
        avoided = (self._baseline - self._scenario_mt)[:, :, 1:].sum(axis=2)
        return pd.DataFrame(avoided.T, index=pd.Index(self.provinces, name="province"), columns=list(SERIES))

    @property
    def policy_avoided_mt(self) -> pd.Series:
        """Cumulative emissions avoided by the policies alone, modified baseline - scenario, Mt."""
        return pd.Series((self._modified - self._scenario_mt)[:, :, 1:].sum(axis=(1, 2)), index=SERIES,
                         name="policy_avoided_mt")

    @property
    def subsidy_cost(self) -> float:
        """Total fiscal cost of the subsidy over the horizon, CNY 100 million (year-T prices)."""
        return float(self._subsidy.sum())

    @property
    def subsidy_avoided_mt(self) -> float:
        """Total CO2 avoided by the subsidy (scenario without it - scenario), national, Mt, T+1..horizon.

        Includes the spillovers: the extra imports raise neighbours' emissions where theta_tech > 0.
        """
        if self._without_subsidy is None:
            return 0.0
        return float((self._without_subsidy[0] - self._scenario_mt[0])[:, 1:].sum())

    @property
    def cost_per_tonne(self) -> float:
        """Subsidy cost per tonne of total CO2 it avoids, CNY per t (NaN when it avoids none)."""
        avoided = self.subsidy_avoided_mt
        if self.subsidy_cost == 0 or avoided <= 0:
            return math.nan
        return self.subsidy_cost * 1e8 / (avoided * 1e6)

    def to_dict(self) -> dict:
        """The headline numbers, JSON-ready (national totals, peaks, avoided Mt, cost per tonne)."""
        national = self._national
        horizon = national[national["year"] == self._scenario.horizon].set_index("industry")
        peaks = self._peaks.loc["total"]
        cost = self.cost_per_tonne
        return {
            "synthetic": self._synthetic,
            "scenario": self._scenario.name,
            "coefficients": self._scenario.coefficients,
            "last_observed_year": self.last_observed_year,
            "horizon": self._scenario.horizon,
            "national_at_horizon_mt": {
                industry: {
                    run: round(float(horizon.loc[industry, f"{run}_mt"]), 3)
                    for run in ("baseline", "modified_baseline", "scenario")
                }
                for industry in SERIES
            },
            "national_peak_year": {
                "baseline": self.national_peak_year(run="baseline"),
                "scenario": self.national_peak_year(run="scenario"),
            },
            "peak_year_by_province": {p: int(peaks.loc[p, "peak_year_scenario"]) for p in self.provinces},
            "avoided_mt": {k: round(float(v), 3) for k, v in self.avoided_mt.items()},
            "policy_avoided_mt": {k: round(float(v), 3) for k, v in self.policy_avoided_mt.items()},
            "avoided_total_mt_by_province": {
                p: round(float(v), 3) for p, v in self.avoided_by_province["total"].items()
            },
            "subsidy": {
                "targets": list(self._targets),
                "cost_cny_100m": round(self.subsidy_cost, 3),
                "avoided_mt": round(self.subsidy_avoided_mt, 4),
                "cost_per_tonne_cny": None if math.isnan(cost) else round(cost, 2),
            },
            "coefficient_sources": self.sources.to_dict(),
            "warnings": list(self.warnings),
        }

    @property
    def summary(self) -> str:
        """A plain-text summary of the headline numbers."""
        info = self.to_dict()
        lines = []
        if self._synthetic:
            lines.append(SYNTHETIC_NOTICE)
        lines += [
            f"Scenario: {info['scenario']} ({info['coefficients']}), {info['last_observed_year']} -> "
            f"{info['horizon']}",
            f"{'industry':<20}{'baseline Mt':>14}{'scenario Mt':>14}{'avoided Mt':>14}",
        ]
        for industry in SERIES:
            at = info["national_at_horizon_mt"][industry]
            lines.append(
                f"{industry:<20}{at['baseline']:>14.1f}{at['scenario']:>14.1f}{info['avoided_mt'][industry]:>14.1f}"
            )
        peak = info["national_peak_year"]
        lines.append(f"National peak year (total CO2): baseline {peak['baseline']}, scenario {peak['scenario']}")
        if self._targets:
            cost = info["subsidy"]["cost_per_tonne_cny"]
            lines.append(
                f"Subsidy to {', '.join(self._targets)}: CNY {info['subsidy']['cost_cny_100m'] / 10:,.1f} billion "
                f"and {info['subsidy']['avoided_mt']:.2f} Mt avoided to {self.years[-1]}, "
                + (f"CNY {cost:,.0f} per tonne" if cost is not None else "no net reduction")
            )
        lines += [caution for caution in self.warnings if caution.kind != SYNTHETIC_KIND]  # the notice heads it
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary
