"""Chart builders for the app: altair charts and pydeck maps, returned as objects, never drawn here.

Every builder takes plain labelled pandas data and the texts it shows (titles, axis labels with units),
so the app can pass them in the user's language and tests can inspect the chart specification. Maps use
pydeck's ``GeoJsonLayer`` with ``map_provider=None``: no base map, so no request leaves the machine.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pydeck as pdk

#: Sequential ramp, paper to teal to coal (the theme's colours), for quantities that only grow.
SEQUENTIAL = ((241, 239, 232), (15, 118, 110), (31, 41, 51))
#: Diverging ramp for changes: blue (less CO2), paper (none), red (more CO2).
DIVERGING = ((37, 99, 235), (241, 239, 232), (220, 38, 38))
MISSING = (205, 205, 200)
SERIES_COLOURS = ("#94a3b8", "#b45309", "#0f766e")  # baseline, modified baseline, scenario
#: The first series (the baseline) grey, then distinct colours for up to eleven scenarios.
COMPARISON_COLOURS = ["#94a3b8", "#0f766e", "#b45309", "#2563eb", "#7c3aed", "#db2777", "#65a30d", "#0891b2",
                      "#dc2626", "#4b5563", "#ca8a04", "#9333ea"]
CHINA_VIEW = pdk.ViewState(longitude=104.0, latitude=36.5, zoom=2.3, min_zoom=1.5, max_zoom=7)


def _ramp(position: float, stops: tuple[tuple[int, int, int], ...]) -> list[int]:
    """The colour at ``position`` in [0, 1] along evenly spaced ``stops`` (linear in RGB)."""
    position = min(max(position, 0.0), 1.0) * (len(stops) - 1)
    low = min(int(position), len(stops) - 2)
    weight = position - low
    return [round(a + (b - a) * weight) for a, b in zip(stops[low], stops[low + 1])]


def scale_range(values: pd.Series, diverging: bool = False, limits: tuple[float, float] | None = None
                ) -> tuple[float, float]:
    """The values at the two ends of a map's colour scale: the minimum and maximum of ``values`` (or
    ``limits``, to share a scale between maps), or, diverging, plus and minus the largest magnitude (so
    zero sits in the middle)."""
    finite = values.dropna() if limits is None else pd.Series(limits, dtype=float)
    if not len(finite):
        return 0.0, 0.0
    if diverging:
        bound = float(finite.abs().max())
        return -bound, bound
    return float(finite.min()), float(finite.max())


def colours(values: pd.Series, diverging: bool = False, limits: tuple[float, float] | None = None) -> pd.Series:
    """RGB lists for each value, along :data:`DIVERGING` or :data:`SEQUENTIAL` over :func:`scale_range`."""
    low, high = scale_range(values, diverging, limits)
    positions = (values - low) / (high - low) if high > low else values * 0 + 0.5
    stops = DIVERGING if diverging else SEQUENTIAL
    return positions.map(lambda p: list(MISSING) if pd.isna(p) else _ramp(float(p), stops))


def map_legend(values: pd.Series, *, title: str, unit: str, diverging: bool = False,
               limits: tuple[float, float] | None = None, digits: int = 2, low_note: str = "",
               high_note: str = "") -> str:
    """The colour bar of a :func:`province_map` drawn with the same arguments (HTML): ``title``, the
    gradient, and the values at its ends (and zero, diverging) with ``unit``; ``low_note``/``high_note``
    say what the ends mean (e.g. "less CO2")."""
    import html

    low, high = scale_range(values.astype(float), diverging, limits)
    stops = DIVERGING if diverging else SEQUENTIAL
    gradient = ", ".join(f"rgb{tuple(stop)}" for stop in stops)
    sign = "+" if diverging else ""
    ends = [f"{low:,.{digits}f} {unit}" + (f" · {low_note}" if low_note else ""),
            *(["0"] if diverging else []),
            f"{high:{sign},.{digits}f} {unit}" + (f" · {high_note}" if high_note else "")]
    labels = "".join(f"<span>{html.escape(text)}</span>" for text in ends)
    return (
        f'<div class="map-legend" style="font-size:0.8rem;margin:0.2rem 0 0.6rem 0">'
        f"<div>{html.escape(title)}</div>"
        f'<div style="height:0.7rem;border:1px solid #999;border-radius:2px;background:linear-gradient(to right, {gradient})"></div>'
        f'<div style="display:flex;justify-content:space-between">{labels}</div></div>'
    )


def province_map(
    geojson: dict,
    values: pd.Series,
    *,
    value_label: str,
    unit: str,
    diverging: bool = False,
    highlight: str | None = None,
    language: str = "en",
    digits: int = 2,
    zoom: float | None = None,
    limits: tuple[float, float] | None = None,
) -> pdk.Deck:
    """A choropleth of ``values`` (indexed by English province name) over the province boundaries.

    Provinces without a value (Tibet, outside the sample) are grey. ``highlight`` outlines one province.
    The tooltip shows the province's name in ``language`` and its value with ``unit``.
    """
    values = values.astype(float)
    fills = colours(values, diverging, limits)
    texts = values.map(lambda v: f"{v:,.{digits}f} {unit}")
    return _map(geojson, fills, texts, value_label, highlight, language, zoom)


def category_map(
    geojson: dict, labels: pd.Series, palette: dict[str, tuple[int, int, int]], *, value_label: str,
    names: dict[str, str] | None = None, language: str = "en",
) -> pdk.Deck:
    """A map of categories (e.g. LISA clusters HH/LL/HL/LH) coloured by ``palette``; ``names`` translates
    the category codes in the tooltip."""
    fills = labels.map(lambda label: list(palette.get(label, MISSING)))
    texts = labels.map(lambda label: (names or {}).get(label, label))
    return _map(geojson, fills, texts, value_label, None, language)


def _map(geojson: dict, fills: pd.Series, texts: pd.Series, value_label: str, highlight: str | None,
         language: str, zoom: float | None = None) -> pdk.Deck:
    """The province GeoJsonLayer on no base map. Features are new dicts sharing the (unchanged)
    geometries, so the cached boundaries are never modified."""
    features = []
    for feature in geojson["features"]:
        name = feature["properties"]["name_en"]
        features.append({
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {
                **feature["properties"],
                "fill": fills.get(name, list(MISSING)),
                "label": feature["properties"]["name_zh"] if language == "zh" else name,
                "value_text": texts.get(name, "—"),
                "line": [17, 24, 39] if name == highlight else [255, 255, 255],
                "line_width": 3 if name == highlight else 1,
            },
        })
    layer = pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id="provinces",
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color="properties.line",
        get_line_width="properties.line_width",
        line_width_units="pixels",
        auto_highlight=True,
        highlight_color=[15, 118, 110, 90],
    )
    return pdk.Deck(
        layers=[layer],
        initial_view_state=CHINA_VIEW if zoom is None else pdk.ViewState(
            longitude=CHINA_VIEW.longitude, latitude=CHINA_VIEW.latitude, zoom=zoom),
        map_provider=None,
        tooltip={"html": f"<b>{{label}}</b><br/>{value_label}: {{value_text}}"},
    )


def projection_chart(
    paths: pd.DataFrame,
    *,
    series_labels: dict[str, str],
    x_title: str,
    y_title: str,
    peak_year: int | None = 2030,
    peak_label: str = "",
    history: pd.DataFrame | None = None,
    history_label: str = "",
) -> alt.LayerChart:
    """Baseline, modified baseline and scenario lines with their uncertainty bands.

    ``paths`` is long: ``year, series, value, low, high`` with ``series`` among the keys of
    ``series_labels`` (in drawing order); ``low``/``high`` may be missing (no band). ``history`` (``year,
    value``) draws the observed years in ink. A dashed rule marks ``peak_year``.
    """
    order = list(series_labels)
    data = paths.assign(label=paths["series"].map(series_labels))
    scale = alt.Scale(domain=[series_labels[s] for s in order], range=list(SERIES_COLOURS[-len(order):]))
    colour = alt.Color("label:N", title=None, scale=scale, legend=alt.Legend(orient="top"))
    x = alt.X("year:Q", title=x_title, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
    layers = []
    if {"low", "high"} <= set(data.columns) and data[["low", "high"]].notna().any().any():
        layers.append(
            alt.Chart(data.dropna(subset=["low", "high"]))
            .mark_area(opacity=0.15, color=SERIES_COLOURS[-1])  # only the scenario has a band
            .encode(x=x, y=alt.Y("low:Q", title=y_title), y2="high:Q")
        )
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")]
    layers.append(alt.Chart(data).mark_line(strokeWidth=2.5).encode(x=x, y=y, color=colour, tooltip=tooltip))
    if history is not None and len(history):
        layers.append(
            alt.Chart(history.assign(label=history_label))
            .mark_line(color="#1f2933", strokeWidth=2)
            .encode(x=x, y=y, tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")])
        )
    if peak_year is not None:
        rule = pd.DataFrame({"year": [peak_year], "text": [peak_label]})
        layers.append(alt.Chart(rule).mark_rule(strokeDash=[6, 4], color="#1f2933").encode(x="year:Q"))
        layers.append(
            alt.Chart(rule)
            .mark_text(align="left", dx=4, dy=-6, baseline="top", color="#1f2933")
            .encode(x="year:Q", y=alt.value(0), text="text:N")
        )
    return alt.layer(*layers).properties(height=360)


def series_chart(frame: pd.DataFrame, *, x_title: str, y_title: str, colour_title: str) -> alt.Chart:
    """Lines of ``value`` by ``year`` for each ``province`` (long frame)."""
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=x_title, axis=alt.Axis(format="d")),
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color("province:N", title=colour_title),
            tooltip=["province:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.3f")],
        )
        .properties(height=320)
    )


def spending_chart(frame: pd.DataFrame, *, x_title: str, y_title: str) -> alt.Chart:
    """Bars of ``value`` by ``year`` (observed spending); a missing value (not reported) draws no bar."""
    return (
        alt.Chart(frame.dropna(subset=["value"]))
        .mark_bar(color=SERIES_COLOURS[-1])
        .encode(
            x=alt.X("year:O", title=x_title, scale=alt.Scale(domain=[int(y) for y in frame["year"]])),
            y=alt.Y("value:Q", title=y_title),
            tooltip=[alt.Tooltip("year:O"), alt.Tooltip("value:Q", format=",.0f")],
        )
        .properties(height=180)
    )


def ranking_chart(values: pd.Series, *, x_title: str, y_title: str = "") -> alt.Chart:
    """Horizontal bars of ``values`` by province, largest first: blue below zero, red above."""
    frame = values.rename("value").rename_axis("province").reset_index()
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=x_title),
            y=alt.Y("province:N", title=y_title or None, sort="-x", axis=alt.Axis(labelOverlap=False)),
            color=alt.condition("datum.value < 0", alt.value("#2563eb"), alt.value("#dc2626")),
            tooltip=["province:N", alt.Tooltip("value:Q", format=",.3f")],
        )
        .properties(height=alt.Step(18))
    )


def band_comparison(points: pd.Series, low: pd.Series, high: pd.Series, *, x_title: str) -> alt.Chart:
    """One row per allocation (the index): its point value and a 5-95 % band as a rule, zero marked."""
    frame = pd.DataFrame({"value": points, "low": low, "high": high}).rename_axis("allocation").reset_index()
    axis = alt.Y("allocation:N", title=None, sort=None)
    band = alt.Chart(frame).mark_rule(strokeWidth=3, color="#94a3b8").encode(
        x=alt.X("low:Q", title=x_title), x2="high:Q", y=axis)
    point = alt.Chart(frame).mark_point(filled=True, size=90, color="#0f766e").encode(
        x="value:Q", y=axis,
        tooltip=["allocation:N", alt.Tooltip("value:Q", format=",.1f"), alt.Tooltip("low:Q", format=",.1f"),
                 alt.Tooltip("high:Q", format=",.1f")])
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(strokeDash=[4, 3], color="#6b7280").encode(x="zero:Q")
    return (band + point + zero).properties(height=alt.Step(36))


def matrix_heatmap(matrix: pd.DataFrame, *, title: str, value_title: str) -> alt.Chart:
    """A heat map of an N x N labelled matrix (spatial weights), rows and columns in the given order."""
    order = list(matrix.index)
    frame = matrix.rename_axis(index="from", columns="to").stack().rename("weight").reset_index()
    return (
        alt.Chart(frame, title=title)
        .mark_rect()
        .encode(
            x=alt.X("to:N", sort=order, title=None, axis=alt.Axis(labelAngle=-60)),
            y=alt.Y("from:N", sort=order, title=None),
            color=alt.Color("weight:Q", title=value_title, scale=alt.Scale(scheme="tealblues")),
            tooltip=["from:N", "to:N", alt.Tooltip("weight:Q", format=".3f")],
        )
        .properties(height=520)
    )


def comparison_chart(paths: pd.DataFrame, *, x_title: str, y_title: str, peak_year: int = 2030,
                     peak_label: str = "") -> alt.LayerChart:
    """One line per named scenario (long frame ``year, series, value``; the first series, the baseline, grey
    and dashed) and a dashed mark at ``peak_year``."""
    x = alt.X("year:Q", title=x_title, axis=alt.Axis(format="d"))
    order = list(dict.fromkeys(paths["series"]))
    lines = (
        alt.Chart(paths)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top"),
                            scale=alt.Scale(domain=order, range=COMPARISON_COLOURS[: len(order)])),
            strokeDash=alt.condition(alt.datum.series == order[0], alt.value([5, 3]), alt.value([1, 0])),
            tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
        )
    )
    rule = pd.DataFrame({"year": [peak_year], "text": [peak_label]})
    return alt.layer(
        lines,
        alt.Chart(rule).mark_rule(strokeDash=[6, 4], color="#1f2933").encode(x="year:Q"),
        alt.Chart(rule).mark_text(align="left", dx=4, dy=-6, baseline="top").encode(x="year:Q", y=alt.value(0), text="text:N"),
    ).properties(height=340)
