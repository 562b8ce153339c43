"""Compare: the scenarios saved in this session (and carried in the link), side by side."""

import pandas as pd
import streamlit as st

from scenarios.app import charts
from scenarios.app import cache, layout, state
from scenarios.app.state import t

st.title(t("page.compare"))
st.markdown(t("compare.intro"))
panel = cache.scenario_data()
saved = state.compared()
scenarios = {t("compare.current"): state.scenario(), **saved}
if not saved:
    st.info(t("compare.empty"), icon=":material/bookmarks:")
    st.page_link("app_pages/explorer.py", label=t("page.explorer"), icon=":material/arrow_forward:")

projections = {name: layout.computed(cache.projection, panel, scenario) for name, scenario in scenarios.items()}
lines, rows = [], []
for name, projection in projections.items():
    national = projection.national.query("industry == 'total'")
    lines.append(national[["year", "scenario_mt"]].rename(columns={"scenario_mt": "value"}).assign(series=name))
    horizon = national.iloc[-1]
    rows.append({
        t("compare.name"): name,
        t("compare.horizon_mt"): round(float(horizon["scenario_mt"]), 1),
        t("compare.vs_baseline"): round(float(horizon["scenario_mt"] - horizon["baseline_mt"]), 1),
        t("compare.avoided"): round(float(projection.avoided_mt["total"]), 1),
        t("explorer.peak_year"): projection.national_peak_year(),
        t("compare.cost"): round(projection.subsidy_cost / 10, 2),
        t("explorer.metric_cost_per_t"): layout.cost_per_tonne_text(projection),
        t("compare.levers"): state.describe(projection.scenario),
    })

first = next(iter(projections.values()))
baseline = first.national.query("industry == 'total'")[["year", "baseline_mt"]].rename(columns={"baseline_mt": "value"})
paths = pd.concat([baseline.assign(series=t("explorer.baseline")), *lines])
title = t("compare.chart_title") + (f" ({t('label.synthetic')})" if first.synthetic else "")
st.markdown(f"**{title}**")
st.altair_chart(
    charts.comparison_chart(paths, x_title=t("explorer.year_axis"), y_title=t("explorer.emissions_axis"),
                            peak_label=t("explorer.peak")),
    width="stretch",
)
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
for name, projection in projections.items():
    layout.cautions(projection, about=name)

if saved:
    remove = st.multiselect(t("compare.remove"), list(saved), key="compare_remove")
    if remove and st.button(t("compare.remove"), icon=":material/delete:"):
        for name in remove:
            saved.pop(name, None)
        st.rerun()
