import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scenarios.econometrics.results import significance_stars
from scenarios.reproduction import paper

PAPER_TEXT = Path("/work/shared/paper/li-wei-xu-jiang-2023-atmosphere-14-1146.md")


def cell(n, row, column):
    found = paper.table(n).query("row == @row and column == @column")
    assert len(found) == 1, (n, row, column)
    return found.iloc[0]


@pytest.mark.parametrize(
    "n, row, column, value, stars",
    [
        (1, "ce", "Mean", 10.428, ""),
        (1, "tech", "Min", -0.027, ""),
        (1, "fin", "Std.dev.", 0.114, ""),
        (2, "tech", "Fisher-ADF chi2", 170.293, ""),
        (2, "ce", "LLC t", -5.927, ""),
        (3, "tech", "(1)", 0.062, "***"),
        (3, "ei", "(2)", 0.968, "**"),
        (3, "Constant (t)", "(3)", 110.42, ""),
        (3, "R-squared", "(4)", 0.477, ""),
        (4, "fin", "Nonferrous Metal", -1.101, "**"),
        (4, "ind (t)", "Building Materials", -1.87, ""),
        (5, "2020", "ce Moran", 0.350, ""),
        (5, "2011", "tech z", 3.161, ""),
        (6, "2016", "tech Moran", 0.245, ""),
        (7, "2018", "ce p", 0.022, ""),
        (8, "Robust LM-error", "stat", 114.798, ""),
        (8, "Test for SEM", "p", 0.027, ""),
        (9, "rho", "W3 Main", 0.242, "***"),
        (9, "ei", "W1 Wx", -4.470, "**"),
        (9, "fin (t)", "W2 Wx", 3.67, ""),
        (10, "ino", "(3) ce", 0.071, "***"),
        (10, "Constant", "(2) ino", 10.619, "***"),
        (11, "ino (t)", "(12) ce4", 4.92, ""),
        (11, "R-squared", "(9) ce3", 0.789, ""),
        (12, "Add a first-order lag term", "Regression Coefficient", -0.286, ""),
        (12, "Delete some cities", "Confidence", 0.99, ""),
        (13, "ce1", "bs_2 upper", 0.326, ""),
        (13, "ce3", "bs_1 lower", 0.125, ""),
    ],
)
def test_sample_cells_match_the_paper(n, row, column, value, stars):
    found = cell(n, row, column)
    assert found["value"] == pytest.approx(value, abs=1e-12) and found["stars"] == stars


def test_words_are_kept_as_text():
    assert cell(3, "Time fixation effect", "(2)")["text"] == "No"
    assert np.isnan(cell(12, "Delete some cities", "Robustness")["value"])
    assert cell(8, "LR-lag", "Test Results")["text"].startswith("Rejecting the null hypothesis")


def test_typos_are_kept_and_noted():
    moran = cell(5, "2020", "ce Moran")
    assert moran["text"] == "0.350" and "0.035" in moran["note"]
    lost_point = cell(6, "2016", "tech Moran")
    assert lost_point["text"] == "0245" and "0.245" in lost_point["note"]
    assert "(0.42)" in cell(9, "rho", "W1 Main")["note"]


def test_table_10_column_1_is_table_3_column_4():
    column_1 = paper.table(10).query("column == '(1) ce'").set_index("row")[["value", "stars"]]
    column_4 = paper.table(3).query("column == '(4)'").set_index("row")[["value", "stars"]]
    column_4 = column_4.drop(["Individual fixed effect", "Time fixation effect"])
    pd.testing.assert_frame_equal(column_1.sort_index(), column_4.sort_index())


def test_table_11_repeats_table_4_and_table_10():
    t11 = paper.table(11).set_index(["row", "column"])["value"]
    t4 = paper.table(4).set_index(["row", "column"])["value"]
    t10 = paper.table(10).set_index(["row", "column"])["value"]
    for number, (industry, label) in enumerate(paper.INDUSTRIES.items()):
        first = 3 * number + 1
        for row in ("tech", "tech (t)", "R-squared"):
            assert t11[(row, f"({first}) {industry}")] == t4[(row, label)]
            assert t11[(row, f"({first + 1}) ino")] == t10[(row, "(2) ino")]


def test_stars_agree_with_the_printed_statistics():
    disagreements = []
    for n in (3, 4, 9, 10, 11):
        for column in paper.table(n)["column"].unique():
            for name, row in paper.coefficients(n, column).iterrows():
                if significance_stars(2 * stats.norm.sf(abs(row["t"]))) != row["stars"]:
                    disagreements.append((n, column, name))
    assert disagreements == [(9, "W1 Main", "rho")]  # noted: ** with t = 0.42


@pytest.mark.parametrize("n", [5, 6, 7])
def test_moran_p_values_are_two_sided_normal_tails_of_z(n):
    wide = paper.table(n).pivot(index="row", columns="column", values="value")
    for variable in ("ce", "tech"):
        implied = 2 * stats.norm.sf(wide[f"{variable} z"])
        assert np.abs(implied - wide[f"{variable} p"]).max() < 6e-4


def test_table_8_p_values_follow_chi_squared():
    wide = paper.table(8).pivot(index="row", columns="column", values="value")
    for test, df in [("LM-lag", 1), ("Robust LM-lag", 1), ("LR-lag", 7), ("LR-error", 7), ("Test for SAR", 7)]:
        assert stats.chi2.sf(wide.loc[test, "stat"], df) == pytest.approx(wide.loc[test, "p"], abs=6e-4)
    assert stats.chi2.sf(wide.loc["Test for SEM", "stat"], 3) == pytest.approx(0.027, abs=6e-4)  # noted


def test_table_1_ranges_are_coherent_and_mediation_shares_match_the_text():
    wide = paper.table(1).pivot(index="row", columns="column", values="value")
    assert ((wide["Min"] <= wide["Mean"]) & (wide["Mean"] <= wide["Max"])).all() and (wide["Obs"] == 300).all()
    t11 = paper.table(11).set_index(["row", "column"])["value"]
    shares = {"ce1": 0.0524, "ce2": 0.0462, "ce3": 0.0796, "ce4": 0.084}
    for number, (industry, share) in enumerate(shares.items()):
        first = 3 * number + 1
        a, b = t11[("tech", f"({first + 1}) ino")], t11[("ino", f"({first + 2}) {industry}")]
        assert -a * b / -t11[("tech", f"({first}) {industry}")] == pytest.approx(share, abs=6e-4)


def _paper_rows():
    """The paper's table lines as lists of cells (tab-separated in the text), headers merged in dropped."""
    if not PAPER_TEXT.exists():
        pytest.skip("the paper's text is not on this machine")
    spelling = {"се": "ce", "cons": "Constant"}  # the text's Cyrillic 'се'; Table 10's 'cons'
    return [
        [spelling.get(cell, cell) for cell in (re.sub(r"<i>[^<]*</i>", "", c).strip() for c in line.split("\t"))]
        for line in PAPER_TEXT.read_text(encoding="utf-8").splitlines()
        if "\t" in line
    ]


def _line_with(paper_rows, texts, label=None):
    """Index of the first line holding ``texts`` as a run of non-empty cells, after ``label`` if given."""
    for k, line in enumerate(paper_rows):
        cells = [c for c in line if c]
        for i in range(len(cells) - len(texts) + 1):
            if cells[i : i + len(texts)] == texts and (label is None or label in cells[:i]):
                return k
    return None


def test_every_printed_row_is_in_the_papers_text_under_its_label():
    paper_rows = _paper_rows()
    # cells the text splits across merged columns or merges with their neighbours
    skipped = {(9, "rho"), (9, "sigma2_e"), (8, "Test for SAR")}
    for n in paper.TABLE_TITLES:
        cells = paper.table(n)
        if n == 11:  # its second half (columns 7-12) is checked below
            cells = cells[cells["column"].str.extract(r"^\((\d+)\)", expand=False).astype(int) <= 6]
        cells = cells[cells["value"].notna()]  # words ("Yes") are not checked
        texts = {row: list(group["text"]) for row, group in cells.groupby("row", sort=False)}
        for row in texts:
            if row.endswith(" (t)") or (n, row) in skipped:
                continue
            k = _line_with(paper_rows, texts[row], label=row)
            assert k is not None, (n, row, texts[row])
            if f"{row} (t)" in texts:  # the statistics are printed on the next line
                assert _line_with(paper_rows[k + 1 : k + 2], texts[f"{row} (t)"]) == 0, (n, row)


def test_table_11_second_half_matches_the_garbled_text():
    # the text prints each of columns 7-12 as one cell: coefficient, statistic, ..., R-squared
    line = [c for c in next(row for row in _paper_rows() if row[0].endswith("Observations R-squared")) if c]
    t11 = paper.table(11)
    for number, printed in zip(range(7, 13), line[1:]):
        column = t11[t11["column"].str.startswith(f"({number})")]
        assert " ".join(column["text"]) == printed


def test_notes_point_at_real_cells():
    for (n, row, column), _ in paper._NOTES.items():
        cells = paper.table(n).query("row == @row")
        assert len(cells) and (column is None or column in set(cells["column"])), (n, row, column)
        assert (cells["note"] != "").any()


def test_api_shapes_and_copies():
    assert set(paper.TABLE_TITLES) == set(range(1, 14))
    frame = paper.table(3)
    assert list(frame.columns) == ["row", "column", "value", "stars", "text", "note"]
    frame.loc[0, "value"] = 99.0
    assert paper.table(3).loc[0, "value"] != 99.0
    with pytest.raises(KeyError, match="Tables 1-13"):
        paper.table(14)
    wide = paper.table_wide(9)
    assert wide.loc["lntech", "W2 Wx"] == "0.200 ***" and wide.loc["rho", "W1 Wx"] == ""


def test_sdm_coefficients_from_table_9():
    sdm = paper.sdm_coefficients("W1")
    x = ["tech", "gdp", "ind", "ei", "tra", "edu", "fin"]
    assert list(sdm.index) == ["rho", *x, *[f"W*{v}" for v in x]]
    assert sdm.loc["W*tech", "coef"] == 0.185 and sdm.loc["W*tech", "se"] == pytest.approx(0.185 / 2.79)
    assert sdm.loc["tech", "se"] == pytest.approx(0.333 / 8.82)
    pd.testing.assert_frame_equal(paper.sdm_coefficients("contiguity"), paper.sdm_coefficients("W3"))
    with pytest.raises(KeyError):
        paper.sdm_coefficients("W4")


def test_industry_fe_coefficients_from_table_4():
    fe = paper.industry_fe_coefficients()
    assert list(fe.index.levels[0]) == ["ce1", "ce2", "ce3", "ce4"]
    assert fe.loc[("ce2", "tech"), "coef"] == -0.637
    assert fe.loc[("ce4", "gdp"), "se"] == pytest.approx(0.003 / 0.14)
    assert fe.loc[("ce3", "Constant"), "stars"] == "***"
