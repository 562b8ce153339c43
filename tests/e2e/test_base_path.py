"""A deployment behind a path prefix (``server.baseUrlPath``, as a reverse proxy sets it): the share link
keeps the prefix, and opening it restores the scenario."""

import re

import pytest

from .conftest import TIMEOUT_MS, serve_app, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def prefixed_url(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("prefixed"), "--server.baseUrlPath=briefing/tool") as url:
        yield url


def test_share_link_keeps_the_deployments_base_path(prefixed_url, new_page):
    page = new_page()
    page.goto(f"{prefixed_url}/share?g=9")
    wait_for_app(page)
    code = page.locator('[data-testid="stCode"]').first
    code.wait_for(timeout=TIMEOUT_MS)
    link = code.inner_text().strip()
    assert re.match(re.escape(prefixed_url) + r"/explorer\?", link), link

    opened = new_page()
    opened.goto(link)
    wait_for_app(opened)
    assert "/briefing/tool/explorer" in opened.url
    assert "g=9" in opened.url
