"""The committed real anchor tables (data/real_*.csv) and their loader, rule for unreported cells, stock and CLI.

The rebuild from the raw files and spot values read from them: tests/integration/test_real_anchors.py.
"""

from __future__ import annotations

import dataclasses
import json
import shutil

import numpy as np
import pandas as pd
import pytest

from scenarios import paths
from scenarios.cli import main
from scenarios.data import anchors
from scenarios.data.anchors import (
    FLAG_CARRIED_BACK,
    FLAG_CARRIED_FORWARD,
    FLAG_INTERPOLATED,
    FLAG_NIL,
    FLAG_REPORTED,
    fill_unreported,
    import_stock,
    real_anchors,
)
from scenarios.errors import InputError
from scenarios.geography import sample_provinces
from scenarios.provenance import REAL_ANCHORS_LABEL, is_labelled_synthetic

#: The blank cells of the yearbook tables 2018-2023 for the 30 sample provinces, read by eye from the files.
UNREPORTED = {
    ("Inner Mongolia", 2021),
    ("Hainan", 2018),
    ("Hainan", 2019),
    ("Hainan", 2020),
    ("Hainan", 2021),
    ("Hainan", 2022),
    ("Guizhou", 2023),
    ("Gansu", 2022),
    ("Gansu", 2023),
    ("Qinghai", 2018),
    ("Qinghai", 2021),
    ("Qinghai", 2022),
    ("Ningxia", 2020),
    ("Ningxia", 2022),
    ("Ningxia", 2023),
}
TABLES = (anchors.ANCHORS_FILE, anchors.CONTROLS_FILE, anchors.SOURCES_FILE, anchors.MANIFEST_FILE)


@pytest.fixture(scope="module")
def real():
    return real_anchors()


# ------------------------------------------------------------------------------------- shape and units


def test_shape_and_order(real):
    assert real.provinces == sample_provinces() and len(real.provinces) == 30
    emissions = real.emissions
    assert emissions.shape == (30 * 22, 5)
    assert tuple(emissions.columns) == ("total", "steel", "building_materials", "nonferrous", "petrochemical")
    assert tuple(emissions.index.get_level_values("year").unique()) == tuple(range(1998, 2020))
    assert real.tech_expenditure.shape == real.tech_stock.shape == (30, 6)
    assert tuple(real.tech_expenditure.columns) == tuple(range(2018, 2024))
    assert real.controls.shape[0] == 30 * 5
    table = real.table()
    assert table.shape[0] == 30 * 26
    assert list(table.columns[:8]) == [
        "province",
        "year",
        "co2_total",
        "co2_steel",
        "co2_building_materials",
        "co2_nonferrous",
        "co2_petrochemical",
        "tech_import_expenditure",
    ]


def test_units_are_mt_co2_and_ten_thousand_yuan(real):
    # Scope 1 CO2 of the 30 provinces: about 3 Gt in 1998 and 11 Gt in 2019, so the table is in Mt.
    national = real.emissions.groupby(level="year")["total"].sum()
    assert 2_500 < national[1998] < 3_500 and 9_500 < national[2019] < 12_000
    # Each industry is part of the total.
    emissions = real.emissions.dropna()
    assert (emissions.drop(columns="total").sum(axis=1) < emissions["total"]).all()
    # The 30 provinces' spending adds up to the yearbook's national total (printed in 万元) less Tibet.
    files = real.files.set_index(["dataset", "year"]).loc["tech-yearbook"]
    gap = files["national_total"] - real.tech_expenditure.sum()
    assert (gap.abs() <= 100).all(), gap
    assert anchors.UNITS["co2_total"] == "Mt CO2" and anchors.UNITS["tech_import_expenditure"].startswith("CNY 10,000")
    # NBS: GDP per capita converted once, from CNY to CNY 10,000 per person; the tertiary share a fraction.
    controls = real.controls
    assert controls.loc[("Beijing", 2019), "gdp_per_capita_cny"] == 172373
    assert controls.loc[("Beijing", 2019), "gdp_per_capita"] == pytest.approx(17.2373)
    assert ((controls["tertiary_share"] > 0.3) & (controls["tertiary_share"] < 0.9)).all()


def test_known_values(real):
    # Hand-read from Emission_Inventories_for_30_Provinces_2015.xlsx (see tests/integration/test_ceads_real.py).
    assert real.emissions.loc[("Jiangsu", 2015), "total"] == pytest.approx(721.654866, abs=5e-7)
    assert real.emissions.loc[("Jiangsu", 2015), "steel"] == pytest.approx(144.374997, abs=5e-7)
    # Yearbook 2018, table 2-28, Jiangsu; 2020 (published with a decimal), Guangdong.
    assert real.tech_expenditure.loc["Jiangsu", 2018] == 300241
    assert real.tech_expenditure.loc["Guangdong", 2020] == 2111485.3


# --------------------------------------------------------------------------------------------- coverage


def test_coverage_lists_exactly_the_blank_cells(real):
    coverage = real.coverage().set_index("series")
    co2 = coverage.loc[list(anchors.EMISSION_COLUMNS)]
    assert (co2["missing"] == 4).all() and (co2["missing_cells"] == "Hainan 2002; Ningxia 2000-2002").all()
    assert (coverage.loc[list(anchors.CONTROL_COLUMNS[2:]), "missing"] == 0).all()
    tech = coverage.loc["tech_import_expenditure"]
    assert (tech["cells"], tech["reported"], tech["missing"]) == (180, 165, 15)
    assert "Hainan 2018-2022" in tech["missing_cells"] and "Qinghai 2018, 2021-2022" in tech["missing_cells"]
    blank = real.tech_expenditure.isna()
    assert {(p, y) for p in blank.index for y in blank.columns if blank.at[p, y]} == UNREPORTED


def test_ceads_years_without_energy_data_are_empty_and_flagged(real):
    # CEADs' Ningxia 2000-2002 and Hainan 2002 hold process emissions only (about 1 Mt, against 17 Mt in
    # Ningxia 1999): left empty, with the published figure in the note.
    flags = real.flags[real.flags["series"] == "co2"]
    assert list(zip(flags["province"], flags["year"])) == [
        ("Hainan", 2002),
        ("Ningxia", 2000),
        ("Ningxia", 2001),
        ("Ningxia", 2002),
    ]
    assert (flags["flag"] == anchors.FLAG_NO_ENERGY_DATA).all()
    assert "published total 0.814407 Mt" in flags.iloc[1]["basis"]
    assert real.emissions.loc[("Ningxia", 2000)].isna().all() and real.emissions.loc[("Ningxia", 1999)].notna().all()


def test_every_unreported_cell_is_flagged_and_never_zero(real):
    flags = real.flags[real.flags["series"] == anchors.TECH_COLUMN]
    assert set(zip(flags["province"], flags["year"])) == UNREPORTED
    assert (flags["value"] > 0).all()
    assert (real.tech_flags == FLAG_REPORTED).to_numpy().sum() == 165
    hainan = flags.set_index(["province", "year"]).loc[("Hainan", 2018)]
    assert (hainan["flag"], hainan["value"], hainan["basis"]) == (FLAG_CARRIED_BACK, 4055, "2023 (4,055)")
    table = real.table().set_index(["province", "year"])
    assert np.isnan(table.loc[("Hainan", 2018), "tech_import_expenditure"])
    assert table.loc[("Hainan", 2018), "tech_import_flag"] == FLAG_CARRIED_BACK
    assert table.loc[("Jiangsu", 2018), "tech_import_flag"] == FLAG_REPORTED
    assert pd.isna(table.loc[("Jiangsu", 2017), "tech_import_flag"])


def test_sources_and_label(real):
    sources = real.sources()
    assert [s.dataset for s in sources] == ["ceads", "tech-yearbook", "nbs"]
    assert "Shan" in sources[0].citation and "Guan" in sources[0].citation
    assert all(s.licence and s.unit and s.table for s in sources)
    files = real.files
    assert files.groupby("dataset").size().to_dict() == {"ceads": 22, "nbs": 5, "tech-yearbook": 6}
    assert files["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    table = real.table()
    assert (table["data"] == REAL_ANCHORS_LABEL).all() and not is_labelled_synthetic(table)


# ------------------------------------------------------------------------------- the rule and the stock


def spending(*rows: list[float]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=[f"P{i}" for i in range(len(rows))], columns=range(2018, 2018 + len(rows[0])))


def test_fill_interpolates_inside_and_carries_at_the_ends():
    nan = np.nan
    filled = fill_unreported(spending([nan, 10.0, nan, nan, 40.0, nan], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]))
    assert filled.values.loc["P0"].tolist() == [10.0, 10.0, 20.0, 30.0, 40.0, 40.0]
    assert filled.flags.loc["P0"].tolist() == [
        FLAG_CARRIED_BACK,
        FLAG_REPORTED,
        FLAG_INTERPOLATED,
        FLAG_INTERPOLATED,
        FLAG_REPORTED,
        FLAG_CARRIED_FORWARD,
    ]
    assert filled.basis.loc["P0", 2020] == "between 2019 (10) and 2022 (40)"
    assert (filled.flags.loc["P1"] == FLAG_REPORTED).all() and filled.values.loc["P1"].tolist() == list(range(1, 7))


def test_fill_single_gap_is_the_mean_of_its_neighbours(real):
    ningxia = real.flags.set_index(["province", "year"]).loc[("Ningxia", 2020)]
    assert ningxia["flag"] == FLAG_INTERPOLATED and ningxia["value"] == (15 + 319) / 2


def test_nil_rule_is_a_flagged_zero():
    filled = fill_unreported(spending([np.nan, 5.0]), rule="nil")
    assert filled.values.loc["P0"].tolist() == [0.0, 5.0]
    assert filled.flags.loc["P0"].tolist() == [FLAG_NIL, FLAG_REPORTED]


def test_fill_refuses_what_it_cannot_do():
    with pytest.raises(ValueError, match="P0: no reported year"):
        fill_unreported(spending([np.nan, np.nan]))
    with pytest.raises(ValueError, match="rule must be one of interpolate, nil"):
        fill_unreported(spending([1.0]), rule="zero")
    with pytest.raises(ValueError, match="fill them first"):
        import_stock(spending([np.nan, 1.0]))


def test_import_stock_follows_eq_1_and_2():
    # docs/real-data.md's worked example: nominal 10, 12, 15; deflator 1, 1.01, 1.0403 -> K 9.130, 19.642, 31.115.
    nominal = spending([10.0, 12.0, 15.0])
    deflator = spending([1.0, 1.01, 1.0403])
    assert import_stock(nominal, deflator=deflator).loc["P0"].round(3).tolist() == [9.130, 19.642, 31.115]
    # Without a deflator: K1 = 100 x 1.05 / 1.15, K2 = 200 + 0.85 K1.
    stock = import_stock(spending([100.0, 200.0])).loc["P0"]
    assert stock.tolist() == pytest.approx([91.30434782608695, 277.6086956521739], rel=1e-14)
    assert import_stock(spending([100.0]), base_period="griliches").iat[0, 0] == pytest.approx(500.0)


def test_the_committed_stock_is_the_recursion_of_the_filled_spending(real):
    filled = real.tech_expenditure_filled.loc["Hainan"].to_numpy()
    stock = [filled[0] * 1.05 / 1.15]
    for flow in filled[1:]:
        stock.append(flow + 0.85 * stock[-1])
    assert real.tech_stock.loc["Hainan"].tolist() == pytest.approx(stock, rel=1e-14)
    assert real.tech_stock.loc["Beijing", 2018] == pytest.approx(233210 * 1.05 / 1.15, rel=1e-14)


def test_stock_variants(real):
    assert real.stock().equals(real.tech_stock)
    griliches = real.stock(base_period="griliches")
    assert griliches.loc["Beijing", 2018] == pytest.approx(233210 / 0.20, rel=1e-14)
    nil = real.stock(rule="nil")
    assert (nil.loc["Hainan", 2018:2022] == 0).all() and nil.loc["Hainan", 2023] == 4055
    # The printed Eq. 1 start fills up over 2018-2023; the steady-state start does not.
    national = {
        name: np.log(k[2023].sum() / k[2018].sum())
        for name, k in (("printed", real.tech_stock), ("griliches", griliches))
    }
    assert national["printed"] == pytest.approx(1.433, abs=1e-3)
    assert national["griliches"] == pytest.approx(0.121, abs=1e-3)


# ------------------------------------------------------------------------------ loading and its checks


def test_cached_and_immutable(real):
    assert real_anchors() is real
    handed_out = [real.emissions, real.tech_expenditure, real.tech_stock, real.controls, real.table()]
    for frame in handed_out:
        frame.iloc[0, 2] = -1.0
    assert real.emissions.iloc[0, 2] > 0 and real.tech_expenditure.iloc[0, 2] > 0 and real.tech_stock.iloc[0, 2] > 0
    assert real.controls.iloc[0, 2] > 0 and real.table().iloc[0, 2] > 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        real.directory = "elsewhere"


@pytest.fixture
def copy_of_data(tmp_path):
    for name in TABLES:
        shutil.copy(paths.DATA_DIR / name, tmp_path / name)
    return tmp_path


def load_error(folder) -> str:
    with pytest.raises(InputError) as error:
        real_anchors(folder)
    assert len(error.value.problems) == 1
    return str(error.value)


def test_an_intact_copy_loads(copy_of_data, real):
    copy = real_anchors(copy_of_data)
    assert copy is not real and copy.table().drop(columns="data").equals(real.table().drop(columns="data"))


def test_a_damaged_table_names_its_file(copy_of_data):
    path = copy_of_data / anchors.ANCHORS_FILE
    path.write_text(path.read_text().replace("721.654866", "721.654867"))
    message = load_error(copy_of_data)
    assert str(path) in message and "SHA-256 differs" in message and "build_real_anchors.py" in message


def test_a_missing_table_names_its_file(copy_of_data):
    (copy_of_data / anchors.CONTROLS_FILE).unlink()
    message = load_error(copy_of_data)
    assert str(copy_of_data / anchors.CONTROLS_FILE) in message and "missing" in message


def rewrite_manifest(folder, change) -> None:
    path = folder / anchors.MANIFEST_FILE
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def test_a_short_table_with_a_matching_checksum_is_refused(copy_of_data):
    path = copy_of_data / anchors.ANCHORS_FILE
    path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:-1]))

    def follow(manifest):
        manifest["tables"][anchors.ANCHORS_FILE]["sha256"] = anchors.sha256(path.read_bytes())

    rewrite_manifest(copy_of_data, follow)
    message = load_error(copy_of_data)
    assert str(path) in message and "779 rows; expected 780" in message


def test_manifest_problems(copy_of_data):
    rewrite_manifest(copy_of_data, lambda m: m.update(version=2))
    assert "format version 2" in load_error(copy_of_data)
    (copy_of_data / anchors.MANIFEST_FILE).write_text("{not json")
    message = load_error(copy_of_data)
    assert anchors.MANIFEST_FILE in message and "manifest is damaged" in message


# -------------------------------------------------------------------------------------------------- CLI


def test_cli_writes_the_table(tmp_path, capsys):
    out = tmp_path / "anchors.csv"
    assert main(["anchors", "--out", str(out)]) == 0
    written = pd.read_csv(out)
    assert len(written) == 780 and written["data"].eq(REAL_ANCHORS_LABEL).all()
    assert written.columns[0:2].tolist() == ["province", "year"] and "tech_stock" in written.columns
    jiangsu = written.set_index(["province", "year"]).loc[("Jiangsu", 2015)]
    assert jiangsu["co2_total"] == pytest.approx(721.654866, abs=5e-7) and np.isnan(jiangsu["tech_import_expenditure"])
    printed = capsys.readouterr().out
    assert "Hainan 2018: carried back" in printed and "Wrote 780 rows" in printed and "Shan Y." in printed


def test_cli_json_prints_coverage_and_sources(tmp_path, capsys):
    assert main(["anchors", "--out", str(tmp_path / "a.csv"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["synthetic"] is False and report["data"] == REAL_ANCHORS_LABEL
    assert {c["series"]: c["missing"] for c in report["coverage"]}["tech_import_expenditure"] == 15
    assert len(report["filled"]) == 4 + 15
    assert [s["dataset"] for s in report["sources"]] == ["ceads", "tech-yearbook", "nbs"]
    assert report["units"]["co2_total"] == "Mt CO2"


def test_cli_bad_output_and_damaged_data_are_one_line_exit_2(tmp_path, capsys, monkeypatch, copy_of_data):
    assert main(["anchors", "--out", str(tmp_path / "a.xlsx")]) == 2
    assert capsys.readouterr().err.strip() == "error: parameter '--out': must end in .csv"
    (copy_of_data / anchors.SOURCES_FILE).write_text("damaged")
    monkeypatch.setattr(paths, "DATA_DIR", copy_of_data)
    assert main(["anchors", "--out", str(tmp_path / "a.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(copy_of_data / anchors.SOURCES_FILE) in err and "Traceback" not in err
