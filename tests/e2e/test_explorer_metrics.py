"""Headline numbers in a real browser (explorer, Optimise): every value is shown whole, never cut off."""

from __future__ import annotations

import pytest

from .conftest import TIMEOUT_MS, wait_for_app

pytestmark = pytest.mark.browser

#: The value elements (and what they contain) whose text is wider than their box: cut off with an ellipsis.
CLIPPED = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
    .filter(value => [value, ...value.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
    .map(value => value.innerText)"""


def test_text_values_are_not_cut_off(app_url, new_page):
    """A rising path and a subsidy that raises national CO2 give the two long texts the metrics can hold
    ("no peak before 2030", "no net reduction"); on the standard 1400 px wide screen, with the controls
    beside the chart, both are shown whole (they were "no peak b..." and "no net red..." in three columns)."""
    page = new_page()
    page.goto(f"{app_url}/explorer?g=8&s=100")
    wait_for_app(page)
    peak = page.locator('[data-testid="stMetric"]').filter(has_text="Peak year").first
    peak.wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("no net reduction").first.wait_for(timeout=TIMEOUT_MS)
    assert peak.locator('[data-testid="stMetricValue"]').inner_text().strip() == "no peak before 2030"
    assert page.evaluate(CLIPPED) == []


def test_the_optimise_pages_numbers_are_not_cut_off_in_chinese(app_url, new_page):
    """The Optimise page's four numbers in 简体中文 on the standard screen: "-2,457.4 百万吨" was cut to
    "-2,457.4 百..." in four columns; in a wrapping row each value is whole."""
    page = new_page()
    page.goto(f"{app_url}/optimise?ui_lang=zh&ui_opt_budget=20")
    wait_for_app(page)
    page.locator('[data-testid="stMetric"]').filter(has_text="平均分配").first.wait_for(timeout=TIMEOUT_MS)
    assert page.evaluate(CLIPPED) == []
