"""Pairwise technology-import spillovers agree with the projection engine's own and total effects."""

import numpy as np
import pytest

from scenarios.data.demo import load_demo_panel
from scenarios.projection.engine import project
from scenarios.projection.scenario import Scenario
from scenarios.projection.spillovers import sent_and_received, technology_flows


@pytest.fixture(scope="module", params=["published-W1", "published-W3"])
def case(request):
    panel = load_demo_panel()
    # Only technology import moves (no control-variable lever), so the split must account for all of it.
    projection = project(Scenario(import_growth=12.0, coefficients=request.param), panel, draws=20)
    return projection, technology_flows(projection, 2030)


def test_rows_add_up_to_the_engines_total_change_and_the_diagonal_to_its_own_effect(case):
    projection, flows = case
    frame = projection.frame.query("industry == 'total' and year == 2030").set_index("province").loc[flows.index]
    # flow[i, j] = CO2_i (S_tech dtech)_ij, so a row sums CO2_i * delta_log_i and the diagonal is CO2_i * own_i
    np.testing.assert_allclose(flows.sum(axis=1), frame["baseline_mt"] * frame["delta_log"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.diag(flows), frame["baseline_mt"] * frame["own"], rtol=1e-9, atol=1e-12)
    assert list(flows.index) == list(flows.columns) == list(projection.provinces)
    off_diagonal = flows.to_numpy()[~np.eye(len(flows), dtype=bool)]
    assert np.abs(off_diagonal).max() > 1e-3 and np.abs(frame["delta_log"]).min() > 0  # not 0 = 0


def test_sent_and_received_reads_the_column_and_the_row(case):
    _, flows = case
    table = sent_and_received(flows, "Hebei")
    assert "Hebei" not in table.index and len(table) == len(flows) - 1
    assert table.loc["Beijing", "sends"] == flows.loc["Beijing", "Hebei"]
    assert table.loc["Beijing", "receives"] == flows.loc["Hebei", "Beijing"]
