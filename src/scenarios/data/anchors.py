"""Real provincial anchors: CEADs emissions, technology-import spending and NBS levels, as committed tables.

Three public sources, read from their raw files by ``scripts/build_real_anchors.py`` and committed in
``data/`` (the raw files are not); this module loads the committed tables, read-only and checked:

* **CEADs** provincial CO2 inventories, 1998-2019, Mt CO2 (Scope 1): the total and the paper's four
  key industries as :data:`scenarios.data.ceads.INDUSTRIES` defines them (steel; building materials;
  non-ferrous metals; petrochemical).
* **China Statistical Yearbook on Science and Technology**, expenditure on importing foreign technology
  (引进技术经费支出 / 引进境外技术经费支出) of industrial enterprises *above designated size*, by
  province, 2018-2023, in CNY 10,000 (万元) at current prices. A blank cell is *not reported*, kept as
  missing: never read as zero. (The paper used *large and medium-sized* enterprises: docs/real-data.md.)
* **NBS** provincial annual data, 2019-2023: GDP and value added by sector (CNY 100 million, 亿元) and
  GDP per capita (CNY per person), the current revision: starting levels of the control variables.

On top of the observed spending, two modelling steps, each a function here so a projection can vary it:

* :func:`fill_unreported`: the rule for unreported spending cells (see its docstring), every filled cell
  flagged per province-year (:attr:`RealAnchors.flags`);
* :func:`import_stock`: the paper's perpetual-inventory stock (Eq. 1-2, g = 5%, delta = 15%), reusing
  :func:`scenarios.data.panel.perpetual_inventory`. It is the starting stock of a projection.

:func:`real_anchors` returns the cached, frozen :class:`RealAnchors`. Every table is checked on loading
against ``data/real_anchors_manifest.json`` (format version, row count and SHA-256), so a damaged or
edited file fails with one message naming it instead of feeding wrong numbers on.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios import paths
from scenarios.data import ceads
from scenarios.data.panel import DEPRECIATION, GROWTH_RATE, perpetual_inventory
from scenarios.errors import InputError, Problem
from scenarios.geography import sample_provinces
from scenarios.provenance import REAL_ANCHORS_LABEL, labelled

#: Format version of the committed tables; the build writes it into the manifest, the loader checks it.
VERSION = 1

ANCHORS_FILE = "real_anchors.csv"
CONTROLS_FILE = "real_controls.csv"
SOURCES_FILE = "real_anchors_sources.csv"
MANIFEST_FILE = "real_anchors_manifest.json"

#: CEADs emission series (Mt CO2): the total and the four key industries, as the importer names them.
EMISSION_SERIES = tuple(ceads.PANEL_COLUMNS)
#: Their columns in the anchor table (the panel's names: ``co2_total``, ``co2_steel``, ...).
EMISSION_COLUMNS = tuple(ceads.PANEL_COLUMNS.values())
TECH_COLUMN = "tech_import_expenditure"
#: Why a CO2 cell of 1998-2019 is empty (the province-years CEADs has without energy data).
CO2_NOTE_COLUMN = "co2_note"
#: ``data/real_anchors.csv``: one row per sample province and year, :data:`YEARS`.
ANCHOR_COLUMNS = ("province", "year", *EMISSION_COLUMNS, TECH_COLUMN, CO2_NOTE_COLUMN)
#: ``data/real_controls.csv``: NBS levels as published (亿元, GDP per capita in 元 per person).
CONTROL_COLUMNS = (
    "province",
    "year",
    "gdp",
    "value_added_primary",
    "value_added_secondary",
    "value_added_tertiary",
    "value_added_industry",
    "gdp_per_capita_cny",
)
#: ``data/real_anchors_sources.csv``: one row per raw file read.
SOURCE_COLUMNS = ("dataset", "year", "file", "sha256", "table", "column", "unit", "national_total", "sum_of_provinces")

EMISSION_YEARS = tuple(range(1998, 2020))
TECH_YEARS = tuple(range(2018, 2024))
CONTROL_YEARS = tuple(range(2019, 2024))
YEARS = tuple(range(EMISSION_YEARS[0], TECH_YEARS[-1] + 1))

UNITS = {
    **{column: "Mt CO2" for column in EMISSION_COLUMNS},
    TECH_COLUMN: "CNY 10,000 (万元), current prices",
    "tech_import_expenditure_filled": "CNY 10,000 (万元), current prices",
    "tech_stock": "CNY 10,000 (万元), current prices, not deflated",
    "gdp": "CNY 100 million (亿元), current prices",
    "value_added_primary": "CNY 100 million (亿元), current prices",
    "value_added_secondary": "CNY 100 million (亿元), current prices",
    "value_added_tertiary": "CNY 100 million (亿元), current prices",
    "value_added_industry": "CNY 100 million (亿元), current prices",
    "gdp_per_capita_cny": "CNY per person, current prices",
    "gdp_per_capita": "CNY 10,000 per person, current prices (the panel's unit)",
    "tertiary_share": "fraction (tertiary value added / GDP)",
}

#: Rules for unreported technology-import cells (:func:`fill_unreported`).
UNREPORTED_RULES = ("interpolate", "nil")
#: Flags of :attr:`RealAnchors.tech_flags`: how each spending cell was obtained.
FLAG_REPORTED, FLAG_INTERPOLATED, FLAG_CARRIED_BACK, FLAG_CARRIED_FORWARD, FLAG_NIL = (
    "reported",
    "interpolated",
    "carried back",
    "carried forward",
    "read as nil",
)
#: Flag of a CEADs province-year left empty because CEADs has only its process emissions.
FLAG_NO_ENERGY_DATA = "no energy data"


@dataclass(frozen=True)
class Source:
    """One public source of the anchors: what it is, where in it, the unit, its licence and how to cite it."""

    dataset: str
    title: str
    table: str
    unit: str
    years: str
    licence: str
    citation: str

    def as_dict(self) -> dict[str, str]:
        """The fields as a plain dict (for JSON)."""
        return dict(self.__dict__)


SOURCES = (
    Source(
        "ceads",
        "CEADs provincial CO2 emission inventories (IPCC sectoral approach), 30 provinces",
        "Emission_Inventories_for_30_Provinces_<year>.xlsx, one sheet per province: the total row and the "
        "sector rows of the four key industries, column 'Scope 1 Total' (scenarios.data.ceads)",
        "Mt CO2",
        "1998-2019",
        "free to use with credit (CEADs' terms); workbooks as published by CEADs, copied via the "
        "Open-Earth-Foundation OpenClimate repository (Apache-2.0)",
        ceads.CITATION,
    ),
    Source(
        "tech-yearbook",
        "China Statistical Yearbook on Science and Technology (中国科技统计年鉴), editions 2019-2024",
        "table 2-28 (data years 2018-2019) / 2-29 (2020-2023) 各地区规上工业企业技术获取和技术改造: "
        "technology acquisition and technical renovation of industrial enterprises above designated size by "
        "region, column 引进技术经费支出 / 引进境外技术经费支出 (expenditure for acquisition of foreign "
        "technology); blank cells not reported",
        "CNY 10,000 (万元), current prices",
        "2018-2023",
        "official statistics; the tables as packaged in huhuaping/techme (MIT licence, (c) 2021 Hu Huaping)",
        "National Bureau of Statistics of China and Ministry of Science and Technology. China Statistical "
        "Yearbook on Science and Technology 2019-2024. Beijing: China Statistics Press.",
    ),
    Source(
        "nbs",
        "National Bureau of Statistics of China, provincial annual data (分省年度数据)",
        "地区生产总值, 第一/二/三产业增加值, 工业增加值 (亿元) and 人均地区生产总值 (元/人), by province",
        "CNY 100 million (亿元); GDP per capita CNY per person; current prices",
        "2019-2023",
        "official statistics; exports as found in the repository Liushenwuzhu-Alpaca/province-economy",
        "National Bureau of Statistics of China. National Data, provincial annual data "
        "(https://data.stats.gov.cn), current revision (after the fifth economic census).",
    ),
)


# ------------------------------------------------------------------------------------------ the rules


@dataclass(frozen=True)
class FilledSpending:
    """Technology-import spending with every unreported cell filled by a stated rule, and a flag per cell."""

    _values: pd.DataFrame
    _flags: pd.DataFrame
    _basis: pd.DataFrame
    rule: str

    @property
    def values(self) -> pd.DataFrame:
        """Spending, provinces x years (CNY 10,000, current prices), no missing cell (a copy)."""
        return self._values.copy()

    @property
    def flags(self) -> pd.DataFrame:
        """Per cell: ``reported``, ``interpolated``, ``carried back``, ``carried forward`` or ``read as nil``."""
        return self._flags.copy()

    @property
    def basis(self) -> pd.DataFrame:
        """Per filled cell, the reported values it came from, in words (empty for reported cells)."""
        return self._basis.copy()


def fill_unreported(expenditure: pd.DataFrame, rule: str = "interpolate") -> FilledSpending:
    """Fill the unreported (missing) cells of a provinces x years spending table by a stated rule.

    ``rule``:

    * ``"interpolate"`` (default): a gap between two reported years of the province is filled on the
      straight line between them (a single missing year gets their mean); a gap before the province's
      first or after its last reported year carries that nearest reported value. A province with no
      reported year at all cannot be filled and raises ``ValueError``.
    * ``"nil"``: an unreported cell is read as no spending (0). The yearbook's own national total
      equals the sum of the reported provinces to within rounding in every year 2018-2023
      (``data/real_anchors_sources.csv``), so the blank cells add up to about nothing nationally, and
      China's statistical yearbooks usually explain a blank as "less than the table's unit, not known, or
      none". This keeps that
      reading, as a sensitivity: a province with no spending yet has a zero stock, whose log is undefined.

    Why interpolation is the default: the model works in the log of the stock, and a province whose
    early years are blank (Hainan reports only 2023) needs a positive stock from the first year; a
    province's spending is persistent from year to year. It overstates the blank cells if they are
    nil, which is why every filled cell is flagged (``flags``, ``basis``) and reported wherever the
    numbers are shown. Never a silent zero: zeros arise only from ``rule="nil"``, flagged ``read as nil``.
    """
    if rule not in UNREPORTED_RULES:
        raise ValueError(f"rule must be one of {', '.join(UNREPORTED_RULES)}, not {rule!r}")
    years = np.asarray(expenditure.columns, dtype=float)
    values = expenditure.to_numpy(dtype=float, copy=True)
    flags = np.where(np.isnan(values), "", FLAG_REPORTED).astype(object)
    basis = np.full(values.shape, "", dtype=object)
    for i, province in enumerate(expenditure.index):
        reported = ~np.isnan(values[i])
        if reported.all():
            continue
        if rule == "nil":
            values[i, ~reported] = 0.0
            flags[i, ~reported] = FLAG_NIL
            basis[i, ~reported] = "not reported: read as no spending"
            continue
        if not reported.any():
            raise ValueError(f"{province}: no reported year to fill its unreported years from")
        known_years, known = years[reported], values[i, reported]
        for j in np.flatnonzero(~reported):
            before, after = known_years < years[j], known_years > years[j]
            if before.any() and after.any():
                k0, k1 = np.flatnonzero(before)[-1], np.flatnonzero(after)[0]
                values[i, j] = np.interp(years[j], known_years[[k0, k1]], known[[k0, k1]])
                flags[i, j] = FLAG_INTERPOLATED
                basis[i, j] = (
                    f"between {int(known_years[k0])} ({known[k0]:,.10g}) and {int(known_years[k1])} ({known[k1]:,.10g})"
                )
            else:
                k = np.flatnonzero(after)[0] if after.any() else np.flatnonzero(before)[-1]
                values[i, j] = known[k]
                flags[i, j] = FLAG_CARRIED_BACK if after.any() else FLAG_CARRIED_FORWARD
                basis[i, j] = f"{int(known_years[k])} ({known[k]:,.10g})"
    frame = functools.partial(pd.DataFrame, index=expenditure.index.copy(), columns=expenditure.columns.copy())
    return FilledSpending(frame(values), frame(flags), frame(basis), rule)


def import_stock(
    spending: pd.DataFrame,
    g: float = GROWTH_RATE,
    delta: float = DEPRECIATION,
    base_period: str = "printed",
    deflator: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The technology-import stock K by the perpetual inventory method, provinces x years.

    Paper Eq. 1 (K_first = E_first (1 + g) / (1 + delta), as printed; ``base_period="griliches"`` for
    E_first / (g + delta)) and Eq. 2 (K_t = E_t + (1 - delta) K_{t-1}), computed by
    :func:`scenarios.data.panel.perpetual_inventory` over the columns (consecutive years). ``spending`` must
    have no missing cell (use :func:`fill_unreported`). Without ``deflator`` (price level, first year = 1,
    same shape) the stock is a sum of current-price flows (the raw data carry no price index for
    2018-2023), so its unit is CNY 10,000 of mixed years, which the docs state.
    """
    values = spending.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError("spending has missing cells: fill them first (fill_unreported)")
    if deflator is not None:
        values = values / deflator.reindex(index=spending.index, columns=spending.columns).to_numpy(dtype=float)
    stock = perpetual_inventory(values, g=g, delta=delta, base_period=base_period)
    return pd.DataFrame(stock, index=spending.index.copy(), columns=spending.columns.copy())


# ----------------------------------------------------------------------------------------- the tables


@dataclass(frozen=True, eq=False)
class RealAnchors:
    """The real anchor tables, loaded and checked; every property returns a copy (the object is shared).

    Provinces are the paper's 30 (no Tibet) in canonical order, English names as in ``weights``.
    """

    _anchors: pd.DataFrame
    _controls: pd.DataFrame
    _sources: pd.DataFrame
    _filled: FilledSpending
    _stock: pd.DataFrame
    directory: str

    #: Never synthetic: published figures (the projection engine reads this as it reads a panel's).
    synthetic = False

    @functools.cached_property
    def fingerprint(self) -> str:
        """What identifies these tables' content in caches: their manifest's SHA-256s (checked on loading).
        Computed once: every cache lookup of every rerun asks for it."""
        return "real-anchors:" + hashlib.sha256(self._sources.to_csv(index=False).encode()).hexdigest()[:16]

    @property
    def provinces(self) -> tuple[str, ...]:
        """The 30 sample provinces, canonical order."""
        return tuple(self._stock.index)

    @property
    def emissions(self) -> pd.DataFrame:
        """CEADs CO2, Mt (Scope 1): index (province, year) 1998-2019, columns total and the four industries."""
        frame = self._anchors[self._anchors["year"].isin(EMISSION_YEARS)]
        columns = dict(zip(EMISSION_COLUMNS, EMISSION_SERIES))
        return frame.set_index(["province", "year"])[list(EMISSION_COLUMNS)].rename(columns=columns)

    @property
    def tech_expenditure(self) -> pd.DataFrame:
        """Observed technology-import spending, provinces x years 2018-2023, CNY 10,000; NaN = not reported."""
        return self._wide(TECH_COLUMN, TECH_YEARS)

    @property
    def tech_expenditure_filled(self) -> pd.DataFrame:
        """Spending with the unreported cells filled by :func:`fill_unreported` (default rule)."""
        return self._filled.values

    @property
    def tech_flags(self) -> pd.DataFrame:
        """How each spending cell was obtained, provinces x years (``reported``, ``interpolated``, ...)."""
        return self._filled.flags

    @property
    def tech_stock(self) -> pd.DataFrame:
        """Perpetual-inventory stock (Eq. 1-2, g = 5%, delta = 15%) of the filled spending, CNY 10,000."""
        return self._stock.copy()

    def stock(
        self,
        rule: str = "interpolate",
        base_period: str = "printed",
        g: float = GROWTH_RATE,
        delta: float = DEPRECIATION,
    ) -> pd.DataFrame:
        """The stock under another rule for unreported cells or another base stock (:func:`fill_unreported`,
        :func:`import_stock`); the defaults give :attr:`tech_stock`.

        With only 2018-2023 observed, the base stock matters: the paper's printed Eq. 1 starts at 0.91 E_2018,
        far below the steady state E / (g + delta), so the stock fills up over these six years (the 30
        provinces' K rises 4.2-fold from 2018 to 2023 while their spending falls 16%); ``"griliches"``
        starts near the steady state (K rises 13%). docs/real-data.md discusses the choice."""
        filled = self._filled if rule == self._filled.rule else fill_unreported(self.tech_expenditure, rule)
        return import_stock(filled.values, g=g, delta=delta, base_period=base_period)

    @property
    def flags(self) -> pd.DataFrame:
        """Every cell not taken as published: province, year, series, flag, value, basis (long table).

        The CEADs province-years without energy data (series ``co2``, flag ``no energy data``, empty in
        :attr:`emissions`), then the unreported spending cells and how each was filled."""
        noted = self._anchors.dropna(subset=[CO2_NOTE_COLUMN])
        rows = [(r.province, int(r.year), "co2", FLAG_NO_ENERGY_DATA, np.nan, r.co2_note) for r in noted.itertuples()]
        flags, basis, values = self._filled.flags, self._filled.basis, self._filled.values
        rows += [
            (
                province,
                int(year),
                TECH_COLUMN,
                flags.at[province, year],
                values.at[province, year],
                basis.at[province, year],
            )
            for province in flags.index
            for year in flags.columns
            if flags.at[province, year] != FLAG_REPORTED
        ]
        return pd.DataFrame(rows, columns=["province", "year", "series", "flag", "value", "basis"])

    @property
    def controls(self) -> pd.DataFrame:
        """NBS levels 2019-2023, index (province, year): the published columns (亿元; GDP per capita in
        CNY per person) plus ``gdp_per_capita`` (CNY 10,000 per person) and ``tertiary_share`` (fraction),
        the panel's units, converted here and nowhere else."""
        frame = self._controls.set_index(["province", "year"])
        return frame.assign(
            gdp_per_capita=frame["gdp_per_capita_cny"] / 10_000,
            tertiary_share=frame["value_added_tertiary"] / frame["gdp"],
        )

    @property
    def files(self) -> pd.DataFrame:
        """The raw files the tables were built from: dataset, year, file, SHA-256, table, column, unit,
        and for the yearbook its national total beside the sum of the provinces' cells."""
        return self._sources.copy()

    def _wide(self, column: str, years: tuple[int, ...]) -> pd.DataFrame:
        return _provinces_by_years(self._anchors, column, years)

    def coverage(self) -> pd.DataFrame:
        """One row per series: unit, years, cells expected, cells reported, and which province-years are missing."""
        rows = []
        for column, years in [*[(c, EMISSION_YEARS) for c in EMISSION_COLUMNS], (TECH_COLUMN, TECH_YEARS)]:
            wide = self._wide(column, years)
            rows.append(_coverage_row(column, years, wide))
        controls = self._controls.pivot(index="province", columns="year")
        for column in CONTROL_COLUMNS[2:]:
            rows.append(_coverage_row(column, CONTROL_YEARS, controls[column].reindex(list(self.provinces))))
        return pd.DataFrame(rows, columns=["series", "unit", "years", "cells", "reported", "missing", "missing_cells"])

    def sources(self) -> tuple[Source, ...]:
        """The three sources, with table, unit, licence and citation (:data:`SOURCES`)."""
        return SOURCES

    def table(self) -> pd.DataFrame:
        """One row per province and year 1998-2023: CEADs CO2 (Mt), observed and filled spending, its flag
        and stock (CNY 10,000), NBS GDP (亿元), GDP per capita (CNY 10,000) and tertiary share, and the
        ``data`` label. Empty where a source has no value (outside its years, or not reported)."""
        frame = self._anchors.copy()
        long = {
            "tech_import_expenditure_filled": self._filled.values,
            "tech_import_flag": self._filled.flags,
            "tech_stock": self._stock,
        }
        keys = pd.MultiIndex.from_frame(frame[["province", "year"]])
        for name, wide in long.items():
            frame[name] = wide.stack().reindex(keys).to_numpy()
        controls = self.controls[["gdp", "gdp_per_capita", "tertiary_share"]]
        frame = frame.join(controls, on=["province", "year"])
        return labelled(frame, False, REAL_ANCHORS_LABEL)

    @property
    def summary(self) -> str:
        """A few lines: what is real, the units, what is missing and how it was filled."""
        flags = self.flags
        no_energy = flags[flags["series"] == "co2"]
        unreported = flags[flags["series"] == TECH_COLUMN]
        lines = [
            f"Real anchors ({self.directory}): {len(self.provinces)} provinces.",
            f"  CEADs CO2 {EMISSION_YEARS[0]}-{EMISSION_YEARS[-1]} (Mt CO2, Scope 1): total, "
            + ", ".join(EMISSION_SERIES[1:])
            + f"; {len(no_energy)} province-years empty (no energy data):",
        ]
        lines += [f"    {r.province} {r.year}" for r in no_energy.itertuples()]
        lines.append(
            f"  Technology-import spending {TECH_YEARS[0]}-{TECH_YEARS[-1]} (CNY 10,000, current prices), "
            f"industrial enterprises above designated size: {len(unreported)} province-years not reported, "
            f"filled by rule '{self._filled.rule}' and flagged:"
        )
        lines += [f"    {r.province} {r.year}: {r.flag} ({r.basis})" for r in unreported.itertuples()]
        lines.append(
            f"  NBS GDP and value added {CONTROL_YEARS[0]}-{CONTROL_YEARS[-1]} (CNY 100 million); "
            "GDP per capita (CNY per person)."
        )
        return "\n".join(lines)


def _provinces_by_years(anchors: pd.DataFrame, column: str, years: tuple[int, ...]) -> pd.DataFrame:
    """One column of the anchor table as sample provinces (canonical order) x years."""
    wide = anchors[anchors["year"].isin(years)].pivot(index="province", columns="year", values=column)
    wide = wide.reindex(index=list(sample_provinces()), columns=list(years))
    wide.index.name, wide.columns.name = "province", "year"
    return wide


def _coverage_row(series: str, years: tuple[int, ...], wide: pd.DataFrame) -> tuple:
    gaps = wide.isna()
    cells = []
    for province in wide.index[gaps.any(axis=1)]:
        missing_years = [int(y) for y in wide.columns[gaps.loc[province].to_numpy()]]
        cells.append(f"{province} {_year_runs(missing_years)}")
    return (
        series,
        UNITS[series],
        f"{years[0]}-{years[-1]}",
        int(gaps.size),
        int((~gaps).to_numpy().sum()),
        int(gaps.to_numpy().sum()),
        "; ".join(cells),
    )


def _year_runs(years: list[int]) -> str:
    """[2018, 2019, 2020, 2022] -> '2018-2020, 2022'."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


# ---------------------------------------------------------------------------------------------- loading


def sha256(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def real_anchors(data_dir: str | Path | None = None) -> RealAnchors:
    """The committed real anchor tables (``data/``, or ``data_dir``), checked; cached: the same frozen object
    on every call. Raises :class:`~scenarios.errors.InputError` naming the file that is missing, damaged
    or of another format version."""
    return _load(str(Path(data_dir or paths.DATA_DIR).resolve()))


@functools.lru_cache(maxsize=4)
def _load(directory: str) -> RealAnchors:
    folder = Path(directory)
    manifest = _manifest(folder / MANIFEST_FILE)
    anchors = _table(folder / ANCHORS_FILE, ANCHOR_COLUMNS, manifest, len(sample_provinces()) * len(YEARS))
    controls = _table(folder / CONTROLS_FILE, CONTROL_COLUMNS, manifest, len(sample_provinces()) * len(CONTROL_YEARS))
    sources = _table(folder / SOURCES_FILE, SOURCE_COLUMNS, manifest, None)
    for path, frame, years in (
        (folder / ANCHORS_FILE, anchors, YEARS),
        (folder / CONTROLS_FILE, controls, CONTROL_YEARS),
    ):
        expected = pd.MultiIndex.from_product([sample_provinces(), years])
        if not pd.MultiIndex.from_frame(frame[["province", "year"]]).equals(expected):
            raise InputError(
                Problem(
                    f"the rows are not the 30 sample provinces x {years[0]}-{years[-1]} in canonical order",
                    file=str(path),
                )
            )
    filled = fill_unreported(_provinces_by_years(anchors, TECH_COLUMN, TECH_YEARS))
    return RealAnchors(anchors, controls, sources, filled, import_stock(filled.values), directory)


def _damaged(path: Path, message: str) -> InputError:
    return InputError(
        Problem(f"{message}; rebuild it with scripts/build_real_anchors.py or restore it from git", file=str(path))
    )


def _manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        tables = manifest["tables"]
        version = manifest["version"]
    except FileNotFoundError:
        raise _damaged(path, "the manifest of the real anchor tables is missing") from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _damaged(path, "the manifest is damaged (not the JSON the build writes)") from None
    if version != VERSION:
        raise _damaged(path, f"format version {version!r}; this version of the tool reads version {VERSION}")
    return tables


def _table(path: Path, columns: tuple[str, ...], manifest: dict, rows: int | None) -> pd.DataFrame:
    entry = manifest.get(path.name)
    if not isinstance(entry, dict):
        raise _damaged(path.parent / MANIFEST_FILE, f"the manifest does not list {path.name}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _damaged(path, "the file is missing") from None
    if sha256(data) != entry.get("sha256"):
        raise _damaged(path, "the file is damaged or was edited: its SHA-256 differs from the manifest's")
    frame = pd.read_csv(io.BytesIO(data), dtype={"province": str, "dataset": str, "file": str, CO2_NOTE_COLUMN: str})
    if tuple(frame.columns) != columns:
        raise _damaged(path, f"columns {list(frame.columns)}, expected {list(columns)}")
    if len(frame) != entry.get("rows") or (rows is not None and len(frame) != rows):
        raise _damaged(path, f"{len(frame)} rows; expected {rows if rows is not None else entry.get('rows')}")
    return frame
