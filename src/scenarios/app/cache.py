"""Cached computations shared by every session.

Whatever is cached here is shared between sessions, so it is immutable: frozen dataclasses with read-only
arrays (``Panel``, ``SpatialWeights``, results objects whose properties return copies), or plain data
through ``st.cache_data`` (which hands each caller its own copy). Nothing here is mutated after it is
built; ``tests/app/test_caching.py`` checks that a full tour of the app leaves them as they were.

Costly results are keyed by the panel's fingerprint (a hash of its raw data), never by the object, so an
uploaded panel gets its own entries and the demo panel's entries are reused by everyone. Every cache keyed
by a panel is bounded (``max_entries``, least recently used dropped first), so memory does not grow with
every panel uploaded: :data:`PANELS_KEPT` panels' reproductions (about 20-40 MB each), more of the small
tables. tests/app/test_caching.py uploads 20 distinct panels and checks the ceiling.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pandas as pd
import streamlit as st

from scenarios.app import state
from scenarios.app.state import PANEL
from scenarios.data.panel import Panel
from scenarios.geography import SpatialWeights, provinces, spatial_weights
from scenarios.paths import DATA_DIR


@st.cache_resource(show_spinner=False)
def demo_panel() -> Panel:
    from scenarios.data.demo import load_demo_panel

    return load_demo_panel()


def current_panel() -> Panel:
    """The uploaded panel if there is one, else the synthetic demo panel."""
    return st.session_state.get(PANEL) or demo_panel()


@st.cache_resource(show_spinner=False)
def real_anchors():
    """The real anchor tables (frozen; every property returns a copy)."""
    from scenarios.data.anchors import real_anchors as load

    return load()


@st.cache_data(show_spinner=False)
def real_anchor_table() -> pd.DataFrame:
    """The real anchor table, one row per province and year, as ``python -m scenarios anchors`` writes it."""
    return real_anchors().table()


def scenario_data():
    """What the scenario pages project from: the real anchors (default), the demo panel or the upload."""
    chosen = state.data_set()
    if chosen == "real":
        return real_anchors()
    return st.session_state[PANEL] if chosen == "panel" else demo_panel()


@st.cache_resource(show_spinner=False)
def weights(kind: str) -> SpatialWeights:
    """A row-standardised spatial weight matrix ("W1", "W2", "W3"); frozen, read-only matrix."""
    return spatial_weights(kind)


#: Coverage-simplification tolerance (degrees, about 15 km) of the maps' province outlines.
MAP_TOLERANCE = 0.15
#: Polygon parts smaller than this (square degrees, about 100 km2) are left off the maps.
MAP_MIN_AREA = 0.01


@st.cache_resource(show_spinner=False)
def boundaries() -> dict:
    """Province boundaries for the interactive maps (GeoJSON), shared read-only: chart builders copy what
    they change.

    ``data/provinces.geojson`` simplified again with GEOS coverage simplification (shapely), which keeps
    shared borders shared, to about a tenth of its vertices: deck.gl picks the clicked province by drawing
    every polygon once more, and in a browser without a GPU (software WebGL) that took over 250 ms for the
    full outlines, longer than deck.gl's click recogniser waits between press and release, so a click on
    a province never registered (hover tooltips still worked). Tiny islands are left off.
    """
    import shapely

    from scenarios.geography import boundaries as load

    collection = load()
    shapes = [shapely.geometry.shape(feature["geometry"]) for feature in collection["features"]]
    for feature, simple in zip(collection["features"], shapely.coverage_simplify(shapes, MAP_TOLERANCE)):
        parts = [part for part in getattr(simple, "geoms", [simple]) if part.area >= MAP_MIN_AREA] or [simple]
        geometry = shapely.geometry.mapping(shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0])
        feature["geometry"] = json.loads(json.dumps(geometry))  # tuples to lists, plain JSON
    return collection


@functools.cache
def province_names(language: str) -> MappingProxyType:
    """English province name -> its name in ``language``; read-only. A plain memo, not ``st.cache_data``:
    it is read once per province in every list of provinces drawn (hundreds of times a rerun), where
    Streamlit's hashing and copying of the dictionary on each call cost more than the page's projection."""
    table = provinces()
    return MappingProxyType(dict(zip(table["name_en"], table["name_zh" if language == "zh" else "name_en"])))


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    from scenarios.data.template import write_template

    return write_template()


@st.cache_data(show_spinner=False)
def real_data_guide() -> str | None:
    path = DATA_DIR.parent / "docs" / "real-data.md"
    return path.read_text(encoding="utf-8") if path.exists() else None


#: Panels whose full reproduction stays cached (the demo panel and a few uploads in use at once).
PANELS_KEPT = 4
#: Panels whose small tables (Table 1, real imports: a few kB each) stay cached.
TABLES_KEPT = 32


def _panel_key(panel) -> tuple:
    """A data set's cache key by content: a panel's or the real anchors' fingerprint."""
    return panel.fingerprint, panel.synthetic, getattr(panel, "source", "real anchors")


@st.cache_resource(show_spinner=False, max_entries=PANELS_KEPT, hash_funcs={Panel: _panel_key})
def reproduction(panel: Panel):
    """Every table of the paper computed from ``panel`` beside the published one (seed 0, the paper's
    500 bootstrap replications); a frozen object whose frames are copies."""
    from scenarios.reproduction.reproduce import reproduce

    return reproduce(panel)


@st.cache_data(show_spinner=False, max_entries=TABLES_KEPT, hash_funcs={Panel: _panel_key})
def table1(panel: Panel) -> pd.DataFrame:
    """Table 1 beside the paper's (long form), without running the whole reproduction."""
    from scenarios.reproduction import compare, tables

    return compare.side_by_side(1, tables.table1(panel.analysis))


@st.cache_data(show_spinner=False, max_entries=TABLES_KEPT, hash_funcs={Panel: _panel_key})
def real_imports(panel: Panel) -> pd.DataFrame:
    """Real technology-import expenditure (CNY 100 million at first-year prices), provinces x years.

    Nominal spending deflated by each province's chained fixed-asset investment price index (the
    deflation step of the paper's Eq. 1, as ``scenarios.data.panel`` does it).
    """
    from scenarios.data.panel import chained_deflator

    raw = panel.raw
    deflators = raw.groupby("province", sort=False)["fai_price_index"].transform(
        lambda index: chained_deflator(index.to_numpy())
    )
    real = raw.assign(real=raw["tech_import_expenditure"] / deflators)
    return real.pivot(index="province", columns="year", values="real").reindex(list(panel.provinces))


def _scenario_key(scenario) -> str:
    from scenarios.projection import link as share_link

    return share_link.encode(scenario)


#: How the caches of projections and what depends on them hash their arguments: data sets and scenarios by
#: content (fingerprint, share-link encoding), never by identity.
_BY_CONTENT: dict[str | type[Any], Callable[[Any], Any]] = {
    Panel: _panel_key,
    "scenarios.data.anchors.RealAnchors": _panel_key,
    "scenarios.projection.scenario.Scenario": _scenario_key,
}


def projection_key(panel: Panel, scenario) -> tuple:
    """What a projection depends on, as plain values: the panel's identity and the scenario's encoding
    (the share link's query), the key of :func:`projection` and of every chart drawn from it."""
    return (*_panel_key(panel), _scenario_key(scenario))


@st.cache_data(show_spinner=False, max_entries=256)
def chart_spec(key: tuple, _build) -> dict:
    """The Vega-Lite specification ``_build()`` returns, built once per ``key`` for every session
    (Streamlit hands each caller its own copy).

    ``key`` must name everything the chart shows (e.g. :func:`projection_key`, the series, the language):
    ``_build`` is not part of the key (a leading underscore keeps it out of Streamlit's hash). Building an
    altair chart and converting it is most of a rerun's work; a chart already built is a dictionary lookup.
    """
    return _build()


@st.cache_data(show_spinner=False, max_entries=TABLES_KEPT, hash_funcs=_BY_CONTENT)
def observed_history(data, industry: str, province: str | None) -> pd.DataFrame:
    """Observed emissions (``year, value``, Mt) of one series, national (sum of the 30) or one province:
    the CEADs inventories 1998-2019 for the real anchors (a year where a province has no CEADs figure
    is left out of the national line, not summed as a dip), else the panel's years. It does not depend on
    the levers: computed once per data set and series."""
    from scenarios.projection.coefficients import SERIES_COLUMN

    if hasattr(data, "raw"):
        raw = data.raw if province is None else data.raw[data.raw["province"] == province]
        history = raw.groupby("year", as_index=False)[SERIES_COLUMN[industry]].sum()
        return history.rename(columns={SERIES_COLUMN[industry]: "value"})
    emissions = data.emissions[industry]
    if province is not None:
        emissions = emissions.xs(province, level="province")
    else:
        emissions = emissions.groupby(level="year").sum(min_count=len(data.provinces))
    return pd.DataFrame({"year": emissions.index.astype(int), "value": emissions.to_numpy()}).dropna()


@st.cache_resource(
    show_spinner=False,
    max_entries=128,  # a lever's whole grid (81 notches) and then some: bench/bench_concurrency.py
    hash_funcs=_BY_CONTENT,
)
def projection(panel: Panel, scenario):
    """The projection of ``scenario`` from ``panel`` (immutable: its frames are copies on every access).

    The projection engine keeps its own cache of what does not depend on the levers (eigenvectors,
    coefficient draws, the baseline), so a slider move costs one projection, not a re-estimation.
    """
    from scenarios.projection.engine import project

    return project(scenario, panel)


def projection_anchors(scenario):
    """The anchors the scenario pages project ``scenario`` from (year T, last spending year, levels)."""
    from scenarios.projection.engine import engine_for

    return engine_for(scenario_data(), "published-" + scenario.matrix).anchors


def disabled_levers(scenario) -> frozenset[str]:
    """The levers the data set cannot support (a control variable without a level): their dotted names."""
    from scenarios.projection.engine import disabled_levers as disabled

    return frozenset(disabled(projection_anchors(scenario)))


@st.cache_resource(
    show_spinner=False,
    max_entries=16,
    hash_funcs=_BY_CONTENT,
)
def optimisation(
    panel: Panel,
    scenario,
    budget: float,
    start: int,
    end: int,
    series: str,
    objective: str,
    eligible,
    cap_share: float | None,
    cap_multiple: float | None,
):
    """The optimal allocation of a subsidy (:func:`scenarios.projection.optimise.optimise`) on the scenario's
    cached engine; its robustness over draws is computed once, on first use."""
    from scenarios.projection.engine import engine_for
    from scenarios.projection.optimise import optimise

    return optimise(
        engine_for(panel, scenario.coefficients),
        scenario,
        budget,
        start=start,
        end=end,
        series=series,
        objective=objective,
        eligible=eligible,
        cap_share=cap_share,
        cap_multiple=cap_multiple,
    )


@st.cache_resource(
    show_spinner=False,
    max_entries=16,
    hash_funcs=_BY_CONTENT,
)
def marginal_map(panel: Panel, scenario, start: int, end: int, objective: str):
    """The marginal map without a subsidy (:func:`scenarios.projection.optimise.marginal_map`)."""
    from scenarios.projection.engine import engine_for
    from scenarios.projection.optimise import marginal_map as build

    return build(engine_for(panel, scenario.coefficients), scenario, start=start, end=end, objective=objective)
