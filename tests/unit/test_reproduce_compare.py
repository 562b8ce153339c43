"""The side-by-side comparison logic on hand-made tables: stars, differences, sign and band agreement."""

import numpy as np
import pandas as pd
import pytest

from scenarios.reproduction import paper
from scenarios.reproduction.compare import cells, is_pvalue_column, side_by_side, tech_agreement


def _ours(rows):
    return cells(rows)


def test_stars_follow_the_papers_convention_and_agreement_is_per_cell():
    ours = _ours(
        [
            {"row": "tech", "column": "(1)", "ours": 0.05, "pvalue_ours": 0.004},  # +*** like the paper
            {"row": "tech", "column": "(2)", "ours": -0.10, "pvalue_ours": 0.03},  # -** vs -***
            {"row": "tech", "column": "(3)", "ours": 0.30, "pvalue_ours": 0.2},  # wrong sign, no stars
            {"row": "gdp", "column": "(4)", "ours": -0.02, "pvalue_ours": 0.5},  # paper -0.017 without stars
            {"row": "tech (t)", "column": "(1)", "ours": 2.9},
        ]
    )
    table = side_by_side(3, ours).set_index(["row", "column"])
    assert table.loc[("tech", "(1)"), "stars_ours"] == "***"
    assert table.loc[("tech", "(1)"), "difference"] == pytest.approx(0.05 - 0.062)
    assert bool(table.loc[("tech", "(1)"), "sign_agrees"]) and bool(table.loc[("tech", "(1)"), "stars_agree"])
    assert table.loc[("tech", "(2)"), "stars_ours"] == "**"
    assert bool(table.loc[("tech", "(2)"), "sign_agrees"]) and not bool(table.loc[("tech", "(2)"), "stars_agree"])
    assert not bool(table.loc[("tech", "(3)"), "sign_agrees"]) and not bool(table.loc[("tech", "(3)"), "stars_agree"])
    # An unstarred published coefficient is a band ("not significant") that ours can match.
    assert table.loc[("gdp", "(4)"), "stars_paper"] == "" and bool(table.loc[("gdp", "(4)"), "stars_agree"])
    # t rows carry no band; cells only the paper reports have no comparison.
    assert pd.isna(table.loc[("tech (t)", "(1)"), "stars_agree"])
    assert np.isnan(table.loc[("tech (t)", "(2)"), "ours"]) and pd.isna(table.loc[("tech (t)", "(2)"), "sign_agrees"])


def test_same_rows_and_columns_as_the_paper_in_its_order_then_ours_only():
    ours = _ours(
        [
            {"row": "extra row", "column": "(9)", "ours": 1.0},
            {"row": "tech", "column": "(4)", "ours": -0.3, "pvalue_ours": 0.001},
        ]
    )
    table = side_by_side(3, ours)
    published = paper.table(3)
    assert set(zip(published["row"], published["column"])) <= set(zip(table["row"], table["column"]))
    assert list(dict.fromkeys(table["row"]))[: len(set(published["row"]))] == list(dict.fromkeys(published["row"]))
    assert (table.iloc[-1]["row"], table.iloc[-1]["column"]) == ("extra row", "(9)")
    assert np.isnan(table.iloc[-1]["paper"])


def test_pvalue_columns_compare_significance_of_the_p_values():
    assert is_pvalue_column("p") and is_pvalue_column("ce p") and not is_pvalue_column("ce p_sim")
    ours = _ours([{"row": "2011", "column": "ce p", "ours": 0.04}, {"row": "2012", "column": "ce p", "ours": 0.2}])
    table = side_by_side(5, ours).set_index(["row", "column"])
    assert table.loc[("2011", "ce p"), "stars_paper"] == "**" and bool(table.loc[("2011", "ce p"), "stars_agree"])
    assert table.loc[("2012", "ce p"), "stars_paper"] == "*" and not bool(table.loc[("2012", "ce p"), "stars_agree"])


def test_tech_agreement_picks_the_technology_import_cells():
    ours = _ours(
        [
            {"row": "lntech", "column": "W1 Wx", "ours": 0.2, "pvalue_ours": 0.001},
            {"row": "gdp", "column": "W1 Main", "ours": -0.03, "pvalue_ours": 0.001},
        ]
    )
    tech = tech_agreement(side_by_side(9, ours))
    assert len(tech) == 6  # lntech Main and Wx under W1, W2, W3
    cell = tech.set_index(["row", "column"]).loc[("lntech", "W1 Wx")]
    assert bool(cell["sign_agrees"]) and bool(cell["stars_agree"])
    assert tech["ours"].isna().sum() == 5
