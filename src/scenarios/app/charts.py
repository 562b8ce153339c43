"""Chart builders for the app: altair charts and pydeck maps, returned as objects, never drawn here.

Every builder takes plain labelled pandas data and the texts it shows (titles, axis labels with units),
so the app can pass them in the user's language and tests can inspect the chart specification. Maps use
pydeck's ``GeoJsonLayer`` with ``map_provider=None``: no base map, so no request leaves the machine.
"""

from __future__ import annotations

import functools
import json

import altair as alt
import numpy as np
import pandas as pd
import pydeck as pdk

from scenarios import geography

#: Sequential ramp, paper to teal to coal (the theme's colours), for quantities that only grow.
SEQUENTIAL = ((241, 239, 232), (15, 118, 110), (31, 41, 51))
#: Diverging ramp for changes: blue (less CO2), paper (none), red (more CO2).
DIVERGING = ((37, 99, 235), (241, 239, 232), (220, 38, 38))
MISSING = (205, 205, 200)
SERIES_COLOURS = ("#94a3b8", "#b45309", "#0f766e")  # baseline, modified baseline, scenario
#: The first series (the baseline) grey, then distinct colours for up to eleven scenarios.
COMPARISON_COLOURS = [
    "#94a3b8",
    "#0f766e",
    "#b45309",
    "#2563eb",
    "#7c3aed",
    "#db2777",
    "#65a30d",
    "#0891b2",
    "#dc2626",
    "#4b5563",
    "#ca8a04",
    "#9333ea",
]


def _ramp(position: float, stops: tuple[tuple[int, int, int], ...]) -> list[int]:
    """The colour at ``position`` in [0, 1] along evenly spaced ``stops`` (linear in RGB)."""
    position = min(max(position, 0.0), 1.0) * (len(stops) - 1)
    low = min(int(position), len(stops) - 2)
    weight = position - low
    return [round(a + (b - a) * weight) for a, b in zip(stops[low], stops[low + 1])]


def scale_range(
    values: pd.Series, diverging: bool = False, limits: tuple[float, float] | None = None
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


def map_legend(
    values: pd.Series,
    *,
    title: str,
    unit: str,
    diverging: bool = False,
    limits: tuple[float, float] | None = None,
    digits: int = 2,
    low_note: str = "",
    high_note: str = "",
) -> str:
    """The colour bar of a :func:`province_map` drawn with the same arguments (HTML): ``title``, the
    gradient, and the values at its ends (and zero, diverging) with ``unit``; ``low_note``/``high_note``
    say what the ends mean (e.g. "less CO2")."""
    import html

    low, high = scale_range(values.astype(float), diverging, limits)
    stops = DIVERGING if diverging else SEQUENTIAL
    gradient = ", ".join(f"rgb{tuple(stop)}" for stop in stops)
    sign = "+" if diverging else ""
    ends = [
        f"{low:,.{digits}f} {unit}" + (f" · {low_note}" if low_note else ""),
        *(["0"] if diverging else []),
        f"{high:{sign},.{digits}f} {unit}" + (f" · {high_note}" if high_note else ""),
    ]
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
    height: float = 300,
    limits: tuple[float, float] | None = None,
) -> pdk.Deck:
    """A choropleth of ``values`` (indexed by English province name) over the province boundaries.

    Provinces without a value (Tibet, outside the sample) are grey. ``highlight`` outlines one province.
    The tooltip shows the province's name in ``language`` and its value with ``unit``.
    """
    values = values.astype(float)
    fills = colours(values, diverging, limits)
    texts = values.map(lambda v: f"{v:,.{digits}f} {unit}")
    return _map(geojson, fills, texts, value_label, highlight, language, height)


def category_map(
    geojson: dict,
    labels: pd.Series,
    palette: dict[str, tuple[int, int, int]],
    *,
    value_label: str,
    names: dict[str, str] | None = None,
    language: str = "en",
    height: float = 300,
) -> pdk.Deck:
    """A map of categories (e.g. LISA clusters HH/LL/HL/LH) coloured by ``palette``; ``names`` translates
    the category codes in the tooltip."""
    fills = labels.map(lambda label: list(palette.get(label, MISSING)))
    texts = labels.map(lambda label: (names or {}).get(label, label))
    return _map(geojson, fills, texts, value_label, None, language, height)


def fitted_view(geojson: dict, width: float = 350, height: float = 300, margin: float = 0.03) -> pdk.ViewState:
    """The view that shows every feature of ``geojson`` whole in a map ``width`` x ``height`` pixels
    (less ``margin`` on each side): the centre and zoom of the bounds in web Mercator, as deck.gl's
    ``fitBounds`` computes them (which pydeck's JSON cannot call). Maps are drawn for the narrowest
    screen they meet (a phone's column, about 340 px), so western Xinjiang and eastern Heilongjiang are
    never cut off; on a wide column the map just has room around it."""
    import math

    points = np.array(list(_coordinates([feature["geometry"]["coordinates"] for feature in geojson["features"]])))
    (west, south), (east, north) = points.min(axis=0), points.max(axis=0)
    mercator = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    span_x = (east - west) / 360
    span_y = (mercator(north) - mercator(south)) / (2 * math.pi)
    usable = 1 - 2 * margin
    zoom = math.log2(min(width * usable / (512 * span_x), height * usable / (512 * span_y)))
    middle = math.degrees(2 * math.atan(math.exp((mercator(north) + mercator(south)) / 2)) - math.pi / 2)
    return pdk.ViewState(longitude=(west + east) / 2, latitude=middle, zoom=round(zoom, 3), min_zoom=1, max_zoom=7)


def _coordinates(nested):
    """Every (longitude, latitude) pair in nested GeoJSON coordinate lists."""
    if nested and isinstance(nested[0], (int, float)):
        yield nested[:2]
        return
    for item in nested:
        yield from _coordinates(item)


#: The outline of the selected province: amber, drawn over its own colour (which stays visible).
SELECTED_OUTLINE = [245, 158, 11]
#: Hong Kong, Macao and Taiwan: drawn as standard maps of China draw them, grey as outside the sample.
OUTSIDE_SAMPLE_FILL = [221, 221, 221]
#: Polygons smaller than this (square degrees, about 50 km²) are left off the context layer: islets
#: invisible at national scale that would only slow the browser's drawing.
CONTEXT_MIN_AREA = 0.005


def _ring_area(ring) -> float:
    points = np.asarray(ring, dtype=float)
    x, y = points[:, 0], points[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


@functools.cache
def _context_text() -> str:
    """Hong Kong, Macao and Taiwan and the maritime boundary line (:func:`scenarios.geography.map_context`,
    islets dropped) as JSON text: cached as text, so every map gets its own fresh objects."""
    units, lines = [], []
    for feature in geography.map_context()["features"]:
        kind = feature["properties"]["kind"]
        if kind == "outside_sample":
            rings = feature["geometry"]["coordinates"]
            kept = [polygon for polygon in rings if _ring_area(polygon[0]) >= CONTEXT_MIN_AREA] or [
                max(rings, key=lambda polygon: _ring_area(polygon[0]))
            ]
            units.append(
                {
                    "type": "Feature",
                    "properties": feature["properties"],
                    "geometry": {"type": "MultiPolygon", "coordinates": kept},
                }
            )
        elif kind == "maritime_boundary":
            lines += [{"path": line} for line in feature["geometry"]["coordinates"]]
    return json.dumps({"units": units, "lines": lines})


def _context_layers() -> list[pdk.Layer]:
    """The context layers of every map: Hong Kong, Macao and Taiwan grey (not pickable, so the click
    detection redraws only the provinces) and the maritime boundary line."""
    context = json.loads(_context_text())
    return [
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": context["units"]},
            id="outside-sample",
            pickable=False,
            stroked=True,
            filled=True,
            get_fill_color=OUTSIDE_SAMPLE_FILL,
            get_line_color=[255, 255, 255],
            get_line_width=1,
            line_width_units='"pixels"',
        ),
        pdk.Layer(
            "PathLayer",
            context["lines"],
            id="maritime-boundary",
            pickable=False,
            get_path="path",
            get_color=[75, 85, 99],
            get_width=1.5,
            width_units='"pixels"',
        ),
    ]


def _map(
    geojson: dict,
    fills: pd.Series,
    texts: pd.Series,
    value_label: str,
    highlight: str | None,
    language: str,
    height: float = 300,
) -> pdk.Deck:
    """The province GeoJsonLayer on no base map, fitted to the boundaries for a ``height``-pixel map
    (:func:`fitted_view`), and ``highlight`` outlined on a layer of its own above it. Features are new
    dicts sharing the (unchanged) geometries, so the cached boundaries are never modified."""
    features = []
    for feature in geojson["features"]:
        name = feature["properties"]["name_en"]
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    **feature["properties"],
                    "fill": fills.get(name, list(MISSING)),
                    "label": feature["properties"]["name_zh"] if language == "zh" else name,
                    "value_text": texts.get(name, "—"),
                },
            }
        )
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": features},
            id="provinces",
            pickable=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color=[255, 255, 255],
            get_line_width=1,
            line_width_units='"pixels"',
            auto_highlight=True,
            highlight_color=[15, 118, 110, 90],
        )
    ]
    layers += _context_layers()
    selected = [feature for feature in features if feature["properties"]["name_en"] == highlight]
    if selected:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                {"type": "FeatureCollection", "features": selected},
                id="selected",
                pickable=False,
                stroked=True,
                filled=False,
                get_fill_color=[0, 0, 0, 0],
                get_line_color=SELECTED_OUTLINE,
                get_line_width=2,
                line_width_units='"pixels"',
                line_width_min_pixels=2,
                line_width_max_pixels=2,
            )
        )
    return pdk.Deck(
        layers=layers,
        initial_view_state=fitted_view(geojson, height=height),
        map_provider=None,
        tooltip={"html": f"<b>{{label}}</b><br/>{value_label}: {{value_text}}"},
    )


def projection_chart_rows(
    paths: pd.DataFrame,
    *,
    series_labels: dict[str, str],
    peak_year: int | None = 2030,
    peak_label: str = "",
    history: pd.DataFrame | None = None,
    history_label: str = "",
) -> dict[str, pd.DataFrame]:
    """The rows each layer of :func:`projection_chart` draws, by layer name in drawing order ("band",
    "lines", "history", "peak_rule", "peak_text"); a layer with nothing to draw is left out. The arguments
    are :func:`projection_chart`'s."""
    data = paths.assign(label=paths["series"].map(series_labels))
    banded = {"low", "high"} <= set(data.columns)
    if banded:
        data["band"] = [
            f"{low:,.1f}–{high:,.1f}" if low == low and high == high else ""  # NaN != NaN: no band
            for low, high in zip(data["low"].tolist(), data["high"].tolist())
        ]
    rows = {}
    if banded and data[["low", "high"]].notna().any().any():
        rows["band"] = data.dropna(subset=["low", "high"])
    rows["lines"] = data
    if history is not None and len(history):
        rows["history"] = history.assign(label=history_label)
    if peak_year is not None:
        rows["peak_rule"] = rows["peak_text"] = pd.DataFrame({"year": [peak_year], "text": [peak_label]})
    return rows


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
    value_title: str = "Mt CO₂",
    band_title: str = "5–95%",
) -> alt.LayerChart:
    """Baseline, modified baseline and scenario lines with their uncertainty bands.

    ``paths`` is long: ``year, series, value, low, high`` with ``series`` among the keys of
    ``series_labels`` (in drawing order); ``low``/``high`` may be missing (no band). ``history`` (``year,
    value``) draws the observed years in ink. A dashed rule marks ``peak_year``. Tooltips give the value
    under ``value_title`` (its unit) and, on the banded series, the band as "low–high" under ``band_title``.
    Each layer is named as in :func:`projection_chart_rows`, so :func:`with_layer_rows` can give a built
    specification new rows.

    Every encoding is an explicit channel object, never a shorthand string or ``alt.value`` dict: altair
    turns those into channels through ``from_dict``, which rebuilds a table of all its schema classes on
    each call (about 10 ms each, most of the chart's cost on every slider move).
    """
    rows = projection_chart_rows(
        paths,
        series_labels=series_labels,
        peak_year=peak_year,
        peak_label=peak_label,
        history=history,
        history_label=history_label,
    )
    order = list(series_labels)
    scale = alt.Scale(domain=[series_labels[s] for s in order], range=list(SERIES_COLOURS[-len(order) :]))
    colour = alt.Color("label:N", title=None, scale=scale, legend=alt.Legend(orient="top"))
    x = alt.X("year:Q", title=x_title, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
    year_tip = alt.Tooltip("year:Q", title=x_title, format="d")
    value_tip = alt.Tooltip("value:Q", title=value_title, format=",.1f")
    tooltip = [alt.Tooltip("label:N", title=" "), year_tip, value_tip]
    if "band" in rows["lines"].columns:
        tooltip.append(alt.Tooltip("band:N", title=band_title))
    layers = {
        "band": lambda chart: chart.mark_area(opacity=0.15, color=SERIES_COLOURS[-1]).encode(  # only the scenario
            x=x, y=alt.Y("low:Q", title=y_title), y2=alt.Y2("high:Q")
        ),
        "lines": lambda chart: chart.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=colour, tooltip=tooltip),
        "history": lambda chart: chart.mark_line(color="#1f2933", strokeWidth=2).encode(
            x=x, y=y, tooltip=[alt.Tooltip("label:N", title=" "), year_tip, value_tip]
        ),
        "peak_rule": lambda chart: chart.mark_rule(strokeDash=[6, 4], color="#1f2933").encode(x=alt.X("year:Q")),
        "peak_text": lambda chart: chart.mark_text(align="left", dx=4, dy=-6, baseline="top", color="#1f2933").encode(
            x=alt.X("year:Q"), y=alt.YValue(0), text=alt.Text("text:N")
        ),
    }
    return alt.LayerChart(layer=[layers[name](alt.Chart(frame, name=name)) for name, frame in rows.items()]).properties(
        height=300
    )


def series_chart(frame: pd.DataFrame, *, x_title: str, y_title: str, colour_title: str) -> alt.Chart:
    """Lines of ``value`` by ``year`` for each ``province`` (long frame)."""
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=x_title, axis=alt.Axis(format="d")),
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color("province:N", title=colour_title),
            tooltip=[
                alt.Tooltip("province:N", title=colour_title),
                alt.Tooltip("year:Q", title=x_title, format="d"),
                alt.Tooltip("value:Q", title=y_title, format=",.3f"),
            ],
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
            tooltip=[alt.Tooltip("province:N", title=" "), alt.Tooltip("value:Q", title=x_title, format=",.3f")],
        )
        .properties(height=alt.Step(18))
    )


def band_comparison(points: pd.Series, low: pd.Series, high: pd.Series, *, x_title: str) -> alt.Chart:
    """One row per allocation (the index): its point value and a 5-95 % band as a rule, zero marked."""
    frame = pd.DataFrame({"value": points, "low": low, "high": high}).rename_axis("allocation").reset_index()
    axis = alt.Y("allocation:N", title=None, sort=None)
    band = (
        alt.Chart(frame)
        .mark_rule(strokeWidth=3, color="#94a3b8")
        .encode(x=alt.X("low:Q", title=x_title), x2="high:Q", y=axis)
    )
    point = (
        alt.Chart(frame)
        .mark_point(filled=True, size=90, color="#0f766e")
        .encode(
            x="value:Q",
            y=axis,
            tooltip=[
                "allocation:N",
                alt.Tooltip("value:Q", format=",.1f"),
                alt.Tooltip("low:Q", format=",.1f"),
                alt.Tooltip("high:Q", format=",.1f"),
            ],
        )
    )
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


def comparison_chart(
    paths: pd.DataFrame,
    *,
    x_title: str,
    y_title: str,
    peak_year: int = 2030,
    peak_label: str = "",
    value_title: str = "Mt CO₂",
    baselines: int = 1,
) -> alt.LayerChart:
    """One line per named scenario (long frame ``year, series, value``; the first ``baselines`` series are
    baselines, drawn dashed, the first of them grey) and a dashed mark at ``peak_year``."""
    x = alt.X("year:Q", title=x_title, axis=alt.Axis(format="d"))
    order = list(dict.fromkeys(paths["series"]))
    lines = (
        alt.Chart(paths)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=420),
                scale=alt.Scale(domain=order, range=COMPARISON_COLOURS[: len(order)]),
            ),
            strokeDash=alt.condition(
                alt.FieldOneOfPredicate(field="series", oneOf=order[:baselines]), alt.value([5, 3]), alt.value([1, 0])
            ),
            tooltip=[
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("year:Q", title=x_title, format="d"),
                alt.Tooltip("value:Q", title=value_title, format=",.1f"),
            ],
        )
    )
    rule = pd.DataFrame({"year": [peak_year], "text": [peak_label]})
    return alt.LayerChart(
        layer=[
            lines,
            alt.Chart(rule).mark_rule(strokeDash=[6, 4], color="#1f2933").encode(x="year:Q"),
            alt.Chart(rule)
            .mark_text(align="left", dx=4, dy=-6, baseline="top")
            .encode(x="year:Q", y=alt.value(0), text="text:N"),
        ]
    ).properties(height=340)


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a plain Vega-Lite specification (data inline), for ``st.vega_lite_chart``: what
    ``st.altair_chart`` sends, without its conversion work on every run. ``chart`` is consumed: its data
    frames are replaced by their values.

    Not validated here: the builders above are validated by their tests. Each frame becomes plain JSON
    values (missing as null) before altair sees it, skipping altair's column-by-column sanitising, which
    is most of ``to_dict``'s time; the values stay inline in each layer (a few hundred rows), where
    Streamlit sends them as they are instead of converting named datasets to Arrow on every run. Altair's default theme only adds a 300 x 300 default view size, which
    Streamlit's own conversion leaves out (it switches the theme off around ``to_dict``, a global
    setting); it is removed here so the chart sizes to its container as before.
    """
    for part in getattr(chart, "layer", None) or [chart]:
        if isinstance(part.data, pd.DataFrame):
            part.data = alt.InlineData(values=_json_records(part.data))
    if isinstance(chart.data, pd.DataFrame):
        chart.data = alt.InlineData(values=_json_records(chart.data))
    spec = chart.to_dict(validate=False)
    view = spec.get("config", {}).get("view", {})
    for key in ("continuousWidth", "continuousHeight"):
        view.pop(key, None)
    if "view" in spec.get("config", {}) and not view:
        del spec["config"]["view"]
    if "config" in spec and not spec["config"]:
        del spec["config"]
    datasets = spec.pop("datasets", {})
    for part in spec.get("layer", []):
        if part.get("data", {}).get("name") in datasets:
            part["data"] = {"values": datasets[part["data"]["name"]]}
    if datasets and spec.get("data", {}).get("name") in datasets:
        spec["data"] = {"values": datasets[spec["data"]["name"]]}
    return spec


def with_layer_rows(spec: dict, rows: dict[str, pd.DataFrame]) -> dict:
    """A copy of ``spec`` (a layered chart's :func:`vega_lite_spec`) in which every layer named in ``rows``
    draws those rows instead: a chart whose shape is already built takes new numbers without altair (whose
    building and conversion are most of a slider move's work). The layer names must be the same as when
    ``spec`` was built (as :func:`projection_chart_rows` guarantees for equal arguments but the paths)."""
    if [layer.get("name") for layer in spec["layer"]] != list(rows):
        raise ValueError(f"the chart's layers {[layer.get('name') for layer in spec['layer']]} are not {list(rows)}")
    layers = [{**layer, "data": {"values": _json_records(rows[layer["name"]])}} for layer in spec["layer"]]
    return {**spec, "layer": layers}


def _json_records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as JSON-ready dictionaries: Python numbers and strings, missing values None."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")
