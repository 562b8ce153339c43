"""The app's address as the browser reaches it, without the page: share links keep a base path."""

import pytest

from scenarios.app.state import app_base_url


@pytest.mark.parametrize(
    ("browser_url", "page", "base"),
    [
        ("http://localhost:8501/explorer", "explorer", "http://localhost:8501"),
        ("http://localhost:8501", "overview", "http://localhost:8501"),
        ("http://localhost:8501/", "overview", "http://localhost:8501"),
        ("https://example.org/briefing/tool/share", "share", "https://example.org/briefing/tool"),
        ("https://example.org/briefing/tool", "overview", "https://example.org/briefing/tool"),
        # a prefix that happens to end like a page is kept when another page is shown
        ("https://example.org/data/explorer", "explorer", "https://example.org/data"),
        ("https://example.org/data", "overview", "https://example.org/data"),
    ],
)
def test_base_url_drops_only_the_current_page(browser_url, page, base):
    assert app_base_url(browser_url, page) == base


def test_without_a_browser_url_the_configured_base_path_is_kept(monkeypatch):
    import streamlit as st

    options = {"server.baseUrlPath": "/tool/", "server.port": 8600}
    monkeypatch.setattr(st, "get_option", options.__getitem__)
    assert app_base_url(None, "share") == "http://localhost:8600/tool"
