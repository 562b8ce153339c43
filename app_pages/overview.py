"""Overview: what the tool does and for whom, the paper in three lines, where to start."""

import streamlit as st

from scenarios.app.state import t

st.title(t("app.title"))
st.markdown(t("overview.lede"))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("overview.paper_heading"))
    st.caption(t("overview.paper_citation"))
    for n in (1, 2, 3):
        st.markdown(f"{n}. {t(f'overview.finding{n}')}")
    st.subheader(t("overview.model_heading"))
    st.markdown(t("overview.model_text"))
    st.latex(r"y_t = \rho W y_t + X_t \beta + W X_t \theta + \mu + \gamma_t + \varepsilon_t")
    st.latex(r"\Delta y = (I - \rho W)^{-1}(\beta_k I + \theta_k W)\,\Delta x_k")
    st.caption(t("overview.model_caption"))
with right:
    st.subheader(t("overview.start_heading"))
    for page, key in [
        ("data", "overview.start_data"),
        ("baseline", "overview.start_reproduce"),
        ("explorer", "overview.start_explorer"),
        ("spillovers", "overview.start_spillovers"),
        ("share", "overview.start_share"),
    ]:
        with st.container(border=True):
            st.markdown(t(key))
            st.page_link(f"app_pages/{page}.py", label=t("overview.go"), icon=":material/arrow_forward:")
