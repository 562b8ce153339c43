"""Nothing shared between sessions is ever mutated: a tour of the whole app leaves every cached object
as it was, and the cached objects refuse changes."""

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from scenarios.app import cache
from scenarios.data.demo import load_demo_panel
from scenarios.geography import boundaries, spatial_weights
from scenarios.projection.scenario import Scenario, Subsidy

from .conftest import PAGES, assert_clean, open_app


def _digest(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv().encode()).hexdigest()


def _snapshot() -> dict:
    """Fingerprints of everything the app caches for all sessions (demo panel, W, boundaries, fits, projection)."""
    panel = cache.demo_panel()
    reproduction = cache.reproduction(panel)
    projection = cache.projection(panel, Scenario(import_growth=9.0, subsidy=Subsidy(amount=50.0)))
    return {
        "panel": (_digest(panel.raw), _digest(panel.analysis)),
        "weights": {kind: cache.weights(kind).matrix.tobytes() for kind in ("W1", "W2", "W3")},
        "boundaries": hashlib.sha256(json.dumps(cache.boundaries(), sort_keys=True).encode()).hexdigest(),
        "reproduction": _digest(reproduction.comparisons()),
        "lisa": _digest(reproduction.extra("local_moran")),
        "projection": (_digest(projection.frame), _digest(projection.national)),
    }


def _tour() -> None:
    """Every page, with the widgets that feed cached objects moved."""
    app = open_app({"g": "9", "s": "50", "gr": "E:12"})
    for page in PAGES:
        app.switch_page(f"app_pages/{page}.py").run()
        assert_clean(app)
    app.switch_page("app_pages/explorer.py").run()
    app.slider(key="w.lever.import_growth").set_value(15.0).run()
    app.segmented_control(key="w.explorer_view").set_value("province").run()
    app.switch_page("app_pages/spatial.py").run()
    app.segmented_control(key="w.repro_w").set_value("W3").run()
    app.switch_page("app_pages/spillovers.py").run()
    app.selectbox(key="w.spill_province").set_value("Yunnan").run()
    assert_clean(app)


def test_a_tour_of_the_app_mutates_no_cached_object():
    before = _snapshot()
    _tour()
    assert _snapshot() == before


def test_cached_objects_match_fresh_ones_and_refuse_changes():
    panel = cache.demo_panel()
    pd.testing.assert_frame_equal(panel.raw, load_demo_panel().raw)
    with pytest.raises(AttributeError):  # a frozen dataclass
        panel.source = "changed"
    for kind in ("W1", "W2", "W3"):
        weights = cache.weights(kind)
        assert not weights.matrix.flags.writeable
        np.testing.assert_array_equal(weights.matrix, spatial_weights(kind).matrix)
        with pytest.raises(ValueError):
            weights.matrix[0, 1] = 1.0
    maps, full = cache.boundaries(), boundaries()
    assert [f["properties"] for f in maps["features"]] == [f["properties"] for f in full["features"]]
    # frames handed out are copies: changing one changes nothing cached
    reproduction = cache.reproduction(panel)
    table = reproduction.comparison(3)
    table["ours"] = 0.0
    assert reproduction.comparison(3)["ours"].ne(0.0).any()
    projection = cache.projection(panel, Scenario())
    frame = projection.frame
    frame["scenario_mt"] = -1.0
    assert projection.frame["scenario_mt"].gt(0).all()


def test_uploaded_panels_get_their_own_cache_entries():
    demo = cache.demo_panel()
    from scenarios.data.panel import panel_from_frame

    raw = demo.raw
    raw.loc[raw["year"] == raw["year"].max(), "co2_total"] *= 1.5  # projections start from the last year
    mine = panel_from_frame(raw, source="mine.csv")
    assert cache.reproduction(mine) is not cache.reproduction(demo)
    assert (
        cache.projection(mine, Scenario()).frame["scenario_mt"].sum()
        != cache.projection(demo, Scenario()).frame["scenario_mt"].sum()
    )


def test_twenty_uploaded_panels_stay_under_a_memory_ceiling(monkeypatch):
    """Each panel's reproduction (here a stand-in holding 30 MB, the size of a real one) is dropped once
    cache.PANELS_KEPT newer panels are cached: 20 uploads stay under PANELS_KEPT x 30 MB + 60 MB."""
    import tracemalloc

    import scenarios.reproduction.reproduce as reproduce_module
    from scenarios.data.panel import panel_from_frame

    size = 30 * 2**20
    monkeypatch.setattr(reproduce_module, "reproduce", lambda panel: bytearray(size))
    raw = cache.demo_panel().raw
    panels = [
        panel_from_frame(raw.assign(co2_total=raw["co2_total"] * (1 + i / 100)), source=f"upload{i}.csv")
        for i in range(20)
    ]
    cache.reproduction.clear()
    tracemalloc.start()
    try:
        for panel in panels:
            cache.reproduction(panel)
            cache.table1(panel)
            cache.real_imports(panel)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        cache.reproduction.clear()
    assert held < cache.PANELS_KEPT * size + 60 * 2**20, held / 2**20
