"""Direct, indirect and total effects of the spatial panel models (LeSage and Pace 2009, ch. 2.7 and 4).

For variable k the matrix of partial derivatives of E[y_t] with respect to x_tk is

    S_k = (I - rho W)^-1 (beta_k I + theta_k W)          (SDM; theta_k = 0 for the SAR;
                                                           S_k = beta_k I for the SEM),

the average direct effect is tr(S_k) / N, the average total effect 1'S_k 1 / N and the average indirect
effect their difference (LeSage-Pace's "average total impact to an observation"). This is the split of
xsmle, splm's ``impacts`` and Elhorst's toolbox; spreg's, which counts every WX effect as indirect, is not
used. The averages need tr((I - rho W)^-1 W^m) and 1'(I - rho W)^-1 W^m 1 only, which
:meth:`~scenarios.econometrics.logdet.WeightsOperator.effect_averages` gives exactly from the
eigenvalues (moderate N) or by the power series with stochastic traces (large N), so no N x N inverse is
formed unless :meth:`ImpactsResults.effect_matrix` is asked for.

Standard errors are the standard deviations over ``draws`` parameter vectors drawn from the normal with
the estimates' mean and covariance (LeSage and Pace 2009, sec. 2.7; as xsmle and splm); the reported
effects are those at the estimates. z = effect / se, p two-sided from the standard normal.

The N x N effect matrices and the rule keeping simulated rho in W's stable range live in
:mod:`scenarios.econometrics.effects`, shared with the projections.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from scenarios.econometrics.effects import SpectralWeights, draws_in_stable_range, effect_matrices
from scenarios.econometrics.logdet import DENSE_LIMIT
from scenarios.summary import Summarised

KINDS = ("direct", "indirect", "total")


def effect_components(operator, rho: np.ndarray, beta: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Average direct, indirect and total effects for each row of parameters.

    ``rho`` has shape (D,), ``beta`` and ``theta`` (D, K); returns (D, 3, K).
    """
    averages = operator.effect_averages(rho)
    direct = beta * averages[:, [0]] + theta * averages[:, [1]]
    total = beta * averages[:, [2]] + theta * averages[:, [3]]
    return np.stack([direct, total - direct, total], axis=1)


def split_parameters(results, vectors: np.ndarray):
    """(rho, beta, theta) from rows of parameter vectors ordered as ``results.params``: rho (0 for the
    SEM), beta, theta (0 unless SDM). Shapes (D,), (D, K), (D, K)."""
    k = len(results._x_names)
    rho = np.zeros(len(vectors)) if results.model == "sem" else vectors[:, 0]
    beta = vectors[:, 1 : 1 + k]
    theta = vectors[:, 1 + k : 1 + 2 * k] if results.model == "sdm" else np.zeros_like(beta)
    return rho, beta, theta


def effect_matrix(results, var: str) -> pd.DataFrame:
    """S_k = (I - rho W)^-1 (beta_k I + theta_k W) at the estimates of ``results``, labelled by entity
    (rows: the entity whose y responds; columns: the entity whose x changes). Dense, so N <= DENSE_LIMIT."""
    names = results._x_names
    if var not in names:
        raise KeyError(f"{var!r} is not an explanatory variable ({', '.join(names)})")
    operator = results._operator
    if operator.n > DENSE_LIMIT:
        raise ValueError(f"effect matrices are dense; N = {operator.n} exceeds {DENSE_LIMIT}")
    k = names.index(var)
    rho, beta, theta = split_parameters(results, results.params.to_numpy()[None, :])
    weights = operator.matrix.toarray() if hasattr(operator.matrix, "toarray") else operator.matrix
    (matrix,) = effect_matrices(SpectralWeights(weights), rho[0], beta[0, k : k + 1], theta[0, k : k + 1])
    return pd.DataFrame(matrix, index=results.entities, columns=results.entities)


class ImpactsResults(Summarised):
    """Average direct, indirect and total effects of each explanatory variable, with simulated
    standard errors, and the N x N effect matrices S_k.

    Parameters
    ----------
    results : SpatialPanelResults
        A fitted SAR, SDM or SEM.
    draws : int
        Number of parameter vectors drawn from N(params, cov), rho kept in W's stable range (at least 2).
    seed : int
        Seed of the draws.

    Notes
    -----
    For variable k (LeSage and Pace 2009, ch. 2.7 and 4)::

        S_k = (I - rho W)^-1 (beta_k I + theta_k W)    (theta_k = 0 for the SAR; S_k = beta_k I for the SEM)
        direct = tr(S_k) / N,  total = 1'S_k 1 / N,  indirect = total - direct

    the split of xsmle, splm's ``impacts`` and Elhorst's toolbox. Standard errors are the standard
    deviations over the draws, the effects those at the estimates; z = effect / se, two-sided normal p.
    """

    def __init__(self, results, draws: int = 1000, seed: int = 0):
        if int(draws) < 2:
            raise ValueError("draws must be at least 2")
        self._results = results
        self._draws_count = int(draws)
        self._seed = seed
        names = results._x_names
        self._names = names
        params = results.params.to_numpy()
        cov = results.cov.to_numpy()
        rng = np.random.default_rng(seed)
        draws_matrix = draws_in_stable_range(
            lambda count: rng.multivariate_normal(params, cov, size=count, method="cholesky"),
            self._draws_count,
            None if results.model == "sem" else results._operator.bounds(),
        )
        self._point = effect_components(results._operator, *split_parameters(results, params[None, :]))[0]
        self._simulated = effect_components(results._operator, *split_parameters(results, draws_matrix))
        self._simulated.setflags(write=False)

    @property
    def draws(self) -> int:
        """Number of simulated parameter vectors."""
        return self._draws_count

    @property
    def simulated(self) -> np.ndarray:
        """The simulated effects, read-only, shape (draws, 3, K): direct, indirect, total by variable."""
        return self._simulated

    @property
    def table(self) -> pd.DataFrame:
        """Rows: variables; columns: (direct | indirect | total) x (coef, se, z, p)."""
        se = self._simulated.std(axis=0, ddof=1)
        blocks = {}
        for i, kind in enumerate(KINDS):
            with np.errstate(divide="ignore", invalid="ignore"):  # the SEM's indirect effect is 0 with se 0
                z = self._point[i] / se[i]
            blocks[kind] = pd.DataFrame(
                {"coef": self._point[i], "se": se[i], "z": z, "p": 2 * stats.norm.sf(np.abs(z))},
                index=pd.Index(self._names, name="variable"),
            )
        return pd.concat(blocks, axis=1)

    def to_frame(self) -> pd.DataFrame:
        """The table with flat column names such as ``direct_coef`` and ``total_se``."""
        table = self.table
        table.columns = [f"{kind}_{stat}" for kind, stat in table.columns]
        return table

    def effect_matrix(self, var: str) -> pd.DataFrame:
        """S_k at the estimates (see :func:`effect_matrix`)."""
        return effect_matrix(self._results, var)

    @property
    def summary(self) -> str:
        """The effects table as text."""
        title = f"Average effects ({self._draws_count} simulated draws, seed {self._seed})"
        return f"{title}\n{self.table.to_string(float_format=lambda v: f'{v: .6g}')}"
