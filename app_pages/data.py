"""Data: the panel in use, uploads (panel, CEADs), Table 1 beside the paper, time series, Figures 2-4."""

import pandas as pd
import streamlit as st

from scenarios.app import cache, charts, layout, state, tables, uploads
from scenarios.app.state import t
from scenarios.data.panel import SCHEMA
from scenarios.reproduction import figures

st.title(t("page.data"))
panel = cache.current_panel()

st.subheader(t("data.source_heading"))
left, right = st.columns([3, 2], gap="large")
with left:
    st.markdown(layout.panel_description())
    if panel.synthetic:
        st.caption(t("banner.synthetic"))
    for notice in panel.notices:
        st.caption(notice)
    uploads.panel_uploader()
    if state.has_user_panel() and st.button(t("data.use_demo"), icon=":material/undo:"):
        state.drop_user_panel()
        st.rerun()
with right:
    st.download_button(
        t("data.template"),
        cache.template_bytes(),
        "yearbook_template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        on_click="ignore",
    )
    layout.real_data_guide()
    with st.expander(t("data.ceads_heading")):
        uploads.ceads_uploader()

st.subheader(t("data.raw_heading"))
st.dataframe(panel.raw, hide_index=True, height=280)

st.subheader(t("data.table1_heading"))
with st.spinner(t("data.computing_table1")):
    table1 = cache.table1(panel)
tables.show_comparison(table1, 1, panel.synthetic)

units = {spec.name: spec.unit for spec in SCHEMA if spec.kind == "number"}


# The two interactive sections rerun on their own (st.fragment): choosing a variable, provinces or a
# year redraws that section, not the whole page with its tables and uploaders.
@st.fragment
def time_series() -> None:
    st.subheader(t("data.series_heading"))
    raw = panel.raw
    numeric = [c for c in units if c in raw.columns]
    controls, chart = st.columns([1, 3], gap="large")
    with controls:
        variable = state.view_control(
            st.selectbox,
            "series_variable",
            value=state.view("series_variable") if state.view("series_variable") in numeric else numeric[0],
            label=t("data.series_variable"),
            options=numeric,
        )
        chosen = state.controlled(
            st.multiselect,
            "series_provinces",
            state.remembered("series_provinces", ["Jiangsu", "Guangdong", "Hebei"]),
            lambda value: state.remember("series_provinces", value),
            label=t("data.series_provinces"),
            options=list(panel.provinces),
            format_func=lambda name: layout.province_label(name),
        )
    with chart:
        frame = raw.loc[raw["province"].isin(chosen), ["province", "year", variable]].rename(
            columns={variable: "value"}
        )
        frame["province"] = frame["province"].map(layout.province_label)
        st.altair_chart(
            charts.series_chart(
                frame,
                x_title=t("explorer.year_axis"),
                y_title=f"{variable} ({units[variable]})",
                colour_title=t("data.series_provinces"),
            ),
            width="stretch",
        )


@st.fragment
def import_maps() -> None:
    """Figures 2-4: one map at a time (each deck.gl map costs the browser two WebGL contexts, and three at
    once made this the slowest page), on one colour scale for the three years."""
    synthetic = f" ({t('label.synthetic')})" if panel.synthetic else ""
    st.subheader(t("data.maps_heading") + synthetic)
    st.caption(t("data.maps_caption"))
    with st.spinner(t("data.computing_imports")):
        real_imports = cache.real_imports(panel)
    years = [year for year in (2011, 2016, 2020) if year in real_imports.columns]
    if not years:
        st.info(t("data.maps_no_years"))
        return
    shown = real_imports[years]
    limits = (float(shown.min().min()), float(shown.max().max()))  # one colour scale for the three years
    year = st.segmented_control(t("repro.year"), years, default=years[-1], key="figure_year") or years[-1]
    st.markdown(
        charts.map_legend(
            shown.stack(), title=t("data.maps_legend") + synthetic, unit=t("unit.cny100m"), limits=limits, digits=1
        ),
        unsafe_allow_html=True,
    )
    st.pydeck_chart(
        charts.province_map(
            cache.boundaries(),
            real_imports[year],
            value_label=t("data.maps_value"),
            unit=t("unit.cny100m"),
            language=state.language(),
            digits=1,
            height=420,
            limits=limits,
        ),
        height=420,
        key="import_map",
    )
    number = next(n for n, y in figures.FIGURE_YEARS.items() if y == year)
    st.caption(t("data.figure_downloads", number=number))
    name = f"figure{number:02d}{layout.synthetic_suffix(panel.synthetic)}"
    for column, (format, label, mime) in zip(
        st.columns(3),
        (
            ("png", "data.figure_png", "image/png"),
            ("svg", "data.figure_svg", "image/svg+xml"),
            ("pdf", "data.figure_pdf", "application/pdf"),
        ),
    ):
        dpi = figures.PRINT_DPI if format == "png" else figures.SCREEN_DPI
        column.download_button(
            t(label),
            lambda format=format, dpi=dpi: figures.technology_map(
                panel.analysis, year, panel.synthetic, format=format, dpi=dpi
            ),
            f"{name}.{format}",
            mime,
            on_click="ignore",
            key=f"figure_{format}",
        )


def real_anchor_tables() -> None:
    st.subheader(t("data.anchors_heading"))
    st.caption(t("data.anchors_intro"))
    anchors = cache.real_anchors()
    anchor_table = cache.real_anchor_table()
    st.markdown(f"**{t('data.anchors_table')}**")
    st.dataframe(anchor_table, hide_index=True, height=280)
    st.download_button(
        t("data.anchors_download"),
        anchor_table.to_csv(index=False).encode("utf-8"),
        "real_anchors.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    coverage, flags = st.columns(2, gap="large")
    with coverage:
        st.markdown(f"**{t('data.anchors_coverage')}**")
        st.dataframe(_headed(anchors.coverage()), hide_index=True)
    with flags:
        st.markdown(f"**{t('data.anchors_flags')}**")
        st.dataframe(_headed(anchors.flags), hide_index=True)
    st.markdown(f"**{t('data.anchors_sources')}**")
    st.dataframe(_headed(pd.DataFrame([source.as_dict() for source in anchors.sources()])), hide_index=True)


def _headed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its column headings in the session's language."""
    return frame.rename(columns=lambda column: t(f"anchors.col.{column}"))


@st.fragment
def real_anchor_map() -> None:
    """The real data on one map at a time (2019 CO2 or the last year's spending), like Figures 2-4."""
    st.subheader(t("data.anchors_maps"))
    anchors = cache.real_anchors()
    spending_year = int(anchors.tech_expenditure.columns[-1])
    choices = {
        "co2": (anchors.emissions.xs(2019, level="year")["total"], t("data.anchors_map_co2"), t("unit.mt_co2"), 1),
        "spending": (
            anchors.tech_expenditure[spending_year].dropna(),
            t("data.anchors_map_spending", year=spending_year),
            t("unit.cny10k"),
            0,
        ),
    }
    chosen = (
        st.segmented_control(
            t("data.anchors_maps"),
            list(choices),
            default="co2",
            key="real_map",
            format_func=lambda key: choices[key][1],
            label_visibility="collapsed",
        )
        or "co2"
    )
    values, title, unit, digits = choices[chosen]
    st.markdown(charts.map_legend(values, title=title, unit=unit, digits=digits), unsafe_allow_html=True)
    st.pydeck_chart(
        charts.province_map(
            cache.boundaries(),
            values,
            value_label=title,
            unit=unit,
            language=state.language(),
            digits=digits,
            height=420,
        ),
        height=420,
        key="real_data_map",
    )


time_series()
import_maps()
real_anchor_tables()
real_anchor_map()
