"""Panel unit-root tests as Stata's ``xtunitroot`` reports them (paper Table 2): LLC, IPS, Fisher ADF and PP.

All tests take a balanced panel y_it (N units, T periods), a lag order p given explicitly (with T = 10,
automatic lag choice leaves too few observations), deterministic terms ``trend="c"`` (unit intercepts) or
``"ct"`` (intercepts and linear trends), and optionally ``demean=True``: y_it - mean_i(y_it) at each t before
testing, as Stata's ``demean`` (mitigates cross-sectional dependence). H0 everywhere: every unit has a
unit root.

Per unit, the ADF regression is Δy_t = ρ y_{t-1} + Σ_{j=1..p} θ_j Δy_{t-j} + deterministic + ε_t on the
T - p - 1 periods that have all lags.

**Levin, Lin & Chu (2002)** (hand-written: no library has it), common ρ under H1:
1. Residuals ê_it of Δy_it and v̂_{i,t-1} of y_{i,t-1}, each regressed on the p lags of Δy and the
   deterministic terms; σ̂²_εi = Σ_t (ê_it - δ̂_i v̂_{i,t-1})² / (T - p - 1); ẽ = ê/σ̂_εi, ṽ = v̂/σ̂_εi.
2. Long-run variance of Δy_it (demeaned, or detrended for "ct"): Bartlett kernel, weights 1 - L/(K̄+1),
   K̄ = round(3.21 T^(1/3)) (LLC p. 14 and their Table 2), divided by T - 1; s_i = σ̂_yi / σ̂_εi,
   S_N = mean s_i.
3. Pooled ẽ_it = δ ṽ_{i,t-1}: δ̂, σ̂²_ε̃ = Σ (ẽ - δ̂ ṽ)² / (N T̃), T̃ = T - p - 1, STD(δ̂) = σ̂_ε̃ / sqrt(Σ ṽ²),
   t_δ = δ̂ / STD(δ̂), and the adjusted
       t* = (t_δ - N T̃ S_N σ̂_ε̃^-2 STD(δ̂) μ*_T̃) / σ*_T̃  ~ N(0, 1), p = Φ(t*),
   μ*, σ* from LLC Table 2 for T̃ (linear interpolation between rows; the T̃ = 25 row below 25, as R plm
   does: the table starts at 25, so with T = 10 this is an extrapolation the test inherits).

**Im, Pesaran & Shin (2003)** W-t-bar: t_i the ADF t statistic of unit i (arch ``ADF``, OLS with the usual
df-corrected variance), t̄ = mean t_i,
    W = sqrt(N) (t̄ - E[t_T(p)]) / sqrt(Var[t_T(p)])  ~ N(0, 1), p = Φ(W),
E and Var from IPS Table 3 at lag p and at the number of observations of the unit ADF regression,
T - p - 1 (not the series length T), as R plm's ``purtest`` looks the table up (``L.ips`` in its source);
transcribed below for 10 ... 100 observations and p = 0 ... 8, linear interpolation between columns.
Below 10 observations (the paper's T = 10 with p = 1 gives 8) the T = 10 column is used, as plm does
(with its warning "the time series is short"): the moments are then those of a slightly longer series;
``details`` report both ``T_effective`` and ``T_table``. Series shorter than 10 periods are refused
(plm would go on with the T = 10 column however short). Above 100 the T = 100 column. The table has no
values for 10 or 15 observations with p >= 5 or 20 with p >= 6: an input error.

**Fisher type** (Maddala & Wu 1999; Choi 2001) combine the N unit p-values p_i of ADF or Phillips-Perron
tests (arch ``ADF`` / ``PhillipsPerron`` with ``lags=p``; MacKinnon 1994 approximate p-values, as Stata's
``dfuller`` / ``pperron``):
    P   = -2 Σ ln p_i ~ χ²(2N), p upper tail (inverse chi-squared);
    Z   = Σ Φ⁻¹(p_i) / sqrt(N) ~ N(0,1), p = Φ(Z) (inverse normal);
    L*  = sqrt(k) Σ ln(p_i / (1 - p_i)), k = 3(5N+4) / (π² N (5N+2)), ~ t(5N+4), p lower tail (logit);
    Pm  = (P - 2N) / (2 sqrt(N)) = -Σ (ln p_i + 1) / sqrt(N) ~ N(0,1), p = 1 - Φ(Pm) (modified inverse chi-squared).
The paper's Table 2 "Fisher" columns are labelled chi-square but their values read as Pm: "2.068, p 0.019"
is 1 - Φ(2.068) = 0.0193, and a P of 2.068 with 2N = 60 df would have p ≈ 1. So Pm is the headline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from arch.unitroot import ADF, PhillipsPerron
from scipy import stats

from scenarios.econometrics._frame import check_choice, panel_frame
from scenarios.econometrics.results import format_summary
from scenarios.errors import InputError, Problem
from scenarios.summary import Summarised

TRENDS = ("c", "ct")
#: Fisher statistics in the order Stata prints them; the headline (paper Table 2) is Pm.
FISHER_STATISTICS = ("P", "Z", "L*", "Pm")
FISHER_HEADLINE = "Pm"

# LLC (2002) Table 2: T̃, then (μ*, σ*) for the model with unit intercepts and with intercepts and trends.
_LLC_T = np.array([25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 250, 500])
_LLC_ADJ = {
    "c": (
        np.array(
            [-0.554, -0.546, -0.541, -0.537, -0.533, -0.531, -0.527, -0.524, -0.521, -0.520, -0.518, -0.509, -0.500]
        ),
        np.array([0.919, 0.889, 0.867, 0.850, 0.837, 0.826, 0.810, 0.798, 0.789, 0.782, 0.776, 0.742, 0.707]),
    ),
    "ct": (
        np.array(
            [-0.703, -0.674, -0.653, -0.637, -0.624, -0.614, -0.598, -0.587, -0.578, -0.571, -0.566, -0.533, -0.500]
        ),
        np.array([1.003, 0.949, 0.906, 0.871, 0.842, 0.818, 0.780, 0.751, 0.728, 0.710, 0.695, 0.603, 0.500]),
    ),
}

# IPS (2003) Table 3: rows p = 0..8, columns T below; E[t] and Var[t] under H0. NaN: not tabulated.
_IPS_T = np.array([10, 15, 20, 25, 30, 40, 50, 60, 70, 100])
_NA = np.nan
_IPS_ADJ = {
    "c": (
        np.array(
            [
                [-1.504, -1.514, -1.522, -1.520, -1.526, -1.523, -1.527, -1.519, -1.524, -1.532],
                [-1.488, -1.503, -1.516, -1.514, -1.519, -1.520, -1.524, -1.519, -1.522, -1.530],
                [-1.319, -1.387, -1.428, -1.443, -1.460, -1.476, -1.493, -1.490, -1.498, -1.514],
                [-1.306, -1.366, -1.413, -1.433, -1.453, -1.471, -1.489, -1.486, -1.495, -1.512],
                [-1.171, -1.260, -1.329, -1.363, -1.394, -1.428, -1.454, -1.458, -1.470, -1.495],
                [_NA, _NA, -1.313, -1.351, -1.384, -1.421, -1.451, -1.454, -1.467, -1.494],
                [_NA, _NA, _NA, -1.289, -1.331, -1.380, -1.418, -1.427, -1.444, -1.476],
                [_NA, _NA, _NA, -1.273, -1.319, -1.371, -1.411, -1.423, -1.441, -1.474],
                [_NA, _NA, _NA, -1.212, -1.266, -1.329, -1.377, -1.393, -1.415, -1.456],
            ]
        ),
        np.array(
            [
                [1.069, 0.923, 0.851, 0.809, 0.789, 0.770, 0.760, 0.749, 0.736, 0.735],
                [1.255, 1.011, 0.915, 0.861, 0.831, 0.803, 0.781, 0.770, 0.753, 0.745],
                [1.421, 1.078, 0.969, 0.905, 0.865, 0.830, 0.798, 0.789, 0.766, 0.754],
                [1.759, 1.181, 1.037, 0.952, 0.907, 0.858, 0.819, 0.802, 0.782, 0.761],
                [2.080, 1.279, 1.097, 1.005, 0.946, 0.886, 0.842, 0.819, 0.801, 0.771],
                [_NA, _NA, 1.171, 1.055, 0.980, 0.912, 0.863, 0.839, 0.814, 0.781],
                [_NA, _NA, _NA, 1.114, 1.023, 0.942, 0.886, 0.858, 0.834, 0.795],
                [_NA, _NA, _NA, 1.164, 1.062, 0.968, 0.910, 0.875, 0.851, 0.806],
                [_NA, _NA, _NA, 1.217, 1.105, 0.996, 0.929, 0.896, 0.871, 0.818],
            ]
        ),
    ),
    "ct": (
        np.array(
            [
                [-2.166, -2.167, -2.168, -2.167, -2.172, -2.173, -2.176, -2.174, -2.174, -2.177],
                [-2.173, -2.169, -2.172, -2.172, -2.173, -2.177, -2.180, -2.178, -2.176, -2.179],
                [-1.914, -1.999, -2.047, -2.074, -2.095, -2.120, -2.137, -2.143, -2.146, -2.158],
                [-1.922, -1.977, -2.032, -2.065, -2.091, -2.117, -2.137, -2.142, -2.146, -2.158],
                [-1.750, -1.823, -1.911, -1.968, -2.009, -2.057, -2.091, -2.103, -2.114, -2.135],
                [_NA, _NA, -1.888, -1.955, -1.998, -2.051, -2.087, -2.101, -2.111, -2.135],
                [_NA, _NA, _NA, -1.868, -1.923, -1.995, -2.042, -2.065, -2.081, -2.113],
                [_NA, _NA, _NA, -1.851, -1.912, -1.986, -2.036, -2.063, -2.079, -2.112],
                [_NA, _NA, _NA, -1.761, -1.835, -1.925, -1.987, -2.024, -2.046, -2.088],
            ]
        ),
        np.array(
            [
                [1.132, 0.869, 0.763, 0.713, 0.690, 0.655, 0.633, 0.621, 0.610, 0.597],
                [1.453, 0.975, 0.845, 0.769, 0.734, 0.687, 0.654, 0.641, 0.627, 0.605],
                [1.627, 1.036, 0.882, 0.796, 0.756, 0.702, 0.661, 0.653, 0.634, 0.613],
                [2.482, 1.214, 0.983, 0.861, 0.808, 0.735, 0.688, 0.674, 0.650, 0.625],
                [3.947, 1.332, 1.052, 0.913, 0.845, 0.759, 0.705, 0.685, 0.662, 0.629],
                [_NA, _NA, 1.165, 0.991, 0.899, 0.792, 0.730, 0.705, 0.673, 0.638],
                [_NA, _NA, _NA, 1.055, 0.945, 0.828, 0.753, 0.725, 0.689, 0.650],
                [_NA, _NA, _NA, 1.145, 1.009, 0.872, 0.786, 0.747, 0.713, 0.661],
                [_NA, _NA, _NA, 1.208, 1.063, 0.902, 0.808, 0.766, 0.728, 0.670],
            ]
        ),
    ),
}


def llc_adjustment(t_tilde: float, trend: str) -> tuple[float, float]:
    """(μ*, σ*) of LLC Table 2 at T̃, linearly interpolated; clamped to the table's first and last rows."""
    means, sds = _LLC_ADJ[trend]
    return float(np.interp(t_tilde, _LLC_T, means)), float(np.interp(t_tilde, _LLC_T, sds))


def ips_moments(observations: int, lags: int, trend: str) -> tuple[float, float]:
    """(E[t], Var[t]) of IPS Table 3 for a unit ADF regression on ``observations`` = T - p - 1 periods with
    p = ``lags``, linear between the table's columns; fewer than 10 observations: the 10 column, more than
    100: the 100 column (see the module docstring)."""
    means, variances = _IPS_ADJ[trend]
    if not 0 <= lags <= 8:
        raise InputError(Problem(f"IPS Table 3 covers 0-8 lags, not {lags}", parameter="lags"))
    mean = float(np.interp(observations, _IPS_T, means[lags]))
    variance = float(np.interp(observations, _IPS_T, variances[lags]))
    if not np.isfinite(mean + variance):
        raise InputError(
            Problem(
                f"IPS Table 3 has no moments for {observations} observations per unit "
                f"(T - p - 1) with {lags} lags; use fewer lags",
                parameter="lags",
            )
        )
    return mean, variance


def _adf_parts(y: np.ndarray, lags: int, trend: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Δy_t, y_{t-1}, [lags of Δy, deterministic terms]) for t with all lags available."""
    dy = np.diff(y)
    rows = np.arange(lags, len(dy))
    columns = [dy[rows - j] for j in range(1, lags + 1)] + [np.ones(len(rows))]
    if trend == "ct":
        columns.append(rows + 1.0)
    return dy[rows], y[rows], np.column_stack(columns)


def _residual(target: np.ndarray, regressors: np.ndarray) -> np.ndarray:
    return target - regressors @ np.linalg.lstsq(regressors, target, rcond=None)[0]


def _long_run_variance(y: np.ndarray, trend: str) -> float:
    """LLC's σ̂²_y: Bartlett-weighted autocovariances of demeaned (detrended) Δy, K̄ = round(3.21 T^(1/3))."""
    periods = len(y)
    dy = np.diff(y)
    dy = _residual(dy, np.column_stack([np.ones(len(dy))] + ([np.arange(1.0, len(dy) + 1)] if trend == "ct" else [])))
    bandwidth = min(int(round(3.21 * periods ** (1 / 3))), len(dy) - 1)
    total = dy @ dy + 2 * sum((1 - lag / (bandwidth + 1)) * dy[lag:] @ dy[:-lag] for lag in range(1, bandwidth + 1))
    return float(total / (periods - 1))


@dataclass(frozen=True)
class PanelTest:
    """One panel unit-root test: its headline statistic and p-value, plus the intermediate quantities."""

    name: str
    statistic_name: str
    statistic: float
    pvalue: float
    details: pd.Series

    def to_dict(self) -> dict[str, float]:
        """{"stat", "p"}: the JSON form of the CLI."""
        return {"stat": float(self.statistic), "p": float(self.pvalue)}


def levin_lin_chu(panel: pd.DataFrame, lags: int, trend: str) -> PanelTest:
    """LLC adjusted t* on a units x periods table (see the module docstring for every step)."""
    values = panel.to_numpy(dtype=float)
    n_units, periods = values.shape
    e_parts, v_parts, ratios = [], [], []
    for y in values:
        dy, y_lag, regressors = _adf_parts(y, lags, trend)
        e_hat, v_hat = _residual(dy, regressors), _residual(y_lag, regressors)
        sigma = np.sqrt(np.sum((e_hat - (v_hat @ e_hat) / (v_hat @ v_hat) * v_hat) ** 2) / len(dy))
        e_parts.append(e_hat / sigma)
        v_parts.append(v_hat / sigma)
        ratios.append(np.sqrt(_long_run_variance(y, trend)) / sigma)
    e_tilde, v_tilde = np.concatenate(e_parts), np.concatenate(v_parts)
    t_tilde = periods - lags - 1
    delta = (v_tilde @ e_tilde) / (v_tilde @ v_tilde)
    sigma2 = np.sum((e_tilde - delta * v_tilde) ** 2) / (n_units * t_tilde)
    std_delta = np.sqrt(sigma2 / (v_tilde @ v_tilde))
    t_delta = delta / std_delta
    s_n = float(np.mean(ratios))
    mu, sd = llc_adjustment(t_tilde, trend)
    t_star = (t_delta - n_units * t_tilde * s_n / sigma2 * std_delta * mu) / sd
    details = pd.Series(
        {"delta": delta, "t_delta": t_delta, "S_N": s_n, "T_tilde": t_tilde, "mu_star": mu, "sigma_star": sd}
    )
    return PanelTest("Levin-Lin-Chu", "adjusted t*", float(t_star), float(stats.norm.cdf(t_star)), details)


def _unit_tests(panel: pd.DataFrame, lags: int, trend: str, test) -> pd.DataFrame:
    rows = {}
    for unit, y in panel.iterrows():
        result = test(y.to_numpy(dtype=float), lags=lags, trend=trend)
        rows[unit] = {"stat": float(result.stat), "pvalue": float(result.pvalue)}
    return pd.DataFrame.from_dict(rows, orient="index")


def im_pesaran_shin(unit_adf: pd.DataFrame, periods: int, lags: int, trend: str) -> PanelTest:
    """IPS W-t-bar from the unit ADF t statistics (column ``stat``) of ``periods``-long series and IPS Table 3
    moments at T - p - 1 observations."""
    observations = periods - lags - 1
    if periods < _IPS_T[0]:
        raise InputError(
            Problem(
                f"IPS Table 3 starts at {_IPS_T[0]} observations; {periods} periods with {lags} "
                f"lags leave {observations}, too far below it (at least {_IPS_T[0]} periods "
                "are needed)",
                parameter="data",
            )
        )
    mean, variance = ips_moments(observations, lags, trend)
    t_bar = float(unit_adf["stat"].mean())
    w = np.sqrt(len(unit_adf)) * (t_bar - mean) / np.sqrt(variance)
    details = pd.Series(
        {
            "t_bar": t_bar,
            "E[t]": mean,
            "Var[t]": variance,
            "T_effective": observations,
            "T_table": float(np.clip(observations, _IPS_T[0], _IPS_T[-1])),
        }
    )
    return PanelTest("Im-Pesaran-Shin", "W-t-bar", float(w), float(stats.norm.cdf(w)), details)


def fisher_combination(pvalues) -> pd.DataFrame:
    """Maddala-Wu / Choi combinations of unit p-values: rows P, Z, L*, Pm; columns stat, pvalue, distribution."""
    p = np.asarray(pvalues, dtype=float)
    if p.ndim != 1 or len(p) == 0 or np.any((p <= 0) | (p >= 1)):
        raise InputError(Problem("unit p-values must lie strictly between 0 and 1", parameter="pvalues"))
    n = len(p)
    chi2 = -2 * np.log(p).sum()
    z = stats.norm.ppf(p).sum() / np.sqrt(n)
    k = 3 * (5 * n + 4) / (np.pi**2 * n * (5 * n + 2))
    logit = np.sqrt(k) * np.log(p / (1 - p)).sum()
    pm = (chi2 - 2 * n) / (2 * np.sqrt(n))
    return pd.DataFrame(
        {
            "stat": [chi2, z, logit, pm],
            "pvalue": [stats.chi2.sf(chi2, 2 * n), stats.norm.cdf(z), stats.t.cdf(logit, 5 * n + 4), stats.norm.sf(pm)],
            "distribution": [f"chi2({2 * n})", "N(0,1)", f"t({5 * n + 4})", "N(0,1)"],
        },
        index=pd.Index(FISHER_STATISTICS, name="statistic"),
    )


#: MacKinnon p-values are 0 or 1 beyond the tabulated range; kept this far inside (0, 1) so Z and L* stay finite.
_P_CLIP = 1e-12


def _combine(unit: pd.DataFrame) -> pd.DataFrame:
    return fisher_combination(unit["pvalue"].clip(_P_CLIP, 1 - _P_CLIP))


def _fisher(unit: pd.DataFrame, name: str) -> PanelTest:
    table = _combine(unit)
    return PanelTest(
        name,
        FISHER_HEADLINE,
        float(table.loc[FISHER_HEADLINE, "stat"]),
        float(table.loc[FISHER_HEADLINE, "pvalue"]),
        table["stat"].copy(),
    )


@dataclass(frozen=True, repr=False)
class PanelUnitRootResults(Summarised):
    """LLC, IPS and Fisher ADF / PP tests of one variable; H0: every unit has a unit root.

    Notes
    -----
    LLC t* (Levin, Lin & Chu 2002), IPS W-t-bar = sqrt(N) (t̄ - E[t_T(p)]) / sqrt(Var[t_T(p)]) (Im, Pesaran
    & Shin 2003, Table 3 moments) and the Fisher combinations of unit ADF / PP p-values (Maddala & Wu
    1999; Choi 2001), Pm the headline. Conventions in the module docstring.
    """

    variable: str
    lags: int
    trend: str
    demean: bool
    n_units: int
    n_periods: int
    llc: PanelTest
    ips: PanelTest
    fisher_adf: PanelTest
    fisher_pp: PanelTest
    _unit_adf: pd.DataFrame
    _unit_pp: pd.DataFrame

    @property
    def tests(self) -> dict[str, PanelTest]:
        """The four tests by key: llc, ips, fisher_adf, fisher_pp."""
        return {"llc": self.llc, "ips": self.ips, "fisher_adf": self.fisher_adf, "fisher_pp": self.fisher_pp}

    def to_frame(self) -> pd.DataFrame:
        """One row per test: test, statistic name, stat, p (Fisher rows: Pm, the paper's reading)."""
        return pd.DataFrame(
            [
                {"test": t.name, "statistic": t.statistic_name, "stat": t.statistic, "pvalue": t.pvalue}
                for t in self.tests.values()
            ],
            index=pd.Index(list(self.tests), name="key"),
        )

    def fisher_table(self) -> pd.DataFrame:
        """Every Fisher statistic (P, Z, L*, Pm) with p-values, for ADF and PP side by side."""
        return pd.concat({"ADF": _combine(self._unit_adf), "PP": _combine(self._unit_pp)}, axis=1)

    def unit_tests(self) -> pd.DataFrame:
        """Per unit: ADF and PP statistic and MacKinnon p-value."""
        return pd.concat({"ADF": self._unit_adf, "PP": self._unit_pp}, axis=1)

    def to_dict(self) -> dict[str, dict[str, float]]:
        """{"llc", "ips", "fisher_adf", "fisher_pp"} each {"stat", "p"} (Fisher: Pm)."""
        return {key: test.to_dict() for key, test in self.tests.items()}

    @property
    def summary(self) -> str:
        """Plain-text report: the four headline tests, then every Fisher statistic."""
        header = {
            "Variable": self.variable,
            "Units x periods": f"{self.n_units} x {self.n_periods}",
            "Lags": self.lags,
            "Deterministic terms": {"c": "intercepts", "ct": "intercepts and trends"}[self.trend],
            "Cross-sectional demeaning": "yes" if self.demean else "no",
            "H0": "all units have a unit root",
        }
        fisher = self.fisher_table().to_string(float_format=lambda v: f"{v: .4f}")
        return format_summary("Panel unit-root tests", header, self.to_frame()) + "\nFisher statistics\n" + fisher


def panel_unit_root(
    data: pd.DataFrame,
    var: str,
    *,
    entity: str = "province",
    time: str = "year",
    lags: int = 1,
    trend: str = "c",
    demean: bool = False,
) -> PanelUnitRootResults:
    """LLC, IPS, Fisher-ADF and Fisher-PP tests of ``var`` in a balanced long panel.

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel.
    var : str
        Column to test.
    entity, time : str
        Column names of the entity and period labels.
    lags : int
        Lag order p of the ADF regressions (0 or more), given explicitly.
    trend : {"c", "ct"}
        Unit intercepts, or intercepts and linear trends.
    demean : bool
        Subtract the cross-section mean at each t first, as Stata's ``demean``.

    Returns
    -------
    PanelUnitRootResults

    Notes
    -----
    Per unit the ADF regression Δy_t = ρ y_{t-1} + Σ_{j=1..p} θ_j Δy_{t-j} + deterministic + ε_t on the
    T - p - 1 periods with all lags; LLC pools ρ, IPS averages the unit t statistics (W-t-bar, Im,
    Pesaran & Shin 2003), Fisher combines the unit p-values (Maddala & Wu 1999; Choi 2001). See the module
    docstring.
    """
    check_choice(trend, TRENDS, "trend")
    if isinstance(lags, bool) or not isinstance(lags, (int, np.integer)) or lags < 0:
        raise InputError(Problem("must be a whole number, 0 or more", parameter="lags"))
    panel = panel_frame(data, [var], entity, time, balanced=True)[var].unstack(time)
    n_units, periods = panel.shape
    regressors = lags + 2 + (trend == "ct")
    if periods - lags - 1 <= regressors:
        raise InputError(
            Problem(
                f"{periods} periods leave {periods - lags - 1} observations per unit for "
                f"{regressors} coefficients: use fewer lags",
                parameter="lags",
            )
        )
    if n_units < 2:
        raise InputError(Problem("a panel test needs at least two units", parameter="data"))
    if demean:
        panel = panel - panel.mean(axis=0)
    flat = panel.std(axis=1) == 0
    if flat.any():
        raise InputError(
            Problem(f"{var} does not vary over time for {', '.join(map(str, panel.index[flat]))}", column=var)
        )
    unit_adf = _unit_tests(panel, lags, trend, ADF)
    unit_pp = _unit_tests(panel, lags, trend, PhillipsPerron)
    return PanelUnitRootResults(
        var,
        lags,
        trend,
        demean,
        n_units,
        periods,
        levin_lin_chu(panel, lags, trend),
        im_pesaran_shin(unit_adf, periods, lags, trend),
        _fisher(unit_adf, "Fisher ADF"),
        _fisher(unit_pp, "Fisher PP"),
        unit_adf,
        unit_pp,
    )
