"""The Optimise page through AppTest: the optimum beside the rules, the form, applying the allocation."""

from scenarios.data.anchors import real_anchors
from scenarios.projection import link as share_link
from scenarios.projection.engine import engine_for
from scenarios.projection.optimise import optimise
from scenarios.projection.scenario import Scenario

from .conftest import assert_clean, open_app, shown


def _metric(app, label_start: str) -> str:
    return next(m.value for m in app.metric if m.label.startswith(label_start))


def test_the_page_shows_the_library_optimum_beside_the_rules():
    app = open_app(page="optimise")
    assert_clean(app)
    expected = optimise(engine_for(real_anchors(), "published-W1"), Scenario(), 50.0)
    assert _metric(app, "Avoided, optimum") == f"{expected.avoided_mt:,.1f} Mt"
    paper = expected.comparison.loc["paper_rule", "avoided_mt"]
    assert _metric(app, "Paper's rule") == f"{paper:,.1f} Mt"
    assert len(app.get("deck_gl_json_chart")) == 2  # the allocation and the marginal values
    assert any("Over 1000 coefficient draws" in c.value for c in app.caption)
    assert any("KKT" in c.value for c in app.caption)


def test_the_form_changes_the_optimum():
    app = open_app(page="optimise")
    app.number_input[0].set_value(20.0)  # budget
    app.radio[1].set_value("lowest")  # eligibility (after the objective)
    app.number_input[1].set_value(3)
    app.button[0].click().run()  # the form's submit
    assert_clean(app)
    assert app.session_state["optimise"] == {"budget": 20.0, "eligibility": "lowest", "lowest": 3}  # the changes
    expected = optimise(engine_for(real_anchors(), "published-W1"), Scenario(), 20.0, eligible="lowest:3")
    assert _metric(app, "Avoided, optimum") == f"{expected.avoided_mt:,.1f} Mt"


def test_apply_puts_the_allocation_into_the_scenario_and_the_link():
    app = open_app(page="optimise")
    apply = next(b for b in app.button if b.label.startswith("Apply this allocation"))
    apply.click().run()
    assert_clean(app)
    scenario = app.session_state["scenario"]
    expected = optimise(engine_for(real_anchors(), "published-W1"), Scenario(), 50.0)
    assert dict(scenario.subsidy.allocation) == {p: a for p, a in expected.allocation.items() if a > 0}
    assert share_link.decode(share_link.encode(scenario))[0] == scenario
    app.switch_page("app_pages/explorer.py").run()
    assert_clean(app)
    assert any("Per-province amounts" in c.value for c in app.caption)


def test_the_page_in_chinese():
    app = open_app({"ui_lang": "zh"}, page="optimise")
    assert_clean(app)
    assert app.title[0].value == "补贴优化"


def test_years_paid_reach_the_optimiser():
    app = open_app(page="optimise")
    app.slider[0].set_value((2025, 2028))
    app.button[0].click().run()  # the form's submit
    assert_clean(app)
    expected = optimise(engine_for(real_anchors(), "published-W1"), Scenario(), 50.0, start=2025, end=2028)
    assert _metric(app, "Avoided, optimum") == f"{expected.avoided_mt:,.1f} Mt"
    apply = next(b for b in app.button if b.label.startswith("Apply this allocation"))
    apply.click().run()
    subsidy = app.session_state["scenario"].subsidy
    assert (subsidy.start, subsidy.end) == (2025, 2028)


def test_the_settings_travel_in_the_link_and_open_the_same_optimum():
    """The form's changes go into the share link (``ui_opt_<setting>``, only what differs from the
    defaults), and the link opens the page with the same settings and the same optimum."""
    app = open_app(page="optimise")
    app.number_input[0].set_value(20.0)
    app.slider[0].set_value((2025, 2028))
    app.selectbox[0].set_value("steel")
    app.radio[1].set_value("list")
    app.multiselect[0].set_value(["Gansu", "Inner Mongolia"])
    app.radio[2].set_value("share")
    app.number_input[2].set_value(0.6)
    app.button[0].click().run()
    assert_clean(app)
    optimum = _metric(app, "Avoided, optimum")
    query = dict(app.query_params)
    assert {key: query[key] for key in query if key.startswith("ui_opt_")} == {
        "ui_opt_budget": "20",
        "ui_opt_years": "2025-2028",
        "ui_opt_series": "steel",
        "ui_opt_eligibility": "list",
        "ui_opt_provinces": "Gansu,Inner Mongolia",
        "ui_opt_cap": "share",
        "ui_opt_cap_value": "0.6",
    }
    opened = open_app(query, page="optimise")
    assert_clean(opened)
    assert opened.session_state["optimise"] == app.session_state["optimise"]
    assert _metric(opened, "Avoided, optimum") == optimum
    assert opened.multiselect[0].value == ["Gansu", "Inner Mongolia"]


def test_a_damaged_setting_in_a_link_is_a_notice_and_the_default_stays():
    app = open_app(
        {"ui_opt_budget": "lots", "ui_opt_provinces": "Gansu,Atlantis", "ui_opt_colour": "red", "ui_opt_lowest": "3"}
    )
    notices = " ".join(shown(toast.value) for toast in app.toast)
    app.switch_page("app_pages/optimise.py").run()
    assert_clean(app)
    assert "ui_opt_budget must be a number from 0 to 10000, not 'lots'" in notices
    assert "'Atlantis'" in notices and "no setting 'opt_colour'" in notices
    assert app.session_state["optimise"] == {"lowest": 3}  # what could be read is kept
    assert app.number_input[0].value == 50.0
