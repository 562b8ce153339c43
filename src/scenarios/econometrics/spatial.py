"""Spatial panel models with fixed effects, by maximum likelihood: SAR, SEM and SDM (Elhorst 2014,
*Spatial Econometrics*, ch. 3; Lee and Yu 2010), the estimator behind the paper's Tables 8-9.

    SAR: y_t = rho W y_t + X_t beta + mu + gamma_t 1 + e_t
    SDM: y_t = rho W y_t + X_t beta + W X_t theta + mu + gamma_t 1 + e_t
    SEM: y_t = X_t beta + mu + gamma_t 1 + u_t,  u_t = lambda W u_t + e_t

:class:`SpatialPanelModel` checks the inputs, matches W to the panel's entities by name and builds the
period-major arrays; the maths is in :mod:`scenarios.econometrics.spatial_core` (likelihood, information
matrix), :mod:`~scenarios.econometrics.logdet` (log-determinant, traces) and
:mod:`~scenarios.econometrics.impacts` (LeSage-Pace effects). Written by hand because spreg 1.9 has no
time or two-way effects, no Lee-Yu correction and no right SDM effects split (it counts every WX effect
as indirect); for entity effects its ``ML_LagFE`` / ``ML_ErrorFE`` give the same numbers, and with
time dummies added ``ML_LagFE`` equals the two-way SDM with ``cov_type="time-dummies"``
(tests/reference); so does R splm where its conventions agree.

Conventions: two-way (and time) demeaning follows Elhorst (2014) and xsmle: y, X and W y are each
demeaned, W y computed from the raw y of each period (R splm applies W to the demeaned y, a different
estimator with time effects). sigma2 = e'e / NT (ML, no degrees-of-freedom correction) unless ``lee_yu``.
Statistics are z (standard normal), as in xsmle and splm.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from scenarios.econometrics import spatial_core
from scenarios.econometrics._frame import numeric_array, whole_periods
from scenarios.econometrics.logdet import WeightsOperator, weights_operator
from scenarios.econometrics.results import coefficient_table, format_summary
from scenarios.errors import InputError, Problem, shown
from scenarios.summary import Summarised

if TYPE_CHECKING:  # for the annotation: impacts() imports the module when called
    from scenarios.econometrics.impacts import ImpactsResults


class BoundaryWarning(UserWarning):
    """The ML estimate of rho / lambda sits at an end of its admissible interval (see
    :attr:`SpatialPanelResults.cautions`)."""


MODELS = ("sdm", "sar", "sem")
COV_TYPES = ("elhorst", "time-dummies")
EFFECTS = spatial_core.EFFECTS

#: Relative tolerance of the rank check that flags collinear regressors.
COLLINEARITY_TOLERANCE = 1e-10


#: A weights matrix as the estimators take it: dense or scipy sparse, N x N.
WeightsMatrix: TypeAlias = np.ndarray | sp.spmatrix | sp.sparray


def _matrix_and_names(w) -> tuple[WeightsMatrix, list[str] | None]:
    """W as an array (dense or sparse) and its entity names as strings (None: in the panel's order)."""
    if hasattr(w, "names") and hasattr(w, "matrix"):
        return w.matrix, [str(name) for name in w.names]
    if isinstance(w, pd.DataFrame):
        if [str(c) for c in w.columns] != [str(i) for i in w.index]:
            raise InputError(
                Problem("the row labels of W must equal its column labels, in the same order", parameter="w")
            )
        return w.to_numpy(dtype=float), [str(c) for c in w.columns]
    if sp.issparse(w) or isinstance(w, np.ndarray):
        return w, None
    raise InputError(
        Problem("W must be a SpatialWeights, a labelled square DataFrame or a square array", parameter="w")
    )


def match_weights(w, panel_entities: list) -> tuple[WeightsMatrix, list]:
    """W checked and matched to the panel's entities by name (compared as strings).

    Returns the matrix (dense or scipy sparse) and the panel's entity labels in W's order. An unlabelled
    array is taken to be in the panel's order of first appearance.
    """
    matrix, names = _matrix_and_names(w)
    matrix = (
        matrix.tocsr().astype(float)
        if isinstance(matrix, (sp.spmatrix, sp.sparray))
        else np.asarray(matrix, dtype=float)
    )
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise InputError(Problem(f"W must be square, not {matrix.shape}", parameter="w"))
    by_name = {str(e): e for e in panel_entities}
    if names is None:
        if matrix.shape[0] != len(panel_entities):
            raise InputError(
                Problem(f"W has {matrix.shape[0]} rows but the panel has {len(panel_entities)} entities", parameter="w")
            )
        order = list(panel_entities)
    else:
        missing = [e for e in by_name if e not in set(names)]
        extra = [n for n in names if n not in by_name]
        problems = []
        if missing:
            problems.append(Problem(f"W has no row for the panel's entities {', '.join(missing)}", parameter="w"))
        if extra:
            problems.append(Problem(f"W names entities that are not in the panel: {', '.join(extra)}", parameter="w"))
        if len(set(names)) != len(names):
            problems.append(Problem("W names an entity twice", parameter="w"))
        if problems:
            raise InputError(problems)
        order = [by_name[n] for n in names]
    values = matrix.data if sp.issparse(matrix) else matrix
    if not np.all(np.isfinite(values)):
        raise InputError(Problem("W has missing or infinite entries", parameter="w"))
    diagonal = matrix.diagonal()
    if np.any(diagonal != 0):
        raise InputError(
            Problem(
                f"W must have a zero diagonal (entity {order[int(np.flatnonzero(diagonal)[0])]} is its own neighbour)",
                parameter="w",
            )
        )
    row_sums = np.asarray(abs(matrix).sum(axis=1)).ravel()
    if np.any(row_sums == 0):
        isolated = [str(order[i]) for i in np.flatnonzero(row_sums == 0)]
        raise InputError(Problem(f"W gives no neighbours to {', '.join(isolated)}", parameter="w"))
    return matrix, order


class PanelArrays:
    """A balanced long panel checked and reshaped period-major in W's entity order.

    ``y`` is (T, N), ``x`` is (T, N, K); ``entities`` are the panel's labels in W's order, ``periods``
    sorted. Raises :class:`InputError` for missing columns, non-numeric or missing values, duplicate or
    missing (entity, period) pairs, and a W that does not match the entities.
    """

    def __init__(self, data: pd.DataFrame, y: str, x: list[str], w, entity: str, time: str):
        if not isinstance(data, pd.DataFrame):
            raise InputError(Problem("data must be a pandas DataFrame in long format", parameter="data"))
        x = [x] if isinstance(x, str) else list(x)
        missing = [c for c in [entity, time, y, *x] if c not in data.columns]
        if missing:
            raise InputError([Problem("no such column in the data", column=c) for c in missing])
        if not x:
            raise InputError(Problem("give at least one explanatory variable", parameter="x"))
        if y in x or len(set(x)) != len(x):
            raise InputError(Problem("the explanatory variables must be distinct and not include y", parameter="x"))
        # the checks read numpy arrays once (pandas per-column calls were most of a fit's time at N = 30)
        entity_labels = data[entity].to_numpy()
        missing = pd.isna(entity_labels)
        if missing.any():
            raise InputError(Problem("is empty", row=int(np.flatnonzero(missing)[0]) + 2, column=entity))
        labels = {entity: entity_labels, time: whole_periods(data, time).to_numpy()}
        entity_codes, panel_entities = pd.factorize(labels[entity])
        period_codes, periods = pd.factorize(labels[time], sort=True)
        n_entities, n_periods = len(panel_entities), len(periods)
        cell = entity_codes * n_periods + period_codes
        seen = np.zeros(n_entities * n_periods, dtype=bool)
        seen[cell] = True
        if np.count_nonzero(seen) < len(cell):
            row = int(np.setdiff1d(np.arange(len(cell)), np.unique(cell, return_index=True)[1])[0])
            raise InputError(
                Problem(
                    f"entity {shown(labels[entity][row])} appears twice in period {shown(labels[time][row])}",
                    row=row + 2,
                )
            )
        short = [
            str(e)
            for e, full in zip(panel_entities, np.all(seen.reshape(n_entities, n_periods), axis=1).tolist())
            if not full
        ]
        if short:
            raise InputError(
                Problem(
                    f"unbalanced panel: {', '.join(short[:5])}{' ...' if len(short) > 5 else ''} "
                    f"not observed in all {n_periods} periods",
                    column=time,
                )
            )
        values = numeric_array(data, [y, *x])
        self.matrix, self.entities = match_weights(w, list(panel_entities))
        # W's order of the panel's entities: column of each row of the data
        w_position = np.empty(n_entities, dtype=int)
        code_of = {e: i for i, e in enumerate(panel_entities)}
        w_position[[code_of[e] for e in self.entities]] = np.arange(n_entities)
        rows, cols = period_codes, w_position[entity_codes]
        self.periods = list(periods)
        self.y_name, self.x_names = y, x
        self.y = np.empty((n_periods, n_entities))
        self.y[rows, cols] = values[:, 0]
        self.x = np.empty((n_periods, n_entities, len(x)))
        self.x[rows, cols, :] = values[:, 1:]


def check_full_rank(design: np.ndarray, names: list[str], effects: str) -> None:
    """Raise InputError naming the first regressor that is constant after demeaning or a linear
    combination of the ones before it."""
    flat = design.reshape(-1, design.shape[-1])
    scale = np.sqrt(np.sum(flat * flat, axis=0))
    reference = max(float(np.max(np.abs(flat))) if flat.size else 0.0, 1.0)
    for k, name in enumerate(names):
        if scale[k] <= COLLINEARITY_TOLERANCE * reference * np.sqrt(flat.shape[0]):
            raise InputError(
                Problem(f"{name} does not vary once the {effects} effects are removed (they absorb it)", parameter="x")
            )
    normalised = flat / scale
    singular = np.linalg.svd(normalised, compute_uv=False)
    if singular[-1] >= 1e-7 * singular[0]:
        return
    for k in range(1, len(names)):
        singular = np.linalg.svd(normalised[:, : k + 1], compute_uv=False)
        if singular[-1] < 1e-7 * singular[0]:
            raise InputError(
                Problem(
                    f"{names[k]} is collinear with {', '.join(names[:k])} after removing the {effects} effects",
                    parameter="x",
                )
            )


@dataclass(frozen=True)
class FixedEffects:
    """Estimated fixed effects: ``intercept`` (two-way only, else 0), ``entity`` (Series by entity, or None
    without entity effects) and ``time`` (Series by period, or None without time effects)."""

    intercept: float
    entity: pd.Series | None
    time: pd.Series | None


class SpatialPanelModel:
    """A fixed-effects spatial panel model (SAR, SEM or SDM) of a long DataFrame, estimated by ML.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per entity and period, balanced.
    y, x : str, list of str
        Column names of the dependent variable and the explanatory variables.
    w : SpatialWeights, DataFrame, ndarray or scipy sparse matrix
        A ``scenarios.geography.SpatialWeights`` (or any object with ``.names`` and ``.matrix``), a square
        DataFrame labelled by entity, or an array / sparse matrix in the panel's order of first
        appearance. Used as given: a W whose row sums differ is fitted exactly, as ML with explicit time
        dummies (see :meth:`fit`).
    model : {"sdm", "sar", "sem"}
    effects : {"entity", "time", "twoway"}
    entity, time : str
        Column names of the entity and period labels.
    lee_yu : bool
        Lee and Yu (2010) bias correction, the transformation approach; time effects need a
        row-standardised W.
    logdet : {"auto", "eigen", "sparse"}
        Back end of ln|I - rho W| (see :mod:`~scenarios.econometrics.logdet`).

    Notes
    -----
    The models (Elhorst 2014, ch. 3), with mu the entity and gamma_t the time effects::

        SAR: y_t = rho W y_t + X_t beta + mu + gamma_t 1 + e_t
        SDM: y_t = rho W y_t + X_t beta + W X_t theta + mu + gamma_t 1 + e_t
        SEM: y_t = X_t beta + mu + gamma_t 1 + u_t,  u_t = lambda W u_t + e_t

    The effects are removed by demeaning y, X and W y (W applied to each period's raw y), Elhorst's
    (2014) and xsmle's convention; sigma2 = e'e / NT unless ``lee_yu``. See the module docstring.
    """

    def __init__(
        self, data, y, x, w, model="sdm", effects="entity", entity="province", time="year", lee_yu=False, logdet="auto"
    ):
        problems = []
        if model not in MODELS:
            problems.append(Problem(f"model must be one of {', '.join(MODELS)}, not {shown(model)}", parameter="model"))
        if effects not in EFFECTS:
            problems.append(
                Problem(f"effects must be one of {', '.join(EFFECTS)}, not {shown(effects)}", parameter="effects")
            )
        if logdet not in ("auto", "eigen", "sparse"):
            problems.append(Problem("logdet must be auto, eigen or sparse", parameter="logdet"))
        if problems:
            raise InputError(problems)
        self.model, self.effects, self.lee_yu = model, effects, bool(lee_yu)
        self.panel = PanelArrays(data, y, x, w, entity, time)
        n_periods, n_entities = self.panel.y.shape
        if n_periods < 2 or n_entities < 3:
            raise InputError(
                Problem(f"need at least 2 periods and 3 entities, not {n_periods} and {n_entities}", parameter="data")
            )
        self.operator: WeightsOperator = weights_operator(self.panel.matrix, logdet)
        if self.lee_yu and effects != "entity" and not self.operator.row_standardized:
            raise InputError(
                Problem("the Lee-Yu correction with time effects needs a row-standardised W", parameter="lee_yu")
            )
        self.regressor_names = list(self.panel.x_names)
        raw_x = self.panel.x
        if model == "sdm":
            raw_x = np.concatenate([raw_x, self.operator.apply(raw_x)], axis=2)
            self.regressor_names += [f"W*{name}" for name in self.panel.x_names]
        self._x = spatial_core.demean(raw_x, effects)
        check_full_rank(self._x, self.regressor_names, effects)
        self._y = spatial_core.demean(self.panel.y, effects)
        self._wy = spatial_core.demean(self.operator.apply(self.panel.y), effects)

    @property
    def spatial_name(self) -> str:
        """'lambda' for the SEM, 'rho' otherwise."""
        return "lambda" if self.model == "sem" else "rho"

    @property
    def time_effects_filtered(self) -> bool:
        """Whether the time effects need more than demeaning: time or two-way effects with a W whose row
        sums are not all equal, where (I - rho W) gamma_t 1 is no time effect (see ``fit``)."""
        return self.effects != "entity" and not spatial_core.has_constant_row_sums(self.operator)

    def fit(self, cov_type: str | None = None) -> SpatialPanelResults:
        """Maximum likelihood estimate (concentrated likelihood, analytic information matrix).

        Parameters
        ----------
        cov_type : {"elhorst", "time-dummies"} or None
            "elhorst": Elhorst (2014, Eq. 3.11) on the demeaned data, as his toolbox and the reference
            values. "time-dummies": the time effects counted as estimated parameters (dummy-variable ML,
            as spreg with time dummies). They differ only for the SAR/SDM with time or two-way effects and
            without the Lee-Yu correction (which counts them already). None (default): "elhorst", except
            for the SAR/SDM with time effects and a W whose row sums are not all equal (a W not
            row-standardised), where only "time-dummies" is exact ML: gamma_t G 1 then varies over
            entities and carries information about rho that Elhorst's formula leaves out (asking for
            "elhorst" there is an error).

        Returns
        -------
        SpatialPanelResults
            Estimates, covariance and fit statistics; an estimate of rho / lambda at an end of its
            admissible interval is also issued as a :class:`BoundaryWarning`.

        Notes
        -----
        The concentrated log-likelihood (Elhorst 2014, ch. 3) is maximised over rho (lambda) in its
        admissible interval (1/omega_min, 1/omega_max); beta (theta) and sigma2 = e'e / NT follow in closed
        form. With a W whose row sums differ the estimates are exact ML with time dummies whatever the
        model the estimates are exact ML with time dummies whatever the model: for the SAR/SDM
        demeaning (Wy from the raw y) is exact, and the SEM partials the filtered time effects
        (I - lambda W) gamma_t 1 out at each lambda (:class:`~scenarios.econometrics.spatial_core.TimeFilter`)."""
        filtered = self.time_effects_filtered
        lag_model = self.model != "sem"
        if cov_type is None:
            cov_type = "time-dummies" if filtered and lag_model else "elhorst"
        if cov_type not in COV_TYPES:
            raise InputError(
                Problem(f"cov_type must be one of {', '.join(COV_TYPES)}, not {shown(cov_type)}", parameter="cov_type")
            )
        if cov_type == "elhorst" and filtered and lag_model:
            raise InputError(
                Problem(
                    "'elhorst' (Elhorst's information matrix) needs a W whose rows all sum to the same value "
                    "(row-standardised) with time or two-way effects; use 'time-dummies', exact ML with time "
                    "dummies for this W",
                    parameter="cov_type",
                )
            )
        n_periods, n_entities = self.panel.y.shape
        transform = spatial_core.Transformation.of(n_entities, n_periods, self.effects, self.lee_yu)
        if not lag_model and filtered:
            estimate = spatial_core.fit_error(
                self._y,
                self.operator.apply(self._y),
                self._x,
                self.operator.apply(self._x),
                self.operator,
                transform,
                time_filter=True,
            )
        elif not lag_model:
            wx = spatial_core.demean(self.operator.apply(self.panel.x), self.effects)
            estimate = spatial_core.fit_error(self._y, self._wy, self._x, wx, self.operator, transform)
        else:
            counted = cov_type == "time-dummies" and self.effects != "entity" and not self.lee_yu
            time_dummies = (
                spatial_core.TimeDummies(self.operator.apply(self.panel.y), self.effects) if counted else None
            )
            estimate = spatial_core.fit_lag(self._y, self._wy, self._x, self.operator, transform, time_dummies)
        results = SpatialPanelResults(self, estimate, cov_type)
        for caution in results.cautions:
            warnings.warn(caution, BoundaryWarning, stacklevel=2)
        return results


class SpatialPanelResults(Summarised):
    """Results of :meth:`SpatialPanelModel.fit`: labelled estimates, their covariance and fit statistics.

    Parameters
    ----------
    model : SpatialPanelModel
        The model fitted.
    estimate : spatial_core.MLEstimate
        The maximum likelihood estimate.
    cov_type : {"elhorst", "time-dummies"}
        How the information matrix treats the time effects (see :meth:`SpatialPanelModel.fit`).

    Notes
    -----
    Statistics are z = coef / std_err with two-sided standard normal p-values, as xsmle and splm; the
    covariance is the inverse of the analytic information matrix (Elhorst 2014, Eq. 3.11 for "elhorst").
    ``rsquared`` is Elhorst's corr-squared of the demeaned y and its reduced-form prediction.
    """

    def __init__(self, model: SpatialPanelModel, estimate: spatial_core.MLEstimate, cov_type: str = "elhorst"):
        self._model = model
        self._estimate = estimate
        self._cov_type = cov_type
        names = pd.Index([model.spatial_name, *model.regressor_names])  # built once: string indexes are slow
        self._names = names
        full = estimate.cov
        self._cov = pd.DataFrame(full[:-1, :-1], index=names, columns=names)
        self._params = pd.Series([estimate.spatial, *estimate.beta], index=names, name="coef")
        self._sigma2_se = float(np.sqrt(full[-1, -1]))

    @property
    def cautions(self) -> tuple[str, ...]:
        """What makes this fit doubtful, in words (empty when nothing does): the estimate of rho / lambda at
        an end of its admissible interval (1/omega_min, 1/omega_max), where the likelihood still rises, so
        the true maximum lies outside the stable range and neither the estimate nor its standard error can
        be trusted. :meth:`SpatialPanelModel.fit` also issues each as a :class:`BoundaryWarning`."""
        if self.at_bound is None:
            return ()
        name, value = self._model.spatial_name, self._estimate.spatial
        low, high = self.spatial_interval
        return (
            f"{name} = {value:.7g} lies at the {self.at_bound} end of its admissible interval "
            f"({low:.6g}, {high:.6g}): the likelihood still rises there, so the estimate "
            "and its standard error are not reliable (check the model and W)",
        )

    @property
    def at_bound(self) -> str | None:
        """ "lower" or "upper" when rho / lambda sits at that end of its admissible interval, else None."""
        return self._estimate.search.edge

    @property
    def spatial_interval(self) -> tuple[float, float]:
        """The admissible interval of rho / lambda that was searched: (1/omega_min, 1/omega_max) for the
        dense back end, +-1/(largest absolute row sum) for the sparse one."""
        return self._estimate.search.low, self._estimate.search.high

    @property
    def model(self) -> str:
        """'sdm', 'sar' or 'sem'."""
        return self._model.model

    @property
    def effects(self) -> str:
        """'entity', 'time' or 'twoway' fixed effects."""
        return self._model.effects

    @property
    def cov_type(self) -> str:
        """How the information matrix treats time effects: "elhorst" or "time-dummies" (see ``fit``)."""
        return self._cov_type

    @property
    def lee_yu(self) -> bool:
        """Whether the Lee-Yu (2010) transformation approach was used."""
        return self._model.lee_yu

    @property
    def params(self) -> pd.Series:
        """Estimates: rho (SAR/SDM) or lambda (SEM), then beta, then theta named W*<x> (SDM)."""
        return self._params.copy()

    @property
    def cov(self) -> pd.DataFrame:
        """Covariance of the estimates: inverse of the analytic information matrix (sigma2 block dropped)."""
        return self._cov.copy()

    @property
    def std_errors(self) -> pd.Series:
        """Standard errors (square roots of the diagonal of ``cov``)."""
        return pd.Series(np.sqrt(np.diag(self._cov)), index=self._names, name="std_err")

    @property
    def tstats(self) -> pd.Series:
        """z statistics, coef / std_err."""
        return (self._params / self.std_errors).rename("stat")

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values from the standard normal."""
        return pd.Series(2 * stats.norm.sf(np.abs(self.tstats.to_numpy())), index=self._names, name="pvalue")

    @property
    def sigma2(self) -> float:
        """ML error variance e'e / (N_e T_e) (N_e = N, T_e = T without the Lee-Yu correction)."""
        return self._estimate.sigma2

    @property
    def sigma2_std_error(self) -> float:
        """Standard error of sigma2 from the information matrix (Table 9's sigma2_e z = sigma2 / this)."""
        return self._sigma2_se

    @property
    def loglik(self) -> float:
        """Full log-likelihood at the estimate, Jacobian and constants included."""
        return self._estimate.loglik

    @property
    def nobs(self) -> int:
        """Number of observations N T."""
        return self._model.panel.y.size

    @property
    def n_entities(self) -> int:
        """Number of entities N."""
        return self._model.panel.y.shape[1]

    @property
    def n_periods(self) -> int:
        """Number of periods T."""
        return self._model.panel.y.shape[0]

    @property
    def entities(self) -> list:
        """The panel's entity labels in W's order (the order of the effect matrices)."""
        return list(self._model.panel.entities)

    @cached_property
    def rsquared(self) -> float:
        """Squared correlation of the demeaned y and its reduced-form prediction (I - rho W)^-1 X~ b
        (X~ b for the SEM): Elhorst's "corr-squared", the within R-squared xsmle reports."""
        y = self._model._y.ravel()
        return float(np.corrcoef(y, self._estimate.fitted.ravel())[0, 1] ** 2)

    @property
    def resid(self) -> pd.DataFrame:
        """Residuals e of the demeaned model (filtered ones for the SEM), periods x entities."""
        return pd.DataFrame(self._estimate.residuals, index=self._model.panel.periods, columns=self.entities)

    def to_frame(self) -> pd.DataFrame:
        """Coefficient table (coef, std_err, z stat, pvalue, stars), sigma2 as the last row."""
        table = coefficient_table(self._params, self.std_errors)
        sigma2 = coefficient_table(pd.Series({"sigma2": self.sigma2}), pd.Series({"sigma2": self._sigma2_se}))
        return pd.concat([table, sigma2])

    @property
    def summary(self) -> str:
        """A plain-text summary: model, sample, fit statistics and the coefficient table."""
        title = f"Spatial panel {self.model.upper()} with {self.effects} fixed effects (ML)"
        header = {
            "Dependent variable": self._model.panel.y_name,
            "Entities x periods": f"{self.n_entities} x {self.n_periods} = {self.nobs}",
            "Lee-Yu correction": "yes" if self.lee_yu else "no",
            "Covariance": self.cov_type,
            "Log-likelihood": f"{self.loglik:.6f}",
            "R-squared (corr^2, within)": f"{self.rsquared:.4f}",
        }
        return format_summary(title, header, self.to_frame())

    def impacts(self, draws: int = 1000, seed: int = 0) -> ImpactsResults:
        """LeSage-Pace average direct, indirect and total effects, standard errors by simulation.

        Parameters
        ----------
        draws : int
            Number of parameter vectors drawn from N(params, cov) for the standard errors (at least 2).
        seed : int
            Seed of the draws.

        Returns
        -------
        ImpactsResults

        Notes
        -----
        S_k = (I - rho W)^-1 (beta_k I + theta_k W); direct = tr(S_k) / N, total = 1'S_k 1 / N,
        indirect = total - direct (LeSage and Pace 2009, ch. 2.7 and 4); see
        :mod:`scenarios.econometrics.impacts`.
        """
        from scenarios.econometrics.impacts import ImpactsResults

        return ImpactsResults(self, draws=draws, seed=seed)

    def effect_matrix(self, var: str) -> pd.DataFrame:
        """S_k = (I - rho W)^-1 (beta_k I + theta_k W) at the estimates, N x N labelled by entity (rows:
        the entity whose y responds, columns: the entity whose x changes); no simulation."""
        from scenarios.econometrics.impacts import effect_matrix

        return effect_matrix(self, var)

    @cached_property
    def fixed_effects(self) -> FixedEffects:
        """The estimated intercept, entity and time effects (Elhorst 2014, Eq. 3.10 and the two-way
        convention with effects summing to zero): with r_it = y_it - rho (Wy)_it - x_it b (y_it - x_it b
        for the SEM) on the raw data, mu_i = mean_t r_it - c, gamma_t = mean_i r_it - c, c = mean r for
        two-way effects, c = 0 otherwise."""
        panel = self._model.panel
        x = panel.x
        if self.model == "sdm":
            x = np.concatenate([x, self._operator.apply(x)], axis=2)
        r = panel.y - x @ self._estimate.beta
        if self.model != "sem":
            r = r - self._estimate.spatial * self._operator.apply(panel.y)
        twoway = self.effects == "twoway"
        intercept = float(r.mean()) if twoway else 0.0
        entity = time = None
        if self.effects in ("entity", "twoway"):
            entity = pd.Series(r.mean(axis=0) - intercept, index=self.entities, name="entity_effect")
        if self.effects in ("time", "twoway"):
            time = pd.Series(r.mean(axis=1) - intercept, index=panel.periods, name="time_effect")
        return FixedEffects(intercept=intercept, entity=entity, time=time)

    # what the effects and the tests need, kept out of the public surface
    @property
    def _operator(self) -> WeightsOperator:
        return self._model.operator

    @property
    def _x_names(self) -> list[str]:
        return list(self._model.panel.x_names)
