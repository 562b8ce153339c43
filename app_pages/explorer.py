"""Scenario explorer: levers (policies, assumptions), presets, coefficients and W; three emission paths."""

import streamlit as st

from scenarios.errors import InputError
from scenarios.projection.scenario import PRESETS, Scenario
from scenarios.app import cache, layout, levers, state
from scenarios.app.state import t
from scenarios.app.text import plain

st.title(t("page.explorer"))
panel = cache.scenario_data()
scenario = state.scenario()
controls, results = st.columns([1, 2.3], gap="large")

with controls:
    layout.data_set_selector()
    preset_row = st.columns([3, 1.3], vertical_alignment="bottom")
    preset = preset_row[0].selectbox(t("explorer.preset"), list(PRESETS), format_func=lambda k: t(f"preset.{k}"),
                                     key="preset_choice")
    if preset_row[1].button(t("explorer.preset_apply"), width="stretch"):
        state.set_scenario(PRESETS[preset])
        st.rerun()
    st.caption(t(f"preset.{preset}.help"))
    source, matrix = scenario.coefficients.split("-")
    state.controlled(
        st.radio, "coef_source", source,
        lambda value: levers._update(lambda s: s.with_(coefficients=f"{value}-{s.matrix}")),
        label=t("explorer.coefficients"),
        options=["published"] if state.data_set() == "real" else ["published", "estimated"],
        format_func=lambda s: t(f"explorer.coef_{s}"), horizontal=True,
    )
    state.controlled(
        st.segmented_control, "coef_matrix", matrix,
        lambda value: levers._update(lambda s: s.with_(coefficients=f"{s.source}-{value or s.matrix}")),
        label=t("explorer.weights"), options=list(state.WEIGHT_KINDS), help=t("explorer.weights_help"),
    )
    levers.horizon()
    st.markdown(f"#### {t('explorer.policies')}")
    for item in levers.POLICY_LEVERS:
        levers.lever(item)
    with st.expander(t("explorer.by_region")):
        levers.region_levers()
    with st.expander(t("explorer.by_province"), expanded=bool(scenario.province_growth)):
        levers.province_levers()
    with st.expander(t("explorer.subsidy"), expanded=scenario.subsidy.active):
        if scenario.subsidy.allocation:
            st.caption(t("explorer.allocation_note", provinces=", ".join(
                f"{layout.province_label(name)} {amount:g}" for name, amount in scenario.subsidy.allocation)))
        for item in levers.SUBSIDY_LEVERS:
            levers.lever(item)
        levers.subsidy_years()
        levers.raises_fin()
    st.markdown(f"#### {t('explorer.assumptions')}")
    with st.expander(t("explorer.assumptions_detail")):
        for item in levers.ASSUMPTION_LEVERS:
            levers.lever(item)
        levers.time_effect()
    if st.button(t("explorer.reset"), icon=":material/restart_alt:"):
        state.set_scenario(Scenario())
        st.rerun()

with results:
    projection = layout.computed(cache.projection, panel, state.scenario())
    view = state.controlled(
        st.segmented_control, "explorer_view", state.view("explorer"),
        lambda value: state.set_view("explorer", value or state.view("explorer")),
        label=t("explorer.view"), options=["national", "province", "industry"],
        format_func=lambda v: t(f"explorer.view_{v}"),
    )
    layout.projection_view(projection, panel, view)
    layout.cautions(projection)

    save_row = st.columns([3, 1], vertical_alignment="bottom")
    name = save_row[0].text_input(t("explorer.save"), value=state.scenario().name, key="save_name", max_chars=40)
    if save_row[1].button(t("explorer.save_button"), icon=":material/bookmark_add:", width="stretch"):
        try:
            state.compared()[name.strip()] = state.scenario().with_(name=name.strip() or "Custom")
            state.notify(t("explorer.saved", name=plain(name.strip())))
        except InputError as error:
            state.notify(plain(error))
        st.rerun()
