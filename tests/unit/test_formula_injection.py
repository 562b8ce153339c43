"""Formula injection (OWASP "CSV Injection"): no text from a link or an upload runs as a spreadsheet formula
in any CSV or XLSX the project writes, and numbers are untouched."""

import io
import zipfile
from urllib.parse import quote

import openpyxl
import pandas as pd
import pytest
from ceads_workbooks import write_workbook

from scenarios.app.export import scenario_zip
from scenarios.cli import main
from scenarios.data.demo import load_demo_panel
from scenarios.projection.engine import project
from scenarios.projection.link import decode
from scenarios.provenance import inert, neutralised

HYPERLINK = '=HYPERLINK("http://ev.il/?x","Open")'


@pytest.mark.parametrize(
    "text", [HYPERLINK, "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1", "\r=1+1"]
)
def test_formula_text_is_made_inert(text):
    assert inert(text) == "'" + text


@pytest.mark.parametrize("value", ["-4.0", "+5", "-0.123**", "-1e-3", "-", "Beijing", "", 1.5, -3, None])
def test_numbers_and_plain_text_are_untouched(value):
    assert inert(value) == value


def test_numeric_columns_keep_their_type_and_values():
    frame = pd.DataFrame({"x": [-1.5, 2.0], "name": ["=1+1", "-7"], "=col": ["a", "b"]})
    out = neutralised(frame)
    assert out["x"].tolist() == [-1.5, 2.0] and out["x"].dtype == float
    assert out["name"].tolist() == ["'=1+1", "-7"] and list(out.columns) == ["x", "name", "'=col"]


def test_a_scenario_name_from_a_link_is_inert_in_the_export():
    scenario, _ = decode("n=" + quote(HYPERLINK) + "&ei=-4")
    archive = zipfile.ZipFile(io.BytesIO(scenario_zip(project(scenario, load_demo_panel(), draws=100), "http://x")))
    settings = pd.read_csv(archive.open("settings.csv"), dtype=str, keep_default_na=False)
    values = dict(zip(settings["parameter"], settings["value"]))
    assert values["name"] == "'" + HYPERLINK and values["assumptions.ei_growth"] == "-4.0"


def test_a_ceads_merge_writes_no_formula_into_xlsx(tmp_path):
    panel = load_demo_panel().raw.assign(note=HYPERLINK)
    source = tmp_path / "panel.csv"
    panel.to_csv(source, index=False)
    workbook = write_workbook(tmp_path / "a.xlsx", 2015)
    out = tmp_path / "merged.xlsx"
    assert main(["ceads", str(workbook), "--merge-into", str(source), "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    notes = {row[header.index("note")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert notes == {"'" + HYPERLINK}
    assert [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"] == []
