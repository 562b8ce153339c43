"""Reproduction: unit roots (Table 2), two-way fixed effects (Tables 3, 4), robustness (Table 12)."""

import streamlit as st

from scenarios.app import cache, layout, tables
from scenarios.app.state import t

st.title(t("page.baseline"))
st.markdown(t("repro.baseline_intro"))
with st.spinner(t("repro.running")):
    reproduction = layout.computed(cache.reproduction, cache.current_panel())

for number in (3, 4):
    tables.show_table(reproduction, number)
left, right = st.columns(2, gap="large")
with left:
    tables.show_table(reproduction, 2)
with right:
    tables.show_table(reproduction, 12)
if "section_3_1_2" in reproduction.extras:  # absent when the loaded panel cannot support the FE models
    st.markdown(f"**{t('repro.section_3_1_2')}**")
    st.dataframe(tables.as_text(reproduction.extra("section_3_1_2")), width="stretch", hide_index=True)
