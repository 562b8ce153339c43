"""Filling a panel's CO2 columns from a CEADs import, and the report of what was filled."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scenarios.data.ceads import COLUMNS, merge_into_panel
from scenarios.errors import InputError

CEADS = pd.DataFrame(
    [
        ("Inner Mongolia", 2014, 600.0, 30.0, 40.0, 20.0, 50.0),
        ("Inner Mongolia", 2015, 610.0, 31.0, 41.0, 21.0, 51.0),
        ("Jiangsu", 2015, 720.0, 140.0, 60.0, 1.2, 14.6),
        ("Beijing", 2015, 92.0, 0.04, 2.4, 0.005, 3.2),
    ],
    columns=list(COLUMNS),
)


def panel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province": ["Nei Mongol", "Inner Mongolia", "Jiangsu", "Jiangsu"],
            "year": [2014, 2015, 2015, 2016],
            "co2_total": [np.nan, 610.004, 700.0, 800.0],
            "co2_steel": [np.nan, np.nan, np.nan, np.nan],
            "gdp_per_capita": [5.1, 5.2, 8.0, 8.5],
        }
    )


def status(merge, province, year, column) -> str:
    report = merge.report
    hit = report[(report.province == province) & (report.year == year) & (report.column == column)]
    (value,) = hit["status"]
    return value


def test_statuses_and_values():
    merge = merge_into_panel(panel(), CEADS, scope="1")
    merged = merge.panel.set_index(["province", "year"])
    assert status(merge, "Inner Mongolia", 2014, "co2_total") == "filled"
    assert merged.loc[("Inner Mongolia", 2014), "co2_total"] == 600.0
    # 610.004 vs 610.0: equal to half a hundredth of a Mt.
    assert status(merge, "Inner Mongolia", 2015, "co2_total") == "same"
    assert merged.loc[("Inner Mongolia", 2015), "co2_total"] == 610.004
    assert status(merge, "Jiangsu", 2015, "co2_total") == "differs"
    assert merged.loc[("Jiangsu", 2015), "co2_total"] == 700.0
    assert status(merge, "Jiangsu", 2016, "co2_total") == "kept"
    assert status(merge, "Jiangsu", 2016, "co2_steel") == "missing"
    # Columns the panel lacked are added; others are kept untouched, rows in the panel's order.
    assert merged.loc[("Jiangsu", 2015), "co2_petrochemical"] == 14.6
    assert list(merge.panel["gdp_per_capita"]) == [5.1, 5.2, 8.0, 8.5]
    assert list(merge.panel["province"]) == ["Inner Mongolia", "Inner Mongolia", "Jiangsu", "Jiangsu"]
    # Every panel CO2 cell gets exactly one status.
    assert len(merge.report) == 4 * 5 and merge.counts.sum() == 20
    assert list(zip(merge.unused["province"], merge.unused["year"])) == [("Beijing", 2015)]


def test_summary_gives_both_values_and_missing_years():
    text = merge_into_panel(panel(), CEADS, scope="1").summary
    assert "Jiangsu 2015 co2_total: panel 700, CEADs 720" in text
    assert "2016: Jiangsu (all CO2 columns)" not in text  # co2_total is there for 2016
    assert "2016: Jiangsu (co2_steel, co2_building_materials, co2_nonferrous, co2_petrochemical)" in text
    assert "not in the panel (not used): 1" in text


def test_summary_lists_at_most_twenty_differences():
    frame = pd.DataFrame({"province": ["Jiangsu"] * 25, "year": range(1991, 2016), "co2_total": 1.0})
    ceads = pd.DataFrame(
        {
            "province": "Jiangsu",
            "year": range(1991, 2016),
            "total": 2.0,
            "steel": 1.0,
            "building_materials": 1.0,
            "nonferrous": 1.0,
            "petrochemical": 1.0,
        }
    )
    merge = merge_into_panel(frame, ceads)
    assert len(merge.cells("differs")) == 25
    assert merge.summary.count("panel 1, CEADs 2") == 20 and "... and 5 more" in merge.summary


def test_overwrite_replaces_differing_values():
    merge = merge_into_panel(panel(), CEADS, overwrite=True)
    assert status(merge, "Jiangsu", 2015, "co2_total") == "replaced"
    assert merge.panel.loc[2, "co2_total"] == 720.0
    assert "replaced by the CEADs value" in merge.summary


def test_tolerance_is_a_parameter():
    merge = merge_into_panel(panel(), CEADS, rel_tol=0, abs_tol=0)
    assert status(merge, "Inner Mongolia", 2015, "co2_total") == "differs"


def test_missing_2020_is_explained():
    frame = pd.DataFrame({"province": ["Jiangsu", "Jiangsu"], "year": [2015, 2020]})
    text = merge_into_panel(frame, CEADS).summary
    assert "2020: Jiangsu (all CO2 columns)" in text and "end in 2019" in text


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda f: f.assign(province=["Atlantis", *f.province[1:]]),
            "row 2, column 'province': unknown province 'Atlantis'",
        ),
        (
            lambda f: f.assign(year=[2014, 2015.5, 2015, 2016]),
            "row 3, column 'year': year 2015.5 is not a whole number",
        ),
        (lambda f: f.assign(year=[2015, 2015, 2015, 2016]), "row 3: Inner Mongolia 2015 appears twice"),
        (lambda f: f.assign(co2_total=["x", 1, 2, 3]), "row 2, column 'co2_total': not a number: 'x'"),
        (lambda f: f.drop(columns="year"), "column 'year': the panel has no 'year' column"),
    ],
)
def test_bad_panels(change, message):
    with pytest.raises(InputError) as error:
        merge_into_panel(change(panel()), CEADS)
    assert message in str(error.value)


def test_report_values_are_the_inputs():
    report = merge_into_panel(panel(), CEADS).report
    row = report[(report.province == "Jiangsu") & (report.year == 2015) & (report.column == "co2_total")].iloc[0]
    assert (row.panel_value, row.ceads_value) == (700.0, 720.0)
    missing = report[report.status == "missing"]
    assert missing["panel_value"].map(math.isnan).all() and missing["ceads_value"].map(math.isnan).all()
