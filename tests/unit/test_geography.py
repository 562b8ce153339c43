import json

import numpy as np
import pytest
from matplotlib.path import Path as PlanePath

from scenarios.geography import boundaries, contiguity_edges, provinces, sample_provinces
from scenarios.paths import DATA_DIR


def inside(feature, lon, lat):
    """Point in a GeoJSON (Multi)Polygon: inside an outer ring and outside that polygon's holes."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(
        PlanePath(rings[0]).contains_point((lon, lat))
        and not any(PlanePath(hole).contains_point((lon, lat)) for hole in rings[1:])
        for rings in polygons
    )


@pytest.fixture(scope="module")
def table():
    return provinces().set_index("name_en")


@pytest.fixture(scope="module")
def features():
    return {feature["properties"]["name_en"]: feature for feature in boundaries()["features"]}


def test_existing_columns_are_kept_and_new_ones_added():
    assert list(provinces().columns) == [
        "adcode",
        "name_en",
        "name_zh",
        "region",
        "in_sample",
        "is_municipality",
        "centroid_lon",
        "centroid_lat",
        "capital_en",
        "capital_lon",
        "capital_lat",
    ]
    frame = provinces()
    assert len(frame) == 31
    assert frame.loc[~frame["in_sample"], "name_en"].tolist() == ["Tibet"]
    municipalities = {"Beijing", "Tianjin", "Shanghai", "Chongqing"}
    assert set(frame.loc[frame["is_municipality"], "name_en"]) == municipalities


def test_hainans_centroid_is_on_the_island(table):
    assert 18 < table.loc["Hainan", "centroid_lat"] < 20.2
    assert 108.5 < table.loc["Hainan", "centroid_lon"] < 111.1


def test_centroids_lie_in_their_province_except_crescent_shaped_gansu(table, features):
    outside = [name for name, row in table.iterrows() if not inside(features[name], row.centroid_lon, row.centroid_lat)]
    assert outside == ["Gansu"]  # documented: the centroid of a crescent lies outside it


def test_capitals_lie_in_their_province(table, features):
    for name, row in table.iterrows():
        assert inside(features[name], row.capital_lon, row.capital_lat), row.capital_en
    assert table.loc["Hebei", "capital_en"] == "Shijiazhuang"
    assert table.loc["Xinjiang", "capital_en"] == "Urumqi"
    assert table.loc["Beijing", "capital_en"] == "Beijing"


def test_centroids_are_in_china(table):
    assert table["centroid_lon"].between(73, 135).all()
    assert table["centroid_lat"].between(18, 54).all()


def test_geojson_file_is_small_with_31_features_in_table_order():
    path = DATA_DIR / "provinces.geojson"
    assert path.stat().st_size < 1_000_000
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    frame = provinces()
    properties = [feature["properties"] for feature in collection["features"]]
    assert [p["adcode"] for p in properties] == frame["adcode"].tolist()
    assert [p["name_en"] for p in properties] == frame["name_en"].tolist()
    assert [p["name_zh"] for p in properties] == frame["name_zh"].tolist()
    assert [p["region"] for p in properties] == frame["region"].tolist()
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in collection["features"])


def test_boundaries_are_a_fresh_copy_each_call():
    first = boundaries()
    first["features"][0]["properties"]["name_en"] = "changed"
    first["features"].pop()
    second = boundaries()
    assert len(second["features"]) == 31
    assert second["features"][0]["properties"]["name_en"] == "Beijing"


def test_hainan_map_shape_is_the_island_plus_islets(features):
    polygons = features["Hainan"]["geometry"]["coordinates"]
    largest = max(polygons, key=lambda rings: len(rings[0]))
    lons, lats = np.array(largest[0]).T
    assert 108.5 < lons.min() and lons.max() < 111.1 and 18 < lats.min() and lats.max() < 20.2


def test_contiguity_edges_are_known_provinces_once_each():
    edges = contiguity_edges()
    names = set(provinces()["name_en"])
    assert set(edges["province_a"]) | set(edges["province_b"]) <= names
    pairs = {frozenset(pair) for pair in zip(edges["province_a"], edges["province_b"])}
    assert len(pairs) == len(edges)
    assert edges.loc[edges["basis"] == "island link", ["province_a", "province_b"]].values.tolist() == [
        ["Guangdong", "Hainan"]
    ]
    assert set(edges["basis"]) == {"shared boundary", "island link"}
    edges.loc[0, "basis"] = "changed"
    assert contiguity_edges().loc[0, "basis"] == "shared boundary"


def test_sample_is_everything_but_tibet():
    assert len(sample_provinces()) == 30 and "Tibet" not in sample_provinces()
