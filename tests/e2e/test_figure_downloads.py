"""Figures 2-4 for publication download from the Data page (made on click) in a real browser."""

import pytest

from .conftest import TIMEOUT_MS, wait_for_app

pytestmark = pytest.mark.browser


def test_figure_downloads_as_svg_for_print(app_url, new_page, tmp_path):
    page = new_page()
    page.goto(f"{app_url}/data")
    wait_for_app(page)
    button = page.get_by_role("button", name="SVG (vector)")
    button.wait_for(timeout=3 * TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("figure04") and path.name.endswith(".svg")
    text = path.read_text()
    assert text.startswith("<?xml") and "SYNTHETIC" in text
