"""Projections of provincial and industry CO2 under a :class:`~scenarios.projection.scenario.Scenario`.

The model (paper §2.3.2, Table 9): with y_t the vector of log emissions of the 30 provinces in year t,
the spatial Durbin model with two-way effects y_t = rho W y_t + X_t beta + W X_t theta + mu + gamma_t + e_t
has the reduced form

    y_t = (I - rho W)^-1 (X_t beta + W X_t theta + mu + gamma_t 1).

Projections are made in differences from the last observed year T, so the province effects mu (not
published by the paper) cancel, and anchored on the observed emissions of year T (the real anchors:
T = 2019, CEADs, with the technology-import stock observed through 2023; a panel: its last year;
:class:`Anchors`):

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
kept inside W's stable range (1/lambda_min, 1/lambda_max) by resampling
(:func:`scenarios.econometrics.effects.draws_in_stable_range`); with published coefficients the
covariance is diagonal from the printed t statistics, an approximation. Bands are central at ``level``
(default 0.9: the 5th and 95th percentiles) over draws of each province-year-series value, exactly as
``numpy.quantile`` (linear interpolation, :func:`percentile_bands`); the time trend and the observed
anchors are not drawn.

Speed (budgets: 50 ms per recompute with 1,000-draw bands for 30 x 5 x 40 with re-estimated
coefficients, 20 ms with published ones; bench/bench_projection.py): W = V Lambda V^-1 is diagonalised
once, so for every draw (I - rho W)^-1 (beta I + theta W) = V diag((beta + theta lambda) /
(1 - rho lambda)) V^-1: a recompute's draws are V^-1 dx times the draws' eigen-space factors, then V
times that, two small products instead of a linear solve per draw. Everything that does not depend on
the levers is computed once per :class:`ProjectionEngine` (the effect matrices S_k, the draws and their
eigen-space factors in float32, the baseline's draws); engines are cached by (panel fingerprint,
coefficients, draws, seed) in a bounded cache (:data:`ENGINES`). A recompute works by blocks of one
series x :data:`BLOCK_YEARS` years that stay in cache, on the calling thread, each product small
enough for one BLAS thread (:func:`_matmul_single_threaded`: the same bits in every session), and
reduces each block at once to the order statistics the bands need (:func:`_take_neighbours`).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from scenarios.cache import BoundedCache, read_only
from scenarios.data.panel import DEPRECIATION, perpetual_inventory, technology_stock
from scenarios.econometrics.effects import SpectralWeights, effect_matrices
from scenarios.errors import InputError, Problem
from scenarios.geography import provinces as province_table
from scenarios.projection import coefficients as coefficient_sources
from scenarios.projection.coefficients import REGRESSORS, SERIES, SERIES_COLUMN
from scenarios.projection.results import DEFAULT_BAND_LEVEL, Projection, band_percentiles
from scenarios.projection.scenario import Assumptions, Scenario, Subsidy
from scenarios.provenance import REAL_PROJECTION_LABEL, data_label
from scenarios.units import CNY_10K_PER_100M

#: Provincial GDP in 2020, CNY 100 million (NBS, China Statistical Yearbook 2021, "Gross regional
#: product", rounded), used only to turn a subsidy into a change of fin = local budget expenditure / GDP.
#: Transcribed without the yearbook to hand (sum 1,010,516 for the 30): to be checked. The effect is
#: small either way (a CNY 1 billion transfer moves fin by ~0.001 in a mid-sized province).
GDP_2020: Mapping[str, float] = MappingProxyType(
    {
        "Beijing": 36103,
        "Tianjin": 14084,
        "Hebei": 36207,
        "Shanxi": 17652,
        "Inner Mongolia": 17360,
        "Liaoning": 25115,
        "Jilin": 12311,
        "Heilongjiang": 13699,
        "Shanghai": 38701,
        "Jiangsu": 102719,
        "Zhejiang": 64613,
        "Anhui": 38681,
        "Fujian": 43904,
        "Jiangxi": 25692,
        "Shandong": 73129,
        "Henan": 54997,
        "Hubei": 43443,
        "Hunan": 41781,
        "Guangdong": 110761,
        "Guangxi": 22157,
        "Hainan": 5532,
        "Chongqing": 25003,
        "Sichuan": 48599,
        "Guizhou": 17827,
        "Yunnan": 24522,
        "Shaanxi": 26182,
        "Gansu": 9017,
        "Qinghai": 3006,
        "Ningxia": 3921,
        "Xinjiang": 13798,
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
#: The control variables in words (for messages).
_CONTROL_NAMES = {
    "gdp": "GDP per capita",
    "ind": "tertiary share",
    "ei": "energy intensity",
    "tra": "trade openness",
    "edu": "schooling years",
    "fin": "fiscal expenditure share",
}

#: Precision of the coefficient draws (bands only; point projections are float64).
DRAW_DTYPE = np.float32
TIME = len(REGRESSORS)  # index of the time-effect pseudo-regressor
#: Projected years per draw block: a block's arrays (30 provinces x 8 years x 1,000 draws, float32,
#: about 1 MB each) stay in a core's L2 cache from the products to the sort.
BLOCK_YEARS = 8


@dataclass(frozen=True, eq=False)
class Anchors:
    """What projections start from, per province (in W's order): the emissions of the anchor year T, the
    technology-import stock, the control variables' levels and what the data set is.

    Two data sets give anchors (:meth:`of`): a panel (the synthetic demo or the user's), whose last year
    is T for everything (:meth:`from_panel`), and the real anchors (:meth:`from_real`): CEADs emissions
    of 2019 = T, the stock built from the spending observed through 2023 (:attr:`spending_year`), which
    enters every run as observed, and the NBS levels of 2019. Money: ``stock`` and ``real_expenditure``
    are in the data set's own unit, ``money_per_100m`` of it to one CNY 100 million (the subsidies' unit).
    """

    year: int
    provinces: tuple[str, ...]
    co2: np.ndarray  # (S, N) Mt, year T
    stock: np.ndarray  # (N,) K at the last observed spending year (the data set's money unit)
    real_expenditure: np.ndarray  # (N,) E at the last observed spending year, same unit
    deflator: np.ndarray  # (N,) price level of the last observed spending year (1: current prices)
    controls: np.ndarray  # (6, N) levels of gdp, ind, ei, tra, edu, fin in year T; NaN = not known
    region: tuple[str, ...]
    gdp: np.ndarray  # (N,) GDP, CNY 100 million, of ``gdp_year`` (for fin's change under a subsidy)
    gdp_year: int
    #: The stock unit per CNY 100 million: 1 for a panel, :data:`scenarios.units.CNY_10K_PER_100M` for real.
    money_per_100m: float = 1.0
    #: ln K of the years T .. spending_year, observed (N, spending_year - T + 1); (N, 1) for a panel.
    observed_tech: np.ndarray = None  # type: ignore[assignment]  # None given means: set in __post_init__
    #: The last year whose spending is observed: levers and subsidies start after it by default.
    spending_year: int = None  # type: ignore[assignment]  # None given means: T, set in __post_init__
    #: Provinces whose spending has cells not reported, filled by a stated rule, with how (flag text).
    filled: tuple[tuple[str, str], ...] = ()
    synthetic: bool = False
    #: The ``data`` label of everything computed from these anchors (:mod:`scenarios.provenance`).
    label: str = ""
    #: "real" or "panel".
    kind: str = "panel"

    def __post_init__(self):
        if self.spending_year is None:
            object.__setattr__(self, "spending_year", self.year)
        if self.observed_tech is None:
            object.__setattr__(self, "observed_tech", read_only(np.log(self.stock)[:, None]))

    @classmethod
    def of(cls, data, names: tuple[str, ...]) -> Anchors:
        """The anchors of a data set: :class:`scenarios.data.anchors.RealAnchors` or a panel."""
        from scenarios.data.anchors import RealAnchors

        return cls.from_real(data, names) if isinstance(data, RealAnchors) else cls.from_panel(data, names)

    @classmethod
    def from_panel(cls, panel, names: tuple[str, ...]) -> Anchors:
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
        synthetic = bool(getattr(panel, "synthetic", False))
        return cls(
            year=year,
            provinces=tuple(names),
            co2=read_only(np.array([last[SERIES_COLUMN[s]].to_numpy(float) for s in SERIES])),
            stock=read_only(stock["stock"].to_numpy(float)),
            real_expenditure=read_only(stock["real_expenditure"].to_numpy(float)),
            deflator=read_only(stock["deflator"].to_numpy(float)),
            controls=read_only(np.array([last[_CONTROL_COLUMNS[x]].to_numpy(float) for x in REGRESSORS[1:]])),
            region=tuple(regions.loc[list(names)]),
            gdp=read_only(np.array([GDP_2020[p] for p in names], dtype=float)),
            gdp_year=2020,
            synthetic=synthetic,
            label=data_label(synthetic),
        )

    @classmethod
    def from_real(cls, real, names: tuple[str, ...]) -> Anchors:
        """Anchors from the real tables (:func:`scenarios.data.anchors.real_anchors`).

        T = 2019, the last CEADs year: ``co2`` is CEADs 2019 (total and the four industries, Mt CO2). The
        stock is the perpetual inventory of the spending observed 2018-2023 (unreported cells filled by
        the tables' rule, :func:`scenarios.data.anchors.fill_unreported`), with the steady-state base
        stock E_2018 / (g + delta) (:data:`REAL_BASE_PERIOD`): the printed Eq. 1 starts at 0.91 E_2018 and
        the stock then rises 4.2-fold over 2018-2023 while spending falls 16%, a rise that the model
        would read as technology import. ln K of 2019-2023 enters every run as observed. Not deflated
        (the raw data carry no price index after 2018): deflator 1, CNY 10,000 at current prices. Controls:
        GDP per capita (CNY 10,000) and the tertiary share from NBS 2019; energy intensity, trade
        openness, schooling and the fiscal share have no real level (NaN).
        """
        from scenarios.data.anchors import TECH_YEARS

        order = list(names)
        emissions = real.emissions.xs(REAL_ANCHOR_YEAR, level="year").reindex(order)
        stock = real.stock(base_period=REAL_BASE_PERIOD).reindex(order)
        observed_years = [y for y in TECH_YEARS if y >= REAL_ANCHOR_YEAR]
        controls_t = real.controls.xs(REAL_ANCHOR_YEAR, level="year").reindex(order)
        known = {
            "gdp": controls_t["gdp_per_capita"].to_numpy(float),
            "ind": controls_t["tertiary_share"].to_numpy(float),
        }
        controls = np.array([known.get(x, np.full(len(order), np.nan)) for x in REGRESSORS[1:]])
        regions = province_table().set_index("name_en")["region"]
        flags = real.tech_flags.reindex(order)
        filled = tuple(
            (province, "; ".join(f"{year} {flag}" for year, flag in row.items() if flag != "reported"))
            for province, row in flags.iterrows()
            if (row != "reported").any()
        )
        last = TECH_YEARS[-1]
        return cls(
            year=REAL_ANCHOR_YEAR,
            provinces=tuple(order),
            co2=read_only(emissions[list(SERIES)].to_numpy(float).T),
            stock=read_only(stock[last].to_numpy(float)),
            real_expenditure=read_only(real.tech_expenditure_filled.reindex(order)[last].to_numpy(float)),
            deflator=read_only(np.ones(len(order))),
            controls=read_only(controls),
            region=tuple(regions.loc[order]),
            gdp=read_only(controls_t["gdp"].to_numpy(float)),
            gdp_year=REAL_ANCHOR_YEAR,
            money_per_100m=CNY_10K_PER_100M,
            observed_tech=read_only(np.log(stock[observed_years].to_numpy(float))),
            spending_year=last,
            filled=filled,
            synthetic=False,
            label=REAL_PROJECTION_LABEL,
            kind="real",
        )

    @property
    def stock_at_anchor_year(self) -> np.ndarray:
        """K in year T (the data set's money unit)."""
        return np.exp(self.observed_tech[:, 0])


#: The real anchors' year T (the last CEADs year) and their base stock (see :meth:`Anchors.from_real`).
REAL_ANCHOR_YEAR = 2019
REAL_BASE_PERIOD = "griliches"

#: Assumptions that move a control variable by a growth rate, so need its level: disabled when the data
#: set has no level for it (:func:`disabled_levers`). Additive changes (ind, edu, fin) need none.
_LEVEL_NEEDED = {name: field_name for name, (kind, field_name, _) in _CONTROL_PATHS.items() if kind == "growth"}


def disabled_levers(anchors: Anchors) -> dict[str, str]:
    """Assumptions that cannot be used on ``anchors``, by parameter name, with the reason in English.

    A growth rate compounds on the level, so a control variable without a real level (the real anchors
    carry NBS GDP and value added only) cannot be grown: the lever is disabled, never given a guessed level."""
    out = {}
    for k, name in enumerate(REGRESSORS[1:]):
        if name in _LEVEL_NEEDED and np.isnan(anchors.controls[k]).any():
            out[f"assumptions.{_LEVEL_NEEDED[name]}"] = (
                f"the {_CONTROL_NAMES[name]} level of {anchors.year} is not in the data set "
                "(the real anchors carry NBS GDP and value added only), so its growth cannot be projected"
            )
    return out


@dataclass(frozen=True, eq=False)
class Paths:
    """Explanatory-variable paths of one run, years T..H (column 0 is the observed year T)."""

    x: np.ndarray  # (K+1, N, Y): tech = ln K, controls, time effect (relative to T)
    expenditure: np.ndarray  # (N, Y') real import spending of the unobserved years, the data set's unit
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


def first_policy_year(scenario: Scenario, anchors: Anchors) -> int:
    """The first year a lever acts: its phase-in (or subsidy start) year, but never a year whose spending
    is observed (default: the year after the last observed spending year, 2024 on the real anchors)."""
    return max(scenario.phase_in or 0, anchors.spending_year + 1)


def _growth_matrix(scenario: Scenario, anchors: Anchors, years: np.ndarray) -> np.ndarray:
    """Real import-spending growth (fraction) by province and projected (unobserved) year."""
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
    active = (years >= first_policy_year(scenario, anchors))[None, :] & ~np.isnan(policy)[:, None]
    return np.where(active, np.nan_to_num(policy)[:, None], baseline)


def build_paths(scenario: Scenario, anchors: Anchors, horizon: int, subsidy: bool = True) -> Paths:
    """The explanatory-variable paths of ``scenario`` for years T..``horizon`` (see module docstring).

    tech is observed through the anchors' last spending year (every run alike), then continued from
    that year's stock by the perpetual inventory of spending growing as the scenario says. Controls
    without a known level (NaN) move by their additive change alone, and only when no growth is asked
    of them (:func:`disabled_levers`)."""
    years = np.arange(anchors.year + 1, horizon + 1)
    future = years[years > anchors.spending_year]
    observed = len(years) - len(future)  # projected years whose spending is observed
    steps = np.arange(1, len(years) + 1, dtype=float)
    n = len(anchors.provinces)
    expenditure = anchors.real_expenditure[:, None] * np.cumprod(1 + _growth_matrix(scenario, anchors, future), axis=1)
    transfer = np.zeros((n, len(years)))
    plan = scenario.subsidy
    if subsidy and plan.active:
        targets = subsidy_targets(plan, anchors)
        start = max(plan.start or 0, anchors.spending_year + 1)
        paid = (years >= start) & (years <= (plan.end or years[-1]))
        rows = np.array([anchors.provinces.index(t) for t in targets], dtype=int)
        amounts = dict(plan.allocation) if plan.allocation else dict.fromkeys(targets, plan.amount / len(targets))
        transfer[np.ix_(rows, np.flatnonzero(paid))] = np.array([amounts[t] for t in targets])[:, None]
        # transfers are in CNY 100 million, the stock in the data set's unit
        expenditure = (
            expenditure + plan.share * transfer[:, observed:] * anchors.money_per_100m / anchors.deflator[:, None]
        )
    stock = perpetual_inventory(expenditure, delta=DEPRECIATION, initial_stock=anchors.stock)
    assumptions = scenario.assumptions
    x = np.empty((len(REGRESSORS) + 1, n, len(years) + 1))
    x[0] = np.column_stack([anchors.observed_tech[:, : observed + 1], np.log(stock)])
    for k, name in enumerate(REGRESSORS[1:], start=1):
        kind, field_name, unit = _CONTROL_PATHS[name]
        rate = getattr(assumptions, field_name) / 100 if kind == "growth" else getattr(assumptions, field_name) * unit
        level = anchors.controls[k - 1][:, None]
        unknown = np.isnan(level[:, 0])
        if kind == "growth":
            path = np.where(unknown[:, None], 0.0, level * (1 + rate) ** steps)
        else:
            path = np.nan_to_num(level) + rate * steps
        known_path = np.clip(path, 0.0, 1.0) if name in _SHARES else np.clip(path, 0.0, None)
        x[k] = np.column_stack([np.nan_to_num(level[:, 0]), np.where(unknown[:, None], path, known_path)])
    if plan.raises_fin and subsidy and plan.active:
        gdp = anchors.gdp[:, None] * (1 + assumptions.gdp_growth / 100) ** (years - anchors.gdp_year)[None, :]
        fin = REGRESSORS.index("fin")
        fin_path = x[fin, :, 1:] + transfer / gdp
        x[fin, :, 1:] = np.where(np.isnan(anchors.controls[fin - 1])[:, None], fin_path, np.clip(fin_path, 0.0, 1.0))
    # years since T when the time effect is trended (its coefficient is each series' trend), else 0
    x[TIME] = np.concatenate([[0.0], steps if assumptions.time_effect == "trend" else 0 * steps])[None, :]
    return Paths(x=read_only(x), expenditure=read_only(expenditure), subsidy=read_only(transfer))


#: The largest M x N x K of one float32 product on the draws. OpenBLAS runs a product on one thread
#: when M N K <= 2^18 (its SMP_THRESHOLD_MIN 65,536 x GEMM_MULTITHREAD_THRESHOLD 4) and splits larger
#: ones between threads, with other float32 rounding; threadpoolctl's limit, set from a Streamlit session's
#: thread, did not reliably hold. Products cut to this size give the same bits on any thread, alone or
#: beside other sessions, and need no process-wide state.
SINGLE_THREAD_PRODUCT = 2**18


def _matmul_single_threaded(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``np.matmul(a, b, out=out)`` in pieces small enough for one BLAS thread (:data:`SINGLE_THREAD_PRODUCT`):
    rows of a tall 2-D ``a`` (M x K) are taken 16 or more at a time (a kernel tile), else columns of
    ``b``; every element of the result is a dot product over K either way."""
    rows, inner = a.shape[-2:]
    columns = b.shape[-1]
    if rows * inner * columns <= SINGLE_THREAD_PRODUCT:
        return np.matmul(a, b, out=out)
    height = SINGLE_THREAD_PRODUCT // (inner * columns)
    if a.ndim == 2 and height >= 16:
        for start in range(0, rows, height):
            np.matmul(a[start : start + height], b, out=out[start : start + height])
        return out
    width = max(1, SINGLE_THREAD_PRODUCT // (rows * inner))
    for start in range(0, columns, width):
        np.matmul(a, b[..., start : start + width], out=out[..., start : start + width])
    return out


def _neighbour_ranks(count: int, level: float) -> tuple[tuple[int, float], ...]:
    """Per band end: the 0-based rank of the order statistic below h = (count - 1) q and the weight
    g = h - floor h, as ``numpy.quantile`` (method "linear") computes them."""
    out = []
    for h in (count - 1) * (np.array(band_percentiles(level)) / 100):
        below = min(int(np.floor(h)), max(count - 2, 0))
        out.append((below, h - below))
    return tuple(out)


def _interpolate(neighbours: np.ndarray, ranks) -> np.ndarray:
    """The band ends from the neighbouring order statistics a, b (2, ..., 2), with numpy.quantile's own
    interpolation arithmetic (``numpy.lib._function_base_impl._lerp``): a + (b - a) g, or b - (b - a)(1 - g)
    where g >= 0.5, g a float64 scalar, so float64 like numpy.quantile of a float32 sample."""
    out = np.empty(neighbours.shape[:-1])
    for end, (_, weight) in enumerate(ranks):
        below, above = neighbours[end, ..., 0], neighbours[end, ..., 1]
        step = above - below
        weight = np.float64(weight)
        if weight >= 0.5:
            np.subtract(above, step * (1 - weight), out=out[end])
        else:
            np.add(below, step * weight, out=out[end])
    return out


def _take_neighbours(values: np.ndarray, ranks, out: np.ndarray) -> None:
    """The two order statistics around each band end of the rows of ``values`` (last axis), into
    ``out`` (2, ..., 2); ``values`` is left scrambled (partly sorted in place).

    Rows of 1,000 sort at twice the cost per value of rows of 500 (numpy's SIMD sort finishes rows of up
    to 512 values with sorting networks), and the band ends lie in the tails. So each half of a row is
    sorted, and since the m smallest values of a row are among the m smallest of each half (and the m
    largest among the m largest of each half), the 2m candidates of each tail are sorted and the order
    statistics read off: m = 51 of 1,000 for the 5-95 % band. A band reaching more than a quarter into
    the row sorts the whole row instead.
    """
    count = values.shape[-1]
    last = count - 1
    wanted = [(below, min(below + 1, last)) for below, _ in ranks]
    depth = max(min(rank, last - rank) for pair in wanted for rank in pair) + 1
    if 4 * depth > count:
        values.sort(axis=-1)
        for end, (below, above) in enumerate(wanted):
            out[end, ..., 0], out[end, ..., 1] = values[..., below], values[..., above]
        return
    half = count // 2
    values[..., :half].sort(axis=-1)
    values[..., half:].sort(axis=-1)
    smallest = np.concatenate([values[..., :depth], values[..., half : half + depth]], axis=-1)
    largest = np.concatenate([values[..., half - depth : half], values[..., count - depth :]], axis=-1)
    smallest.sort(axis=-1)  # its first depth values are the row's depth smallest, in order
    largest.sort(axis=-1)  # its last depth values are the row's depth largest, in order
    for end, pair in enumerate(wanted):
        for side, rank in enumerate(pair):
            out[end, ..., side] = smallest[..., rank] if rank < depth else largest[..., 2 * depth - count + rank]


def percentile_bands(values: np.ndarray, level: float = 0.9) -> np.ndarray:
    """The central ``level`` band over the last axis of ``values``: shape (2, ...), float64.

    Exactly ``numpy.quantile(values, band_percentiles(level) / 100, axis=-1)`` (method "linear",
    Hyndman-Fan type 7): the two order statistics around h = (n - 1) q are taken from sorted rows
    (:func:`_take_neighbours`; ``values`` is scrambled in place) and interpolated with numpy's own
    arithmetic (:func:`_interpolate`), so the results are equal to the last bit (tested). ``values`` must hold no NaN (numpy.quantile would return
    NaN for such a row).
    """
    ranks = _neighbour_ranks(values.shape[-1], level)
    neighbours = np.empty((2, *values.shape[:-1], 2), dtype=values.dtype)
    _take_neighbours(values, ranks, neighbours)
    return _interpolate(neighbours, ranks)


def _with_time(values: np.ndarray, time_values) -> np.ndarray:
    """Append the time-effect pseudo-regressor's coefficient (broadcast over leading axes) to the last axis."""
    column = np.broadcast_to(np.asarray(time_values, dtype=float)[..., None], (*values.shape[:-1], 1))
    return np.concatenate([values, column], axis=-1)


class ProjectionEngine:
    """Everything a projection needs that does not depend on the levers, computed once; immutable.

    ``panel`` gives the last observed year; ``coefficients`` is a coefficient source (see
    :data:`scenarios.projection.scenario.COEFFICIENT_SOURCES`) or a tuple of :class:`SeriesCoefficients` (one per
    series, in :data:`SERIES` order); ``weights`` defaults to the source's matrix. Projections reach
    ``max_horizon`` at most.

    Precomputed: W's eigendecomposition; each series' effect matrices S_k at the estimates
    (:func:`scenarios.econometrics.effects.effect_matrices`: point projections and the own-effect split
    are one product each); the coefficient draws and, for the spatial series, their eigen-space factors
    (beta_k + theta_k lambda_n) / (1 - rho lambda_n) in float32, so a recompute's draws are two products
    per block: V^-1 dx times the factors, then V times that. The baseline's paths, point projection and
    draws. Engines are shared between sessions (:func:`engine_for`): every array is read-only and no
    attribute can be set after construction.
    """

    def __init__(
        self,
        panel,
        coefficients: str | tuple = "published-W1",
        weights=None,
        draws: int = 1000,
        seed: int = 0,
        max_horizon: int = 2060,
    ):
        if isinstance(coefficients, str):
            matrix = coefficients.split("-")[1]
            if weights is None:
                from scenarios.geography import spatial_weights

                weights = spatial_weights(matrix)
        if weights is None:
            raise ValueError("weights are needed with explicit coefficients")
        self.anchors = Anchors.of(panel, tuple(weights.names))
        if isinstance(coefficients, str):
            if not coefficients.startswith("published") and self.anchors.kind == "real":
                raise InputError(
                    Problem(
                        "re-estimated coefficients need a full panel (the real anchors have no controls before "
                        "2019 and no spending before 2018): load a panel, or use published-W1/W2/W3",
                        parameter="coefficients",
                    )
                )
            models = (
                coefficient_sources.published(matrix)
                if coefficients.startswith("published")
                else coefficient_sources.estimated(panel, matrix, weights)
            )
        else:
            models = tuple(coefficients)
        if [m.series for m in models] != list(SERIES):
            raise ValueError(f"need coefficients for {', '.join(SERIES)} in that order")
        self.models = models
        self.weights = weights
        self.synthetic = self.anchors.synthetic
        self.eigen = SpectralWeights(weights.matrix)
        self.draw_count = int(draws)
        self.spatial = read_only([m.spatial for m in models])
        if not self.spatial[0] or (np.diff(self.spatial.astype(int)) > 0).any():
            raise ValueError("spatial series must come first (total is always spatial)")
        self.spatial_count = int(self.spatial.sum())
        trends = np.array([m.time_trend for m in models])
        # point estimates as one draw: rho (S, 1), beta/theta (S, 1, K+1) with the time effect last
        self.point = tuple(
            read_only(values, copy=False)
            for values in (
                np.array([[m.rho] for m in models]),
                _with_time(np.array([[m.beta] for m in models]), trends[:, None]),
                _with_time(np.array([[m.theta] for m in models]), 0.0),
            )
        )
        n = len(self.anchors.provinces)
        self.effect_matrices = read_only(
            np.array(
                [
                    effect_matrices(self.eigen, r[0], b[0], t[0]) if spatial else b[0][:, None, None] * np.eye(n)
                    for r, b, t, spatial in zip(*self.point, self.spatial)
                ]
            ),
            copy=False,
        )  # (S, K+1, N, N); beta_k I exactly for series without spillover
        self.own_diagonals = read_only(np.diagonal(self.effect_matrices, axis1=2, axis2=3))  # (S, K+1, N)
        # sum_k S_k dx_k as one product: (S, N, (K+1) N) times dx stacked as ((K+1) N, Y)
        self._point_operator = read_only(
            np.ascontiguousarray(self.effect_matrices.transpose(0, 2, 1, 3).reshape(len(SERIES), n, -1)), copy=False
        )
        rng = np.random.default_rng(seed)
        sampled = [m.draws(self.draw_count, rng, bounds=self.eigen.stable_range) for m in models]
        spatial, plain = np.flatnonzero(self.spatial), np.flatnonzero(~self.spatial)
        self.spatial_draws = tuple(
            read_only(values, copy=False)
            for values in (
                np.array([sampled[s][0] for s in spatial]),
                _with_time(np.array([sampled[s][1] for s in spatial]), trends[spatial, None]),
                _with_time(np.array([sampled[s][2] for s in spatial]), 0.0),
            )
        )
        complex_w = np.iscomplexobj(self.eigen.vectors)
        self._draw_dtype = np.complex64 if complex_w else DRAW_DTYPE
        # (S_spatial, N, K+1, D): the factors of every draw, eigenvalue-major for the block products
        self._factors = read_only(
            np.ascontiguousarray(self.eigen.factors(*self.spatial_draws).transpose(0, 3, 2, 1), dtype=self._draw_dtype),
            copy=False,
        )
        # V padded with zeros to a multiple of 16 rows and columns: OpenBLAS's sgemm kernel works in
        # 16-row tiles, and a 30 x 30 times 30 x 8,000 product took 25 % longer than a 32 x 32 one
        self.padded_rows = -(-n // 16) * 16
        vectors = np.zeros((self.padded_rows, self.padded_rows), dtype=self._draw_dtype)
        vectors[:n, :n] = self.eigen.vectors
        self._vectors = read_only(vectors, copy=False)
        # plain fixed-effects series: (S_plain, K+1, D) for one matrix product
        self.plain_draws = read_only(
            np.ascontiguousarray(
                _with_time(
                    np.array([sampled[s][1] for s in plain]).reshape(len(plain), self.draw_count, len(REGRESSORS)),
                    trends[plain, None],
                ).transpose(0, 2, 1),
                dtype=DRAW_DTYPE,
            ),
            copy=False,
        )
        # covariance of (beta, time) of the plain series, for their exact normal bands
        k = len(REGRESSORS)
        plain_cov = np.zeros((len(plain), k + 1, k + 1))
        for row, s in enumerate(plain):
            plain_cov[row, :k, :k] = models[s].cov[1 : 1 + k, 1 : 1 + k]
        self.plain_cov = read_only(plain_cov, copy=False)
        self._co2 = read_only(self.anchors.co2, dtype=DRAW_DTYPE)
        self.max_horizon = max_horizon
        self.baseline_paths = build_paths(Scenario(), self.anchors, max_horizon)
        self.baseline_change = read_only(self.point_change(self.baseline_paths.change), copy=False)
        # the baseline's draws of the spatial series, by the same blocks as a recompute's
        baseline = self.baseline_paths.change
        baseline_draws = np.zeros((self.spatial_count, n, baseline.shape[-1], self.draw_count), DRAW_DTYPE)
        operands = self._draw_operands(baseline)
        block, inner = self._scratch(DRAW_DTYPE), self._scratch()
        for series, start, stop in self._blocks(baseline.shape[-1]):
            if series < self.spatial_count:
                baseline_draws[series, :, start:stop] = self._draws(
                    series, operands, start, stop, self._block(block, self.padded_rows, stop - start), inner
                )
        self.baseline_draws = read_only(baseline_draws, copy=False)
        self._frozen = True

    def __setattr__(self, name, value):
        if getattr(self, "_frozen", False):
            raise AttributeError(f"a ProjectionEngine is shared and immutable: {name} cannot be set")
        super().__setattr__(name, value)

    def __delattr__(self, name):
        raise AttributeError(f"a ProjectionEngine is shared and immutable: {name} cannot be deleted")

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
        return (
            np.ascontiguousarray(eigen_space, dtype=self._draw_dtype),
            np.ascontiguousarray(change.transpose(1, 2, 0), dtype=DRAW_DTYPE),
        )

    def _draws(self, series: int, operands, start: int, stop: int, out: np.ndarray, inner: np.ndarray) -> np.ndarray:
        """y_t - y_T of ``series`` for years ``start:stop`` and every draw: the first N rows of ``out``,
        a contiguous float32 array (:attr:`padded_rows`, years, D) whose last rows are scratch; ``inner``
        is flat scratch in the draws' dtype (:meth:`_scratch`). Every product runs on one BLAS thread
        (:func:`_matmul_single_threaded`)."""
        eigen_space, plain = operands
        n, rows, years = len(self.anchors.provinces), self.padded_rows, stop - start
        if series < self.spatial_count:
            inner = self._block(inner, rows, years)
            inner[n:] = 0
            _matmul_single_threaded(eigen_space[:, start:stop], self._factors[series], out=inner[:n])
            if self._draw_dtype is DRAW_DTYPE:
                _matmul_single_threaded(self._vectors, inner.reshape(rows, -1), out=out.reshape(rows, -1))
            else:
                product = np.empty((rows, years * self.draw_count), dtype=self._draw_dtype)
                out.reshape(rows, -1)[...] = np.real(
                    _matmul_single_threaded(self._vectors, inner.reshape(rows, -1), out=product)
                )
        else:  # one (N years, K+1) x (K+1, D) product, not one per province
            operand = np.ascontiguousarray(plain[:, start:stop]).reshape(n * years, -1)
            _matmul_single_threaded(
                operand, self.plain_draws[series - self.spatial_count], out=out[:n].reshape(n * years, -1)
            )
        return out[:n]

    def _scratch(self, dtype=None, count: int = 1) -> np.ndarray:
        """Flat room for ``count`` blocks of draws (:attr:`padded_rows` x :data:`BLOCK_YEARS` x D each):
        allocated once per call and reused by its blocks (a fresh megabyte array costs a page fault per
        4 KB each time), never kept on the shared engine."""
        return np.empty(count * self.padded_rows * BLOCK_YEARS * self.draw_count, dtype=dtype or self._draw_dtype)

    def _block(self, scratch: np.ndarray, *shape: int) -> np.ndarray:
        """A contiguous (``*shape``, D) array at the start of flat ``scratch``."""
        return scratch[: int(np.prod(shape)) * self.draw_count].reshape(*shape, self.draw_count)

    def draw_change(self, change: np.ndarray) -> np.ndarray:
        """y_t - y_T for every series and draw, draws last: (S, N, Y, D), in :data:`DRAW_DTYPE`."""
        k, n, years = change.shape
        out = np.empty((len(SERIES), self.padded_rows, years, self.draw_count), dtype=DRAW_DTYPE)
        operands = self._draw_operands(change)
        block, inner = self._scratch(DRAW_DTYPE), self._scratch()
        for series in range(len(SERIES)):
            for start in range(0, years, BLOCK_YEARS):
                stop = min(start + BLOCK_YEARS, years)
                out[series, :n, start:stop] = self._draws(
                    series, operands, start, stop, self._block(block, self.padded_rows, stop - start), inner
                )
        return out[:, :n]

    def _blocks(self, span: int) -> list[tuple[int, int, int]]:
        """(series, first year, stop) of the draw blocks covering years 1..span - 1 (year 0 is T)."""
        return [
            (series, start, min(start + BLOCK_YEARS, span))
            for series in range(len(SERIES))
            for start in range(1, span, BLOCK_YEARS)
        ]

    def _draw_bands(self, change: np.ndarray, difference: np.ndarray, level: float) -> tuple[np.ndarray, ...]:
        """Bands from the draws: the central ``level`` band of the spatial series' log changes y_t - y_T
        (2, S_spatial, N, Y) and of their differences from the baseline (paired draws), and of every
        series' national sum (2, S, Y).

        The draws are made by blocks of one series x :data:`BLOCK_YEARS` years (a block's arrays stay
        in cache from the products to the sort), each sorted at once along the draws and reduced to the
        two order statistics around each band end (:func:`percentile_bands`, exactly numpy.quantile).
        A spatial block computes the difference draws from the difference of the paths (so small
        differences keep float32's relative precision), and the scenario's as the engine's baseline
        draws plus those: one product with V per block instead of two. Year T has no spread: every
        draw is the observed value.
        """
        n, span = change.shape[1:]
        spatial = self.spatial_count
        ranks = _neighbour_ranks(self.draw_count, level)
        # (band end, scenario / difference, series, province, year, neighbour)
        neighbours = np.zeros((2, 2, spatial, n, span, 2), dtype=DRAW_DTYPE)
        national_draws = np.empty((len(SERIES), span, self.draw_count), dtype=DRAW_DTYPE)
        national_draws[:, 0] = 0  # year T: set below, exactly
        operands, difference_operands = self._draw_operands(change), self._draw_operands(difference)
        buffers, inner, levels = self._scratch(DRAW_DTYPE, count=2), self._scratch(), self._scratch(DRAW_DTYPE)
        for series, start, stop in self._blocks(span):
            years = slice(start, stop)
            block = self._block(buffers, 2, self.padded_rows, stop - start)
            pair = block[:, :n]  # scenario, difference
            if series < spatial:
                self._draws(series, difference_operands, start, stop, block[1], inner)
                np.add(self.baseline_draws[series, :, years], pair[1], out=pair[0])
            else:
                self._draws(series, operands, start, stop, block[0], inner)
            exponentials = self._block(levels, n, stop - start).reshape(n, -1)
            with np.errstate(over="ignore"):  # an explosive draw gives an infinite band, not an error
                np.exp(pair[0].reshape(n, -1), out=exponentials)
            np.matmul(self._co2[series], exponentials, out=national_draws[series, years].reshape(-1))
            if series < spatial:
                _take_neighbours(pair, ranks, neighbours[:, :, series, :, years])
        spatial_bands = _interpolate(neighbours, ranks)
        national_bands = percentile_bands(national_draws, level)
        national_bands[:, :, 0] = self.anchors.co2.sum(axis=1)
        return spatial_bands[:, 0], spatial_bands[:, 1], national_bands

    def _bands(self, draw_bands: np.ndarray, point: np.ndarray, change: np.ndarray, level: float) -> np.ndarray:
        """Central ``level`` bands of every series: the draws' percentiles for the spatial series; for
        series without spillover, whose projection is linear in their coefficients, the exact normal
        quantiles point +/- z sd, sd^2 = dx' Cov(beta) dx."""
        spatial = self.spatial_count
        out = np.empty((2, *point.shape))
        out[:, :spatial] = draw_bands
        if spatial < len(SERIES):
            z = statistics.NormalDist().inv_cdf(band_percentiles(level)[1] / 100)
            flat = change.reshape(len(change), -1)
            sd = np.sqrt(((self.plain_cov @ flat) * flat).sum(axis=1)).reshape(-1, *change.shape[1:])
            out[0, spatial:] = point[spatial:] - z * sd
            out[1, spatial:] = point[spatial:] + z * sd
        return out

    def project(self, scenario: Scenario, level: float = DEFAULT_BAND_LEVEL) -> Projection:
        """The projection of ``scenario`` (its coefficient source must be the engine's), with central
        ``level`` bands (default :data:`DEFAULT_BAND_LEVEL`: the 5th to 95th percentiles)."""
        horizon = scenario.horizon
        band_percentiles(level)  # checked before any work
        if horizon <= self.anchors.year:
            raise InputError(Problem(f"must be after the last observed year {self.anchors.year}", parameter="horizon"))
        if horizon > self.max_horizon:
            raise InputError(Problem(f"must be at most {self.max_horizon}", parameter="horizon"))
        defaults = Assumptions()
        problems = [
            Problem(reason, parameter=parameter)
            for parameter, reason in disabled_levers(self.anchors).items()
            if getattr(scenario.assumptions, parameter.split(".")[1]) != getattr(defaults, parameter.split(".")[1])
        ]
        if problems:
            raise InputError(problems)
        span = horizon - self.anchors.year + 1
        modified = build_paths(scenario.without_policy(), self.anchors, horizon)
        paths = build_paths(scenario, self.anchors, horizon)
        base_change = self.baseline_paths.change[:, :, :span]
        base_y = self.baseline_change[:, :, :span]
        scenario_y = self.point_change(paths.change)
        modified_y = self.point_change(modified.change)
        difference = paths.change - base_change
        own = self.own_change(difference)
        level_bands, delta_bands, national_bands = self._draw_bands(paths.change, difference, level)
        without_subsidy_y = None
        if scenario.subsidy.active:
            without_subsidy_y = self.point_change(build_paths(scenario, self.anchors, horizon, subsidy=False).change)
        return Projection(
            scenario=scenario,
            anchors=self.anchors,
            models=self.models,
            weights=self.weights,
            effect_matrices=self.effect_matrices,
            synthetic=self.synthetic,
            band_level=level,
            baseline_y=base_y,
            modified_y=modified_y,
            scenario_y=scenario_y,
            own=own,
            scenario_bands=self._bands(level_bands, scenario_y, paths.change, level),
            delta_bands=self._bands(delta_bands, scenario_y - base_y, difference, level),
            national_bands=national_bands,
            baseline_tech=self.baseline_paths.x[0, :, :span],
            scenario_tech=paths.x[0],
            subsidy=paths.subsidy,
            without_subsidy_y=without_subsidy_y,
            targets=subsidy_targets(scenario.subsidy, self.anchors) if scenario.subsidy.active else (),
        )


#: Projection engines by (panel fingerprint, synthetic, coefficient source, draws, seed): each holds
#: about 30 MB (the baseline's draws), so the 8 most recently used.
ENGINES: BoundedCache[ProjectionEngine] = BoundedCache(8)


def engine_for(panel, coefficients: str, draws: int = 1000, seed: int = 0) -> ProjectionEngine:
    """The cached engine for a panel's content (its fingerprint), a coefficient source, draws and seed.

    Keyed by content, not identity, so a panel re-read or copied (as Streamlit's data cache does)
    reuses the engine (:data:`ENGINES`).
    """
    key = (
        getattr(panel, "fingerprint", id(panel)),
        bool(getattr(panel, "synthetic", False)),
        coefficients,
        int(draws),
        int(seed),
    )
    return ENGINES.get(key, lambda: ProjectionEngine(panel, coefficients, draws=draws, seed=seed))


def project(
    scenario: Scenario, panel, draws: int = 1000, seed: int = 0, level: float = DEFAULT_BAND_LEVEL
) -> Projection:
    """Project ``scenario`` from ``panel``'s last observed year (see the module docstring), with
    central ``level`` bands."""
    return engine_for(panel, scenario.coefficients, draws, seed).project(scenario, level)
