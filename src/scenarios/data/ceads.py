"""Import the CEADs provincial CO2 inventories and merge them into a yearbook panel.

CEADs (China Emission Accounts and Datasets, https://www.ceads.net) publishes one workbook a year,
"Emission inventories for 30 provinces" (IPCC sectoral approach). Each province is a sheet named like
``Jiangsu2015`` or ``InnerMongolia2015``; a ``NOTE`` sheet describes the release. In a province sheet the
first column holds row labels: a total row, 45 IPCC-style sectors, then ``Urban`` and ``Rural``
households (47 rows under the total); the header row names 17 fuels, ``Scope 2 Heat``,
``Scope 2 Electricity``, ``Other Energy``, ``Process`` and ``Scope 1 Total``; values are Mt CO2. The row
under the header states the unit of each column (labelled ``unit`` from the 2018 release on, blank
before): it is checked to say ``Mt CO2`` for every column read, and is not a sector row.

What is taken, per province and year (Mt CO2):

* ``total``: the total row. Scope 1 (default) is the ``Scope 1 Total`` column: emissions from fuel
  burnt and industrial processes inside the province. Scope ``"1+2"`` adds the ``Scope 2 Heat`` and
  ``Scope 2 Electricity`` columns (emissions from heat and electricity the province buys). That is
  closer to the paper's "direct plus indirect" total (Li et al. 2023, section 2.1.1) but double counts at
  the provincial level: power generated in one province and consumed in another is counted in the
  generator's Scope 1 and again in the consumer's Scope 2, so provincial 1+2 totals do not add up to
  the national total; and within a province the power sector's Scope 1 already contains the emissions
  of local generation that local users' Scope 2 counts again. In the 2011-2015 releases the two Scope 2
  columns are zero in every cell, so 1+2 equals 1 there (the import says so in its notices).
* the four key industries of the paper (section 2.1.1), each the sum of CEADs sector rows, with the same
  scope as the total:

  - ``steel``: Smelting and Pressing of Ferrous Metals;
  - ``building_materials``: Nonmetal Minerals Mining and Dressing + Nonmetal Mineral Products;
  - ``nonferrous``: Smelting and Pressing of Nonferrous Metals;
  - ``petrochemical``: Petroleum and Natural Gas Extraction + Petroleum Processing and Coking +
    Raw Chemical Materials and Chemical Products. Chemical Fiber is *not* included: the paper lists
    oil and gas mining, "oil, coal and other fuel processing" and (by its "petrochemical and chemical"
    name and the accounting guide it follows) chemical raw materials and products, and nothing else;
    in China's industry classification chemical fibres are a separate two-digit industry (C28).

Matching is tolerant of the differences between releases: labels and headers are compared after
folding case and removing spaces, underscores and hyphens (``Scope_1_Total`` = ``Scope 1 Total``;
``TotalEmissions`` = ``Total Emissions`` = ``Total Consumption`` for the total row; trailing spaces
ignored). Anything else unrecognised (an unknown sheet, a missing sector or column, a non-numeric or
empty cell) is reported as a :class:`~scenarios.errors.Problem` naming file, sheet, row and column,
never turned into zero. Uploads are parsed (openpyxl, read-only, cached values), never executed;
ZIP archives are read in memory with limits on size and member count, and no member is written to disk.

CEADs asks users to cite Shan et al. (2016) Applied Energy 184:742-750; Shan et al. (2018) Scientific
Data 5:170201; Shan et al. (2020) Scientific Data 7:54; Guan et al. (2021) Earth's Future
9:e2021EF002241 (:data:`CITATION`).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from scenarios.data.reader import MAX_BYTES, open_workbook, parse_number, read_bytes, sheet_rows
from scenarios.errors import InputError, Problem, shown
from scenarios.geography import canonical_province, in_canonical_order, provinces
from scenarios.labels import fold

CITATION = (
    "Shan Y. et al. (2016) New provincial CO2 emission inventories in China based on apparent energy "
    "consumption data and updated emission factors. Applied Energy 184:742-750. "
    "Shan Y. et al. (2018) China CO2 emission accounts 1997-2015. Scientific Data 5:170201. "
    "Shan Y. et al. (2020) China CO2 emission accounts 2016-2017. Scientific Data 7:54. "
    "Guan D. et al. (2021) Assessment to China's recent emission pattern shifts. Earth's Future "
    "9:e2021EF002241."
)

SCOPES = ("1", "1+2")

#: The paper's four key industries as sums of CEADs sector rows (section 2.1.1; see module docstring).
INDUSTRIES: dict[str, tuple[str, ...]] = {
    "steel": ("Smelting and Pressing of Ferrous Metals",),
    "building_materials": ("Nonmetal Minerals Mining and Dressing", "Nonmetal Mineral Products"),
    "nonferrous": ("Smelting and Pressing of Nonferrous Metals",),
    "petrochemical": (
        "Petroleum and Natural Gas Extraction",
        "Petroleum Processing and Coking",
        "Raw Chemical Materials and Chemical Products",
    ),
}

#: Columns of the imported table, in order (emissions in Mt CO2).
COLUMNS = ("province", "year", "total", *INDUSTRIES)

#: The panel column each imported quantity fills.
PANEL_COLUMNS = {quantity: f"co2_{quantity}" for quantity in ("total", *INDUSTRIES)}

TOTAL_LABELS = ("Total Consumption", "Total Emissions", "TotalEmissions")
SCOPE1_COLUMN = "Scope 1 Total"
SCOPE2_COLUMNS = ("Scope 2 Heat", "Scope 2 Electricity")
PROCESS_COLUMN = "Process"

#: Row labels of the 2011-2015 releases below the total row; others are reported, not silently used.
KNOWN_ROWS = (
    "Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy",
    "Coal Mining and Dressing",
    "Petroleum and Natural Gas Extraction",
    "Ferrous Metals Mining and Dressing",
    "Nonferrous Metals Mining and Dressing",
    "Nonmetal Minerals Mining and Dressing",
    "Other Minerals Mining and Dressing",
    "Logging and Transport of Wood and Bamboo",
    "Food Processing",
    "Food Production",
    "Beverage Production",
    "Tobacco Processing",
    "Textile Industry",
    "Garments and Other Fiber Products",
    "Leather, Furs, Down and Related Products",
    "Timber Processing, Bamboo, Cane, Palm Fiber & Straw Products",
    "Furniture Manufacturing",
    "Papermaking and Paper Products",
    "Printing and Record Medium Reproduction",
    "Cultural, Educational and Sports Articles",
    "Petroleum Processing and Coking",
    "Raw Chemical Materials and Chemical Products",
    "Medical and Pharmaceutical Products",
    "Chemical Fiber",
    "Rubber Products",
    "Plastic Products",
    "Nonmetal Mineral Products",
    "Smelting and Pressing of Ferrous Metals",
    "Smelting and Pressing of Nonferrous Metals",
    "Metal Products",
    "Ordinary Machinery",
    "Equipment for Special Purposes",
    "Transportation Equipment",
    "Electric Equipment and Machinery",
    "Electronic and Telecommunications Equipment",
    "Instruments, Meters, Cultural and Office Machinery",
    "Other Manufacturing Industry",
    "Scrap and waste",
    "Production and Supply of Electric Power, Steam and Hot Water",
    "Production and Supply of Gas",
    "Production and Supply of Tap Water",
    "Construction",
    "Transportation, Storage, Post and Telecommunication Services",
    "Wholesale, Retail Trade and Catering Services",
    "Others",
    "Urban",
    "Rural",
)

NOTE_SHEETS = ("NOTE", "NOTES", "README")

#: Label of the units row under the header in the 2018-2019 releases (earlier releases leave it blank).
UNITS_ROW_LABELS = ("unit", "units")
#: The unit every value column must state in the units row, when the sheet has one.
UNIT = "Mt CO2"

# Limits for what a user may hand in. A real yearly workbook is about 0.3 MB (about 3 MB unpacked)
# with 31 sheets of about 51 rows; the limits leave a wide margin and stop zip bombs early.
# A workbook or an archive is at most reader.MAX_BYTES (the one file-size limit), a workbook unpacks to at
# most reader.MAX_UNPACKED_BYTES; an archive's members are limited below.
MAX_ZIP_MEMBERS = 500
MAX_ZIP_UNPACKED_BYTES = 500_000_000
MAX_ZIP_RATIO = 200
MAX_SHEETS = 200
MAX_SHEET_ROWS = 500
HEADER_SEARCH_ROWS = 10
#: At most this many problems are listed in one error (a wholly wrong file would give thousands).
MAX_PROBLEMS = 40

#: Relative gap between the total row and the sum of the rows below it that earns a notice.
SUM_CHECK_TOLERANCE = 1e-3


_TOTAL_KEYS = frozenset(fold(label) for label in TOTAL_LABELS)
_NOTE_KEYS = frozenset(fold(name) for name in NOTE_SHEETS)
_UNITS_ROW_KEYS = frozenset(fold(label) for label in UNITS_ROW_LABELS)
_KNOWN_ROW_KEYS = frozenset(fold(label) for label in KNOWN_ROWS)
_SHEET_NAME = re.compile(r"^\s*(?P<province>.*?\D)\s*(?P<year>(19|20)\d\d)\s*$")


@dataclass(frozen=True)
class CeadsImport:
    """Emissions read from CEADs workbooks: one row per province and year, Mt CO2.

    ``scope`` is ``"1"`` (``Scope 1 Total``) or ``"1+2"`` (plus Scope 2 heat and electricity), applied
    to the total and to each industry alike.
    """

    _emissions: pd.DataFrame
    _provenance: pd.DataFrame
    scope: str
    notices: tuple[str, ...] = field(default=())
    #: (province, year) whose total row has no energy emissions, only process emissions: CEADs had no
    #: energy balance for them (Ningxia 2000-2002, Hainan 2002), so their figures are not comparable.
    process_only: tuple[tuple[str, int], ...] = field(default=())

    @property
    def emissions(self) -> pd.DataFrame:
        """Province, year, total and the four industries in Mt CO2 (a copy), canonical order."""
        return self._emissions.copy()

    @property
    def provenance(self) -> pd.DataFrame:
        """For each province and year, the file and sheet it was read from (a copy)."""
        return self._provenance.copy()

    @property
    def years(self) -> tuple[int, ...]:
        """The years covered, ascending."""
        return tuple(sorted(set(int(y) for y in self._emissions["year"])))

    @property
    def summary(self) -> str:
        """A few lines: what was read, the scope, the notices."""
        emissions = self._emissions
        years = self.years
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        lines = [
            f"CEADs import: {len(emissions)} province-years ({emissions['province'].nunique()} provinces, "
            f"{span}), scope {self.scope}, Mt CO2.",
            f"Sources: {self._provenance['file'].nunique()} workbook(s).",
        ]
        lines += [f"Note: {notice}" for notice in self.notices]
        lines.append(f"Cite CEADs: {CITATION}")
        return "\n".join(lines)

    def to_csv(self, path_or_buffer=None, float_format: str = "%.6f"):
        """The emissions as CSV (columns :data:`COLUMNS`); returns the text when no path is given."""
        return self._emissions.to_csv(path_or_buffer, index=False, float_format=float_format)


# ----------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _Workbook:
    name: str  # as shown to the user: a path, an upload name, or "archive.zip:member.xlsx"
    data: bytes


def _is_skippable_member(name: str) -> bool:
    """Archive clutter from macOS and Excel lock files: not a workbook, safe to pass over."""
    parts = PurePosixPath(name).parts
    return "__MACOSX" in parts or PurePosixPath(name).name.startswith(("._", "~$"))


def _too_large(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise InputError(Problem(f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}", file=name))


def _workbooks_in_zip(name: str, data: bytes, notices: list[str]) -> Iterator[_Workbook]:
    _too_large(len(data), name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise InputError(Problem(f"not a readable ZIP archive ({error})", file=name)) from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise InputError(
                Problem(f"the archive has {len(members)} files; the limit is {MAX_ZIP_MEMBERS}", file=name)
            )
        unpacked = sum(info.file_size for info in members)
        if unpacked > MAX_ZIP_UNPACKED_BYTES:
            raise InputError(
                Problem(
                    f"the archive unpacks to {unpacked:,} bytes; the limit is {MAX_ZIP_UNPACKED_BYTES:,}", file=name
                )
            )
        for info in members:
            member = info.filename
            where = f"{name}:{member}"
            path = PurePosixPath(member.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", member):
                raise InputError(Problem("unsafe path inside the archive (absolute or with '..')", file=where))
            if _is_skippable_member(member):
                continue
            if path.suffix.lower() != ".xlsx":
                notices.append(f"{where}: skipped (only .xlsx workbooks are read)")
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
                raise InputError(Problem("suspicious compression ratio (possible zip bomb)", file=where))
            _too_large(info.file_size, where)
            # zipfile never returns more than the declared file_size, so the checks above bound memory.
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
                raise InputError(Problem(f"cannot read this archive member ({error})", file=where)) from None
            yield _Workbook(where, data)


def _expand(name: str, data: bytes, notices: list[str]) -> Iterator[_Workbook]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        yield from _workbooks_in_zip(name, data, notices)
    elif suffix == ".xlsx":
        _too_large(len(data), name)
        yield _Workbook(name, data)
    else:
        raise InputError(
            Problem(
                "not a CEADs workbook: give .xlsx files, a folder of them, or a .zip archive "
                "(older .xls workbooks: save them as .xlsx first)",
                file=name,
            )
        )


def _read_path(path: Path, notices: list[str]) -> Iterator[_Workbook]:
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower() in (".xlsx", ".zip")
            and not _is_skippable_member(p.relative_to(path).as_posix())
        )
        if not files:
            raise InputError(Problem("no .xlsx or .zip files in this folder", file=str(path)))
        for file in files:
            yield from _read_path(file, notices)
        return
    if not path.is_file():
        raise InputError(Problem("no such file or folder", file=str(path)))
    data, _ = read_bytes(path)
    yield from _expand(str(path), data, notices)


Source = str | Path | tuple[str, bytes]


def _workbooks(sources: Iterable[Source], notices: list[str]) -> Iterator[_Workbook]:
    """Every workbook of the sources once: a byte-identical repeat (a file named twice, or also inside a
    folder or archive given) is skipped with a notice instead of clashing with itself sheet by sheet."""
    first_named: dict[str, str] = {}
    for source in sources:
        if isinstance(source, tuple):
            name, data = source
            found = _expand(str(name), bytes(data), notices)
        else:
            found = _read_path(Path(source), notices)
        for workbook in found:
            digest = hashlib.sha256(workbook.data).hexdigest()
            if digest in first_named:
                notices.append(f"skipped {workbook.name}: the same workbook as {first_named[digest]}")
                continue
            first_named[digest] = workbook.name
            yield workbook


# ---------------------------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _SheetReading:
    province: str
    year: int
    values: dict[str, float]
    scope2: float  # Scope 2 heat + electricity in the total row (0 when scope is "1")
    process_only: bool = False  # the total row is all process emissions: no energy data


@dataclass
class _SheetParser:
    """One province sheet's rows, and the problems found in them (appended to a shared list)."""

    rows: list[tuple]
    file: str
    sheet: str
    problems: list[Problem]

    def problem(self, message: str, row_index: int | None = None, column: str | None = None) -> None:
        row = None if row_index is None else row_index + 1  # rows[0] is spreadsheet row 1
        self.problems.append(Problem(message, file=self.file, sheet=self.sheet, row=row, column=column))

    def header(self, wanted: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
        """The header row's index and the column index of each wanted header."""
        key = fold(SCOPE1_COLUMN)
        index = next(
            (
                i
                for i, row in enumerate(self.rows[:HEADER_SEARCH_ROWS])
                if any(fold(v) == key for v in row if v is not None)
            ),
            None,
        )
        if index is None:
            self.problem(f"no header row with a {SCOPE1_COLUMN!r} column in the first {HEADER_SEARCH_ROWS} rows")
            return None
        found = {fold(v): j for j, v in enumerate(self.rows[index]) if v is not None and str(v).strip()}
        missing = [name for name in wanted if fold(name) not in found]
        for name in missing:
            self.problem(f"no {name!r} column", index)
        return None if missing else (index, {name: found[fold(name)] for name in wanted})

    def check_units(self, header_index: int, columns: dict[str, int]) -> int:
        """Check the units row under the header, if there is one (its label blank or ``unit``, its cells
        text): each column read must say :data:`UNIT`. Returns the index of the first row of data."""
        i = header_index + 1
        row = self.rows[i] if i < len(self.rows) else ()
        label = row[0] if row else None
        cells = {name: row[j] if j < len(row) else None for name, j in columns.items()}
        is_units_row = label is None or fold(label) in _UNITS_ROW_KEYS
        if not (is_units_row and any(isinstance(v, str) for v in cells.values())):
            return i
        for name, unit in cells.items():
            if fold(unit) != fold(UNIT):
                self.problem(
                    f"the unit is {unit!r}, expected {UNIT!r}", i, f"{get_column_letter(columns[name] + 1)} ({name})"
                )
        return i + 1

    def labels(self, start: int) -> tuple[dict[str, int], list[str]]:
        """Folded row label -> row index below the header, and the labels not in the known layout."""
        labels: dict[str, int] = {}
        unknown = []
        for i in range(start, len(self.rows)):
            label = self.rows[i][0] if self.rows[i] else None
            if label is None or not str(label).strip():
                continue
            key = fold(label)
            if key in labels:
                self.problem(f"row label {str(label).strip()!r} appears twice (rows {labels[key] + 1} and {i + 1})", i)
                continue
            labels[key] = i
            if key not in _KNOWN_ROW_KEYS and key not in _TOTAL_KEYS:
                unknown.append(str(label).strip())
        return labels, unknown

    def value(self, i: int, j: int, name: str) -> float | None:
        """The number in row ``i``, column ``j``; a problem (and None) when it is not one."""
        raw = self.rows[i][j] if j < len(self.rows[i]) else None
        number = parse_number(raw)
        if number is None:
            what = (
                "empty (a formula without a saved value also reads as empty: open and save the file in Excel)"
                if raw is None or str(raw).strip() == ""
                else f"not a number ({shown(raw)})"
            )
            self.problem(f"cell is {what}; expected Mt CO2", i, f"{get_column_letter(j + 1)} ({name})")
        return number


def _total(parts: list[float | None]) -> float | None:
    numbers = [p for p in parts if p is not None]
    return float(sum(numbers)) if len(numbers) == len(parts) else None


def _read_sheet(parser: _SheetParser, province: str, year: int, scope: str, notices: list[str]) -> _SheetReading | None:
    """Parse one province sheet; records problems in ``parser`` and returns None when it cannot be read."""
    first = len(parser.problems)
    wanted = (SCOPE1_COLUMN, *SCOPE2_COLUMNS) if scope == "1+2" else (SCOPE1_COLUMN,)
    located = parser.header(wanted)
    if located is None:
        return None
    header_index, columns = located
    labels, unknown = parser.labels(parser.check_units(header_index, columns))
    total_rows = [labels[key] for key in _TOTAL_KEYS if key in labels]
    if not total_rows:
        parser.problem(f"no total row (one labelled {' / '.join(map(repr, TOTAL_LABELS))})")
    elif len(total_rows) > 1:
        parser.problem("more than one total row", total_rows[1])
    for industry, sectors in INDUSTRIES.items():
        for sector in sectors:
            if fold(sector) not in labels:
                parser.problem(f"sector {sector!r} is missing (needed for {industry})")
    if unknown:
        notices.append(
            f"{parser.file}, sheet {parser.sheet!r}: row labels not in the 2011-2015 layout, "
            "not used: " + "; ".join(unknown)
        )
    if len(parser.problems) > first:
        return None

    def row_value(i: int) -> float | None:
        return _total([parser.value(i, columns[name], name) for name in wanted])

    total_row = total_rows[0]
    total_cells = {name: parser.value(total_row, columns[name], name) for name in wanted}
    values = {"total": _total(list(total_cells.values()))}
    for industry, sectors in INDUSTRIES.items():
        values[industry] = _total([row_value(labels[fold(sector)]) for sector in sectors])
    scope2 = _total([total_cells[name] for name in SCOPE2_COLUMNS]) if scope == "1+2" else 0.0
    readings = {name: value for name, value in values.items() if value is not None}
    if len(parser.problems) > first or scope2 is None or len(readings) < len(values):  # each None made a problem
        return None
    # The total row should be the sum of the rows below it; a gap means a layout we do not understand.
    j = columns[SCOPE1_COLUMN]
    body = _total(
        [
            parse_number(parser.rows[i][j] if j < len(parser.rows[i]) else None)
            for i in labels.values()
            if i != total_row
        ]
    )
    total_scope1 = parse_number(parser.rows[total_row][j])
    if body is not None and total_scope1:
        gap = abs(total_scope1 - body) / abs(total_scope1)
        if gap > SUM_CHECK_TOLERANCE:
            notices.append(
                f"{parser.file}, sheet {parser.sheet!r}: the total row differs from the sum of the "
                f"rows below it by {gap:.2%} ({SCOPE1_COLUMN})"
            )
    process = _process_emissions(parser, header_index, total_row)
    process_only = (
        total_scope1 is not None
        and total_scope1 != 0
        and process is not None
        and math.isclose(process, total_scope1, rel_tol=1e-9)
    )
    if process_only:
        notices.append(
            f"{parser.file}, sheet {parser.sheet!r}: every fuel column of the total row is zero, only "
            f"process emissions ({total_scope1:.3f} Mt): no energy data for this province-year, so its "
            "figures are not comparable with other years"
        )
    return _SheetReading(province, year, readings, scope2, process_only)


def _process_emissions(parser: _SheetParser, header_index: int, row: int) -> float | None:
    """The total row's ``Process`` cell, or None when the sheet has no such column."""
    header = [fold(v) for v in parser.rows[header_index]]
    if fold(PROCESS_COLUMN) not in header:
        return None
    j = header.index(fold(PROCESS_COLUMN))
    return parse_number(parser.rows[row][j] if j < len(parser.rows[row]) else None)


def _sheet_rows(worksheet, file: str, sheet: str) -> list[tuple] | None:
    """The sheet's cached values, or None when it has more than MAX_SHEET_ROWS rows."""
    rows = list(itertools.islice(sheet_rows(worksheet, file, sheet), MAX_SHEET_ROWS + 1))
    return rows if len(rows) <= MAX_SHEET_ROWS else None


def _parse_workbook(
    workbook: _Workbook, scope: str, problems: list[Problem], notices: list[str]
) -> list[tuple[_SheetReading, str]]:
    readings = []
    with open_workbook(workbook.data, workbook.name) as book:
        if len(book.sheetnames) > MAX_SHEETS:
            raise InputError(Problem(f"{len(book.sheetnames)} sheets; the limit is {MAX_SHEETS}", file=workbook.name))
        for sheet in book.sheetnames:
            if fold(sheet) in _NOTE_KEYS:
                continue
            match = _SHEET_NAME.match(sheet)
            province = canonical_province(match["province"]) if match else None
            rows = _sheet_rows(book[sheet], workbook.name, sheet)
            if match is None or province is None:
                if rows is not None and not any(v is not None for row in rows for v in row):
                    notices.append(f"{workbook.name}: empty sheet {sheet!r} skipped")
                    continue
                problems.append(
                    Problem(
                        "unknown sheet: expected a province name followed by a year (like 'Jiangsu2015' or "
                        "'InnerMongolia2015') or a NOTE sheet",
                        file=workbook.name,
                        sheet=sheet,
                    )
                )
                continue
            if rows is None:
                problems.append(
                    Problem(
                        f"more than {MAX_SHEET_ROWS} rows: not a CEADs province inventory",
                        file=workbook.name,
                        sheet=sheet,
                    )
                )
                continue
            parser = _SheetParser(rows, workbook.name, sheet, problems)
            reading = _read_sheet(parser, province, int(match["year"]), scope, notices)
            if reading is not None:
                readings.append((reading, sheet))
    return readings


def read_ceads(sources: Source | Iterable[Source], scope: str = "1") -> CeadsImport:
    """Read CEADs provincial inventory workbooks into emissions per province and year (Mt CO2).

    ``sources``: one or more paths (an .xlsx workbook, a folder of them, searched recursively, or a .zip
    archive of them) or ``(filename, bytes)`` pairs for uploads. ``scope``: ``"1"`` (default) or
    ``"1+2"``; see the module docstring for what each means and the double counting 1+2 implies.

    Raises :class:`~scenarios.errors.InputError` listing every problem found (file, sheet, row, column),
    including a province-year given twice.
    """
    scope = str(scope).replace(" ", "")
    if scope not in SCOPES:
        raise InputError(Problem(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}", parameter="scope"))
    if isinstance(sources, (str, Path, tuple)):
        sources = [sources]
    problems: list[Problem] = []
    notices: list[str] = []
    records: list[dict] = []
    provenance: list[dict] = []
    process_flags: list[bool] = []
    seen: dict[tuple[str, int], str] = {}
    for workbook in _workbooks(sources, notices):
        for reading, sheet in _parse_workbook(workbook, scope, problems, notices):
            key = (reading.province, reading.year)
            if key in seen:
                problems.append(
                    Problem(
                        f"{reading.province} {reading.year} is also in {seen[key]}", file=workbook.name, sheet=sheet
                    )
                )
                continue
            seen[key] = f"{workbook.name} (sheet {sheet!r})"
            process_flags.append(reading.process_only)
            records.append(
                {"province": reading.province, "year": reading.year, **reading.values, "scope2": reading.scope2}
            )
            provenance.append(
                {"province": reading.province, "year": reading.year, "file": workbook.name, "sheet": sheet}
            )
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(Problem(f"... and {len(problems) - MAX_PROBLEMS} more problems"))
        raise InputError(shown)
    if not records:
        raise InputError(Problem("no province sheets found in the files given"))
    order = {name: i for i, name in enumerate(provinces()["name_en"])}
    emissions = in_canonical_order(pd.DataFrame.from_records(records, columns=list(COLUMNS)).astype({"year": "int64"}))
    provenance_frame = in_canonical_order(pd.DataFrame.from_records(provenance).astype({"year": "int64"}))
    if scope == "1+2" and all(r["scope2"] == 0 for r in records):
        notices.append(
            "the Scope 2 heat and electricity columns are zero in every workbook read: scope 1+2 equals scope 1 here."
        )
    if scope == "1+2":
        notices.append(
            "scope 1+2 double counts between provinces: electricity and heat made in one province "
            "and used in another count in both; provincial totals no longer add up to China's."
        )
    process_only = tuple(
        sorted(
            ((r["province"], r["year"]) for r, flag in zip(records, process_flags) if flag),
            key=lambda key: (order[key[0]], key[1]),
        )
    )
    return CeadsImport(emissions, provenance_frame, scope, tuple(notices), process_only)


def read_ceads_upload(data: bytes, filename: str, scope: str = "1") -> CeadsImport:
    """Read one uploaded CEADs workbook (.xlsx) or ZIP archive of workbooks, given as bytes and its name."""
    return read_ceads([(filename, data)], scope=scope)


# ---------------------------------------------------------------------------------------------- merging

#: How many differing cells the text summary lists (the report has them all).
SUMMARY_LIST_LIMIT = 20
MERGE_STATUSES = ("filled", "same", "differs", "replaced", "kept", "missing")


@dataclass(frozen=True)
class PanelMerge:
    """A panel with its CO2 columns filled from a CEADs import, and a cell-by-cell report.

    Each panel cell in a CO2 column gets one status: ``filled`` (empty in the panel, taken from CEADs),
    ``same`` (both given and equal within the tolerance), ``differs`` (both given, unequal: the panel's
    value is kept), ``replaced`` (as ``differs`` but overwritten with the CEADs value on request),
    ``kept`` (in the panel, not in the CEADs files), ``missing`` (in neither). Province-years CEADs has
    but the panel lacks are listed in ``unused``.
    """

    _panel: pd.DataFrame
    _report: pd.DataFrame
    _unused: pd.DataFrame
    scope: str
    overwrite: bool

    @property
    def panel(self) -> pd.DataFrame:
        """The merged panel (a copy): the input's rows and columns, CO2 columns filled."""
        return self._panel.copy()

    @property
    def report(self) -> pd.DataFrame:
        """One row per panel CO2 cell: province, year, column, status, panel_value, ceads_value (a copy)."""
        return self._report.copy()

    @property
    def unused(self) -> pd.DataFrame:
        """CEADs province-years with no row in the panel (a copy)."""
        return self._unused.copy()

    def cells(self, status: str) -> pd.DataFrame:
        """The report rows with one status (one of :data:`MERGE_STATUSES`)."""
        if status not in MERGE_STATUSES:
            raise ValueError(f"status must be one of {MERGE_STATUSES}")
        return self._report[self._report["status"] == status].reset_index(drop=True)

    @property
    def counts(self) -> pd.Series:
        """Number of cells per status."""
        return self._report["status"].value_counts().reindex(list(MERGE_STATUSES), fill_value=0)

    @property
    def summary(self) -> str:
        """What was filled, what differs (both values), what is still missing, as text."""
        counts = self.counts
        n_rows = len(self._panel)
        lines = [
            f"CEADs (scope {self.scope}) merged into a panel of {n_rows} province-years "
            f"x {len(PANEL_COLUMNS)} CO2 columns:",
            f"  filled from CEADs: {counts['filled']} cells",
            f"  already there, same value: {counts['same']} cells",
        ]
        changed = self.cells("replaced" if self.overwrite else "differs")
        kept = "replaced by the CEADs value" if self.overwrite else "kept the panel's value (overwrite to replace)"
        lines.append(f"  already there, different value: {len(changed)} cells, {kept}")
        lines += [
            f"    {r.province} {r.year} {r.column}: panel {r.panel_value:.6g}, CEADs {r.ceads_value:.6g}"
            for r in changed.head(SUMMARY_LIST_LIMIT).itertuples()
        ]
        if len(changed) > SUMMARY_LIST_LIMIT:
            lines.append(f"    ... and {len(changed) - SUMMARY_LIST_LIMIT} more (all of them in the report)")
        lines.append(f"  in the panel only (not in the CEADs files read): {counts['kept']} cells")
        missing = self.cells("missing")
        lines.append(f"  still missing: {len(missing)} cells")
        panel_provinces = self._panel["province"].nunique()
        for year, group in missing.groupby("year", sort=True):
            places = group.drop_duplicates("province")["province"].tolist()
            who = f"all {panel_provinces} provinces" if len(places) == panel_provinces > 1 else ", ".join(places)
            columns = [c for c in PANEL_COLUMNS.values() if c in set(group["column"])]
            what = "all CO2 columns" if len(columns) == len(PANEL_COLUMNS) else ", ".join(columns)
            lines.append(f"    {year}: {who} ({what})")
        if len(missing) and int(missing["year"].max()) > 2019:
            lines.append(
                "    (CEADs provincial inventories end in 2019 at the time of writing: later years, such "
                "as the paper's 2020, must come from another source; see docs/real-data.md)"
            )
        if len(self._unused):
            lines.append(f"  CEADs province-years not in the panel (not used): {len(self._unused)}")
        return "\n".join(lines)


def _panel_keys(panel: pd.DataFrame) -> pd.DataFrame:
    """Canonical province names and integer years of a panel's rows; InputError naming each bad row."""
    problems = [
        Problem(f"the panel has no {name!r} column", column=name)
        for name in ("province", "year")
        if name not in panel.columns
    ]
    if problems:
        raise InputError(problems)
    names = panel["province"].map(canonical_province)
    years = pd.to_numeric(panel["year"], errors="coerce")
    for i, (raw, name, year) in enumerate(zip(panel["province"], names, years)):
        if pd.isna(name):
            problems.append(Problem(f"unknown province {shown(raw)}", row=i + 2, column="province"))
        if not (math.isfinite(year) and float(year).is_integer()):
            problems.append(Problem(f"year {panel['year'].iloc[i]} is not a whole number", row=i + 2, column="year"))
    keys = pd.DataFrame({"province": names, "year": years})
    duplicated = keys.duplicated(keep="first") & names.notna()
    for i in duplicated[duplicated].index:
        problems.append(Problem(f"{names[i]} {int(years[i])} appears twice", row=int(i) + 2))
    if problems:
        raise InputError(problems)
    return keys.astype({"year": "int64"})


def _merge_cell(old: float, new: float, overwrite: bool, rel_tol: float, abs_tol: float) -> tuple[str, float]:
    """The status of one panel cell and the value it ends with (see :class:`PanelMerge`)."""
    if np.isnan(new):
        return ("missing" if np.isnan(old) else "kept"), old
    if np.isnan(old):
        return "filled", new
    if math.isclose(old, new, rel_tol=rel_tol, abs_tol=abs_tol):
        return "same", old
    return ("replaced", new) if overwrite else ("differs", old)


def merge_into_panel(
    panel: pd.DataFrame,
    ceads: CeadsImport | pd.DataFrame,
    *,
    scope: str | None = None,
    overwrite: bool = False,
    rel_tol: float = 1e-4,
    abs_tol: float = 0.005,
) -> PanelMerge:
    """Fill a panel's CO2 columns (``co2_total``, ``co2_steel``, ...) from CEADs emissions.

    ``panel``: a raw panel frame with ``province`` and ``year`` (other columns are kept as they are;
    missing CO2 columns are added). ``ceads``: a :class:`CeadsImport` or a frame with :data:`COLUMNS`.
    Two values are "the same" when ``math.isclose(panel, ceads, rel_tol=rel_tol, abs_tol=abs_tol)``:
    by default equal to 0.01% or to half a hundredth of a Mt, so a panel typed in to two decimals of Mt
    matches. Differing values are kept unless ``overwrite``.
    """
    if isinstance(ceads, CeadsImport):
        scope = ceads.scope
        ceads = ceads.emissions
    missing_columns = [c for c in COLUMNS if c not in ceads.columns]
    if missing_columns:
        raise InputError(Problem(f"the CEADs table lacks columns {missing_columns}"))
    keys = _panel_keys(panel)
    merged = panel.copy().reset_index(drop=True)
    merged["province"], merged["year"] = keys["province"], keys["year"]
    lookup = ceads.assign(year=ceads["year"].astype("int64")).set_index(["province", "year"])
    index = pd.MultiIndex.from_frame(keys)
    records = []
    for quantity, column in PANEL_COLUMNS.items():
        if column in merged.columns:
            current = pd.to_numeric(merged[column], errors="coerce")
            bad = current.isna() & merged[column].notna() & merged[column].astype(str).str.strip().ne("")
            if bad.any():
                first = int(bad.idxmax())
                raise InputError(
                    Problem(f"not a number: {shown(merged[column].iloc[first])}", row=first + 2, column=column)
                )
        else:
            current = pd.Series(np.nan, index=merged.index)
        incoming = lookup[quantity].reindex(index).to_numpy(dtype=float)
        result = np.empty(len(merged))
        for i, (old, new) in enumerate(zip(current.to_numpy(dtype=float), incoming)):
            status, result[i] = _merge_cell(old, new, overwrite, rel_tol, abs_tol)
            records.append((keys["province"][i], int(keys["year"][i]), column, status, old, new))
        merged[column] = result
    report = pd.DataFrame.from_records(
        records, columns=["province", "year", "column", "status", "panel_value", "ceads_value"]
    )
    in_panel = set(zip(keys["province"], keys["year"]))
    unused = ceads.loc[
        [(p, int(y)) not in in_panel for p, y in zip(ceads["province"], ceads["year"])], ["province", "year"]
    ].reset_index(drop=True)
    return PanelMerge(merged, report, unused, scope or "unknown", overwrite)
