"""The one file reader: every file a user hands the project is read here, with one set of limits.

A yearbook panel (CSV or XLSX, :func:`read_table`), a CEADs workbook (:func:`open_workbook` and
:func:`sheet_rows`), a weight matrix CSV and a filled-in template all come through this module, so they
share one size limit (:data:`MAX_BYTES`, the app's upload limit too), one encoding rule
(:data:`ENCODINGS`: UTF-8, with or without a byte-order mark, else GB18030 as Excel writes CSV in Chinese
locales) and one set of shape limits checked *while* streaming, before the whole file is parsed:

* :data:`MAX_ROWS` rows per table or sheet (blank rows count: they cost parsing time too),
* :data:`MAX_COLUMNS` columns, :data:`MAX_LINE_CHARS` characters on one CSV line,
* :data:`MAX_CELLS` non-blank cells per table,
* :data:`MAX_UNPACKED_BYTES` for an XLSX workbook (itself a ZIP) once unpacked.

An XLSX sheet is read to its first :data:`MAX_COLUMNS` columns (a value in the next column is refused;
cells further right are not read, which bounds the memory a row can take).

The biggest legitimate input, a panel of 31 provinces over 100 years, has 3,101 rows of 16 columns
(about 50,000 cells); a CEADs sheet about 50 rows. The limits leave a wide margin and keep a hostile
file's cost bounded: a 1,000,000-row workbook is refused after reading 10,001 rows (tests/unit/
test_reader.py measures its time and memory). Files are parsed, never executed: the csv module, and
openpyxl in read-only mode reading cached values (formulas are not evaluated, external links not
followed). Whatever a damaged file raises while it is parsed (truncated XML, a bad cell reference,
entity expansion refused by expat) becomes an :class:`~scenarios.errors.InputError` naming the file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from scenarios.errors import InputError, Problem

#: The largest file read, in bytes (also Streamlit's ``server.maxUploadSize`` in .streamlit/config.toml).
MAX_BYTES = 50 * 1024 * 1024
#: The largest an XLSX workbook (or a ZIP archive's members together) may unpack to.
MAX_UNPACKED_BYTES = 4 * MAX_BYTES
#: Rows read from one CSV file or XLSX sheet, blank rows included.
MAX_ROWS = 10_000
#: Columns of one table.
MAX_COLUMNS = 100
#: Non-blank cells of one table.
MAX_CELLS = 200_000
#: Characters on one CSV line (a line of 100 columns of 1,000 characters each).
MAX_LINE_CHARS = 100_000
#: Text encodings tried in order: UTF-8 (a byte-order mark allowed), then GB18030 (Excel in Chinese locales).
ENCODINGS = ("utf-8-sig", "gb18030")

_PREFERRED_SHEET = "panel"
_REFUSED_EXTENSIONS = (".pkl", ".pickle", ".npy", ".npz", ".parquet", ".feather", ".json", ".dta", ".sav")


def _megabytes(size: int) -> str:
    return f"{size // 2**20} MB"


def read_bytes(source: str | os.PathLike | bytes | BinaryIO, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of a path, a bytes object or a binary file-like object (at most :data:`MAX_BYTES`), and
    the name to use in messages (``name``, else the path's or the buffer's file name, else "upload")."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = name or path.name
        try:
            if path.stat().st_size > MAX_BYTES:
                raise InputError(Problem(f"file is larger than {_megabytes(MAX_BYTES)}", file=name))
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
        raise InputError(Problem(f"cannot read a file from a {type(source).__name__}", parameter="source"))
    name = name or "upload"
    if len(data) > MAX_BYTES:
        raise InputError(Problem(f"file is larger than {_megabytes(MAX_BYTES)}", file=name))
    return data, name


def decode_text(data: bytes, name: str) -> str:
    """The text of a CSV file by :data:`ENCODINGS`; binary data (NUL bytes, control characters) is refused."""
    sample = data[:4096]
    if b"\x00" in sample or _looks_binary(sample):
        raise InputError(Problem("not a CSV text file (binary data, or text not saved as UTF-8)", file=name))
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(Problem("cannot decode the text (save the CSV as UTF-8)", file=name))


def _looks_binary(sample: bytes) -> bool:
    controls = sum(b < 32 and b not in (9, 10, 13) for b in sample)
    return controls > max(2, len(sample) // 100)


def file_format(data: bytes, name: str) -> str:
    """ "xlsx" or "csv", from the name's extension, else the content; other formats are refused."""
    extension = Path(name).suffix.lower()
    if not data.strip():
        raise InputError(Problem("the file is empty", file=name))
    if extension == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(Problem("old Excel .xls workbooks are not read; save it as .xlsx or CSV", file=name))
    if extension in _REFUSED_EXTENSIONS:
        raise InputError(Problem(f"{extension} files are not accepted: give a CSV or XLSX file", file=name))
    if extension in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if extension not in ("", ".csv", ".txt", ".tsv"):
        raise InputError(Problem(f"{extension} files are not accepted: give a CSV or XLSX file", file=name))
    sample = data[:4096]
    if b"\x00" in sample or data.startswith(b"\x80") or _looks_binary(sample):
        raise InputError(Problem("this is not a CSV or XLSX file (it looks like binary data)", file=name))
    return "csv"


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")


def check_workbook(data: bytes, name: str) -> None:
    """Refuse an XLSX workbook before openpyxl parses it: not a ZIP, more than :data:`MAX_UNPACKED_BYTES`
    unpacked, or a sheet with more than :data:`MAX_ROWS` rows or :data:`MAX_CELLS` cells written in it.

    The sheets are counted by streaming their XML through a tag count, which stops at the limit: openpyxl
    itself reads a whole sheet when opening a workbook whose sheet records no size (its dimension scan),
    so a 1,000,000-row sheet would cost seconds per sheet before a single row could be refused.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                raise InputError(
                    Problem(f"the workbook unpacks to more than {_megabytes(MAX_UNPACKED_BYTES)}", file=name)
                )
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    _count_sheet_tags(archive, member, name)
    except InputError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        raise InputError(
            Problem("not a valid XLSX workbook (the file is damaged or not Excel 2007+)", file=name)
        ) from None


def _count_sheet_tags(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    rows = cells = 0
    carried = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            text = carried + chunk
            cut = text.rfind(b"<")  # a tag cut by the chunk's end is counted with the next chunk
            whole, carried = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            rows += len(_ROW_TAG.findall(whole))
            cells += len(_CELL_TAG.findall(whole))
            if rows > MAX_ROWS or cells > MAX_CELLS:
                what = f"more than {MAX_ROWS:,} rows" if rows > MAX_ROWS else f"more than {MAX_CELLS:,} cells"
                raise InputError(Problem(f"a sheet of the workbook has {what}: not a table this tool reads", file=name))


@contextlib.contextmanager
def open_workbook(data: bytes, name: str) -> Iterator:
    """An openpyxl workbook in read-only mode (cached values, no formulas evaluated, no external links),
    closed on exit. Sizes checked first (:func:`check_workbook`); a damaged workbook raises InputError."""
    import openpyxl

    check_workbook(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it ignores
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types for damaged or non-Excel zips
        raise InputError(
            Problem(
                f"not a readable XLSX workbook: the file is damaged or not Excel ({type(error).__name__})", file=name
            )
        ) from None
    try:
        yield workbook
    finally:
        workbook.close()


def sheet_rows(worksheet, file: str, sheet: str) -> Iterator[tuple]:
    """The sheet's rows of cached values, streamed, each cut to :data:`MAX_COLUMNS` cells (trailing blanks
    dropped). Raises InputError when a row has a value beyond the last allowed column, or when the sheet's
    XML is damaged (the sheet is parsed lazily, so damage shows only here, not when the workbook opens).
    The caller decides how many rows it takes (:func:`limited`)."""
    worksheet.reset_dimensions()  # a recorded size may lie (huge or too small); read what is there
    rows = worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1, values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001 - truncated XML, a bad cell reference, entities refused
            raise InputError(
                Problem(f"the sheet is damaged and cannot be read ({type(error).__name__})", file=file, sheet=sheet)
            ) from None
        if len(row) > MAX_COLUMNS and is_present(row[MAX_COLUMNS]):
            raise InputError(Problem(f"more than {MAX_COLUMNS} columns", file=file, sheet=sheet))
        yield _trimmed(row[:MAX_COLUMNS])


def _trimmed(cells) -> tuple:
    end = len(cells)
    while end and not is_present(cells[end - 1]):
        end -= 1
    return tuple(cells[:end])


def limited(rows: Iterable, limit: int, file: str, sheet: str | None = None, what: str = "rows") -> list:
    """The first rows of ``rows``; InputError when there are more than ``limit`` (nothing past it is read)."""
    taken: list = []
    for row in rows:
        if len(taken) == limit:
            raise InputError(
                Problem(f"more than {limit:,} {what}: not a table this tool reads", file=file, sheet=sheet)
            )
        taken.append(row)
    return taken


def csv_rows(text: str, file: str, max_columns: int = MAX_COLUMNS) -> Iterator[list[str]]:
    """The rows of CSV text, separated by commas, semicolons or tabs (whichever the first line has most
    of), streamed with the line limit and at most ``max_columns`` columns (trailing blank cells dropped)."""
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)

    def lines() -> Iterator[str]:
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if len(line) > MAX_LINE_CHARS:
                raise InputError(Problem(f"line {number} is longer than {MAX_LINE_CHARS:,} characters", file=file))
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError(Problem(f"not a readable CSV file ({error})", file=file)) from None
        cells = list(_trimmed(cells))
        if len(cells) > max_columns:
            raise InputError(Problem(f"more than {max_columns:,} columns", file=file, row=reader.line_num))
        yield cells


# --------------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------------


def is_present(cell) -> bool:
    """True when a cell holds something: not None/NaN/NA and not blank text."""
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return False
    if isinstance(cell, float):
        return not math.isnan(cell)
    return str(cell).strip() != ""


def parse_number(cell) -> float | None:
    """A cell as a finite number, or None: numbers as typed, text such as "1,234.5" (thousands
    separators) or full-width digits from Chinese input; booleans (TRUE/FALSE in XLSX) are not numbers."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float, np.integer, np.floating)):
        value = float(cell)
    else:
        try:
            value = float(cell)
        except (TypeError, ValueError):
            text = unicodedata.normalize("NFKC", str(cell)).strip()
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", text):
                text = text.replace(",", "")
            try:
                value = float(text)
            except ValueError:
                return None
    return value if math.isfinite(value) else None


def header_key(text) -> str:
    """Column names are matched ignoring case, spacing and a trailing unit in brackets: 'CO2 total (Mt)'."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    text = re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", text)
    return re.sub(r"[\s\-]+", "_", text)


# --------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------


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


def read_table(
    source: str | os.PathLike | bytes | BinaryIO, name: str | None = None, sheet: str | None = None
) -> RawTable:
    """Read a CSV or XLSX table safely: the header in row 1, then the non-blank rows, values unchecked.

    ``source`` is a path, bytes, or a binary file-like object (:func:`read_bytes`). ``name`` is the file
    name used in messages; its extension decides the format, else the content does. Pickles, old .xls,
    and other binary formats are refused. CSV: :data:`ENCODINGS`, comma, semicolon or tab separated.
    XLSX: ``sheet`` names the sheet, by default one called "panel", else the first sheet with a
    ``province`` column, else the first. The limits of this module apply while reading.

    Raises :class:`InputError` for an unreadable, damaged, too large, empty or header-only file, a
    header not in row 1, or a ``sheet`` asked of a CSV file.
    """
    data, name = read_bytes(source, name)
    if file_format(data, name) == "xlsx":
        with open_workbook(data, name) as workbook:
            chosen = _choose_sheet(workbook, name, sheet)
            lines = limited(sheet_rows(workbook[chosen], name, chosen), MAX_ROWS, name, chosen)
    elif sheet is not None:
        raise InputError(Problem(f"a CSV file has no sheets (sheet {sheet!r} was asked for)", file=name))
    else:
        chosen = None
        lines = limited(csv_rows(decode_text(data, name), name), MAX_ROWS, name)
    numbered = [(i + 1, tuple(cells)) for i, cells in enumerate(lines) if any(is_present(c) for c in cells)]
    if sum(sum(map(is_present, cells)) for _, cells in numbered) > MAX_CELLS:
        raise InputError(
            Problem(f"more than {MAX_CELLS:,} filled cells: not a table this tool reads", file=name, sheet=chosen)
        )
    if not numbered:
        raise InputError(Problem("the file is empty", file=name, sheet=chosen))
    header_row, header = numbered[0]
    if header_row != 1:
        raise InputError(Problem("the header (column names) must be in row 1", file=name, sheet=chosen, row=header_row))
    if len(numbered) == 1:
        raise InputError(Problem("the file has a header but no data rows", file=name, sheet=chosen))
    return RawTable(tuple("" if c is None else str(c) for c in header), tuple(numbered[1:]), name, chosen)


def _choose_sheet(workbook, file: str, sheet: str | None) -> str:
    names = workbook.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise InputError(
                Problem(f"no sheet named {sheet!r}; the workbook has {', '.join(map(repr, names))}", file=file)
            )
        return sheet
    by_key = {n.strip().lower(): n for n in names}
    if _PREFERRED_SHEET in by_key:
        return by_key[_PREFERRED_SHEET]
    for sheet_name in names:
        first = next(sheet_rows(workbook[sheet_name], file, sheet_name), ())
        if "province" in {header_key(c) for c in first}:
            return sheet_name
    return names[0]
