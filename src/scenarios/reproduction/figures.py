"""Figures 2-4 of the paper: maps of technology import by province in 2011, 2016 and 2020.

Drawn with matplotlib (Agg, no display, no network) from the bundled boundaries
(:func:`scenarios.geography.boundaries`). One colour scale for the three years, so the growth shows.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from scenarios import geography

#: Figure number -> year (the paper's Figures 2, 3, 4).
FIGURE_YEARS = {2: 2011, 3: 2016, 4: 2020}


def technology_map(analysis: pd.DataFrame, year: int, synthetic: bool, limits: tuple[float, float] | None = None,
                   outlines: dict | None = None) -> bytes:
    """PNG of tech (= ln of the technology-import stock) by province in ``year``; ``outlines`` is
    :func:`scenarios.geography.boundaries` when the caller has it already (parsing it costs ~0.1 s)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Polygon

    values = analysis.loc[analysis["year"] == year].set_index("province")["tech"]
    low, high = limits or (float(analysis["tech"].min()), float(analysis["tech"].max()))
    cmap = plt.get_cmap("YlOrRd")
    figure, axes = plt.subplots(figsize=(7.5, 6.0), dpi=110)
    patches, colours, missing = [], [], []
    for feature in (outlines or geography.boundaries())["features"]:
        name = feature["properties"]["name_en"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            patch = Polygon(np.asarray(polygon[0]), closed=True)
            if name in values.index:
                patches.append(patch)
                colours.append(values[name])
            else:
                missing.append(patch)
    shaded = PatchCollection(patches, cmap=cmap, edgecolor="white", linewidth=0.4)
    shaded.set_array(np.asarray(colours, dtype=float))
    shaded.set_clim(low, high)
    axes.add_collection(shaded)
    axes.add_collection(PatchCollection(missing, facecolor="#dddddd", edgecolor="white", hatch="///", linewidth=0.4))
    axes.autoscale_view()
    axes.set_aspect(1.25)
    axes.axis("off")
    bar = figure.colorbar(shaded, ax=axes, shrink=0.7)
    bar.set_label("tech = ln(real technology-import stock, CNY 100 million)")
    title = f"Technology import by province, {year}"
    if synthetic:
        title += "\nSYNTHETIC demo panel: not real data"
    axes.set_title(title, color="#b00020" if synthetic else "black")
    axes.text(0.01, 0.01, "hatched: not in the sample (Tibet)", transform=axes.transAxes, fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def missing_figures(analysis: pd.DataFrame) -> dict[int, str]:
    """Figure number -> why it cannot be drawn from ``analysis`` (its year is not in the panel)."""
    years = sorted(set(analysis["year"]))
    span = f"{years[0]}-{years[-1]}" if years else "none"
    return {number: f"the panel has no {year} (its years: {span})" for number, year in FIGURE_YEARS.items()
            if year not in years}


def technology_maps(analysis: pd.DataFrame, synthetic: bool) -> dict[int, bytes]:
    """Figures 2-4 (figure number -> PNG bytes), on one colour scale; those in :func:`missing_figures` left out."""
    limits = (float(analysis["tech"].min()), float(analysis["tech"].max()))
    outlines = geography.boundaries()
    return {number: technology_map(analysis, year, synthetic, limits, outlines)
            for number, year in FIGURE_YEARS.items() if year in set(analysis["year"])}
