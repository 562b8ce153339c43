"""Maths core of the spatial panel ML estimators (no input checks, no labels: arrays in, arrays out).

Arrays are period-major: a variable is a (T, N) array, row t the cross-section of period t in the
order of W; regressors are (T, N, K).

Fixed effects are removed by demeaning (Elhorst 2014, ch. 3; xsmle): y, X and W y (W applied to the raw
y of each period, then demeaned) are each demeaned. For the SAR/SDM this is exact ML with dummies for any W
(the regressors do not depend on rho, so partialling the dummies out of y - rho W y is demeaning both).
For the SEM it is exact with entity effects, and with time effects when W's rows all sum to the same c,
since (I - lambda W) maps an entity effect to an entity effect and gamma_t 1 to (1 - lambda c) gamma_t 1;
with unequal row sums the SEM takes the filtered time effects out at each lambda (:class:`TimeFilter`).
R splm instead applies W to the demeaned y, which differs with time effects (Produc SAR two-way: rho
0.196664 there, 0.196914 here).

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
as if the time effects were known; :class:`TimeDummies` gives the information of dummy-variable ML, which
counts the T estimated time effects (spreg with time dummies; larger standard errors for rho and theta
when N is small): the data term is M_D (I x G) eta, eta the fitted mean with the effects. With unequal row
sums gamma_t G 1 is no time effect and only this version is the information of the model. The error
model's information is block-diagonal in lambda and (beta, dummies), so its two versions coincide.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.econometrics.logdet import WeightsOperator

#: Distance kept from the ends of the admissible interval of rho / lambda.
BOUND_MARGIN = 1e-7

#: An estimate this close to an end of the searched interval (relative to its width) is at the bound.
AT_BOUND_TOLERANCE = 1e-6

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
    def of(cls, n: int, t: int, effects: str, lee_yu: bool) -> Transformation:
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
    search: Search


@dataclass(frozen=True)
class Search:
    """The interval searched for rho / lambda and where the maximum fell: ``edge`` is "lower" or "upper"
    when it sits at an end (the likelihood still rising there), else None."""

    low: float
    high: float
    edge: str | None


def _maximise(objective, operator: WeightsOperator) -> tuple[float, Search]:
    """The maximiser of ``objective(rho, operator)`` inside the admissible interval (the operator's
    search: Brent's on the exact log-determinant, or the sparse back end's corrected series), and where
    it fell in that interval."""
    low, high = operator.bounds()
    span = (low + BOUND_MARGIN * abs(low), high - BOUND_MARGIN * abs(high))
    value = operator.maximise(objective, span)
    reach = AT_BOUND_TOLERANCE * (span[1] - span[0])
    edge = "lower" if value - span[0] <= reach else "upper" if span[1] - value <= reach else None
    return value, Search(low, high, edge)


def _flat(values: np.ndarray) -> np.ndarray:
    return values.reshape(values.shape[0] * values.shape[1], -1)


def row_sums(operator: WeightsOperator) -> np.ndarray:
    """W 1, the row sums of W."""
    return operator.apply(np.ones((1, operator.n)))[0]


def has_constant_row_sums(operator: WeightsOperator) -> bool:
    """Whether W 1 is proportional to 1, so that (I - rho W) gamma_t 1 stays a time effect and demeaning
    by period is exact ML with time dummies."""
    sums = row_sums(operator)
    return bool(np.allclose(sums, sums[0], rtol=1e-10, atol=0))


@dataclass(frozen=True)
class TimeDummies:
    """The lag model's time effects counted as estimated parameters (dummy-variable ML), for any W.

    The information of rho holds the part of G eta that the effects' dummies D do not absorb, M_D G eta,
    with eta = X b + D alpha the fitted mean including the effects; G eta = W y - G e at the estimate
    (eta = (I - rho W) y - e). With constant row sums G gamma_t 1 is a time effect again, so this is
    M_D G X~ b; otherwise gamma_t G 1 varies over entities and carries information about rho."""

    raw_wy: np.ndarray
    effects: str

    def data_term(self, operator: WeightsOperator, rho: float, residuals: np.ndarray) -> np.ndarray:
        """M_D G eta, (T, N)."""
        g_residuals = operator.apply(operator.solve(rho, residuals.T).T)
        return demean(self.raw_wy - g_residuals, self.effects)


@dataclass(frozen=True)
class TimeFilter:
    """Exact time effects in the SEM when W's row sums r = W 1 are not constant.

    Filtering a time effect gives (I - lambda W) gamma_t 1 = gamma_t v, v = 1 - lambda r, not a time
    effect: ML with time dummies takes, in each period, the residual of the filtered data
    F_t = z~_t - lambda W z~_t on v (z~ the demeaned data, W applied after demeaning: a period mean of
    z~ filters into the span of v and drops out too). The filtered cross-moments are then those of the
    demeaning approach minus sum_t u_t u_t' / v'v, u_t = v'F_t = a_t - lambda (b_t + c_t) + lambda^2 d_t,
    with a_t = 1'z~_t, b_t = 1'W z~_t, c_t = r'z~_t, d_t = r'W z~_t and v'v = N - 2 lambda 1'r +
    lambda^2 r'r. With constant row sums v is proportional to 1 and this is the period demeaning again."""

    row_sums: np.ndarray
    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    d: np.ndarray

    @classmethod
    def of(cls, z: np.ndarray, wz: np.ndarray, row_sums: np.ndarray) -> TimeFilter:
        """From the demeaned data z~ and W z~, both (T, N, m)."""
        return cls(
            row_sums,
            z.sum(axis=1),
            wz.sum(axis=1),
            np.einsum("n,tnm->tm", row_sums, z),
            np.einsum("n,tnm->tm", row_sums, wz),
        )

    def _v(self, lam: float) -> np.ndarray:
        return 1.0 - lam * self.row_sums

    def correction(self, lam: float) -> np.ndarray:
        """sum_t u_t u_t' / v'v, (m, m)."""
        u = self.a - lam * (self.b + self.c) + lam * lam * self.d
        v = self._v(lam)
        return u.T @ u / (v @ v)

    def residual(self, filtered: np.ndarray, lam: float) -> np.ndarray:
        """Each period of ``filtered`` (T, N) less its projection on v."""
        v = self._v(lam)
        return filtered - np.outer(filtered @ v / (v @ v), v)


def fit_lag(
    y: np.ndarray,
    wy: np.ndarray,
    x: np.ndarray,
    operator: WeightsOperator,
    transform: Transformation,
    time_dummies: TimeDummies | None = None,
) -> MLEstimate:
    """ML for y~ = rho (Wy)~ + X~ beta + e (SAR; SDM when X~ holds the WX columns). The estimates are
    exact ML with dummies for any W (the regressors do not depend on rho, so the dummies are partialled
    out by demeaning y~ - rho (Wy)~).

    ``time_dummies``: count the time effects as estimated parameters in the information matrix (see
    :class:`TimeDummies`); this is the information matrix of dummy-variable ML (spreg's ``ML_LagFE``
    with time dummies gives the same standard errors). Default: Elhorst's."""
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

    rho, search = _maximise(concentrated, operator)
    beta = coef_y - rho * coef_wy
    residuals = e0 - rho * e1
    ssr = float(residuals @ residuals)
    sigma2 = ssr / transform.nobs

    xb = (design @ beta).reshape(shape)
    fitted = operator.solve(rho, xb.T).T
    if time_dummies is not None:
        g_xb = time_dummies.data_term(operator, rho, residuals.reshape(shape))
    else:
        g_xb = operator.apply(fitted)
        if transform.time_projection:
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
        search=search,
    )


def fit_error(
    y: np.ndarray,
    wy: np.ndarray,
    x: np.ndarray,
    wx: np.ndarray,
    operator: WeightsOperator,
    transform: Transformation,
    time_filter: bool = False,
) -> MLEstimate:
    """ML for y~ = X~ beta + u, u = lambda W u + e (SEM), beta profiled out by GLS at each lambda.

    ``time_filter``: time effects with W's row sums not constant; ``wy`` and ``wx`` are then W applied to
    the demeaned y~ and X~, and each filtered period is also taken off v = (I - lambda W) 1
    (:class:`TimeFilter`), which makes the fit exact ML with time dummies."""
    shape = y.shape
    z = np.column_stack([_flat(x), y.ravel()])
    wz = np.column_stack([_flat(wx), wy.ravel()])
    m00, m01, m11 = z.T @ z, z.T @ wz, wz.T @ wz
    k = z.shape[1] - 1
    periods = None
    if time_filter:
        periods = TimeFilter.of(z.reshape(*shape, -1), wz.reshape(*shape, -1), row_sums(operator))

    def filtered_moments(lam):
        moments = m00 - lam * (m01 + m01.T) + lam * lam * m11
        return moments if periods is None else moments - periods.correction(lam)

    def ssr_and_beta(lam):
        m = filtered_moments(lam)
        beta = np.linalg.solve(m[:k, :k], m[:k, k])
        return m[k, k] - m[:k, k] @ beta, beta

    def concentrated(lam, logdet_source):
        return -0.5 * transform.nobs * np.log(ssr_and_beta(lam)[0]) + transform.jacobian(logdet_source, lam)

    lam, search = _maximise(concentrated, operator)
    ssr, beta = ssr_and_beta(lam)
    sigma2 = ssr / transform.nobs
    residuals = (z[:, k] - lam * wz[:, k]) - (z[:, :k] - lam * wz[:, :k]) @ beta
    if periods is not None:
        residuals = periods.residual(residuals.reshape(shape), lam)
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
        search=search,
    )
