"""The briefing downloads from the share page in a real browser (made on click, not on every rerun)."""

import pytest

from .conftest import TIMEOUT_MS, wait_for_app

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("label", "magic"), [("Download briefing (PDF)", b"%PDF"), ("Download briefing (HTML)", b"<!DOCTYPE html>")]
)
def test_briefing_downloads(app_url, new_page, tmp_path, label, magic):
    page = new_page()
    page.goto(f"{app_url}/share?anchors=demo&g=8&h=2035")  # the demo: the file name says synthetic
    wait_for_app(page)
    button = page.get_by_role("button", name=label)
    button.wait_for(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.read_bytes().startswith(magic)
    assert "synthetic" in download.value.suggested_filename
