"""Figures 2-4 of the paper: maps of technology import by province in 2011, 2016 and 2020.

Drawn with matplotlib (Agg, no display, no network) from the bundled boundaries
(:mod:`scenarios.maps`). One colour scale for the three years, so the growth shows.
"""

from __future__ import annotations

import io

import pandas as pd

from scenarios import maps

#: Figure number -> year (the paper's Figures 2, 3, 4).
FIGURE_YEARS = {2: 2011, 3: 2016, 4: 2020}


#: Formats a figure can be written in: PNG for screens, SVG and PDF (vector) for publication.
FORMATS = ("png", "svg", "pdf")
#: Resolution of a PNG on screen, and for print.
SCREEN_DPI, PRINT_DPI = 110, 300
#: Metadata left out (matplotlib's version, the time of writing), so the same figure is the same file.
_NO_METADATA = {
    "png": {"Software": None},
    "svg": {"Creator": None, "Date": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}


def technology_map(
    analysis: pd.DataFrame,
    year: int,
    synthetic: bool,
    limits: tuple[float, float] | None = None,
    format: str = "png",
    dpi: int = SCREEN_DPI,
) -> bytes:
    """tech (= ln of the technology-import stock) by province in ``year``, as ``format`` (:data:`FORMATS`;
    ``dpi`` sets a PNG's resolution: :data:`PRINT_DPI` for print)."""
    plt = maps.pyplot()
    values = analysis.loc[analysis["year"] == year].set_index("province")["tech"]
    low, high = limits or (float(analysis["tech"].min()), float(analysis["tech"].max()))
    figure, axes = plt.subplots(figsize=(7.5, 6.0), dpi=dpi)
    shaded = maps.draw_china(axes, values, cmap="YlOrRd", limits=(low, high))
    bar = figure.colorbar(shaded, ax=axes, shrink=0.7)
    bar.set_label("tech = ln(real technology-import stock, CNY 100 million)")
    title = f"Technology import by province, {year}"
    if synthetic:
        title += "\nSYNTHETIC demo panel: not real data"
    axes.set_title(title, color="#b00020" if synthetic else "black")
    axes.text(0.0, 0.0, maps.OUTSIDE_SAMPLE_NOTE, transform=axes.transAxes, fontsize=7)
    buffer = io.BytesIO()
    with plt.rc_context({"svg.hashsalt": "scenarios"}):
        figure.savefig(buffer, format=format, bbox_inches="tight", metadata=_NO_METADATA[format])
    plt.close(figure)
    return buffer.getvalue()


def missing_figures(analysis: pd.DataFrame) -> dict[int, str]:
    """Figure number -> why it cannot be drawn from ``analysis`` (its year is not in the panel)."""
    years = sorted(set(analysis["year"]))
    span = f"{years[0]}-{years[-1]}" if years else "none"
    return {
        number: f"the panel has no {year} (its years: {span})"
        for number, year in FIGURE_YEARS.items()
        if year not in years
    }


def technology_maps(
    analysis: pd.DataFrame, synthetic: bool, format: str = "png", dpi: int = SCREEN_DPI
) -> dict[int, bytes]:
    """Figures 2-4 (figure number -> file bytes in ``format``), on one colour scale; those in
    :func:`missing_figures` left out."""
    limits = (float(analysis["tech"].min()), float(analysis["tech"].max()))
    return {
        number: technology_map(analysis, year, synthetic, limits, format, dpi)
        for number, year in FIGURE_YEARS.items()
        if year in set(analysis["year"])
    }
