"""In a real browser: the scenario pages open on the real anchors; an ``anchors=demo`` link shows the
synthetic banner (issue 12). Screenshots go to the test's temporary folder."""

import pytest

from .conftest import TIMEOUT_MS, wait_for_app

pytestmark = pytest.mark.browser


def _alerts(page) -> str:
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=TIMEOUT_MS)
    return " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())


def test_explorer_opens_on_real_data_and_a_demo_link_is_synthetic(app_url, new_page, tmp_path):
    page = new_page()
    page.goto(f"{app_url}/explorer?ui_explorer=province&ui_province=Hainan")
    wait_for_app(page)
    alerts = _alerts(page)
    assert "Real provinces" in alerts and "CEADs" in alerts and "Synthetic demo data" not in alerts
    page.get_by_text("Technology-import spending, Hainan, 2018-2023").wait_for(timeout=TIMEOUT_MS)
    wait_for_app(page)
    main = page.get_by_test_id("stMain").inner_text()
    assert "Technology-import spending, Hainan, 2018-2023" in main and "Not reported: 2018" in main
    assert "anchors=" not in page.url
    page.screenshot(path=str(tmp_path / "explorer_real.png"), full_page=True)

    demo = new_page()
    demo.goto(f"{app_url}/explorer?v=2&anchors=demo")
    wait_for_app(demo)
    assert "Synthetic demo data" in _alerts(demo)
    demo.wait_for_function("() => window.location.search.includes('anchors=demo')", timeout=TIMEOUT_MS)
    demo.screenshot(path=str(tmp_path / "explorer_demo.png"), full_page=True)
