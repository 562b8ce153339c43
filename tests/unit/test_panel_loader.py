import io
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from raw_panels import raw_panel

from scenarios.cli import main
from scenarios.data.panel import COLUMNS, load_panel, panel_from_frame, schema_markdown, table_frame
from scenarios.data.reader import RawTable, read_table
from scenarios.errors import InputError
from scenarios.geography import provinces
from scenarios.paths import DATA_DIR


def write_csv(tmp_path, frame, name="panel.csv", **kwargs):
    path = tmp_path / name
    frame.to_csv(path, index=False, **kwargs)
    return path


def problems_of(source, **kwargs):
    with pytest.raises(InputError) as caught:
        load_panel(source, **kwargs)
    return caught.value.problems


def only_problem(source, **kwargs):
    problems = problems_of(source, **kwargs)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def raw_as_text():
    return raw_panel().astype(object)


def test_valid_csv_loads_in_canonical_order(tmp_path):
    panel = load_panel(write_csv(tmp_path, raw_panel().iloc[::-1]))
    assert panel.source == "panel.csv" and not panel.synthetic and panel.notices == ()
    assert list(panel.raw.columns) == list(COLUMNS)
    pd.testing.assert_frame_equal(panel.raw, raw_panel())


def test_chinese_names_adcodes_and_variants_are_accepted(tmp_path):
    frame = raw_as_text()
    table = provinces().set_index("name_en")
    frame["province"] = [
        table.loc[name, "name_zh"] if i % 3 == 0 else table.loc[name, "adcode"] if i % 3 == 1 else name
        for i, name in enumerate(frame["province"])
    ]
    frame.loc[frame["province"] == "Inner Mongolia", "province"] = "Nei Mongol"
    path = tmp_path / "zh.csv"
    path.write_bytes(frame.to_csv(index=False).encode("gb18030"))  # Excel's CSV in a Chinese locale
    panel = load_panel(path)
    pd.testing.assert_frame_equal(panel.raw, raw_panel())


def test_xlsx_round_trip_chooses_the_panel_sheet(tmp_path):
    path = tmp_path / "panel.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"note": ["read me first"]}).to_excel(writer, sheet_name="README", index=False)
        raw_panel().to_excel(writer, sheet_name="data", index=False)
    panel = load_panel(path)
    pd.testing.assert_frame_equal(panel.raw, raw_panel())
    assert load_panel(path.read_bytes(), name="upload.xlsx").source == "upload.xlsx"


def test_wrong_sheet_is_named_with_the_sheets_there(tmp_path):
    path = tmp_path / "panel.xlsx"
    raw_panel().to_excel(path, sheet_name="panel", index=False)
    problem = only_problem(path, sheet="Sheet1")
    assert "no sheet named 'Sheet1'" in problem.message and "'panel'" in problem.message


def test_sheet_without_the_columns_reports_them(tmp_path):
    path = tmp_path / "panel.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(path, sheet_name="other", index=False)
    problems = problems_of(path)
    assert len(problems) == 1 and problems[0].sheet == "other" and problems[0].row == 1
    assert f"{len(COLUMNS)} required columns are missing" in problems[0].message
    assert all(name in problems[0].message for name in COLUMNS)


def test_missing_column_suggests_the_misspelt_header(tmp_path):
    frame = raw_panel().rename(columns={"co2_steel": "CO2 stel"})
    problem = only_problem(write_csv(tmp_path, frame))
    assert problem.column == "co2_steel" and problem.row == 1
    assert "'CO2 stel' meant to be 'co2_steel'" in problem.message


def test_headers_match_ignoring_case_spaces_and_units(tmp_path):
    frame = raw_panel().rename(columns={"co2_total": "CO2 Total (Mt)", "year": " Year "})
    frame["notes"] = "kept"
    panel = load_panel(write_csv(tmp_path, frame))
    assert panel.raw["notes"].eq("kept").all() and list(panel.raw.columns)[:16] == list(COLUMNS)


def test_non_numeric_cell_names_row_and_column(tmp_path):
    frame = raw_as_text()
    frame.loc[6, "gdp_per_capita"] = "n/a"
    problem = only_problem(write_csv(tmp_path, frame))
    assert (problem.row, problem.column) == (8, "gdp_per_capita") and "'n/a'" in problem.message


def test_empty_cell_names_row_and_column(tmp_path):
    frame = raw_as_text()
    frame.loc[0, "schooling_years"] = None
    problem = only_problem(write_csv(tmp_path, frame))
    assert (problem.row, problem.column) == (2, "schooling_years") and "empty" in problem.message


def test_unknown_province_is_reported_with_its_row(tmp_path):
    frame = raw_as_text()
    frame.loc[frame["province"] == "Hainan", "province"] = "Hainan Island"
    problems = problems_of(write_csv(tmp_path, frame))
    unknown = [p for p in problems if p.column == "province" and "'Hainan Island'" in p.message]
    first = 2 + 20 * 5
    assert len(unknown) == 1 and f"5 cells like this: rows {first}, {first + 1}, {first + 2}" in unknown[0].message
    assert "did you mean 'Hainan'?" in unknown[0].message
    assert any("1 of the 30 sample provinces is missing: Hainan" in p.message for p in problems)


def test_non_integer_year(tmp_path):
    frame = raw_as_text()
    frame.loc[3, "year"] = "2014.5"
    problems = problems_of(write_csv(tmp_path, frame))
    assert (problems[0].row, problems[0].column) == (5, "year") and "whole number" in problems[0].message
    assert "Beijing has no row for 2014" in problems[1].message


def test_duplicate_province_year_names_both_rows(tmp_path):
    frame = raw_as_text()
    frame.loc[7, "year"] = 2011  # Tianjin 2013 -> 2011
    problems = problems_of(write_csv(tmp_path, frame))
    assert "Tianjin 2011 appears 2 times (rows 7, 9)" in problems[0].message and problems[0].row == 9
    assert "Tianjin has no row for 2013" in problems[1].message


def test_missing_province_years_are_listed(tmp_path):
    frame = raw_panel()
    frame = frame[~((frame["province"] == "Gansu") & frame["year"].isin([2012, 2014, 2015]))]
    problem = only_problem(write_csv(tmp_path, frame))
    assert "Gansu has no row for 2012, 2014-2015" in problem.message and problem.column == "year"


@pytest.mark.parametrize(
    "index, column, value, expected",
    [
        (10, "co2_petrochemical", 0, "must be positive"),
        (11, "trade_openness", -0.2, "must not be negative"),
        (12, "tertiary_share", 47.1, "a percentage? divide by 100"),
        (13, "fiscal_expenditure_share", 1200, "share between 0 and 1, not 1200"),
        (14, "year", 20111, "not a plausible year"),
    ],
)
def test_values_out_of_range(tmp_path, index, column, value, expected):
    frame = raw_as_text()
    frame.loc[index, column] = value
    problem = problems_of(write_csv(tmp_path, frame))[0]
    assert (problem.row, problem.column) == (index + 2, column) and expected in problem.message


def test_zero_first_year_technology_stock(tmp_path):
    frame = raw_as_text()
    frame.loc[(frame["province"] == "Qinghai") & frame["year"].isin([2011, 2012]), "tech_import_expenditure"] = 0
    problems = problems_of(write_csv(tmp_path, frame))
    qinghai_2011 = 2 + 27 * 5
    assert [p.column for p in problems] == ["tech_import_expenditure"]
    assert f"2 cells like this: rows {qinghai_2011}, {qinghai_2011 + 1})" in problems[0].message


def test_alike_problems_grouped_with_their_true_count(tmp_path):
    frame = raw_as_text()
    frame["co2_total"] = "x"
    with pytest.raises(InputError) as caught:
        load_panel(write_csv(tmp_path, frame))
    (problem,) = caught.value.problems
    assert caught.value.count == 150 and problem.column == "co2_total"
    assert "not 'x' (150 cells like this: rows 2, 3, 4, 5, 6, ...)" in problem.message


def test_duplicate_header(tmp_path):
    frame = raw_panel()
    frame.insert(3, "CO2 total", frame["co2_total"])
    problem = only_problem(write_csv(tmp_path, frame))
    assert problem.row == 1 and "'co2_total' appears twice (columns 3 and 4)" in problem.message


def test_tibet_dropped_with_a_notice(tmp_path):
    frame = pd.concat([raw_panel(), raw_panel().query("province == 'Beijing'").assign(province="西藏")])
    panel = load_panel(write_csv(tmp_path, frame))
    assert "Tibet" not in panel.provinces and "dropped 5 rows of Tibet" in panel.notices[0]


@pytest.mark.parametrize(
    "content, name, expected",
    [
        (b"", "empty.csv", "the file is empty"),
        (b"\n\n  \n", "blank.csv", "the file is empty"),
        (",".join(COLUMNS).encode() + b"\n", "header.csv", "no data rows"),
        (bytes(np.random.default_rng(0).integers(0, 256, 2000, dtype=np.uint8)), "upload.csv", "binary"),
        (pickle.dumps({"a": 1}), "upload", "binary"),
        (pickle.dumps({"a": 1}), "panel.pkl", ".pkl files are not accepted"),
        (b"PK\x03\x04 not really a zip", "panel.xlsx", "not a valid XLSX"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "panel.xls", ".xls workbooks are not read"),
    ],
)
def test_unreadable_files_are_refused_cleanly(tmp_path, content, name, expected):
    path = tmp_path / name
    path.write_bytes(content)
    for source, kwargs in [(path, {}), (content, {"name": name})]:  # a file, and an upload's bytes
        problem = only_problem(source, **kwargs)
        assert expected in problem.message and problem.file == name


def test_read_table_gives_the_rows_as_a_spreadsheet_numbers_them(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('Province,CO2 total (Mt),note\nJiangsu,"1,700.5",x\n,,\nBeijing,,\n')
    table = read_table(path)
    assert table == RawTable(
        ("Province", "CO2 total (Mt)", "note"), ((2, ("Jiangsu", "1,700.5", "x")), (4, ("Beijing",))), "t.csv", None
    )
    frame = table_frame(table)
    assert list(frame.columns) == ["province", "co2_total", "note"]
    assert frame["co2_total"].tolist()[0] == 1700.5 and np.isnan(frame["co2_total"].tolist()[1])
    workbook = tmp_path / "t.xlsx"
    with pd.ExcelWriter(workbook) as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="notes", index=False)
        pd.DataFrame({"province": ["Hebei"], "year": [2015]}).to_excel(writer, sheet_name="data", index=False)
    table = read_table(workbook.read_bytes(), name="upload.xlsx")
    assert (table.sheet, table.header, table.rows) == ("data", ("province", "year"), ((2, ("Hebei", 2015)),))
    with pytest.raises(InputError, match=".pkl files are not accepted"):
        read_table(pickle.dumps([1]), name="x.pkl")


def test_file_like_upload_and_semicolons():
    upload = io.BytesIO(raw_panel().to_csv(index=False, sep=";").encode())
    upload.name = "from-browser.csv"
    panel = load_panel(upload, synthetic=True)
    assert panel.source == "from-browser.csv" and panel.synthetic


def test_missing_path():
    problem = only_problem("/nonexistent/panel.csv")
    assert problem.message == "file not found"


def test_readme_carries_the_schema_table():
    assert schema_markdown() in (DATA_DIR / "README.md").read_text(encoding="utf-8")


def test_frame_with_missing_values_names_the_cell():
    frame = raw_panel().astype({"co2_total": "Float64"})
    frame.loc[4, "co2_total"] = pd.NA
    with pytest.raises(InputError) as caught:
        panel_from_frame(frame, source="generated")
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("generated", 6, "co2_total") and "empty" in problem.message


def test_cli_checks_a_panel_and_writes_the_analysis(tmp_path, capsys):
    path = write_csv(tmp_path, raw_panel())
    out = tmp_path / "analysis.csv"
    assert main(["panel", str(path), "--write-analysis", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "valid, 30 provinces x 5 years (2011-2015)" in printed and "Std.dev." in printed
    assert list(pd.read_csv(out).columns)[:4] == ["province", "year", "ce", "ce1"]


def test_cli_reports_bad_panels_without_a_traceback(tmp_path, capsys):
    frame = raw_as_text()
    frame.loc[0, "year"] = "twenty"
    assert main(["panel", str(write_csv(tmp_path, frame))]) == 2
    assert "error: file panel.csv, row 2, column 'year': year must be a number, not 'twenty'" in capsys.readouterr().err


@settings(max_examples=25, deadline=None)
@given(
    index=st.integers(0, len(raw_panel()) - 1),
    column=st.sampled_from(COLUMNS[2:]),
    word=st.text(alphabet="abcxyz-/?", min_size=1, max_size=6),
)
def test_any_bad_cell_is_reported_at_its_row_and_column(index, column, word):
    frame = raw_as_text()
    frame.loc[index, column] = word
    problem = only_problem(frame.to_csv(index=False).encode(), name="upload.csv")
    assert (problem.row, problem.column) == (index + 2, column) and repr(word) in problem.message
