"""The committed real anchor tables against the raw files in ../shared/data, when that folder exists.

Rebuilds the tables into a temporary folder (scripts/build_real_anchors.py) and checks they are byte for
byte the committed ones; then compares spot values with cells read straight from the raw files, at
positions found by eye (sheet, row label and column for CEADs; row and column of the yearbook and NBS
tables), including blank yearbook cells.
"""

from __future__ import annotations

import csv
import io
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.data import anchors
from scenarios.data.anchors import real_anchors

REPOSITORY = Path(__file__).resolve().parents[2]
# Beside the repository (as CI clones it), or wherever SCENARIOS_SHARED_DATA points (a worktree elsewhere).
RAW = Path(os.environ.get("SCENARIOS_SHARED_DATA", REPOSITORY / ".." / "shared" / "data"))

pytestmark = [
    pytest.mark.ceads,
    pytest.mark.skipif(not (RAW / "tech-yearbook").is_dir(), reason="the raw data (../shared/data) are absent"),
]

TABLES = (anchors.ANCHORS_FILE, anchors.CONTROLS_FILE, anchors.SOURCES_FILE, anchors.MANIFEST_FILE)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("anchors")
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "scripts" / "build_real_anchors.py"), str(RAW), "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY / "src")},
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("name", TABLES)
def test_rebuild_is_byte_identical(rebuilt, name):
    assert (rebuilt / name).read_bytes() == (REPOSITORY / "data" / name).read_bytes()


# ------------------------------------------------------------------------------ CEADs, cell by cell


def ceads_cells(year: int, sheet: str, rows: tuple[str, ...]) -> float:
    """The sum of the 'Scope 1 Total' cells of some rows of one sheet, read with openpyxl alone."""
    from openpyxl import load_workbook

    book = load_workbook(
        RAW / "ceads" / f"Emission_Inventories_for_30_Provinces_{year}.xlsx", read_only=True, data_only=True
    )
    cells = list(book[sheet].iter_rows(values_only=True))
    book.close()
    column = [str(h).replace("_", " ") for h in cells[0]].index("Scope 1 Total")
    by_label = {str(row[0]).strip(): row[column] for row in cells if row and row[0] is not None}
    return sum(by_label[label] for label in rows)


# (year, sheet, series, the sheet's row labels that make it)
CEADS_SPOTS = [
    (1998, "Guangdong1998", "total", ("Total Consumption",)),
    (2005, "Shanxi2005", "building_materials", ("Nonmetal Minerals Mining and Dressing", "Nonmetal Mineral Products")),
    (
        2012,
        "Xinjiang2012",
        "petrochemical",
        (
            "Petroleum and Natural Gas Extraction",
            "Petroleum Processing and Coking",
            "Raw Chemical Materials and Chemical Products",
        ),
    ),
    (2017, "Yunnan2017", "nonferrous", ("Smelting and Pressing of Nonferrous Metals",)),
    (2018, "InnerMongolia2018", "total", ("TotalEmissions",)),
    (2019, "Hebei2019", "steel", ("Smelting and Pressing of Ferrous Metals",)),
]


@pytest.mark.parametrize("year, sheet, series, rows", CEADS_SPOTS)
def test_ceads_spot_values(year, sheet, series, rows):
    province = {"InnerMongolia2018": "Inner Mongolia"}.get(sheet, sheet[:-4])
    committed = real_anchors().emissions.loc[(province, year), series]
    assert committed == pytest.approx(ceads_cells(year, sheet, rows), abs=5e-7)  # written to 6 decimals


def test_ceads_province_year_without_energy_data():
    # Ningxia2000: the total row is all process emissions (every fuel column zero).
    assert ceads_cells(2000, "Ningxia2000", ("Total Consumption",)) == pytest.approx(0.8144065)
    assert math.isnan(real_anchors().emissions.loc[("Ningxia", 2000), "total"])


# --------------------------------------------------------------------------- the yearbook, cell by cell


def yearbook_cell(year: int, row: int, column: int):
    """One cell of a yearbook table (0-based row and column), decrypted with Excel's default key if needed."""
    import msoffcrypto
    import xlrd

    data = (RAW / "tech-yearbook" / f"raw-{year}.xls").read_bytes()
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    if office.is_encrypted():
        office.load_key(password="VelvetSweatshop")
        plain = io.BytesIO()
        office.decrypt(plain)
        data = plain.getvalue()
    return xlrd.open_workbook(file_contents=data).sheet_by_index(0).cell_value(row, column)


# (year, province, row, column, the cell as printed): the column moves (2023: fifth), 2020 has spacer rows.
YEARBOOK_SPOTS = [
    (2018, "Jiangsu", 19, 2, "300241"),
    (2018, "Hainan", 30, 2, ""),
    (2020, "Guangdong", 39, 2, 2111485.3),
    (2020, "Ningxia", 52, 2, ""),
    (2021, "Inner Mongolia", 14, 2, ""),
    (2022, "Jilin", 16, 2, "24754"),
    (2023, "Shanghai", 18, 4, "824755"),
    (2023, "Guizhou", 33, 4, ""),
]


@pytest.mark.parametrize("year, province, row, column, printed", YEARBOOK_SPOTS)
def test_yearbook_spot_values(year, province, row, column, printed):
    cell = yearbook_cell(year, row, column)
    assert cell == printed
    committed = real_anchors().tech_expenditure.loc[province, year]
    if printed == "":
        assert math.isnan(committed)  # blank: not reported, never zero
        assert real_anchors().tech_flags.loc[province, year] != anchors.FLAG_REPORTED
    else:
        assert committed == float(printed)


# ---------------------------------------------------------------------------------- NBS, cell by cell


@pytest.mark.parametrize(
    "year, name_zh, province, column, column_index, printed",
    [
        (2019, "北京市", "Beijing", "gdp", 1, "37767.0"),
        (2021, "广东省", "Guangdong", "value_added_tertiary", 4, None),
        (2023, "新疆维吾尔自治区", "Xinjiang", "gdp_per_capita_cny", 14, "75616"),
    ],
)
def test_nbs_spot_values(year, name_zh, province, column, column_index, printed):
    text = (RAW / "nbs" / f"nbs-province-annual-{year}.csv").read_text(encoding="utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    row = next(line for line in lines if line and line[0].strip() == name_zh)
    cell = row[column_index].strip()
    if printed is not None:
        assert cell == printed
    assert real_anchors().controls.loc[(province, year), column] == float(cell)
