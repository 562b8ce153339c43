"""The projection's cautions reach the pages, translated where the catalogue knows their kind."""

import dataclasses

import pytest

from scenarios.app.cautions import localized
from scenarios.app.i18n import CATALOGUE
from scenarios.data.demo import load_demo_panel
from scenarios.projection import link as share_link
from scenarios.projection.engine import project
from scenarios.projection.scenario import Caution, Scenario, Subsidy
from scenarios.provenance import SYNTHETIC_NOTICE

from .conftest import assert_clean, open_app

#: Every kind of caution at once: far horizon, steep trend, huge levers, a subsidy starting after the horizon.
EXTREME = Scenario(horizon=2060, import_growth=40.0, coefficients="estimated-W1")
EXTREME = EXTREME.with_(assumptions=dataclasses.replace(EXTREME.assumptions, time_effect="trend"))


@pytest.fixture(scope="module")
def extreme_warnings():
    return project(EXTREME, load_demo_panel(), draws=20).warnings


def test_every_engine_caution_has_a_known_kind(extreme_warnings):
    kinds = {w.kind for w in extreme_warnings}
    # Which data-dependent cautions fire depends on the demo panel's numbers; these always must.
    assert kinds >= {"synthetic", "horizon", "steep_trend", "far_tech"}
    published = project(Scenario(horizon=2040, coefficients="published-W1"), load_demo_panel(), draws=20).warnings
    assert {w.kind for w in published} == {"synthetic", "horizon", "published_industries"}


def test_every_kind_translates_with_the_figures_it_carries(extreme_warnings):
    unpaid = Subsidy(amount=10, start=2035, end=2040)
    late = Scenario(import_growth=8, phase_in=2031, horizon=2030, subsidy=unpaid).warnings
    cautions = [w for w in (*extreme_warnings, *late) if w.kind != "synthetic"]
    assert {w.kind for w in late} == {"phase_in_after_horizon", "subsidy_after_horizon", "published_industries"}
    for caution in cautions:
        (chinese,) = localized([caution], "zh")  # no placeholder missing
        assert all(str(value) in chinese for name, value in caution.figures.items() if name != "who"), caution.kind
    assert {key.removeprefix("warning.") for key in CATALOGUE if key.startswith("warning.")} == {
        "horizon",
        "phase_in_after_horizon",
        "subsidy_after_horizon",
        "published_industries",
        "steep_trend",
        "far_tech",
        "industries_exceed_total",
        "rho_at_bound",
        "filled_spending",
        "observed_spending",
        "horizon_within_observed",
    }


def test_a_re_estimated_rho_at_its_bound_is_a_caution_in_both_languages():
    """Issue 15, item 4: the estimator's at_bound reaches the projection's cautions (and so every page)."""
    from scenarios.geography import spatial_weights
    from scenarios.projection.coefficients import estimated
    from scenarios.projection.engine import ProjectionEngine

    panel = load_demo_panel()
    models = estimated(panel, "W1")
    assert all(m.rho_at_bound is None for m in models)  # the demo's fits are interior
    bounded = (dataclasses.replace(models[0], rho_at_bound="upper", rho_interval=(-1.25, 1.0)), *models[1:])
    engine = ProjectionEngine(panel, bounded, weights=spatial_weights("W1"), draws=20)
    cautions = [w for w in engine.project(Scenario(horizon=2030)).warnings if w.kind == "rho_at_bound"]
    assert len(cautions) == 1
    assert cautions[0].startswith(f"The SDM re-estimated for {models[0].series} puts rho (")
    assert "(-1.25, 1)" in cautions[0]
    assert localized(cautions, "zh")[0].startswith(f"为 {models[0].series} 重新估计的 SDM 中")


def test_chinese_carries_the_figures_and_unknown_cautions_stay_english(extreme_warnings):
    new = (Caution("brand_new", "A caution nobody has translated yet."), "A plain-text caution.")
    chinese = localized(extreme_warnings + new, "zh")
    assert len(chinese) == len(extreme_warnings) + 1  # synthetic notice dropped (the banner says it), new ones kept
    assert chinese[0].startswith("预测终点 2060 年")
    assert "全部 30 个省份" in chinese[2] and "-fold" not in chinese[2]
    assert chinese[-2:] == ["A caution nobody has translated yet.", "A plain-text caution."]
    assert localized(extreme_warnings, "en") == list(extreme_warnings[1:])


@pytest.mark.parametrize("language, expected", [("en", "The trended time effect alone"), ("zh", "仅时间趋势效应")])
def test_explorer_shows_every_caution_in_the_session_language(language, expected, extreme_warnings):
    query = share_link.encode(EXTREME, ui={"ui_lang": language}, data="demo")  # estimated: not on the real anchors
    app = open_app(dict(kv.split("=") for kv in query.split("&")), page="explorer")
    assert_clean(app)
    captions = [c.value for c in app.caption]
    assert any(expected in c for c in captions), captions
    shown = sum(":material/warning:" in c for c in captions)
    assert shown == sum(w != SYNTHETIC_NOTICE for w in extreme_warnings)  # all of them, the banner says synthetic


@pytest.mark.parametrize("page", ["spillovers", "compare", "share"])
def test_pages_showing_a_projection_show_its_cautions(page):
    query = share_link.encode(Scenario(horizon=2045, import_growth=8.0))
    app = open_app(dict(kv.split("=") for kv in query.split("&")), page=page)
    assert_clean(app)
    assert any("The horizon 2045 is far outside the sample" in c.value for c in app.caption)


def test_provinces_are_worded_from_data_in_each_language():
    """A caution carries its provinces as names (and out of how many), so each language words the list
    itself: no English list is parsed back."""
    from scenarios.projection.cautions import Number, Provinces

    names = ("Beijing", "Inner Mongolia", "Hebei", "Shanxi", "Liaoning", "Jilin", "Hainan")
    template = "The levers move {who} more than {fold}-fold (up to {largest}-fold)."
    many = Caution(
        "far_tech", template, who=Provinces(names, 30), fold=Number(2.718, ".1f"), largest=Number(1234.5, ",.0f")
    )
    assert str(many) == (
        "The levers move Beijing, Inner Mongolia, Hebei, Shanxi, Liaoning and 2 more provinces "
        "more than 2.7-fold (up to 1,234-fold)."
    )
    (chinese,) = localized([many], "zh")
    assert (
        "北京市、内蒙古自治区、河北省、山西省、辽宁省 等另外 2 个省份" in chinese
        and "2.7" in chinese
        and "1,234" in chinese
    )
    everyone = Caution(
        "far_tech", template, who=Provinces(names, len(names)), fold=Number(2.7, ".1f"), largest=Number(3, ",.0f")
    )
    assert "all 7 provinces" in everyone and "全部 7 个省份" in localized([everyone], "zh")[0]
    few = Caution("far_tech", template, who=Provinces(names[:2], 30), fold=Number(2.7, ".1f"), largest=Number(3, ""))
    assert "北京市、内蒙古自治区" in localized([few], "zh")[0] and "Beijing, Inner Mongolia" in few
    assert many.figures["who"].names == names  # the data, not a sentence


def test_real_anchor_cautions_translate_with_their_figures():
    from scenarios.data.anchors import real_anchors

    warnings = project(Scenario(import_growth=8, phase_in=2022), real_anchors(), draws=20).warnings
    real = [w for w in warnings if w.kind in ("filled_spending", "observed_spending")]
    assert {w.kind for w in real} == {"filled_spending", "observed_spending"}
    chinese = localized(real, "zh")
    assert "海南" in chinese[0] and "2023" in chinese[1] and "2024" in chinese[1]


def test_a_horizon_within_the_observed_spending_projects_the_baseline_and_says_why():
    """On the real anchors (spending observed through 2023) a horizon of 2021-2023 used to fail with an
    IndexError (no year left to accumulate the stock); it projects the observed years, with no lever acting."""
    from scenarios.data.anchors import real_anchors

    projection = project(Scenario(horizon=2022, import_growth=12.0, subsidy=Subsidy(amount=50)), real_anchors())
    national = projection.national
    assert list(national["year"].unique()) == [2019, 2020, 2021, 2022]
    assert (national["scenario_mt"] == national["modified_baseline_mt"]).all() and projection.subsidy_cost == 0
    (caution,) = [w for w in projection.warnings if w.kind == "horizon_within_observed"]
    assert "The horizon 2022" in caution and "through 2023" in caution and "before 2024" in caution
    assert localized([caution], "zh")[0].startswith("预测终点 2022 年")
