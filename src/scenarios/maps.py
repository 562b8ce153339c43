"""Province maps drawn with matplotlib (Agg: no display, no network) from the bundled boundaries.

One drawing for every static map the project makes: the paper's Figures 2-4
(:mod:`scenarios.reproduction.figures`) and the briefing's maps (:mod:`scenarios.app.briefing`). Every
provincial-level unit is drawn, those outside the sample (Tibet, Hong Kong, Macao, Taiwan) grey and
hatched, with the South China Sea islands and the maritime boundary in an inset, as standard maps of
China are; the colour scale is the caller's.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from scenarios import geography
from scenarios.cache import read_only

#: Grey and hatched: a province on the map that is not in the sample.
OUTSIDE_SAMPLE: dict[str, Any] = {"facecolor": "#dddddd", "edgecolor": "white", "hatch": "///", "linewidth": 0.4}


def pyplot():
    """matplotlib's pyplot on the Agg backend (imported here, when a map is drawn: it is slow to import)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


#: The main map's longitude and latitude limits; the South China Sea lies in the inset.
MAIN_EXTENT = (73.0, 136.0, 16.0, 54.0)
#: The inset's limits: the South China Sea islands and the maritime boundary line.
INSET_EXTENT = (105.5, 123.5, 2.5, 24.5)
#: Where the inset sits in the main map's axes (left, bottom, width, height as fractions).
INSET_PLACE = (0.79, 0.0, 0.21, 0.36)
#: The note under a map with hatched units.
OUTSIDE_SAMPLE_NOTE = "hatched: not in the sample (Tibet, Hong Kong, Macao, Taiwan)"


def _rings(geometry: dict) -> tuple[np.ndarray, ...]:
    """The outer rings of a (Multi)Polygon geometry, read-only."""
    rings = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return tuple(read_only(np.asarray(polygon[0], dtype=float)) for polygon in rings)


@functools.cache
def _units() -> tuple[tuple[str, str, tuple[np.ndarray, ...]], ...]:
    """(name, kind, outer rings) of every unit the maps draw: the 31 provinces (kind "province"), then the
    map context's features (Hong Kong, Macao, Taiwan, the islands; the maritime line's paths as "rings").
    Parsed once: a figure draws them twice (map and inset), and matplotlib needs new patches each time."""
    units = [
        (f["properties"]["name_en"], "province", _rings(f["geometry"])) for f in geography.boundaries()["features"]
    ]
    for feature in geography.map_context()["features"]:
        kind, geometry = feature["properties"]["kind"], feature["geometry"]
        rings = (
            tuple(read_only(np.asarray(line, dtype=float)) for line in geometry["coordinates"])
            if kind == "maritime_boundary"
            else _rings(geometry)
        )
        units.append((feature["properties"]["name_en"], kind, rings))
    return tuple(units)


def _polygons(rings: tuple[np.ndarray, ...]):
    from matplotlib.patches import Polygon

    return [Polygon(ring, closed=True) for ring in rings]


def _draw_units(axes, values: pd.Series, cmap: str, limits: tuple[float, float], sea: bool):
    """Provinces filled by ``values``; provinces without a value and Hong Kong, Macao and Taiwan hatched;
    with ``sea``, the South China Sea islands and the maritime boundary line."""
    from matplotlib.collections import LineCollection, PatchCollection

    patches, colours, missing = [], [], []
    for name, kind, rings in _units():
        if kind == "province" and name in values.index and np.isfinite(values[name]):
            patches += _polygons(rings)
            colours += [values[name]] * len(rings)
        elif kind in ("province", "outside_sample"):
            missing += _polygons(rings)
    shaded = PatchCollection(patches, cmap=pyplot().get_cmap(cmap), edgecolor="white", linewidth=0.4)
    shaded.set_array(np.asarray(colours, dtype=float))
    shaded.set_clim(*limits)
    axes.add_collection(shaded)
    axes.add_collection(PatchCollection(missing, **OUTSIDE_SAMPLE))
    for _, kind, rings in _units() if sea else ():
        if kind == "islands":
            axes.add_collection(
                PatchCollection(_polygons(rings), facecolor="#4b5563", edgecolor="#4b5563", linewidth=0.8)
            )
        elif kind == "maritime_boundary":
            axes.add_collection(LineCollection(list(rings), colors="#4b5563", linewidths=0.8))
    axes.set_aspect(1.25)
    return shaded


def draw_china(axes, values: pd.Series, *, cmap: str, limits: tuple[float, float]):
    """A map of China on ``axes`` as standard maps draw it: the provinces of ``values`` (indexed by English
    name) filled, every other provincial-level unit hatched (:data:`OUTSIDE_SAMPLE`), and the South China
    Sea islands with the maritime boundary line in an inset. Returns the mappable for a colour bar."""
    shaded = _draw_units(axes, values, cmap, limits, sea=False)
    axes.set_xlim(*MAIN_EXTENT[:2])
    axes.set_ylim(*MAIN_EXTENT[2:])
    axes.axis("off")
    inset = axes.inset_axes(INSET_PLACE)
    _draw_units(inset, values, cmap, limits, sea=True)
    inset.set_xlim(*INSET_EXTENT[:2])
    inset.set_ylim(*INSET_EXTENT[2:])
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_linewidth(0.6)
        spine.set_color("#4b5563")
    return shaded


def symmetric_limits(values: pd.Series) -> tuple[float, float]:
    """(-m, m) with m the largest absolute value (at least a tiny positive number): a diverging scale
    centred on zero, so colour says the sign."""
    largest = float(np.nanmax(np.abs(values.to_numpy(dtype=float)))) if len(values) else 0.0
    largest = largest if largest > 0 else 1e-9
    return -largest, largest
