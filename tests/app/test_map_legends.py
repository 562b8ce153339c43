"""Map colour legends: the same scale as the map's fills, values and units at the ends, in both languages."""

import pandas as pd
import pytest

from scenarios.app import charts

from scenarios.projection import link as share_link
from scenarios.projection.scenario import Scenario

from .conftest import assert_clean, open_app

VALUES = pd.Series({"Beijing": -0.5, "Hebei": 0.2, "Shanxi": None})


def test_diverging_scale_is_symmetric_and_matches_the_fills():
    assert charts.scale_range(VALUES, diverging=True) == (-0.5, 0.5)
    fills = charts.colours(VALUES, diverging=True)
    assert fills["Beijing"] == list(charts.DIVERGING[0])  # the most negative value: the blue end
    assert fills["Shanxi"] == list(charts.MISSING)
    legend = charts.map_legend(VALUES, title="Own effect", unit="Mt CO₂", diverging=True,
                               low_note="less CO₂", high_note="more CO₂")
    assert "-0.50 Mt CO₂ · less CO₂" in legend and "+0.50 Mt CO₂ · more CO₂" in legend and ">0<" in legend
    assert "rgb(37, 99, 235)" in legend and "rgb(220, 38, 38)" in legend


def test_sequential_legend_uses_shared_limits_and_escapes_text():
    legend = charts.map_legend(VALUES, title="a < b", unit="CNY", limits=(1.0, 250.0), digits=1)
    assert "1.0 CNY" in legend and "250.0 CNY" in legend and "a &lt; b" in legend
    assert charts.scale_range(pd.Series([3.0, 3.0])) == (3.0, 3.0)


@pytest.mark.parametrize("language, expected", [("en", "more CO₂"), ("zh", "二氧化碳增加")])
def test_spillover_map_has_a_legend_in_the_session_language(language, expected):
    query = share_link.encode(Scenario(import_growth=8.0), ui={"ui_lang": language})
    app = open_app(dict(kv.split("=") for kv in query.split("&")), page="spillovers")
    assert_clean(app)
    legends = [m.value for m in app.markdown if "map-legend" in m.value]
    assert len(legends) == 1 and expected in legends[0] and "Mt CO₂" in legends[0] and "2030" in legends[0]


def test_data_maps_have_one_shared_legend():
    app = open_app(page="data")
    legends = [m.value for m in app.markdown if "map-legend" in m.value]
    # the panel's three maps share one legend; the real-data maps (2019 CO2, spending) have one each
    assert len(legends) == 3 and "CNY 100 million" in legends[0]
    assert "Mt CO₂" in legends[1] and "CNY 10,000" in legends[2]
