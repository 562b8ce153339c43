"""The synthetic demo panel: deterministic, committed, calibrated to Table 1, and honest about itself."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from scenarios.data import demo, panel
from scenarios.econometrics.fe import FixedEffects
from scenarios.econometrics.spatial import SpatialPanelModel
from scenarios.geography import sample_provinces, spatial_weights
from scenarios.provenance import LABEL_COLUMN, SYNTHETIC_LABEL, is_labelled_synthetic
from scenarios.reproduction import reproduce

#: Table 1 of the paper: (mean, standard deviation).
TABLE_1 = {
    "ce": (10.428, 0.729),
    "ce1": (8.377, 0.968),
    "ce2": (7.275, 0.791),
    "ce3": (7.306, 0.797),
    "ce4": (8.035, 0.768),
    "tech": (3.056, 1.56),
    "gdp": (5.379, 2.674),
    "ind": (0.471, 0.097),
    "ei": (0.106, 0.072),
    "tra": (0.275, 0.291),
    "edu": (9.206, 0.881),
    "fin": (0.264, 0.114),
}
INDUSTRIES = ["co2_steel", "co2_building_materials", "co2_nonferrous", "co2_petrochemical"]
CONTROLS = ["gdp", "ind", "ei", "tra", "edu", "fin"]


@pytest.fixture(scope="module")
def demo_panel():
    return demo.load_demo_panel()


def test_generator_is_deterministic_and_seeded():
    first = demo.generate_demo_panel(seed=7)
    pd.testing.assert_frame_equal(first, demo.generate_demo_panel(seed=7))
    assert not first.equals(demo.generate_demo_panel(seed=8))


def test_committed_csv_is_the_generators_output():
    assert demo.DEMO_PANEL_PATH.read_text(encoding="utf-8") == demo.demo_panel_csv()


def test_csv_says_synthetic_in_a_column_any_reader_parses():
    table = pd.read_csv(demo.DEMO_PANEL_PATH)
    assert list(table.columns) == [*panel.COLUMNS, "data"]
    assert is_labelled_synthetic(table) and set(table[LABEL_COLUMN]) == {SYNTHETIC_LABEL}


def test_load_demo_panel_is_synthetic_cached_and_immutable(demo_panel):
    assert demo_panel.synthetic
    assert demo.load_demo_panel() is demo_panel
    assert demo_panel.provinces == sample_provinces()
    assert demo_panel.years == tuple(range(2011, 2021))
    raw = demo_panel.raw
    raw.loc[:, "co2_total"] = 0.0
    assert (demo_panel.raw["co2_total"] > 0).all()


@pytest.mark.parametrize("variable", TABLE_1)
def test_table_1_moments_within_ten_percent(demo_panel, variable):
    published_mean, published_sd = TABLE_1[variable]
    table = panel.describe(demo_panel.analysis).set_index("Variable")
    assert table.loc[variable, "Mean"] == pytest.approx(published_mean, rel=0.10)
    assert table.loc[variable, "Std.dev."] == pytest.approx(published_sd, rel=0.10)


def test_key_industries_are_a_plausible_part_of_the_total(demo_panel):
    raw = demo_panel.raw
    share = raw[INDUSTRIES].sum(axis=1) / raw["co2_total"]
    assert share.max() < 0.7
    assert 0.2 < share.mean() < 0.5


def test_technology_import_is_highest_on_the_east_coast(demo_panel):
    by_province = demo_panel.analysis.groupby("province")["tech"].mean()
    hubs = ["Jiangsu", "Guangdong", "Shanghai", "Zhejiang", "Shandong", "Beijing", "Tianjin"]
    assert set(by_province.nlargest(len(hubs)).index) == set(hubs)
    assert set(by_province.nsmallest(5).index) <= {"Qinghai", "Ningxia", "Xinjiang", "Hainan", "Gansu", "Heilongjiang"}


def test_anchors_cover_the_sample_provinces_once_each():
    anchored = [row[0] for row in demo.DemoParameters().province_anchors]
    assert sorted(anchored) == sorted(sample_provinces())


BIG_EMITTERS = ["Shandong", "Hebei", "Jiangsu", "Inner Mongolia", "Guangdong", "Henan", "Shanxi", "Liaoning"]
SMALL_EMITTERS = ["Hainan", "Qinghai", "Ningxia", "Beijing", "Tianjin", "Gansu", "Chongqing"]


def test_province_emission_levels_follow_the_anchors(demo_panel):
    """Big and small emitters where China's are; the capital's and municipalities' industry emissions small."""
    raw = demo_panel.raw
    latest = raw[raw["year"] == raw["year"].max()].set_index("province")
    assert set(latest["co2_total"].nlargest(8).index) == set(BIG_EMITTERS)
    assert set(latest["co2_total"].nsmallest(6).index) <= set(SMALL_EMITTERS)
    industries = latest[INDUSTRIES].sum(axis=1)
    assert (industries[["Beijing", "Tianjin", "Shanghai", "Chongqing"]] < industries.median()).all()
    assert industries.idxmin() in {"Beijing", "Hainan"}
    anchor_co2 = pd.Series({name: co2 for name, co2, _, _ in demo.DemoParameters().province_anchors})
    rank_correlation = latest["co2_total"].corr(anchor_co2.reindex(latest.index), method="spearman")
    assert rank_correlation > 0.9


def _tech(data, x, effects):
    fit = FixedEffects(data, "ce", x, effects=effects).fit()
    return fit.params["tech"], fit.pvalues["tech"]


def test_table_3_sign_flip_emerges_from_common_trends(demo_panel):
    """Entity FE without controls is positive; adding time effects (and controls) makes it negative."""
    data = demo_panel.analysis
    for x, effects, sign in [
        (["tech"], "entity", 1),
        (["tech", *CONTROLS], "entity", -1),
        (["tech"], "twoway", -1),
        (["tech", *CONTROLS], "twoway", -1),
    ]:
        coefficient, pvalue = _tech(data, x, effects)
        assert np.sign(coefficient) == sign and pvalue < 0.01, (x, effects, coefficient, pvalue)


def test_sign_flip_needs_the_common_trend():
    """Without the national rise in emissions, entity FE no longer turns tech positive."""
    params = dataclasses.replace(demo.DemoParameters(), ce_national_growth=-0.05)
    data = panel.panel_from_frame(demo.generate_demo_panel(params), synthetic=True).analysis
    coefficient, _ = _tech(data, ["tech"], "entity")
    assert coefficient < 0


@pytest.mark.slow
def test_committed_panel_gives_every_technology_import_cell_the_papers_sign_and_band(demo_panel):
    """Issue 4's calibration target: the 29 tech cells of Tables 3, 4, 9, 10, 11 (none depends on the seed)."""
    cells = reproduce.reproduce(demo_panel, replications=50, permutations=99, impact_draws=100).tech_agreement()
    assert len(cells) == 29
    misses = cells[~(cells["sign_agrees"].astype(bool) & cells["stars_agree"].astype(bool))]
    assert misses.empty, misses[["table", "column", "ours", "stars_ours", "paper", "stars_paper"]].to_string()


def _spillover_z(data, matrix):
    fit = SpatialPanelModel(
        data, "ce", ["tech", *CONTROLS], spatial_weights(matrix), model="sdm", effects="twoway"
    ).fit()
    return fit.tstats["W*tech"]


def test_border_term_moves_the_contiguity_spillover_into_the_papers_five_percent_band(demo_panel):
    """Without the border term, contiguity picks up the W2 spillover at 1%; with it, at 5% as published."""
    z = {matrix: _spillover_z(demo_panel.analysis, matrix) for matrix in ("W1", "W2", "W3")}
    assert z["W1"] > 2.576 and z["W2"] > 2.576 and 1.96 < z["W3"] < 2.576, z
    params = dataclasses.replace(demo.DemoParameters(), ce_border_tech_effect=0.0)
    without = panel.panel_from_frame(demo.generate_demo_panel(params), synthetic=True).analysis
    assert _spillover_z(without, "W3") > 2.576


def test_parameters_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo.DemoParameters().rho = 0.5


def test_panels_made_from_the_demo_stay_labelled_synthetic(tmp_path):
    text = demo.DEMO_PANEL_PATH.read_text(encoding="utf-8")
    loaded = panel.load_panel(text.encode(), name="copy.csv")
    assert not loaded.synthetic and demo.as_labelled(loaded).synthetic
    edited = pd.read_csv(demo.DEMO_PANEL_PATH)
    edited.loc[0, "co2_total"] *= 2  # changed values, but the data column still says what it is
    assert demo.is_demo_derived(panel.panel_from_frame(edited, source="edited.csv"))
    without_column = panel.panel_from_frame(
        pd.read_csv(demo.DEMO_PANEL_PATH).drop(columns="data"), source="re-saved.csv"
    )
    assert demo.is_demo_derived(without_column)  # same content as the committed panel
    other = panel.panel_from_frame(demo.generate_demo_panel(seed=5), source="other.csv")
    assert not demo.is_demo_derived(other) and demo.as_labelled(other) is other
