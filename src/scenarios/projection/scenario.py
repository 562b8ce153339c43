"""A projection scenario: policy levers and assumptions, validated, with presets.

A :class:`Scenario` is a frozen (hashable) value: the app builds one from its widgets, the share link
encodes one (:mod:`scenarios.projection.link`), and :func:`scenarios.projection.engine.project` turns one into
provincial and industry emission paths.

Policies and assumptions are kept apart. *Policies* are what a government chooses: the growth of real
technology-import spending (national, by region, by province, from a phase-in year) and a central
subsidy to the provinces that import least (the paper's §5 recommendation). *Assumptions* are what the
analyst believes happens anyway: baseline import growth (the paper's g = 5 %), the paths of the control
variables, and the time effect. The *baseline* uses the default assumptions and no policy; the *modified
baseline* uses this scenario's assumptions and no policy; the *scenario* adds the policies.

Units (and the allowed range of every number) are in :data:`LIMITS`, the one place the app's sliders
and the share-link codec read them from. Bad values raise :class:`~scenarios.errors.InputError` naming
the parameter, e.g. ``subsidy.share must be between 0 and 1``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from scenarios.errors import InputError, Problem, shown
from scenarios.geography import REGIONS, canonical_province, sample_provinces
from scenarios.projection.cautions import Caution

#: Coefficient sources: the paper's Table 9 SDM for total emissions (Table 4 FE for the industries)
#: under W1/W2/W3, or an SDM with two-way effects re-estimated on the loaded panel with that W.
COEFFICIENT_SOURCES = (
    "published-W1",
    "published-W2",
    "published-W3",
    "estimated-W1",
    "estimated-W2",
    "estimated-W3",
)

#: First and last year a projection may reach; beyond :data:`SAMPLE_NEAR_HORIZON` a warning is given.
FIRST_PROJECTION_YEAR = 2021
LAST_PROJECTION_YEAR = 2060
SAMPLE_NEAR_HORIZON = 2030

TIME_EFFECTS = ("hold", "trend")


@dataclass(frozen=True)
class Limit:
    """Allowed range, unit and plain label of one numeric parameter."""

    low: float
    high: float
    unit: str
    label: str
    #: Decimal places kept (values are rounded to this on validation, which keeps share links short).
    digits: int = 4


#: Every numeric parameter by its dotted name: range, unit and label (for validation, sliders, links).
LIMITS: Mapping[str, Limit] = MappingProxyType(
    {
        "horizon": Limit(FIRST_PROJECTION_YEAR, LAST_PROJECTION_YEAR, "year", "Last projected year", digits=0),
        "import_growth": Limit(-50, 100, "% per year", "Real technology-import spending growth, national"),
        "region_growth": Limit(-50, 100, "% per year", "Real technology-import spending growth, by region"),
        "province_growth": Limit(-50, 100, "% per year", "Real technology-import spending growth, by province"),
        "phase_in": Limit(FIRST_PROJECTION_YEAR, LAST_PROJECTION_YEAR, "year", "Import policy starts in", digits=0),
        "subsidy.amount": Limit(0, 10_000, "CNY 100 million per year", "Central subsidy, total per year", digits=2),
        "subsidy.allocation": Limit(
            0, 10_000, "CNY 100 million per year", "Subsidy to one province, per year", digits=4
        ),
        "subsidy.lowest": Limit(1, 30, "provinces", "Subsidise the provinces with the lowest import stock", digits=0),
        "subsidy.share": Limit(0, 1, "fraction", "Share of the subsidy spent on technology imports"),
        "subsidy.start": Limit(FIRST_PROJECTION_YEAR, LAST_PROJECTION_YEAR, "year", "Subsidy starts in", digits=0),
        "subsidy.end": Limit(FIRST_PROJECTION_YEAR, LAST_PROJECTION_YEAR, "year", "Subsidy ends in", digits=0),
        "assumptions.import_growth": Limit(-50, 100, "% per year", "Baseline real import spending growth"),
        "assumptions.gdp_growth": Limit(-20, 20, "% per year", "GDP per capita growth"),
        "assumptions.ind_change": Limit(-5, 5, "percentage points per year", "Tertiary share of GDP, change"),
        "assumptions.ei_growth": Limit(-30, 30, "% per year", "Energy intensity growth"),
        "assumptions.tra_growth": Limit(-30, 30, "% per year", "Trade openness growth"),
        "assumptions.edu_change": Limit(-1, 1, "years per year", "Average years of schooling, change"),
        "assumptions.fin_change": Limit(-5, 5, "percentage points per year", "Local budget expenditure / GDP, change"),
    }
)

MAX_NAME_LENGTH = 40


def _number(problems: list[Problem], parameter: str, value: object) -> float | int | None:
    """The value checked against :data:`LIMITS` and rounded to its digits (None, with a problem, if bad)."""
    limit = LIMITS[parameter.split("[")[0]]
    integer = limit.digits == 0
    kind = "a whole number" if integer else "a number"
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or (integer and value != int(value))
    ):
        problems.append(Problem(f"must be {kind}, got {shown(value)}", parameter=parameter))
        return None
    if not limit.low <= value <= limit.high:
        problems.append(
            Problem(
                f"must be between {limit.low:g} and {limit.high:g} ({limit.unit}), got {shown(value)}",
                parameter=parameter,
            )
        )
        return None
    return int(value) if integer else round(float(value), limit.digits) + 0.0


def _set(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)


def _sample_province(problems: list[Problem], parameter: str, name: object) -> str | None:
    found = canonical_province(name)
    if found is None or found not in sample_provinces():
        problems.append(Problem(f"{name!r} is not one of the 30 sample provinces", parameter=parameter))
        return None
    return found


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


def trend_allowed(coefficients: object) -> bool:
    """Whether a trended time effect can be projected with ``coefficients``: only re-estimated ones have
    time effects to trend (the paper does not publish its time effects)."""
    return str(coefficients).startswith("estimated")


@dataclass(frozen=True)
class Assumptions:
    """What happens without policy: baseline import growth, control-variable paths, time effect.

    Growth rates compound on the last observed level; changes add to it each year. Levels are kept in
    their natural range (shares in [0, 1], others non-negative).
    """

    #: Baseline growth of real technology-import spending, % per year (the paper's g = 5 %, Eq. 1).
    import_growth: float = 5.0
    #: Growth of GDP per capita (gdp), % per year.
    gdp_growth: float = 0.0
    #: Change of the tertiary share of GDP (ind), percentage points per year.
    ind_change: float = 0.0
    #: Growth of energy intensity (ei), % per year.
    ei_growth: float = 0.0
    #: Growth of trade openness (tra), % per year.
    tra_growth: float = 0.0
    #: Change of average years of schooling (edu), years per year.
    edu_change: float = 0.0
    #: Change of local budget expenditure / GDP (fin), percentage points per year.
    fin_change: float = 0.0
    #: "hold": the time effect stays at its last estimated value; "trend": it follows its sample trend.
    time_effect: str = "hold"

    def __post_init__(self):
        problems: list[Problem] = []
        numbers = {
            name: _number(problems, f"assumptions.{name}", getattr(self, name))
            for name in (
                "import_growth",
                "gdp_growth",
                "ind_change",
                "ei_growth",
                "tra_growth",
                "edu_change",
                "fin_change",
            )
        }
        if self.time_effect not in TIME_EFFECTS:
            problems.append(
                Problem(
                    f"must be one of {', '.join(TIME_EFFECTS)}, got {self.time_effect!r}",
                    parameter="assumptions.time_effect",
                )
            )
        _raise(problems)
        for name, value in numbers.items():
            _set(self, name, value)


@dataclass(frozen=True)
class Subsidy:
    """A central transfer to lagging provinces (paper §5: subsidise provinces with low technology import).

    ``amount`` is the total per year, split equally among the target provinces, in CNY 100 million at
    the prices of the last observed year. The targets are ``provinces`` when given, otherwise the
    ``lowest`` provinces by technology-import stock in the last observed year. An ``allocation``
    (province -> CNY 100 million per year, e.g. from :mod:`scenarios.projection.optimise`) pays each
    province its own amount instead: then ``amount`` is set to the allocation's sum (any value given is
    replaced), the targets are the provinces with a positive amount, and ``lowest`` is not used;
    ``provinces`` cannot be given with it. ``share`` of each
    transfer becomes additional real technology-import spending in the year paid; the rest is spent
    on other things. With ``raises_fin`` the whole transfer also raises local budget expenditure, so
    fin rises by transfer / GDP.
    """

    amount: float = 0.0
    lowest: int = 5
    provinces: tuple[str, ...] = ()
    share: float = 1.0
    #: First and last year paid (None: from the first projected year / to the horizon).
    start: int | None = None
    end: int | None = None
    raises_fin: bool = False
    #: Per-province amounts, CNY 100 million per year, as sorted (province, amount) pairs (empty: split
    #: ``amount`` equally among the targets).
    allocation: tuple[tuple[str, float], ...] = ()

    def __post_init__(self):
        problems: list[Problem] = []
        allocation = _overrides(problems, "subsidy.allocation", self.allocation, "province", "amounts")
        if allocation and self.provinces:
            problems.append(
                Problem(
                    "cannot be given with subsidy.allocation (its provinces are the targets)",
                    parameter="subsidy.provinces",
                )
            )
        total = round(sum(amount for _, amount in allocation), LIMITS["subsidy.allocation"].digits)
        if total > LIMITS["subsidy.amount"].high:
            problems.append(
                Problem(
                    f"must sum to at most {LIMITS['subsidy.amount'].high:g} "
                    f"({LIMITS['subsidy.amount'].unit}), got {total:g}",
                    parameter="subsidy.allocation",
                )
            )
        numbers = {
            name: _number(problems, f"subsidy.{name}", getattr(self, name))
            for name in ("amount", "lowest", "share", "start", "end")
            if getattr(self, name) is not None
        }
        if not problems and self.start is not None and self.end is not None and self.start > self.end:
            problems.append(Problem("must not be after subsidy.end", parameter="subsidy.start"))
        if not isinstance(self.raises_fin, bool):
            problems.append(Problem("must be true or false", parameter="subsidy.raises_fin"))
        provinces = self.provinces
        if isinstance(provinces, str) or not isinstance(provinces, (tuple, list, set, frozenset)):
            problems.append(Problem("must be a list of provinces", parameter="subsidy.provinces"))
            provinces = ()
        names = [_sample_province(problems, "subsidy.provinces", p) for p in provinces]
        _raise(problems)
        order = sample_provinces()
        _set(self, "provinces", tuple(sorted(set(names), key=order.index)))
        for name, value in numbers.items():
            _set(self, name, value)
        _set(self, "allocation", tuple((name, amount) for name, amount in allocation if amount > 0))
        if self.allocation:
            _set(self, "amount", total)

    @property
    def active(self) -> bool:
        """True when the subsidy pays anything."""
        return self.amount > 0


def _overrides(problems: list[Problem], parameter: str, value: object, keys: str, what: str = "growth rates") -> tuple:
    """Normalise a mapping (or pairs) of region/province -> number (growth, or ``what``) into sorted
    canonical pairs."""
    if isinstance(value, Mapping):
        pairs = list(value.items())
    else:
        try:
            pairs = [tuple(p) for p in value]  # type: ignore[attr-defined]  # any iterable; TypeError below
        except TypeError:
            problems.append(Problem(f"must map names to {what}", parameter=parameter))
            return ()
        if any(len(p) != 2 for p in pairs):
            problems.append(Problem(f"must map names to {what}", parameter=parameter))
            return ()
    out: dict[str, float] = {}
    for key, growth in pairs:
        if keys == "region":
            name = key if key in REGIONS else None
            if name is None:
                problems.append(Problem(f"{key!r} is not a region ({', '.join(REGIONS)})", parameter=parameter))
        else:
            name = _sample_province(problems, parameter, key)
        if name is None:
            continue
        checked = _number(problems, f"{parameter}[{name}]", growth)
        if checked is not None:
            out[name] = checked
    order = REGIONS if keys == "region" else sample_provinces()
    return tuple((name, out[name]) for name in order if name in out)


@dataclass(frozen=True)
class Scenario:
    """Policy levers and assumptions for one projection (frozen, hashable, validated).

    Technology-import growth, in % per year of real spending, applies from ``phase_in`` (default: the
    first projected year) to the horizon; before that, and wherever no lever is set, spending grows at
    ``assumptions.import_growth``. A province override beats its region's, which beats the national one.
    ``import_growth=None`` means "no national policy": spending follows the baseline assumption.
    ``region_growth`` and ``province_growth`` accept a mapping (name -> % per year) and are stored as
    sorted pairs, so equal scenarios compare and hash equal.
    """

    name: str = "Custom"
    horizon: int = SAMPLE_NEAR_HORIZON
    coefficients: str = "published-W1"
    import_growth: float | None = None
    region_growth: tuple[tuple[str, float], ...] = ()
    province_growth: tuple[tuple[str, float], ...] = ()
    phase_in: int | None = None
    subsidy: Subsidy = field(default_factory=Subsidy)
    assumptions: Assumptions = field(default_factory=Assumptions)

    def __post_init__(self):
        problems: list[Problem] = []
        if not isinstance(self.name, str) or not self.name.strip() or len(self.name) > MAX_NAME_LENGTH:
            problems.append(Problem(f"must be 1 to {MAX_NAME_LENGTH} characters", parameter="name"))
        numbers = {
            name: _number(problems, name, getattr(self, name))
            for name in ("horizon", "import_growth", "phase_in")
            if getattr(self, name) is not None
        }
        if self.coefficients not in COEFFICIENT_SOURCES:
            problems.append(
                Problem(
                    f"must be one of {', '.join(COEFFICIENT_SOURCES)}, got {self.coefficients!r}",
                    parameter="coefficients",
                )
            )
        regions = _overrides(problems, "region_growth", self.region_growth, "region")
        provinces = _overrides(problems, "province_growth", self.province_growth, "province")
        if not isinstance(self.subsidy, Subsidy):
            problems.append(Problem("must be a Subsidy", parameter="subsidy"))
        if not isinstance(self.assumptions, Assumptions):
            problems.append(Problem("must be an Assumptions", parameter="assumptions"))
        elif self.assumptions.time_effect == "trend" and not trend_allowed(self.coefficients):
            problems.append(
                Problem(
                    "'trend' needs estimated coefficients: the paper does not publish its time effects",
                    parameter="assumptions.time_effect",
                )
            )
        _raise(problems)
        for name, value in numbers.items():
            _set(self, name, value)
        _set(self, "name", self.name.strip())
        _set(self, "region_growth", regions)
        _set(self, "province_growth", provinces)

    @property
    def source(self) -> str:
        """ "published" or "estimated"."""
        return self.coefficients.split("-")[0]

    @property
    def matrix(self) -> str:
        """The spatial weight matrix: "W1" (inverse distance), "W2" (inverse distance squared) or "W3"."""
        return self.coefficients.split("-")[1]

    @property
    def has_policy(self) -> bool:
        """True when any policy lever departs from "no policy"."""
        return (
            self.import_growth is not None
            or bool(self.region_growth)
            or bool(self.province_growth)
            or self.subsidy.active
        )

    @property
    def warnings(self) -> tuple[Caution, ...]:
        """Plain-language cautions about this scenario (not errors)."""
        notes = []
        if self.horizon > SAMPLE_NEAR_HORIZON:
            notes.append(
                Caution(
                    "horizon",
                    "The horizon {horizon} is far outside the sample (the paper used 2011-2020): its coefficients "
                    "describe a decade of data, and projections decades ahead are illustrations, not forecasts.",
                    horizon=self.horizon,
                )
            )
        growth_levers = self.import_growth is not None or self.region_growth or self.province_growth
        if self.phase_in is not None and self.phase_in > self.horizon and growth_levers:
            notes.append(
                Caution(
                    "phase_in_after_horizon",
                    "The import policy starts in {start}, after the horizon {horizon}: "
                    "its growth rates change nothing in this projection.",
                    start=self.phase_in,
                    horizon=self.horizon,
                )
            )
        if self.subsidy.active and self.subsidy.start is not None and self.subsidy.start > self.horizon:
            notes.append(
                Caution(
                    "subsidy_after_horizon",
                    "The subsidy starts in {start}, after the horizon {horizon}: nothing is paid within the projection.",
                    start=self.subsidy.start,
                    horizon=self.horizon,
                )
            )
        if self.source == "published":
            notes.append(
                Caution(
                    "published_industries",
                    "Industry projections use the paper's Table 4 fixed-effects coefficients, which have no "
                    "spatial spillover: for the four industries the spillover is zero by construction.",
                )
            )
        return tuple(notes)

    def without_policy(self) -> Scenario:
        """The same assumptions with no policy lever (the modified baseline)."""
        return dataclasses.replace(
            self, import_growth=None, region_growth=(), province_growth=(), phase_in=None, subsidy=Subsidy()
        )

    def with_(self, **changes) -> Scenario:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)


#: Named starting points for the app and the CLI, by a short key.
PRESETS: Mapping[str, Scenario] = MappingProxyType(
    {
        "baseline": Scenario(name="Baseline"),
        "subsidise-lagging": Scenario(
            name="Subsidise lagging provinces",
            subsidy=Subsidy(amount=50.0, lowest=5, share=1.0),
        ),
        "coast-fast": Scenario(
            name="Fast import growth on the coast",
            region_growth=(("East", 10.0),),
        ),
        "slowdown": Scenario(name="Import slowdown", import_growth=0.0),
    }
)
