"""The provincial yearbook panel: its schema, a validating loader, and the paper's transformations.

A researcher assembles one row per province and year (the raw schema, :data:`SCHEMA`, documented in
``data/README.md``). :func:`read_table` reads a CSV or XLSX table safely (parsed, never executed);
:func:`load_panel` reads the panel with it, checks every cell and reports all problems at once as an
:class:`~scenarios.errors.InputError`. :func:`transform` turns the raw panel into
the paper's analysis variables (Li, Wei, Xu & Jiang 2023, §2.1 and §2.2.1): deflation by the chained
fixed-asset investment price index, the technology-import stock by the perpetual inventory method
(Eqs. 1-2), logarithms, and 1% winsorising. :func:`describe` gives Table 1.
"""

from __future__ import annotations

import csv
import difflib
import functools
import hashlib
import io
import math
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from scenarios.errors import InputError, Problem
from scenarios.geography import canonical_province, sample_provinces


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the raw panel.

    ``positive``: must be > 0 (it is logged or divided by); every numeric column must be >= 0.
    ``share``: a fraction that must lie in [0, 1].
    """

    name: str
    unit: str
    description: str
    source: str
    positive: bool = False
    share: bool = False
    kind: str = "number"  # "number", "integer" (year) or "province"


_ENERGY_YEARBOOK = "China Energy Statistical Yearbook with IPCC (2006) emission factors (paper §2.1.1), or CEADs"

#: The raw panel, column by column, in order. The template writer and data/README.md use this definition.
SCHEMA: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "province",
        "name",
        "Province: English name (e.g. Inner Mongolia, or Nei Mongol), Chinese name (内蒙古) or adcode (150000)",
        "-",
        kind="province",
    ),
    ColumnSpec("year", "year", "Calendar year", "-", kind="integer"),
    ColumnSpec(
        "co2_total",
        "Mt CO2",
        "Total CO2 emissions, direct and indirect (electricity, heat, transport); the paper's ce",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "co2_steel",
        "Mt CO2",
        "CO2 of ferrous metal smelting and pressing (steel); the paper's ce1",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "co2_building_materials",
        "Mt CO2",
        "CO2 of non-metallic mining and non-metallic mineral products (building materials); the paper's ce2",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "co2_nonferrous",
        "Mt CO2",
        "CO2 of non-ferrous metal smelting and pressing; the paper's ce3",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "co2_petrochemical",
        "Mt CO2",
        "CO2 of oil and gas extraction, petroleum/coking/fuel processing, and chemicals; the paper's ce4",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "tech_import_expenditure",
        "CNY 100 million (nominal)",
        "Expenditure on importing foreign technology by large and medium-sized industrial enterprises",
        "China Statistical Yearbook on Science and Technology: technology acquisition and technical "
        "renovation of large and medium-sized industrial enterprises, by region (expenditure for "
        "acquisition of foreign technology)",
    ),
    ColumnSpec(
        "fai_price_index",
        "previous year = 100",
        "Price index of investment in fixed assets",
        "China Statistical Yearbook, Prices: general price indices by region (fixed-asset investment)",
        positive=True,
    ),
    ColumnSpec(
        "patent_applications",
        "applications",
        "Patent applications of industrial enterprises above designated size; the paper's ino",
        "China Statistical Yearbook on Science and Technology: patents of industrial enterprises above "
        "designated size, by region",
        positive=True,
    ),
    ColumnSpec(
        "gdp_per_capita",
        "CNY 10,000 per person",
        "Gross regional product per capita (current prices); the paper's gdp",
        "China Statistical Yearbook, National Accounts: per capita gross regional product by region",
    ),
    ColumnSpec(
        "tertiary_share",
        "fraction 0-1",
        "Value added of the tertiary industry / gross regional product; the paper's ind",
        "China Statistical Yearbook, National Accounts: gross regional product and its components by region",
        share=True,
    ),
    ColumnSpec(
        "energy_intensity",
        "tce per CNY 10,000",
        "Total energy consumption / gross regional product; the paper's ei",
        "China Energy Statistical Yearbook (total energy consumption by region) and China Statistical "
        "Yearbook (gross regional product)",
    ),
    ColumnSpec(
        "trade_openness",
        "ratio",
        "Total imports and exports / gross regional product (both in CNY); the paper's tra",
        "China Statistical Yearbook, Foreign Trade: total imports and exports by region (location of "
        "importers and exporters), converted at the annual average CNY/USD rate",
    ),
    ColumnSpec(
        "schooling_years",
        "years",
        "Average years of schooling of the population aged 6 and over; the paper's edu",
        "China Statistical Yearbook, Population: educational attainment by region (sample survey), "
        "weighted 0/6/9/12/16 years",
    ),
    ColumnSpec(
        "fiscal_expenditure_share",
        "fraction 0-1",
        "General budget expenditure of the local government / gross regional product; the paper's fin",
        "China Statistical Yearbook, Government Finance: general budget expenditure of local "
        "governments by region",
        share=True,
    ),
)

COLUMNS: tuple[str, ...] = tuple(spec.name for spec in SCHEMA)
_SPECS = {spec.name: spec for spec in SCHEMA}
_NUMERIC = tuple(spec.name for spec in SCHEMA if spec.kind == "number")


def schema_markdown() -> str:
    """The schema as a Markdown table (data/README.md carries it verbatim; a test keeps them equal)."""
    lines = ["| column | unit | meaning | source | check |", "| --- | --- | --- | --- | --- |"]
    for spec in SCHEMA:
        check = {"province": "known province", "integer": "whole number"}.get(spec.kind, ">= 0")
        if spec.positive:
            check = "> 0"
        if spec.share:
            check = "0 to 1"
        lines.append(f"| `{spec.name}` | {spec.unit} | {spec.description} | {spec.source} | {check} |")
    return "\n".join(lines)


#: Analysis variables (COMMON/DESIGN names) in order, with their raw source column and Table 1 meaning.
ANALYSIS_VARIABLES: dict[str, tuple[str, str]] = {
    "ce": ("co2_total", "Overall CO2 emissions"),
    "ce1": ("co2_steel", "Carbon emissions from steel industry"),
    "ce2": ("co2_building_materials", "Carbon emissions from building materials industry"),
    "ce3": ("co2_nonferrous", "Carbon emissions from non-ferrous metal industry"),
    "ce4": ("co2_petrochemical", "Carbon emissions from petrochemical and chemical industries"),
    "tech": ("tech_import_expenditure", "Technology import"),
    "ino": ("patent_applications", "Industrial technological innovation"),
    "gdp": ("gdp_per_capita", "Level of economic development"),
    "ind": ("tertiary_share", "Industrial structure"),
    "ei": ("energy_intensity", "Energy intensity"),
    "tra": ("trade_openness", "Trade openness"),
    "edu": ("schooling_years", "Educational level"),
    "fin": ("fiscal_expenditure_share", "Financial strength"),
}

#: Paper §2.1.1: average growth of technology import expenditure g and depreciation delta.
GROWTH_RATE = 0.05
DEPRECIATION = 0.15
WINSOR_LEVEL = 0.01

MAX_PROBLEMS = 40
MAX_BYTES = 50 * 1024 * 1024
_PREFERRED_SHEET = "panel"


# --------------------------------------------------------------------------------------------------
# The paper's transformations
# --------------------------------------------------------------------------------------------------


def chained_deflator(price_index: pd.Series | np.ndarray) -> np.ndarray:
    """Price level relative to the first year from a previous-year = 100 index (paper §2.1.1).

    P_first = 1 and P_t = P_{t-1} * I_t / 100, so the first year's own index value (its change on the
    year before the sample) is not used. Real value = nominal value / P_t, in first-year prices. Years run
    along the last axis (a 2-D input is one province per row).
    """
    index = np.asarray(price_index, dtype=float)
    ratios = index / 100.0
    ratios[..., 0] = 1.0
    return np.cumprod(ratios, axis=-1)


def perpetual_inventory(
    expenditure: pd.Series | np.ndarray,
    g: float = GROWTH_RATE,
    delta: float = DEPRECIATION,
    initial_stock: float | np.ndarray | None = None,
    base_period: str = "printed",
) -> pd.Series | np.ndarray:
    """Stock of a flow by the perpetual inventory method over consecutive years (the last axis).

    Eq. 2 of the paper: K_t = E_t + (1 - delta) K_{t-1}. When ``initial_stock`` (K of the year before the
    series; one per row for a 2-D input) is given, the recursion starts from it: this is how the scenario
    engine continues an observed stock into the future. Otherwise the first year's stock is set by
    ``base_period``:

    * ``"printed"`` (default): the paper's Eq. 1 as printed, K_1 = E_1 (1 + g) / (1 + delta). It is
      unusual: with g = 5% and delta = 15% it gives K_1 = 0.91 E_1.
    * ``"griliches"``: the textbook steady-state start, K_1 = E_1 / (g + delta) (Griliches 1980;
      5 E_1 here), of which the paper's Eq. 1 may be a misprint. Only the early years differ: the
      base stock's weight decays as (1 - delta)^t.

    Takes one province's series (a Series keeps its index) or a provinces x years array.
    """
    flows = np.asarray(expenditure, dtype=float)
    if flows.ndim not in (1, 2):
        raise ValueError("expenditure must be a series (1-D) or provinces x years (2-D)")
    if not (0 <= delta < 1) or g <= -1:
        raise ValueError(f"need 0 <= delta < 1 and g > -1; got delta={delta}, g={g}")
    base_stock = {"printed": lambda e: e * (1 + g) / (1 + delta), "griliches": lambda e: e / (g + delta)}
    if base_period not in base_stock:
        raise ValueError(f"base_period must be 'printed' or 'griliches', not {base_period!r}")
    stock = np.empty_like(flows)
    if initial_stock is None:
        stock[..., 0] = base_stock[base_period](flows[..., 0])
    else:
        stock[..., 0] = flows[..., 0] + (1 - delta) * np.asarray(initial_stock, dtype=float)
    for t in range(1, flows.shape[-1]):
        stock[..., t] = flows[..., t] + (1 - delta) * stock[..., t - 1]
    if isinstance(expenditure, pd.Series):
        return pd.Series(stock, index=expenditure.index, name="stock")
    return stock


def technology_stock(
    raw: pd.DataFrame, g: float = GROWTH_RATE, delta: float = DEPRECIATION, base_period: str = "printed"
) -> pd.DataFrame:
    """Deflator, real import expenditure and its perpetual-inventory stock, by province and year.

    Columns: province, year, deflator (chained FAI index, first sample year = 1), real_expenditure
    (CNY 100 million at first-year prices), stock (K, same unit). Not winsorised, not logged: the
    scenario engine continues ``stock`` with :func:`perpetual_inventory` (``initial_stock=``).
    ``raw`` must be a balanced panel (as :func:`load_panel` guarantees). Canonical order.
    """
    ordered = _in_canonical_order(raw)
    n_provinces = ordered["province"].nunique()
    if n_provinces * ordered["year"].nunique() != len(ordered):
        raise ValueError("technology_stock needs a balanced province-year panel")
    grid = (n_provinces, -1)
    deflator = chained_deflator(ordered["fai_price_index"].to_numpy(dtype=float).reshape(grid))
    real = ordered["tech_import_expenditure"].to_numpy(dtype=float).reshape(grid) / deflator
    stock = perpetual_inventory(real, g=g, delta=delta, base_period=base_period)
    return pd.DataFrame(
        {
            "province": ordered["province"].to_numpy(),
            "year": ordered["year"].to_numpy(),
            "deflator": deflator.ravel(),
            "real_expenditure": real.ravel(),
            "stock": stock.ravel(),
        }
    )


def winsorize(values: pd.Series | np.ndarray, level: float = WINSOR_LEVEL) -> pd.Series | np.ndarray:
    """Clip at the pooled ``level`` and ``1 - level`` percentiles (paper §2.2.1: 1% winsorising).

    Percentiles follow Stata's ``_pctile``/``winsor2`` (the paper used Stata 17): Hyndman-Fan
    definition 2, numpy's ``averaged_inverted_cdf`` (with n = 300 and 1%, the mean of the 3rd and 4th
    smallest values). Missing values are ignored and kept.
    """
    array = np.asarray(values, dtype=float)
    finite = array[np.isfinite(array)]
    if finite.size == 0 or level <= 0:
        return values.copy() if isinstance(values, pd.Series) else array.copy()
    low, high = np.percentile(finite, [100 * level, 100 * (1 - level)], method="averaged_inverted_cdf")
    clipped = np.clip(array, low, high)
    if isinstance(values, pd.Series):
        return pd.Series(clipped, index=values.index, name=values.name)
    return clipped


def transform(
    raw: pd.DataFrame,
    g: float = GROWTH_RATE,
    delta: float = DEPRECIATION,
    winsor: float = WINSOR_LEVEL,
    base_period: str = "printed",
) -> pd.DataFrame:
    """The paper's analysis variables from a validated raw panel (§2.1, §2.2.1).

    * ce = ln(co2_total x 100): CO2 in 10^4 t, the scale of Table 1; ce1..ce4 likewise for steel,
      building materials, non-ferrous metals and petrochemicals.
    * tech = ln K, K the perpetual-inventory stock of real technology-import expenditure
      (:func:`technology_stock`).
    * ino = ln(patent_applications).
    * gdp, ind, ei, tra, edu, fin: the raw levels.

    Every variable is then winsorised at the pooled 1st/99th percentiles (:func:`winsorize`). We
    winsorise after taking logs, i.e. the analysis variables, as Table 1 reports them. For an
    increasing transform such as ln, clipping at order statistics commutes with the transform, so the
    order only matters where Stata's percentile averages two neighbouring values (a cut between them
    either way). Sorted by canonical province order, then year.
    """
    ordered = _in_canonical_order(raw)
    stock = technology_stock(ordered, g=g, delta=delta, base_period=base_period)
    if (stock["stock"] <= 0).any():  # load_panel reports this with rows; here it is a caller's bug
        raise ValueError("the technology-import stock is zero somewhere, so tech = ln K is undefined")
    analysis = {"province": ordered["province"].to_numpy(), "year": ordered["year"].to_numpy()}
    for name, (column, _) in ANALYSIS_VARIABLES.items():
        values = ordered[column].to_numpy(dtype=float)
        if name.startswith("ce"):
            values = np.log(values * 100.0)
        elif name == "tech":
            values = np.log(stock["stock"].to_numpy())
        elif name == "ino":
            values = np.log(values)
        analysis[name] = winsorize(values, winsor)
    return pd.DataFrame(analysis)


def describe(analysis: pd.DataFrame) -> pd.DataFrame:
    """Descriptive statistics in the layout of the paper's Table 1.

    Columns: Variable, Variable Meaning, Obs, Min, Max, Mean, Std.dev. (sample standard deviation,
    n - 1, as Stata's ``summarize``). Rows: the analysis variables present, in Table 1's order, with
    ino (not in Table 1) after tech.
    """
    rows = []
    for name, (_, meaning) in ANALYSIS_VARIABLES.items():
        if name not in analysis:
            continue
        values = pd.to_numeric(analysis[name], errors="coerce").dropna()
        rows.append(
            {
                "Variable": name,
                "Variable Meaning": meaning,
                "Obs": int(values.size),
                "Min": values.min(),
                "Max": values.max(),
                "Mean": values.mean(),
                "Std.dev.": values.std(ddof=1),
            }
        )
    return pd.DataFrame(rows, columns=["Variable", "Variable Meaning", "Obs", "Min", "Max", "Mean", "Std.dev."])


def _in_canonical_order(raw: pd.DataFrame) -> pd.DataFrame:
    """Rows by canonical province order (other names last, alphabetically), then year."""
    order = {name: i for i, name in enumerate(sample_provinces())}
    names = raw["province"].to_numpy(dtype=object)
    ranks = np.array([order.get(name, len(order)) for name in names])
    rows = np.lexsort((raw["year"].to_numpy(), names.astype(str), ranks))
    return raw.take(rows).reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# The panel object
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Panel:
    """A validated province-year panel (made by :func:`load_panel` or :func:`panel_from_frame`).

    Immutable: every frame it hands out is a copy. ``synthetic`` marks the demo panel, whose results
    must be labelled as such; ``notices`` are non-fatal messages from loading (e.g. Tibet dropped).
    """

    _raw: pd.DataFrame = field(repr=False)
    source: str = "panel"
    synthetic: bool = False
    notices: tuple[str, ...] = ()

    @property
    def raw(self) -> pd.DataFrame:
        """The raw panel (schema columns, then any extra columns), a copy."""
        return self._raw.copy()

    @functools.cached_property
    def _analysis(self) -> pd.DataFrame:
        return transform(self._raw)

    @property
    def analysis(self) -> pd.DataFrame:
        """The paper's analysis variables (:func:`transform` with its defaults), a copy."""
        return self._analysis.copy()

    @property
    def provinces(self) -> tuple[str, ...]:
        """Provinces in canonical order."""
        return tuple(dict.fromkeys(self._raw["province"]))

    @property
    def years(self) -> tuple[int, ...]:
        """Years, ascending."""
        return tuple(int(y) for y in sorted(self._raw["year"].unique()))

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the schema columns' values: a cache key for anything computed from the panel."""
        text = self._raw[list(COLUMNS)].to_csv(index=False, float_format="%.17g")
        return hashlib.sha256(text.encode()).hexdigest()

    def __repr__(self) -> str:
        label = "synthetic " if self.synthetic else ""
        years = self.years
        return (
            f"Panel({label}{self.source!r}: {len(self.provinces)} provinces x {len(years)} years "
            f"{years[0]}-{years[-1]}, {len(self.notices)} notices)"
        )


# --------------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------------


class _Collector:
    """Every problem found; raised in reading order (by row, then column), at most MAX_PROBLEMS shown."""

    def __init__(self, file: str | None, sheet: str | None = None):
        self.file, self.sheet = file, sheet
        self.problems: list[Problem] = []

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(message, file=self.file, sheet=self.sheet, row=row, column=column))

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        place = {name: i for i, name in enumerate(COLUMNS)}
        ordered = sorted(
            self.problems, key=lambda p: (p.row is None, p.row or 0, place.get(p.column, len(place)))
        )
        shown = ordered[:MAX_PROBLEMS]
        if len(ordered) > MAX_PROBLEMS:
            shown.append(Problem(f"... and {len(ordered) - MAX_PROBLEMS} more problems", file=self.file))
        raise InputError(shown)


@dataclass(frozen=True)
class RawTable:
    """A table as read from a CSV or XLSX file, before any check of its values (see :func:`read_table`).

    ``header``: the cells of row 1, as text. ``rows``: each non-blank data row as (its 1-based row
    number as a spreadsheet shows it, its cells as read: text for CSV, typed values for XLSX).
    ``file``: the name used in messages; ``sheet``: the XLSX sheet read (None for CSV).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple], ...]
    file: str
    sheet: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """The rows as a DataFrame with the loader's column matching, and nothing validated.

        A heading that matches a schema column (ignoring case, spacing and a trailing unit in brackets,
        e.g. 'CO2 total (Mt)') takes the schema name; other headings are kept stripped, and columns
        with a blank heading are dropped. A schema column other than province whose every cell reads
        as a number (as the loader reads them: thousands separators, full-width digits) or is empty
        becomes float; any other column keeps the cells as read.
        """
        names = [_header_key(h) if _header_key(h) in _SPECS else str(h).strip() for h in self.header]
        keep = [j for j, n in enumerate(names) if n]
        frame = pd.DataFrame(
            [[cells[j] if j < len(cells) else None for j in keep] for _, cells in self.rows],
            columns=[names[j] for j in keep],
        )
        for column in COLUMNS[1:]:
            if column in frame.columns:
                numbers = frame[column].map(_parse_number)
                if (numbers.notna() | ~_present_mask(frame[column])).all():
                    frame[column] = numbers.astype(float)
        return frame


def read_table(
    source: str | os.PathLike | bytes | BinaryIO, name: str | None = None, sheet: str | None = None
) -> RawTable:
    """Read a CSV or XLSX table safely: the header in row 1, then the non-blank rows, values unchecked.

    ``source`` is a path, bytes, or a binary file-like object, at most 50 MB. ``name`` is the file name
    used in messages (taken from the path or the buffer's ``name`` when omitted); its extension decides
    the format, else the content does. Pickles, old .xls, and other binary formats are refused. CSV:
    UTF-8 or GB18030 (Excel in Chinese locales), comma, semicolon or tab separated. XLSX: at most
    200 MB unpacked; ``sheet`` names the sheet, by default one called "panel", else the first sheet
    with a ``province`` column, else the first. The file is only parsed (the csv module, openpyxl
    without formulas evaluated: cached values are read), never executed.

    Raises :class:`InputError` for an unreadable, empty or header-only file, a header not in row 1, or
    a ``sheet`` asked of a CSV file.
    """
    data, name = _read_bytes(source, name)
    if _detect_format(data, name) == "xlsx":
        header, rows, sheet = _read_xlsx(data, name, sheet)
    elif sheet is not None:
        raise InputError(Problem(f"a CSV file has no sheets (sheet {sheet!r} was asked for)", file=name))
    else:
        header, rows = _read_csv(data, name)
    return RawTable(
        header=tuple(header), rows=tuple((number, tuple(cells)) for number, cells in rows), file=name, sheet=sheet
    )


def load_panel(
    source: str | os.PathLike | bytes | BinaryIO,
    name: str | None = None,
    synthetic: bool = False,
    sheet: str | None = None,
) -> Panel:
    """Read and validate a raw panel from CSV or XLSX (a path, bytes, or a binary file-like object).

    The file is read by :func:`read_table` (``name`` and ``sheet`` as there; ``name`` is also
    ``Panel.source``), then every cell is checked.

    Raises :class:`InputError` listing every problem (up to 40) with its row and column. Rows of Tibet
    (not in the paper's sample) are dropped with a notice; extra columns are kept and ignored (a copy
    of the demo panel keeps its ``data`` column: :func:`scenarios.data.demo.as_labelled` flags it synthetic).
    """
    table = read_table(source, name=name, sheet=sheet)
    return _validate(table.header, table.rows, file=table.file, sheet=table.sheet, synthetic=synthetic)


def panel_from_frame(frame: pd.DataFrame, source: str = "panel", synthetic: bool = False) -> Panel:
    """Validate a DataFrame in the raw schema (same checks as :func:`load_panel`; row = index + 2)."""
    header = [str(c) for c in frame.columns]
    rows = [(i + 2, list(values)) for i, values in enumerate(frame.itertuples(index=False, name=None))]
    return _validate(header, rows, file=source, sheet=None, synthetic=synthetic)


def _read_bytes(source, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = name or path.name
        try:
            if path.stat().st_size > MAX_BYTES:
                raise InputError(Problem(f"file is larger than {MAX_BYTES // 2**20} MB", file=name))
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(Problem("file not found", file=str(source))) from None
        except IsADirectoryError:
            raise InputError(Problem("is a folder, not a file", file=str(source))) from None
        except OSError as error:
            raise InputError(Problem(f"cannot read the file ({error.strerror})", file=str(source))) from None
    elif hasattr(source, "read"):
        name = name or Path(str(getattr(source, "name", "upload"))).name
        data = source.read(MAX_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise InputError(Problem(f"cannot read a panel from a {type(source).__name__}", parameter="source"))
    name = name or "upload"
    if len(data) > MAX_BYTES:
        raise InputError(Problem(f"file is larger than {MAX_BYTES // 2**20} MB", file=name))
    return data, name


def _detect_format(data: bytes, name: str) -> str:
    extension = Path(name).suffix.lower()
    if not data.strip():
        raise InputError(Problem("the file is empty", file=name))
    if extension in (".xls",) or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            Problem("old Excel .xls workbooks are not read; save it as .xlsx or CSV", file=name)
        )
    if extension in (".pkl", ".pickle", ".npy", ".npz", ".parquet", ".feather", ".json", ".dta", ".sav"):
        raise InputError(Problem(f"{extension} files are not accepted: give a CSV or XLSX file", file=name))
    if extension in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise InputError(Problem("not a valid XLSX workbook (the file is damaged or not Excel)", file=name))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > 4 * MAX_BYTES:
                limit = f"{4 * MAX_BYTES // 2**20} MB"
                raise InputError(Problem(f"the workbook unpacks to more than {limit}", file=name))
        return "xlsx"
    if extension not in ("", ".csv", ".txt", ".tsv"):
        raise InputError(Problem(f"{extension} files are not accepted: give a CSV or XLSX file", file=name))
    sample = data[:4096]
    if b"\x00" in sample or data.startswith(b"\x80") or _looks_binary(sample):
        raise InputError(Problem("this is not a CSV or XLSX file (it looks like binary data)", file=name))
    return "csv"


def _looks_binary(sample: bytes) -> bool:
    controls = sum(b < 32 and b not in (9, 10, 13) for b in sample)
    return controls > max(2, len(sample) // 100)


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in Chinese locales writes GB18030/GBK CSV
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(Problem("cannot decode the text (save the CSV as UTF-8)", file=name))


def _read_csv(data: bytes, name: str) -> tuple[list[str], list[tuple[int, list]]]:
    text = _decode(data, name)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise InputError(Problem(f"not a readable CSV file ({error})", file=name)) from None
    return _split_header(lines, name, sheet=None)


def _split_header(lines: list[list], name: str, sheet: str | None) -> tuple[list[str], list[tuple[int, list]]]:
    numbered = [(i + 1, cells) for i, cells in enumerate(lines) if any(_present(c) for c in cells)]
    if not numbered:
        raise InputError(Problem("the file is empty", file=name, sheet=sheet))
    header_row, header = numbered[0]
    if header_row != 1:
        raise InputError(
            Problem("the header (column names) must be in row 1", file=name, sheet=sheet, row=header_row)
        )
    if len(numbered) == 1:
        raise InputError(Problem("the file has a header but no data rows", file=name, sheet=sheet))
    return ["" if c is None else str(c) for c in header], numbered[1:]


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> tuple[list[str], list[tuple[int, list]], str]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged or non-Excel zips
        raise InputError(Problem(f"not a readable XLSX workbook ({type(error).__name__})", file=name)) from None
    try:
        names = workbook.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise InputError(
                    Problem(f"no sheet named {sheet!r}; the workbook has {', '.join(map(repr, names))}", file=name)
                )
            chosen = sheet
        else:
            chosen = _choose_sheet(workbook, names)
        lines = [list(row) for row in workbook[chosen].iter_rows(values_only=True)]
    finally:
        workbook.close()
    header, rows = _split_header(lines, name, sheet=chosen)
    return header, rows, chosen


def _choose_sheet(workbook, names: list[str]) -> str:
    by_key = {n.strip().lower(): n for n in names}
    if _PREFERRED_SHEET in by_key:
        return by_key[_PREFERRED_SHEET]
    for sheet_name in names:
        first = next(workbook[sheet_name].iter_rows(max_row=1, values_only=True), ())
        if "province" in {_header_key(c) for c in first}:
            return sheet_name
    return names[0]


def _present(cell) -> bool:
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return False
    if isinstance(cell, float):
        return not math.isnan(cell)
    return str(cell).strip() != ""


def _header_key(text) -> str:
    """Column names are matched ignoring case, spacing and a trailing unit in brackets: 'CO2 total (Mt)'."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    text = re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", text)
    return re.sub(r"[\s\-]+", "_", text)


def _parse_number(cell) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float, np.integer, np.floating)):
        value = float(cell)
    else:
        try:
            value = float(cell)
        except (TypeError, ValueError):
            text = unicodedata.normalize("NFKC", str(cell)).strip()  # full-width digits from Chinese input
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", text):
                text = text.replace(",", "")  # thousands separators
            try:
                value = float(text)
            except ValueError:
                return None
    return value if math.isfinite(value) else None


def _validate(header, rows, file: str, sheet: str | None, synthetic: bool) -> Panel:
    """Check every cell column by column (vectorised; only bad cells are visited one by one)."""
    problems = _Collector(file, sheet)
    positions = _map_header(header, problems)
    if "province" not in positions or "year" not in positions:
        problems.raise_if_any()

    width = len(header)
    table = pd.DataFrame([list(cells[:width]) + [None] * (width - len(cells)) for _, cells in rows], dtype=object)
    row_numbers = np.array([number for number, _ in rows])

    given = table[positions["province"]]
    names = np.array([canonical_province(value) for value in given], dtype=object)
    present = _present_mask(given)
    for i in np.flatnonzero(~present):
        problems.add("empty province name", int(row_numbers[i]), "province")
    for i in np.flatnonzero(present & pd.isna(names)):
        problems.add(
            f"unknown province {str(given.iloc[i]).strip()!r} (use an English name such as 'Inner Mongolia', "
            "a Chinese name such as '内蒙古', or an adcode such as 150000)",
            int(row_numbers[i]),
            "province",
        )
    outside = ~pd.isna(names) & ~np.isin(names, sample_provinces())
    notices = []
    if outside.any():
        notices.append(
            f"dropped {outside.sum()} row{'s' if outside.sum() > 1 else ''} of Tibet, which is not in the "
            "paper's 30-province sample"
        )
    table, row_numbers, names = table[~outside].reset_index(drop=True), row_numbers[~outside], names[~outside]

    columns = {"_row": row_numbers, "province": names}
    for column in ("year", *_NUMERIC):
        if column in positions:
            columns[column] = _check_column(column, table[positions[column]], row_numbers, problems)
    _check_panel_shape(columns, problems)
    problems.raise_if_any()

    for index, heading in enumerate(header):
        if index not in positions.values() and str(heading).strip():
            columns[str(heading)] = table[index].to_numpy()
    frame = _in_canonical_order(pd.DataFrame(columns).drop(columns="_row"))
    frame = frame[list(COLUMNS) + [c for c in frame.columns if c not in COLUMNS]]
    frame["province"] = frame["province"].astype(str)
    frame["year"] = frame["year"].astype(int)
    return Panel(frame, source=file, synthetic=synthetic, notices=tuple(notices))


def _map_header(header: list[str], problems: _Collector) -> dict[str, int]:
    positions: dict[str, int] = {}
    keys = [_header_key(h) for h in header]
    for index, key in enumerate(keys):
        if key in _SPECS:
            if key in positions:
                problems.add(
                    f"column {key!r} appears twice (columns {positions[key] + 1} and {index + 1})", 1, key
                )
            else:
                positions[key] = index
    unmatched = [h for h, k in zip(header, keys) if k and k not in _SPECS]
    missing_without_hint = []
    for name in COLUMNS:
        if name not in positions:
            close = difflib.get_close_matches(name, [_header_key(h) for h in unmatched], n=1, cutoff=0.6)
            if close:
                original = next(h for h in unmatched if _header_key(h) == close[0])
                problems.add(
                    f"required column {name!r} is missing (is {str(original).strip()!r} meant to be {name!r}?)",
                    1,
                    name,
                )
            else:
                missing_without_hint.append(name)
    if len(missing_without_hint) == 1:
        problems.add(f"required column {missing_without_hint[0]!r} is missing", 1, missing_without_hint[0])
    elif missing_without_hint:
        # One line for many: a wrong file (or template) should not bury the message under a dozen others.
        problems.add(
            f"{len(missing_without_hint)} required columns are missing: {', '.join(missing_without_hint)} "
            "(data/README.md lists the schema)",
            1,
        )
    return positions


def _present_mask(cells: pd.Series) -> np.ndarray:
    """Cells that hold something: not None/NaN and not blank text."""
    return np.fromiter((_present(cell) for cell in cells), dtype=bool, count=len(cells))


def _check_column(column: str, cells: pd.Series, row_numbers: np.ndarray, problems: _Collector) -> np.ndarray:
    """The column's numbers, NaN where a cell is empty, not a number, or out of range (each reported)."""
    spec = _SPECS[column]
    present = _present_mask(cells)
    values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float, copy=True)
    for i in np.flatnonzero(present & ~np.isfinite(values)):  # "1,234", full-width digits, words
        parsed = _parse_number(cells.iloc[i])
        values[i] = np.nan if parsed is None else parsed
    values[np.array([isinstance(cell, bool) for cell in cells], dtype=bool)] = np.nan  # TRUE/FALSE in XLSX
    values[~np.isfinite(values)] = np.nan

    def report(mask: np.ndarray, message) -> None:
        for i in np.flatnonzero(mask):
            problems.add(message(values[i], cells.iloc[i]), int(row_numbers[i]), column)
        values[mask] = np.nan

    report(~present, lambda v, cell: "empty cell: every province-year needs a value")
    report(present & np.isnan(values), lambda v, cell: f"{column} must be a number, not {str(cell).strip()!r}")
    with np.errstate(invalid="ignore"):
        if spec.kind == "integer":
            report(np.isfinite(values) & (values != np.round(values)), lambda v, cell: f"year must be a whole number, not {v:g}")
            report((values < 1949) | (values > 2100), lambda v, cell: f"year {v:g} is not a plausible year")
        elif spec.positive:
            report(values <= 0, lambda v, cell: f"must be positive (it is logged or divided by), not {v:g}")
        report(values < 0, lambda v, cell: f"must not be negative, not {v:g}")
        if spec.share:
            report(
                values > 1,
                lambda v, cell: f"must be a share between 0 and 1, not {v:g}"
                + (" (a percentage? divide by 100)" if v <= 100 else ""),
            )
    return values


def _check_panel_shape(columns: dict[str, np.ndarray], problems: _Collector) -> None:
    """Duplicates, a balanced panel of the 30 provinces over consecutive years, a positive first stock."""
    rows_at: dict[tuple[str, int], list[int]] = {}
    for province, year, row in zip(columns["province"], columns["year"], columns["_row"]):
        if province is not None and not math.isnan(year):
            rows_at.setdefault((province, int(year)), []).append(int(row))
    if not rows_at:
        problems.add("no rows of the 30 sample provinces with a valid year")
        return
    for (province, year), rows in rows_at.items():
        if len(rows) > 1:
            numbers = ", ".join(map(str, rows))
            problems.add(f"{province} {year} appears {len(rows)} times (rows {numbers})", rows[-1], "year")
    years = range(min(year for _, year in rows_at), max(year for _, year in rows_at) + 1)
    if len(years) < 2:
        problems.add("the panel needs at least two years")
    absent = [p for p in sample_provinces() if not any((p, year) in rows_at for year in years)]
    if absent:
        problems.add(
            f"{len(absent)} of the 30 sample provinces {'is' if len(absent) == 1 else 'are'} missing: "
            f"{', '.join(absent)} (the paper's sample and the spatial weights need all 30 provinces)",
            column="province",
        )
    for province in sample_provinces():
        missing = [year for year in years if (province, year) not in rows_at]
        if missing and province not in absent:
            problems.add(
                f"unbalanced panel: {province} has no row for {_year_ranges(missing)} "
                f"(every province needs every year {years[0]}-{years[-1]})",
                column="year",
            )
    if "tech_import_expenditure" in columns:
        spent: dict[str, float] = {}
        position = {row: i for i, row in enumerate(columns["_row"])}
        for (province, _), rows in sorted(rows_at.items()):
            value = columns["tech_import_expenditure"][position[rows[0]]]
            spent[province] = spent.get(province, 0.0) + (1.0 if math.isnan(value) else value)  # NaN: reported
            if spent[province] <= 0:
                problems.add(
                    f"no technology-import expenditure in {province} up to this year, so the stock K is 0 "
                    "and tech = ln K is undefined",
                    rows[0],
                    "tech_import_expenditure",
                )


def _year_ranges(years: list[int]) -> str:
    """'2012, 2014-2016' for [2012, 2014, 2015, 2016]."""
    spans = []
    start = previous = years[0]
    for year in years[1:] + [None]:
        if year != previous + 1:
            spans.append(str(start) if start == previous else f"{start}-{previous}")
            start = year
        previous = year
    return ", ".join(spans)
