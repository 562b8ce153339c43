"""What every page shares: the sidebar, the synthetic-data banner, notices, and small drawing helpers."""

from __future__ import annotations

import streamlit as st

from scenarios.ui import cache, state
from scenarios.ui.i18n import LANGUAGES
from scenarios.ui.state import t


def sidebar() -> None:
    """Language switch and the data in use, drawn on every page by ``streamlit_app.py``."""
    with st.sidebar:
        state.controlled(
            st.segmented_control,
            "lang",
            state.language(),
            lambda value: st.session_state.update({state.LANG: value or state.language()}),
            label=t("app.language"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
        )
        panel = cache.current_panel()
        st.caption(t("sidebar.data"))
        st.markdown(t("sidebar.demo") if panel.synthetic else t("sidebar.uploaded", name=panel.source))


def banner() -> None:
    """The synthetic-data banner, shown at the top of every page while the demo panel is loaded."""
    if cache.current_panel().synthetic:
        st.warning(t("banner.synthetic"), icon=":material/science:")


def show_notices() -> None:
    for message in state.pop_notices():
        st.toast(message, icon=":material/info:")


def synthetic_suffix(synthetic: bool) -> str:
    """A file-name tag, so an export made from the demo panel says so in its very name."""
    return "_synthetic" if synthetic else ""


def downloads(frame, stem: str, key: str) -> None:
    """CSV and LaTeX download buttons for a table (file names tagged synthetic on the demo panel)."""
    stem += synthetic_suffix(cache.current_panel().synthetic)
    left, right = st.columns(2, width=240)
    left.download_button(
        t("repro.download_csv"), frame.to_csv().encode("utf-8"), f"{stem}.csv", "text/csv",
        key=f"csv.{key}", icon=":material/download:", on_click="ignore",
    )
    right.download_button(
        t("repro.download_latex"), frame.to_latex(na_rep="").encode("utf-8"), f"{stem}.tex",
        "application/x-tex", key=f"tex.{key}", icon=":material/download:", on_click="ignore",
    )


def province_label(name: str) -> str:
    """A province's name in the session's language (English names are the keys everywhere else)."""
    return cache.province_names(state.language()).get(name, name)


def real_data_guide() -> None:
    """docs/real-data.md, shown in place (the app serves no files, and works offline)."""
    with st.expander(t("data.real_data"), icon=":material/menu_book:"):
        st.markdown(cache.real_data_guide() or t("data.real_data_missing"))
