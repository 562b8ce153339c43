"""Data: the panel in use, uploads (panel, CEADs), Table 1 beside the paper, time series, Figures 2-4."""

import pandas as pd
import streamlit as st

from scenarios.app import charts
from scenarios.data.panel import SCHEMA
from scenarios.app import cache, layout, state, tables, uploads
from scenarios.app.state import t

st.title(t("page.data"))
panel = cache.current_panel()

st.subheader(t("data.source_heading"))
left, right = st.columns([3, 2], gap="large")
with left:
    st.markdown(layout.panel_description())
    for notice in panel.notices:
        st.caption(notice)
    uploads.panel_uploader()
    if state.PANEL in st.session_state and st.button(t("data.use_demo"), icon=":material/undo:"):
        del st.session_state[state.PANEL]
        st.rerun()
with right:
    st.download_button(
        t("data.template"), cache.template_bytes(), "yearbook_template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:", on_click="ignore",
    )
    layout.real_data_guide()
    with st.expander(t("data.ceads_heading")):
        uploads.ceads_uploader()

st.subheader(t("data.raw_heading"))
st.dataframe(panel.raw, hide_index=True, height=280)

st.subheader(t("data.table1_heading"))
tables.show_comparison(cache.table1(panel), 1, panel.synthetic)

st.subheader(t("data.series_heading"))
raw = panel.raw
units = {spec.name: spec.unit for spec in SCHEMA if spec.kind == "number"}
numeric = [c for c in units if c in raw.columns]
controls, chart = st.columns([1, 3], gap="large")
with controls:
    variable = state.controlled(
        st.selectbox, "series_variable", state.view("series_variable") if state.view("series_variable") in numeric
        else numeric[0], lambda value: state.set_view("series_variable", value),
        label=t("data.series_variable"), options=numeric,
    )
    chosen = state.controlled(
        st.multiselect, "series_provinces", st.session_state.get("series_provinces", ["Jiangsu", "Guangdong", "Hebei"]),
        lambda value: st.session_state.update(series_provinces=value),
        label=t("data.series_provinces"), options=list(panel.provinces),
        format_func=lambda name: layout.province_label(name),
    )
with chart:
    frame = raw.loc[raw["province"].isin(chosen), ["province", "year", variable]].rename(columns={variable: "value"})
    frame["province"] = frame["province"].map(layout.province_label)
    st.altair_chart(
        charts.series_chart(
            frame, x_title=t("explorer.year_axis"), y_title=f"{variable} ({units[variable]})",
            colour_title=t("data.series_provinces"),
        ),
        width="stretch",
    )

st.subheader(t("data.maps_heading"))
st.caption(t("data.maps_caption"))
real_imports = cache.real_imports(panel)
shown = real_imports[[year for year in (2011, 2016, 2020) if year in real_imports.columns]]
limits = (float(shown.min().min()), float(shown.max().max()))  # one colour scale for the three years
st.markdown(
    charts.map_legend(shown.stack(), title=t("data.maps_legend"), unit=t("unit.cny100m"), limits=limits, digits=1),
    unsafe_allow_html=True,
)
for column, year in zip(st.columns(3), (2011, 2016, 2020)):
    with column:
        st.markdown(f"**{year}**")
        if year in real_imports.columns:
            st.pydeck_chart(
                charts.province_map(
                    cache.boundaries(), real_imports[year], value_label=t("data.maps_value"),
                    unit=t("unit.cny100m"), language=state.language(), digits=1, zoom=1.75, limits=limits,
                ),
                height=300, key=f"map{year}",
            )

st.subheader(t("data.anchors_heading"))
st.caption(t("data.anchors_intro"))
anchors = cache.real_anchors()
anchor_table = cache.real_anchor_table()
st.markdown(f"**{t('data.anchors_table')}**")
st.dataframe(anchor_table, hide_index=True, height=280)
st.download_button(t("data.anchors_download"), anchor_table.to_csv(index=False).encode("utf-8"), "real_anchors.csv",
                   "text/csv", icon=":material/download:", on_click="ignore")
coverage, flags = st.columns(2, gap="large")
with coverage:
    st.markdown(f"**{t('data.anchors_coverage')}**")
    st.dataframe(anchors.coverage(), hide_index=True)
with flags:
    st.markdown(f"**{t('data.anchors_flags')}**")
    st.dataframe(anchors.flags, hide_index=True)
st.markdown(f"**{t('data.anchors_sources')}**")
st.dataframe(pd.DataFrame([source.as_dict() for source in anchors.sources()]), hide_index=True)

st.subheader(t("data.anchors_maps"))
co2 = anchors.emissions.xs(2019, level="year")["total"]
spending_year = int(anchors.tech_expenditure.columns[-1])
spending = anchors.tech_expenditure[spending_year].dropna()
left, right = st.columns(2)
for column, values, title, unit, key, digits in (
    (left, co2, t("data.anchors_map_co2"), "Mt CO₂", "real_co2", 1),
    (right, spending, t("data.anchors_map_spending", year=spending_year), t("unit.cny10k"), "real_spending", 0),
):
    with column:
        st.markdown(f"**{title}**")
        st.markdown(charts.map_legend(values, title=title, unit=unit, digits=digits), unsafe_allow_html=True)
        st.pydeck_chart(
            charts.province_map(cache.boundaries(), values, value_label=title, unit=unit,
                                language=state.language(), digits=digits, zoom=2.2),
            height=320, key=key,
        )
