"""Province maps drawn with matplotlib (Agg: no display, no network) from the bundled boundaries.

One drawing for every static map the project makes: the paper's Figures 2-4
(:mod:`scenarios.reproduction.figures`) and the briefing's maps (:mod:`scenarios.app.briefing`).
Provinces outside the sample are drawn grey and hatched; the colour scale is the caller's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scenarios import geography

#: Grey and hatched: a province on the map that is not in the sample.
OUTSIDE_SAMPLE = {"facecolor": "#dddddd", "edgecolor": "white", "hatch": "///", "linewidth": 0.4}


def pyplot():
    """matplotlib's pyplot on the Agg backend (imported here, when a map is drawn: it is slow to import)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def draw_provinces(axes, values: pd.Series, *, cmap: str, limits: tuple[float, float]):
    """Fill each province of ``values`` (indexed by English name) on ``axes``; returns the mappable for a
    colour bar. Provinces without a value are drawn as :data:`OUTSIDE_SAMPLE`."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Polygon

    patches, colours, missing = [], [], []
    for feature in geography.boundaries()["features"]:
        name = feature["properties"]["name_en"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            patch = Polygon(np.asarray(polygon[0]), closed=True)
            if name in values.index and np.isfinite(values[name]):
                patches.append(patch)
                colours.append(values[name])
            else:
                missing.append(patch)
    shaded = PatchCollection(patches, cmap=pyplot().get_cmap(cmap), edgecolor="white", linewidth=0.4)
    shaded.set_array(np.asarray(colours, dtype=float))
    shaded.set_clim(*limits)
    axes.add_collection(shaded)
    axes.add_collection(PatchCollection(missing, **OUTSIDE_SAMPLE))
    axes.autoscale_view()
    axes.set_aspect(1.25)
    axes.axis("off")
    return shaded


def symmetric_limits(values: pd.Series) -> tuple[float, float]:
    """(-m, m) with m the largest absolute value (at least a tiny positive number): a diverging scale
    centred on zero, so colour says the sign."""
    largest = float(np.nanmax(np.abs(values.to_numpy(dtype=float)))) if len(values) else 0.0
    largest = largest if largest > 0 else 1e-9
    return -largest, largest
