"""Every page through AppTest: renders without exception, widgets change outputs, links seed the state."""

from pathlib import Path

import pandas as pd
import pytest

from scenarios.data.anchors import real_anchors
from scenarios.data.demo import load_demo_panel
from scenarios.projection import link as share_link
from scenarios.projection.engine import project
from scenarios.projection.scenario import Scenario
from scenarios.provenance import LABEL_COLUMN, REAL_PROJECTION_LABEL

from .conftest import PAGES, assert_clean, open_app, open_section, shown

ROOT = Path(__file__).resolve().parents[2]


SCENARIO_PAGES = ("explorer", "spillovers", "optimise", "compare", "share")


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_the_banner_of_its_data(page):
    """Reproduction pages show the demo panel (synthetic banner); scenario pages project from the real
    anchors by default (one line: what is real, what is the paper's) and from the demo on anchors=demo."""
    app = open_app(page=page)
    assert_clean(app)
    assert app.title, page
    synthetic = any("Synthetic demo data" in w.value for w in app.warning)
    if page in SCENARIO_PAGES:
        assert not synthetic, "synthetic banner on " + page
        real = [i.value for i in app.info if "Real provinces" in i.value]
        assert real and "CEADs" in real[0] and "Shan et al." in real[0] and "S&T Yearbook" in real[0]
        demo = open_app({"anchors": "demo"}, page=page)
        assert_clean(demo)
        assert any("Synthetic demo data" in w.value for w in demo.warning), "banner missing on demo " + page
    else:
        assert synthetic, "banner missing on " + page


def test_reproduction_tallies_say_the_demo_was_calibrated_to_agree():
    app = open_app(page="baseline")
    assert_clean(app)
    tallies = [c.value for c in app.caption if "Same sign as the paper" in c.value]
    assert tallies and all("calibrated so that the technology-import cells" in c for c in tallies)


@pytest.mark.parametrize("page", ["overview", "explorer", "spatial"])
def test_page_renders_in_chinese(page):
    app = open_app({"ui_lang": "zh"}, page=page)
    assert_clean(app)
    if page == "explorer":
        assert any("真实省份数据" in i.value for i in app.info)
    else:
        assert any("合成演示数据" in w.value for w in app.warning)
    assert app.sidebar.segmented_control[0].value == "zh"


def test_language_switch_changes_labels():
    app = open_app(page="overview")
    assert app.title[0].value.startswith("Technology import")
    app.sidebar.segmented_control[0].set_value("zh").run()
    assert app.title[0].value.startswith("技术引进")


def _metric(app, label_start: str) -> str:
    return next(m.value for m in app.metric if m.label.startswith(label_start))


def test_explorer_slider_changes_the_projection():
    app = open_app(page="explorer")
    before = _metric(app, "Emissions in 2030")
    app.slider(key="w.lever.import_growth").set_value(20.0).run()
    assert_clean(app)
    assert app.session_state["scenario"].import_growth == 20.0
    assert _metric(app, "Emissions in 2030") != before


@pytest.mark.parametrize("coefficients", ["published-W1", "published-W3"])
def test_explorer_subsidy_shows_cost_and_cost_per_tonne(coefficients):
    app = open_section(open_app({"coef": coefficients}, page="explorer"), "explorer_subsidy")
    app.slider(key="w.lever.subsidy.amount").set_value(100.0).run()
    assert_clean(app)
    # CNY 100 x 100 million a year, paid 2024-2030 (spending through 2023 is observed): CNY 70 billion
    assert _metric(app, "Subsidy cost, total") == "70.0 CNY bn"
    projection = project(app.session_state["scenario"], real_anchors())
    expected = f"{projection.cost_per_tonne:,.0f} CNY/t" if projection.subsidy_avoided_mt > 0 else "no net reduction"
    assert _metric(app, "Subsidy cost per tonne") == expected


def test_explorer_views_province_and_industry():
    app = open_app(page="explorer")
    app.segmented_control(key="w.explorer_view").set_value("province").run()
    app.selectbox(key="w.province").set_value("Guangdong").run()
    app.selectbox(key="w.industry").set_value("steel").run()
    assert_clean(app)
    assert any("Steel · Guangdong" in m.value for m in app.markdown)


def test_preset_replaces_the_scenario():
    app = open_app(page="explorer")
    app.selectbox(key="preset_choice").set_value("subsidise-lagging")
    app.button[0].click().run()
    assert app.session_state["scenario"].subsidy.amount == 50.0
    assert app.slider(key="w.lever.subsidy.amount").value == 50.0


def test_query_parameters_seed_scenario_views_and_language():
    query = share_link.encode(
        Scenario(import_growth=8.0, coefficients="published-W3"),
        ui={"ui_lang": "zh", "ui_explorer": "province", "ui_province": "Hebei"},
    )
    app = open_app(dict(kv.split("=") for kv in query.split("&")), page="explorer")
    assert_clean(app)
    scenario = app.session_state["scenario"]
    assert (scenario.import_growth, scenario.coefficients) == (8.0, "published-W3")
    assert app.slider(key="w.lever.import_growth").value == 8.0
    assert app.selectbox(key="w.province").value == "Hebei"
    assert app.session_state["lang"] == "zh"


def test_damaged_link_opens_with_notices_not_an_error():
    app = open_app({"g": "lots", "h": "1999", "ui_explorer": "sideways", "ui_nonsense": "1", "coef": "x"})
    assert_clean(app)
    notices = shown(" ".join(toast.value for toast in app.toast))
    assert "g=lots" in notices and "ui_nonsense" in notices and "sideways" in notices
    assert app.session_state["scenario"] == Scenario()
    app.switch_page("app_pages/explorer.py").run()
    assert_clean(app)


def test_switching_pages_keeps_the_scenario():
    app = open_app(page="explorer")
    app.slider(key="w.lever.import_growth").set_value(12.0).run()
    app.switch_page("app_pages/spillovers.py").run()
    app.switch_page("app_pages/explorer.py").run()
    assert app.slider(key="w.lever.import_growth").value == 12.0


def test_spillovers_selecting_a_province_changes_the_flows():
    app = open_app({"gr": "E:10"}, page="spillovers")
    assert_clean(app)
    app.selectbox(key="w.spill_province").set_value("Hebei").run()
    assert_clean(app)
    assert any("Flows of Hebei" in h.value for h in app.subheader)


def test_spillovers_without_policy_explains_what_to_do():
    app = open_app(page="spillovers")
    assert_clean(app)
    assert any("no policy" in info.value for info in app.info)


def test_save_for_comparison_goes_into_the_link():
    app = open_app({"g": "10"}, page="explorer")
    app.text_input(key="save_name").set_value("Fast").run()
    next(b for b in app.button if b.label == "Save").click().run()
    assert "Fast" in app.session_state["compare"]
    app.switch_page("app_pages/compare.py").run()
    assert_clean(app)
    assert "ui_cmp1" in app.query_params
    reopened = open_app({k: v[0] if isinstance(v, list) else v for k, v in app.query_params.items()}, page="compare")
    assert reopened.session_state["compare"]["Fast"].import_growth == 10.0


def test_share_page_link_restores_the_state():
    app = open_app({"g": "7.5", "s": "40", "ui_explorer": "industry"}, page="explorer")
    app.switch_page("app_pages/share.py").run()
    assert_clean(app)
    link = app.code[0].value
    assert link.startswith("http://localhost:8501/explorer?")
    scenario, notices = share_link.decode(link)
    assert notices == [] and scenario == app.session_state["scenario"]
    assert share_link.ui_state(link)["ui_explorer"] == "industry"
    labels = [button.proto.label for button in app.get("download_button")]
    assert {"Download briefing (PDF)", "Download briefing (HTML)"} <= set(labels)


def test_malformed_upload_keeps_the_previous_panel():
    app = open_app(page="data")
    app.file_uploader(key="panel_upload").set_value(("bad.csv", b"province,year\nAtlantis,20x1\n", "text/csv")).run()
    assert not app.exception
    assert app.error and "bad.csv" in shown(app.error[0].value) and "row" in app.error[0].value
    assert "panel" not in app.session_state
    assert any("Synthetic demo data" in w.value for w in app.warning)


def _upload(app, name: str, content: bytes):
    return app.file_uploader(key="panel_upload").set_value((name, content, "text/csv")).run()


def _demo_csv(keep_label: bool = True, scale_co2: float = 1.0) -> bytes:
    frame = pd.read_csv(ROOT / "data" / "demo_panel.csv")
    frame["co2_total"] *= scale_co2
    return (frame if keep_label else frame.drop(columns=LABEL_COLUMN)).to_csv(index=False).encode()


def test_good_upload_replaces_the_panel_and_drops_the_banner():
    app = _upload(open_app(page="data"), "my_panel.csv", _demo_csv(keep_label=False, scale_co2=1.01))
    assert not app.exception
    panel = app.session_state["panel"]
    assert panel.source == "my_panel.csv" and not panel.synthetic
    assert not any("Synthetic demo data" in w.value for w in app.warning)
    assert "Your panel: my_panel.csv" in shown(app.sidebar.markdown[0].value)
    columns = [str(c) for frame in app.dataframe for c in frame.value.columns]
    assert any(c.endswith("· This run") for c in columns) and not any("synthetic" in c for c in columns)
    assert not any("calibrated" in c.value for c in app.caption)


@pytest.mark.parametrize(
    "content",
    [
        (ROOT / "data" / "demo_panel.csv").read_bytes(),  # a copy, renamed
        _demo_csv(keep_label=False),  # re-saved without its data column: same content
        _demo_csv(keep_label=True, scale_co2=1.01),  # edited, but still carrying the demo's label
    ],
    ids=["copy", "resaved-unlabelled", "edited-labelled"],
)
def test_an_upload_of_the_demo_content_stays_labelled_synthetic(content):
    app = _upload(open_app(page="data"), "real_data_honest.csv", content)
    assert_clean(app)
    panel = app.session_state["panel"]
    assert panel.source == "real_data_honest.csv" and panel.synthetic
    assert any("Synthetic demo data" in w.value for w in app.warning)
    assert "synthetic demo" in app.sidebar.markdown[0].value
    columns = [str(c) for frame in app.dataframe for c in frame.value.columns]
    assert any(c.endswith("This run (synthetic)") for c in columns)


def test_province_override_and_time_effect_levers():
    app = open_section(open_app({"coef": "estimated-W1", "anchors": "demo"}, page="explorer"), "explorer_by_province")
    open_section(app, "explorer_assumptions")
    app.selectbox(key="lever_province_choice").set_value("Gansu").run()
    app.slider(key="w.lever.province.Gansu@5").set_value(20.0)  # until set, it shows its region's 5 %
    next(b for b in app.button if b.label == "Apply" and b.form_id == "province_growth").click().run()
    assert_clean(app)
    assert app.session_state["scenario"].province_growth == (("Gansu", 20.0),)
    app.radio(key="w.lever.assumptions.time_effect").set_value("trend").run()
    assert_clean(app)
    assert app.session_state["scenario"].assumptions.time_effect == "trend"
    app.radio(key="w.coef_source").set_value("published").run()  # a trend needs estimated coefficients
    assert app.session_state["scenario"].coefficients == "estimated-W1"
    assert any("trend" in toast.value for toast in app.toast)


def test_ceads_workbook_merges_into_the_panel(tmp_path):
    from ceads_workbooks import write_workbook

    workbook = write_workbook(tmp_path / "ceads_2020.xlsx", 2020, ("Jiangsu", "InnerMongolia"), with_scope2=True)
    app = open_app(page="data")
    app.file_uploader(key="ceads_upload").set_value(
        [("ceads_2020.xlsx", workbook.read_bytes(), "application/vnd.ms-excel")]
    ).run()
    app.checkbox(key="ceads_overwrite").check().run()
    next(b for b in app.button if b.label == "Merge into the panel").click().run()
    assert not app.exception
    panel = app.session_state["panel"]
    assert panel.source.endswith("+ CEADs") and panel.synthetic  # the demo panel stays synthetic
    merged = panel.raw.set_index(["province", "year"]).loc[("Jiangsu", 2020), "co2_total"]
    assert merged != load_demo_panel().raw.set_index(["province", "year"]).loc[("Jiangsu", 2020), "co2_total"]


def test_ceads_bad_workbook_shows_problems_and_keeps_the_panel():
    app = open_app(page="data")
    app.file_uploader(key="ceads_upload").set_value(
        [("broken.xlsx", b"not a workbook", "application/vnd.ms-excel")]
    ).run()
    next(b for b in app.button if b.label == "Merge into the panel").click().run()
    assert not app.exception
    assert app.error and "broken.xlsx" in shown(app.error[0].value)
    assert "panel" not in app.session_state


def test_a_panel_too_short_to_estimate_gives_a_message_not_a_traceback():
    raw = load_demo_panel().raw
    short = raw[raw["year"] >= 2019].to_csv(index=False).encode()  # two years: no unit-root tests, no bootstrap
    app = open_app(page="data")
    app.file_uploader(key="panel_upload").set_value(("short.csv", short, "text/csv")).run()
    assert not app.exception
    for page in ("baseline", "spatial", "mediation", "explorer", "compare"):
        app.switch_page(f"app_pages/{page}.py").run()
        assert not app.exception, (page, [e.value for e in app.exception])
        if page == "baseline":  # the whole page or the tables that cannot be estimated say why
            messages = [box.value for box in [*app.error, *app.warning]]
            assert any("could not be computed with these data and settings" in message for message in messages)


def test_spatial_weights_choice_changes_the_moran_table_and_map():
    app = open_app(page="spatial")
    assert any(m.value.startswith("**Table 5.") for m in app.markdown)
    app.segmented_control(key="w.repro_w").set_value("W2").run()
    assert_clean(app)
    assert any(m.value.startswith("**Table 6.") for m in app.markdown)
    assert app.session_state["views"]["repro_w"] == "W2"


def test_data_series_variable_changes_the_chart():
    app = open_app(page="data")
    app.selectbox(key="w.series_variable").set_value("gdp_per_capita").run()
    assert_clean(app)
    spec = next(chart for chart in app.get("vega_lite_chart") if "gdp_per_capita" in str(chart.proto.spec))
    assert "CNY 10,000" in str(spec.proto.spec)  # the unit is on the axis


def test_folded_sections_draw_their_levers_only_while_open():
    """A slider move does not redraw the levers folded away: they are drawn once their section is opened,
    and a section whose levers are in use (a link with a subsidy) opens itself."""
    app = open_app(page="explorer")
    drawn = {slider.key for slider in app.slider}
    assert "w.lever.import_growth" in drawn
    assert not drawn & {"w.lever.assumptions.gdp_growth", "w.lever.subsidy.amount", "w.lever.region.East@5"}
    open_section(app, "explorer_assumptions")
    assert_clean(app)
    assert app.slider(key="w.lever.assumptions.gdp_growth").value == Scenario().assumptions.gdp_growth
    linked = open_app({"s": "100"}, page="explorer")
    assert linked.slider(key="w.lever.subsidy.amount").value == 100.0


def test_region_growth_applies_on_submit_only():
    """Region sliders show the national growth until set and live in a form: moving the national growth
    never turns a region's shown value into a setting; the Apply button does."""
    app = open_section(open_app(page="explorer"), "explorer_by_region")
    app.slider(key="w.lever.import_growth").set_value(8.0).run()
    assert app.session_state["scenario"].region_growth == ()
    assert app.slider(key="w.lever.region.East@8").value == 8.0
    app.slider(key="w.lever.region.East@8").set_value(12.0).run()
    assert app.session_state["scenario"].region_growth == ()  # not submitted yet
    app.slider(key="w.lever.region.East@8").set_value(12.0)
    next(b for b in app.button if b.label == "Apply" and b.form_id == "region_growth").click().run()
    assert_clean(app)
    assert app.session_state["scenario"].region_growth == (("East", 12.0),)


def test_explorer_shows_real_history_spending_and_disabled_levers():
    app = open_app(page="explorer")
    assert_clean(app)
    assert app.segmented_control(key="w.data_set").value == "real"
    assert app.slider(key="w.lever.phase_in").value == 2024  # levers act after the observed spending
    open_section(app, "explorer_assumptions")
    ei = app.slider(key="w.lever.assumptions.ei_growth")
    assert ei.disabled and "no provincial level" in ei.help
    app.segmented_control(key="w.explorer_view").set_value("province").run()
    app.selectbox(key="w.province").set_value("Hainan").run()
    assert_clean(app)
    assert any("Technology-import spending, Hainan, 2018-2023" in m.value for m in app.markdown)
    assert any("Not reported: 2018 (carried back)" in c.value for c in app.caption)
    app.segmented_control(key="w.data_set").set_value("demo").run()
    assert_clean(app)
    assert any("Synthetic demo data" in w.value for w in app.warning)


def test_old_links_open_on_the_demo_with_a_notice_and_real_links_carry_the_key():
    app = open_app({"v": "1", "g": "8"})
    assert any("made before the real data" in toast.value for toast in app.toast)
    app.switch_page("app_pages/explorer.py").run()
    assert_clean(app)
    assert app.session_state["data_set"] == "demo"
    assert any("Synthetic demo data" in w.value for w in app.warning)
    share = open_app({"v": "2", "anchors": "demo"}, page="share")
    assert_clean(share)
    link = share.code[0].value
    assert "anchors=demo" in link and "v=2" in link
    real = open_app(page="share")
    assert "anchors=" not in real.code[0].value
    assert any(REAL_PROJECTION_LABEL in c.value for c in real.caption)


def test_share_page_offers_the_briefing_in_the_session_language(monkeypatch):
    """The briefing follows the page's language; without a Chinese font the Chinese PDF button is off and
    says why, while the HTML briefing stays available."""
    from scenarios.app import briefing

    def buttons(app):
        return {button.proto.label: button.proto for button in app.get("download_button")}

    app = open_app({"ui_lang": "zh"}, page="share")
    assert_clean(app)
    shown_buttons = buttons(app)
    assert shown_buttons["下载简报（PDF）"].disabled is not briefing.pdf_font_available("zh")
    monkeypatch.setattr(briefing, "CJK_FONT", "No Such Font CJK")
    shown_buttons = buttons(open_app({"ui_lang": "zh"}, page="share"))
    assert shown_buttons["下载简报（PDF）"].disabled and "fonts-noto-cjk" in shown_buttons["下载简报（PDF）"].help
    assert not shown_buttons["下载简报（HTML）"].disabled
