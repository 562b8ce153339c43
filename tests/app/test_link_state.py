"""What the app does with a link's ``ui_`` part: saved scenarios capped, a lost upload announced, text escaped."""

import re

import pytest

from scenarios.app import state
from scenarios.app.text import WORD_JOINER, plain

from .conftest import assert_clean, open_app


def _toasts(app) -> str:
    return " ".join(toast.value for toast in app.toast)


def test_saved_scenarios_in_a_link_are_capped_with_a_notice():
    query = {f"ui_cmp{i}": f"s{i}~v=1&g={i % 20}" for i in range(1, 41)}
    app = open_app(query)
    assert_clean(app)
    assert len(app.session_state[state.COMPARE]) == state.MAX_SAVED
    assert f"The link carries 40 saved scenarios; only the first {state.MAX_SAVED} were opened." in _toasts(app)


def test_a_link_made_with_an_uploaded_panel_says_the_panel_was_not_kept():
    app = open_app({"g": "8", state.UI_USER_PANEL: "1"})
    assert_clean(app)
    assert "uploaded panel, which the server does not keep" in _toasts(app)
    assert state.UI_USER_PANEL not in app.query_params  # the demo panel is in use now: the mark is gone


def test_values_from_a_link_are_escaped_in_notices():
    app = open_app({"ui_lang": "[x](https://ev.il)", "n": "![](https://evil.example/t.png)", "zz": "<b>"})
    assert "\\[x\\]\\(https\\:" + WORD_JOINER + "\\/\\/ev\\.il\\)" in _toasts(app)


def test_plain_leaves_no_markdown_but_shows_the_same_characters():
    hostile = "# [a](https://b.c) ![](http://d.e/f.png) <img src=x> :red[x] :material/home: $x$ www.g.h i@j.k\nline"
    escaped = plain(hostile)
    assert "\n" not in escaped and "://" not in escaped and not re.search(r"(?<!\\)[#\[\]()!<>:$@]", escaped)
    unescaped = escaped.replace(WORD_JOINER, "")
    for mark in "#[]()!<>:$@./=":
        unescaped = unescaped.replace("\\" + mark, mark)
    assert unescaped == hostile.replace("\n", " ")


def _degenerate_panel(kind: str):
    from scenarios.data.demo import load_demo_panel
    from scenarios.data.panel import panel_from_frame

    raw = load_demo_panel().raw.drop(columns="data")
    if kind == "constant":
        for column in raw.columns[2:]:
            raw[column] = float(raw[column].iloc[0])
    else:  # values near 1e300
        for column in ("co2_total", "gdp_per_capita", "patent_applications", "tech_import_expenditure"):
            raw[column] = raw[column] * 1e297
    return panel_from_frame(raw, source=f"{kind}.csv")


@pytest.mark.parametrize("kind", ["constant", "huge"])
def test_a_degenerate_upload_gives_messages_not_tracebacks_on_every_page(kind):
    from streamlit.testing.v1 import AppTest

    from .conftest import ENTRY, PAGES, TIMEOUT

    panel = _degenerate_panel(kind)
    for page in PAGES:
        app = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT)
        app.session_state[state.PANEL] = panel
        app.run()
        app.switch_page(f"app_pages/{page}.py").run()
        assert not app.exception, (page, [e.stack_trace[-3:] for e in app.exception])
        shown = " ".join(box.value for box in [*app.error, *app.warning])
        assert "Shape of passed values" not in shown and "Traceback" not in shown
