"""The Optimise page in a real browser: both maps draw offline, and the allocation reaches the share link."""

import os
from pathlib import Path

import pytest

from .conftest import TIMEOUT_MS, wait_for_app

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def test_optimise_maps_and_apply_to_the_link(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/optimise")
    wait_for_app(page)
    page.get_by_role("heading", name="Optimise the subsidy").first.wait_for(timeout=TIMEOUT_MS)
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=TIMEOUT_MS)
    canvases = page.locator('[data-testid="stDeckGlJsonChart"] canvas')
    canvases.nth(1).wait_for(timeout=TIMEOUT_MS)  # the allocation and the marginal values
    page.get_by_text("coefficient draws the optimum avoids more").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(2000)
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / "optimise.png"), full_page=True)
    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts
    page.get_by_role("button", name="Apply this allocation to the current scenario").click()
    page.wait_for_function("() => window.location.search.includes('sa=')", timeout=TIMEOUT_MS)
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Scenario explorer").click()
    wait_for_app(page)
    page.get_by_text("Per-province amounts (from the Optimise page)").first.wait_for(timeout=TIMEOUT_MS)
    assert "sa=" in page.evaluate("() => window.location.search")
