"""A few end-to-end checks in a real browser (Debian chromium via Playwright) against `streamlit run`."""

import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import TIMEOUT_MS, wait_for_app

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _metric_values(page) -> list[str]:
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=TIMEOUT_MS)
    wait_for_app(page)
    return [text.strip() for text in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]


def _settled_metrics(page, expect, timeout_ms: int = TIMEOUT_MS) -> list[str]:
    """The metric values once ``expect(values)`` holds, polling: Streamlit replaces elements as a rerun's
    messages arrive, so right after an event the page may still show the previous run's values."""
    deadline = time.monotonic() + timeout_ms / 1000
    values = _metric_values(page)
    while not expect(values) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        values = _metric_values(page)
    return values


def _move_slider(page, label: str, presses: int) -> None:
    slider = page.locator('[data-testid="stSlider"]').filter(has_text=label).get_by_role("slider")
    slider.focus()
    for _ in range(presses):
        slider.press("ArrowRight")
        page.wait_for_timeout(150)
    page.wait_for_timeout(1500)
    wait_for_app(page)


def test_share_link_round_trip_and_page_switch(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/explorer")
    wait_for_app(page)
    before = _metric_values(page)
    _move_slider(page, "Technology-import growth, national", 6)  # 5.0 -> 8.0 % a year
    page.wait_for_function("() => window.location.search.includes('g=8')", timeout=TIMEOUT_MS)
    after = _settled_metrics(page, lambda values: values != before)
    assert after and after != before

    # switching pages keeps the scenario
    page.get_by_test_id("stSidebarNav").get_by_text("Spillovers").click()
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Scenario explorer").click()
    wait_for_app(page)
    assert "8.00" in page.locator('[data-testid="stSlider"]').filter(has_text="national").inner_text()
    assert _settled_metrics(page, lambda values: values == after) == after

    # the link from the Share page opens the same numbers in a fresh browser context
    page.get_by_test_id("stSidebarNav").get_by_text("Share & export").click()
    wait_for_app(page)
    link = page.locator('[data-testid="stCode"] code').first.inner_text().strip()
    assert urlsplit(link).path == "/explorer" and "g=8" in link
    other = new_page()
    other.goto(app_url + link[link.index("/explorer") :])
    wait_for_app(other)
    assert _settled_metrics(other, lambda values: values == after) == after


def test_map_renders_in_chinese_without_any_request_leaving_the_machine(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/spillovers?anchors=demo&gr=E:10&ui_lang=zh")
    wait_for_app(page)
    page.get_by_role("heading", name="空间溢出").first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text("合成演示数据").count() >= 1
    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(3000)  # let deck.gl ask for anything it would ask for
    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts


def _upload(page, path, attempts: int = 3) -> None:
    """Give the panel uploader ``path`` and wait until it lists the file. Streamlit may replace the
    uploader's input while a run finishes; a file handed to a replaced input is lost, so try again."""
    chip = page.locator('[data-testid="stFileChipName"]').filter(has_text=path.name)
    for _ in range(attempts):
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(path))
        try:
            chip.first.wait_for(timeout=TIMEOUT_MS // 3)
            return
        except PlaywrightTimeout:
            wait_for_app(page)
    pytest.fail(f"the uploader never listed {path.name}")


def test_malformed_upload_shows_its_message(app_url, new_page, tmp_path):
    bad = tmp_path / "broken_panel.csv"
    bad.write_text("province,year,co2_total\nAtlantis,2011,abc\n", encoding="utf-8")
    page = new_page()
    page.goto(f"{app_url}/data")
    wait_for_app(page)
    _upload(page, bad)
    error = page.locator('[data-testid="stAlertContentError"]').filter(has_text="broken_panel.csv")
    try:
        error.first.wait_for(timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        pytest.fail("no error message for the upload; the page showed:\n" + page.locator("body").inner_text())
    assert "row" in error.first.inner_text()
    assert page.get_by_text("Synthetic demo data").count() >= 1  # the demo panel is still loaded
