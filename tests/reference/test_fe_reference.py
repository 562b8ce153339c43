"""Fixed effects, Hausman and VIF on Munnell's Produc panel against linearmodels = R plm values
(/work/shared/reference/external-cases.md) and against an independent numpy re-computation of xtreg's
constant, within R-squared, conventional and clustered standard errors."""

import numpy as np
import pandas as pd
import pytest
from linearmodels.datasets import munnell

from scenarios.econometrics.fe import CONSTANT, FixedEffects, hausman, vif

X = ["lpcap", "lpc", "lemp", "unemp"]


@pytest.fixture(scope="module")
def produc() -> pd.DataFrame:
    raw = munnell.load()
    return pd.DataFrame({
        "state": raw["STATE"].astype(str), "year": raw["YR"], "lgsp": np.log(raw["GSP"]),
        "lpcap": np.log(raw["P_CAP"]), "lpc": np.log(raw["PC"]), "lemp": np.log(raw["EMP"]), "unemp": raw["UNEMP"],
    })


def _within(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    values = frame[columns]
    return (values - values.groupby(frame["state"]).transform("mean")).to_numpy()


def test_entity_fe_matches_plm(produc):
    result = FixedEffects(produc, "lgsp", X, entity="state", time="year").fit()
    expected = pd.Series([-0.026150, 0.292007, 0.768159, -0.005298], index=X)
    np.testing.assert_allclose(result.params[X], expected, atol=5e-7)


def test_entity_fe_reporting_as_xtreg(produc):
    """Constant = ybar - xbar'b, R2 within, s2 on N - n - k df, t on the same df: recomputed by hand."""
    result = FixedEffects(produc, "lgsp", X, entity="state", time="year").fit()
    b = result.params[X].to_numpy()
    assert result.params[CONSTANT] == pytest.approx(produc["lgsp"].mean() - produc[X].mean().to_numpy() @ b, rel=1e-10)
    y, x = _within(produc, ["lgsp"])[:, 0], _within(produc, X)
    b_hand = np.linalg.lstsq(x, y, rcond=None)[0]
    np.testing.assert_allclose(b, b_hand, rtol=1e-9)
    resid = y - x @ b_hand
    df = len(produc) - 48 - len(X)
    assert result.df_resid == df
    se = np.sqrt(np.diag(resid @ resid / df * np.linalg.inv(x.T @ x)))
    np.testing.assert_allclose(result.std_errors[X], se, rtol=1e-9)
    assert result.rsquared == pytest.approx(1 - resid @ resid / (y @ y), rel=1e-10)
    np.testing.assert_allclose(result.tstats[X], b / se, rtol=1e-9)


def test_clustered_errors_as_xtreg_vce_cluster(produc):
    """Sandwich on the within data scaled by G/(G-1) (N-1)/(N-k), k = regressors + constant; t on G-1 df."""
    result = FixedEffects(produc, "lgsp", X, entity="state", time="year").fit(cov_type="clustered")
    y, x = _within(produc, ["lgsp"])[:, 0], _within(produc, X)
    b = np.linalg.lstsq(x, y, rcond=None)[0]
    scores = pd.DataFrame(x * (y - x @ b)[:, None]).groupby(produc["state"].to_numpy()).sum().to_numpy()
    bread = np.linalg.inv(x.T @ x)
    n, g, k = len(produc), 48, len(X) + 1
    cov = g / (g - 1) * (n - 1) / (n - k) * bread @ scores.T @ scores @ bread
    np.testing.assert_allclose(result.std_errors[X], np.sqrt(np.diag(cov)), rtol=1e-9)
    assert result.df_resid == g - 1


def test_twoway_fe_is_xtreg_with_year_dummies(produc):
    result = FixedEffects(produc, "lgsp", X, entity="state", time="year", effects="twoway").fit()
    assert len(result.time_dummies) == 16 and result.time_dummies[0] == "year=1971"
    dummies = pd.get_dummies(produc["year"], prefix="d", dtype=float).iloc[:, 1:]
    full = pd.concat([produc, dummies], axis=1)
    columns = X + list(dummies.columns)
    y, x = _within(full, ["lgsp"])[:, 0], _within(full, columns)
    b = np.linalg.lstsq(x, y, rcond=None)[0]
    np.testing.assert_allclose(result.params[X], b[: len(X)], rtol=1e-8)
    constant = full["lgsp"].mean() - full[columns].mean().to_numpy() @ b
    assert result.params[CONSTANT] == pytest.approx(constant, rel=1e-9)
    resid = y - x @ b
    assert result.rsquared == pytest.approx(1 - resid @ resid / (y @ y), rel=1e-9)
    assert result.df_resid == len(produc) - 48 - len(columns)
    assert list(result.to_frame().index) == X + [CONSTANT]


def test_hausman_matches_plm(produc):
    result = hausman(produc, "lgsp", X, entity="state", time="year")
    assert result.statistic == pytest.approx(9.5254, abs=5e-5)
    assert result.df == 4
    assert result.pvalue == pytest.approx(0.049, abs=5e-4)
    assert list(result.to_frame().index) == X


def test_vif_is_one_over_one_minus_r2(produc):
    result = vif(produc, X)
    for k, name in enumerate(X):
        others = np.column_stack([np.ones(len(produc)), produc[[c for c in X if c != name]].to_numpy()])
        target = produc[name].to_numpy()
        resid = target - others @ np.linalg.lstsq(others, target, rcond=None)[0]
        r2 = 1 - resid @ resid / ((target - target.mean()) @ (target - target.mean()))
        assert result.vif[name] == pytest.approx(1 / (1 - r2), rel=1e-9)
    assert result.mean == pytest.approx(result.vif.mean())
