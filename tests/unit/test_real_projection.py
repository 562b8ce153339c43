"""Projections from the real anchors (issue 12): CEADs 2019 anchors, observed spending through 2023,
levers after it, the money units, filled spending flagged, disabled levers, the data label and the CLI."""

import json

import numpy as np
import pandas as pd
import pytest

from scenarios.cli import main
from scenarios.data.anchors import real_anchors
from scenarios.errors import InputError
from scenarios.projection.coefficients import SERIES
from scenarios.projection.engine import REAL_ANCHOR_YEAR, disabled_levers, engine_for, project
from scenarios.projection.link import data_set, decode, encode
from scenarios.projection.scenario import Assumptions, Scenario, Subsidy
from scenarios.provenance import REAL_PROJECTION_LABEL, SYNTHETIC_LABEL, SYNTHETIC_NOTICE
from scenarios.units import CNY_10K_PER_100M, cny_10k_to_100m, cny_100m_to_10k

DRAWS = 100


@pytest.fixture(scope="module")
def anchors():
    return real_anchors()


@pytest.fixture(scope="module")
def policy(anchors):
    """National growth 10 % from 2021 (before the observed years end) and a subsidy to Hebei."""
    scenario = Scenario(
        import_growth=10, phase_in=2021, horizon=2030, subsidy=Subsidy(amount=50, provinces=("Hebei",), start=2022)
    )
    return project(scenario, anchors, draws=DRAWS)


def test_the_2019_row_is_ceads_2019_for_every_province_and_series(anchors, policy):
    ceads = anchors.emissions.xs(2019, level="year")
    frame = policy.frame
    first = frame[frame["year"] == REAL_ANCHOR_YEAR].set_index(["province", "industry"])
    assert policy.last_observed_year == 2019 and len(first) == 30 * len(SERIES)
    for column in ("baseline_mt", "modified_baseline_mt", "scenario_mt"):
        got = first[column].unstack("industry").reindex(index=ceads.index, columns=list(SERIES))
        np.testing.assert_allclose(got.to_numpy(), ceads[list(SERIES)].to_numpy(), rtol=1e-12)
    national = policy.national
    at_2019 = national[national["year"] == 2019].set_index("industry")["baseline_mt"]
    np.testing.assert_allclose(at_2019[list(SERIES)].to_numpy(), ceads[list(SERIES)].sum().to_numpy(), rtol=1e-12)


def test_observed_spending_enters_every_run_through_2023(anchors, policy):
    """ln K of 2019-2023 is the steady-state-start stock of the observed (filled) spending, in the
    baseline and the scenario alike, although the lever asked to start in 2021."""
    stock = np.log(anchors.stock(base_period="griliches")[list(range(2019, 2024))])
    frame = policy.frame
    total = frame[(frame["industry"] == "total") & (frame["year"] <= 2023)]
    for column in ("tech_baseline", "tech_scenario"):
        got = total.pivot(index="province", columns="year", values=column).reindex(stock.index)
        np.testing.assert_allclose(got.to_numpy(), stock.to_numpy(), rtol=1e-12)
    observed = frame[frame["year"] <= 2023]
    np.testing.assert_allclose(observed["scenario_mt"], observed["baseline_mt"], rtol=1e-12)
    later = frame[(frame["year"] == 2024) & (frame["industry"] == "total")]
    assert (later["tech_scenario"] > later["tech_baseline"] + 1e-6).all()  # levers act from 2024
    assert "observed_spending" in {c.kind for c in policy.warnings}


def test_the_baseline_stock_grows_from_2023_spending_at_the_assumed_rate(anchors):
    result = project(Scenario(horizon=2026), anchors, draws=DRAWS)
    spending = anchors.tech_expenditure_filled[2023]
    stock_2023 = anchors.stock(base_period="griliches")[2023]
    expected = stock_2023.copy()
    for step in range(1, 4):
        expected = spending * 1.05**step + 0.85 * expected
    frame = result.frame
    got = frame[(frame["year"] == 2026) & (frame["industry"] == "total")].set_index("province")["tech_baseline"]
    np.testing.assert_allclose(got.reindex(expected.index), np.log(expected), rtol=1e-12)


def test_a_subsidy_in_cny_100_million_adds_to_spending_in_cny_10000(anchors, policy):
    """50 CNY 100 million a year to Hebei, all spent on imports from 2024 (2022-2023 are observed)."""
    baseline = project(Scenario(import_growth=10, phase_in=2021, horizon=2030), anchors, draws=DRAWS).frame
    frame = policy.frame
    pick = (frame["province"] == "Hebei") & (frame["industry"] == "total") & (frame["year"] == 2024)
    with_subsidy = np.exp(frame.loc[pick, "tech_scenario"].item())
    without = np.exp(baseline.loc[pick, "tech_scenario"].item())
    assert with_subsidy - without == pytest.approx(50 * CNY_10K_PER_100M, rel=1e-9)
    assert policy.subsidy_cost == pytest.approx(50 * 7)  # paid 2024-2030 only, in CNY 100 million
    assert cny_10k_to_100m(cny_100m_to_10k(3.5)) == 3.5


def test_filled_spending_is_flagged_never_silent(anchors, policy):
    frame = policy.frame
    by_province = frame.drop_duplicates("province").set_index("province")["spending_filled"]
    assert by_province["Hebei"] == ""
    assert "2018 carried back" in by_province["Hainan"] and "2020 interpolated" in by_province["Ningxia"]
    flagged = set(by_province[by_province != ""].index)
    assert flagged == set(anchors.tech_flags.index[(anchors.tech_flags != "reported").any(axis=1)])
    caution = next(c for c in policy.warnings if c.kind == "filled_spending")
    assert set(caution.figures["who"].names) == flagged


def test_levers_need_real_levels_or_are_disabled_with_a_reason(anchors):
    engine = engine_for(anchors, "published-W1", draws=DRAWS)
    disabled = disabled_levers(engine.anchors)
    assert set(disabled) == {"assumptions.ei_growth", "assumptions.tra_growth"}
    assert "energy intensity" in disabled["assumptions.ei_growth"]
    with pytest.raises(InputError) as error:
        engine.project(Scenario(assumptions=Assumptions(ei_growth=-3)))
    assert error.value.problems[0].parameter == "assumptions.ei_growth"
    # levels from NBS 2019: GDP per capita grows on the real level; additive changes need no level
    result = engine.project(Scenario(assumptions=Assumptions(gdp_growth=5, edu_change=0.1, fin_change=0.5)))
    gdp = anchors.controls.xs(2019, level="year")["gdp_per_capita"]
    np.testing.assert_allclose(engine.anchors.controls[0], gdp.reindex(engine.anchors.provinces).to_numpy())
    assert np.isfinite(result.frame["modified_baseline_mt"]).all()


def test_coefficients_are_the_published_ones_and_estimation_needs_a_panel(anchors):
    with pytest.raises(InputError) as error:
        project(Scenario(coefficients="estimated-W1"), anchors, draws=DRAWS)
    assert error.value.problems[0].parameter == "coefficients" and "load a panel" in str(error.value)
    result = project(Scenario(coefficients="published-W2"), anchors, draws=DRAWS)
    assert result.sources["total"] == "Li et al. (2023) Table 9, SDM under W2"


def test_the_data_label_says_real_anchors_and_published_coefficients(policy):
    assert policy.data_label == REAL_PROJECTION_LABEL and not policy.synthetic
    assert policy.to_dict()["data"] == REAL_PROJECTION_LABEL
    assert policy.summary.startswith(f"Data: {REAL_PROJECTION_LABEL}")


def test_cli_projects_real_anchors_by_default_and_demo_on_request(tmp_path, capsys):
    out = tmp_path / "real.csv"
    assert main(["project", "--out", str(out), "--draws", str(DRAWS), "--scenario", "h=2025"]) == 0
    table = pd.read_csv(out, keep_default_na=False)
    assert (table["data"] == REAL_PROJECTION_LABEL).all() and table["synthetic"].eq(False).all()
    assert table["year"].min() == 2019
    assert SYNTHETIC_NOTICE not in capsys.readouterr().err
    assert main(["project", "--json", "--draws", str(DRAWS), "--anchors", "demo"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["data"] == SYNTHETIC_LABEL and SYNTHETIC_NOTICE in captured.err
    # an old (v=1) link was made on the demo panel and still projects from it
    assert main(["project", "--json", "--draws", str(DRAWS), "--scenario", "v=1&g=8"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["synthetic"] is True and "made before the real data" in captured.err


def test_the_link_carries_the_data_set_and_migrates_old_links():
    scenario = Scenario(import_growth=8)
    assert encode(scenario) == "v=2&g=8" and data_set("v=2&g=8") == "real"
    demo = encode(scenario, data="demo")
    assert demo == "v=2&anchors=demo&g=8" and data_set(demo) == "demo" and decode(demo) == (scenario, [])
    assert data_set("g=8") == "real"  # a hand-typed link is the current version
    old, notices = decode("v=1&g=8")
    assert old == scenario and data_set("v=1&g=8") == "demo" and "synthetic demo panel" in notices[0]
    assert data_set("v=1&anchors=real") == "real" and decode("v=1&anchors=real")[1] == []
    scenario_back, notices = decode("v=2&anchors=my-panel.csv")
    assert data_set("v=2&anchors=my-panel.csv") == "real" and "cannot travel in a link" in notices[0]
    with pytest.raises(ValueError):
        encode(scenario, data="panel")


def test_exports_and_briefing_carry_the_real_label_and_citations(policy):
    import io
    import zipfile
    from html import escape

    from scenarios.app import briefing, export

    archive = zipfile.ZipFile(io.BytesIO(export.scenario_zip(policy, "http://localhost/explorer?v=2")))
    results = pd.read_csv(archive.open("results.csv"), keep_default_na=False)
    assert (results["data"] == REAL_PROJECTION_LABEL).all()
    document = json.loads(archive.read("scenario.json"))
    assert document["label"] == REAL_PROJECTION_LABEL and document["synthetic"] is False
    assert document["share_query"].startswith("v=2") and "anchors=" not in document["share_query"]
    html = briefing.html_document(policy, "http://localhost/explorer?v=2")
    assert escape(REAL_PROJECTION_LABEL) in html and "Shan" in html and "Yearbook on Science and Technology" in html
