"""Properties of the CEADs label matching and of the merge, over generated inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.data.ceads import KNOWN_ROWS, PANEL_COLUMNS, TOTAL_LABELS, merge_into_panel
from scenarios.labels import fold


@st.composite
def respelled(draw, labels=(*KNOWN_ROWS, *TOTAL_LABELS, "Scope 1 Total", "Scope 2 Electricity")):
    """A label as another release might spell it: case changed, words joined by spaces/underscores/hyphens."""
    label = draw(st.sampled_from(labels))
    words = label.split()
    separators = st.sampled_from(["", " ", "  ", "_", "-", " _ "])
    joints = draw(st.lists(separators, min_size=len(words), max_size=len(words)))
    text = "".join(word + joint for word, joint in zip(words, joints))
    text = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text)
    return label, text + draw(st.sampled_from(["", " ", "   ", "\t"]))


@given(respelled())
def test_respelled_labels_fold_to_the_original(pair):
    label, text = pair
    assert fold(text) == fold(label)


def test_distinct_labels_stay_distinct():
    keys = [fold(label) for label in (*KNOWN_ROWS, *TOTAL_LABELS[:2])]
    assert len(set(keys)) == len(keys)


cell = st.one_of(st.just(math.nan), st.floats(0.01, 1000, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=12), st.booleans())
def test_merge_statuses_partition_the_cells_and_set_the_values(pairs, overwrite):
    years = list(range(2000, 2000 + len(pairs)))
    panel = pd.DataFrame({"province": "Hebei", "year": years, "co2_total": [p for p, _ in pairs]})
    ceads = pd.DataFrame(
        {
            "province": "Hebei",
            "year": years,
            "total": [c for _, c in pairs],
            "steel": 1.0,
            "building_materials": 1.0,
            "nonferrous": 1.0,
            "petrochemical": 1.0,
        }
    )
    merge = merge_into_panel(panel, ceads, overwrite=overwrite)
    assert merge.counts.sum() == len(pairs) * len(PANEL_COLUMNS)
    report = merge.report[merge.report["column"] == "co2_total"].reset_index(drop=True)
    result = merge.panel["co2_total"].to_numpy()
    for i, (old, new) in enumerate(pairs):
        status = report.loc[i, "status"]
        expected = {"filled": new, "replaced": new, "missing": math.nan}.get(status, old)
        np.testing.assert_equal(result[i], expected)
        assert (status in ("missing", "kept")) == math.isnan(new)
        assert (status in ("filled", "missing")) == math.isnan(old)
        if status == "differs":
            assert not overwrite and not math.isclose(old, new, rel_tol=1e-4, abs_tol=0.005)
