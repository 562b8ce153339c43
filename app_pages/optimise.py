"""Optimise: where a technology-import subsidy should go, spillovers included (scenarios.projection.optimise)."""

import math

import streamlit as st

from scenarios.app import cache, charts, layout, optimise_settings, state
from scenarios.app.state import t
from scenarios.geography import sample_provinces
from scenarios.projection.optimise import OBJECTIVES, SERIES_CHOICES

st.title(t("page.optimise"))
st.markdown(t("opt.intro"))
panel = cache.scenario_data()
scenario = state.scenario()
first_year = cache.projection_anchors(scenario).spending_year + 1  # subsidies are paid after observed spending
defaults = optimise_settings.defaults(first_year, scenario.horizon)
settings = state.optimise_page_settings(defaults)
years = (max(settings["years"][0], first_year), min(settings["years"][1], scenario.horizon))
if years[0] > years[1]:  # the horizon moved before the years chosen here
    years = (first_year, scenario.horizon)

with st.form("optimise_form"):
    left, middle, right = st.columns(3, gap="large")
    with left:
        budget = st.number_input(
            t("opt.budget"),
            min_value=optimise_settings.RANGES["budget"][0],
            max_value=optimise_settings.RANGES["budget"][1],
            value=float(settings["budget"]),
            step=5.0,
            help=t("opt.budget.help"),
        )
        chosen_years = st.slider(t("opt.years"), min_value=first_year, max_value=scenario.horizon, value=years)
    with middle:
        series = st.selectbox(
            t("opt.series"),
            SERIES_CHOICES,
            index=SERIES_CHOICES.index(settings["series"]),
            format_func=lambda s: t(f"opt.series.{s}"),
        )
        objective = st.radio(
            t("opt.objective"),
            OBJECTIVES,
            index=OBJECTIVES.index(settings["objective"]),
            format_func=lambda o: t(f"opt.objective.{o}", year=scenario.horizon),
            horizontal=True,
        )
    with right:
        eligibility = st.radio(
            t("opt.eligible"),
            optimise_settings.ELIGIBILITY,
            horizontal=True,
            index=optimise_settings.ELIGIBILITY.index(settings["eligibility"]),
            format_func=lambda e: t(f"opt.eligible.{e}"),
        )
        low, high = optimise_settings.RANGES["lowest"]
        lowest = st.number_input(t("opt.lowest"), min_value=low, max_value=high, value=int(settings["lowest"]))
        provinces = st.multiselect(
            t("opt.provinces"),
            list(sample_provinces()),
            default=list(settings["provinces"]),
            format_func=layout.province_label,
        )
        cap = st.radio(
            t("opt.cap"),
            optimise_settings.CAPS,
            horizontal=True,
            index=optimise_settings.CAPS.index(settings["cap"]),
            format_func=lambda c: t(f"opt.cap.{c}"),
        )
        cap_value = st.number_input(
            t("opt.cap_value"),
            min_value=optimise_settings.RANGES["cap_value"][0],
            max_value=optimise_settings.RANGES["cap_value"][1],
            value=float(settings["cap_value"]),
            step=0.05,
            help=t("opt.cap_value.help"),
        )
    if st.form_submit_button(t("opt.run"), icon=":material/calculate:", type="primary"):
        state.set_optimise_page_settings(
            {
                "budget": budget,
                "years": tuple(chosen_years),
                "series": series,
                "objective": objective,
                "eligibility": eligibility,
                "lowest": int(lowest),
                "provinces": tuple(provinces),
                "cap": cap,
                "cap_value": cap_value,
            },
            defaults,
        )
        st.rerun()

eligible = {"all": "all", "lowest": f"lowest:{settings['lowest']}", "list": tuple(settings["provinces"]) or "all"}[
    settings["eligibility"]
]
cap_share = settings["cap_value"] if settings["cap"] == "share" else None
cap_multiple = settings["cap_value"] if settings["cap"] == "multiple" else None
# the whole projection as None, as the subsidy lever keeps it (a panel ending before 2020 starts before the
# lever's first allowed year)
paid = (None if years[0] <= first_year else years[0], None if years[1] >= scenario.horizon else years[1])
result = layout.computed(
    cache.optimisation,
    panel,
    scenario,
    float(settings["budget"]),
    *paid,
    settings["series"],
    settings["objective"],
    eligible,
    cap_share,
    cap_multiple,
)

comparison = result.comparison
metrics = layout.metric_row()
metrics.metric(
    t("opt.avoided", series=t(f"opt.series.{settings['series']}")), layout.mt_text(result.avoided_mt, signed=False)
)
metrics.metric(
    t("opt.cost_per_t"),
    "—" if math.isnan(result.cost_per_tonne) else f"{result.cost_per_tonne:,.0f} {t('unit.cny_per_t')}",
)
for rule in ("paper_rule", "equal_split"):
    metrics.metric(
        t(f"opt.rule.{rule}"),
        layout.mt_text(comparison.loc[rule, "avoided_mt"], signed=False),
        layout.mt_text(comparison.loc[rule, "avoided_mt"] - result.avoided_mt),
    )
st.caption(t("opt.kkt", violation=f"{result.kkt_violation:.2g}", multiplier=f"{result.kkt.multiplier:,.3f}"))

allocation_column, marginal_column = st.columns(2, gap="large")
boundaries = cache.boundaries()
with allocation_column:
    st.subheader(t("opt.allocation_heading"))
    amounts = result.allocation
    st.pydeck_chart(
        charts.province_map(
            boundaries,
            amounts,
            value_label=t("opt.amount"),
            unit=t("unit.CNY 100 million per year"),
            language=state.language(),
            digits=2,
        ),
        height=380,
        key="opt_allocation_map",
    )
    st.markdown(
        charts.map_legend(amounts, title=t("opt.amount"), unit=t("unit.CNY 100 million per year")),
        unsafe_allow_html=True,
    )
with marginal_column:
    st.subheader(t("opt.marginal_heading"))
    mapped = layout.computed(cache.marginal_map, panel, scenario, *paid, settings["objective"])
    marginal = mapped.values[settings["series"]]
    st.pydeck_chart(
        charts.province_map(
            boundaries,
            marginal,
            value_label=t("opt.marginal"),
            unit=t("unit.t_per_cny_10k"),
            diverging=True,
            language=state.language(),
            digits=1,
        ),
        height=380,
        key="opt_marginal_map",
    )
    st.markdown(
        charts.map_legend(
            marginal,
            title=t("opt.marginal"),
            unit=t("unit.t_per_cny_10k"),
            diverging=True,
            digits=1,
            low_note=t("spill.less"),
            high_note=t("spill.more"),
        ),
        unsafe_allow_html=True,
    )
siphon = mapped.siphon(settings["series"], label=layout.province_label)
if len(siphon):
    st.markdown(t("opt.siphon", count=len(siphon)))
    st.dataframe(siphon.rename(index=layout.province_label, columns=lambda c: t(f"opt.siphon.{c}")), width="stretch")

st.subheader(t("opt.comparison_heading"))
bar = st.progress(0.0, text=t("opt.robustness_progress"))
robust = result.robustness(progress=lambda fraction: bar.progress(fraction, text=t("opt.robustness_progress")))
bar.empty()
table = comparison.join(robust.bands).rename(index=lambda name: t(f"opt.rule.{name}"))
st.altair_chart(
    charts.band_comparison(
        table["avoided_mt"], table["avoided_mt_p05"], table["avoided_mt_p95"], x_title=t("opt.avoided_axis")
    ),
    width="stretch",
)
st.dataframe(
    table.rename(columns=lambda c: t(f"opt.column.{c}")),
    width="stretch",
    column_config={t("opt.column.cost_per_tonne"): st.column_config.NumberColumn(format="%.1f")},
)
st.caption(t("opt.robustness", share=f"{robust.beats_paper_rule_share:.0%}", draws=len(robust.draws)))
layout.cautions(result)

st.download_button(
    t("opt.download"),
    result.table().to_csv(index=False).encode(),
    file_name=f"optimal-allocation{layout.synthetic_suffix(result.synthetic)}.csv",
    mime="text/csv",
)
if st.button(t("opt.apply"), icon=":material/input:", help=t("opt.apply.help")):
    state.set_scenario(result.scenario)
    state.notify(t("opt.applied", count=int((result.allocation > 0).sum())))
    st.rerun()
