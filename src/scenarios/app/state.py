"""The session's state, and its mirror in the URL.

One canonical value per idea lives in ``st.session_state`` under a plain key (never a widget key):

- ``lang``: "en" or "zh";
- ``panel``: the uploaded :class:`scenarios.data.panel.Panel`, or absent for the demo panel;
- ``data_set``: what the scenario pages project from: "real" (the real anchors, default), "demo" (the
  synthetic demo panel) or "panel" (the uploaded panel, which cannot travel in a link);
- ``scenario``: the current :class:`scenarios.projection.scenario.Scenario`;
- ``compare``: ``{name: Scenario}``, the scenarios saved for comparison;
- ``views``: ``{view name: value}``, what each page shows (province, industry, W, ...);
- ``optimise``: the Optimise page's settings that differ from its defaults.

Widgets are *controlled*: before a widget is drawn its key is set from the canonical value, and its
``on_change`` callback writes the new value back. So a widget that disappears when the user switches page
loses nothing, and a preset or a link can replace the state wholesale.

The URL mirrors the state on every run (``sync_query``): the scenario through the scenario engine's codec
(``scenarios.projection.link``), plus the app's ``ui_`` keys: ``ui_lang``, the views (``ui_<view>``), the
Optimise page's changed settings (``ui_opt_<setting>``, :mod:`scenarios.app.optimise_settings`), the saved
scenarios (``ui_cmp1``, ``ui_cmp2``... each ``name~<encoded scenario>``, at most :data:`MAX_SAVED`), and
``ui_upload=1`` while an uploaded panel is in use (:data:`UI_USER_PANEL`). A new
session seeds its state from the URL once (``seed_from_query``); what it cannot read becomes a notice, never
an error page. Whatever the link carries is shown through :func:`scenarios.app.text.plain` (text, never
Markdown).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from scenarios.app import optimise_settings
from scenarios.app.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from scenarios.app.text import plain
from scenarios.projection import link as share_link
from scenarios.projection.scenario import Scenario

LANG, PANEL, SCENARIO, COMPARE, VIEWS, NOTICES, SEEDED, DATA, OPTIMISE = (
    "lang",
    "panel",
    "scenario",
    "compare",
    "views",
    "notices",
    "_seeded",
    "data_set",
    "optimise",
)
#: The data sets the scenario pages project from: the link's two, and the uploaded panel.
DATA_SETS = (*share_link.DATA_SETS, "panel")
#: Pages that show projections (the data set choice applies to them; the others show the panel).
SCENARIO_PAGES = ("explorer", "spillovers", "compare", "share", "optimise")
#: Separates a saved scenario's name from its encoded levers inside one ``cmp`` parameter.
COMPARE_SEPARATOR = "~"
#: Most saved scenarios a session keeps and a link carries: each costs a projection on the Compare page
#: (200 of them once cost 37.6 s of server CPU), and a comparison of more is no longer readable.
MAX_SAVED = 12


@dataclass(frozen=True)
class View:
    """A page setting that belongs in the link: its default and the values it may take."""

    default: str
    allowed: Callable[[str], bool]


def _one_of(*values: str) -> Callable[[str], bool]:
    return lambda value: value in values


def _any_province(value: str) -> bool:
    from scenarios.geography import sample_provinces

    return value in sample_provinces()


INDUSTRIES = ("total", "steel", "building_materials", "nonferrous", "petrochemical")
WEIGHT_KINDS = ("W1", "W2", "W3")

VIEWS_SPEC: dict[str, View] = {
    "explorer": View("national", _one_of("national", "province", "industry")),
    "province": View("Jiangsu", _any_province),
    "industry": View("total", _one_of(*INDUSTRIES)),
    "spill_metric": View("own", _one_of("own", "received")),
    "spill_province": View("Jiangsu", _any_province),
    "repro_w": View("W1", _one_of(*WEIGHT_KINDS)),
    "lisa_variable": View("ce", _one_of("ce", "tech")),
    "series_variable": View("co2_total", lambda value: bool(value) and len(value) < 64),
}


def t(key: str, **values: object) -> str:
    """The catalogue string for ``key`` in the session's language."""
    return translate(key, language(), **values)


def language() -> str:
    return st.session_state.get(LANG, DEFAULT_LANGUAGE)


def scenario() -> Scenario:
    if SCENARIO not in st.session_state:
        st.session_state[SCENARIO] = Scenario()
    return st.session_state[SCENARIO]


def set_scenario(new: Scenario) -> None:
    st.session_state[SCENARIO] = new


def data_set() -> str:
    """What the scenario pages project from (:data:`DATA_SETS`): "panel" only while a panel is loaded."""
    chosen = st.session_state.get(DATA, DATA_SETS[0])
    return DATA_SETS[0] if chosen == "panel" and PANEL not in st.session_state else chosen


def set_data_set(value: str) -> None:
    """Choose the scenario pages' data set; the real anchors take published coefficients only."""
    st.session_state[DATA] = value
    current = scenario()
    if value == "real" and current.source == "estimated":
        set_scenario(current.with_(coefficients=f"published-{current.matrix}"))


def describe(saved: Scenario) -> str:
    """The levers that differ from the defaults, compactly (the share-link query without its version)."""
    query = share_link.encode(saved)
    return "&".join(part for part in query.split("&") if not part.startswith(("v=", "n="))) or "—"


def compared() -> dict[str, Scenario]:
    return st.session_state.setdefault(COMPARE, {})


def view(name: str) -> str:
    return st.session_state.setdefault(VIEWS, {}).get(name, VIEWS_SPEC[name].default)


def set_view(name: str, value: str) -> None:
    st.session_state.setdefault(VIEWS, {})[name] = value


def view_control(widget: Callable[..., Any], name: str, *, key: str | None = None, value: Any = None, **kwargs):
    """Draw ``widget`` bound to the view setting ``name`` (:data:`VIEWS_SPEC`, carried in the link): it
    shows ``value`` (by default the setting) and a change sets it; a widget that can be cleared (a segmented
    control clicked twice) keeps the setting. ``key`` names the widget when it is not ``name``."""
    shown = view(name) if value is None else value
    return controlled(widget, key or name, shown, lambda chosen: set_view(name, chosen or view(name)), **kwargs)


def optimise_page_settings(defaults: dict[str, Any]) -> dict[str, Any]:
    """The Optimise page's settings: ``defaults`` (:func:`scenarios.app.optimise_settings.defaults`) with
    what the user or the link changed."""
    return {**defaults, **st.session_state.get(OPTIMISE, {})}


def set_optimise_page_settings(chosen: dict[str, Any], defaults: dict[str, Any]) -> None:
    """Keep the Optimise page's ``chosen`` settings: those that differ from ``defaults`` go into the link."""
    st.session_state[OPTIMISE] = {name: value for name, value in chosen.items() if value != defaults[name]}


def remembered(name: str, default: Any) -> Any:
    """A value the session keeps for a widget that is not part of the link (``default`` until set)."""
    return st.session_state.get(f"remembered.{name}", default)


def remember(name: str, value: Any) -> None:
    st.session_state[f"remembered.{name}"] = value


def has_user_panel() -> bool:
    """Whether the user's own panel is in use (else the default data)."""
    return PANEL in st.session_state


def drop_user_panel() -> None:
    """Go back to the default data."""
    st.session_state.pop(PANEL, None)


def visit(page: str) -> None:
    """Remember the page being drawn; the share link opens on the last page that is not Share itself."""
    st.session_state["page"] = page
    if page != "share":
        st.session_state["last_page"] = page


def last_page() -> str:
    return st.session_state.get("last_page", "explorer")


def notify(message: str) -> None:
    """Queue a notice to show as a toast on the next draw (survives a page switch)."""
    st.session_state.setdefault(NOTICES, []).append(message)


def pop_notices() -> list[str]:
    return st.session_state.pop(NOTICES, [])


# --- the URL ---------------------------------------------------------------------------------------
# The scenario codec owns every key except those starting with "ui_", which are the app's.

UI_LANG = share_link.UI_PREFIX + "lang"
UI_COMPARE = share_link.UI_PREFIX + "cmp"
#: Marks a link made while an uploaded panel was in use: the upload lives only in the server's memory, so a
#: session that opens the link without it (after a server restart, or someone else) is told so.
UI_USER_PANEL = share_link.UI_PREFIX + "upload"


def seed_from_query(query: dict[str, list[str]]) -> None:
    """Set the session's state from a link's query parameters, once per session.

    ``query`` maps each parameter to its values. The scenario codec reads the scenario and the app reads
    its ``ui_`` keys; whatever is unknown or damaged becomes a notice and the default is kept.
    """
    if st.session_state.get(SEEDED):
        return
    st.session_state[SEEDED] = True
    if not query:
        return
    decoded, notices = share_link.decode(query)
    set_scenario(decoded)
    set_data_set(share_link.data_set(query))
    if scenario() != decoded:  # the real anchors take published coefficients only
        notices.append(t("notice.published_only", coefficients=decoded.coefficients))
    for notice in notices:
        notify(t("notice.link_problem", message=plain(notice)))
    ui = share_link.ui_state(query)
    saved = [key for key in ui if key.startswith(UI_COMPARE)]
    if len(saved) > MAX_SAVED:
        notify(t("notice.too_many_saved", count=len(saved), kept=MAX_SAVED))
    for key, value in ui.items():
        if key not in saved[MAX_SAVED:]:
            _seed_ui(key, value)


def _seed_ui(key: str, value: str) -> None:
    name = key[len(share_link.UI_PREFIX) :]
    if key == UI_LANG:
        if value in LANGUAGES:
            st.session_state[LANG] = value
        else:
            notify(t("notice.bad_value", name=plain(key), value=plain(value[:40])))
    elif key.startswith(UI_COMPARE):
        label, _, encoded = value.partition(COMPARE_SEPARATOR)
        saved, notices = share_link.decode(encoded)
        for notice in notices:
            notify(t("notice.link_problem", message=plain(f"{label[:40]}: {notice}")))
        if label.strip():
            compared()[label.strip()[:40]] = saved
    elif key == UI_USER_PANEL:
        if value == "1" and PANEL not in st.session_state:
            notify(t("notice.panel_not_kept"))
    elif name.startswith(optimise_settings.PREFIX):
        try:
            setting, chosen = optimise_settings.from_link(name, value)
        except ValueError as error:
            notify(t("notice.link_problem", message=plain(f"{key[:40]} {error}")))
        else:
            st.session_state.setdefault(OPTIMISE, {})[setting] = chosen
    elif name not in VIEWS_SPEC:
        notify(t("notice.unknown_parameter", name=plain(key[:40])))
    elif not VIEWS_SPEC[name].allowed(value):
        notify(t("notice.bad_value", name=plain(key), value=plain(value[:40])))
    else:
        set_view(name, value)


def ui_params() -> dict[str, str]:
    """The app's part of the link: language, views that differ from their default, saved scenarios."""
    params = {UI_LANG: language()} if language() != DEFAULT_LANGUAGE else {}
    if PANEL in st.session_state:
        params[UI_USER_PANEL] = "1"
    params.update(
        {share_link.UI_PREFIX + name: view(name) for name, spec in VIEWS_SPEC.items() if view(name) != spec.default}
    )
    chosen = optimise_settings.to_link(st.session_state.get(OPTIMISE, {}))
    params.update({share_link.UI_PREFIX + name: text for name, text in chosen.items()})
    params.update(
        {
            f"{UI_COMPARE}{i}": f"{label}{COMPARE_SEPARATOR}{share_link.encode(saved)}"
            for i, (label, saved) in enumerate(list(compared().items())[:MAX_SAVED], start=1)
        }
    )
    return params


def query_string() -> str:
    """The whole state as a query string (without ``?``)."""
    chosen = data_set()  # a loaded panel cannot travel: its link opens on the real anchors
    return share_link.encode(scenario(), ui=ui_params(), data=chosen if chosen in share_link.DATA_SETS else "real")


def sync_query() -> None:
    """Write the state into the browser's URL (no rerun), so the address bar is always the share link."""
    wanted = dict(urllib.parse.parse_qsl(query_string(), keep_blank_values=True))
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def app_base_url(browser_url: str | None, current_page: str | None) -> str:
    """Where the app lives, as the user's browser reaches it: scheme, host and base path, no page.

    ``browser_url`` is ``st.context.url`` (the address bar without the query), which ends with the
    current page's url path unless that page is the default one. Keeping the rest of the path keeps a
    deployment's ``server.baseUrlPath`` and a reverse proxy's prefix in every share link.
    """
    if not browser_url:
        base_path = str(st.get_option("server.baseUrlPath") or "").strip("/")
        port = st.get_option("server.port") or 8501
        return f"http://localhost:{port}" + (f"/{base_path}" if base_path else "")
    parts = urllib.parse.urlsplit(browser_url)
    path = parts.path.rstrip("/")
    if current_page and path.endswith(f"/{current_page}"):
        path = path[: -len(current_page) - 1]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def share_url(page_path: str) -> str:
    """The full link to the current state on page ``page_path`` (the page's ``url_path``)."""
    return f"{app_base_url(st.context.url, st.session_state.get('page'))}/{page_path}?{query_string()}"


def controlled(widget: Callable[..., Any], key: str, value: Any, on_change: Callable[[Any], None], **kwargs):
    """Draw ``widget`` showing ``value``; when the user changes it, call ``on_change(new value)``.

    The widget's value is written only when it differs from the canonical one (after a page switch, a
    preset, a link): a value written through the session state is pushed to the browser, and pushing it
    on every run would snap a slider back while the user is still moving it.
    """
    widget_key = f"w.{key}"
    if widget_key not in st.session_state or st.session_state[widget_key] != value:
        st.session_state[widget_key] = value
    return widget(key=widget_key, on_change=lambda: on_change(st.session_state[widget_key]), **kwargs)
