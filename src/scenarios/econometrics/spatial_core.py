"""Maths core of the spatial panel ML estimators (no input checks, no labels: arrays in, arrays out).

Arrays are period-major: a variable is a (T, N) array, row t the cross-section of period t in the
order of W; regressors are (T, N, K).

Fixed effects are removed by demeaning (Elhorst 2014, ch. 3; xsmle): y, X and W y (W applied to the raw
y of each period, then demeaned) are each demeaned. This is exact for SAR/SDM/SEM with entity effects and,
for row-standardised W, with time and two-way effects, since (I - rho W) maps an entity effect to an
entity effect and a time effect gamma_t 1 to (1 - rho) gamma_t 1. R splm instead applies W to the
demeaned y, which differs with time effects (Produc SAR two-way: rho 0.196664 there, 0.196914 here).

Concentrated log-likelihood (Anselin 1988; Elhorst 2014, Eq. 3.7 ff.), with NT_e = N_e T_e observations:

    ln L(rho) = -NT_e/2 ln(2 pi sigma2(rho)) - NT_e/2 + T_e (ln|I - rho W| - c ln(1 - rho)),
    sigma2(rho) = e(rho)'e(rho) / NT_e,

e(rho) = e0 - rho e1 for the lag models (e0, e1 the residuals of y~ and (Wy)~ on X~) and the GLS
residuals of (y~ - lambda (Wy)~) on (X~ - lambda (WX)~) for the error model. Without the Lee-Yu
correction N_e = N, T_e = T, c = 0 (the "direct approach", as xsmle, splm and spreg). With it
(Lee and Yu 2010, J. Econometrics 154: the transformation approach, as xsmle's ``leeyu`` option and
Elhorst's toolbox), entity effects use T_e = T - 1 (so sigma2 = T/(T-1) times the direct one, rho and
beta unchanged); time effects use N_e = N - 1, c = 1 (which also moves rho and beta); both for two-way.

Standard errors: the inverse of the analytic information matrix at the estimate (Elhorst 2014,
Eq. 3.11 for the lag models; its block-diagonal form for the error model), with G = W (I - rho W)^-1:

    lag:   [X~'X~/s2,  X~'(I x G)X~b/s2,                               0        ]
           [ .       ,  T_e (tr(GG) + tr(G'G)) + ||(I x G)X~b||^2 / s2,  T_e tr(G)/s2 ]
           [ .       ,  .                                             ,  NT_e/(2 s2^2) ]
    error: X*'X*/s2 for beta, and [[T_e (tr(GG) + tr(G'G)), T_e tr(G)/s2], [., NT_e/(2 s2^2)]].

Under the Lee-Yu transformation with time effects, G is replaced by J G with J = I - 11'/N
(Lee and Yu 2010, the information matrix of the transformed likelihood).

With time effects, Elhorst's lag-model formula keeps the period means of (I x G) X~ b in the data term,
as if the time effects were known; taking them out (``count_time_effects``) gives the information of
dummy-variable ML, which counts the T estimated time effects (spreg with time dummies; larger standard
errors for rho and theta when N is small). The error model's filtered regressors are demeaned after W
is applied, so its two versions coincide.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.econometrics.logdet import WeightsOperator

#: Distance kept from the ends of the admissible interval of rho / lambda.
BOUND_MARGIN = 1e-7

EFFECTS = ("entity", "time", "twoway")


def demean(values: np.ndarray, effects: str) -> np.ndarray:
    """Remove entity, time or two-way means from a period-major array of shape (T, N) or (T, N, K)."""
    if effects == "entity":
        return values - values.mean(axis=0, keepdims=True)
    if effects == "time":
        return values - values.mean(axis=1, keepdims=True)
    if effects == "twoway":
        return (
            values
            - values.mean(axis=0, keepdims=True)
            - values.mean(axis=1, keepdims=True)
            + values.mean(axis=(0, 1), keepdims=True)
        )
    raise ValueError(f"effects must be one of {EFFECTS}, not {effects!r}")


@dataclass(frozen=True)
class Transformation:
    """Effective sample sizes of the likelihood (N_e, T_e) and whether the Lee-Yu time projection applies."""

    n_effective: int
    t_effective: int
    time_projection: bool

    @classmethod
    def of(cls, n: int, t: int, effects: str, lee_yu: bool) -> "Transformation":
        """The direct approach (lee_yu False) or the Lee-Yu transformation approach for these effects."""
        entity = effects in ("entity", "twoway")
        time = effects in ("time", "twoway")
        return cls(
            n_effective=n - (lee_yu and time),
            t_effective=t - (lee_yu and entity),
            time_projection=lee_yu and time,
        )

    @property
    def nobs(self) -> int:
        """N_e T_e, the number of observations the likelihood counts."""
        return self.n_effective * self.t_effective

    def jacobian(self, operator: WeightsOperator, rho: float) -> float:
        """T_e (ln|I - rho W| - c ln(1 - rho))."""
        value = operator.logdet(rho)
        if self.time_projection:
            value -= np.log1p(-rho)
        return self.t_effective * value

    def loglik(self, operator: WeightsOperator, rho: float, ssr: float) -> float:
        """The full log-likelihood at rho given the residual sum of squares there."""
        sigma2 = ssr / self.nobs
        return -0.5 * self.nobs * (np.log(2 * np.pi * sigma2) + 1.0) + self.jacobian(operator, rho)

    def traces(self, operator: WeightsOperator, rho: float):
        """The traces of G (or J G under the Lee-Yu time projection)."""
        return operator.projected_traces(rho) if self.time_projection else operator.traces(rho)


@dataclass(frozen=True)
class MLEstimate:
    """One ML fit: the spatial parameter, beta, sigma2, log-likelihood and the covariance of
    (spatial, beta..., sigma2), residuals and reduced-form fitted values, both (T, N)."""

    spatial: float
    beta: np.ndarray
    sigma2: float
    loglik: float
    cov: np.ndarray
    residuals: np.ndarray
    fitted: np.ndarray


def _maximise(objective, operator: WeightsOperator) -> float:
    """The maximiser of ``objective(rho, operator)`` inside the admissible interval (the operator's
    search: Brent's on the exact log-determinant, or the sparse back end's corrected series)."""
    low, high = operator.bounds()
    return operator.maximise(objective, (low + BOUND_MARGIN * abs(low), high - BOUND_MARGIN * abs(high)))


def _flat(values: np.ndarray) -> np.ndarray:
    return values.reshape(values.shape[0] * values.shape[1], -1)


def fit_lag(
    y: np.ndarray,
    wy: np.ndarray,
    x: np.ndarray,
    operator: WeightsOperator,
    transform: Transformation,
    count_time_effects: bool = False,
) -> MLEstimate:
    """ML for y~ = rho (Wy)~ + X~ beta + e (SAR; SDM when X~ holds the WX columns).

    ``count_time_effects``: take the period means out of (I x G) X~ b in the information matrix, i.e.
    count the T time effects as estimated parameters; this is the information matrix of dummy-variable
    ML (spreg's ``ML_LagFE`` with time dummies gives the same standard errors). Default: Elhorst's."""
    shape = y.shape
    design = _flat(x)
    xtx = design.T @ design
    coef_y, coef_wy = np.linalg.solve(xtx, design.T @ np.column_stack([y.ravel(), wy.ravel()])).T
    e0 = y.ravel() - design @ coef_y
    e1 = wy.ravel() - design @ coef_wy
    e00, e01, e11 = e0 @ e0, e0 @ e1, e1 @ e1

    def concentrated(rho, logdet_source):
        ssr = e00 - 2 * rho * e01 + rho * rho * e11
        return -0.5 * transform.nobs * np.log(ssr) + transform.jacobian(logdet_source, rho)

    rho = _maximise(concentrated, operator)
    beta = coef_y - rho * coef_wy
    residuals = e0 - rho * e1
    ssr = float(residuals @ residuals)
    sigma2 = ssr / transform.nobs

    xb = (design @ beta).reshape(shape)
    fitted = operator.solve(rho, xb.T).T
    g_xb = operator.apply(fitted)
    if transform.time_projection or count_time_effects:
        g_xb = g_xb - g_xb.mean(axis=1, keepdims=True)
    traces = transform.traces(operator, rho)
    k = design.shape[1]
    info = np.zeros((k + 2, k + 2))
    info[:k, :k] = xtx / sigma2
    info[:k, k] = info[k, :k] = design.T @ g_xb.ravel() / sigma2
    info[k, k] = transform.t_effective * (traces.gg + traces.gtg) + g_xb.ravel() @ g_xb.ravel() / sigma2
    info[k, k + 1] = info[k + 1, k] = transform.t_effective * traces.g / sigma2
    info[k + 1, k + 1] = transform.nobs / (2 * sigma2**2)
    cov = np.linalg.inv(info)
    order = [k, *range(k), k + 1]
    return MLEstimate(
        spatial=rho,
        beta=beta,
        sigma2=sigma2,
        loglik=transform.loglik(operator, rho, ssr),
        cov=cov[np.ix_(order, order)],
        residuals=residuals.reshape(shape),
        fitted=fitted,
    )


def fit_error(
    y: np.ndarray,
    wy: np.ndarray,
    x: np.ndarray,
    wx: np.ndarray,
    operator: WeightsOperator,
    transform: Transformation,
) -> MLEstimate:
    """ML for y~ = X~ beta + u, u = lambda W u + e (SEM), beta profiled out by GLS at each lambda."""
    shape = y.shape
    z = np.column_stack([_flat(x), y.ravel()])
    wz = np.column_stack([_flat(wx), wy.ravel()])
    m00, m01, m11 = z.T @ z, z.T @ wz, wz.T @ wz
    k = z.shape[1] - 1

    def filtered_moments(lam):
        return m00 - lam * (m01 + m01.T) + lam * lam * m11

    def ssr_and_beta(lam):
        m = filtered_moments(lam)
        beta = np.linalg.solve(m[:k, :k], m[:k, k])
        return m[k, k] - m[:k, k] @ beta, beta

    def concentrated(lam, logdet_source):
        return -0.5 * transform.nobs * np.log(ssr_and_beta(lam)[0]) + transform.jacobian(logdet_source, lam)

    lam = _maximise(concentrated, operator)
    ssr, beta = ssr_and_beta(lam)
    sigma2 = ssr / transform.nobs
    residuals = (z[:, k] - lam * wz[:, k]) - (z[:, :k] - lam * wz[:, :k]) @ beta
    traces = transform.traces(operator, lam)
    info = np.zeros((k + 2, k + 2))
    info[0, 0] = transform.t_effective * (traces.gg + traces.gtg)
    info[0, k + 1] = info[k + 1, 0] = transform.t_effective * traces.g / sigma2
    info[1 : k + 1, 1 : k + 1] = filtered_moments(lam)[:k, :k] / sigma2
    info[k + 1, k + 1] = transform.nobs / (2 * sigma2**2)
    return MLEstimate(
        spatial=lam,
        beta=beta,
        sigma2=sigma2,
        loglik=transform.loglik(operator, lam, float(ssr)),
        cov=np.linalg.inv(info),
        residuals=residuals.reshape(shape),
        fitted=(z[:, :k] @ beta).reshape(shape),
    )
