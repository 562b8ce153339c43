"""Specification tests for spatial panel models (the paper's Table 8; Elhorst 2014, ch. 3.5-3.6).

* Panel LM tests on the non-spatial model (pooled OLS, or OLS on the demeaned data with fixed effects),
  Anselin (1988) and Anselin et al. (1996) extended to panels by Elhorst (2014, Eqs. 3.12-3.15; Debarsy
  and Ertur 2010); with e the OLS residuals, s2 = e'e/NT, T_W = tr(W'W + W W) and
  J = [(W X b)' M (W X b) + T T_W s2] / s2 (M the OLS residual maker):

      LM-lag   = (e'(I x W) y / s2)^2 / J            LM-error = (e'(I x W) e / s2)^2 / (T T_W)
      robust LM-lag   = (e'Wy/s2 - e'We/s2)^2 / (J - T T_W)
      robust LM-error = (e'We/s2 - T T_W / J * e'Wy/s2)^2 / (T T_W (1 - T T_W / J)),

  each chi-squared(1) under its null. Equal to R splm's ``slmtest`` for the pooled model (reference
  test). Written by hand because spreg's ``panel_LMlag`` uses trw*trw where T*trw belongs.

  With fixed effects two conventions (``convention``) give the same numbers with entity effects only:

  - "dummies" (default): the LM tests of the model with explicit entity / time dummies, i.e. the score
    and information of the dummy-variable likelihood at rho = 0 (lambda = 0) with the dummies profiled
    out. e are the within residuals, W y is W applied to the raw y (e is orthogonal to the dummies, so
    demeaning it afterwards changes nothing) and W X b is W eta, eta = y - e the fitted mean with the
    effects, demeaned, so that M = M_[X, D] is the residual maker of the regressors and the dummies.
    Consistent with the estimators (W applied to the raw data, then demeaned) and exact for any W.
  - "splm": R splm's ``slmtest(model = "within")``, the pooled formulas applied as they stand to the
    within-transformed data: W applied to the demeaned y and to the demeaned fit X~ b, M the residual
    maker of X~ alone. With time effects its J keeps the part of W X~ b that lies in the time dummies'
    span, so its LM-lag is smaller (Produc two-way: 69.1663 against 69.2586; its score equals the
    default one when W's rows all sum to the same value).

  (Elhorst's MATLAB ``LMsarsem_panel`` applies W to the demeaned y and projects W X b period by period
  in J; with time effects or many regressors its figures differ slightly from both.)
* LR tests of nested ML fits: 2 (lnL_unrestricted - lnL_restricted), chi-squared with the difference
  in the number of parameters (SDM vs SAR, SDM vs SEM: K each).
* Wald tests on an SDM fit: theta = 0 (SAR) and theta + rho beta = 0 (SEM, the common factor
  restriction; delta method, Jacobian [beta | 0... | I with rho on the beta block]).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from scenarios.econometrics._frame import check_choice
from scenarios.econometrics.logdet import apply_weights
from scenarios.econometrics.spatial import EFFECTS, PanelArrays, check_full_rank
from scenarios.econometrics.spatial_core import demean
from scenarios.errors import InputError, Problem, shown
from scenarios.summary import Summarised

LM_EFFECTS = ("pooled", *EFFECTS)
LM_CONVENTIONS = ("dummies", "splm")


@dataclass(frozen=True)
class TestResult:
    """One test: its name, statistic, degrees of freedom, p-value (upper chi-squared tail) and null."""

    name: str
    stat: float
    df: int
    p: float
    null: str

    @classmethod
    def chi2(cls, name: str, stat: float, df: int, null: str) -> TestResult:
        """A chi-squared(df) test of ``null``."""
        return cls(name, float(stat), int(df), float(stats.chi2.sf(stat, df)), null)


def tests_frame(tests: list[TestResult]) -> pd.DataFrame:
    """The tests as a table: rows by name, columns stat, df, p, null."""
    return pd.DataFrame(
        {
            "stat": [t.stat for t in tests],
            "df": [t.df for t in tests],
            "p": [t.p for t in tests],
            "null": [t.null for t in tests],
        },
        index=pd.Index([t.name for t in tests], name="test"),
    )


@dataclass(frozen=True, repr=False)
class LMTestResults(Summarised):
    """The four panel LM tests of the non-spatial model, each chi-squared(1) under its null.

    Notes
    -----
    With e the OLS residuals, s2 = e'e/NT, T_W = tr(W'W + W W) and
    J = [(W X b)' M (W X b) + T T_W s2] / s2 (Elhorst 2014, Eqs. 3.12-3.15; Anselin et al. 1996)::

        LM-lag = (e'(I x W) y / s2)^2 / J          LM-error = (e'(I x W) e / s2)^2 / (T T_W)

    and the robust forms in the module docstring, where the two fixed-effects conventions are defined.
    """

    lm_lag: TestResult
    lm_error: TestResult
    robust_lm_lag: TestResult
    robust_lm_error: TestResult
    effects: str
    convention: str = "dummies"

    def to_frame(self) -> pd.DataFrame:
        """Rows lm_lag, lm_error, robust_lm_lag, robust_lm_error; columns stat, df, p, null."""
        return tests_frame([self.lm_lag, self.lm_error, self.robust_lm_lag, self.robust_lm_error])

    @property
    def summary(self) -> str:
        """The tests as text."""
        convention = "" if self.effects in ("pooled", "entity") else f", {self.convention} convention"
        title = f"Panel LM tests on the non-spatial model ({self.effects}{convention})"
        return f"{title}\n{self.to_frame().to_string(float_format=lambda v: f'{v:.6g}')}"


def _sum_of_products(a, b) -> float:
    """sum_ij a_ij b_ij, for dense or sparse matrices."""
    if sp.issparse(a):
        return float(a.multiply(b).sum())
    return float(np.sum(a * np.asarray(b)))


def lm_tests(data, y, x, w, effects="pooled", entity="province", time="year", convention="dummies") -> LMTestResults:
    """Panel LM-lag, LM-error and their robust forms on OLS of y on x (with a constant when pooled, on
    the demeaned data otherwise).

    Parameters
    ----------
    data : pandas.DataFrame
        Long balanced panel.
    y, x : str, list of str
        Column names of the dependent and explanatory variables.
    w
        As in :class:`~scenarios.econometrics.spatial.SpatialPanelModel`.
    effects : {"pooled", "entity", "time", "twoway"}
    entity, time : str
        Column names of the entity and period labels.
    convention : {"dummies", "splm"}
        How the fixed-effects models apply W (the two agree with entity effects only).

    Returns
    -------
    LMTestResults

    Notes
    -----
    Anselin (1988) and Anselin et al. (1996) extended to panels (Elhorst 2014, Eqs. 3.12-3.15; Debarsy
    and Ertur 2010); equal to R splm's ``slmtest`` for the pooled model. Formulas in the module docstring.
    """
    if effects not in LM_EFFECTS:
        raise InputError(
            Problem(f"effects must be one of {', '.join(LM_EFFECTS)}, not {shown(effects)}", parameter="effects")
        )
    check_choice(convention, LM_CONVENTIONS, "convention")
    panel = PanelArrays(data, y, x, w, entity, time)
    matrix = panel.matrix
    n_periods = panel.y.shape[0]

    def apply(values):
        return apply_weights(matrix, values)

    raw_x = panel.x
    names = list(panel.x_names)
    if effects == "pooled":
        raw_x = np.concatenate([np.ones(panel.y.shape + (1,)), raw_x], axis=2)
        names = ["const", *names]
        transform = lambda v: v  # noqa: E731
    else:
        transform = lambda v: demean(v, effects)  # noqa: E731
    x_model = transform(raw_x)
    check_full_rank(x_model, names, effects)
    design = x_model.reshape(-1, x_model.shape[-1])
    y_model = transform(panel.y)
    beta, *_ = np.linalg.lstsq(design, y_model.ravel(), rcond=None)
    residuals = y_model.ravel() - design @ beta
    sigma2 = residuals @ residuals / residuals.size
    w_residuals = apply(residuals.reshape(panel.y.shape)).ravel()
    if convention == "splm":
        wy = apply(y_model).ravel()
        wxb = apply((design @ beta).reshape(panel.y.shape)).ravel()
    else:
        wy = apply(panel.y).ravel()
        wxb = transform(apply(panel.y - residuals.reshape(panel.y.shape))).ravel()
    wxb_resid = wxb - design @ np.linalg.lstsq(design, wxb, rcond=None)[0]
    t_tw = n_periods * (_sum_of_products(matrix, matrix) + _sum_of_products(matrix, matrix.T))
    j = (wxb_resid @ wxb_resid + t_tw * sigma2) / sigma2
    score_lag = residuals @ wy / sigma2
    score_error = residuals @ w_residuals / sigma2
    return LMTestResults(
        lm_lag=TestResult.chi2("lm_lag", score_lag**2 / j, 1, "no spatial lag (rho = 0)"),
        lm_error=TestResult.chi2("lm_error", score_error**2 / t_tw, 1, "no spatial error (lambda = 0)"),
        robust_lm_lag=TestResult.chi2(
            "robust_lm_lag", (score_lag - score_error) ** 2 / (j - t_tw), 1, "no spatial lag, allowing a spatial error"
        ),
        robust_lm_error=TestResult.chi2(
            "robust_lm_error",
            (score_error - t_tw / j * score_lag) ** 2 / (t_tw * (1 - t_tw / j)),
            1,
            "no spatial error, allowing a spatial lag",
        ),
        effects=effects,
        convention=convention,
    )


def lr_test(restricted, unrestricted, name: str | None = None) -> TestResult:
    """LR = 2 (lnL_unrestricted - lnL_restricted), chi-squared with the difference in parameter counts.

    Both fits must be of the same panel, effects and Lee-Yu setting."""
    for attribute in ("nobs", "effects", "lee_yu"):
        if getattr(restricted, attribute) != getattr(unrestricted, attribute):
            raise ValueError(f"the two fits differ in {attribute}; an LR test needs nested fits of one panel")
    df = len(unrestricted.params) - len(restricted.params)
    if df <= 0:
        raise ValueError("the unrestricted model must have more parameters than the restricted one")
    stat = 2.0 * (unrestricted.loglik - restricted.loglik)
    label = name or f"lr_{unrestricted.model}_vs_{restricted.model}"
    return TestResult.chi2(label, stat, df, f"the {restricted.model.upper()} is adequate")


def _wald(name: str, value: np.ndarray, jacobian: np.ndarray, cov: np.ndarray, null: str) -> TestResult:
    variance = jacobian @ cov @ jacobian.T
    return TestResult.chi2(name, float(value @ np.linalg.solve(variance, value)), len(value), null)


def _sdm_parts(results):
    if results.model != "sdm":
        raise ValueError("Wald tests of the SDM restrictions need an SDM fit")
    k = len(results._x_names)
    params = results.params.to_numpy()
    return k, params[0], params[1 : 1 + k], params[1 + k :], results.cov.to_numpy()


def wald_sar(results) -> TestResult:
    """Wald test of theta = 0 in an SDM fit (the SDM reduces to the SAR)."""
    k, _, _, theta, cov = _sdm_parts(results)
    jacobian = np.hstack([np.zeros((k, 1 + k)), np.eye(k)])
    return _wald("wald_sar", theta, jacobian, cov, "theta = 0 (SAR)")


def wald_sem(results) -> TestResult:
    """Wald test of theta + rho beta = 0 in an SDM fit (the SDM reduces to the SEM), by the delta method."""
    k, rho, beta, theta, cov = _sdm_parts(results)
    jacobian = np.hstack([beta[:, None], rho * np.eye(k), np.eye(k)])
    return _wald("wald_sem", theta + rho * beta, jacobian, cov, "theta + rho beta = 0 (SEM)")


def model_selection_tests(
    data, y, x, w, effects="twoway", entity="province", time="year", lee_yu=False
) -> pd.DataFrame:
    """The paper's Table 8 (Elhorst's specific-to-general-to-specific route): the four LM tests on the
    non-spatial model with these ``effects``, then LR and Wald tests of the SDM against the SAR and the
    SEM. Rows named as the tests; columns stat, df, p, null."""
    from scenarios.econometrics.spatial import SpatialPanelModel

    lm = lm_tests(data, y, x, w, effects=effects, entity=entity, time=time)
    fits = {
        model: SpatialPanelModel(
            data, y, x, w, model=model, effects=effects, entity=entity, time=time, lee_yu=lee_yu
        ).fit()
        for model in ("sdm", "sar", "sem")
    }
    return tests_frame(
        [
            lm.lm_lag,
            lm.robust_lm_lag,
            lm.lm_error,
            lm.robust_lm_error,
            lr_test(fits["sar"], fits["sdm"], "lr_lag"),
            lr_test(fits["sem"], fits["sdm"], "lr_error"),
            wald_sar(fits["sdm"]),
            wald_sem(fits["sdm"]),
        ]
    )
