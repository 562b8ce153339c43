"""Reproduction: the three W, Moran's I (Tables 5-7) and LISA clusters, model tests (Table 8), SDM (Table 9)."""

import streamlit as st

from scenarios.app import cache, charts, layout, state, tables
from scenarios.app.state import t

st.title(t("page.spatial"))
st.markdown(t("repro.spatial_intro"))
with st.spinner(t("repro.running")):
    reproduction = layout.computed(cache.reproduction, cache.current_panel())

matrix = state.view_control(
    st.segmented_control,
    "repro_w",
    label=t("repro.weights"),
    options=list(state.WEIGHT_KINDS),
    format_func=lambda w: t(f"repro.{w.lower()}"),
)
weights = cache.weights(matrix)
heatmap, moran = st.columns([1, 1], gap="large")
with heatmap:
    st.subheader(t("repro.weights_heading"))
    frame = weights.to_frame().rename(index=layout.province_label, columns=layout.province_label)
    st.altair_chart(
        charts.matrix_heatmap(frame, title=t(f"repro.{matrix.lower()}"), value_title=t("repro.weight_axis")),
        width="stretch",
    )
with moran:
    st.subheader(t("repro.moran_heading"))
    tables.show_table(reproduction, {"W1": 5, "W2": 6, "W3": 7}[matrix])

st.subheader(t("repro.lisa_heading"))
clusters = reproduction.extra("local_moran")
years = sorted({int(column.split()[1]) for column in clusters.columns})
choice, shown = st.columns([1, 3], gap="large")
with choice:
    variable = state.view_control(
        st.radio,
        "lisa_variable",
        label=t("repro.lisa_variable"),
        options=["ce", "tech"],
        format_func=lambda v: t(f"variable.{v}"),
    )
    year = st.radio(t("repro.year"), years, index=len(years) - 1, horizontal=True, key="lisa_year")
    st.caption(t("repro.lisa_caption"))
with shown:
    labels = clusters[f"{variable} {year} {matrix}"]
    st.pydeck_chart(
        charts.category_map(
            cache.boundaries(),
            labels,
            layout.LISA_PALETTE,
            value_label=t("repro.lisa_heading"),
            names={code: t(f"lisa.{code}") for code in layout.LISA_PALETTE},
            language=state.language(),
            height=420,
        ),
        height=420,
        key="lisa_map",
    )
    st.markdown(
        " · ".join(f"{layout.swatch(colour)} {t('lisa.' + code)}" for code, colour in layout.LISA_PALETTE.items()),
        unsafe_allow_html=True,
    )

tables.show_table(reproduction, 8)
tables.show_table(reproduction, 9)
