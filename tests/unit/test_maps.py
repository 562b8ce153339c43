"""Static maps of China: every provincial-level unit drawn, those outside the sample hatched, the South
China Sea in an inset; figures for publication in SVG, PDF and 300 dpi PNG, the same bytes every time."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from scenarios import geography, maps
from scenarios.reproduction import figures


def test_map_context_holds_the_units_outside_the_sample_and_the_south_china_sea():
    features = geography.map_context()["features"]
    by_kind = {}
    for feature in features:
        by_kind.setdefault(feature["properties"]["kind"], []).append(feature["properties"]["name_en"])
    assert sorted(by_kind["outside_sample"]) == ["Hong Kong", "Macao", "Taiwan"]
    islands = next(f for f in features if f["properties"]["kind"] == "islands")
    southmost = min(point[1] for polygon in islands["geometry"]["coordinates"] for point in polygon[0])
    assert southmost < 10  # the Nansha islands, far south of Hainan Island
    assert by_kind["maritime_boundary"] == ["Maritime boundary"]


@pytest.fixture
def drawn():
    plt = maps.pyplot()
    figure, axes = plt.subplots()
    values = pd.Series({name: float(i) for i, name in enumerate(geography.sample_provinces())})
    maps.draw_china(axes, values, cmap="viridis", limits=(0, 30))
    yield axes
    plt.close(figure)


def test_every_unit_is_drawn_and_the_outside_ones_hatched(drawn):
    filled, hatched = drawn.collections[0], drawn.collections[1]
    assert len(filled.get_array()) >= 30
    assert hatched.get_hatch() == "///"
    outside = len(
        maps._rings(
            next(f for f in geography.boundaries()["features"] if f["properties"]["name_en"] == "Tibet")["geometry"]
        )
    )
    outside += sum(
        len(maps._rings(f["geometry"]))
        for f in geography.map_context()["features"]
        if f["properties"]["kind"] == "outside_sample"
    )
    assert len(hatched.get_paths()) == outside


def test_the_south_china_sea_is_in_an_inset_not_the_main_map(drawn):
    assert drawn.get_ylim()[0] > 15  # the main map stops north of the islands
    (inset,) = drawn.child_axes
    assert inset.get_ylim()[0] < 5 and inset.get_xlim() == maps.INSET_EXTENT[:2]
    assert len(inset.collections) == len(drawn.collections) + 2  # + islands and the maritime line


@pytest.fixture(scope="module")
def analysis():
    from scenarios.data.demo import load_demo_panel

    return load_demo_panel().analysis


@pytest.mark.parametrize(("format", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_figures_for_publication_are_reproducible_files(analysis, format, magic):
    first = figures.technology_map(analysis, 2016, True, format=format)
    assert first.startswith(magic)
    assert first == figures.technology_map(analysis, 2016, True, format=format)


def test_print_resolution_png_is_300_dpi(analysis):
    from PIL import Image

    screen = Image.open(io.BytesIO(figures.technology_map(analysis, 2016, True)))
    printed = Image.open(io.BytesIO(figures.technology_map(analysis, 2016, True, dpi=figures.PRINT_DPI)))
    ratio = np.array(printed.size) / np.array(screen.size)
    assert np.allclose(ratio, figures.PRINT_DPI / figures.SCREEN_DPI, rtol=0.02)
    assert round(printed.info["dpi"][0]) == figures.PRINT_DPI


def test_app_maps_draw_hong_kong_macao_taiwan_and_the_maritime_line_without_picking_them():
    from scenarios.app import charts

    deck = charts.province_map(
        geography.boundaries(), pd.Series({"Hebei": 1.0, "Gansu": -1.0}), value_label="x", unit="Mt"
    )
    layers = {layer.id: layer for layer in deck.layers}
    assert {"provinces", "outside-sample", "maritime-boundary"} <= set(layers)
    names = {f["properties"]["name_en"] for f in layers["outside-sample"].data["features"]}
    assert names == {"Hong Kong", "Macao", "Taiwan"}
    assert not layers["outside-sample"].pickable and not layers["maritime-boundary"].pickable
    # every map gets its own objects: changing one deck's data leaves the next one's alone
    layers["outside-sample"].data["features"].clear()
    again = charts.province_map(geography.boundaries(), pd.Series({"Hebei": 1.0}), value_label="x", unit="Mt")
    assert len(next(layer for layer in again.layers if layer.id == "outside-sample").data["features"]) == 3
