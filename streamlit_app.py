"""Entry point: `streamlit run streamlit_app.py`."""

import streamlit as st

st.set_page_config(page_title="Technology import & CO2 scenarios", layout="wide")
navigation = st.navigation([st.Page("pages/overview.py", title="Overview", default=True)])
navigation.run()
