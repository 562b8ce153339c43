"""Scenario explorer: levers (policies, assumptions), presets, coefficients and W; three emission paths."""

import streamlit as st

from scenarios.app import cache, layout, levers, state
from scenarios.app.state import t
from scenarios.projection.scenario import PRESETS, Scenario

st.title(t("page.explorer"))
layout.chart_beside_controls("explorer")


@st.fragment
def explorer() -> None:
    """The levers and what they change. A fragment: moving a lever reruns this, not the navigation, sidebar
    and banner around it (which do not depend on the levers); so this also shows the notices a move
    queued and writes the URL mirror itself (the entry script's ``sync_query`` runs on full reruns only).
    Buttons that replace the scenario wholesale (preset, reset, save) still rerun the whole app."""
    layout.show_notices()
    panel = cache.scenario_data()
    scenario = state.scenario()
    with st.container(key="explorer"):
        controls, results = st.columns([1, 2.3], gap="large")

    with controls, st.container(key="explorer_controls"):
        layout.data_set_selector()
        preset_row = st.columns([3, 1.3], vertical_alignment="bottom")
        preset = preset_row[0].selectbox(
            t("explorer.preset"), list(PRESETS), format_func=lambda k: t(f"preset.{k}"), key="preset_choice"
        )
        if preset_row[1].button(t("explorer.preset_apply"), width="stretch"):
            state.set_scenario(PRESETS[preset])
            st.rerun()
        st.caption(t(f"preset.{preset}.help"))
        source, matrix = scenario.coefficients.split("-")
        state.controlled(
            st.radio,
            "coef_source",
            source,
            lambda value: levers.update(lambda s: s.with_(coefficients=f"{value}-{s.matrix}")),
            label=t("explorer.coefficients"),
            options=["published"] if state.data_set() == "real" else ["published", "estimated"],
            format_func=lambda s: t(f"explorer.coef_{s}"),
            horizontal=True,
        )
        state.controlled(
            st.segmented_control,
            "coef_matrix",
            matrix,
            lambda value: levers.update(lambda s: s.with_(coefficients=f"{s.source}-{value or s.matrix}")),
            label=t("explorer.weights"),
            options=list(state.WEIGHT_KINDS),
            help=t("explorer.weights_help"),
        )
        levers.horizon()
        st.markdown(f"#### {t('explorer.policies')}")
        for item in levers.POLICY_LEVERS:
            levers.lever(item)
        with (section := layout.lazy_expander(t("explorer.by_region"), "explorer_by_region")):
            if section.open:
                levers.region_levers()
        by_province = bool(scenario.province_growth)
        with (section := layout.lazy_expander(t("explorer.by_province"), "explorer_by_province", by_province)):
            if section.open:
                levers.province_levers()
        with (section := layout.lazy_expander(t("explorer.subsidy"), "explorer_subsidy", scenario.subsidy.active)):
            if section.open:
                if scenario.subsidy.allocation:
                    st.caption(
                        t(
                            "explorer.allocation_note",
                            provinces=", ".join(
                                f"{layout.province_label(name)} {amount:g}"
                                for name, amount in scenario.subsidy.allocation
                            ),
                        )
                    )
                for item in levers.SUBSIDY_LEVERS:
                    levers.lever(item)
                levers.subsidy_years()
                levers.raises_fin()
        st.markdown(f"#### {t('explorer.assumptions')}")
        with (section := layout.lazy_expander(t("explorer.assumptions_detail"), "explorer_assumptions")):
            if section.open:
                for item in levers.ASSUMPTION_LEVERS:
                    levers.lever(item)
                levers.time_effect()
        if st.button(t("explorer.reset"), icon=":material/restart_alt:"):
            state.set_scenario(Scenario())
            st.rerun()

    with results:
        projection = layout.computed(cache.projection, panel, state.scenario())
        with st.container(key="explorer_view"):
            view = state.view_control(
                st.segmented_control,
                "explorer",
                key="explorer_view",
                label=t("explorer.view"),
                options=["national", "province", "industry"],
                format_func=lambda v: t(f"explorer.view_{v}"),
            )
        frame = layout.projection_view(projection, panel, view, chart_key="explorer_chart")
        with st.container(key="explorer_numbers"):
            st.caption(t("explorer.band_caption") + " " + t("explorer.series_caption"))
            layout.metrics(projection, frame)
            layout.cautions(projection)
            layout.save_for_comparison()
    state.sync_query()


explorer()
