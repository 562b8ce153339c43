"""Coefficients behind projections: the paper's published ones, or an SDM re-estimated on a panel.

A :class:`SeriesCoefficients` holds, for one emission series (total or one of the four industries),
the spatial Durbin model y_t = rho W y_t + X_t beta + W X_t theta + mu + gamma_t + e_t: rho, beta,
theta for the regressors :data:`REGRESSORS`, their covariance, and the sample trend of the time effect
gamma_t. A model without spillover (the paper's Table 4 fixed effects) has rho = theta = 0 and
``spatial=False``.

Sources:

* published (``published-W1/W2/W3``): total emissions from Table 9 (SDM, two-way fixed effects, under
  W1, W2 or W3), industries from Table 4 (FE, no spatial terms). The paper prints coefficients and
  t (z) statistics only, so standard errors are |coef / t| and the covariance is diagonal: draws are
  independent normals, an approximation (the estimates are in fact correlated, rho with the
  theta especially). The paper publishes no time effects, so only ``time_effect="hold"`` is possible.
* estimated (``estimated-W1/W2/W3``): an SDM with two-way fixed effects fitted by maximum likelihood
  (:class:`scenarios.econometrics.spatial.SpatialPanelModel`) to the panel's analysis variables, for
  total emissions (ce) and each industry (ce1..ce4), with the full estimated covariance. Fits are
  cached by (panel fingerprint, W, series) in a bounded cache (:data:`ESTIMATED_CACHE`): each is a
  frozen object with read-only arrays.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scenarios.cache import BoundedCache, read_only
from scenarios.econometrics.effects import draws_in_stable_range

#: Emission series, in output order, with their analysis variable (paper notation) and raw column.
SERIES = ("total", "steel", "building_materials", "nonferrous", "petrochemical")
SERIES_VARIABLE = {
    "total": "ce",
    "steel": "ce1",
    "building_materials": "ce2",
    "nonferrous": "ce3",
    "petrochemical": "ce4",
}
SERIES_COLUMN = {series: f"co2_{series}" for series in SERIES}

#: Explanatory variables of the paper's models, in the paper's order (tech = ln of the import stock).
REGRESSORS = ("tech", "gdp", "ind", "ei", "tra", "edu", "fin")
#: The parameter vector's names, in the order of a covariance: rho, the regressors, their spatial lags.
PARAMETER_NAMES = ("rho", *REGRESSORS, *(f"W*{x}" for x in REGRESSORS))


@dataclass(frozen=True, eq=False)
class SeriesCoefficients:
    """SDM coefficients of one emission series (read-only arrays; see the module docstring).

    The parameter vector, in the order of ``cov``, is (rho, beta_1..beta_K, theta_1..theta_K).
    """

    series: str
    rho: float
    beta: np.ndarray
    theta: np.ndarray
    cov: np.ndarray
    spatial: bool
    source: str
    #: Change of the time effect gamma_t per year over the sample (OLS slope); 0 when unknown.
    time_trend: float = 0.0
    #: "lower" or "upper" when the re-estimated rho sits at that end of its admissible interval
    #: (:attr:`~scenarios.econometrics.spatial.SpatialPanelResults.at_bound`), else None; and that interval.
    rho_at_bound: str | None = None
    rho_interval: tuple[float, float] | None = None

    def __post_init__(self):
        for name in ("beta", "theta", "cov"):
            object.__setattr__(self, name, read_only(getattr(self, name), dtype=float))
        if self.beta.shape != (len(REGRESSORS),) or self.theta.shape != (len(REGRESSORS),):
            raise ValueError(f"beta and theta need {len(REGRESSORS)} entries ({', '.join(REGRESSORS)})")
        if self.cov.shape != (1 + 2 * len(REGRESSORS),) * 2:
            raise ValueError("cov must be square over (rho, beta, theta)")

    @classmethod
    def from_vector(
        cls, series: str, params: np.ndarray, cov: np.ndarray, spatial: bool, source: str, **rest
    ) -> SeriesCoefficients:
        """From a parameter vector ordered as :data:`PARAMETER_NAMES` and its covariance (``rest``: the
        other fields, e.g. ``time_trend``)."""
        k = len(REGRESSORS)
        return cls(
            series=series,
            rho=float(params[0]),
            beta=params[1 : 1 + k],
            theta=params[1 + k :],
            cov=cov,
            spatial=spatial,
            source=source,
            **rest,
        )

    @property
    def params(self) -> pd.Series:
        """The parameter vector, labelled rho, <x>, W*<x> (the spatial estimator's names)."""
        return pd.Series([self.rho, *self.beta, *self.theta], index=list(PARAMETER_NAMES), name=self.series)

    def draws(
        self, count: int, rng: np.random.Generator, bounds: tuple[float, float] = (-1.0, 1.0), max_rounds: int = 100
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``count`` draws of (rho, beta, theta) from N(params, cov), rho kept in the stable range.

        Returns arrays of shape (count,), (count, K), (count, K). ``bounds`` is the open interval where
        I - rho W is invertible with a positive determinant: (1 / lambda_min, 1 / lambda_max) for W's
        real eigenvalues, which for a row-standardised W contains (-1, 1) (the projection engine passes
        W's own interval). Draws outside it are resampled, as for the spatial models' effects
        (:func:`scenarios.econometrics.effects.draws_in_stable_range`, which documents the rule).
        Parameters with zero variance (rho and theta of a model without spillover) stay at their values.
        """
        mean = self.params.to_numpy()
        scale = np.sqrt(np.clip(np.diag(self.cov), 0, None))
        varying = scale > 0
        sub = self.cov[np.ix_(varying, varying)]
        factor = np.linalg.cholesky(sub + np.eye(sub.shape[0]) * 1e-15 * np.trace(sub))

        def sample(rows: int) -> np.ndarray:
            candidate = np.tile(mean, (rows, 1))
            candidate[:, varying] += rng.standard_normal((rows, sub.shape[0])) @ factor.T
            return candidate

        out = draws_in_stable_range(sample, count, bounds, max_rounds)
        k = len(REGRESSORS)
        return out[:, 0], out[:, 1 : 1 + k], out[:, 1 + k :]


def _published_table(frame: pd.DataFrame, series: str, spatial: bool, source: str) -> SeriesCoefficients:
    """Coefficients from a :mod:`scenarios.reproduction.paper` table: index rho, x, W*x (or x only), columns coef, se."""
    names = list(PARAMETER_NAMES)
    if spatial:
        missing = [n for n in names if n not in frame.index]
        if missing:
            raise ValueError(f"published table lacks {', '.join(missing)}")
    coef = frame["coef"].astype(float).reindex(names).fillna(0.0).to_numpy()
    se = frame["se"].astype(float).abs().reindex(names).fillna(0.0).to_numpy()
    return SeriesCoefficients.from_vector(series, coef, np.diag(se**2), spatial, source)


@functools.cache
def published(matrix: str) -> tuple[SeriesCoefficients, ...]:
    """The paper's coefficients for every series: Table 9 SDM (under ``matrix``) and Table 4 FE."""
    from scenarios.reproduction import paper

    total = _published_table(
        paper.sdm_coefficients(matrix), "total", True, f"Li et al. (2023) Table 9, SDM under {matrix}"
    )
    industries = paper.industry_fe_coefficients()
    out = [total]
    for series in SERIES[1:]:
        out.append(
            _published_table(
                industries.loc[SERIES_VARIABLE[series]],
                series,
                False,
                "Li et al. (2023) Table 4, fixed effects, no spillover",
            )
        )
    return tuple(out)


def _time_trend(analysis: pd.DataFrame, variable: str, fit, matrix: np.ndarray, names) -> float:
    """Slope per year of the two-way time effect gamma_t implied by a fit.

    The raw residual r_it = y_it - rho (W y_t)_i - x_it beta - (W X_t theta)_i equals mu_i + gamma_t
    + e_it; gamma_t is the mean over provinces of r_t minus the grand mean (the usual normalisation),
    and the trend is its OLS slope on the year.
    """
    columns = [variable, *REGRESSORS]
    table = analysis.pivot(index="year", columns="province", values=columns)  # one pivot: they are slow
    wide = {column: table[column][list(names)].to_numpy() for column in columns}
    params = fit.params
    residual = wide[variable] - params["rho"] * wide[variable] @ matrix.T
    for x in REGRESSORS:
        residual = residual - params[x] * wide[x] - params[f"W*{x}"] * wide[x] @ matrix.T
    years = np.array(sorted(analysis["year"].unique()), dtype=float)
    gamma = residual.mean(axis=1)
    return float(np.polyfit(years, gamma - gamma.mean(), 1)[0])


#: Re-estimated coefficients, by (panel fingerprint, W, series): five fits per panel and W, so the
#: last 16 panel-W pairs (:class:`scenarios.cache.BoundedCache`: least recently used dropped first).
ESTIMATED_CACHE: BoundedCache[SeriesCoefficients] = BoundedCache(5 * 16)


def estimated(panel, matrix: str, weights=None) -> tuple[SeriesCoefficients, ...]:
    """SDMs with two-way fixed effects re-estimated on ``panel`` under ``matrix``, for every series.

    Cached by (panel fingerprint, matrix, series); ``weights`` (a SpatialWeights) defaults to
    ``scenarios.geography.spatial_weights(matrix)``.
    """
    from scenarios.econometrics.spatial import BoundaryWarning, SpatialPanelModel
    from scenarios.geography import spatial_weights

    weights = weights if weights is not None else spatial_weights(matrix)
    analysis: list[pd.DataFrame] = []  # the panel's analysis frame, read once and only if a fit is missing

    def fit(series: str) -> SeriesCoefficients:
        if not analysis:
            analysis.append(panel.analysis)
        variable = SERIES_VARIABLE[series]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BoundaryWarning)  # kept as rho_at_bound: a projection caution
            results = SpatialPanelModel(
                analysis[0],
                variable,
                list(REGRESSORS),
                weights,
                model="sdm",
                effects="twoway",
                entity="province",
                time="year",
            ).fit()
        names = list(PARAMETER_NAMES)
        return SeriesCoefficients.from_vector(
            series,
            results.params[names].to_numpy(),
            results.cov.loc[names, names].to_numpy(),
            spatial=True,
            source=f"SDM with two-way fixed effects re-estimated on {panel.source} under {matrix}",
            time_trend=_time_trend(analysis[0], variable, results, np.asarray(weights.matrix), weights.names),
            rho_at_bound=results.at_bound,
            rho_interval=results.spatial_interval,
        )

    return tuple(
        ESTIMATED_CACHE.get(
            (panel.fingerprint, f"{matrix}:{getattr(weights, 'kind', '')}", series), functools.partial(fit, series)
        )
        for series in SERIES
    )
