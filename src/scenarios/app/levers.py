"""The scenario explorer's levers: one slider per number of a :class:`~scenarios.projection.scenario.Scenario`.

Each lever names a scenario field by its dotted name (as in :data:`scenarios.projection.scenario.LIMITS`); the
slider shows the current scenario's value and a move replaces the scenario with a validated copy. A
value the scenario refuses (``InputError``) becomes a notice and the scenario stays as it was.
Slider ranges are the useful part of each field's allowed range, widened to include the current value,
so a link with an unusual but valid value still shows it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import streamlit as st

from scenarios.app import state
from scenarios.app.state import t
from scenarios.app.text import plain
from scenarios.errors import InputError
from scenarios.geography import REGIONS
from scenarios.projection.scenario import LIMITS, Scenario


@dataclass(frozen=True)
class Lever:
    """A slider: the scenario field (dotted name), its useful range and step."""

    name: str
    low: float
    high: float
    step: float


POLICY_LEVERS = (
    Lever("import_growth", -10, 30, 0.5),
    Lever("phase_in", 2021, 2030, 1),
)
SUBSIDY_LEVERS = (
    Lever("subsidy.amount", 0, 500, 5),
    Lever("subsidy.lowest", 1, 15, 1),
    Lever("subsidy.share", 0, 1, 0.05),
)
ASSUMPTION_LEVERS = (
    Lever("assumptions.import_growth", -10, 20, 0.5),
    Lever("assumptions.gdp_growth", -5, 12, 0.5),
    Lever("assumptions.ind_change", -1, 2, 0.1),
    Lever("assumptions.ei_growth", -10, 5, 0.5),
    Lever("assumptions.tra_growth", -10, 10, 0.5),
    Lever("assumptions.edu_change", -0.2, 0.3, 0.01),
    Lever("assumptions.fin_change", -1, 1, 0.1),
)


def value_of(scenario: Scenario, name: str):
    """The value a lever shows: the field, or what applies when the policy is unset (None)."""
    owner, _, field = name.rpartition(".")
    value = getattr(getattr(scenario, owner) if owner else scenario, field)
    if value is None and name == "import_growth":
        return scenario.assumptions.import_growth
    if value is None and name == "phase_in":
        return LIMITS["phase_in"].low
    return value


def with_value(scenario: Scenario, name: str, value) -> Scenario:
    """A validated copy of ``scenario`` with the dotted field ``name`` set to ``value``.

    The national growth equal to the baseline assumption means "no national policy" (None), so moving
    the slider back to where it started leaves no policy behind.
    """
    if name == "import_growth" and value == scenario.assumptions.import_growth:
        value = None
    owner, _, field = name.rpartition(".")
    if not owner:
        return dataclasses.replace(scenario, **{field: value})
    part = dataclasses.replace(getattr(scenario, owner), **{field: value})
    if name in ("subsidy.amount", "subsidy.lowest") and part.allocation:  # back to the equal split
        part = dataclasses.replace(part, allocation=(), amount=value if field == "amount" else part.amount)
    return dataclasses.replace(scenario, **{owner: part})


def region_growth(scenario: Scenario, region: str) -> float:
    """A region's import growth: its override, else the national policy, else the baseline assumption."""
    return dict(scenario.region_growth).get(region, value_of(scenario, "import_growth"))


def update(change) -> None:
    """Apply ``change(scenario) -> Scenario``; refused values become a notice."""
    try:
        state.set_scenario(change(state.scenario()))
    except InputError as error:
        state.notify(plain(error))


def _label(name: str) -> str:
    return f"{t('lever.' + name)} ({t('unit.' + LIMITS[name].unit)})"


def _slider(key: str, value, lever: Lever, label: str, on_change, **kwargs):
    integer = LIMITS[lever.name].digits == 0
    cast = int if integer else float
    low, high = min(cast(lever.low), cast(value)), max(cast(lever.high), cast(value))
    return state.controlled(
        st.slider,
        key,
        cast(value),
        on_change,
        label=label,
        min_value=low,
        max_value=high,
        step=cast(lever.step),
        **kwargs,
    )


def lever(item: Lever) -> None:
    """One slider; disabled, with the reason, when the data set has no level for what it moves."""
    from scenarios.app import cache

    scenario = state.scenario()
    anchors = cache.projection_anchors(scenario)
    value = value_of(scenario, item.name)
    if item.name == "phase_in" and scenario.phase_in is None:
        value = anchors.spending_year + 1  # levers act after the last observed spending year
    disabled = item.name in cache.disabled_levers(scenario)
    _slider(
        f"lever.{item.name}",
        value,
        item,
        _label(item.name),
        lambda value, name=item.name: update(lambda s: with_value(s, name, value)),
        help=t("lever.disabled", year=anchors.year) if disabled else t(f"lever.{item.name}.help"),
        disabled=disabled,
    )


def _form_slider(key: str, value, label: str) -> float:
    """A growth slider inside a form (its value only reaches the server on submit). Keyed by the value it
    starts from, so it starts afresh whenever the scenario changes it."""
    lever = POLICY_LEVERS[0]
    value = float(value)
    return st.slider(
        label,
        min_value=min(float(lever.low), value),
        max_value=max(float(lever.high), value),
        value=value,
        step=float(lever.step),
        key=f"w.{key}@{value:g}",
    )


def region_levers() -> None:
    """Growth by region, applied together with a button.

    A region shows the national growth until it is set. In a form, an old value still shown by a browser
    that has not drawn the latest run can never come back as a setting; with live sliders it could
    (seen in a real browser under load: moving the national slider fast set all four regions).
    """
    scenario = state.scenario()
    with st.form("region_growth", border=False):
        chosen = {
            region: _form_slider(
                f"lever.region.{region}",
                region_growth(scenario, region),
                f"{t('region.' + region)} ({t('unit.% per year')})",
            )
            for region in REGIONS
        }
        if st.form_submit_button(t("explorer.apply"), icon=":material/check:"):
            update(
                lambda s: dataclasses.replace(
                    s,
                    region_growth=tuple(
                        (region, value) for region, value in chosen.items() if value != value_of(s, "import_growth")
                    ),
                )
            )


def subsidy_years() -> None:
    scenario = state.scenario()
    subsidy = scenario.subsidy
    first, last = LIMITS["subsidy.start"].low, scenario.horizon
    span = (subsidy.start or first, min(subsidy.end or last, last))

    def change(value):
        start, end = value
        whole = (start, end) == (first, scenario.horizon)  # the default: paid every projected year
        update(
            lambda s: dataclasses.replace(
                s, subsidy=dataclasses.replace(s.subsidy, start=None if whole else start, end=None if whole else end)
            )
        )

    state.controlled(
        st.slider,
        "lever.subsidy.years",
        span,
        change,
        label=t("lever.subsidy.years"),
        min_value=int(first),
        max_value=int(max(last, span[1])),
        step=1,
    )


def horizon() -> None:
    scenario = state.scenario()
    state.controlled(
        st.slider,
        "lever.horizon",
        scenario.horizon,
        lambda value: update(lambda s: dataclasses.replace(s, horizon=value)),
        label=t("lever.horizon"),
        min_value=2022,
        max_value=int(LIMITS["horizon"].high),
        step=1,
        help=t("explorer.beyond_2030"),
    )


def raises_fin() -> None:
    state.controlled(
        st.toggle,
        "lever.subsidy.raises_fin",
        state.scenario().subsidy.raises_fin,
        lambda value: update(lambda s: with_value(s, "subsidy.raises_fin", bool(value))),
        label=t("lever.subsidy.raises_fin"),
        help=t("lever.subsidy.raises_fin.help"),
    )


def province_levers() -> None:
    """Growth overrides for single provinces: pick one, set its growth; the overrides set are listed."""
    from scenarios.app.layout import province_label
    from scenarios.geography import province_regions, sample_provinces

    scenario = state.scenario()
    overrides = dict(scenario.province_growth)
    names = list(sample_provinces())
    first = names.index(next(iter(overrides))) if overrides else 0
    province = st.selectbox(
        t("explorer.province"), names, index=first, format_func=province_label, key="lever_province_choice"
    )
    region = province_regions()[province]
    with st.form("province_growth", border=False):
        value = _form_slider(
            f"lever.province.{province}",
            overrides.get(province, region_growth(scenario, region)),
            f"{t('lever.province_growth', province=province_label(province))} ({t('unit.% per year')})",
        )
        if st.form_submit_button(t("explorer.apply"), icon=":material/check:"):

            def apply(s: Scenario) -> Scenario:
                chosen = dict(s.province_growth)
                if value == region_growth(s, region):
                    chosen.pop(province, None)
                else:
                    chosen[province] = value
                return dataclasses.replace(s, province_growth=tuple(chosen.items()))

            update(apply)
            overrides = dict(state.scenario().province_growth)
    if overrides:
        st.caption(", ".join(f"{province_label(name)}: {value:g}%" for name, value in overrides.items()))
        if st.button(t("explorer.clear_provinces"), key="clear_provinces"):
            update(lambda s: dataclasses.replace(s, province_growth=()))
            st.rerun()


def time_effect() -> None:
    """The time effect after the sample: held at its last value, or following its trend (estimated only)."""
    scenario = state.scenario()
    state.controlled(
        st.radio,
        "lever.assumptions.time_effect",
        scenario.assumptions.time_effect,
        lambda value: update(lambda s: with_value(s, "assumptions.time_effect", value)),
        label=t("lever.assumptions.time_effect"),
        options=["hold", "trend"],
        format_func=lambda v: t(f"lever.time_effect.{v}"),
        horizontal=True,
        disabled=scenario.source == "published",
        help=t("lever.assumptions.time_effect.help"),
    )
