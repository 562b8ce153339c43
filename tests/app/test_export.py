"""The scenario ZIP: scenario JSON, settings CSV, results CSV, labelled synthetic from the demo panel."""

import io
import json
import zipfile

import pandas as pd
import pytest

from scenarios.app.export import scenario_zip, settings_frame
from scenarios.data.demo import load_demo_panel
from scenarios.data.panel import panel_from_frame
from scenarios.projection import link as share_link
from scenarios.projection.engine import project
from scenarios.projection.scenario import Scenario, Subsidy
from scenarios.provenance import SYNTHETIC_LABEL, SYNTHETIC_NOTICE, is_labelled_synthetic

from .conftest import assert_clean, open_app

SCENARIO = Scenario(name="Coast", import_growth=8.0, region_growth={"East": 10.0}, subsidy=Subsidy(amount=40.0))


def _open(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_zip_holds_scenario_settings_and_results_labelled_synthetic():
    projection = project(SCENARIO, load_demo_panel())
    files = _open(scenario_zip(projection, "http://localhost:8501/explorer?" + share_link.encode(SCENARIO)))
    assert set(files) == {"scenario.json", "settings.csv", "results.csv", "README.txt"}
    document = json.loads(files["scenario.json"])
    assert document["synthetic"] is True and document["label"] == SYNTHETIC_LABEL
    assert share_link.decode(document["share_query"]) == (SCENARIO, [])
    assert share_link.decode(document["link"])[0] == SCENARIO
    settings = pd.read_csv(io.StringIO(files["settings.csv"]))
    assert settings.set_index("parameter").loc["subsidy.amount", "value"] == "40.0"
    assert settings.set_index("parameter").loc["subsidy.amount", "unit"] == "CNY 100 million per year"
    assert settings["data"].eq(SYNTHETIC_LABEL).all()
    results = pd.read_csv(io.StringIO(files["results.csv"]))
    assert len(results) == len(projection.frame)
    assert results["data"].eq(SYNTHETIC_LABEL).all() and results["synthetic"].all()
    assert is_labelled_synthetic(results) and is_labelled_synthetic(settings)
    assert document["notice"] == SYNTHETIC_NOTICE
    assert files["README.txt"].startswith(SYNTHETIC_NOTICE)


def test_zip_from_a_real_panel_is_not_labelled_synthetic():
    panel = panel_from_frame(load_demo_panel().raw, source="mine.csv")
    files = _open(scenario_zip(project(SCENARIO, panel), "http://x/"))
    assert json.loads(files["scenario.json"])["synthetic"] is False
    assert "SYNTHETIC" not in files["settings.csv"] + files["README.txt"]
    assert not is_labelled_synthetic(pd.read_csv(io.StringIO(files["results.csv"])))


def test_settings_list_every_field_once():
    settings = settings_frame(SCENARIO)
    assert settings["parameter"].is_unique
    assert {
        "name",
        "horizon",
        "coefficients",
        "import_growth",
        "region_growth",
        "subsidy.amount",
        "assumptions.gdp_growth",
        "assumptions.time_effect",
    } <= set(settings["parameter"])
    assert settings.set_index("parameter").loc["region_growth", "value"] == "East:10.0"


@pytest.mark.parametrize("language, header", [("en", "This run (synthetic)"), ("zh", "本次估计（合成数据）")])
def test_reproduction_headers_say_synthetic_for_the_demo_panel(language, header):
    app = open_app({"ui_lang": language}, page="data")
    assert_clean(app)
    columns = [str(c) for frame in app.dataframe for c in frame.value.columns]
    assert any(c.endswith(header) for c in columns), columns
