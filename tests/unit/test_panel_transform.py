import numpy as np
import pandas as pd
import pytest
from raw_panels import raw_panel

from scenarios.data.panel import (
    ANALYSIS_VARIABLES,
    chained_deflator,
    describe,
    load_panel,
    panel_from_frame,
    perpetual_inventory,
    technology_stock,
    transform,
    winsorize,
)


def test_deflator_chains_previous_year_index_to_first_year():
    # the first year's own index (change on the year before the sample) is not used
    assert chained_deflator([110.0, 102.0, 105.0, 99.0]) == pytest.approx([1.0, 1.02, 1.071, 1.06029])


def test_printed_base_period_then_perpetual_inventory_by_hand():
    # K1 = 10 * 1.05 / 1.15; K2 = 12 + 0.85 K1; K3 = 15 + 0.85 K2
    stock = perpetual_inventory(np.array([10.0, 12.0, 15.0]))
    assert stock == pytest.approx([9.1304347826, 19.7608695652, 31.7967391304], rel=1e-10)


def test_griliches_base_period_by_hand():
    stock = perpetual_inventory([10.0, 12.0], base_period="griliches")
    assert stock == pytest.approx([50.0, 54.5])
    with pytest.raises(ValueError, match="base_period"):
        perpetual_inventory([1.0], base_period="other")


def test_continuing_a_stock_equals_running_the_whole_series():
    flows = pd.Series([3.0, 4.0, 2.5, 6.0, 5.0], index=range(2011, 2016))
    whole = perpetual_inventory(flows, g=0.05, delta=0.15)
    assert list(whole.index) == list(range(2011, 2016))
    tail = perpetual_inventory(flows.iloc[3:], initial_stock=whole.iloc[2])
    assert tail.to_numpy() == pytest.approx(whole.iloc[3:].to_numpy())
    assert perpetual_inventory([0.0], delta=0.1, initial_stock=100.0) == pytest.approx([90.0])


def test_provinces_by_years_arrays_run_row_by_row():
    flows = np.array([[10.0, 12.0, 15.0], [1.0, 0.0, 2.0]])
    stock = perpetual_inventory(flows)
    assert stock[0] == pytest.approx(perpetual_inventory(flows[0])) and stock[1, 1] == pytest.approx(0.85 * 1.05 / 1.15)
    continued = perpetual_inventory(flows[:, :1], initial_stock=np.array([100.0, 0.0]))
    assert continued[:, 0] == pytest.approx([95.0, 1.0])
    assert chained_deflator([[100.0, 110.0], [90.0, 95.0]]) == pytest.approx(np.array([[1.0, 1.1], [1.0, 0.95]]))


def test_winsorize_uses_statas_percentiles():
    values = np.arange(1.0, 301.0)  # n = 300: p1 = mean of 3rd and 4th smallest, p99 of 297th and 298th
    clipped = winsorize(values)
    assert clipped.min() == 3.5 and clipped.max() == 297.5
    assert np.array_equal(clipped[4:296], values[4:296])
    odd = winsorize(np.arange(1.0, 151.0))  # n p = 1.5 is not whole: the 2nd smallest
    assert odd.min() == 2.0 and odd.max() == 149.0
    series = winsorize(pd.Series([1.0, np.nan, 2.0], name="x"), level=0.0)
    assert series.name == "x" and series.isna().iloc[1]


def test_technology_stock_deflates_then_accumulates_by_hand():
    raw = raw_panel()
    hebei = raw[raw["province"] == "Hebei"].reset_index(drop=True)
    stock = technology_stock(raw)
    got = stock[stock["province"] == "Hebei"].reset_index(drop=True)
    level = 1.0
    previous = None
    for t in range(len(hebei)):
        if t:
            level *= hebei.loc[t, "fai_price_index"] / 100
        real = hebei.loc[t, "tech_import_expenditure"] / level
        expected = real * 1.05 / 1.15 if previous is None else real + 0.85 * previous
        assert got.loc[t, "deflator"] == pytest.approx(level, rel=1e-12)
        assert got.loc[t, "real_expenditure"] == pytest.approx(real, rel=1e-12)
        assert got.loc[t, "stock"] == pytest.approx(expected, rel=1e-12)
        previous = expected


def test_transform_builds_the_papers_variables():
    raw = raw_panel()
    analysis = transform(raw, winsor=0.0)
    assert list(analysis.columns) == ["province", "year", *ANALYSIS_VARIABLES]
    row = analysis[(analysis["province"] == "Shanxi") & (analysis["year"] == 2013)].iloc[0]
    source = raw[(raw["province"] == "Shanxi") & (raw["year"] == 2013)].iloc[0]
    assert row["ce"] == pytest.approx(np.log(source["co2_total"] * 100))
    assert row["ce3"] == pytest.approx(np.log(source["co2_nonferrous"] * 100))
    assert row["ino"] == pytest.approx(np.log(source["patent_applications"]))
    assert row["fin"] == source["fiscal_expenditure_share"]
    stock = technology_stock(raw).set_index(["province", "year"]).loc[("Shanxi", 2013), "stock"]
    assert row["tech"] == pytest.approx(np.log(stock))


def test_transform_winsorises_each_variable_and_sorts_canonically():
    raw = raw_panel().sample(frac=1.0, random_state=1)
    raw.loc[raw.index[0], "trade_openness"] = 50.0  # an outlier
    analysis = transform(raw)
    assert analysis["tra"].max() < 1.0
    assert analysis["province"].iloc[0] == "Beijing" and analysis["province"].iloc[-1] == "Xinjiang"
    assert list(analysis["year"].iloc[:5]) == [2011, 2012, 2013, 2014, 2015]
    for name in ANALYSIS_VARIABLES:
        unclipped = transform(raw, winsor=0.0)[name]
        assert analysis[name].max() <= unclipped.max() and analysis[name].min() >= unclipped.min()


def test_describe_in_table_1_layout():
    analysis = transform(raw_panel())
    table = describe(analysis)
    assert list(table.columns) == ["Variable", "Variable Meaning", "Obs", "Min", "Max", "Mean", "Std.dev."]
    assert list(table["Variable"]) == list(ANALYSIS_VARIABLES)
    ce = table.set_index("Variable").loc["ce"]
    assert ce["Obs"] == 150 and ce["Std.dev."] == pytest.approx(analysis["ce"].std(ddof=1))
    assert ce["Variable Meaning"] == "Overall CO2 emissions"


def test_panel_hands_out_copies():
    panel = panel_from_frame(raw_panel(), source="test")
    raw, analysis = panel.raw, panel.analysis
    raw.loc[0, "co2_total"] = -1.0
    analysis.loc[0, "ce"] = 0.0
    assert panel.raw.loc[0, "co2_total"] > 0 and panel.analysis.loc[0, "ce"] > 0
    with pytest.raises(AttributeError):
        panel.source = "other"
    assert panel.years == (2011, 2012, 2013, 2014, 2015) and len(panel.provinces) == 30
    assert panel.fingerprint == load_panel(raw_panel().to_csv(index=False).encode()).fingerprint
