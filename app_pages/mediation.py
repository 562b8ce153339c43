"""Reproduction: industrial innovation as mediator (Tables 10, 11) and its bootstrap (Table 13)."""

import streamlit as st

from scenarios.app import cache, layout, tables
from scenarios.app.state import t

st.title(t("page.mediation"))
st.markdown(t("repro.mediation_intro"))
with st.spinner(t("repro.running")):
    reproduction = layout.computed(cache.reproduction, cache.current_panel())

for number in (10, 11, 13):
    tables.show_table(reproduction, number)
