"""The Optimise page's settings and their text in the share link (``ui_opt_<name>=<value>``).

A link carries only the settings the user changed from the page's defaults, so it stays short and a
default that moves with the data (the years paid, from the first year after the observed spending to
the horizon) is not frozen into it. Every value is parsed and checked here; a link's damaged value
raises ``ValueError`` with what is wrong, which the app shows as a notice and keeps the default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scenarios.geography import canonical_province, sample_provinces

#: The link's parameter prefix for these settings (``ui_`` is the app's, ``opt_`` this page's).
PREFIX = "opt_"
ELIGIBILITY = ("all", "lowest", "list")
CAPS = ("none", "share", "multiple")
#: The numeric settings' allowed ranges: what the page's inputs accept and a link may carry.
RANGES = {"budget": (0.0, 10_000.0), "lowest": (1, 30), "cap_value": (0.01, 100.0)}


def defaults(first_year: int, horizon: int) -> dict[str, Any]:
    """What the page starts from: CNY 50 (100 million) a year to every province, paid from ``first_year``
    to ``horizon``, total emissions summed to the horizon, no cap."""
    return {
        "budget": 50.0,
        "years": (first_year, horizon),
        "series": "total",
        "objective": "cumulative",
        "eligibility": "all",
        "lowest": 5,
        "provinces": (),
        "cap": "none",
        "cap_value": 0.3,
    }


def _number(low: float, high: float, whole: bool = False) -> Callable[[str], float | int]:
    def parse(text: str) -> float | int:
        kind = "a whole number" if whole else "a number"
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not low <= value <= high or (whole and value != int(value)):  # NaN fails the first test
            raise ValueError(f"must be {kind} from {low:g} to {high:g}, not {text[:40]!r}")
        return int(value) if whole else value

    return parse


def _one_of(*allowed: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}, not {text[:40]!r}")
        return text

    return parse


def _series(text: str) -> str:
    from scenarios.projection.optimise import SERIES_CHOICES  # the optimiser (scipy) only when a link names one

    return _one_of(*SERIES_CHOICES)(text)


def _objective(text: str) -> str:
    from scenarios.projection.optimise import OBJECTIVES

    return _one_of(*OBJECTIVES)(text)


def _years(text: str) -> tuple[int, int]:
    start, _, end = text.partition("-")
    try:
        years = int(start), int(end)
    except ValueError:
        raise ValueError(f"must be two years as START-END, not {text[:40]!r}") from None
    if not 1990 <= years[0] <= years[1] <= 2100:
        raise ValueError(f"must be two years from 1990 to 2100, the first not after the second, not {text[:40]!r}")
    return years


def _provinces(text: str) -> tuple[str, ...]:
    names = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        name = canonical_province(part)
        if name not in sample_provinces():
            raise ValueError(f"names a province outside the 30 of the sample: {part[:40]!r}")
        names.append(name)
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class _Setting:
    parse: Callable[[str], Any]
    text: Callable[[Any], str] = str


SETTINGS: dict[str, _Setting] = {
    "budget": _Setting(_number(*RANGES["budget"]), lambda value: f"{value:g}"),
    "years": _Setting(_years, lambda years: f"{years[0]}-{years[1]}"),
    "series": _Setting(_series),
    "objective": _Setting(_objective),
    "eligibility": _Setting(_one_of(*ELIGIBILITY)),
    "lowest": _Setting(_number(*RANGES["lowest"], whole=True)),
    "provinces": _Setting(_provinces, ",".join),
    "cap": _Setting(_one_of(*CAPS)),
    "cap_value": _Setting(_number(*RANGES["cap_value"]), lambda value: f"{value:g}"),
}


def to_link(chosen: dict[str, Any]) -> dict[str, str]:
    """The link's ``opt_<name>: text`` entries (without the app's ``ui_`` prefix) of the chosen settings."""
    return {PREFIX + name: SETTINGS[name].text(value) for name, value in chosen.items()}


def from_link(name: str, text: str) -> tuple[str, Any]:
    """The setting a link's ``opt_<name>`` entry sets and its value; ``ValueError`` saying what is wrong
    when the name is unknown or the value is not one the page can take."""
    setting = name[len(PREFIX) :] if name.startswith(PREFIX) else ""
    if setting not in SETTINGS:
        raise ValueError(f"the Optimise page has no setting {name[:40]!r}")
    return setting, SETTINGS[setting].parse(text)
