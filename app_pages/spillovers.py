"""Spillovers: own effect vs spillover received on a map; one province's flows; who gains and who loses."""

import streamlit as st

from scenarios.app import cache, charts, layout, state
from scenarios.app.state import t
from scenarios.geography import sample_provinces
from scenarios.projection import spillovers

st.title(t("page.spillovers"))
st.markdown(t("spill.intro"))
panel = cache.scenario_data()
scenario = state.scenario()
if not scenario.has_policy:
    st.info(t("spill.no_policy"), icon=":material/tune:")
    st.page_link("app_pages/explorer.py", label=t("page.explorer"), icon=":material/arrow_forward:")
    st.stop()

projection = layout.computed(cache.projection, panel, scenario)
year = min(2030, scenario.horizon)
frame = projection.frame.query("industry == 'total' and year == @year").set_index("province")
controls, chart = st.columns([1, 2.4], gap="large")
with controls:
    metric = state.view_control(
        st.radio,
        "spill_metric",
        label=t("spill.metric"),
        options=["own", "received"],
        format_func=lambda m: t(f"spill.{m}"),
    )
    province = state.view_control(
        st.selectbox,
        "spill_province",
        label=t("spill.province"),
        options=list(sample_provinces()),
        format_func=layout.province_label,
    )
    st.caption(t("spill.legend", year=year))
    layout.cautions(projection)
with chart:
    values = frame["own_mt" if metric == "own" else "spillover_mt"]
    selection = st.pydeck_chart(
        charts.province_map(
            cache.boundaries(),
            values,
            value_label=t(f"spill.{metric}"),
            unit=t("unit.mt_co2"),
            diverging=True,
            highlight=province,
            language=state.language(),
            digits=2,
            height=440,
        ),
        # a new key for each chosen province: the click that chose it is not kept as a selection (Streamlit
        # would fade every other province), and the outline shows the province however it was chosen
        height=440,
        on_select="rerun",
        selection_mode="single-object",
        key=f"spill_map.{province}",
    )
    st.markdown(
        charts.map_legend(
            values,
            title=t("spill.map_legend", metric=t(f"spill.{metric}"), year=year),
            unit=t("unit.mt_co2"),
            diverging=True,
            low_note=t("spill.less"),
            high_note=t("spill.more"),
        ),
        unsafe_allow_html=True,
    )
    picked = (selection.selection.objects.get("provinces") or [{}])[0].get("properties", {}).get("name_en")
    if picked in sample_provinces() and picked != province:
        state.set_view("spill_province", picked)
        st.rerun()

st.subheader(t("spill.chosen_heading", province=layout.province_label(province), year=year))
chosen = frame.loc[province]
numbers = layout.metric_row()
for key, value in (
    ("spill.own", chosen["own_mt"]),
    ("spill.received", chosen["spillover_mt"]),
    ("spill.net", chosen["own_mt"] + chosen["spillover_mt"]),
):
    numbers.metric(t(key), layout.mt_text(value, digits=2), help=t(f"{key}.help"))

table = spillovers.sent_and_received(spillovers.technology_flows(projection, year), province)
st.subheader(t("spill.flows_heading", province=layout.province_label(province), year=year))
sends, receives = st.columns(2, gap="large")
for column, key, title in ((sends, "sends", "spill.sends"), (receives, "receives", "spill.receives")):
    with column:
        st.markdown(f"**{t(title, province=layout.province_label(province))}**")
        series = table[key].rename(index=layout.province_label)
        st.altair_chart(charts.ranking_chart(series, x_title=t("spill.change_axis", year=year)), width="stretch")

st.subheader(t("spill.ranking", start=projection.last_observed_year + 1, end=scenario.horizon))
st.caption(t("spill.ranking_caption"))
change = -projection.avoided_by_province["total"]
st.altair_chart(
    charts.ranking_chart(change.rename(index=layout.province_label), x_title=t("spill.cumulative_axis")),
    width="stretch",
)
