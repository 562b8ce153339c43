"""Every page in 简体中文: no untranslated English a user reads (labels, help texts, options, text,
captions, alerts, metrics, table headings), apart from proper names, abbreviations and units.

The walk reads what AppTest sees of each element. Skipped on purpose: code spans, links, file names, HTML
and CSS the app injects, LaTeX, identifiers (with an underscore or a digit, e.g. ``co2_total``; the
panel's own column names and its ``data`` label column), and the reproduced tables' contents (the paper's row and column labels stay as
published, beside "论文"); their captions are checked.
"""

import re

from scenarios.data.panel import COLUMNS
from scenarios.provenance import LABEL_COLUMN

from .conftest import PAGES, open_app

#: Proper names (authors, journals, estimators, software, the language switch) and abbreviations/units.
ALLOWED = {
    "Li",
    "Wei",
    "Xu",
    "Jiang",
    "Shan",
    "Guan",
    "Atmosphere",
    "Applied",
    "Energy",
    "Scientific",
    "Data",
    "Earth's",
    "Future",
    "Hausman",
    "Stata",
    "Moran",
    "Baron",
    "Kenny",
    "Wald",
    "LM",
    "LR",
    "LISA",
    "VIF",
    "FE",
    "RE",
    "KKT",
    "GDP",
    "CEADs",
    "English",
    "CSV",
    "XLSX",
    "LaTeX",
    "ZIP",
    "JSON",
    "HTML",
    "PDF",
    "MB",
    "PNG",
    "SVG",
    "dpi",
    # the paper's variable symbols (tech = ln of the technology-import stock, ...)
    "ce",
    "tech",
    "gdp",
    "ind",
    "ei",
    "tra",
    "edu",
    "fin",
    "ln",
}
TEXT_ELEMENTS = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "text",
    "error",
    "warning",
    "info",
    "success",
    "toast",
}
CHOICES = {"selectbox", "radio", "multiselect", "button_group", "select_slider"}
SKIPPED = re.compile(
    r"<[^>]+>|:material/\w+:|`[^`]*`|https?://\S+|\$[^$]*\$|\S+\.(?:md|csv|json|xlsx|zip|tex|pdf|html|py)\b"
)
#: A policy, a subsidy and a saved scenario under another W, so every page draws all it can.
QUERY = {"ui_lang": "zh", "g": "8", "gr": "E:10", "s": "50", "ui_cmp1": "甲~v=1&g=12&coef=published-W2"}


def visible_texts(node, found: list[tuple[str, str]]) -> None:
    """(element type, text) of everything ``node`` and its children show."""
    for child in getattr(node, "children", {}).values():
        visible_texts(child, found)
    kind = getattr(node, "type", "")
    for attribute in ("label", "help", "placeholder"):
        value = getattr(node, attribute, None)
        if isinstance(value, str):
            found.append((kind, value))
    if kind in TEXT_ELEMENTS and isinstance(getattr(node, "value", None), str):
        found.append((kind, node.value))
    if kind in CHOICES:
        found += [(kind, str(option)) for option in node.options]
    if kind == "metric":
        found += [(kind, str(node.value)), (kind, str(node.delta))]
    if kind == "dataframe":
        columns = [str(column) for column in node.value.columns]
        if not any("论文" in column for column in columns):
            found += [(kind, column) for column in columns]


def english_words(text: str) -> set[str]:
    words = re.findall(r"[A-Za-z][\w’'\-]*", SKIPPED.sub(" ", text))
    return {
        word
        for word in words
        if not re.search(r"[\d_]", word)
        and word not in ALLOWED
        and word not in {*COLUMNS, LABEL_COLUMN}
        and len(word) > 1
    }


def test_every_page_in_chinese_has_no_untranslated_text():
    untranslated = {}
    for page in PAGES:
        app = open_app(QUERY, page=page)
        assert not app.exception, (page, [e.value for e in app.exception])
        found: list[tuple[str, str]] = []
        visible_texts(app._tree, found)
        assert len(found) > 5, f"the walk found almost nothing on {page}"
        for kind, text in found:
            for word in english_words(text):
                untranslated.setdefault(f"{page}: {word}", f"{kind}: {text[:80]}")
    assert untranslated == {}


def test_the_walk_catches_english():
    assert english_words("已保存 Saved scenario") == {"Saved", "scenario"}
    assert english_words("`co2_total` :material/warning: docs/real-data.md Hausman 检验") == set()
