"""Independent hand computations on the demo panel against what the library reports.

Each check recomputes a published or textbook quantity with plain numpy from the raw inputs, without
the library's helpers, so a mistake in the library's wiring (which coefficients it reads, which
deflator it chains, which effects it absorbs) cannot cancel out.
"""

import numpy as np
import pandas as pd
import pytest

from scenarios.data.demo import load_demo_panel
from scenarios.geography import sample_provinces, spatial_weights
from scenarios.projection.engine import project
from scenarios.projection.scenario import Scenario
from scenarios.reproduction.tables import table3

CONTROLS = ["gdp", "ind", "ei", "tra", "edu", "fin"]


@pytest.fixture(scope="module")
def panel():
    return load_demo_panel()


def _hand_stock(raw: pd.DataFrame, province: str) -> np.ndarray:
    """Paper Eq. 1-2 with the chained FAI deflator (first year = 1), g = 5 %, delta = 15 %."""
    rows = raw[raw["province"] == province].sort_values("year")
    index = rows["fai_price_index"].to_numpy(float)
    deflator = np.cumprod(np.r_[1.0, index[1:] / 100])
    real = rows["tech_import_expenditure"].to_numpy(float) / deflator
    stock = [real[0] * 1.05 / 1.15]
    for spending in real[1:]:
        stock.append(spending + 0.85 * stock[-1])
    return np.array(stock)


@pytest.mark.parametrize("province", ["Guizhou", "Zhejiang", "Henan"])
def test_tech_is_the_log_of_the_hand_computed_stock(panel, province):
    analysis = panel.analysis
    ours = analysis[analysis["province"] == province].sort_values("year")["tech"].to_numpy()
    expected = np.log(_hand_stock(panel.raw, province))
    # Winsorising clips only the pooled 1 % tails; these provinces lie inside them.
    np.testing.assert_allclose(ours, expected, rtol=1e-13)


def test_one_province_shock_under_published_w1_is_a_column_of_the_papers_effect_matrix(panel):
    """Table 9, W1: rho 0.0841, lntech -0.333, W*lntech 0.185 (typed from the paper, not read from it)."""
    rho, beta, theta = 0.0841, -0.333, 0.185
    w = spatial_weights("W1").matrix
    n = len(w)
    effect = np.linalg.solve(np.eye(n) - rho * w, beta * np.eye(n) + theta * w)
    names = list(sample_provinces())
    province = "Jiangsu"
    i = names.index(province)
    frame = project(Scenario(province_growth={province: 20.0}), panel, draws=100).frame
    raw = panel.raw
    last = raw[raw["year"] == raw["year"].max()].set_index("province")

    # Jiangsu's stock: 1.20 E_T instead of the baseline's 1.05 E_T in 2021, on the hand-computed K_T.
    real_last = _hand_stock(raw, province)
    deflator_last = np.prod(
        raw[raw["province"] == province].sort_values("year")["fai_price_index"].to_numpy(float)[1:] / 100
    )
    spending = last.loc[province, "tech_import_expenditure"] / deflator_last
    dtech = np.log(1.20 * spending + 0.85 * real_last[-1]) - np.log(1.05 * spending + 0.85 * real_last[-1])

    year = frame[frame["industry"] == "total"].set_index(["year", "province"]).loc[2021].loc[names]
    np.testing.assert_allclose(
        year["tech_scenario"] - year["tech_baseline"], np.where(np.arange(n) == i, dtech, 0.0), atol=1e-14
    )
    np.testing.assert_allclose(year["delta_log"], effect[:, i] * dtech, rtol=1e-10, atol=1e-16)
    assert year.loc[province, "own"] == pytest.approx(effect[i, i] * dtech, rel=1e-10)
    np.testing.assert_allclose(year["own"] + year["spillover"], year["delta_log"], atol=1e-15)
    # Mt: anchored on the observed 2020 CO2, CO2_t = CO2_T exp(y_t - y_T).
    np.testing.assert_allclose(year["scenario_mt"] / year["baseline_mt"], np.exp(effect[:, i] * dtech), rtol=1e-12)

    # Steel: Table 4's FE coefficient -0.432 on the province's own tech, nothing elsewhere.
    steel = frame[(frame["industry"] == "steel") & (frame["year"] == 2021)].set_index("province").loc[names]
    np.testing.assert_allclose(steel["delta_log"], np.where(np.arange(n) == i, -0.432 * dtech, 0.0), atol=1e-15)


def test_table3_two_way_column_equals_a_within_regression_with_year_dummies(panel):
    """Column (4): province-demeaned OLS of ce on tech, the controls and year dummies (xtreg, fe i.year)."""
    data = panel.analysis
    regressors = pd.concat([data[["tech", *CONTROLS]], pd.get_dummies(data["year"], dtype=float).iloc[:, 1:]], axis=1)
    x = (regressors - regressors.groupby(data["province"]).transform("mean")).to_numpy()
    y = (data["ce"] - data["ce"].groupby(data["province"]).transform("mean")).to_numpy()
    coef = np.linalg.lstsq(x, y, rcond=None)[0]
    resid = y - x @ coef
    dof = len(y) - data["province"].nunique() - x.shape[1]
    se = np.sqrt(np.diag(resid @ resid / dof * np.linalg.inv(x.T @ x)))
    within_r2 = 1 - resid @ resid / (y @ y)

    table = table3(data)
    cell = table[table["column"] == "(4)"].set_index("row")["ours"]
    assert cell["tech"] == pytest.approx(coef[0], rel=1e-9)
    assert cell["tech (t)"] == pytest.approx(coef[0] / se[0], rel=1e-9)
    for k, name in enumerate(CONTROLS, start=1):
        assert cell[name] == pytest.approx(coef[k], rel=1e-8, abs=1e-12), name
    assert cell["R-squared"] == pytest.approx(within_r2, rel=1e-9)
