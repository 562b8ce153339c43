"""What every page shares: the sidebar, the synthetic-data banner, notices, and small drawing helpers."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
import streamlit as st

from scenarios.app import cache, state
from scenarios.app.i18n import LANGUAGES
from scenarios.app.state import t
from scenarios.app.text import plain

#: What an analysis of an uploaded panel may raise besides InputError (a singular or degenerate panel);
#: see :func:`analysis_errors` for linearmodels' own.
ANALYSIS_ERRORS = (ArithmeticError, ValueError, np.linalg.LinAlgError)


def analysis_errors() -> tuple[type[Exception], ...]:
    """:data:`ANALYSIS_ERRORS` and, once linearmodels is loaded, its AbsorbingEffectError (the fixed
    effects absorb a regressor, e.g. two years of data). Looked up, not imported: importing linearmodels
    takes seconds, and a page that has not used it cannot have raised it."""
    utility = sys.modules.get("linearmodels.panel.utility")
    return ANALYSIS_ERRORS + ((utility.AbsorbingEffectError,) if utility else ())


def computed(function, *args):
    """``function(*args)``, or, when the data or the settings cannot support it, a message and the end of the
    page (never a traceback: an uploaded panel may be too short, constant or collinear for an estimator, a
    cap too tight for the budget)."""
    try:
        return function(*args)
    except analysis_errors() as error:  # InputError is a ValueError
        st.error(t("error.unavailable", message=plain(error)), icon=":material/error:")
        st.stop()


def sidebar() -> None:
    """Language switch and the data in use, drawn on every page by ``streamlit_app.py``."""
    with st.sidebar:
        state.controlled(
            st.segmented_control,
            "lang",
            state.language(),
            lambda value: st.session_state.update({state.LANG: value or state.language()}),
            label=t("app.language"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
        )
        st.caption(t("sidebar.data"))
        st.markdown(panel_description())
        st.caption(t("sidebar.projections"))
        st.markdown(t(f"data_set.{state.data_set()}"))


def panel_description() -> str:
    """What the panel in use is: the demo, an upload, or an upload whose content is the demo's."""
    panel = cache.current_panel()
    if state.PANEL not in st.session_state:
        return t("sidebar.demo")
    return t("sidebar.uploaded_demo" if panel.synthetic else "sidebar.uploaded", name=plain(panel.source))


def banner() -> None:
    """What the page's numbers come from, at its top, in one line (on a phone the full text took 40% of
    the first screen; the Data page explains it in full): the synthetic-data banner only on pages that
    show synthetic numbers (a scenario page projecting from the demo panel, or any other page while the
    demo panel is loaded); on a scenario page projecting from the real anchors, what is real (levels,
    spending) and what is the paper's (coefficients), with the citations."""
    if st.session_state.get("page") in state.SCENARIO_PAGES:
        if state.data_set() == "real":
            st.info(t("banner.real"), icon=":material/public:")
            return
        synthetic = cache.scenario_data().synthetic
    else:
        synthetic = cache.current_panel().synthetic
    if synthetic:
        st.warning(t("banner.synthetic_short"), icon=":material/science:")


def data_set_selector() -> None:
    """The scenario pages' data set: real anchors, synthetic demo, or the uploaded panel when there is one."""
    options = [name for name in state.DATA_SETS if name != "panel" or state.has_user_panel()]
    state.controlled(
        st.segmented_control,
        "data_set",
        state.data_set(),
        lambda value: state.set_data_set(value or state.data_set()),
        label=t("data_set.label"),
        options=options,
        format_func=lambda name: t(f"data_set.{name}"),
        help=t("data_set.help"),
    )


#: Narrow screens (Streamlit stacks columns below 640 px).
NARROW = "@media (max-width: 640px)"


def chart_beside_controls(key: str) -> None:
    """On a narrow screen, lay out the keyed container ``key`` (two columns: controls, then results with
    ``<key>_view``, ``<key>_chart`` and ``<key>_numbers`` containers) as one column: view, chart (pinned
    under the header while the controls scroll beneath it, so a slider move is seen at once), controls,
    numbers. Wide screens keep the two columns.
    Streamlit has no layout switch by screen width, so this is CSS on the containers' ``st-key-`` classes."""
    chart = f"[data-testid='stLayoutWrapper']:has(> .st-key-{key}_chart)"
    st.html(
        f"<style>{NARROW} {{"
        f" .st-key-{key} [data-testid='stHorizontalBlock'] {{ flex-direction: column; }}"
        f" .st-key-{key} [data-testid='stColumn'], .st-key-{key} [data-testid='stColumn'] > [data-testid='stVerticalBlock']"
        " { display: contents; }"
        f" {chart} {{ order: -1; position: sticky; top: 3.75rem; z-index: 10;"
        " background: var(--st-background-color, #faf9f5); }"
        f" .st-key-{key} [data-testid='stSlider'] {{ scroll-margin-top: 26rem; }}"
        f" [data-testid='stLayoutWrapper']:has(> .st-key-{key}_view) {{ order: -2; }}"
        f" [data-testid='stLayoutWrapper']:has(> .st-key-{key}_numbers) {{ order: 1; }}"
        " }</style>"
    )


def scenario_name(scenario, language: str) -> str:
    """A scenario's name in ``language``: a preset's translated, an unnamed one "My scenario", a user's as given."""
    from scenarios.app.i18n import translate
    from scenarios.projection.scenario import PRESETS

    for key, preset in PRESETS.items():
        if scenario.name == preset.name:
            return translate(f"preset.{key}", language)
    return translate("explorer.default_name", language) if scenario.name == "Custom" else scenario.name


def default_save_name(scenario) -> str:
    """The name offered for saving: :func:`scenario_name` in the session's language."""
    return scenario_name(scenario, state.language())


_PENDING_OVERWRITE = "_pending_overwrite"
#: The pending state when the list is full (a name cannot contain a NUL).
_FULL = "\x00full"


def save_for_comparison() -> None:
    """Save the current scenario under a name for the Compare page. An empty name is refused with a
    message, and so is a new name when :data:`state.MAX_SAVED` are saved (a link carries no more); an
    existing name is only overwritten after the user confirms."""
    from scenarios.app.text import plain
    from scenarios.errors import InputError

    def save(name: str) -> None:
        try:
            state.compared()[name] = state.scenario().with_(name=name)
        except InputError as error:
            state.notify(plain(error))
        else:
            state.notify(t("explorer.saved", name=plain(name)))
        st.session_state.pop(_PENDING_OVERWRITE, None)

    row = st.columns([3, 1], vertical_alignment="bottom")
    name = (
        row[0]
        .text_input(t("explorer.save"), value=default_save_name(state.scenario()), key="save_name", max_chars=40)
        .strip()
    )
    if row[1].button(t("explorer.save_button"), icon=":material/bookmark_add:", width="stretch"):
        if not name:
            st.session_state[_PENDING_OVERWRITE] = ""
        elif name in state.compared():
            st.session_state[_PENDING_OVERWRITE] = name
        elif len(state.compared()) >= state.MAX_SAVED:
            st.session_state[_PENDING_OVERWRITE] = _FULL
        else:
            save(name)
            st.rerun()
    pending = st.session_state.get(_PENDING_OVERWRITE)
    if pending == "":
        st.error(t("explorer.save_empty"), icon=":material/error:")
    elif pending == _FULL:
        st.error(t("explorer.save_full", count=state.MAX_SAVED), icon=":material/error:")
    elif pending:
        st.warning(t("explorer.save_exists", name=plain(pending)), icon=":material/warning:")
        replace, keep = st.columns(2)
        if replace.button(t("explorer.save_overwrite", name=plain(pending)), type="primary", key="save_overwrite"):
            save(pending)
            st.rerun()
        if keep.button(t("explorer.save_keep"), key="save_keep"):
            st.session_state.pop(_PENDING_OVERWRITE, None)
            st.rerun()


def show_notices() -> None:
    for message in state.pop_notices():
        st.toast(message, icon=":material/info:")


def synthetic_suffix(synthetic: bool) -> str:
    """A file-name tag, so an export made from the demo panel says so in its very name."""
    return "_synthetic" if synthetic else ""


def downloads(csv_text: str, latex_text: str, stem: str, key: str) -> None:
    """CSV and LaTeX download buttons for one table (``stem`` already says "synthetic" when it is)."""
    left, right = st.columns(2, width=240)
    left.download_button(
        t("repro.download_csv"),
        csv_text.encode("utf-8"),
        f"{stem}.csv",
        "text/csv",
        key=f"csv.{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        t("repro.download_latex"),
        latex_text.encode("utf-8"),
        f"{stem}.tex",
        "application/x-tex",
        key=f"tex.{key}",
        icon=":material/download:",
        on_click="ignore",
    )


def province_label(name: str) -> str:
    """A province's name in the session's language (English names are the keys everywhere else)."""
    return cache.province_names(state.language()).get(name, name)


def real_data_guide() -> None:
    """docs/real-data.md, shown in place (the app serves no files, and works offline); in Chinese, its
    Chinese version from the catalogue."""
    with st.expander(t("data.real_data"), icon=":material/menu_book:"):
        if state.language() == "zh":
            st.markdown(t("data.guide"))
        else:
            st.markdown(cache.real_data_guide() or t("data.real_data_missing"))


RUNS = ("baseline", "modified_baseline", "scenario")


def emission_paths(frame, history) -> tuple:
    """Long paths (``year, series, value, low, high``) of one series from a projection frame, and the
    observed history (``year, value``), ready for :func:`scenarios.app.charts.projection_chart`."""
    import pandas as pd

    paths = pd.concat(
        [frame[["year", f"{run}_mt"]].rename(columns={f"{run}_mt": "value"}).assign(series=run) for run in RUNS]
    )
    bands = frame.set_index("year")[["scenario_mt_p05", "scenario_mt_p95"]]
    is_scenario = paths["series"] == "scenario"
    paths["low"] = paths["year"].map(bands["scenario_mt_p05"]).where(is_scenario)
    paths["high"] = paths["year"].map(bands["scenario_mt_p95"]).where(is_scenario)
    return paths, history


def series_selectors(view: str) -> tuple[str | None, str]:
    """The province (province view) and industry the projection view shows, as controlled selects."""
    from scenarios.geography import sample_provinces

    province = None
    if view == "national":  # no selects: no columns to draw for them
        return province, "total"
    columns = st.columns(2)
    if view == "province":
        with columns[0]:
            province = state.view_control(
                st.selectbox,
                "province",
                label=t("explorer.province"),
                options=list(sample_provinces()),
                format_func=province_label,
            )
    with columns[1]:
        industry = state.view_control(
            st.selectbox,
            "industry",
            label=t("explorer.industry"),
            options=list(state.INDUSTRIES),
            format_func=lambda i: t(f"industry.{i}"),
        )
    return province, industry


def projection_view(projection, panel, view: str, chart_key: str | None = None):
    """The three emission paths of the chosen view with bands and the 2030 mark; returns the rows shown
    (for :func:`metrics`). The title and chart go in a container keyed ``chart_key``."""
    from scenarios.app import charts

    province, industry = series_selectors(view)
    if province:
        rows = projection.frame
        frame = rows[(rows["province"] == province) & (rows["industry"] == industry)]
        where = province_label(province)
    else:
        rows = projection.national
        frame = rows[rows["industry"] == industry]
        where = t("explorer.view_national")
    title = f"{t('industry.' + industry)} · {where}"
    if projection.synthetic:
        title += f" ({t('label.synthetic')})"
    with st.container(key=chart_key):
        st.markdown(f"**{title}**")

        def chart() -> dict:
            paths, history = emission_paths(frame, cache.observed_history(panel, industry, province))
            content: dict[str, Any] = {
                "series_labels": {run: t(f"explorer.{run}") for run in RUNS},
                "peak_year": 2030 if projection.scenario.horizon >= 2030 else None,
                "peak_label": t("explorer.peak"),
                "history": history,
                "history_label": t("explorer.observed"),
            }
            rows = charts.projection_chart_rows(paths, **content)
            titles: dict[str, Any] = {
                "x_title": t("explorer.year_axis"),
                "y_title": t("explorer.emissions_axis"),
                "value_title": t("unit.mt_co2"),
                "band_title": t("explorer.band_tooltip"),
            }
            # the chart's shape (encodings, titles, labels) depends on the language and its layers only
            shape = cache.chart_spec(
                ("projection shape", state.language(), *rows),
                lambda: charts.vega_lite_spec(charts.projection_chart(paths, **content, **titles)),
            )
            return charts.with_layer_rows(shape, rows)

        cached_chart(
            ("projection", *cache.projection_key(panel, projection.scenario), province, industry, state.language()),
            chart,
        )
    if province and not hasattr(panel, "raw"):
        observed_spending(panel, province)
    return frame


def observed_spending(anchors, province: str) -> None:
    """The province's technology-import spending 2018-2023 as published (CNY 10,000), unreported years
    named with how the stock fills them."""
    import pandas as pd

    from scenarios.app import charts

    spending = anchors.tech_expenditure.loc[province]
    flags = anchors.tech_flags.loc[province]
    frame = pd.DataFrame({"year": spending.index.astype(int), "value": spending.to_numpy()})
    st.markdown(f"**{t('explorer.spending_title', province=province_label(province))}**")
    st.altair_chart(
        charts.spending_chart(frame, x_title=t("explorer.year_axis"), y_title=t("unit.cny10k")), width="stretch"
    )
    filled = [f"{year} ({t('flag.' + flag.replace(' ', '_'))})" for year, flag in flags.items() if flag != "reported"]
    if filled:
        st.caption(t("explorer.spending_filled", years=", ".join(filled)))


def lazy_expander(label: str, key: str, in_use: bool = False):
    """An expander whose contents the page draws only while it is open (``with`` it, then test its
    ``.open``): Streamlit's stateful expander, which reruns the fragment when opened or closed, so a slider
    move does not redraw the widgets folded away in it. It opens itself when what it holds comes into use
    (``in_use`` turns true: a link or preset with a subsidy, say), and never closes itself: a lever moved
    back to zero stays under the user's hand."""
    was_in_use = st.session_state.get(f"{key}.in_use", False)
    st.session_state[f"{key}.in_use"] = in_use
    if in_use and not was_in_use:
        st.session_state[key] = True
    return st.expander(label, key=key, on_change="rerun")


def cached_chart(key: tuple, build) -> None:
    """Draw the Vega-Lite specification ``build()`` makes, built once per ``key`` for all sessions
    (:func:`scenarios.app.cache.chart_spec`; ``key`` names everything the chart shows)."""
    st.vega_lite_chart(spec=cache.chart_spec(key, build), width="stretch")


def cautions(projection, about: str = "") -> None:
    """Every caution of the projection (:attr:`Projection.warnings`), in the session's language, each
    preceded by ``about`` (a scenario's name where several are shown: a link may carry it, so it is text)."""
    from scenarios.app.cautions import localized

    for caution in localized(projection.warnings, state.language()):
        st.caption(f":material/warning: {plain(about) + ': ' if about else ''}{caution}")


def metric_row():
    """A wrapping flex row to put ``st.metric`` s in: each takes the width its value needs and a long value
    ("no peak before 2030", "-2,457.4 百万吨") moves to a line of its own, where columns cut it to "...";
    one block to send instead of a block per column."""
    return st.container(horizontal=True)


def metrics(projection, frame) -> None:
    """Emissions at the horizon, avoided emissions, peak year (of the shown series), subsidy cost."""
    observed = projection.last_observed_year
    years, baseline, scenario = (frame[column].to_numpy() for column in ("year", "baseline_mt", "scenario_mt"))
    end = int(years.argmax())
    future = years > observed
    avoided = float((baseline[future] - scenario[future]).sum())
    change = float(scenario[end] - baseline[end])
    row = metric_row()
    row.metric(
        t("explorer.metric_horizon", year=int(years[end])),
        f"{scenario[end]:,.0f} {t('unit.mt')}",
        mt_text(change),
        delta_color="inverse" if round(change, 1) else "off",
        help=t("explorer.metric_horizon.help"),
    )
    row.metric(t("explorer.metric_avoided", start=observed + 1, end=int(years[end])), mt_text(avoided, signed=False))
    row.metric(t("explorer.peak_year"), peak_text(years, scenario), help=t("explorer.peak_year.help"))
    row.metric(
        t("explorer.metric_cost"),
        f"{projection.subsidy_cost / 10:,.1f} {t('unit.cny_bn')}",
        help=t("explorer.metric_cost.help"),
    )
    row.metric(
        t("explorer.metric_cost_per_t"), cost_per_tonne_text(projection), help=t("explorer.metric_cost_per_t.help")
    )


def peak_text(years, values) -> str:
    """The year of the highest value, or "no peak before <last year>" when the highest is the last year
    and the series is still rising there (the peak, if any, lies beyond the horizon)."""
    import numpy as np

    years, values = np.asarray(years), np.asarray(values, dtype=float)
    top = int(np.argmax(values))
    if top == len(values) - 1 and len(values) > 1 and values[-1] > values[-2]:
        return t("explorer.no_peak", year=int(years[-1]))
    return str(int(years[top]))


def mt_text(value: float, digits: int = 1, signed: bool = True) -> str:
    """Megatonnes with the unit in the session's language; a value that rounds to zero is "0.0", never
    "−0.0" or "+0.0" (a scenario equal to the baseline has no sign)."""
    rounded = round(float(value), digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = f"{rounded:{'+' if signed and rounded else ''},.{digits}f}"
    return f"{text} {t('unit.mt')}"


def cost_per_tonne_text(projection) -> str:
    """CNY per tonne avoided; "no net reduction" when the subsidy raises national CO2 (the siphon effect)."""
    import math

    cost = projection.cost_per_tonne
    if not math.isnan(cost):
        return f"{cost:,.0f} {t('unit.cny_per_t')}"
    return t("explorer.no_reduction") if projection.subsidy_cost > 0 else "—"


#: Local Moran cluster colours: high-high red, low-low blue, the outliers paler (as GeoDa draws them).
LISA_PALETTE = {
    "HH": (220, 38, 38),
    "LL": (37, 99, 235),
    "HL": (252, 165, 165),
    "LH": (147, 197, 253),
    "not significant": (229, 229, 224),
}


def swatch(colour: tuple[int, int, int]) -> str:
    """A small coloured square for a legend (HTML)."""
    r, g, b = colour
    return f'<span style="display:inline-block;width:0.8em;height:0.8em;background:rgb({r},{g},{b});border:1px solid #999"></span>'


def settings_table(settings):
    """The export's settings (``parameter, value, unit``) for the page: headings and units in the session's
    language; the parameter names stay as the exported file writes them."""
    from scenarios.app.i18n import CATALOGUE

    units = settings["unit"].map(lambda unit: t(f"unit.{unit}") if f"unit.{unit}" in CATALOGUE else unit)
    return settings.assign(unit=units).rename(
        columns={"parameter": t("share.parameter"), "value": t("share.value"), "unit": t("share.unit")}
    )
