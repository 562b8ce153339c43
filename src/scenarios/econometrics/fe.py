"""Non-spatial panel models as the paper reports them (Tables 3, 4, 10, 11): fixed effects, Hausman, VIF.

Fixed effects as linearmodels' ``PanelOLS`` estimates them (in numpy, see below), random effects (for the
Hausman test) by its ``RandomEffects``; this module adds the paper's (Stata's) reporting:

* **Two-way effects** are entity effects plus year dummies (the first year is the base), as
  ``xtreg y x i.year, fe``. Absorbing the time effects instead (``time_effects=True``) gives the same slopes
  but a different constant and R-squared, and the paper's Table 3 constants (e.g. 11.098 for two-way FE)
  are the dummy-variable ones.
* **Constant**: ``xtreg, fe`` reports ``_cons = ȳ - x̄'b`` (grand means; with year dummies, ``x̄`` includes
  the dummies' means), so the constant is the average entity effect. linearmodels' constant under entity
  effects is the same number (checked in tests/reference/test_fe_reference.py).
* **R-squared** is the within R-squared, ``xtreg``'s "R-sq within" (which is what ``e(r2)`` and so
  the paper's tables carry): the share of the within-entity variance of y explained by the regressors
  *including the year dummies* for two-way models. This is why the paper's R-squared rises from 0.226 to
  0.477 when time effects are added.
* **t statistics** use Student's t: with ``cov_type="unadjusted"`` on ``nobs - n_entities - k`` degrees of
  freedom (``xtreg, fe``), with ``cov_type="clustered"`` (by entity) on ``n_entities - 1`` and the
  covariance scaled by ``G/(G-1) (N-1)/(N-k)`` (``xtreg, fe vce(cluster id)``; k counts the
  regressors and the constant, not the absorbed effects, since entities nest in clusters).

**Estimation** is ``PanelOLS(entity_effects=True)`` with a constant, written in numpy (:func:`demean`,
:func:`within_ols`): every column entity-demeaned with its grand mean added back, least squares, the
covariances above. Written by hand for speed only: ``PanelOLS.fit`` on a design of the paper's size costs
~45 ms of CPU, mostly pandas bookkeeping, this ~1 ms (8 ms with building the checked design;
bench/bench_panelecon.py), and the reproduction fits 24 of them (the mediation bootstrap demeans its 500
resamples with :func:`demean` too). linearmodels stays the reference:
tests/reference/test_fe_reference.py checks every coefficient, standard error (both covariances), t and
the within R-squared against ``PanelOLS`` to 1e-9.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats
from statsmodels.stats.outliers_influence import variance_inflation_factor

from scenarios.econometrics._frame import check_choice, numeric_frame, panel_frame
from scenarios.econometrics.results import coefficient_table, format_summary
from scenarios.errors import InputError, Problem
from scenarios.summary import Summarised

#: Name of the intercept in every table (the paper's row name).
CONSTANT = "Constant"
EFFECTS = ("entity", "twoway")
COV_TYPES = ("unadjusted", "clustered")
#: A regressor is absorbed by the entity effects when less than this share of its norm is left after
#: demeaning and orthogonalising on the columns before it (linearmodels' ``_ABSORBED_TOL``).
ABSORBED_TOLERANCE = 1e-5


def demean(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """The within transformation: each row of ``values`` minus the mean of its group's rows.

    ``values`` is (n, p) with ``groups`` (n,), or a batch (b, n, p) with ``groups`` (b, n), each member
    demeaned by its own groups; codes run from 0 to ``n_groups - 1``. One sparse indicator product for the
    whole batch instead of a loop over its members or the groups (500 resamples of 300 rows: ~20 ms).
    """
    n, p = values.shape[-2:]
    batch = int(np.prod(values.shape[:-2]))
    flat = (groups.reshape(batch, n) + n_groups * np.arange(batch)[:, None]).ravel()
    indicator = sp.csr_matrix((np.ones(flat.size), (flat, np.arange(flat.size))), shape=(batch * n_groups, flat.size))
    counts = np.maximum(np.bincount(flat, minlength=batch * n_groups), 1)
    means = (indicator @ values.reshape(-1, p)) / counts[:, None]
    return values - means[flat].reshape(values.shape)


@dataclass(frozen=True)
class WithinOLS:
    """Least squares after the within transformation, as ``PanelOLS(entity_effects=True)`` with a constant.

    ``transformed`` is the design entity-demeaned with its grand means added back (the constant column
    stays 1, so the constant is ``ybar - xbar'b``, ``xtreg``'s ``_cons``); ``params`` its least-squares
    coefficients, ``resid`` the within residuals, ``within_tss`` the sum of squares of the entity-demeaned y.
    """

    transformed: np.ndarray
    params: np.ndarray
    resid: np.ndarray
    within_tss: float
    groups: np.ndarray
    n_groups: int

    @property
    def df_resid(self) -> int:
        """nobs - n_entities - k, k the regressors without the constant (``xtreg, fe``)."""
        return self.transformed.shape[0] - self.n_groups - (self.transformed.shape[1] - 1)

    @property
    def rsquared(self) -> float:
        """Within R-squared, 1 - RSS / sum of squares of the entity-demeaned y (NaN if y is constant within)."""
        rss = float(self.resid @ self.resid)
        return 1 - rss / self.within_tss if self.within_tss > 0 else float("nan")

    def cov(self, cov_type: str) -> np.ndarray:
        """Conventional ``s2 (X'X)^-1`` on ``df_resid``, or the entity-clustered sandwich scaled by
        ``G/(G-1) (N-1)/(N-k)``, k counting every column of the design (linearmodels' ``debiased=True``,
        ``group_debias=True``)."""
        x = self.transformed
        nobs, k = x.shape
        bread = np.linalg.inv(x.T @ x)
        if cov_type == "clustered":
            scores = np.zeros((self.n_groups, k))
            np.add.at(scores, self.groups, x * self.resid[:, None])
            g = self.n_groups
            out = g / (g - 1) * (nobs - 1) / (nobs - k) * bread @ (scores.T @ scores) @ bread
        else:
            out = float(self.resid @ self.resid) / self.df_resid * bread
        return (out + out.T) / 2


def within_ols(y: np.ndarray, x: np.ndarray, groups: np.ndarray, n_groups: int, names: Sequence[str]) -> WithinOLS:
    """Entity fixed effects by least squares on the within-transformed data; ``x`` holds a constant column.

    :class:`InputError` if the effects absorb a regressor (less than :data:`ABSORBED_TOLERANCE` of its norm
    left once demeaned and orthogonalised on the columns before it: the diagonal of R in a QR of the
    transformed columns scaled by their original norms) or no residual degrees of freedom are left.
    """
    data = np.column_stack([y, x])
    within = demean(data, groups, n_groups)
    transformed = within + data.mean(axis=0)
    ty, tx = transformed[:, 0], transformed[:, 1:]
    norms = np.linalg.norm(x, axis=0)
    scale = np.where(norms > 0, norms, 1.0)
    left = np.abs(np.diag(np.linalg.qr(tx / scale, mode="r")))
    if len(left) < x.shape[1] or np.any(left < ABSORBED_TOLERANCE):
        # Name the regressors constant within every entity (after demeaning they duplicate the constant).
        flat = np.linalg.norm(within[:, 1:], axis=0) / scale < ABSORBED_TOLERANCE
        absorbed = [name for name, is_flat in zip(names, flat) if is_flat and name != CONSTANT]
        what = ", ".join(absorbed) or "a regressor"
        raise InputError(
            Problem(
                f"the entity effects absorb {what}: {'they do' if len(absorbed) > 1 else 'it does'} "
                "not vary within entities (too few periods, or a column constant per entity)",
                parameter="x",
            )
        )
    if len(y) - n_groups - (x.shape[1] - 1) <= 0:
        raise InputError(
            Problem(
                f"no residual degrees of freedom: {len(y)} observations, {n_groups} entities "
                f"and {x.shape[1] - 1} regressors",
                parameter="data",
            )
        )
    params = np.linalg.lstsq(tx, ty, rcond=None)[0]
    return WithinOLS(tx, params, ty - tx @ params, float(within[:, 0] @ within[:, 0]), groups, n_groups)


def _design(data: pd.DataFrame, y: str, x: Sequence[str], entity: str, time: str, effects: str):
    """(dependent, regressors with year dummies and the constant last, names of the dummies)."""
    check_choice(effects, EFFECTS, "effects")
    x = list(x)
    if not x:
        raise InputError(Problem("give at least one regressor", parameter="x"))
    frame = panel_frame(data, [y, *x], entity, time)
    years = frame.index.get_level_values(time).to_numpy()
    later = sorted(set(years))[1:] if effects == "twoway" else []
    dummies = [f"{time}={year}" for year in later]
    matrix = np.column_stack(
        [frame[x].to_numpy(), years[:, None] == np.array(later, dtype=years.dtype), np.ones(len(frame))]
    ).astype(float)
    _check_rank(matrix, x)
    return frame[y], pd.DataFrame(matrix, index=frame.index, columns=[*x, *dummies, CONSTANT]), dummies


def _check_rank(matrix: np.ndarray, x: list[str]) -> None:
    """A design without full column rank has no unique estimate: say which regressor (the first columns)."""
    constant = [name for name, column in zip(x, matrix.T) if np.all(column == column[0])]
    if constant:
        raise InputError(
            Problem(f"{', '.join(constant)}: the same value in every row, so it duplicates the constant", parameter="x")
        )
    if np.linalg.matrix_rank(matrix) < matrix.shape[1]:
        raise InputError(
            Problem(
                "the regressors are collinear: one is a combination of the others, the constant or the year dummies",
                parameter="x",
            )
        )


@dataclass(frozen=True, repr=False)
class FixedEffectsResults(Summarised):
    """A fitted fixed-effects model, reported as ``xtreg, fe``.

    Notes
    -----
    The constant is ``ybar - xbar'b`` (grand means, year dummies' included: the average entity effect),
    ``rsquared`` the within R-squared (year dummies counted for two-way models), t statistics on
    ``df_resid`` degrees of freedom: ``nobs - n_entities - k`` unadjusted, ``n_entities - 1`` clustered.
    See the module docstring.
    """

    dependent: str
    regressors: tuple[str, ...]
    time_dummies: tuple[str, ...]
    effects: str
    cov_type: str
    nobs: int
    n_entities: int
    n_periods: int
    df_resid: int
    rsquared: float
    _params: pd.Series
    _cov: pd.DataFrame

    @cached_property
    def _table(self) -> pd.DataFrame:
        return coefficient_table(
            self._params, pd.Series(np.sqrt(np.diag(self._cov)), index=self._params.index), df_resid=self.df_resid
        )

    @property
    def _reported(self) -> list[str]:
        return [*self.regressors, CONSTANT]

    @cached_property
    def _reported_table(self) -> pd.DataFrame:
        return self._table.loc[self._reported]

    @property
    def params(self) -> pd.Series:
        """Coefficients of the regressors and the constant (year dummies are in ``time_effects``)."""
        return self._reported_table["coef"].copy()

    @property
    def std_errors(self) -> pd.Series:
        """Standard errors (conventional or entity-clustered, per ``cov_type``)."""
        return self._reported_table["std_err"].rename("std_err")

    @property
    def tstats(self) -> pd.Series:
        """t statistics, coefficient / standard error: the numbers in the paper's parentheses."""
        return self._reported_table["stat"].rename("tstat")

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values from Student's t with ``df_resid`` degrees of freedom."""
        return self._reported_table["pvalue"].rename("pvalue")

    @property
    def cov(self) -> pd.DataFrame:
        """Covariance of the reported coefficients (labelled)."""
        return self._cov.loc[self._reported, self._reported].copy()

    @property
    def time_effects(self) -> pd.DataFrame:
        """Year-dummy coefficients (relative to the first year) for two-way models; empty otherwise."""
        return self._table.loc[list(self.time_dummies)].copy()

    def to_frame(self) -> pd.DataFrame:
        """Coefficient table: coef, std_err, stat (t), pvalue, stars; regressors then the constant."""
        return self._reported_table.copy()

    @property
    def summary(self) -> str:
        """Plain-text report in the layout of the paper's Table 3."""
        header = {
            "Dependent variable": self.dependent,
            "Effects": "entity and year dummies" if self.effects == "twoway" else "entity",
            "Covariance": self.cov_type,
            "Observations": self.nobs,
            "Entities": self.n_entities,
            "Periods": self.n_periods,
            "R-squared (within)": f"{self.rsquared:.4f}",
            "Residual df (t tests)": self.df_resid,
        }
        return format_summary("Fixed-effects panel regression", header, self.to_frame())


class FixedEffects:
    """Entity or two-way fixed effects, ``xtreg y x [i.year], fe`` (paper Eq. 3).

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel with an entity column and a time column.
    y, x : str, sequence of str
        Column names of the dependent variable and the regressors.
    entity, time : str
        Column names of the entity and period labels.
    effects : {"entity", "twoway"}
        "twoway" adds year dummies (the first year is the base) to the entity effects.

    Notes
    -----
    y_it = x_it'b + alpha_i [+ delta_t] + e_it, estimated as linearmodels'
    ``PanelOLS(entity_effects=True)`` with a constant: every column entity-demeaned with its grand mean
    added back, then least squares. See the module docstring for Stata's reporting conventions.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        y: str,
        x: Sequence[str],
        *,
        entity: str = "province",
        time: str = "year",
        effects: str = "entity",
    ):
        self.dependent, self.exog, self.time_dummies = _design(data, y, x, entity, time, effects)
        self.regressors = tuple(x)
        self.effects = effects
        self.entity, self.time = entity, time

    def fit(self, cov_type: str = "unadjusted") -> FixedEffectsResults:
        """Estimate by least squares on the within-transformed data.

        Parameters
        ----------
        cov_type : {"unadjusted", "clustered"}
            Conventional covariance, or clustered by entity scaled by G/(G-1) (N-1)/(N-k)
            (``xtreg, fe vce(cluster id)``).

        Returns
        -------
        FixedEffectsResults
        """
        check_choice(cov_type, COV_TYPES, "cov_type")
        groups, entities = pd.factorize(self.exog.index.get_level_values(self.entity))
        names = list(self.exog.columns)
        fitted = within_ols(self.dependent.to_numpy(), self.exog.to_numpy(), groups, len(entities), names)
        return FixedEffectsResults(
            dependent=str(self.dependent.name),
            regressors=self.regressors,
            time_dummies=tuple(self.time_dummies),
            effects=self.effects,
            cov_type=cov_type,
            nobs=len(groups),
            n_entities=len(entities),
            n_periods=self.exog.index.get_level_values(self.time).nunique(),
            df_resid=len(entities) - 1 if cov_type == "clustered" else fitted.df_resid,
            rsquared=fitted.rsquared,
            _params=pd.Series(fitted.params, index=names, name="coef"),
            _cov=pd.DataFrame(fitted.cov(cov_type), index=names, columns=names),
        )


@dataclass(frozen=True, repr=False)
class HausmanResults(Summarised):
    """Hausman (1978) test of random against fixed effects.

    Notes
    -----
    ::

        H = (b - B)' (V_b - V_B)^-1 (b - B)  ~ chi-squared(rank(V_b - V_B)) under H0

    b and V_b the fixed-effects coefficients and covariance, B and V_B the random-effects (Swamy-Arora)
    ones, over the coefficients both estimate except the constant; H0: random effects consistent. As
    Stata's ``hausman fe re`` and R plm's ``phtest``: each model keeps its own error variance, and a
    generalised inverse is used when V_b - V_B is singular.
    """

    statistic: float
    df: int
    pvalue: float
    _comparison: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """Per coefficient: fixed (b), random (B), difference, sqrt(diag(V_b - V_B))."""
        return self._comparison.copy()

    @property
    def summary(self) -> str:
        """Plain-text report with the statistic, df, p-value and the coefficient comparison."""
        header = {
            "chi2": f"{self.statistic:.4f}",
            "df": self.df,
            "p-value": f"{self.pvalue:.4g}",
            "H0": "random effects consistent (difference not systematic)",
        }
        return format_summary("Hausman test, fixed vs random effects", header, self.to_frame())


def hausman(
    data: pd.DataFrame,
    y: str,
    x: Sequence[str],
    *,
    entity: str = "province",
    time: str = "year",
    effects: str = "entity",
) -> HausmanResults:
    """Hausman test of fixed (:class:`FixedEffects`) against random effects (linearmodels RandomEffects).

    Parameters
    ----------
    data, y, x, entity, time, effects
        As for :class:`FixedEffects`.

    Returns
    -------
    HausmanResults
        The statistic, its df and p-value; the formula is in :class:`HausmanResults`.
    """
    from linearmodels import RandomEffects  # imported here: linearmodels takes a second to import

    model = FixedEffects(data, y, x, entity=entity, time=time, effects=effects)
    fixed = model.fit()
    random = RandomEffects(model.dependent, model.exog).fit(cov_type="unadjusted")
    names = [name for name in model.exog.columns if name != CONSTANT]
    diff = fixed._params[names] - random.params[names]
    var_diff = fixed._cov.loc[names, names] - random.cov.loc[names, names]
    statistic = float(diff @ np.linalg.pinv(var_diff.to_numpy()) @ diff)
    df = int(np.linalg.matrix_rank(var_diff.to_numpy()))
    comparison = pd.DataFrame(
        {
            "fixed": fixed._params[names],
            "random": random.params[names],
            "difference": diff,
            "std_err_difference": np.sqrt(np.clip(np.diag(var_diff), 0, None)),
        }
    )
    return HausmanResults(statistic, df, float(stats.chi2.sf(statistic, df)), comparison)


@dataclass(frozen=True, repr=False)
class VIFResults(Summarised):
    """Variance inflation factors of the regressors.

    Notes
    -----
    VIF_k = 1 / (1 - R_k^2), R_k^2 from regressing x_k on the other regressors and a constant (pooled, as
    Stata's ``estat vif`` after ``regress``); the paper's §3.1.2 reports their mean ("3.29"). Values below
    10 are the usual rule for no harmful multicollinearity.
    """

    _vif: pd.Series

    @property
    def vif(self) -> pd.Series:
        """VIF per regressor."""
        return self._vif.copy()

    @property
    def mean(self) -> float:
        """Mean VIF over the regressors (Stata's "Mean VIF")."""
        return float(self._vif.mean())

    def to_frame(self) -> pd.DataFrame:
        """VIF and tolerance (1/VIF) per regressor, largest VIF first, as ``estat vif``."""
        ordered = self._vif.sort_values(ascending=False)
        return pd.DataFrame({"vif": ordered, "tolerance": 1 / ordered})

    @property
    def summary(self) -> str:
        """Plain-text table with the mean VIF."""
        return format_summary("Variance inflation factors", {"Mean VIF": f"{self.mean:.2f}"}, self.to_frame())


def vif(data: pd.DataFrame, x: Sequence[str]) -> VIFResults:
    """VIF of each regressor (statsmodels ``variance_inflation_factor`` with a constant column).

    Parameters
    ----------
    data : pandas.DataFrame
        Rows are observations (pooled).
    x : sequence of str
        At least two regressor columns.

    Returns
    -------
    VIFResults
        VIF_k = 1 / (1 - R_k^2) per regressor (see :class:`VIFResults`).
    """
    x = list(x)
    if len(x) < 2:
        raise InputError(Problem("VIF needs at least two regressors", parameter="x"))
    exog = numeric_frame(data, x)
    exog.insert(0, CONSTANT, 1.0)
    matrix = exog.to_numpy()
    values = [variance_inflation_factor(matrix, k) for k in range(1, matrix.shape[1])]
    return VIFResults(pd.Series(values, index=pd.Index(x, name="variable"), name="vif"))
