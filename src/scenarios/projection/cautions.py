"""Cautions about a scenario or projection (not errors): a stable kind and the figures behind it, as data.

A :class:`Caution` is its English wording (a ``str``, for print, JSON and CSV) with a stable :attr:`~Caution.kind`
and :attr:`~Caution.figures`: the numbers and provinces it quotes as data (:class:`Number`,
:class:`Provinces`, :class:`SeriesChanges`, whole numbers), each of which words itself in English when shown.
A front end translates by kind and words the figures itself (:mod:`scenarios.app.cautions` names the
provinces in Chinese from :attr:`Provinces.names`), so no wording is ever parsed back.

:func:`projection_cautions` holds the projection's own cautions (a steep trended time effect, levers far
outside the sample, industries that change more than the total, a re-estimated rho at an end of its
admissible interval, synthetic data); the scenario's own are
:attr:`scenarios.projection.scenario.Scenario.warnings`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from scenarios.provenance import SYNTHETIC_NOTICE

#: The kind of the synthetic-data caution, which every projection from the demo panel opens with.
SYNTHETIC_KIND = "synthetic"
#: A trended time effect that alone moves a series by more than this (log points a year) gets a caution.
STEEP_TIME_TREND = 0.03
#: Levers that move a province's tech (ln K) further than this from the baseline get a caution (e = 2.7-fold).
LARGE_TECH_CHANGE = 1.0
#: Provinces named one by one in a caution before the rest are counted.
NAMED_PROVINCES = 6


@dataclass(frozen=True)
class Number:
    """A number quoted in a caution, with its format (``format(value, spec)``)."""

    value: float
    spec: str = ""

    def __str__(self) -> str:
        return format(self.value, self.spec)


@dataclass(frozen=True)
class Provinces:
    """Provinces quoted in a caution, out of ``of``: "all 30 provinces", up to six by name, else five
    and a count (:func:`province_list`)."""

    names: tuple[str, ...]
    of: int

    def __str__(self) -> str:
        return province_list(self.names, self.of)


@dataclass(frozen=True)
class SeriesChanges:
    """Per emission series, a change in % a year: "total +12 %, steel +4 %"."""

    changes: tuple[tuple[str, float], ...]

    def __str__(self) -> str:
        return ", ".join(f"{series} {percent:+.0f} %" for series, percent in self.changes)


def province_list(
    names,
    of: int,
    everyone: str = "all {of} provinces",
    separator: str = ", ",
    more: str = "{named} and {rest} more provinces",
) -> str:
    """Provinces in a sentence: ``everyone`` when all ``of`` are named, up to :data:`NAMED_PROVINCES` by
    name, else five and a count; the words default to English (a front end passes its own)."""
    names = list(names)
    if len(names) == of:
        return everyone.format(of=of)
    if len(names) <= NAMED_PROVINCES:
        return separator.join(names)
    return more.format(named=separator.join(names[: NAMED_PROVINCES - 1]), rest=len(names) - NAMED_PROVINCES + 1)


class Caution(str):
    """A plain-language caution: its English wording, with a stable :attr:`kind` and the :attr:`figures`
    (data) quoted in it.

    A ``str``, so printing, JSON, CSV and comparisons use the wording; a front end translates by ``kind``
    and words the ``figures`` itself instead of parsing the text. Built from a ``str.format`` template and
    its figures, so the wording and the figures cannot disagree.
    """

    kind: str
    figures: Mapping[str, object]

    def __new__(cls, kind: str, template: str, **figures: object) -> Caution:
        return _caution(kind, template.format(**{name: str(value) for name, value in figures.items()}), figures)

    def __reduce__(self):
        return _caution, (self.kind, str(self), dict(self.figures))


def _caution(kind: str, text: str, figures: dict[str, object]) -> Caution:
    caution = str.__new__(Caution, text)
    caution.kind = kind
    caution.figures = MappingProxyType(dict(figures))
    return caution


def projection_cautions(projection) -> tuple[Caution, ...]:
    """The cautions of a :class:`~scenarios.projection.results.Projection`: the scenario's own, a steep
    trended time effect, a re-estimated rho at an end of its admissible interval, levers far outside the
    sample, industries that change more than the total, and synthetic data (first, kind
    :data:`SYNTHETIC_KIND`)."""
    scenario = projection.scenario
    notes = list(scenario.warnings)
    if scenario.assumptions.time_effect == "trend":
        # With a row-standardised W, (I - rho W)^-1 1 gamma = gamma / (1 - rho) in every province.
        steep = tuple(
            (m.series, 100 * math.expm1(m.time_trend / (1 - m.rho)))
            for m in projection.models
            if abs(m.time_trend / (1 - m.rho)) > STEEP_TIME_TREND
        )
        if steep:
            notes.append(
                Caution(
                    "steep_trend",
                    "The trended time effect alone changes emissions by {changes} a year, compounding to "
                    "{horizon}. In the sample it also absorbs the common rise of the technology-import stocks, "
                    "so extrapolated it can swamp every lever: prefer 'hold' unless the trend is credible.",
                    changes=SeriesChanges(steep),
                    horizon=scenario.horizon,
                )
            )
    for m in projection.models:
        if m.rho_at_bound:
            low, high = m.rho_interval
            notes.append(
                Caution(
                    "rho_at_bound",
                    "The SDM re-estimated for {series} puts rho ({rho}) at an end of its admissible interval "
                    "({low}, {high}): the likelihood still rises there, so rho, the spillovers and their bands "
                    "are not reliable.",
                    series=m.series,
                    rho=Number(m.rho, ".4g"),
                    low=Number(low, ".4g"),
                    high=Number(high, ".4g"),
                )
            )
    jump = np.abs(projection.scenario_tech - projection.baseline_tech).max(axis=1)
    far = [(name, change) for name, change in zip(projection.provinces, jump) if change > LARGE_TECH_CHANGE]
    if far:
        notes.append(
            Caution(
                "far_tech",
                "The levers move the technology-import stock of {who} more than {fold}-fold away from the "
                "baseline (up to {largest}-fold): far beyond the variation the coefficients were estimated on, "
                "so the effects there are extrapolations of a log-linear model.",
                who=Provinces(tuple(name for name, _ in far), len(projection.provinces)),
                fold=Number(math.exp(LARGE_TECH_CHANGE), ".1f"),
                largest=Number(math.exp(max(change for _, change in far)), ",.0f"),
            )
        )
    avoided = projection.avoided_mt
    industries = avoided.drop("total").sum()
    if abs(industries) > abs(avoided["total"]) + 1e-6:
        notes.append(
            Caution(
                "industries_exceed_total",
                "Against the baseline the four industries together change by {industries} Mt, total emissions "
                "by only {total} Mt (summed to {horizon}): each series is its own model (with different "
                "coefficients and spillovers), not a part of the total, so compare each with its own baseline "
                "rather than with the total.",
                industries=Number(-industries, "+,.1f"),
                total=Number(-avoided["total"], "+,.1f"),
                horizon=scenario.horizon,
            )
        )
    anchors = projection.anchors
    if anchors.filled:
        notes.append(
            Caution(
                "filled_spending",
                "Technology-import spending of {who} was not reported for some years and was filled by the "
                "anchors' rule (nearest reported year or interpolation, docs/real-data.md): their stock and "
                "projection rest partly on assumed spending.",
                who=Provinces(tuple(name for name, _ in anchors.filled), len(projection.provinces)),
            )
        )
    asked = [
        year
        for year in (scenario.phase_in, scenario.subsidy.start if scenario.subsidy.active else None)
        if year is not None
    ]
    if any(year <= anchors.spending_year for year in asked):
        notes.append(
            Caution(
                "observed_spending",
                "Technology-import spending is observed through {last}: the levers act from {first}, not "
                "earlier, since the past cannot be changed.",
                last=anchors.spending_year,
                first=anchors.spending_year + 1,
            )
        )
    if scenario.horizon <= anchors.spending_year:
        notes.append(
            Caution(
                "horizon_within_observed",
                "The horizon {horizon} lies within the years whose technology-import spending is observed "
                "(through {last}): no lever acts before {first}, so the scenario is its modified baseline.",
                horizon=scenario.horizon,
                last=anchors.spending_year,
                first=anchors.spending_year + 1,
            )
        )
    if projection.synthetic:
        notes.insert(0, Caution(SYNTHETIC_KIND, SYNTHETIC_NOTICE))
    return tuple(notes)
