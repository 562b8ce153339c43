"""Share and export: the link that restores this exact state, and the scenario as a ZIP."""

import streamlit as st

from scenarios.app import briefing, cache, export, layout, state
from scenarios.app.state import t

st.title(t("page.share"))
scenario = state.scenario()
st.subheader(t("share.link_heading"))
st.caption(t("share.link_help"))
pages = ["overview", "data", "baseline", "spatial", "mediation", "explorer", "spillovers", "compare"]
page = st.selectbox(
    t("share.link_page"),
    pages,
    index=pages.index(state.last_page()),
    format_func=lambda p: t(f"page.{p}"),
    key="share_page",
)
link = state.share_url(page)
st.code(link, language=None, wrap_lines=True)
if state.data_set() == "panel":
    st.caption(t("share.panel_note"))

st.subheader(t("share.export_heading"))
st.caption(t("share.export_contents"))
panel = cache.scenario_data()
projection = layout.computed(cache.projection, panel, scenario)
st.download_button(
    t("share.export_zip"),
    export.scenario_zip(projection, link),
    f"scenario{layout.synthetic_suffix(projection.synthetic)}.zip",
    "application/zip",
    icon=":material/folder_zip:",
    on_click="ignore",
    type="primary",
)
st.caption(t("share.data_note", label=projection.data_label))
if projection.synthetic:
    st.caption(t("share.synthetic_note"))

st.subheader(t("share.briefing_heading"))
st.caption(t("share.briefing_help"))
name = f"briefing{layout.synthetic_suffix(projection.synthetic)}"
pdf_column, html_column = st.columns(2)
language = state.language()
pdf_ready = briefing.pdf_font_available(language)
pdf_column.download_button(
    t("share.briefing_pdf"),
    lambda: briefing.pdf_document(projection, link, language),
    f"{name}.pdf",
    "application/pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
    disabled=not pdf_ready,
    help=None if pdf_ready else t("brief.font_missing"),
)
html_column.download_button(
    t("share.briefing_html"),
    lambda: briefing.html_document(projection, link, language),
    f"{name}.html",
    "text/html",
    icon=":material/article:",
    on_click="ignore",
)
layout.cautions(projection)
with st.expander(t("share.settings_preview")):
    st.caption(t("share.settings_preview_caption"))
    st.dataframe(layout.settings_table(export.settings_frame(scenario)), hide_index=True, width="stretch")
