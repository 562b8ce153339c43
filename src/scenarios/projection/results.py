"""The results of a projection (:class:`Projection`), built by :mod:`scenarios.projection.engine`.

Band level: every band is central, from the ``(1 - level) / 2`` to the ``(1 + level) / 2`` quantile over
the coefficient draws (default :data:`DEFAULT_BAND_LEVEL` = 0.9: the 5th and 95th percentiles); the
frames name their band columns by the percentiles (``scenario_mt_p05``, ``scenario_mt_p95`` at 0.9;
``_p2.5``, ``_p97.5`` at 0.95: :func:`band_suffixes`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from scenarios.cache import read_only
from scenarios.errors import InputError, Problem
from scenarios.projection.cautions import SYNTHETIC_KIND, Caution, projection_cautions
from scenarios.projection.coefficients import SERIES
from scenarios.projection.scenario import Scenario
from scenarios.provenance import SYNTHETIC_NOTICE
from scenarios.summary import Summarised

if TYPE_CHECKING:  # engine imports this module
    from scenarios.projection.engine import Anchors

#: The bands' default central level: the 5th to the 95th percentile.
DEFAULT_BAND_LEVEL = 0.9


def band_percentiles(level: float) -> tuple[float, float]:
    """The lower and upper percentiles of a central band: 5 and 95 for ``level`` 0.9."""
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise InputError(Problem(f"must be a number between 0 and 1 (exclusive), got {level!r}", parameter="level"))
    lower = round(50 * (1 - level), 10)
    return lower, 100 - lower


def band_suffixes(level: float) -> tuple[str, str]:
    """Column suffixes of a band: ("p05", "p95") for ``level`` 0.9, ("p2.5", "p97.5") for 0.95."""
    lower, upper = (
        f"p{percent:02.0f}" if percent == int(percent) else f"p{percent:g}" for percent in band_percentiles(level)
    )
    return lower, upper


@dataclass(frozen=True, eq=False, repr=False)
class Projection(Summarised):
    """Results of a projection: baseline, modified baseline and scenario emissions, their difference
    split into own effect and spillover, bands, peaks, avoided emissions and the subsidy's cost.

    Built by :meth:`scenarios.projection.engine.ProjectionEngine.project` from one complete record (as
    linearmodels builds its results): the scenario, what it was computed with (the anchors, the
    coefficients ``models``, the ``weights`` W and the effect matrices S_k at the estimates, which
    :mod:`scenarios.projection.spillovers` reads) and the computed arrays, (series, province, year) over
    :attr:`years` (the last observed year first): log changes y_t - y_T of the baseline, modified
    baseline and scenario, the own-effect part of scenario - baseline, and the central ``band_level``
    bands. Frozen, its arrays read-only; frames are built on first access and handed out as copies.
    """

    scenario: Scenario
    anchors: Anchors  # the last observed year
    models: tuple  # SeriesCoefficients per series
    weights: object  # SpatialWeights (names, matrix)
    effect_matrices: np.ndarray  # (S, K+1, N, N) at the estimates
    synthetic: bool
    band_level: float
    baseline_y: np.ndarray
    modified_y: np.ndarray
    scenario_y: np.ndarray
    own: np.ndarray
    scenario_bands: np.ndarray  # (2, S, N, Y) of y_t - y_T
    delta_bands: np.ndarray  # (2, S, N, Y) of scenario - baseline (log points)
    national_bands: np.ndarray  # (2, S, Y) Mt
    baseline_tech: np.ndarray  # (N, Y) ln K
    scenario_tech: np.ndarray
    subsidy: np.ndarray  # (N, Y - 1) transfers, CNY 100 million
    without_subsidy_y: np.ndarray | None
    targets: tuple[str, ...]

    def __post_init__(self):
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                object.__setattr__(self, name, read_only(value, copy=False))

    @functools.cached_property
    def _levels(self) -> np.ndarray:
        """CO2_T exp(y_t - y_T) of the baseline, modified baseline and scenario, Mt: (3, S, N, Y)."""
        co2 = self.anchors.co2[:, :, None]
        return np.stack([co2 * np.exp(self.baseline_y), co2 * np.exp(self.modified_y), co2 * np.exp(self.scenario_y)])

    @property
    def _baseline(self) -> np.ndarray:
        return self._levels[0]

    @property
    def _modified(self) -> np.ndarray:
        return self._levels[1]

    @property
    def _scenario_levels(self) -> np.ndarray:
        return self._levels[2]

    @functools.cached_property
    def _delta(self) -> np.ndarray:
        return self.scenario_y - self.baseline_y

    @functools.cached_property
    def _scenario_band_levels(self) -> np.ndarray:
        return self.anchors.co2[None, :, :, None] * np.exp(self.scenario_bands)

    @functools.cached_property
    def _without_subsidy_levels(self) -> np.ndarray:
        if self.without_subsidy_y is None:
            raise ValueError("the scenario has no subsidy")
        return self.anchors.co2[:, :, None] * np.exp(self.without_subsidy_y)

    @property
    def last_observed_year(self) -> int:
        """The year T projections start from."""
        return self.anchors.year

    @property
    def years(self) -> tuple[int, ...]:
        """T, T+1, ..., horizon."""
        return tuple(range(self.anchors.year, self.scenario.horizon + 1))

    @property
    def data_label(self) -> str:
        """What the numbers come from, the value of every export's ``data`` column
        (:mod:`scenarios.provenance`: synthetic demo, user panel, or real anchors + published coefficients)."""
        return self.anchors.label

    @property
    def last_spending_year(self) -> int:
        """The last year whose technology-import spending is observed (levers act after it)."""
        return self.anchors.spending_year

    @property
    def provinces(self) -> tuple[str, ...]:
        """Provinces in W's (canonical) order."""
        return self.anchors.provinces

    @property
    def subsidy_targets(self) -> tuple[str, ...]:
        """Provinces receiving the subsidy (empty without one)."""
        return self.targets

    def band_columns(self, prefix: str = "scenario_mt") -> tuple[str, str]:
        """The frame's columns of the lower and upper band end of ``prefix`` at :attr:`band_level`."""
        lower, upper = band_suffixes(self.band_level)
        return f"{prefix}_{lower}", f"{prefix}_{upper}"

    @property
    def sources(self) -> pd.Series:
        """Where each series' coefficients come from."""
        return pd.Series({m.series: m.source for m in self.models}, name="source")

    @functools.cached_property
    def warnings(self) -> tuple[Caution, ...]:
        """Plain cautions, each with a stable ``kind`` and its figures as data
        (:func:`scenarios.projection.cautions.projection_cautions`)."""
        return projection_cautions(self)

    @functools.cached_property
    def _change_split(self) -> np.ndarray:
        """The Mt change scenario - baseline split into own effect and spillover in proportion to the
        log-point split: (2, S, N, Y)."""
        change_mt = self._scenario_levels - self._baseline
        with np.errstate(divide="ignore", invalid="ignore"):
            own_share = np.where(self._delta != 0, self.own / self._delta, 0.0)
        return np.stack([change_mt * own_share, change_mt * (1 - own_share)])

    @functools.cached_property
    def _frame(self) -> pd.DataFrame:
        series, provinces, years = len(SERIES), len(self.provinces), len(self.years)
        low, high = band_suffixes(self.band_level)
        shape = (series, provinces, years)
        own_mt, spillover_mt = self._change_split
        spatial = np.array([m.spatial for m in self.models])
        frame = pd.DataFrame(
            {
                "province": np.broadcast_to(np.array(self.provinces, dtype=object)[None, :, None], shape).ravel(),
                "year": np.broadcast_to(np.array(self.years)[None, None, :], shape).ravel(),
                "industry": np.broadcast_to(np.array(SERIES, dtype=object)[:, None, None], shape).ravel(),
                "baseline_mt": self._baseline.ravel(),
                "modified_baseline_mt": self._modified.ravel(),
                "scenario_mt": self._scenario_levels.ravel(),
                f"scenario_mt_{low}": self._scenario_band_levels[0].ravel(),
                f"scenario_mt_{high}": self._scenario_band_levels[1].ravel(),
                "delta_log": self._delta.ravel(),
                f"delta_log_{low}": self.delta_bands[0].ravel(),
                f"delta_log_{high}": self.delta_bands[1].ravel(),
                "own": self.own.ravel(),
                "spillover": (self._delta - self.own).ravel(),
                "policy_delta_log": np.log(self._scenario_levels / self._modified).ravel(),
                "own_mt": own_mt.ravel(),
                "spillover_mt": spillover_mt.ravel(),
                "tech_baseline": np.broadcast_to(self.baseline_tech[None], shape).ravel(),
                "tech_scenario": np.broadcast_to(self.scenario_tech[None], shape).ravel(),
                "spillover_modelled": np.broadcast_to(spatial[:, None, None], shape).ravel(),
            }
        )
        filled = dict(self.anchors.filled)
        frame["spending_filled"] = frame["province"].map(lambda name: filled.get(name, ""))
        frame["synthetic"] = self.synthetic
        return frame

    @property
    def frame(self) -> pd.DataFrame:
        """Long frame by province, year, industry (a copy). Columns:

        baseline_mt, modified_baseline_mt, scenario_mt (Mt CO2) and the scenario's 5-95 % band;
        delta_log = ln(scenario / baseline) with its band, split into own + spillover (log points);
        policy_delta_log = ln(scenario / modified baseline); own_mt, spillover_mt: the Mt change
        scenario - baseline allocated in proportion to own and spillover; tech_baseline, tech_scenario
        = ln K; spillover_modelled (False for published industries); spending_filled (the province's
        unreported spending cells and how each was filled, e.g. "2018 carried back"; empty when all were
        reported or for a panel); synthetic.
        """
        return self._frame.copy()

    @functools.cached_property
    def _national(self) -> pd.DataFrame:
        baseline, modified, scenario = self._levels.sum(axis=2)  # over provinces: (S, Y) each
        own_mt, spillover_mt = self._change_split.sum(axis=2)
        shape = baseline.shape
        low, high = band_suffixes(self.band_level)
        columns = {
            "year": np.broadcast_to(np.array(self.years)[None, :], shape),
            "industry": np.broadcast_to(np.array(SERIES, dtype=object)[:, None], shape),
            "baseline_mt": baseline,
            "modified_baseline_mt": modified,
            "scenario_mt": scenario,
            f"scenario_mt_{low}": self.national_bands[0],
            f"scenario_mt_{high}": self.national_bands[1],
            "delta_log": np.log(scenario / baseline),
            "policy_delta_log": np.log(scenario / modified),
            "own_mt": own_mt,
            "spillover_mt": spillover_mt,
        }
        frame = pd.DataFrame({name: values.ravel() for name, values in columns.items()})
        frame["synthetic"] = self.synthetic
        return frame

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
        for name, values in (("baseline", self._baseline), ("scenario", self._scenario_levels)):
            rows[f"peak_year_{name}"] = years[np.argmax(values, axis=2)].ravel()
        index = pd.MultiIndex.from_product([SERIES, self.provinces], names=["industry", "province"])
        return pd.DataFrame(rows, index=index)

    @property
    def peaks(self) -> pd.DataFrame:
        """Year of the highest emissions, T..horizon, per industry and province (the first if tied)."""
        return self._peaks.copy()

    def national_peak_year(self, industry: str = "total", run: str = "scenario") -> int:
        """Year of the highest national emissions of ``industry`` in ``run`` (baseline or scenario)."""
        values = (self._baseline if run == "baseline" else self._scenario_levels)[SERIES.index(industry)].sum(axis=0)
        return int(self.years[int(np.argmax(values))])

    @property
    def avoided_mt(self) -> pd.Series:
        """Cumulative emissions avoided over T+1..horizon, baseline - scenario, Mt, by industry."""
        return pd.Series(
            (self._baseline - self._scenario_levels)[:, :, 1:].sum(axis=(1, 2)), index=SERIES, name="avoided_mt"
        )

    @property
    def avoided_by_province(self) -> pd.DataFrame:
        """Cumulative emissions avoided over T+1..horizon, baseline - scenario, Mt, province x industry
        (negative: the province emits more, e.g. through the siphon spillover)."""
        avoided = (self._baseline - self._scenario_levels)[:, :, 1:].sum(axis=2)
        return pd.DataFrame(avoided.T, index=pd.Index(self.provinces, name="province"), columns=list(SERIES))

    @property
    def policy_avoided_mt(self) -> pd.Series:
        """Cumulative emissions avoided by the policies alone, modified baseline - scenario, Mt."""
        return pd.Series(
            (self._modified - self._scenario_levels)[:, :, 1:].sum(axis=(1, 2)), index=SERIES, name="policy_avoided_mt"
        )

    @property
    def subsidy_cost(self) -> float:
        """Total fiscal cost of the subsidy over the horizon, CNY 100 million (year-T prices)."""
        return float(self.subsidy.sum())

    @property
    def subsidy_avoided_mt(self) -> float:
        """Total CO2 avoided by the subsidy (scenario without it - scenario), national, Mt, T+1..horizon.

        Includes the spillovers: the extra imports raise neighbours' emissions where theta_tech > 0.
        """
        if self.without_subsidy_y is None:
            return 0.0
        return float((self._without_subsidy_levels[0] - self._scenario_levels[0])[:, 1:].sum())

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
        horizon = national[national["year"] == self.scenario.horizon].set_index("industry")
        peaks = self._peaks.loc["total"]
        cost = self.cost_per_tonne
        return {
            "synthetic": self.synthetic,
            "data": self.data_label,
            "scenario": self.scenario.name,
            "coefficients": self.scenario.coefficients,
            "last_observed_year": self.last_observed_year,
            "last_spending_year": self.last_spending_year,
            "horizon": self.scenario.horizon,
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
                "targets": list(self.targets),
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
        lines.append(SYNTHETIC_NOTICE if self.synthetic else f"Data: {self.data_label}")
        lines += [
            f"Scenario: {info['scenario']} ({info['coefficients']}), {info['last_observed_year']} -> {info['horizon']}",
            # the bases differ: levels in the horizon year beside a sum over the projected years
            f"{'':<20}{'emissions in ' + str(info['horizon']):>32}{'avoided ' + str(info['last_observed_year'] + 1) + '-' + str(info['horizon']):>22}",
            f"{'industry':<20}{'baseline Mt/yr':>16}{'scenario Mt/yr':>16}{'Mt, cumulative':>22}",
        ]
        for industry in SERIES:
            at = info["national_at_horizon_mt"][industry]
            lines.append(
                f"{industry:<20}{at['baseline']:>16.1f}{at['scenario']:>16.1f}{info['avoided_mt'][industry]:>22.1f}"
            )
        peak = info["national_peak_year"]
        lines.append(f"National peak year (total CO2): baseline {peak['baseline']}, scenario {peak['scenario']}")
        if self.targets:
            cost = info["subsidy"]["cost_per_tonne_cny"]
            lines.append(
                f"Subsidy to {', '.join(self.targets)}: CNY {info['subsidy']['cost_cny_100m'] / 10:,.1f} billion "
                f"and {info['subsidy']['avoided_mt']:.2f} Mt avoided to {self.years[-1]}, "
                + (f"CNY {cost:,.0f} per tonne" if cost is not None else "no net reduction")
            )
        lines += [caution for caution in self.warnings if caution.kind != SYNTHETIC_KIND]  # the notice heads it
        return "\n".join(lines)
