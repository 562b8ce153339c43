"""The explorer's levers live in a fragment: a slider move reruns only it, and still redraws the chart and
writes the share link into the address bar, also after a full rerun (language switch) in between."""

import pytest

from scenarios.app.i18n import translate

from .conftest import TIMEOUT_MS, wait_for_app

pytestmark = pytest.mark.browser


def _query(page, name: str):
    return page.evaluate(f"() => new URLSearchParams(window.location.search).get('{name}')")


def _press(page, label: str, key: str) -> None:
    slider = page.locator('[data-testid="stSlider"]').filter(has_text=label).get_by_role("slider")
    slider.focus()
    slider.press(key)


def test_slider_move_redraws_the_chart_and_updates_the_url(app_url, new_page, tmp_path):
    page = new_page()
    page.goto(f"{app_url}/explorer")
    wait_for_app(page)
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.locator("canvas, svg").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    before = chart.screenshot(path=str(tmp_path / "before.png"))
    metric = page.locator('[data-testid="stMetricValue"]').first.inner_text()

    _press(page, "Technology-import growth, national", "ArrowRight")  # 5.0 -> 5.5 % a year
    page.wait_for_function("() => new URLSearchParams(location.search).get('g') === '5.5'", timeout=TIMEOUT_MS)
    wait_for_app(page)
    page.wait_for_function(
        f"() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText !== {metric!r}", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(1000)
    assert chart.screenshot(path=str(tmp_path / "after.png")) != before

    # a full rerun (the sidebar's language switch) keeps the scenario in the link and adds the language
    page.get_by_test_id("stSidebar").get_by_text("简体中文").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('ui_lang') === 'zh'", timeout=TIMEOUT_MS)
    wait_for_app(page)
    assert _query(page, "g") == "5.5"
    # and the next move, a fragment run again, keeps the language while it changes the growth
    label = translate("lever.import_growth", "zh")
    assert "5.50" in page.locator('[data-testid="stSlider"]').filter(has_text=label).inner_text()
    _press(page, label, "ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('g') === '6'", timeout=TIMEOUT_MS)
    assert _query(page, "ui_lang") == "zh"
    assert not page.get_by_test_id("stException").count()


def test_a_folded_section_draws_its_levers_when_opened_and_they_work(app_url, new_page):
    """The explorer's folded sections are drawn only while open (a slider move does not redraw them):
    opening one reruns the fragment and shows its levers, which move the scenario like any other."""
    page = new_page()
    page.goto(f"{app_url}/explorer")
    wait_for_app(page)
    label = translate("lever.assumptions.gdp_growth", "en")
    assert not page.locator('[data-testid="stSlider"]').filter(has_text=label).count()
    page.get_by_text(translate("explorer.assumptions_detail", "en")).first.click()
    slider = page.locator('[data-testid="stSlider"]').filter(has_text=label)
    slider.wait_for(timeout=TIMEOUT_MS)
    wait_for_app(page)
    before = slider.inner_text()
    for _ in range(5):  # a busy machine may redraw the new slider under the first key press (focus lost)
        _press(page, label, "ArrowRight")
        page.wait_for_timeout(1000)
        if slider.inner_text() != before:
            break
    page.wait_for_function("() => new URLSearchParams(location.search).get('gdp') !== null", timeout=TIMEOUT_MS)
    assert slider.inner_text() != before
    assert not page.get_by_test_id("stException").count()


def test_a_section_in_use_stays_open_when_its_lever_goes_back_to_zero(app_url, new_page):
    """A link with a subsidy opens the subsidy section itself; moving the amount back to zero (the subsidy no
    longer in use) must not fold the section away under the user's hand."""
    page = new_page()
    page.goto(f"{app_url}/explorer?s=5")
    wait_for_app(page)
    label = translate("lever.subsidy.amount", "en")
    slider = page.locator('[data-testid="stSlider"]').filter(has_text=label)
    slider.wait_for(timeout=TIMEOUT_MS)
    _press(page, label, "ArrowLeft")  # 5 -> 0: no subsidy
    page.wait_for_function("() => new URLSearchParams(location.search).get('s') === null", timeout=TIMEOUT_MS)
    wait_for_app(page)
    page.wait_for_timeout(1000)
    assert slider.count() == 1 and slider.is_visible()


def test_a_horizon_within_the_observed_years_opens_with_a_caution_not_an_error(app_url, new_page):
    """A link (or the horizon slider) ending at 2022, before the levers can act on the real anchors, drew an
    error box (the stock's perpetual inventory had no year to run over); now the page says why nothing moves."""
    page = new_page()
    page.goto(f"{app_url}/explorer?h=2022&g=12")
    wait_for_app(page)
    page.get_by_text("The horizon 2022 lies within the years").first.wait_for(timeout=TIMEOUT_MS)
    assert not page.get_by_test_id("stException").count()
    page.locator('[data-testid="stMetric"]').filter(has_text="Emissions in 2022").first.wait_for(timeout=TIMEOUT_MS)
