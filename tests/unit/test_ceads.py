"""CEADs importer on small workbooks built in the real layout (tests/fixtures/ceads_workbooks.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from ceads_workbooks import scope1_value, scope2_values, write_workbook

from scenarios.cli import main  # noqa: E402
from scenarios.data.ceads import COLUMNS, INDUSTRIES, read_ceads, read_ceads_upload  # noqa: E402
from scenarios.errors import InputError  # noqa: E402

PETROCHEMICAL = (
    "Petroleum and Natural Gas Extraction",
    "Petroleum Processing and Coking",
    "Raw Chemical Materials and Chemical Products",
)


def expected(sheet_province: str, year: int, sectors: tuple[str, ...], scope: str = "1") -> float:
    total = 0.0
    for sector in sectors:
        total += scope1_value(sheet_province, sector, year)
        if scope == "1+2":
            total += sum(scope2_values(sheet_province, sector, year))
    return total


def all_rows() -> tuple[str, ...]:
    from ceads_workbooks import KNOWN_ROWS

    return KNOWN_ROWS


def test_values_and_names(tmp_path):
    write_workbook(tmp_path / "a.xlsx", 2014)
    write_workbook(tmp_path / "b.xlsx", 2015)
    emissions = read_ceads(tmp_path).emissions
    assert list(emissions.columns) == list(COLUMNS)
    # Canonical order (Inner Mongolia, adcode 15, before Jiangsu, 32), then year.
    assert list(zip(emissions["province"], emissions["year"])) == [
        ("Inner Mongolia", 2014),
        ("Inner Mongolia", 2015),
        ("Jiangsu", 2014),
        ("Jiangsu", 2015),
    ]
    row = emissions.set_index(["province", "year"]).loc[("Inner Mongolia", 2015)]
    assert row["total"] == pytest.approx(expected("InnerMongolia", 2015, all_rows()), rel=1e-12)
    assert row["steel"] == pytest.approx(scope1_value("InnerMongolia", "Smelting and Pressing of Ferrous Metals", 2015))
    assert row["building_materials"] == pytest.approx(
        expected("InnerMongolia", 2015, ("Nonmetal Minerals Mining and Dressing", "Nonmetal Mineral Products"))
    )
    assert row["nonferrous"] == pytest.approx(
        scope1_value("InnerMongolia", "Smelting and Pressing of Nonferrous Metals", 2015)
    )
    assert row["petrochemical"] == pytest.approx(expected("InnerMongolia", 2015, PETROCHEMICAL))
    assert "Chemical Fiber" not in INDUSTRIES["petrochemical"]


@pytest.fixture(scope="module")
def reference_emissions(tmp_path_factory):
    path = tmp_path_factory.mktemp("reference") / "ref.xlsx"
    return read_ceads(write_workbook(path, 2015, trailing_spaces=False)).emissions


@pytest.mark.parametrize(
    "label, underscores",
    [("Total Consumption", True), ("TotalEmissions", False), ("Total Emissions", True), ("  total_emissions ", False)],
)
def test_release_variants_read_the_same(tmp_path, reference_emissions, label, underscores):
    reference = reference_emissions
    variant = write_workbook(tmp_path / "v.xlsx", 2015, total_label=label, underscores=underscores)
    assert read_ceads(variant).emissions.equals(reference)


def test_sector_labels_match_across_case_spacing_and_hyphens(tmp_path, reference_emissions):
    def respell(book):
        for row in book["Jiangsu2015"].iter_rows(min_col=1, max_col=1):
            if row[0].value and "Nonferrous Metals" in row[0].value:
                row[0].value = row[0].value.upper().replace("NONFERROUS", "NON-FERROUS").replace(" ", "  ")

    emissions = read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=respell)).emissions
    assert emissions.equals(reference_emissions)


def test_scope_1_plus_2_adds_heat_and_electricity(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", 2015, with_scope2=True)
    scope1 = read_ceads(path).emissions.set_index("province")
    both = read_ceads(path, scope="1+2")
    jiangsu = both.emissions.set_index("province").loc["Jiangsu"]
    assert jiangsu["total"] == pytest.approx(expected("Jiangsu", 2015, all_rows(), "1+2"))
    assert jiangsu["petrochemical"] == pytest.approx(expected("Jiangsu", 2015, PETROCHEMICAL, "1+2"))
    assert jiangsu["total"] > scope1.loc["Jiangsu", "total"]
    assert any("double counts" in n for n in both.notices)


def test_zero_scope2_is_noticed(tmp_path):
    imported = read_ceads(write_workbook(tmp_path / "a.xlsx", 2015), scope="1+2")
    assert any("scope 1+2 equals scope 1" in n for n in imported.notices)


def problems_of(error: pytest.ExceptionInfo) -> list:
    return list(error.value.problems)


def test_missing_sector_names_file_and_sheet(tmp_path):
    def drop_steel(book):
        sheet = book["Jiangsu2015"]
        for row in sheet.iter_rows():
            if row[0].value and str(row[0].value).startswith("Smelting and Pressing of Ferrous"):
                row[0].value = "Iron and steel (renamed)"

    path = write_workbook(tmp_path / "a.xlsx", 2015, edit=drop_steel)
    with pytest.raises(InputError) as error:
        read_ceads(path)
    (problem,) = problems_of(error)
    assert problem.sheet == "Jiangsu2015" and problem.file.endswith("a.xlsx")
    assert "Smelting and Pressing of Ferrous Metals" in problem.message


def test_non_numeric_and_empty_cells_name_row_and_column(tmp_path):
    def spoil(book):
        sheet = book["Jiangsu2015"]
        sheet["W4"] = "n/a"  # total row, Scope 1 Total
        sheet["W32"] = None  # steel (row 32 as in the real files)

    path = write_workbook(tmp_path / "a.xlsx", 2015, edit=spoil)
    with pytest.raises(InputError) as error:
        read_ceads(path)
    found = {(p.row, p.column) for p in problems_of(error)}
    assert (4, "W (Scope 1 Total)") in found
    label = all_rows()[32 - 5]
    assert label == "Smelting and Pressing of Ferrous Metals"
    assert (32, "W (Scope 1 Total)") in found
    assert "not a number ('n/a')" in str(error.value) and "empty" in str(error.value)


def test_many_problems_are_capped(tmp_path):
    def spoil(book):
        for sheet in book.worksheets[1:]:
            for row in range(4, 52):
                sheet.cell(row=row, column=23, value="?")

    with pytest.raises(InputError) as error:
        # 8 cells read per sheet (total and 7 sectors) x 6 sheets = 48 problems.
        provinces = ("Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong")
        read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, provinces=provinces, edit=spoil))
    problems = problems_of(error)
    assert len(problems) == 41 and problems[-1].message == "... and 8 more problems"


def test_unknown_sheet_and_missing_total_row(tmp_path):
    def spoil(book):
        book.create_sheet("Summary")["A1"] = "national totals"
        book["Jiangsu2015"]["A4"] = "Grand total?"

    with pytest.raises(InputError) as error:
        read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=spoil))
    text = str(error.value)
    assert "sheet 'Summary': unknown sheet" in text
    assert "sheet 'Jiangsu2015': no total row" in text


def test_empty_extra_sheet_is_skipped_with_a_notice(tmp_path):
    imported = read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=lambda book: book.create_sheet("Sheet1")))
    assert len(imported.emissions) == 2
    assert any("empty sheet 'Sheet1' skipped" in n for n in imported.notices)


def test_missing_scope_column(tmp_path):
    def spoil(book):
        book["Jiangsu2015"]["W1"] = "Total"

    with pytest.raises(InputError, match="no 'Scope 1 Total' column|no header row"):
        read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=spoil))


def test_scope_2_columns_are_needed_only_for_scope_1_plus_2(tmp_path):
    def rename(book):
        book["Jiangsu2015"]["T1"] = "Scope 2 Power"  # was 'Scope 2 Electricity'

    path = write_workbook(tmp_path / "a.xlsx", 2015, edit=rename)
    assert len(read_ceads(path).emissions) == 2
    with pytest.raises(InputError) as error:
        read_ceads(path, scope="1+2")
    (problem,) = problems_of(error)
    assert (problem.sheet, problem.row, problem.message) == ("Jiangsu2015", 1, "no 'Scope 2 Electricity' column")


def test_unknown_row_labels_are_noticed_not_used(tmp_path):
    def extra(book):
        book["Jiangsu2015"].append(["Memo: international bunkers", *[0] * 22])

    imported = read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=extra))
    assert any("Memo: international bunkers" in n for n in imported.notices)


def test_units_row_of_the_2018_releases_is_recognised_quietly(tmp_path, reference_emissions):
    def label_units(book):
        for sheet in book.sheetnames[1:]:
            book[sheet]["A2"] = "unit"  # as in the 2018-2019 releases

    imported = read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=label_units))
    assert imported.notices == ()
    assert imported.emissions.equals(reference_emissions)


def test_a_units_row_with_another_unit_is_a_problem(tmp_path):
    def kilotonnes(book):
        book["Jiangsu2015"]["A2"] = "unit"
        book["Jiangsu2015"]["W2"] = "kt CO2"

    with pytest.raises(InputError) as error:
        read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=kilotonnes))
    (problem,) = problems_of(error)
    assert (problem.sheet, problem.row, problem.column) == ("Jiangsu2015", 2, "W (Scope 1 Total)")
    assert problem.message == "the unit is 'kt CO2', expected 'Mt CO2'"


def test_a_total_row_of_process_emissions_only_is_noticed(tmp_path):
    def no_energy(book):  # as CEADs' Ningxia 2000-2002: every fuel column zero, the total all process
        sheet = book["Jiangsu2015"]
        for cell in sheet[4][1:18]:
            cell.value = 0
        sheet["V4"] = sheet["W4"].value

    imported = read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=no_energy))
    assert imported.process_only == (("Jiangsu", 2015),)
    assert any("Jiangsu2015" in n and "only process emissions" in n for n in imported.notices)
    assert read_ceads(write_workbook(tmp_path / "b.xlsx", 2015)).process_only == ()


def test_total_row_not_summing_is_noticed(tmp_path):
    def spoil(book):
        book["Jiangsu2015"]["W4"] = book["Jiangsu2015"]["W4"].value * 1.5

    imported = read_ceads(write_workbook(tmp_path / "a.xlsx", 2015, edit=spoil))
    assert any("differs from the sum" in n and "Jiangsu2015" in n for n in imported.notices)


def test_duplicate_province_year_across_files(tmp_path):
    write_workbook(tmp_path / "a.xlsx", 2015)
    write_workbook(tmp_path / "b.xlsx", 2015, provinces=("Jiangsu",))
    with pytest.raises(InputError, match=r"Jiangsu 2015 is also in .*a\.xlsx"):
        read_ceads(tmp_path)


def test_a_workbook_given_twice_is_read_once(tmp_path):
    workbook = write_workbook(tmp_path / "a.xlsx", 2015)
    (tmp_path / "copy.xlsx").write_bytes(workbook.read_bytes())
    once = read_ceads(workbook)
    twice = read_ceads([workbook, tmp_path])  # by name, then again (and its copy) inside the folder
    assert twice.emissions.equals(once.emissions)
    assert sum("skipped" in n and "the same workbook as" in n for n in twice.notices) == 2


def test_bad_inputs(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a CEADs workbook"):
        read_ceads(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="not a valid XLSX"):
        read_ceads(tmp_path / "broken.xlsx")
    with pytest.raises(InputError, match="no such file"):
        read_ceads(tmp_path / "absent.xlsx")
    with pytest.raises(InputError, match="scope must be"):
        read_ceads(tmp_path / "broken.xlsx", scope="2")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no .xlsx or .zip files"):
        read_ceads(empty)


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_upload_in_memory(tmp_path):
    data = {
        "ceads/2014.xlsx": write_workbook(tmp_path / "a.xlsx", 2014).read_bytes(),
        "ceads/2015.xlsx": write_workbook(tmp_path / "b.xlsx", 2015).read_bytes(),
        "ceads/README.txt": b"readme",
        "__MACOSX/ceads/._2015.xlsx": b"\x00resource fork",
    }
    imported = read_ceads_upload(zipped(data), "ceads.zip")
    assert len(imported.emissions) == 4
    assert set(imported.provenance["file"]) == {"ceads.zip:ceads/2014.xlsx", "ceads.zip:ceads/2015.xlsx"}
    assert any("README.txt: skipped" in n for n in imported.notices)


def test_zip_path_traversal_and_bomb_are_refused(tmp_path):
    book = write_workbook(tmp_path / "a.xlsx", 2015).read_bytes()
    with pytest.raises(InputError, match="unsafe path"):
        read_ceads_upload(zipped({"../../etc/evil.xlsx": book}), "evil.zip")
    with pytest.raises(InputError, match="zip bomb"):
        read_ceads_upload(zipped({"bomb.xlsx": b"\x00" * 5_000_000}), "bomb.zip")
    with pytest.raises(InputError, match="not a readable ZIP"):
        read_ceads_upload(b"PK\x03\x04garbage", "bad.zip")


def test_xlsx_whose_parts_unpack_too_far_is_refused(tmp_path, monkeypatch):
    import scenarios.data.reader as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputError, match="unpacks to"):
        read_ceads(write_workbook(tmp_path / "a.xlsx", 2015))


def test_cli_writes_csv(tmp_path, capsys):
    write_workbook(tmp_path / "a.xlsx", 2015)
    out = tmp_path / "out.csv"
    assert main(["ceads", str(tmp_path / "a.xlsx"), "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "province,year,total,steel,building_materials,nonferrous,petrochemical"
    assert lines[2].startswith("Jiangsu,2015,")
    assert "Shan" in capsys.readouterr().out  # the citation is printed


def test_cli_bad_input_is_one_line_exit_2(tmp_path, capsys):
    assert main(["ceads", str(tmp_path / "absent"), "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert main(["ceads", str(tmp_path), "--out", str(tmp_path / "o.txt")]) == 2


def test_cli_merge_problems_name_the_panel_file(tmp_path, capsys):
    write_workbook(tmp_path / "a.xlsx", 2015)
    panel = tmp_path / "my panel.csv"
    panel.write_text("province,year,co2_total\nJiangsu,2015,\nJiangsu,2015,\nAtlantis,2015,\n")
    assert main(["ceads", str(tmp_path / "a.xlsx"), "--merge-into", str(panel), "--out", str(tmp_path / "m.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and f"file {panel}, row 3: Jiangsu 2015 appears twice" in err
    assert f"file {panel}, row 4, column 'province': unknown province 'Atlantis'" in err


def test_an_unreadable_scope_2_cell_is_a_problem_for_scope_1_plus_2(tmp_path):
    def spoil(book):
        sheet = book["Jiangsu2015"]
        column = next(cell.column_letter for cell in sheet[1] if cell.value == "Scope 2 Heat")
        sheet[f"{column}4"] = "n/a"  # the total row

    path = write_workbook(tmp_path / "a.xlsx", 2015, with_scope2=True, edit=spoil)
    with pytest.raises(InputError) as error:
        read_ceads(path, scope="1+2")
    (problem,) = problems_of(error)  # once, though the cell is both in the total and in Scope 2
    assert problem.row == 4 and "Scope 2 Heat" in problem.column and "not a number ('n/a')" in problem.message
