"""Panel unit-root tests: Fisher combinations on hand-made p-values (scipy as oracle), LLC and IPS against
an independent re-computation, and size / power sanity on simulated panels."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scenarios.econometrics.unitroot import (
    fisher_combination,
    ips_moments,
    llc_adjustment,
    panel_unit_root,
)
from scenarios.errors import InputError


def _simulate(rho: float, n: int = 30, t: int = 10, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    burn = 30
    e = rng.normal(size=(n, t + burn))
    y = np.zeros_like(e)
    level = rng.normal(size=n)
    for s in range(1, t + burn):
        y[:, s] = level * (1 - rho) + rho * y[:, s - 1] + e[:, s]
    years = range(2011, 2011 + t)
    return pd.DataFrame(
        [{"province": f"p{i:02d}", "year": yr, "v": y[i, burn + k]} for i in range(n) for k, yr in enumerate(years)]
    )


def test_fisher_combinations_on_hand_made_pvalues():
    p = np.array([0.01, 0.2, 0.5, 0.03, 0.7, 0.45])
    n = len(p)
    table = fisher_combination(p)
    fisher = stats.combine_pvalues(p, method="fisher")
    assert table.loc["P", "stat"] == pytest.approx(fisher.statistic, rel=1e-12)
    assert table.loc["P", "pvalue"] == pytest.approx(fisher.pvalue, rel=1e-12)
    stouffer = stats.combine_pvalues(p, method="stouffer")  # Σ Φ⁻¹(1 - p)/√N = -Z, same p-value
    assert table.loc["Z", "stat"] == pytest.approx(-stouffer.statistic, rel=1e-12)
    assert table.loc["Z", "pvalue"] == pytest.approx(stouffer.pvalue, rel=1e-12)
    logit = np.log(p / (1 - p)).sum() / np.sqrt(np.pi**2 * n * (5 * n + 2) / (3 * (5 * n + 4)))  # Choi (2001)
    assert table.loc["L*", "stat"] == pytest.approx(logit, rel=1e-12)
    assert table.loc["L*", "pvalue"] == pytest.approx(stats.t.cdf(logit, 5 * n + 4), rel=1e-12)
    pm = -np.sum(np.log(p) + 1) / np.sqrt(n)
    assert table.loc["Pm", "stat"] == pytest.approx(pm, rel=1e-12)
    assert table.loc["Pm", "pvalue"] == pytest.approx(stats.norm.sf(pm), rel=1e-12)


def test_paper_fisher_values_read_as_pm():
    """Table 2: 'chi-square' 2.068 with p 0.019 is Pm's upper-tail normal p, not a chi2(60) one."""
    assert stats.norm.sf(2.068) == pytest.approx(0.019, abs=5e-4)
    assert stats.chi2.sf(2.068, 60) > 0.99


def test_tables_as_published():
    assert ips_moments(10, 1, "c") == (-1.488, 1.255)
    assert ips_moments(10, 0, "ct") == (-2.166, 1.132)
    assert ips_moments(12, 0, "c")[0] == pytest.approx(-1.504 + 2 / 5 * (-1.514 + 1.504))
    assert llc_adjustment(25, "c") == (-0.554, 0.919)
    assert llc_adjustment(8, "ct") == (-0.703, 1.003)  # below the table: its first row
    assert ips_moments(8, 1, "c") == (-1.488, 1.255)  # below the table: its T = 10 column, as plm
    assert ips_moments(140, 0, "c") == (-1.532, 0.735)  # above: the T = 100 column
    with pytest.raises(InputError, match=r"no moments for 10 observations per unit \(T - p - 1\) with 5 lags"):
        ips_moments(10, 5, "c")


def _ols_t(y, x):
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    resid = y - x @ beta
    cov = resid @ resid / (len(y) - x.shape[1]) * np.linalg.inv(x.T @ x)
    return beta, resid, beta[0] / np.sqrt(cov[0, 0])


def _design(y, lags, trend):
    dy = np.diff(y)
    idx = np.arange(lags, len(dy))
    cols = [y[idx]] + [dy[idx - j] for j in range(1, lags + 1)] + [np.ones(len(idx))]
    if trend == "ct":
        cols.append(idx.astype(float))
    return dy[idx], np.column_stack(cols)


@pytest.mark.parametrize("trend", ["c", "ct"])
def test_llc_and_ips_against_recomputation(trend):
    lags = 1
    frame = _simulate(0.8, n=8, t=12, seed=4)
    result = panel_unit_root(frame, "v", lags=lags, trend=trend)
    y_all = frame.pivot(index="province", columns="year", values="v").to_numpy()
    n, t = y_all.shape
    t_stats, e_list, v_list, s_list = [], [], [], []
    for y in y_all:
        dy, x = _design(y, lags, trend)
        beta, resid, t_i = _ols_t(dy, x)
        t_stats.append(t_i)
        sigma = np.sqrt(resid @ resid / len(dy))  # FWL: ADF residuals = residuals of ê on v̂
        z = x[:, 1:]
        e_list.append((dy - z @ np.linalg.lstsq(z, dy, rcond=None)[0]) / sigma)
        v_list.append((x[:, 0] - z @ np.linalg.lstsq(z, x[:, 0], rcond=None)[0]) / sigma)
        d = np.diff(y)
        d = d - np.polyval(np.polyfit(np.arange(len(d)), d, 1 if trend == "ct" else 0), np.arange(len(d)))
        k = round(3.21 * t ** (1 / 3))
        gamma = [d[L:] @ d[: len(d) - L] / (t - 1) for L in range(k + 1)]
        s_list.append(np.sqrt(gamma[0] + 2 * sum((1 - L / (k + 1)) * gamma[L] for L in range(1, k + 1))) / sigma)
    # IPS
    mean, var = ips_moments(t - lags - 1, lags, trend)  # IPS Table 3 at the ADF regression's sample
    w = np.sqrt(n) * (np.mean(t_stats) - mean) / np.sqrt(var)
    assert result.ips.statistic == pytest.approx(w, rel=1e-8)
    assert (result.ips.details["T_effective"], result.ips.details["T_table"]) == (t - lags - 1, t - lags - 1)
    np.testing.assert_allclose(result.unit_tests()[("ADF", "stat")], t_stats, rtol=1e-8)
    # LLC
    e, v = np.concatenate(e_list), np.concatenate(v_list)
    t_tilde = t - lags - 1
    delta = v @ e / (v @ v)
    s2 = np.sum((e - delta * v) ** 2) / (n * t_tilde)
    std = np.sqrt(s2 / (v @ v))
    mu, sd = {"c": (-0.554, 0.919), "ct": (-0.703, 1.003)}[trend]
    t_star = (delta / std - n * t_tilde * np.mean(s_list) / s2 * std * mu) / sd
    assert result.llc.statistic == pytest.approx(t_star, rel=1e-8)
    assert result.llc.pvalue == pytest.approx(stats.norm.cdf(t_star), rel=1e-8)


def test_power_and_size_on_simulated_panels():
    stationary = panel_unit_root(_simulate(0.3, seed=1), "v", lags=1, trend="c").to_frame()
    assert (stationary["pvalue"] < 0.01).all()
    walks = [panel_unit_root(_simulate(1.0, seed=s), "v", lags=1, trend="c") for s in range(6)]
    ips = np.array([w.ips.pvalue for w in walks])
    assert (ips > 0.05).sum() >= 5  # IPS W-t-bar holds its size at T = 10
    # LLC over-rejects at T = 10 (Bartlett long-run variance bias, T̃ = 8 below LLC's table): documented
    assert np.mean([w.llc.statistic for w in walks]) > stationary.loc["llc", "stat"] + 2


def test_demean_removes_common_factor():
    frame = _simulate(0.3, seed=2)
    common = np.cumsum(np.random.default_rng(9).normal(size=10)) * 5
    shocked = frame.assign(v=frame["v"] + np.tile(common, 30))
    plain = panel_unit_root(frame, "v", lags=0, demean=True)
    with_common = panel_unit_root(shocked, "v", lags=0, demean=True)
    for key, test in plain.to_dict().items():
        assert with_common.to_dict()[key]["stat"] == pytest.approx(test["stat"], rel=1e-8)


def test_outputs_and_bad_input():
    result = panel_unit_root(_simulate(0.5, seed=3), "v", lags=1, trend="ct")
    assert set(result.to_dict()) == {"llc", "ips", "fisher_adf", "fisher_pp"}
    assert result.to_dict()["fisher_adf"]["stat"] == result.fisher_table().loc["Pm", ("ADF", "stat")]
    assert "Fisher statistics" in result.summary and "L*" in result.summary
    frame = _simulate(0.5, seed=3)
    with pytest.raises(InputError, match="unbalanced"):
        panel_unit_root(frame.iloc[1:], "v")
    with pytest.raises(InputError, match="parameter 'trend'"):
        panel_unit_root(frame, "v", trend="t")
    with pytest.raises(InputError, match="use fewer lags"):
        panel_unit_root(frame, "v", lags=6)
    with pytest.raises(InputError, match="parameter 'lags'"):
        panel_unit_root(frame, "v", lags=-1)


def test_ips_below_the_table():
    """T = 10 with one lag leaves 8 observations: the T = 10 column (as plm); 9 periods are refused."""
    result = panel_unit_root(_simulate(0.5, n=6, t=10, seed=2), "v", lags=1)
    assert (result.ips.details["T_effective"], result.ips.details["T_table"]) == (8, 10)
    assert (result.ips.details["E[t]"], result.ips.details["Var[t]"]) == (-1.488, 1.255)
    with pytest.raises(InputError, match="9 periods with 1 lags leave 7, too far below it"):
        panel_unit_root(_simulate(0.5, n=6, t=9, seed=2), "v", lags=1)
