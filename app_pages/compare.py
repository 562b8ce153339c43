"""Compare: the scenarios saved in this session (and carried in the link), side by side."""

import pandas as pd
import streamlit as st

from scenarios.app import cache, charts, layout, state
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


def coefficients_label(scenario) -> str:
    return f"{t(f'explorer.coef_{scenario.source}')}, {scenario.matrix}"


# Each scenario is drawn against its own baseline: the baseline depends on the coefficient source and W
# (and the panel), so scenarios that differ there have different baselines. One dashed line per distinct
# baseline, named by the scenarios that use it and its coefficients.
baselines: dict[tuple, tuple[list[str], str, pd.DataFrame]] = {}
lines, rows = [], []
for name, projection in projections.items():
    national = projection.national.query("industry == 'total'")
    path = national[["year", "baseline_mt"]].rename(columns={"baseline_mt": "value"})
    key = (projection.scenario.coefficients, tuple(path["value"].round(1)))
    baselines.setdefault(key, ([], coefficients_label(projection.scenario), path))[0].append(name)
    lines.append(national[["year", "scenario_mt"]].rename(columns={"scenario_mt": "value"}).assign(series=name))
    horizon = national.iloc[-1]
    rows.append(
        {
            t("compare.name"): name,
            t("compare.coefficients"): coefficients_label(projection.scenario),
            t("compare.horizon_mt"): round(float(horizon["scenario_mt"]), 1),
            t("compare.vs_baseline"): round(float(horizon["scenario_mt"] - horizon["baseline_mt"]), 1) + 0.0,
            t("compare.avoided"): round(float(projection.avoided_mt["total"]), 1) + 0.0,
            t("explorer.peak_year"): layout.peak_text(national["year"], national["scenario_mt"]),
            t("compare.cost"): round(projection.subsidy_cost / 10, 2),
            t("explorer.metric_cost_per_t"): layout.cost_per_tonne_text(projection),
            t("compare.levers"): state.describe(projection.scenario),
        }
    )

if len(baselines) > 1:
    st.warning(t("compare.mixed_baselines", count=len(baselines)), icon=":material/call_split:")
first = next(iter(projections.values()))
paths = pd.concat(
    [
        *(
            path.assign(series=t("compare.baseline_of", names=", ".join(names), coefficients=label))
            for names, label, path in baselines.values()
        ),
        *lines,
    ]
)
title = t("compare.chart_title") + (f" ({t('label.synthetic')})" if first.synthetic else "")
st.markdown(f"**{title}**")
st.altair_chart(
    charts.comparison_chart(
        paths,
        x_title=t("explorer.year_axis"),
        y_title=t("explorer.emissions_axis"),
        peak_label=t("explorer.peak"),
        value_title=t("unit.mt_co2"),
        baselines=len(baselines),
    ),
    width="stretch",
)
st.caption(t("compare.baseline_caption"))
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
for name, projection in projections.items():
    layout.cautions(projection, about=name)

if saved:
    remove = st.multiselect(t("compare.remove"), list(saved), key="compare_remove")
    if remove and st.button(t("compare.remove"), icon=":material/delete:"):
        for name in remove:
            saved.pop(name, None)
        st.rerun()
