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
    legend = charts.map_legend(
        VALUES, title="Own effect", unit="Mt CO₂", diverging=True, low_note="less CO₂", high_note="more CO₂"
    )
    assert "-0.50 Mt CO₂ · less CO₂" in legend and "+0.50 Mt CO₂ · more CO₂" in legend and ">0<" in legend
    assert "rgb(37, 99, 235)" in legend and "rgb(220, 38, 38)" in legend


def test_sequential_legend_uses_shared_limits_and_escapes_text():
    legend = charts.map_legend(VALUES, title="a < b", unit="CNY", limits=(1.0, 250.0), digits=1)
    assert "1.0 CNY" in legend and "250.0 CNY" in legend and "a &lt; b" in legend
    assert charts.scale_range(pd.Series([3.0, 3.0])) == (3.0, 3.0)


@pytest.mark.parametrize(
    "language, expected, unit", [("en", "more CO₂", "Mt CO₂"), ("zh", "二氧化碳增加", "百万吨二氧化碳")]
)
def test_spillover_map_has_a_legend_in_the_session_language(language, expected, unit):
    query = share_link.encode(Scenario(import_growth=8.0), ui={"ui_lang": language})
    app = open_app(dict(kv.split("=") for kv in query.split("&")), page="spillovers")
    assert_clean(app)
    legends = [m.value for m in app.markdown if "map-legend" in m.value]
    assert len(legends) == 1 and expected in legends[0] and unit in legends[0] and "2030" in legends[0]


def test_data_maps_have_one_shared_legend():
    app = open_app(page="data")
    legends = [m.value for m in app.markdown if "map-legend" in m.value]
    # Figures 2-4 share one legend; the real-data map (2019 CO2 first, or spending) has its own
    assert len(legends) == 2 and "CNY 100 million" in legends[0]
    assert "Mt CO₂" in legends[1]


def test_map_boundaries_are_light_enough_to_click_and_keep_every_province():
    """deck.gl picks a clicked province by drawing every polygon again; with the full outlines (27,000
    vertices) that took longer in a GPU-less browser than its click recogniser waits, so clicks were lost."""
    import shapely

    from scenarios.app import cache
    from scenarios.geography import boundaries

    maps, full = cache.boundaries(), boundaries()
    simple = [shapely.geometry.shape(f["geometry"]) for f in maps["features"]]
    assert sum(shapely.get_num_coordinates(g) for g in simple) < 4000
    for kept, original in zip(simple, (shapely.geometry.shape(f["geometry"]) for f in full["features"])):
        assert kept.is_valid and abs(kept.area - original.area) < 0.1 * original.area


def test_the_map_view_fits_china_into_a_phone_column():
    import math

    from scenarios.app import cache, charts

    view = charts.fitted_view(cache.boundaries(), width=350, height=440)
    half_width_px = 512 * 2**view.zoom * (135.1 - 73.5) / 360 / 2
    assert half_width_px * 2 <= 350 and math.isclose(view.longitude, 104.3, abs_tol=0.3)
