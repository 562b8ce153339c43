"""The yearbook template: layout, round trip through the panel loader, and the CEADs merge into it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

panel_module = pytest.importorskip("scenarios.data.panel")

from ceads_workbooks import scope1_value, write_workbook  # noqa: E402

from scenarios.cli import main  # noqa: E402
from scenarios.data.template import (  # noqa: E402
    DATA_SHEET,
    parse_years,
    read_panel_table,
    template_frame,
    write_template,
)
from scenarios.errors import InputError  # noqa: E402
from scenarios.geography import sample_provinces  # noqa: E402

SCHEMA_NAMES = [spec.name for spec in panel_module.SCHEMA]


def test_frame_has_every_column_and_province_year():
    frame = template_frame(range(2011, 2021))
    assert list(frame.columns) == SCHEMA_NAMES
    assert len(frame) == 300
    assert tuple(frame["province"].drop_duplicates()) == sample_provinces()
    assert list(frame["year"][:10]) == list(range(2011, 2021))
    assert frame[SCHEMA_NAMES[2:]].isna().all().all()


def test_workbook_layout(tmp_path):
    path = tmp_path / "t.xlsx"
    content = write_template(path, years=(2015, 2016))
    assert path.read_bytes() == content
    book = load_workbook(path)
    assert book.sheetnames == [DATA_SHEET, "variables", "instructions"]
    sheet = book[DATA_SHEET]
    assert [c.value for c in sheet[1]] == SCHEMA_NAMES
    assert sheet.max_row == 1 + 60
    first_rows = (sheet["A2"].value, sheet["B2"].value, sheet["A3"].value, sheet["B3"].value)
    assert first_rows == ("Beijing", 2015, "Beijing", 2016)
    assert "Mt CO2" in sheet["C1"].comment.text
    variables = {row[0]: row for row in book["variables"].iter_rows(min_row=2, values_only=True)}
    assert list(variables) == SCHEMA_NAMES
    for spec in panel_module.SCHEMA:
        assert variables[spec.name][1] == spec.unit and variables[spec.name][3] == spec.source
    assert all(row[5] for row in variables.values())  # every column says how to compute it
    assert "中国科技统计年鉴" in variables["tech_import_expenditure"][4]
    instructions = "\n".join(str(r[0]) for r in book["instructions"].iter_rows(values_only=True) if r[0])
    assert "python -m scenarios ceads" in instructions and "Shan et al. (2016)" in instructions


def plausible_values(frame: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Fill every numeric column with positive values, shares inside (0, 1)."""
    rng = np.random.default_rng(seed)
    filled = frame.copy()
    for spec in panel_module.SCHEMA[2:]:
        low, high = (0.1, 0.9) if spec.share else (1.0, 500.0)
        if spec.name == "fai_price_index":
            low, high = 98.0, 106.0
        filled[spec.name] = rng.uniform(low, high, len(filled))
    return filled


def test_filled_template_loads_in_the_panel_loader(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    book = load_workbook(path)
    sheet = book[DATA_SHEET]
    values = plausible_values(template_frame())
    for i, row in enumerate(values.itertuples(index=False), start=2):
        for j, value in enumerate(row[2:], start=3):
            sheet.cell(row=i, column=j, value=float(value))
    book.save(path)
    loaded = panel_module.load_panel(path).raw
    assert len(loaded) == 300
    merged = loaded.merge(values, on=["province", "year"], suffixes=("", "_expected"))
    for name in SCHEMA_NAMES[2:]:
        np.testing.assert_allclose(merged[name], merged[f"{name}_expected"], rtol=1e-12)


def test_an_unfilled_template_is_refused_by_the_loader_but_read_as_a_table(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path, years=(2015,))
    with pytest.raises(InputError, match="co2_total"):
        panel_module.load_panel(path)
    table = read_panel_table(path)
    assert len(table) == 30 and table["co2_total"].isna().all()


def test_read_panel_table_errors(tmp_path):
    (tmp_path / "a.csv").write_text("provincia,anno\nJiangsu,2015\n")
    with pytest.raises(InputError, match="no column named 'province' or 'year'"):
        read_panel_table(tmp_path / "a.csv")
    with pytest.raises(InputError, match="file not found"):
        read_panel_table(tmp_path / "absent.xlsx")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04broken")
    with pytest.raises(InputError, match="not a valid XLSX workbook"):
        read_panel_table(tmp_path / "bad.xlsx")


def test_read_panel_table_as_the_loader_reads(tmp_path):
    path = tmp_path / "p.csv"
    text = 'Province,Year,,CO2 total (Mt),gdp_per_capita,note\n江苏,2015,,"1,700.5",,x\n北京,2015,,,n/a,\n'
    path.write_bytes(text.encode("gb18030"))
    table = read_panel_table(path)
    assert list(table.columns) == ["province", "year", "co2_total", "gdp_per_capita", "note"]
    assert table.loc[0, "province"] == "江苏"
    assert table["co2_total"].tolist()[0] == 1700.5 and pd.isna(table["co2_total"].tolist()[1])
    assert table["gdp_per_capita"].tolist()[1] == "n/a"  # left as typed: the loader will name it


@pytest.mark.parametrize(
    "text, years", [("2011-2013", (2011, 2012, 2013)), ("2015", (2015,)), ("2011, 2013,2012", (2011, 2012, 2013))]
)
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["2013-2011", "eleven", "2011-", "1800-1900", "1990-2100"])
def test_parse_years_refuses(text):
    with pytest.raises(
        InputError,
        match=r"years must look like 2011-2020 or 2011,2012 \(years 1900-2099, a range "
        r"first to last\), not",
    ):
        parse_years(text)


def test_cli_template(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", "--out", str(out), "--years", "2014-2016"]) == 0
    assert len(read_panel_table(out)) == 90
    assert main(["template", "--out", str(tmp_path / "t.csv")]) == 2
    assert main(["template", "--out", str(out), "--years", "soon"]) == 2
    assert "error: parameter 'years'" in capsys.readouterr().err


def test_cli_merge_into_template_and_into_a_panel(tmp_path, capsys):
    workbook = write_workbook(tmp_path / "c.xlsx", 2015)
    merged = tmp_path / "merged.xlsx"
    assert main(["ceads", str(workbook), "--merge-into-template", "--years", "2015-2016", "--out", str(merged)]) == 0
    printed = capsys.readouterr().out
    assert "filled from CEADs: 10 cells" in printed and "2016: all 30 provinces (all CO2 columns)" in printed
    table = read_panel_table(merged).set_index(["province", "year"])
    steel = scope1_value("Jiangsu", "Smelting and Pressing of Ferrous Metals", 2015)
    assert table.loc[("Jiangsu", 2015), "co2_steel"] == pytest.approx(steel)
    assert pd.isna(table.loc[("Beijing", 2015), "co2_total"])

    panel_csv = tmp_path / "panel.csv"
    pd.DataFrame({"province": ["江苏", "Jiangsu"], "year": [2015, 2016], "co2_steel": [1.0, 2.0]}).to_csv(
        panel_csv, index=False
    )
    report = tmp_path / "report.csv"
    out = tmp_path / "merged.csv"
    assert (
        main(["ceads", str(workbook), "--merge-into", str(panel_csv), "--out", str(out), "--report", str(report)]) == 0
    )
    assert f"Jiangsu 2015 co2_steel: panel 1, CEADs {steel:.6g}" in capsys.readouterr().out
    assert set(pd.read_csv(report)["status"]) == {"filled", "differs", "kept", "missing"}
    assert list(pd.read_csv(out).columns[:3]) == ["province", "year", "co2_steel"]
    assert out.read_text().splitlines()[1].startswith("Jiangsu,2015,1.0,")  # whole years stay whole
    assert main(["ceads", str(workbook), "--out", str(out), "--report", str(report)]) == 2
    assert main(["ceads", str(workbook), "--merge-into", str(panel_csv), "--out", str(panel_csv)]) == 2
    assert "choose another output file" in capsys.readouterr().err
