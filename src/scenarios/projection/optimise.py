"""Where should a technology-import subsidy go? The marginal map and the optimal allocation across provinces.

The paper (§5) recommends subsidising the provinces that import least. With a spatial Durbin model a
province's extra technology import cuts its own emissions (beta_tech < 0) but, where theta_tech > 0
(Table 9: the *siphon* effect), raises its neighbours'. This module answers the planner's question: given
a budget, which provinces should receive it so that national emissions of a chosen series fall most,
spillovers included?

**The projection as a function of the allocation.** A subsidy pays province j an annual amount x_j (CNY
100 million, prices of the last observed year T) in the years paid; ``share`` of it is extra real
technology-import spending, share x_j / P_j (P_j the year-T deflator). The perpetual inventory (paper
Eq. 2) is linear, so the stock is K_jt(x) = K0_jt + a_jt x_j with K0 the stock without the subsidy and
a_jt = share / P_j sum_{tau <= t, tau paid} (1 - delta)^(t - tau). The engine's reduced form (paper Eq. 4,
:mod:`scenarios.projection.engine`) then gives, for series s, province i and year t,

    y_sit(x) = y0_sit + sum_j [S_tech,s]_ij ln(1 + a_jt x_j / K0_jt) (+ sum_j [S_fin,s]_ij dfin_jt(x)),
    E_sit(x) = CO2_si,T exp(y_sit(x)),        S_k,s = (I - rho_s W)^-1 (beta_k,s I + theta_k,s W),

the fin term only when the subsidy also raises local budget expenditure (fin rises by x_j / GDP_jt in
the years paid, kept in [0, 1]). This is the projection itself, not a linearisation: ``change_mt`` equals
the engine's ``subsidy_avoided_mt`` (with the sign turned) to rounding (tested).

**Objective.** F(x) = sum over the chosen series (total, one industry, or the four industries together),
provinces i and years t of w_t (E_sit(x) - E_sit(0)), Mt, with w_t = 1 for T+1..horizon (``cumulative``)
or only for the horizon year (``horizon``). The avoided emissions are -F(x).

**Marginal map.** dF/dx_j = sum_{s,i,t} w_t E_sit(x) [S_tech,s]_ij a_jt / K_jt(x) (+ the fin term), the
national effect of one more unit paid to j, spillovers included; reported in t CO2 per CNY 10,000 of
spending (dF/dx_j x 100 / years paid, since x is per year). Positive: j's extra imports *raise* national
emissions, because the siphon onto its neighbours (the terms i != j) outweighs its own cut (i = j). At
x = 0 this is sum over i and years of the emission level of i times [S_tech]_ij times d ln K_j / dCNY.

**Optimisation.** minimise F(x) over x_j >= 0, sum_j x_j = budget, x_j = 0 outside the eligible
provinces (all, the k lowest-stock provinces, or a list) and x_j <= cap_j (a share of the budget, or a
multiple m of the province's own import spending: share x_j <= m E_jT P_jT). Solved by scipy's SLSQP with
the analytic gradient above, from several feasible starts (equal split over the eligible provinces, the
reference rules where feasible, and the cheapest provinces first by their marginals at zero); the best
is kept. F is not convex in general (ln K is concave; the siphon terms enter with a positive sign), so
the first-order (KKT) conditions are checked and their largest violation reported: with lambda the
budget's multiplier, dF/dx_j = lambda where 0 < x_j < cap_j, >= lambda where x_j = 0, <= lambda at the cap.

**Reference rules.** The paper's (equal shares to the k provinces with the lowest stock in year T; k from
``lowest:K`` eligibility, else the scenario's ``subsidy.lowest``) and an equal split across all
provinces. **Robustness**: the avoided Mt of the optimum and both rules under each of the engine's
coefficient draws (:meth:`ProjectionEngine.draw_change`, the same draws as the projection's bands), their
5-95 % bands, and the share of draws in which the optimum beats the paper's rule.

The model is log-linear in ln K: a budget large against a province's own import spending pushes its
stock far beyond the sample, where the effects are extrapolations; the projection's cautions (``far_tech``
and the rest) are carried in :attr:`Optimisation.warnings`, and the multiple-of-own-spending cap keeps an
allocation near the data.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from scenarios.blas import single_threaded_blas
from scenarios.data.panel import DEPRECIATION, perpetual_inventory
from scenarios.errors import InputError, Problem
from scenarios.geography import canonical_province
from scenarios.projection.coefficients import REGRESSORS, SERIES
from scenarios.projection.engine import (
    ProjectionEngine,
    build_paths,
    subsidy_targets,
)
from scenarios.projection.link import encode
from scenarios.projection.scenario import LIMITS, Caution, Scenario, Subsidy
from scenarios.provenance import SYNTHETIC_NOTICE, labelled
from scenarios.summary import Summarised

#: What can be minimised: one series, or "industries" (the four industries summed).
SERIES_CHOICES = (*SERIES, "industries")
OBJECTIVES = ("cumulative", "horizon")
#: Unit conversions: a derivative in Mt per CNY 100 million is 100 t per CNY 10,000.
T_PER_CNY_10K = 100.0
#: An amount within this share of the budget of 0 (or of its cap), or within the rounding unit of the
#: amounts (CNY 10,000 a year), counts as at the bound (KKT check).
BOUND_TOLERANCE = 1e-6
_FIN = REGRESSORS.index("fin")


def _series_mask(series: str) -> np.ndarray:
    if series not in SERIES_CHOICES:
        raise InputError(Problem(f"must be one of {', '.join(SERIES_CHOICES)}, got {series!r}", parameter="series"))
    return np.array([name != "total" if series == "industries" else name == series for name in SERIES], float)


class AllocationModel:
    """National emissions as an exact function of per-province annual subsidy amounts (module docstring).

    ``scenario`` gives everything but the subsidy's amounts (coefficients, horizon, growth levers,
    assumptions, and ``raises_fin``); ``start``/``end`` (years paid, default the whole horizon) and
    ``share`` (spent on imports) are the subsidy's terms. Arrays are by series (:data:`SERIES`), province
    (the engine's order) and projected year T+1..horizon.
    """

    def __init__(
        self,
        engine: ProjectionEngine,
        scenario: Scenario,
        start: int | None = None,
        end: int | None = None,
        share: float = 1.0,
    ):
        anchors = engine.anchors
        terms = Subsidy(share=share, start=start, end=end, raises_fin=scenario.subsidy.raises_fin)
        self.engine = engine
        self.scenario = scenario.with_(subsidy=terms)
        self.terms = terms
        horizon = scenario.horizon
        if horizon <= anchors.year or horizon > engine.max_horizon:
            raise InputError(
                Problem(f"must be between {anchors.year + 1} and {engine.max_horizon}", parameter="horizon")
            )
        self.years = np.arange(anchors.year + 1, horizon + 1)
        # never in a year whose spending is observed (as build_paths pays it)
        first = max(start or 0, anchors.spending_year + 1)
        self.paid = (self.years >= first) & (self.years <= (end or self.years[-1]))
        if not self.paid.any():
            raise InputError(Problem(f"no subsidy year falls within {self.years[0]}-{horizon}", parameter="start"))
        self.paths = build_paths(self.scenario, anchors, horizon, subsidy=False)
        self.change0 = self.paths.change  # (K+1, N, Y+1), year T first
        self.y0 = engine.point_change(self.change0)[:, :, 1:]
        self.levels0 = anchors.co2[:, :, None] * np.exp(self.y0)  # (S, N, Y) Mt without the subsidy
        self.stock0 = np.exp(self.paths.x[0, :, 1:])
        carried = perpetual_inventory(self.paid[None, :].astype(float), delta=DEPRECIATION, initial_stock=0.0)[0]
        # a_jt = dK_jt / dx_j, x_j in CNY 100 million, K in the data set's unit
        self.stock_slope = share * anchors.money_per_100m / anchors.deflator[:, None] * carried[None, :]
        n = len(anchors.provinces)
        unit = np.zeros((len(REGRESSORS) + 1, n, n))
        unit[0] = np.eye(n)
        self.tech_effect = engine.point_change(unit)  # (S, N, N): S_tech per series
        self.raises_fin = terms.raises_fin
        if self.raises_fin:
            unit[0], unit[_FIN] = 0.0, np.eye(n)
            self.fin_effect = engine.point_change(unit)
            gdp = anchors.gdp[:, None]
            growth = (1 + self.scenario.assumptions.gdp_growth / 100) ** (self.years - anchors.gdp_year)[None, :]
            self.fin_slope = self.paid[None, :] / (gdp * growth)  # dfin_jt / dx_j before clipping
            self.fin0 = self.paths.x[_FIN, :, 1:]

    @property
    def provinces(self) -> tuple[str, ...]:
        """Provinces in the engine's order."""
        return self.engine.anchors.provinces

    @property
    def paid_years(self) -> int:
        """Number of years the subsidy is paid within the horizon."""
        return int(self.paid.sum())

    def weights(self, series: str, objective: str) -> np.ndarray:
        """w_st: which series and years the objective sums, (S, Y)."""
        if objective not in OBJECTIVES:
            raise InputError(
                Problem(f"must be one of {', '.join(OBJECTIVES)}, got {objective!r}", parameter="objective")
            )
        years = np.ones(len(self.years)) if objective == "cumulative" else (self.years == self.years[-1]).astype(float)
        return _series_mask(series)[:, None] * years[None, :]

    def _changes(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(dlnK (N, Y), Delta y (S, N, Y), dfin (N, Y) or None) for annual amounts x."""
        log_stock = np.log1p(self.stock_slope * x[:, None] / self.stock0)
        delta = self.tech_effect @ log_stock
        fin = None
        if self.raises_fin:
            fin = np.clip(self.fin0 + self.fin_slope * x[:, None], 0.0, 1.0) - self.fin0
            delta = delta + self.fin_effect @ fin
        return log_stock, delta, fin

    def levels(self, x: np.ndarray) -> np.ndarray:
        """Emissions with annual amounts x, Mt: (S, N, Y)."""
        return self.levels0 * np.exp(self._changes(np.asarray(x, float))[1])

    def change_mt(self, x: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The change of emissions (with - without the subsidy) by province, w-weighted, Mt: (N,)."""
        delta = self._changes(np.asarray(x, float))[1]
        return np.einsum("st,sit->i", weights, self.levels0 * np.expm1(delta))

    def value_and_gradient(self, x: np.ndarray, weights: np.ndarray) -> tuple[float, np.ndarray]:
        """F(x) (Mt) and dF/dx (Mt per CNY 100 million per year), the analytic gradient."""
        x = np.asarray(x, float)
        _, delta, _ = self._changes(x)
        weighted = weights[:, None, :] * self.levels0
        value = float((weighted * np.expm1(delta)).sum())
        pressure = weighted * np.exp(delta)  # dF / d Delta y_sit
        gradient = (
            np.einsum("sij,sit->jt", self.tech_effect, pressure)
            * self.stock_slope
            / (self.stock0 + self.stock_slope * x[:, None])
        ).sum(axis=1)
        if self.raises_fin:
            inside = (self.fin0 + self.fin_slope * x[:, None] > 0) & (self.fin0 + self.fin_slope * x[:, None] < 1)
            gradient += (np.einsum("sij,sit->jt", self.fin_effect, pressure) * self.fin_slope * inside).sum(axis=1)
        return value, gradient

    def flows(self, x: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Receiver x sender terms of the gradient: [i, j] = sum_{s,t} w E_sit [S_tech,s]_ij a_jt / K_jt
        (Mt per CNY 100 million per year; the diagonal is the own effect, column j sums to dF/dx_j without
        the fin term)."""
        x = np.asarray(x, float)
        pressure = weights[:, None, :] * self.levels(x)
        slope = self.stock_slope / (self.stock0 + self.stock_slope * x[:, None])  # d ln K_jt / dx_j
        return np.einsum("sij,sit,jt->ij", self.tech_effect, pressure, slope)

    def per_cny_10k(self, values):
        """Mt per CNY 100 million per year -> t CO2 per CNY 10,000 spent over the years paid."""
        return values * T_PER_CNY_10K / self.paid_years

    def change_path(self, x: np.ndarray) -> np.ndarray:
        """The change of the regressors' paths the allocation makes, (K+1, N, Y+1) as the engine takes it."""
        log_stock, _, fin = self._changes(np.asarray(x, float))
        out = np.zeros_like(self.change0)
        out[0, :, 1:] = log_stock
        if fin is not None:
            out[_FIN, :, 1:] = fin
        return out

    def scenario_with(self, x: np.ndarray) -> Scenario:
        """The scenario with this allocation as its subsidy (amounts rounded as the scenario keeps them)."""
        allocation = tuple((name, float(amount)) for name, amount in zip(self.provinces, x) if amount > 0)
        return self.scenario.with_(
            subsidy=Subsidy(
                share=self.terms.share,
                start=self.terms.start,
                end=self.terms.end,
                raises_fin=self.terms.raises_fin,
                allocation=allocation,
            )
        )


def rounded(x: np.ndarray, total: float) -> np.ndarray:
    """Amounts rounded to the scenario's precision (:data:`LIMITS` ``subsidy.allocation``) by largest
    remainder, so they still sum to ``total`` (to that precision) and a share link carries them exactly."""
    scale = 10 ** LIMITS["subsidy.allocation"].digits
    units = np.asarray(x, float) * scale
    floor = np.floor(units + 1e-9)
    missing = round(round(total * scale) - floor.sum())
    order = np.argsort(-(units - floor), kind="stable")
    floor[order[: max(missing, 0)]] += 1
    return floor / scale


def _capped_equal(eligible: np.ndarray, caps: np.ndarray, budget: float) -> np.ndarray:
    """The budget split equally over ``eligible``, each held at its cap and the rest shared by the others."""
    x = np.zeros(len(caps))
    free = eligible.copy()
    left = budget
    while left > 1e-12 * max(budget, 1) and free.any():
        share = left / free.sum()
        room = np.where(free, caps - x, 0.0)
        step = np.minimum(room, share) * free
        x += step
        left -= step.sum()
        free &= caps - x > 1e-12 * max(budget, 1)
    return x


def _greedy(order: np.ndarray, caps: np.ndarray, budget: float) -> np.ndarray:
    """Fill provinces to their caps in ``order`` until the budget is spent."""
    x = np.zeros(len(caps))
    left = budget
    for j in order:
        x[j] = min(caps[j], left)
        left -= x[j]
    return x


@dataclass(frozen=True)
class KKT:
    """The first-order conditions of the allocation problem at a point, in t CO2 per CNY 10,000.

    ``multiplier``: the lambda that minimises the largest violation (the midpoint of the interval the
    conditions allow); ``violation``: that largest violation, max over provinces of |g_j - lambda| where
    0 < x_j < cap, (lambda - g_j)+ at 0, (g_j - lambda)+ at the cap (0 at an exact KKT point).
    """

    multiplier: float
    violation: float

    @classmethod
    def at(cls, x: np.ndarray, gradient: np.ndarray, eligible: np.ndarray, caps: np.ndarray, budget: float) -> KKT:
        tolerance = max(BOUND_TOLERANCE * budget, 10.0 ** -LIMITS["subsidy.allocation"].digits)
        at_zero = eligible & (x <= tolerance)
        at_cap = eligible & ~at_zero & (x >= caps - tolerance)
        interior = eligible & ~at_zero & ~at_cap
        lower = gradient[interior | at_cap]  # lambda >= these
        upper = gradient[interior | at_zero]  # lambda <= these
        low = lower.max() if lower.size else upper.min()
        high = upper.min() if upper.size else lower.max()
        return cls(multiplier=float((low + high) / 2), violation=float(max(0.0, (low - high) / 2)))


def parse_eligible(eligible, engine: ProjectionEngine) -> tuple[np.ndarray, int | None]:
    """The eligibility mask from ``"all"``, ``"lowest:K"``, a comma-separated text or a list of names, and
    K when given (the paper's rule then funds the same K)."""
    anchors = engine.anchors
    n = len(anchors.provinces)
    if isinstance(eligible, str) and eligible.strip().lower() == "all":
        return np.ones(n, bool), None
    if isinstance(eligible, str) and eligible.strip().lower().startswith("lowest:"):
        text = eligible.split(":", 1)[1].strip()
        if not text.isdigit() or not 1 <= int(text) <= n:
            raise InputError(Problem(f"lowest:K needs a whole K from 1 to {n}, got {text!r}", parameter="eligible"))
        k = int(text)
        return np.isin(anchors.provinces, subsidy_targets(Subsidy(lowest=k), anchors)), k
    names = [part.strip() for part in eligible.split(",")] if isinstance(eligible, str) else list(eligible)
    found = [canonical_province(name) for name in names if str(name).strip()]
    unknown = [name for name, match in zip(names, found) if match not in anchors.provinces]
    if unknown or not found:
        raise InputError(
            Problem(
                f"not provinces of the panel: {', '.join(map(repr, unknown)) or 'none given'} "
                "(use all, lowest:K or names separated by commas)",
                parameter="eligible",
            )
        )
    return np.isin(anchors.provinces, [name for name in found if name is not None]), None


def caps_for(
    engine: ProjectionEngine,
    budget: float,
    share: float,
    cap_share: float | None = None,
    cap_multiple: float | None = None,
) -> np.ndarray:
    """Per-province upper bounds on the annual amount: ``cap_share`` x budget, and/or the amount whose
    import part (share x amount) is ``cap_multiple`` times the province's own import spending in year T
    (real spending E_T times the deflator P_T: CNY 100 million of year T)."""
    n = len(engine.anchors.provinces)
    caps = np.full(n, np.inf)
    if cap_share is not None:
        if not 0 < cap_share <= 1:
            raise InputError(Problem(f"a share of the budget must be in (0, 1], got {cap_share:g}", parameter="cap"))
        caps = np.minimum(caps, cap_share * budget)
    if cap_multiple is not None:
        if not cap_multiple > 0:
            raise InputError(
                Problem(f"a multiple of own spending must be positive, got {cap_multiple:g}", parameter="cap")
            )
        if share > 0:
            own = engine.anchors.real_expenditure * engine.anchors.deflator / engine.anchors.money_per_100m
            caps = np.minimum(caps, cap_multiple * own / share)
    return caps


@dataclass(frozen=True, eq=False)
class Robustness:
    """Avoided Mt of the optimum and the reference rules under each coefficient draw (the engine's draws).

    ``draws``: a frame, one row per draw, columns ``optimum``, ``paper_rule``, ``equal_split`` (Mt).
    """

    draws: pd.DataFrame

    @property
    def bands(self) -> pd.DataFrame:
        """5th and 95th percentiles (numpy.quantile, linear) of avoided Mt by allocation."""
        return self.draws.quantile([0.05, 0.95]).T.rename(columns={0.05: "avoided_mt_p05", 0.95: "avoided_mt_p95"})

    @property
    def beats_paper_rule_share(self) -> float:
        """Share of draws in which the optimum avoids strictly more than the paper's rule."""
        return float((self.draws["optimum"] > self.draws["paper_rule"]).mean())

    @property
    def beats_equal_split_share(self) -> float:
        """Share of draws in which the optimum avoids strictly more than the equal split."""
        return float((self.draws["optimum"] > self.draws["equal_split"]).mean())


class Optimisation(Summarised):
    """The optimal allocation of a subsidy budget, beside the paper's rule and an equal split.

    Built by :func:`optimise`. Amounts are CNY 100 million per year (year-T prices) over the years paid;
    avoided emissions are Mt of the chosen series (``cumulative``: summed over T+1..horizon; ``horizon``:
    in the horizon year), spillovers included; marginal values are the change of those emissions per
    CNY 10,000 more paid to a province (t CO2; negative avoids).
    """

    def __init__(
        self,
        model: AllocationModel,
        x: np.ndarray,
        rules: dict[str, np.ndarray],
        eligible: np.ndarray,
        caps: np.ndarray,
        budget: float,
        series: str,
        objective: str,
        starts: int,
    ):
        self._model = model
        self._x = x
        self._rules = rules
        self._eligible = eligible
        self._caps = caps
        self._budget = budget
        self._series = series
        self._objective = objective
        self._weights = model.weights(series, objective)
        self._starts = starts
        self._robustness: Robustness | None = None

    @property
    def budget(self) -> float:
        """Annual budget, CNY 100 million per year."""
        return self._budget

    @property
    def series(self) -> str:
        """The series minimised: one of :data:`SERIES`, or "industries" (the four summed)."""
        return self._series

    @property
    def objective(self) -> str:
        """ "cumulative" (summed over T+1..horizon) or "horizon" (the horizon year alone)."""
        return self._objective

    @property
    def synthetic(self) -> bool:
        """True when the panel is synthetic (the demo panel): every output must say so."""
        return self._model.engine.synthetic

    @property
    def starts(self) -> int:
        """Number of feasible starting points SLSQP was run from (the best end point is kept)."""
        return self._starts

    @property
    def provinces(self) -> tuple[str, ...]:
        """Provinces in the engine's order."""
        return self._model.provinces

    @property
    def cost(self) -> float:
        """Total fiscal cost over the years paid, CNY 100 million."""
        return self._budget * self._model.paid_years

    def _avoided(self, x: np.ndarray) -> float:
        return -float(self._model.change_mt(x, self._weights).sum())

    @functools.cached_property
    def avoided_mt(self) -> float:
        """Emissions avoided by the optimal allocation, Mt (national, spillovers included)."""
        return self._avoided(self._x)

    def _cost_per_tonne(self, x: np.ndarray) -> float:
        # the whole cost over every tonne it avoids, T+1..horizon, whatever the objective (as the projection's)
        avoided = -float(self._model.change_mt(x, self._model.weights(self._series, "cumulative")).sum())
        return self.cost * 1e8 / (avoided * 1e6) if self.cost > 0 and avoided > 0 else math.nan

    @property
    def cost_per_tonne(self) -> float:
        """CNY per tonne of the series avoided over T+1..horizon (also with the ``horizon`` objective, so the
        whole cost meets every tonne it avoids); NaN when nothing is avoided (the siphon can outweigh the own cuts)."""
        return self._cost_per_tonne(self._x)

    @property
    def allocation(self) -> pd.Series:
        """Annual amount by province, CNY 100 million per year (0 where not funded)."""
        return pd.Series(self._x, index=pd.Index(self.provinces, name="province"), name="amount")

    @property
    def rules(self) -> pd.DataFrame:
        """Annual amounts of the optimum and the two reference rules by province, CNY 100 million per year."""
        return pd.DataFrame({"optimum": self._x, **self._rules}, index=pd.Index(self.provinces, name="province"))

    @functools.cached_property
    def _gradient(self) -> np.ndarray:
        return self._model.value_and_gradient(self._x, self._weights)[1]

    @property
    def marginal(self) -> pd.Series:
        """Change of the objective's emissions per CNY 10,000 more paid to each province at the optimum,
        t CO2 (spillovers included; funded provinces share one value, unfunded ones have higher)."""
        return pd.Series(
            self._model.per_cny_10k(self._gradient), index=pd.Index(self.provinces, name="province"), name="marginal"
        )

    @functools.cached_property
    def kkt(self) -> KKT:
        """The first-order conditions at the optimum (t CO2 per CNY 10,000)."""
        return KKT.at(
            self._x,
            self._model.per_cny_10k(self._gradient),
            self._eligible,
            np.minimum(self._caps, self._budget),
            self._budget,
        )

    @property
    def kkt_violation(self) -> float:
        """Largest violation of the KKT conditions at the optimum, t CO2 per CNY 10,000 (0 at an exact optimum)."""
        return self.kkt.violation

    @property
    def avoided_by_province(self) -> pd.Series:
        """Emissions avoided in each province by the optimum, Mt (negative: the siphon raises them there)."""
        return pd.Series(
            -self._model.change_mt(self._x, self._weights),
            index=pd.Index(self.provinces, name="province"),
            name="avoided_mt",
        )

    @functools.cached_property
    def comparison(self) -> pd.DataFrame:
        """Avoided Mt (the objective's), cost per tonne (CNY/t, :attr:`cost_per_tonne`) and provinces funded
        for the optimum and the two rules."""
        rows = {}
        for name, x in {"optimum": self._x, **self._rules}.items():
            avoided = self._avoided(x)
            rows[name] = {
                "avoided_mt": avoided,
                "cost_per_tonne": self._cost_per_tonne(x),
                "provinces_funded": int((x > 0).sum()),
            }
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("allocation")

    @functools.cached_property
    def scenario(self) -> Scenario:
        """The scenario with the optimal allocation as its subsidy."""
        return self._model.scenario_with(self._x)

    @property
    def query(self) -> str:
        """The share-link query of :attr:`scenario` (``python -m scenarios project --scenario`` takes it)."""
        return encode(self.scenario)

    @functools.cached_property
    def warnings(self) -> tuple[Caution, ...]:
        """The projection's cautions for the optimised scenario (far outside the sample, synthetic data, ...)."""
        return self._model.engine.project(self.scenario).warnings

    def robustness(self, progress: Callable[[float], None] | None = None) -> Robustness:
        """Avoided Mt of the optimum and both rules under each of the engine's coefficient draws, paired
        (the same draws for every allocation); ``progress(fraction)`` is called as the work advances."""
        if self._robustness is None:
            self._robustness = _robustness(self._model, self._weights, {"optimum": self._x, **self._rules}, progress)
        return self._robustness

    def table(self) -> pd.DataFrame:
        """By province: amount, share_of_budget, marginal, avoided_mt and the ``data`` label (the CSV)."""
        frame = pd.DataFrame(
            {
                "province": self.provinces,
                "amount": self._x,
                "share_of_budget": self._x / self._budget if self._budget > 0 else 0.0,
                "marginal": self.marginal.to_numpy(),
                "avoided_mt": self.avoided_by_province.to_numpy(),
            }
        )
        return labelled(frame, self.synthetic)

    def to_dict(self) -> dict:
        """The headline numbers, JSON-ready (robustness over the engine's draws included)."""
        comparison = self.comparison
        robust = self.robustness()
        bands = robust.bands

        def number(value: float, digits: int = 4):
            return None if math.isnan(value) else round(float(value), digits)

        return {
            "synthetic": self.synthetic,
            "series": self._series,
            "objective": self._objective,
            "budget": self._budget,
            "years_paid": self._model.paid_years,
            "cost_cny_100m": round(self.cost, 4),
            "avoided_mt": number(self.avoided_mt),
            "cost_per_tonne": number(self.cost_per_tonne, 2),
            "paper_rule_avoided_mt": number(comparison.loc["paper_rule", "avoided_mt"]),
            "equal_split_avoided_mt": number(comparison.loc["equal_split", "avoided_mt"]),
            "avoided_mt_band": [number(v) for v in bands.loc["optimum"]],
            "paper_rule_avoided_mt_band": [number(v) for v in bands.loc["paper_rule"]],
            "beats_paper_rule_share": robust.beats_paper_rule_share,
            "draws": len(robust.draws),
            "kkt_violation": self.kkt_violation,
            "allocation": {p: a for p, a in self.allocation.items() if a > 0},
            "scenario": self.query,
            "warnings": list(self.warnings),
        }

    @property
    def summary(self) -> str:
        """A plain-text summary: the allocation, avoided Mt and cost per tonne beside the two rules."""
        lines = [SYNTHETIC_NOTICE] if self.synthetic else []
        years = self._model.years[self._model.paid]
        lines += [
            (
                f"Optimal allocation of CNY {self._budget:,.2f} hundred million a year ({years[0]}-{years[-1]}, "
                f"share {self._model.terms.share:g} on imports) minimising {self._series} CO2 "
                f"({'cumulative to' if self._objective == 'cumulative' else 'in'} {self._model.years[-1]}), "
                f"{self._model.scenario.coefficients}"
            ),
            f"{'province':<16}{'amount':>12}{'share':>8}{'marginal t/CNY 10k':>20}",
        ]
        marginal = self.marginal
        for province, amount in self.allocation.items():
            if amount > 0:
                lines.append(f"{province:<16}{amount:>12.2f}{amount / self._budget:>8.1%}{marginal[province]:>20.4f}")
        lines.append(f"{'allocation':<14}{'avoided Mt':>14}{'CNY per t':>12}{'funded':>8}")
        for name, row in self.comparison.iterrows():
            cost = "—" if math.isnan(row["cost_per_tonne"]) else f"{row['cost_per_tonne']:,.0f}"
            lines.append(f"{name:<14}{row['avoided_mt']:>14.3f}{cost:>12}{int(row['provinces_funded']):>8}")
        lines.append(
            f"KKT: multiplier {self.kkt.multiplier:.4f} t per CNY 10,000, largest violation "
            f"{self.kkt_violation:.2e} (best of {self._starts} starts)"
        )
        lines += [c for c in self.warnings if c.kind != "synthetic"]
        return "\n".join(lines)


def _robustness(
    model: AllocationModel,
    weights: np.ndarray,
    allocations: dict[str, np.ndarray],
    progress: Callable[[float], None] | None,
) -> Robustness:
    """Avoided Mt per draw: -sum w CO2_T exp(y0_d) expm1(Delta_d(x)) with the engine's draws of y0 (the
    scenario without the subsidy) and of Delta (the allocation's change of the paths)."""
    engine = model.engine
    selected = np.flatnonzero(weights.any(axis=1))
    steps = len(allocations) + 1
    report = progress or (lambda fraction: None)
    co2 = engine.anchors.co2[selected, :, None, None]
    levels0 = co2 * np.exp(engine.draw_change(model.change0)[selected, :, 1:].astype(float))  # (s, N, Y, D)
    report(1 / steps)
    out = {}
    for done, (name, x) in enumerate(allocations.items(), start=2):
        delta = engine.draw_change(model.change_path(x))[selected, :, 1:].astype(float)
        out[name] = -np.einsum("st,sitd->d", weights[selected], levels0 * np.expm1(delta))
        report(done / steps)
    return Robustness(draws=pd.DataFrame(out).rename_axis("draw"))


def optimise(
    engine: ProjectionEngine,
    scenario: Scenario,
    budget: float,
    start: int | None = None,
    end: int | None = None,
    share: float | None = None,
    series: str = "total",
    objective: str = "cumulative",
    eligible="all",
    cap_share: float | None = None,
    cap_multiple: float | None = None,
) -> Optimisation:
    """The allocation of ``budget`` (CNY 100 million per year, paid ``start``..``end``) that minimises the
    chosen emissions (module docstring). ``share`` defaults to the scenario's ``subsidy.share``;
    ``eligible`` is "all", "lowest:K", or province names; caps as in :func:`caps_for`."""
    share = scenario.subsidy.share if share is None else share
    problems = []
    if (
        isinstance(budget, bool)
        or not isinstance(budget, (int, float))
        or not 0 <= budget <= LIMITS["subsidy.amount"].high
    ):
        problems.append(
            Problem(
                f"must be between 0 and {LIMITS['subsidy.amount'].high:g} "
                f"({LIMITS['subsidy.amount'].unit}), got {budget!r}",
                parameter="budget",
            )
        )
    if not 0 <= share <= 1:
        problems.append(Problem(f"must be between 0 and 1, got {share!r}", parameter="share"))
    if problems:
        raise InputError(problems)
    model = AllocationModel(engine, scenario, start, end, share)
    weights = model.weights(series, objective)
    mask, k = parse_eligible(eligible, engine)
    caps = np.where(mask, caps_for(engine, budget, share, cap_share, cap_multiple), 0.0)
    if caps.sum() < budget * (1 - 1e-9):
        raise InputError(
            Problem(
                f"the caps of the eligible provinces add up to {caps.sum():,.2f}, less than the budget {budget:,.2f}",
                parameter="cap",
            )
        )
    n = len(model.provinces)
    paper_targets = subsidy_targets(Subsidy(lowest=k or scenario.subsidy.lowest), engine.anchors)
    rules = {
        "paper_rule": np.where(np.isin(model.provinces, paper_targets), budget / len(paper_targets), 0.0),
        "equal_split": np.full(n, budget / n),
    }
    if budget == 0:
        return Optimisation(model, np.zeros(n), rules, mask, caps, budget, series, objective, starts=0)
    with single_threaded_blas():  # SLSQP's small products: threaded BLAS made a solve 20x slower on 2 busy CPUs
        x, starts = _solve(model, weights, budget, mask, caps, rules)
    return Optimisation(model, rounded(x, budget), rules, mask, caps, budget, series, objective, starts)


def _solve(
    model: AllocationModel,
    weights: np.ndarray,
    budget: float,
    mask: np.ndarray,
    caps: np.ndarray,
    rules: dict[str, np.ndarray],
) -> tuple[np.ndarray, int]:
    """SLSQP with the analytic gradient from several feasible starts; the best end point."""
    index = np.flatnonzero(mask)
    upper = np.minimum(caps[index], budget) / budget
    zero_gradient = model.value_and_gradient(np.zeros(len(mask)), weights)[1][index]
    scale = max(float(np.abs(zero_gradient).max()) * budget, 1e-12)  # objective in units of order one

    def objective(u):
        x = np.zeros(len(mask))
        x[index] = u * budget
        value, gradient = model.value_and_gradient(x, weights)
        return value / scale, gradient[index] * budget / scale

    full_caps = np.minimum(caps, budget)
    starts = [
        _capped_equal(mask, full_caps, budget)[index] / budget,
        _greedy(index[np.argsort(zero_gradient, kind="stable")], full_caps, budget)[index] / budget,
    ]
    starts += [
        rule[index] / budget
        for rule in rules.values()
        if np.allclose(rule[~mask], 0) and (rule[index] <= full_caps[index] * (1 + 1e-12)).all()
    ]
    found = []
    for u0 in starts:
        result = minimize(
            objective,
            u0,
            jac=True,
            method="SLSQP",
            bounds=list(zip(np.zeros(len(index)), upper)),
            constraints=[{"type": "eq", "fun": lambda u: u.sum() - 1.0, "jac": lambda u: np.ones_like(u)}],
            options={"ftol": 1e-12, "maxiter": 500},
        )
        u = np.clip(result.x, 0.0, upper)
        u = u / u.sum()  # back onto the budget after clipping SLSQP's tiny bound overshoots
        found.append((objective(u)[0], u))
    best = min(found, key=lambda candidate: candidate[0])  # the first of equals, as a strict < scan
    x = np.zeros(len(mask))
    x[index] = best[1] * budget
    return x, len(starts)


@dataclass(frozen=True, eq=False)
class MarginalMap:
    """The national effect of one more CNY 10,000 of subsidy in each province, by series (t CO2), and why.

    Built by :func:`marginal_map` at an allocation (default: none). ``values``: province x series
    (:data:`SERIES_CHOICES`), t CO2 per CNY 10,000 spent over the years paid, spillovers included;
    positive where a province's extra imports raise national emissions.
    """

    values: pd.DataFrame
    flows_by_series: dict
    synthetic: bool

    def flows(self, series: str = "total") -> pd.DataFrame:
        """Receiver x sender: how one more CNY 10,000 in the sender moves the receiver's emissions, t CO2
        (the diagonal is the own effect; a column sums to the sender's marginal value)."""
        return self.flows_by_series[series].copy()

    def siphon(self, series: str = "total", top: int = 3, label: Callable[[str], str] = str) -> pd.DataFrame:
        """The provinces whose extra imports raise national emissions of ``series``: own effect, spillover
        (sum over the other provinces), marginal value (t CO2 per CNY 10,000), and the ``top`` neighbours
        whose emissions rise most, with their rise (named by ``label``, e.g. a translation)."""
        flows = self.flows_by_series[series]
        rows = {}
        for sender in self.values.index[self.values[series] > 0]:
            column = flows[sender]
            others = column.drop(sender).sort_values(ascending=False)
            rows[sender] = {
                "own": column[sender],
                "spillover": others.sum(),
                "marginal": self.values.loc[sender, series],
                "onto": ", ".join(
                    f"{label(name)} ({value:+.3f})" for name, value in others.head(top).items() if value > 0
                ),
            }
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=["own", "spillover", "marginal", "onto"])
        return frame.rename_axis("province").sort_values("marginal", ascending=False)

    def table(self) -> pd.DataFrame:
        """The values with a ``province`` column and the ``data`` label, as exported."""
        return labelled(self.values.reset_index(), self.synthetic)


def marginal_map(
    engine: ProjectionEngine,
    scenario: Scenario,
    start: int | None = None,
    end: int | None = None,
    share: float | None = None,
    objective: str = "cumulative",
    allocation: Sequence[float] | None = None,
) -> MarginalMap:
    """The marginal map (module docstring) at ``allocation`` (annual amounts in the engine's province
    order; default: no subsidy), for the total, each industry and the four industries together."""
    model = AllocationModel(engine, scenario, start, end, scenario.subsidy.share if share is None else share)
    x = np.zeros(len(model.provinces)) if allocation is None else np.asarray(allocation, float)
    index = pd.Index(model.provinces, name="province")
    values, flows = {}, {}
    for series in SERIES_CHOICES:
        weights = model.weights(series, objective)
        values[series] = model.per_cny_10k(model.value_and_gradient(x, weights)[1])
        flows[series] = pd.DataFrame(
            model.per_cny_10k(model.flows(x, weights)), index=index.rename("receiver"), columns=index.rename("sender")
        )
    return MarginalMap(values=pd.DataFrame(values, index=index), flows_by_series=flows, synthetic=engine.synthetic)
