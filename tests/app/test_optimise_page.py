"""The Optimise page through AppTest: the optimum beside the rules, the form, applying the allocation."""

from scenarios.data.anchors import real_anchors
from scenarios.projection import link as share_link
from scenarios.projection.engine import engine_for
from scenarios.projection.optimise import optimise
from scenarios.projection.scenario import Scenario

from .conftest import assert_clean, open_app


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
    settings = app.session_state["settings.optimise"]
    assert settings["budget"] == 20.0 and settings["eligibility"] == "lowest" and settings["lowest"] == 3
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
