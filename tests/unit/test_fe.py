"""Input checks and reporting of scenarios.econometrics.fe on a small simulated panel."""

import numpy as np
import pandas as pd
import pytest

from scenarios.econometrics.fe import FixedEffects, hausman, vif
from scenarios.errors import InputError


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n, t = 12, 6
    frame = pd.DataFrame(
        {"province": np.repeat([f"p{i}" for i in range(n)], t), "year": np.tile(range(2011, 2011 + t), n)}
    )
    frame["x1"] = rng.normal(size=n * t) + np.repeat(rng.normal(size=n), t)
    frame["x2"] = rng.normal(size=n * t)
    frame["y"] = (
        0.5 * frame["x1"] - 0.3 * frame["x2"] + np.repeat(rng.normal(size=n), t) + rng.normal(scale=0.2, size=n * t)
    )
    return frame


def test_recovers_slopes_and_reports(panel):
    result = FixedEffects(panel, "y", ["x1", "x2"]).fit()
    assert result.params["x1"] == pytest.approx(0.5, abs=0.1)
    assert result.params["x2"] == pytest.approx(-0.3, abs=0.1)
    table = result.to_frame()
    assert list(table.columns) == ["coef", "std_err", "stat", "pvalue", "stars"]
    assert table.loc["x1", "stars"] == "***"
    assert "R-squared (within)" in result.summary and "x2" in result.summary
    assert result.time_effects.empty


def test_row_order_does_not_matter(panel):
    shuffled = panel.sample(frac=1, random_state=3)
    a = FixedEffects(panel, "y", ["x1", "x2"], effects="twoway").fit()
    b = FixedEffects(shuffled, "y", ["x1", "x2"], effects="twoway").fit()
    pd.testing.assert_series_equal(a.params, b.params, rtol=1e-10)


def test_missing_column_names_parameter(panel):
    with pytest.raises(InputError, match="parameter 'variable': column 'x9' is not in the data"):
        FixedEffects(panel, "y", ["x1", "x9"])


def test_bad_cell_names_row_and_column(panel):
    bad = panel.astype({"x2": object})
    bad.loc[4, "x2"] = "n/a"
    with pytest.raises(InputError, match=r"row 6, column 'x2': is not a finite number \('n/a'\)"):
        FixedEffects(bad, "y", ["x1", "x2"])


def test_duplicate_pair_and_bad_choices(panel):
    with pytest.raises(InputError, match="row 74: repeats province p0, year 2011"):
        FixedEffects(pd.concat([panel, panel.iloc[:1]], ignore_index=True), "y", ["x1"])
    with pytest.raises(InputError, match="parameter 'effects'"):
        FixedEffects(panel, "y", ["x1"], effects="time")
    with pytest.raises(InputError, match="parameter 'cov_type'"):
        FixedEffects(panel, "y", ["x1"]).fit(cov_type="robust")


def test_regressor_constant_within_entities_is_input_error(panel):
    """A regressor the entity effects absorb (linearmodels' AbsorbingEffectError) is named in a message."""
    per_entity = panel.assign(x3=panel.groupby("province")["x1"].transform("mean"))
    with pytest.raises(
        InputError, match="parameter 'x': the entity effects absorb x3: it does not vary within entities"
    ):
        FixedEffects(per_entity, "y", ["x1", "x3"]).fit()
    with pytest.raises(InputError, match="absorb x1: it does not vary"):
        FixedEffects(panel[panel["year"] == 2011], "y", ["x1"]).fit()


def test_no_residual_degrees_of_freedom_is_input_error(panel):
    tiny = panel[panel["province"].isin(["p0", "p1", "p2"]) & (panel["year"] < 2013)].assign(x3=[0, 1, 3, 2, 5, 4.0])
    assert FixedEffects(tiny, "y", ["x1", "x2"]).fit().df_resid == 1
    with pytest.raises(InputError, match="parameter 'data': no residual degrees of freedom: 6 observations, 3 "):
        FixedEffects(tiny, "y", ["x1", "x2", "x3"]).fit()


def test_constant_or_collinear_regressor_is_input_error(panel):
    """Named before linearmodels' rank check would raise its ValueError."""
    flat = panel.assign(x3=2.0)
    with pytest.raises(InputError, match="parameter 'x': x3: the same value in every row"):
        FixedEffects(flat, "y", ["x1", "x3"])
    with pytest.raises(InputError, match="x3: the same value"):
        hausman(flat, "y", ["x1", "x3"])
    with pytest.raises(InputError, match="the regressors are collinear"):
        FixedEffects(panel.assign(x3=panel["x1"] - 2 * panel["x2"]), "y", ["x1", "x2", "x3"])


def test_hausman_and_vif_outputs(panel):
    test = hausman(panel, "y", ["x1", "x2"])
    assert test.df == 2 and 0 <= test.pvalue <= 1 and "chi2" in test.summary
    inflation = vif(panel, ["x1", "x2"])
    assert (inflation.vif >= 1).all() and list(inflation.to_frame().columns) == ["vif", "tolerance"]
    with pytest.raises(InputError, match="at least two"):
        vif(panel, ["x1"])
