"""Build the real anchor tables in data/ from the raw public files (CEADs, S&T yearbook, NBS).

    python -m pip install -r requirements-anchors.txt      # xlrd and msoffcrypto-tool, for the yearbook .xls
    PYTHONPATH=src python scripts/build_real_anchors.py [RAW_DIR] [--out DATA_DIR]

RAW_DIR (default ``../shared/data`` beside the repository) holds ``ceads/`` (CEADs yearly workbooks
1998-2019), ``tech-yearbook/`` (``raw-<year>.xls``, 2018-2023) and ``nbs/`` (``nbs-province-annual-<year>.csv``,
2019-2023); each has a README. Writes, in DATA_DIR (default ``data/``):

- ``real_anchors.csv``: 30 sample provinces x 1998-2023: CEADs CO2 (Mt, Scope 1; total and the four key
  industries, scenarios.data.ceads) for 1998-2019 and the yearbook's technology-import expenditure
  (CNY 10,000, current prices) for 2018-2023, empty where not reported (a blank yearbook cell); ``co2_note``
  says why a CO2 cell of 1998-2019 is empty (CEADs' province-years without energy data);
- ``real_controls.csv``: NBS GDP, value added by sector (亿元) and GDP per capita (元/人), 2019-2023;
- ``real_anchors_sources.csv``: each raw file read, its SHA-256, table, column and unit, and for the
  yearbook the printed national total beside the sum of the provinces;
- ``real_anchors_manifest.json``: format version, and each table's row count and SHA-256, which
  ``scenarios.data.anchors`` checks on loading.

Nothing is typed by hand and the raw files are never copied. Deterministic: the same raw files give the
same bytes (fixed formats, canonical order, no dates). The build stops with a message naming file, row
and column on anything unexpected: a year that does not match its file name, a unit other than the
expected one, a missing province, a non-numeric cell, a national total that the provinces do not add up to.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path

import msoffcrypto
import xlrd

from scenarios.data import anchors
from scenarios.data.ceads import read_ceads
from scenarios.errors import InputError
from scenarios.geography import canonical_province, sample_provinces

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_RAW = REPOSITORY / ".." / "shared" / "data"
DEFAULT_OUT = REPOSITORY / "data"

#: Excel's built-in key for workbooks saved write-protected without a password (not a secret).
EXCEL_DEFAULT_KEY = "VelvetSweatshop"
#: Header text (spaces and line breaks removed) of the technology-import column, old and new wording.
TECH_HEADERS = ("引进技术经费支出", "引进境外技术经费支出")
TECH_UNIT = "万元"
#: Largest gap allowed between the printed national total and the sum of the provinces: half a unit of
#: rounding per printed province cell.
ROUNDING_PER_CELL = 0.5

#: NBS column header (spaces removed) -> column of real_controls.csv.
NBS_COLUMNS = {
    "地区生产总值(亿元)": "gdp",
    "第一产业增加值(亿元)": "value_added_primary",
    "第二产业增加值(亿元)": "value_added_secondary",
    "第三产业增加值(亿元)": "value_added_tertiary",
    "工业增加值(亿元)": "value_added_industry",
    "人均地区生产总值(元/人)": "gdp_per_capita_cny",
}


class BuildError(Exception):
    """Something in a raw file is not as expected; the message names the file (and row, column)."""


def _squash(text: object) -> str:
    return re.sub(r"\s+", "", str(text))


def _words(text: object) -> str:
    """The text with each run of spaces and line breaks made one space."""
    return re.sub(r"\s+", " ", str(text)).strip()


def _number(text: object, where: str) -> float | None:
    """A published cell as a float; None for a blank (not reported); BuildError for anything else."""
    if isinstance(text, str) and not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise BuildError(f"{where}: not a number: {text!r}") from None
    if value < 0:
        raise BuildError(f"{where}: negative: {text!r}")
    return value


def _digest(path: Path) -> str:
    return anchors.sha256(path.read_bytes())


# ------------------------------------------------------------------------------------------------ CEADs


def read_emissions(folder: Path) -> tuple[dict, dict, list[dict]]:
    """CEADs emissions by (province, year), the note of each province-year left empty, one source row per workbook.

    A province-year whose total row has process emissions only (CEADs had no energy data for it:
    Ningxia 2000-2002, Hainan 2002) is left empty, with a note giving the published figures: its total
    of about 1 Mt is not comparable with the province's other years (Ningxia 1999: 17 Mt)."""
    imported = read_ceads(folder)
    unexpected = [n for n in imported.notices if "only process emissions" not in n]
    if unexpected or len(imported.notices) != len(imported.process_only):
        raise BuildError(
            f"{folder}: the CEADs importer has notices, resolve them first:\n" + "\n".join(imported.notices)
        )
    for row in imported.provenance.itertuples():
        match = re.search(r"_(\d{4})\.xlsx$", row.file)
        if not match or int(match[1]) != row.year:
            raise BuildError(f"{row.file}, sheet {row.sheet!r}: year {row.year} does not match the file name")
    if imported.years != anchors.EMISSION_YEARS:
        raise BuildError(f"{folder}: CEADs years {imported.years}, expected {anchors.EMISSION_YEARS}")
    emissions = imported.emissions
    if len(emissions) != len(sample_provinces()) * len(anchors.EMISSION_YEARS):
        raise BuildError(f"{folder}: {len(emissions)} province-years, expected every sample province every year")
    values = {(r["province"], int(r["year"])): r for r in emissions.to_dict("records")}
    notes = {}
    for key in imported.process_only:
        published = values.pop(key)
        notes[key] = (
            "CEADs has no energy data for this province-year (every fuel column is zero), only process "
            f"emissions: published total {published['total']:.6f} Mt, left empty as not comparable"
        )
    files = sorted(set(imported.provenance["file"]))
    sources = [
        {
            "dataset": "ceads",
            "year": int(re.search(r"_(\d{4})\.xlsx$", f)[1]),
            "file": Path(f).name,
            "sha256": _digest(Path(f)),
            "table": "province sheets, total row and key-industry sector rows",
            "column": "Scope 1 Total",
            "unit": "Mt CO2",
        }
        for f in files
    ]
    return values, notes, sources


# ------------------------------------------------------------------------------------------ the yearbook


def _open_xls(path: Path) -> xlrd.book.Book:
    """The workbook, decrypted with Excel's default key when it is write-protected."""
    data = path.read_bytes()
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    if office.is_encrypted():
        office.load_key(password=EXCEL_DEFAULT_KEY)
        plain = io.BytesIO()
        office.decrypt(plain)
        data = plain.getvalue()
    return xlrd.open_workbook(file_contents=data)


def read_tech_year(path: Path, year: int) -> tuple[dict[str, float | None], dict]:
    """One yearbook table: spending by province (None = blank, not reported) and its source row."""
    sheet = _open_xls(path).sheet_by_index(0)
    cells = [[sheet.cell_value(r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
    title = _words(cells[0][0])
    if f"({year}年)" not in _squash(title):
        raise BuildError(f"{path}: the title {title!r} is not for {year}")
    head = _squash("".join(str(v) for row in cells[:4] for v in row))
    if f"单位:{TECH_UNIT}" not in head.replace("：", ":"):
        raise BuildError(f"{path}: no '单位:{TECH_UNIT}' (unit) line in the first rows")
    national = next((r for r, row in enumerate(cells) if _squash(row[0]) == "全国"), None)
    if national is None:
        raise BuildError(f"{path}: no national total row (全国)")
    header_top = next(r for r, row in enumerate(cells) if _squash(row[0]) == "地区")
    headers = ["".join(_squash(cells[r][c]) for r in range(header_top, national)) for c in range(sheet.ncols)]
    matches = [c for c, text in enumerate(headers) if any(text.startswith(h) for h in TECH_HEADERS)]
    if len(matches) != 1:
        raise BuildError(f"{path}: expected one column headed {' or '.join(TECH_HEADERS)}, found {len(matches)}")
    column = matches[0]
    values: dict[str, float | None] = {}
    for r in range(national + 1, len(cells)):
        chinese, english = canonical_province(_squash(cells[r][0])), canonical_province(str(cells[r][1]).strip())
        if chinese is None and english is None:
            continue  # a regional subtotal (东部地区 ...) or a blank spacer row
        if chinese != english:
            raise BuildError(f"{path}, row {r + 1}: {cells[r][0]!r} and {cells[r][1]!r} are not the same province")
        if chinese in values:
            raise BuildError(f"{path}, row {r + 1}: {chinese} appears twice")
        values[chinese] = _number(cells[r][column], f"{path}, row {r + 1}, column {column + 1}")
    missing = sorted(set(sample_provinces()) - set(values))
    if missing:
        raise BuildError(f"{path}: no row for {', '.join(missing)}")
    total = _number(cells[national][column], f"{path}, row {national + 1}, column {column + 1}")
    reported = [v for v in values.values() if v is not None]
    if abs(total - sum(reported)) > ROUNDING_PER_CELL * len(reported):
        raise BuildError(
            f"{path}: the national total {total:,.10g} is not the sum of the provinces "
            f"{sum(reported):,.10g} to within rounding"
        )
    source = {
        "dataset": "tech-yearbook",
        "year": year,
        "file": path.name,
        "sha256": _digest(path),
        "table": title,
        "column": _words(" ".join(str(cells[r][column]) for r in range(header_top, national))),
        "unit": f"{TECH_UNIT} (CNY 10,000), current prices",
        "national_total": total,
        "sum_of_provinces": sum(reported),
    }
    return values, source


# ------------------------------------------------------------------------------------------------- NBS


def read_nbs_year(path: Path, year: int) -> tuple[dict[str, dict[str, float]], dict]:
    """One NBS export: the published levels by province, and its source row."""
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    stated = next((_squash(line[0]) for line in lines if line and _squash(line[0]).startswith("时间")), "")
    if stated != f"时间：{year}年":
        raise BuildError(f"{path}: the export is for {stated!r}, not {year}")
    top = next((i for i, line in enumerate(lines) if line and _squash(line[0]) == "地区"), None)
    if top is None:
        raise BuildError(f"{path}: no header row starting with 地区")
    header = [_squash(v) for v in lines[top]]
    positions = {}
    for text, name in NBS_COLUMNS.items():
        if header.count(text) != 1:
            raise BuildError(f"{path}: expected one column {text!r} in the header (row {top + 1})")
        positions[name] = header.index(text)
    values: dict[str, dict[str, float]] = {}
    for i in range(top + 1, len(lines)):
        line = lines[i]
        province = canonical_province(_squash(line[0])) if line else None
        if province is None:
            continue  # the notes and source lines under the table
        if province in values:
            raise BuildError(f"{path}, row {i + 1}: {province} appears twice")
        row = {}
        for name, j in positions.items():
            value = _number(line[j] if j < len(line) else "", f"{path}, row {i + 1}, column {header[j]}")
            if value is None:
                raise BuildError(f"{path}, row {i + 1}, column {header[j]}: empty")
            row[name] = value
        values[province] = row
    missing = sorted(set(sample_provinces()) - set(values))
    if missing:
        raise BuildError(f"{path}: no row for {', '.join(missing)}")
    source = {
        "dataset": "nbs",
        "year": year,
        "file": path.name,
        "sha256": _digest(path),
        "table": "分省年度数据",
        "column": "; ".join(NBS_COLUMNS),
        "unit": "亿元 (CNY 100 million); 元/人 (CNY per person); current prices",
    }
    return values, source


# ---------------------------------------------------------------------------------------------- writing


def _cell(value: object, decimals: int | None = None) -> str:
    """Fixed text for a value: empty for missing; ``decimals`` places for CO2; otherwise as published
    (up to 10 significant digits, no trailing zeros)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return f"{value:.{decimals}f}" if decimals is not None else f"{value:.10g}"


def _csv_bytes(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


#: CO2 is written to 6 decimals of a Mt (a tonne), far below the inventories' accuracy.
CO2_DECIMALS = 6


def build(raw: Path) -> dict[str, bytes]:
    """Read the raw folders; return the file name -> bytes of every table (not yet written)."""
    emissions, notes, sources = read_emissions(raw / "ceads")
    spending: dict[tuple[str, int], float | None] = {}
    for year in anchors.TECH_YEARS:
        values, source = read_tech_year(raw / "tech-yearbook" / f"raw-{year}.xls", year)
        spending.update({(province, year): value for province, value in values.items()})
        sources.append(source)
    controls: dict[tuple[str, int], dict[str, float]] = {}
    for year in anchors.CONTROL_YEARS:
        values, source = read_nbs_year(raw / "nbs" / f"nbs-province-annual-{year}.csv", year)
        controls.update({(province, year): row for province, row in values.items()})
        sources.append(source)

    anchor_rows = []
    for province in sample_provinces():
        for year in anchors.YEARS:
            co2 = emissions.get((province, year))
            co2_cells = [_cell(co2[s] if co2 else None, CO2_DECIMALS) for s in anchors.EMISSION_SERIES]
            anchor_rows.append(
                [
                    province,
                    str(year),
                    *co2_cells,
                    _cell(spending.get((province, year))),
                    _cell(notes.get((province, year))),
                ]
            )
    control_rows = [
        [province, str(year), *(_cell(controls[province, year][c]) for c in anchors.CONTROL_COLUMNS[2:])]
        for province in sample_provinces()
        for year in anchors.CONTROL_YEARS
    ]
    source_rows = [[_cell(s.get(c)) for c in anchors.SOURCE_COLUMNS] for s in sources]
    tables = {
        anchors.ANCHORS_FILE: (anchors.ANCHOR_COLUMNS, anchor_rows),
        anchors.CONTROLS_FILE: (anchors.CONTROL_COLUMNS, control_rows),
        anchors.SOURCES_FILE: (anchors.SOURCE_COLUMNS, source_rows),
    }
    files = {name: _csv_bytes(columns, rows) for name, (columns, rows) in tables.items()}
    manifest = {
        "version": anchors.VERSION,
        "built_by": "scripts/build_real_anchors.py",
        "tables": {
            name: {"rows": len(tables[name][1]), "sha256": anchors.sha256(data)} for name, data in files.items()
        },
    }
    files[anchors.MANIFEST_FILE] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "raw",
        nargs="?",
        type=Path,
        default=DEFAULT_RAW,
        help="folder with ceads/, tech-yearbook/ and nbs/ (default ../shared/data)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default data/)")
    args = parser.parse_args(argv)
    try:
        files = build(args.raw)
    except (BuildError, InputError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
