"""The reproduction: every table builds, pairs with the published one, is cached and labelled synthetic."""

import dataclasses

import pandas as pd
import pytest

from scenarios.cli.reproduce import figures_message
from scenarios.data import demo, panel
from scenarios.errors import InputError
from scenarios.provenance import LABEL_COLUMN, SYNTHETIC_LABEL, SYNTHETIC_NOTICE
from scenarios.reproduction import figures, render, reproduce, tables
from scenarios.reproduction.compare import COLUMNS

FAST = dict(replications=20, permutations=19, impact_draws=50)


def _demo(last_year: int, seed: int = 3):
    params = dataclasses.replace(demo.DemoParameters(), last_year=last_year)
    return panel.panel_from_frame(demo.generate_demo_panel(params, seed=seed), source="small.csv", synthetic=True)


@pytest.fixture(scope="module")
def small_panel():
    """Another draw of the demo process (seed 3), with few bootstrap replications and permutations."""
    return _demo(2020)


@pytest.fixture(scope="module")
def result(small_panel):
    return reproduce.reproduce(small_panel, seed=1, **FAST)


def test_every_table_is_built_or_its_absence_explained(result):
    assert set(result.tables) == set(reproduce.TABLES)
    assert not result.omitted
    for n in result.tables:
        comparison = result.comparison(n)
        assert list(comparison.columns) == list(COLUMNS)
        assert (comparison["table"] == n).all()
        assert comparison["ours"].notna().any(), n


def test_tables_have_the_papers_rows_and_columns(result):
    table3 = result.comparison(3).set_index(["row", "column"])
    for cell in [("tech", "(1)"), ("tech (t)", "(4)"), ("Constant", "(2)"), ("R-squared", "(3)")]:
        assert pd.notna(table3.loc[cell, "ours"]) and pd.notna(table3.loc[cell, "paper"])
    assert table3.loc[("Time fixation effect", "(1)"), "note"] == "No"
    table1 = result.comparison(1).set_index(["row", "column"])
    assert table1.loc[("ce", "Obs"), "ours"] == 300
    table5 = result.comparison(5)
    assert set(table5.loc[table5["ours"].notna(), "row"]) == {str(y) for y in range(2011, 2021)}
    table2 = result.comparison(2).set_index(["row", "column"])
    assert table2.loc[("Smooth or not", "LLC t"), "note"] in ("Yes", "No")
    assert table2.loc[("tech", "Fisher-ADF chi2"), "note"] == "Pm"
    table13 = result.comparison(13).set_index(["row", "column"])
    assert table13.loc[("ce", "bs_1 lower"), "ours"] < table13.loc[("ce", "bs_1 upper"), "ours"]


def test_table_12_checks_are_the_documented_ones(result, small_panel):
    table = result.comparison(12).set_index(["row", "column"])
    notes = table.xs("t", level="column")["note"]
    assert notes["Add a first-order lag term"] == "270 observations"  # one year lost per province
    assert notes["Delete some cities"] == "260 observations"  # 26 provinces x 10 years
    direct = tables.fit_fe(
        small_panel.analysis[~small_panel.analysis["province"].isin(tables.MUNICIPALITIES)], "ce", tables.REGRESSORS
    )
    assert table.loc[("Delete some cities", "Regression Coefficient"), "ours"] == pytest.approx(direct.params["tech"])


def test_mediation_table_matches_the_fixed_effects_tables(result):
    table10 = result.comparison(10).set_index(["row", "column"])
    table3 = result.comparison(3).set_index(["row", "column"])
    assert table10.loc[("tech", "(1) ce"), "ours"] == pytest.approx(table3.loc[("tech", "(4)"), "ours"])
    share = table10.loc[("mediated share", "mediation"), "ours"]
    a, b = table10.loc[("tech", "(2) ino"), "ours"], table10.loc[("ino", "(3) ce"), "ours"]
    assert share == pytest.approx(a * b / table10.loc[("tech", "(1) ce"), "ours"])


def test_cached_immutable_and_keyed_on_content_and_seed(small_panel, result):
    assert reproduce.reproduce(small_panel, seed=1, **FAST) is result
    copy = panel.panel_from_frame(small_panel.raw[list(panel.COLUMNS)], source="small.csv", synthetic=True)
    assert reproduce.reproduce(copy, seed=1, **FAST) is result
    table = result.comparison(3)
    table.loc[:, "ours"] = 0.0
    assert result.comparison(3)["ours"].ne(0.0).any()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.seed = 5
    with pytest.raises(TypeError):
        result._comparisons[99] = table


def test_summary_and_files_say_synthetic(result):
    """In the shared words of scenarios.provenance: the notice for people, the label column for programs."""
    assert result.summary.startswith(SYNTHETIC_NOTICE + "\n")
    csv = render.long_csv(result.comparison(3), result.synthetic)
    assert set(pd.read_csv(pd.io.common.StringIO(csv))[LABEL_COLUMN]) == {SYNTHETIC_LABEL}
    assert SYNTHETIC_NOTICE in render.markdown(3, result.comparison(3), True)
    assert SYNTHETIC_NOTICE in render.latex(3, result.comparison(3), True)
    assert SYNTHETIC_NOTICE in render.report(result, [])
    assert "SYNTHETIC" not in render.markdown(3, result.comparison(3), False)


def test_paper_layout_puts_t_statistics_in_parentheses(result):
    layout = render.wide(result.comparison(3), "ours")
    assert layout.loc["tech (t)", "(1)"].startswith("(") and layout.loc["tech", "(1)"].split()[0][0] in "-0123456789"
    published = render.wide(result.comparison(3), "paper")
    assert published.loc["tech", "(1)"] == "0.062 ***" and published.loc["tech (t)", "(1)"] == "(3.670)"


def test_a_shorter_panel_omits_only_what_it_cannot_support():
    short = _demo(2017)  # seven years: too few for the IPS test's tables (T >= 10)
    result = reproduce.reproduce(short, seed=1, **FAST)
    assert 2 in result.omitted and "IPS" in result.omitted[2]
    assert {1, 3, 4, 5, 10, 11, 12, 13} <= set(result.tables)
    assert "table 2 omitted" in result.summary
    maps = figures.technology_maps(short.analysis, synthetic=True)
    assert set(maps) == {2, 3}  # 2011 and 2016; the panel ends in 2017
    assert all(png.startswith(b"\x89PNG") for png in maps.values())
    missing = figures.missing_figures(short.analysis)
    assert missing == {4: "the panel has no 2020 (its years: 2011-2017)"}
    assert "- Figure 4 omitted: the panel has no 2020" in render.report(
        result, ["figure02.png", "figure03.png"], missing
    )
    message = figures_message(["figure02.png", "figure03.png"], short.analysis)
    assert message == (
        "figures written: figure02.png, figure03.png; "
        "Figure 4 not written: the panel has no 2020 (its years: 2011-2017)"
    )


def test_matrices_are_part_of_the_cache_key(small_panel, result):
    from scenarios import geography

    matrices = reproduce.weights()
    assert reproduce.reproduce(small_panel, seed=1, matrices=matrices, **FAST) is result
    swapped = {"W1": matrices["W3"], "W2": matrices["W2"], "W3": matrices["W1"]}
    other = reproduce.reproduce(small_panel, seed=1, matrices=swapped, **FAST)
    assert other is not result
    moran_w1 = other.comparison(5).set_index(["row", "column"]).loc[("2011", "ce Moran"), "ours"]
    assert moran_w1 == pytest.approx(
        result.comparison(7).set_index(["row", "column"]).loc[("2011", "ce Moran"), "ours"]
    )
    with pytest.raises(InputError):
        reproduce.reproduce(small_panel, matrices={"W1": geography.spatial_weights("W1")})
