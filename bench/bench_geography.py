"""Benchmark: building the spatial weights, side by side with libpysal building the same matrices.

    PYTHONPATH=src python bench/bench_geography.py

Ours: W1/W2 from the stored centroids (numpy haversine), W3 from the stored edge list; the first call
builds (caches cleared), later calls hit the cache. libpysal: ``DistanceBand`` with arc distances for
W1, ``Rook.from_dataframe`` on data/provinces.geojson for W3 (needs geopandas, else skipped; it lacks the
Hainan link, so it is the same work, not the same matrix). Reported
as median milliseconds over repeats and the ratio libpysal / ours.
"""

from __future__ import annotations

import statistics
import time
import warnings

import libpysal

from scenarios import geography
from scenarios.geography import EARTH_RADIUS_KM, boundaries, provinces, sample_provinces, spatial_weights
from scenarios.paths import DATA_DIR


def median_ms(function, repeats: int = 15) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def cold(kind: str):
    def build():
        geography._spatial_weights.cache_clear()
        geography._centroid_distances.cache_clear()
        geography._contiguity_edges.cache_clear()
        return spatial_weights(kind).to_libpysal()

    return build


def libpysal_inverse_distance():
    table = provinces().set_index("name_en").loc[list(sample_provinces())]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        weights = libpysal.weights.DistanceBand(
            table[["centroid_lon", "centroid_lat"]].to_numpy(),
            threshold=20_000,
            binary=False,
            alpha=-1.0,
            distance_metric="arc",
            radius=EARTH_RADIUS_KM,
            silence_warnings=True,
        )
    weights.transform = "r"
    return weights


def libpysal_contiguity(frame):
    def build():
        weights = libpysal.weights.Rook.from_dataframe(frame, use_index=False, silence_warnings=True)
        weights.transform = "r"
        return weights

    return build


def main() -> None:
    rows = [
        ("W1 first call + libpysal W", median_ms(cold("W1")), median_ms(libpysal_inverse_distance)),
        ("W1 cached call", median_ms(lambda: spatial_weights("W1"), 1000), None),
        ("W1 to_libpysal()", median_ms(spatial_weights("W1").to_libpysal), None),
        ("boundaries() copy", median_ms(boundaries), None),
    ]
    try:
        import geopandas
    except ImportError:
        reference = None
    else:
        frame = geopandas.read_file(DATA_DIR / "provinces.geojson")
        reference = median_ms(libpysal_contiguity(frame[frame["in_sample"]].reset_index(drop=True)), 5)
    rows.append(("W3 first call + libpysal W", median_ms(cold("W3")), reference))
    print(f"{'operation':32} {'ours ms':>10} {'libpysal ms':>12} {'ratio':>7}")
    for name, ours, reference in rows:
        compared = f"{reference:12.3f} {reference / ours:7.1f}" if reference else ""
        print(f"{name:32} {ours:10.4f} {compared}")


if __name__ == "__main__":
    main()
