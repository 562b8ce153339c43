"""The explorer's chart: its specification equals altair's own, and the cache key covers what it shows."""

from __future__ import annotations

import json

import pytest

from scenarios.app import charts, layout
from scenarios.app.i18n import translate
from scenarios.data.demo import load_demo_panel
from scenarios.projection.engine import project
from scenarios.projection.scenario import Scenario

from .conftest import assert_clean, open_app


def _content(growth: float = 12.0, horizon: int = 2060) -> dict:
    panel = load_demo_panel()
    frame = project(Scenario(import_growth=growth, horizon=horizon), panel).national.query("industry == 'total'")
    history = panel.raw.groupby("year", as_index=False)["co2_total"].sum().rename(columns={"co2_total": "value"})
    paths, history = layout.emission_paths(frame, history)
    return {
        "paths": paths,
        "series_labels": {run: run for run in layout.RUNS},
        "peak_year": 2030,
        "peak_label": "peak",
        "history": history,
        "history_label": "observed",
    }


def _chart(growth: float = 12.0, horizon: int = 2060) -> charts.alt.LayerChart:
    return charts.projection_chart(**_content(growth, horizon), x_title="Year", y_title="Mt CO2")


def test_spec_is_altairs_own_without_the_default_view_size():
    """The fast conversion gives the validated ``to_dict`` of the same chart (data included), less the
    default theme's 300 x 300 view that Streamlit's conversion leaves out too; strict JSON (no NaN)."""
    fast = charts.vega_lite_spec(_chart())
    reference = _chart().to_dict()  # validated, altair's own data conversion
    assert reference["config"].pop("view") == {"continuousWidth": 300, "continuousHeight": 300}
    if not reference["config"]:
        del reference["config"]
    datasets = reference.pop("datasets")
    for layer in reference["layer"]:  # the fast spec carries each layer's rows inline
        layer["data"] = {"values": datasets[layer["data"]["name"]]}
    assert fast == reference
    assert json.loads(json.dumps(fast, allow_nan=False)) == fast
    band = next(layer for layer in fast["layer"] if layer["mark"]["type"] == "area")
    assert band["data"]["values"] and all(row["low"] is not None for row in band["data"]["values"])


def test_new_rows_in_a_built_shape_equal_a_chart_built_afresh():
    """What a slider move does on a cache miss: the shape built for one projection takes another's rows
    and is then exactly the specification of a chart built from those rows (here a different horizon
    too, so the rows differ in length, not only in value)."""
    shape = charts.vega_lite_spec(_chart(growth=12.0))
    moved = _content(growth=-4.0, horizon=2045)
    rows = charts.projection_chart_rows(**moved)
    refilled = charts.with_layer_rows(shape, rows)
    assert refilled == charts.vega_lite_spec(_chart(growth=-4.0, horizon=2045))
    assert refilled != shape
    assert [layer["name"] for layer in shape["layer"]] == ["band", "lines", "history", "peak_rule", "peak_text"]


def test_rows_for_other_layers_are_refused():
    """A shape without a history layer cannot take rows that have one (the cache key names the layers)."""
    shape = charts.vega_lite_spec(charts.projection_chart(**{**_content(), "history": None}, x_title="", y_title=""))
    with pytest.raises(ValueError, match="history"):
        charts.with_layer_rows(shape, charts.projection_chart_rows(**_content()))


def _axis_titles(proto) -> set[str]:
    spec = json.loads(proto.spec)
    return {
        layer["encoding"][axis]["title"]
        for layer in spec["layer"]
        for axis in ("x", "y")
        if "title" in layer["encoding"].get(axis, {})
    }


def test_slider_move_and_language_change_the_cached_chart():
    """A slider move redraws the chart with the new projection; the language (part of the key) relabels it."""
    app = open_app(page="explorer")
    before = app.get("vega_lite_chart")[0].proto
    app.slider(key="w.lever.import_growth").set_value(20.0).run()
    assert_clean(app)
    moved = app.get("vega_lite_chart")[0].proto
    assert moved.spec != before.spec or moved.datasets != before.datasets
    app.slider(key="w.lever.import_growth").set_value(5.0).run()
    again = app.get("vega_lite_chart")[0].proto
    assert (again.spec, again.datasets) == (before.spec, before.datasets)  # same key, same chart
    assert "Scenario" in again.spec
    app.sidebar.segmented_control[0].set_value("zh").run()
    assert_clean(app)
    chinese = app.get("vega_lite_chart")[0].proto
    assert _axis_titles(chinese) == {translate("explorer.year_axis", "zh"), translate("explorer.emissions_axis", "zh")}
    assert _axis_titles(again) == {translate("explorer.year_axis", "en"), translate("explorer.emissions_axis", "en")}
