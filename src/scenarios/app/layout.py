"""What every page shares: the sidebar, the synthetic-data banner, notices, and small drawing helpers."""

from __future__ import annotations

import sys

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
    """``function(*args)``, or, when the loaded panel cannot support it, a message and the end of the page
    (never a traceback: an uploaded panel may be too short, constant or collinear for an estimator)."""
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
    """What the page's numbers come from, at its top: the synthetic-data banner only on pages that show
    synthetic numbers (a scenario page projecting from the demo panel, or any other page while the demo
    panel is loaded); on a scenario page projecting from the real anchors, one line saying what is real
    (levels, spending) and what is the paper's (coefficients), with the citations."""
    if st.session_state.get("page") in state.SCENARIO_PAGES:
        data = state.data_set()
        if data == "real":
            st.info(t("banner.real"), icon=":material/public:")
            return
        synthetic = cache.scenario_data().synthetic
    else:
        synthetic = cache.current_panel().synthetic
    if synthetic:
        st.warning(t("banner.synthetic"), icon=":material/science:")


def data_set_selector() -> None:
    """The scenario pages' data set: real anchors, synthetic demo, or the uploaded panel when there is one."""
    options = [name for name in state.DATA_SETS if name != "panel" or state.PANEL in st.session_state]
    state.controlled(
        st.segmented_control, "data_set", state.data_set(),
        lambda value: state.set_data_set(value or state.data_set()),
        label=t("data_set.label"), options=options, format_func=lambda name: t(f"data_set.{name}"),
        help=t("data_set.help"),
    )


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
        t("repro.download_csv"), csv_text.encode("utf-8"), f"{stem}.csv", "text/csv",
        key=f"csv.{key}", icon=":material/download:", on_click="ignore",
    )
    right.download_button(
        t("repro.download_latex"), latex_text.encode("utf-8"), f"{stem}.tex", "application/x-tex",
        key=f"tex.{key}", icon=":material/download:", on_click="ignore",
    )


def province_label(name: str) -> str:
    """A province's name in the session's language (English names are the keys everywhere else)."""
    return cache.province_names(state.language()).get(name, name)


def real_data_guide() -> None:
    """docs/real-data.md, shown in place (the app serves no files, and works offline)."""
    with st.expander(t("data.real_data"), icon=":material/menu_book:"):
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
    columns = st.columns(2)
    if view == "province":
        with columns[0]:
            province = state.controlled(
                st.selectbox, "province", state.view("province"), lambda v: state.set_view("province", v),
                label=t("explorer.province"), options=list(sample_provinces()), format_func=province_label,
            )
    industry = "total"
    if view in ("province", "industry"):
        with columns[1]:
            industry = state.controlled(
                st.selectbox, "industry", state.view("industry"), lambda v: state.set_view("industry", v),
                label=t("explorer.industry"), options=list(state.INDUSTRIES), format_func=lambda i: t(f"industry.{i}"),
            )
    return province, industry


def projection_view(projection, panel, view: str) -> None:
    """The three emission paths of the chosen view with bands and the 2030 mark, then headline metrics."""
    from scenarios.app import charts
    from scenarios.projection.coefficients import SERIES_COLUMN

    province, industry = series_selectors(view)
    if province:
        frame = projection.frame.query("province == @province and industry == @industry")
        where = province_label(province)
    else:
        frame = projection.national.query("industry == @industry")
        where = t("explorer.view_national")
    paths, history = emission_paths(frame, observed_history(panel, industry, province))
    title = f"{t('industry.' + industry)} · {where}"
    if projection.synthetic:
        title += f" ({t('label.synthetic')})"
    st.markdown(f"**{title}**")
    st.altair_chart(
        charts.projection_chart(
            paths, series_labels={run: t(f"explorer.{run}") for run in RUNS},
            x_title=t("explorer.year_axis"), y_title=t("explorer.emissions_axis"),
            peak_year=2030 if projection.scenario.horizon >= 2030 else None, peak_label=t("explorer.peak"),
            history=history, history_label=t("explorer.observed"),
        ),
        width="stretch",
    )
    st.caption(t("explorer.band_caption"))
    if province and not hasattr(panel, "raw"):
        observed_spending(panel, province)
    metrics(projection, frame)


def observed_history(data, industry: str, province: str | None):
    """Observed emissions (``year, value``, Mt) of one series, national (sum of the 30) or one province:
    the CEADs inventories 1998-2019 for the real anchors (a year where a province has no CEADs figure
    is left out of the national line, not summed as a dip), else the panel's years."""
    import pandas as pd

    from scenarios.projection.coefficients import SERIES_COLUMN

    if hasattr(data, "raw"):
        raw = data.raw if province is None else data.raw[data.raw["province"] == province]
        history = raw.groupby("year", as_index=False)[SERIES_COLUMN[industry]].sum()
        return history.rename(columns={SERIES_COLUMN[industry]: "value"})
    emissions = data.emissions[industry]
    if province is not None:
        emissions = emissions.xs(province, level="province")
    else:
        emissions = emissions.groupby(level="year").sum(min_count=len(data.provinces))
    return pd.DataFrame({"year": emissions.index.astype(int), "value": emissions.to_numpy()}).dropna()


def observed_spending(anchors, province: str) -> None:
    """The province's technology-import spending 2018-2023 as published (CNY 10,000), unreported years
    named with how the stock fills them."""
    import pandas as pd

    from scenarios.app import charts

    spending = anchors.tech_expenditure.loc[province]
    flags = anchors.tech_flags.loc[province]
    frame = pd.DataFrame({"year": spending.index.astype(int), "value": spending.to_numpy()})
    st.markdown(f"**{t('explorer.spending_title', province=province_label(province))}**")
    st.altair_chart(charts.spending_chart(frame, x_title=t("explorer.year_axis"), y_title=t("unit.cny10k")),
                    width="stretch")
    filled = [f"{year} ({t('flag.' + flag.replace(' ', '_'))})" for year, flag in flags.items() if flag != "reported"]
    if filled:
        st.caption(t("explorer.spending_filled", years=", ".join(filled)))


def cautions(projection, about: str = "") -> None:
    """Every caution of the projection (:attr:`Projection.warnings`), in the session's language, each
    preceded by ``about`` (a scenario's name where several are shown: a link may carry it, so it is text)."""
    from scenarios.app.cautions import localized

    for caution in localized(projection.warnings, state.language()):
        st.caption(f":material/warning: {plain(about) + ': ' if about else ''}{caution}")


def metrics(projection, frame) -> None:
    """Emissions at the horizon, avoided emissions, peak year (of the shown series), subsidy cost."""
    observed = projection.last_observed_year
    at_end = frame[frame["year"] == frame["year"].max()].iloc[0]
    future = frame[frame["year"] > observed]
    avoided = float((future["baseline_mt"] - future["scenario_mt"]).sum())
    peak = int(frame.loc[frame["scenario_mt"].idxmax(), "year"])
    columns = st.columns(3) + st.columns(3)
    columns[0].metric(
        t("explorer.metric_horizon", year=int(at_end["year"])), f"{at_end['scenario_mt']:,.0f} Mt",
        f"{at_end['scenario_mt'] - at_end['baseline_mt']:+,.1f} Mt", delta_color="inverse",
    )
    columns[1].metric(t("explorer.metric_avoided", start=observed + 1, end=int(at_end["year"])), f"{avoided:,.1f} Mt")
    columns[2].metric(t("explorer.peak_year"), str(peak))
    columns[3].metric(t("explorer.metric_cost"), f"{projection.subsidy_cost / 10:,.1f} {t('unit.cny_bn')}",
                      help=t("explorer.metric_cost.help"))
    columns[4].metric(t("explorer.metric_cost_per_t"), cost_per_tonne_text(projection),
                      help=t("explorer.metric_cost_per_t.help"))


def cost_per_tonne_text(projection) -> str:
    """CNY per tonne avoided; "no net reduction" when the subsidy raises national CO2 (the siphon effect)."""
    import math

    cost = projection.cost_per_tonne
    if not math.isnan(cost):
        return f"{cost:,.0f} {t('unit.cny_per_t')}"
    return t("explorer.no_reduction") if projection.subsidy_cost > 0 else "—"


#: Local Moran cluster colours: high-high red, low-low blue, the outliers paler (as GeoDa draws them).
LISA_PALETTE = {
    "HH": (220, 38, 38), "LL": (37, 99, 235), "HL": (252, 165, 165), "LH": (147, 197, 253),
    "not significant": (229, 229, 224),
}


def swatch(colour: tuple[int, int, int]) -> str:
    """A small coloured square for a legend (HTML)."""
    r, g, b = colour
    return f'<span style="display:inline-block;width:0.8em;height:0.8em;background:rgb({r},{g},{b});border:1px solid #999"></span>'
