"""Share links: a :class:`~scenarios.projection.scenario.Scenario` as URL query parameters, and back.

Format (version 2, ``v=2``): only what differs from the defaults is written, so the default scenario
is the empty query. Keys:

=========  =====================================================  ============================
key        meaning                                                example
=========  =====================================================  ============================
v          format version (always written)                        ``v=2``
anchors    data set: real (default) or demo (synthetic panel)     ``anchors=demo``
n          scenario name                                          ``n=Coast%20push``
coef       coefficient source                                     ``coef=published-W2``
h          horizon year                                           ``h=2040``
g          national technology-import growth, % per year          ``g=8``
gr         growth by region, E/C/W/N (East, Central, ...)         ``gr=E:10,W:6.5``
gp         growth by province, 2-digit adcode prefix              ``gp=44:8,62:12``
pi         year the import policy starts                          ``pi=2023``
s          subsidy, CNY 100 million per year (total)              ``s=50``
sk         subsidise the k lowest-stock provinces                 ``sk=3``
sp         subsidise these provinces instead (adcode prefixes)    ``sp=62,63,64``
ss         share of the subsidy spent on imports (0-1)            ``ss=0.6``
sy         subsidy years, first-last (either may be blank)        ``sy=2022-2025``
sf         subsidy also raises local budget expenditure (fin)     ``sf=1``
sa         subsidy by province, CNY 100 million per year each     ``sa=62:12.5,63:7.5``
           (replaces s, sk and sp: the amount is its sum)
bg         baseline import growth, % per year (assumption)        ``bg=4``
gdp        GDP per capita growth, % per year                      ``gdp=4.5``
ind        tertiary share change, points per year                 ``ind=0.3``
ei         energy intensity growth, % per year                    ``ei=-4``
tra        trade openness growth, % per year                      ``tra=1``
edu        schooling change, years per year                       ``edu=0.1``
fin        local budget expenditure / GDP change, points/year     ``fin=0.2``
te         time effect: hold or trend                             ``te=trend``
=========  =====================================================  ============================

Namespace: the keys above belong to the scenario (:data:`SCENARIO_KEYS`). Keys starting with ``ui_``
belong to the app (page, selected province, chart options...): :func:`encode` appends them from its
``ui`` argument, :func:`decode` skips them silently and :func:`ui_state` returns them. Any other key
is unknown and is dropped with a notice. A scenario's part of the link stays under 1,200 characters
(the longest scenario the app can make, 40 emoji in the name and every lever set, is tested), leaving
at least 800 of the 2,000-character budget to the address and ``ui_`` keys; a typical link is under
100 characters.

Versions: a link without ``v`` is read as the current version (hand-typed links such as ``?g=8``).
``v=0`` is the draft format of the prototype, migrated on reading: the national growth ``g`` was a
fraction (``g=0.08`` for 8 %) and the coefficient source was ``w=1|2|3`` (published, W1/W2/W3).
``v=1`` links were all made on the synthetic demo panel (the only data set then): without an ``anchors``
key they are migrated to ``anchors=demo``, with a notice, so they open as they were made. Versions newer
than this code are read as the current version, with a notice.

The data set: ``anchors=real`` (the default, not written) is the real anchors (CEADs 2019, the S&T
yearbook's spending; :mod:`scenarios.data.anchors`), ``anchors=demo`` the synthetic demo panel. A panel the
user loaded cannot travel in a link (it is not on the server of whoever opens it): :func:`data_set` reads
the key, :func:`encode` writes it.

:func:`decode` never raises: anything unreadable or out of range is dropped (the default is kept) and
described in a plain-language notice returned beside the scenario.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from urllib.parse import parse_qsl, quote

from scenarios.errors import InputError
from scenarios.geography import REGIONS, provinces, sample_provinces
from scenarios.projection.scenario import Assumptions, Scenario, Subsidy, trend_allowed

VERSION = 2
UI_PREFIX = "ui_"
#: The ``anchors`` key: the data sets a link can name, the default first.
DATA_SETS = ("real", "demo")
DATA_KEY = "anchors"

_DEFAULT = Scenario()  # what a link leaves out (frozen: shared safely)
_REGION_CODES = {region: region[0] for region in REGIONS}  # East->E, Central->C, West->W, Northeast->N

# key -> (object, field); object "" is the Scenario itself.
_FIELDS = {
    "n": ("", "name"),
    "coef": ("", "coefficients"),
    "h": ("", "horizon"),
    "g": ("", "import_growth"),
    "gr": ("", "region_growth"),
    "gp": ("", "province_growth"),
    "pi": ("", "phase_in"),
    "s": ("subsidy", "amount"),
    "sk": ("subsidy", "lowest"),
    "sp": ("subsidy", "provinces"),
    "ss": ("subsidy", "share"),
    "sy": ("subsidy", "start,end"),
    "sf": ("subsidy", "raises_fin"),
    "sa": ("subsidy", "allocation"),
    "bg": ("assumptions", "import_growth"),
    "gdp": ("assumptions", "gdp_growth"),
    "ind": ("assumptions", "ind_change"),
    "ei": ("assumptions", "ei_growth"),
    "tra": ("assumptions", "tra_growth"),
    "edu": ("assumptions", "edu_change"),
    "fin": ("assumptions", "fin_change"),
    "te": ("assumptions", "time_effect"),
}

#: Query keys that belong to the scenario (plus the version ``v``); the app must not use them.
SCENARIO_KEYS = frozenset(_FIELDS) | {"v", DATA_KEY}


@functools.cache
def _province_codes() -> Mapping[str, str]:
    table = provinces()
    codes = {row.name_en: str(row.adcode)[:2] for row in table.itertuples() if row.name_en in sample_provinces()}
    return MappingProxyType(codes)


def _number_text(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _pairs_text(pairs, codes: Mapping[str, str]) -> str:
    return ",".join(f"{codes[name]}:{_number_text(value)}" for name, value in pairs)


def _field_text(key: str, scenario: Scenario) -> str | None:
    """The text of one key, or None when the scenario holds the default there."""
    default = _DEFAULT
    owner, name = _FIELDS[key]
    if key == "sy":
        mine, base = scenario.subsidy, default.subsidy
        if (mine.start, mine.end) == (base.start, base.end):
            return None
        return f"{mine.start or ''}-{mine.end or ''}"
    value = getattr(getattr(scenario, owner) if owner else scenario, name)
    if value == getattr(getattr(default, owner) if owner else default, name):
        return None
    if key == "s" and scenario.subsidy.allocation:  # the allocation's sum
        return None
    if key == "gr":
        return _pairs_text(value, _REGION_CODES)
    if key in ("gp", "sa"):
        return _pairs_text(value, _province_codes())
    if key == "sp":
        codes = _province_codes()
        return ",".join(codes[p] for p in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return _number_text(value)
    return str(value)


@functools.lru_cache(maxsize=1024)
def _scenario_parts(scenario: Scenario) -> tuple[str, ...]:
    """The scenario's ``key=value`` parts, once per scenario (a frozen value: the app encodes the same one
    several times a rerun, as cache key, URL mirror and share link)."""
    texts = ((key, _field_text(key, scenario)) for key in _FIELDS)
    return tuple(f"{key}={quote(text, safe=':,-.')}" for key, text in texts if text is not None)


def encode(scenario: Scenario, ui: Mapping[str, object] | None = None, data: str = DATA_SETS[0]) -> str:
    """The query string (without ``?``) that :func:`decode` turns back into ``scenario`` (and
    :func:`data_set` into ``data``, one of :data:`DATA_SETS`).

    Only what differs from the defaults is written; ``ui`` entries (keys must start with ``ui_``) are
    appended for the app's own view state.
    """
    if data not in DATA_SETS:
        raise ValueError(f"a link's data set is one of {', '.join(DATA_SETS)}, not {data!r}")
    parts = (
        [f"v={VERSION}"] + ([f"{DATA_KEY}={data}"] if data != DATA_SETS[0] else []) + list(_scenario_parts(scenario))
    )
    for key, value in (ui or {}).items():
        if not key.startswith(UI_PREFIX):
            raise ValueError(f"app keys in a share link must start with {UI_PREFIX!r}, got {key!r}")
        parts.append(f"{quote(key, safe='')}={quote(str(value), safe=':,-.')}")
    return "&".join(parts)


def _items(query: object) -> list[tuple[str, str]]:
    if isinstance(query, Mapping):
        items: list[tuple[str, str]] = []
        for key, value in query.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            items.extend((str(key), str(v)) for v in values)
        return items
    text = query.decode("utf-8", "replace") if isinstance(query, bytes) else str(query or "")
    text = text.split("?", 1)[1] if "?" in text else text
    return parse_qsl(text.split("#", 1)[0], keep_blank_values=True)


def ui_state(query: object) -> dict[str, str]:
    """The app's ``ui_`` entries of a query (string or mapping), last one winning."""
    try:
        return {key: value for key, value in _items(query) if key.startswith(UI_PREFIX)}
    except Exception:  # noqa: BLE001 - a link is untrusted text; a bad one just has no UI state
        return {}


def _parse_number(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def _parse_items(key: str, text: str, codes: Mapping[str, str], notices: list[str], pairs: bool):
    """Comma-separated codes (``pairs``: ``code:number``), each unreadable item dropped with a notice; a
    code given twice keeps its last value, with a notice."""
    names = {code: name for name, code in codes.items()}
    out: dict[str, float | None] = {}
    for item in text.split(","):
        try:
            code, value = item.split(":") if pairs else (item, None)
            name = names[code.strip()]
            parsed = _parse_number(value) if value is not None else None
        except (ValueError, KeyError):
            notices.append(f"Ignored {item[:20]!r} in {key}: not a known code{' and number' if pairs else ''}.")
            continue
        if name in out:
            kept = f"the last value, {_number_text(parsed)}, was kept" if parsed is not None else "it is counted once"
            notices.append(f"{code.strip()!r} ({name}) is given twice in {key}; {kept}.")
            out.pop(name)
        out[name] = parsed
    return out if pairs else tuple(out)


#: The most digits a whole-number setting (a year, a count) is read with: larger ones are unreadable.
_MAX_DIGITS = 6


def _whole(text: str) -> int:
    """A year or a count: at most :data:`_MAX_DIGITS` digits (so no huge number reaches a comparison)."""
    text = text.strip()
    if not text.lstrip("+-").isdigit() or len(text.lstrip("+-")) > _MAX_DIGITS:
        raise ValueError(text)
    return int(text)


class _Reversed(ValueError):
    """A subsidy period whose first year is after its last."""

    def __init__(self, start: int, end: int):
        super().__init__(f"{start}-{end}")
        self.start, self.end = start, end


def _parse(key: str, text: str, notices: list[str]):
    """The Python value of one key's text (raises ValueError on anything unreadable)."""
    if key in ("n", "coef", "te"):
        return text
    if key in ("gr", "gp", "sp", "sa"):
        codes = _REGION_CODES if key == "gr" else _province_codes()
        return _parse_items(key, text, codes, notices, pairs=key != "sp")
    if key == "sy":
        first, last = text.split("-")
        start, end = (_whole(part) if part.strip() else None for part in (first, last))
        if start is not None and end is not None and start > end:
            raise _Reversed(start, end)
        return start, end
    if key == "sf":
        if text not in ("0", "1"):
            raise ValueError(text)
        return text == "1"
    if key in ("h", "pi", "sk"):
        if text.strip().lstrip("+-").isdigit():
            return _whole(text)
        value = _parse_number(text)
        return int(value) if value == int(value) and abs(value) < 10**_MAX_DIGITS else value
    return _parse_number(text)


def _migrate(items: list[tuple[str, str]], version: int, notices: list[str]) -> list[tuple[str, str]]:
    """Rewrite an older version's items into the current version's."""
    if version == 0:
        migrated = []
        for key, value in items:
            if key == "g":
                try:
                    value = _number_text(_parse_number(value) * 100)
                except ValueError:
                    pass
            elif key == "w":
                key, value = "coef", f"published-W{value}"
            migrated.append((key, value))
        notices.append("This link uses the draft format (v=0); it was converted to the current one.")
        items = migrated
    if version <= 1 and not any(key == DATA_KEY for key, _ in items):
        notices.append(
            "This link was made before the real data were added: it opens on the synthetic demo "
            "panel, as it was made (choose the real anchors on the page to switch)."
        )
        items = [*items, (DATA_KEY, "demo")]
    return items


def data_set(query: object) -> str:
    """The data set a link names (:data:`DATA_SETS`), after the migration of older versions; the
    default (real) when the key is missing, unreadable or names a data set that cannot travel. Never raises;
    :func:`decode` gives the notices."""
    try:
        items = _items(query)
        items = _migrate(items, _version(items, []), [])
    except Exception:  # noqa: BLE001 - a link is untrusted text
        return DATA_SETS[0]
    values = [value for key, value in items if key == DATA_KEY]
    return values[-1] if values and values[-1] in DATA_SETS else DATA_SETS[0]


def _build(cls, values: dict, prefix: str, keys: Mapping[str, str], notices: list[str]):
    """``cls(**values)``, dropping (with a notice) each value validation rejects; never raises."""
    values = dict(values)
    while True:
        try:
            return cls(**values)
        except InputError as error:
            dropped = False
            for problem in error.problems:
                name = (problem.parameter or "").removeprefix(prefix).split("[")[0]
                if name in values:
                    notices.append(f"Ignored {keys.get(name, name)!r}: {problem.parameter} {problem.message}.")
                    values.pop(name)
                    dropped = True
            if not dropped:
                notices.append(f"Ignored the settings {', '.join(sorted(keys.get(n, n) for n in values))}: {error}.")
                return cls()


def _version(items: list[tuple[str, str]], notices: list[str]) -> int:
    texts = [value for key, value in items if key == "v"]
    if not texts:
        return VERSION
    try:
        version = _whole(texts[-1])
    except ValueError:
        notices.append(f"The link version {texts[-1][:20]!r} is not a known version; it was read as version {VERSION}.")
        return VERSION
    if version > VERSION or version < 0:
        notices.append(f"The link version {version} is unknown; it was read as version {VERSION}.")
        return VERSION
    return version


def decode(query: object) -> tuple[Scenario, list[str]]:
    """The scenario a share link's query holds, and notices about whatever was dropped.

    ``query`` is the text after ``?`` (a full URL or a leading ``?`` is fine) or a mapping such as
    Streamlit's ``st.query_params``. Never raises: unknown keys, unreadable values and values out of
    range are dropped with a plain-language notice, and the default is kept for them (a failure this
    code did not foresee gives the default scenario and a notice; tests/unit/test_link_fuzz.py fuzzes it).
    """
    try:
        return _decode(query)
    except Exception:  # noqa: BLE001 - a link is untrusted text: the contract is a notice, never a traceback
        return Scenario(), ["The link could not be read; the default scenario is shown."]


def _decode(query: object) -> tuple[Scenario, list[str]]:
    notices: list[str] = []
    items = _items(query)
    items = _migrate(items, _version(items, notices), notices)
    groups: dict[str, dict] = {"": {}, "subsidy": {}, "assumptions": {}}
    keys_of: dict[str, dict[str, str]] = {"": {}, "subsidy": {}, "assumptions": {}}
    seen = set()
    for key, text in items:
        if key == "v" or key.startswith(UI_PREFIX):
            continue
        shown = f"{key}={text}"[:60]
        if key == DATA_KEY:
            if text not in DATA_SETS:
                notices.append(
                    f"Ignored {shown!r}: a link names the data set {' or '.join(DATA_SETS)} (a loaded "
                    f"panel cannot travel in a link); the real anchors are used."
                )
            continue
        if key not in _FIELDS:
            notices.append(f"Ignored unknown setting {shown!r}.")
            continue
        if key in seen:
            notices.append(f"Ignored repeated setting {shown!r}.")
            continue
        seen.add(key)
        try:
            value = _parse(key, text, notices)
        except _Reversed as reversed_years:
            notices.append(
                f"Ignored {shown!r}: the subsidy's first year {reversed_years.start} is after its last "
                f"year {reversed_years.end}; both were ignored, so the subsidy has no start or end year."
            )
            continue
        except (ValueError, OverflowError):
            notices.append(f"Ignored {shown!r}: the value could not be read.")
            continue
        owner, name = _FIELDS[key]
        parts = name.split(",")
        for field_name, field_value in zip(parts, value if key == "sy" else (value,)):
            groups[owner][field_name] = field_value
            keys_of[owner][field_name] = shown if len(parts) == 1 else f"{shown} ({field_name} year)"
    coefficients = groups[""].get("coefficients", Scenario().coefficients)
    if groups["assumptions"].get("time_effect") == "trend" and not trend_allowed(coefficients):
        notices.append("Ignored te=trend: a time-effect trend needs estimated coefficients (coef=estimated-W…).")
        groups["assumptions"].pop("time_effect")
    subsidy = _build(Subsidy, groups["subsidy"], "subsidy.", keys_of["subsidy"], notices)
    period = {name: groups["subsidy"][name] for name in ("start", "end") if name in groups["subsidy"]}
    kept = {name: year for name, year in period.items() if getattr(subsidy, name) == year}
    if len(kept) == 1 and next(iter(kept.values())) is not None:  # one year of the period ignored, one kept
        ((name, year),) = kept.items()
        notices.append(f"Kept the subsidy's {name} year {year} from {keys_of['subsidy'][name].rsplit(' (', 1)[0]!r}.")
    assumptions = _build(Assumptions, groups["assumptions"], "assumptions.", keys_of["assumptions"], notices)
    scenario = _build(
        Scenario, {**groups[""], "subsidy": subsidy, "assumptions": assumptions}, "", keys_of[""], notices
    )
    return scenario, notices
