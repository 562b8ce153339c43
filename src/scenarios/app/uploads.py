"""Uploads on the Data page: a yearbook panel, and CEADs workbooks merged into the panel in use.

A file is parsed once (remembered by its upload id), never executed. A panel whose content is the demo's
(a copy of data/demo_panel.csv, with or without its ``data`` column, or a file that still carries that
column's "synthetic demo" label) stays labelled synthetic (:func:`scenarios.data.demo.as_labelled`): renaming
the file does not make its numbers real. When it has problems, the
:class:`~scenarios.errors.InputError` messages are shown where the file was dropped and the panel in use
stays loaded: a bad upload loses nothing.
"""

from __future__ import annotations

import streamlit as st

from scenarios.app import cache, state
from scenarios.app.state import t
from scenarios.app.text import plain
from scenarios.errors import InputError

_PANEL_ID, _PANEL_ERROR = "_panel_upload_id", "_panel_upload_error"
_CEADS_RESULT = "_ceads_result"


def show_problems(error: InputError, headline: str) -> None:
    """An error box: the headline, then every problem on its own line (file, row, column, message), shown
    as text: the file name and the cells quoted come from the upload."""
    lines = "\n".join(f"- {plain(problem)}" for problem in error.problems)
    st.error(f"{headline}\n\n{lines}", icon=":material/error:")


def localised_dropzone(key: str, types: str) -> None:
    """In Chinese, the uploader ``key``'s own words (its "Upload" button and its size and type line, which
    Streamlit draws in English whatever the label) replaced through CSS by the catalogue's."""
    if state.language() == "en":
        return
    limit = st.get_option("server.maxUploadSize")
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    st.html(
        f"<style>{scope} button p, {scope} [data-testid='stFileUploaderDropzoneInstructions'] span"
        " { font-size: 0 !important; visibility: hidden; }"
        f" {scope} button p::after {{ content: '{t('data.upload_button')}'; font-size: 0.875rem; visibility: visible; }}"
        f" {scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after"
        f" {{ content: '{t('data.upload_limit', size=limit, types=types)}'; font-size: 0.875rem; visibility: visible; }}</style>"
    )


def panel_uploader() -> None:
    from scenarios.data.demo import as_labelled
    from scenarios.data.panel import load_panel

    localised_dropzone("panel_upload", "CSV、XLSX")
    upload = st.file_uploader(t("data.upload"), type=["csv", "xlsx"], help=t("data.upload_help"), key="panel_upload")
    if upload is not None and st.session_state.get(_PANEL_ID) != upload.file_id:
        st.session_state[_PANEL_ID] = upload.file_id
        try:
            panel = as_labelled(load_panel(upload.getvalue(), name=upload.name))
        except InputError as problem:
            st.session_state[_PANEL_ERROR] = (upload.name, problem)
        else:
            st.session_state.pop(_PANEL_ERROR, None)
            st.session_state[state.PANEL] = panel
            state.notify(
                t(
                    "data.loaded_demo" if panel.synthetic else "data.loaded",
                    name=plain(upload.name),
                    rows=len(panel.raw),
                )
            )
            st.rerun()  # the sidebar and banner were drawn with the previous panel
    if upload is None:
        st.session_state.pop(_PANEL_ID, None)
        st.session_state.pop(_PANEL_ERROR, None)
    if _PANEL_ERROR in st.session_state:
        name, error = st.session_state[_PANEL_ERROR]
        show_problems(error, t("data.upload_failed", name=plain(name), count=f"{error.count:,}"))


def ceads_uploader() -> None:
    from scenarios.data.ceads import merge_into_panel, read_ceads
    from scenarios.data.panel import panel_from_frame

    localised_dropzone("ceads_upload", "XLSX、ZIP")
    files = st.file_uploader(
        t("data.ceads_upload"), type=["xlsx", "zip"], accept_multiple_files=True, key="ceads_upload"
    )
    scope = st.radio(
        t("data.ceads_scope"),
        ["1", "1+2"],
        horizontal=True,
        key="ceads_scope",
        format_func=lambda s: t(f"data.ceads_scope_{s.replace('+', '_')}"),
    )
    overwrite = st.checkbox(t("data.ceads_overwrite"), key="ceads_overwrite")
    if files and st.button(t("data.ceads_merge"), icon=":material/merge:"):
        current = cache.current_panel()
        try:
            imported = read_ceads([(f.name, f.getvalue()) for f in files], scope=scope)
            merge = merge_into_panel(current.raw, imported, overwrite=overwrite)
            merged = panel_from_frame(merge.panel, source=f"{current.source} + CEADs", synthetic=current.synthetic)
        except InputError as error:
            st.session_state[_CEADS_RESULT] = error
        else:
            st.session_state[_CEADS_RESULT] = merge.summary
            st.session_state[state.PANEL] = merged
            state.notify(t("data.ceads_merged", count=len(files)))
            st.rerun()
    result = st.session_state.get(_CEADS_RESULT)
    if isinstance(result, InputError):
        show_problems(result, t("data.ceads_failed"))
    elif result:
        st.code(result, language=None)
