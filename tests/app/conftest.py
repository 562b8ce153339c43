"""AppTest fixtures: the real entry script, run in-process (no browser, no server)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "streamlit_app.py"
PAGES = (
    "overview",
    "data",
    "baseline",
    "spatial",
    "mediation",
    "explorer",
    "spillovers",
    "optimise",
    "compare",
    "share",
)
#: The first run of a reproduction page estimates every table (a few seconds on a shared machine).
TIMEOUT = 180


def open_app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    """Run the app once (with ``query`` as the URL's parameters), then switch to ``page`` if given."""
    app = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT)
    app.query_params.update(query or {})
    app.run()
    if page:
        app.switch_page(f"app_pages/{page}.py").run()
    return app


def open_section(app: AppTest, key: str) -> AppTest:
    """Open the explorer's folded section ``key`` (:func:`scenarios.app.layout.lazy_expander`, whose
    contents are drawn only while open), as a click on its header does. Returns the app, rerun."""
    app.session_state[key] = True
    return app.run()


def shown(markdown: str) -> str:
    """What a reader sees of Markdown that ``scenarios.app.text.plain`` escaped: AppTest gives the source."""
    from scenarios.app.text import WORD_JOINER

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def assert_clean(app: AppTest) -> None:
    """No exception element and no error box on the page."""
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


@pytest.fixture
def app_at():
    return open_app
