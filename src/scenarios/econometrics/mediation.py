"""Mediation through a panel fixed-effects model (paper §2.3.3, Eq. 3, 7, 8; Tables 10, 11, 13).

Three regressions with the same fixed effects (two-way by default: entity effects and year dummies, as the
paper's Table 10, whose first column is Table 3's last):

    (3) y = c  x + controls + effects          total effect c         (paper β0)
    (7) m = a  x + controls + effects          x -> mediator a        (paper β1)
    (8) y = c' x + b m + controls + effects    direct effect c', mediator -> y b (paper β2, λ)

indirect effect = a b; mediated share = a b / c (the paper's "6.19% (0.294*0.071/0.337)"; with OLS and the
same sample, c = c' + a b exactly). Sobel (1982) z = a b / sqrt(b² se_a² + a² se_b²), two-sided normal p.
Baron & Kenny (1986) steps as the paper's §2.3.3: (1) c significant, else stop; (2) a and b significant ->
(3) c' significant: partial mediation, otherwise complete; if a or b is not significant, (4) the Sobel test
decides.

Bootstrap (Preacher & Hayes 2008; paper §3.5, 500 replications): resample observations (rows), or whole
entities with ``resample="entities"`` (a cluster bootstrap; a drawn entity counts as a new entity each time
it is drawn), re-estimate the three equations with the same effects, and report for the total, direct and
indirect effects the bootstrap standard error, the percentile interval and the bias-corrected (BC) interval:
z0 = Φ⁻¹(share of draws below the estimate), limits at the Φ(2 z0 ± z_{1-α/2}) quantiles.
Seeded (``seed``), ``replications`` a parameter.

Point estimates and their t tests come from :class:`scenarios.econometrics.fe.FixedEffects`. The
bootstrap re-estimates all replications at once: the resamples are stacked into one batch, demeaned by
:func:`scenarios.econometrics.fe.demean` (one sparse product) and each one's regressions solved from its
cross-product matrix by batched ``numpy.linalg.solve`` (500 replications of five outcomes in ~50 ms, where
a loop over replications took 0.1-0.3 s per outcome and linearmodels would take minutes). On the original
sample the batch gives the fixed-effects estimates (tests/unit/test_mediation.py checks it against
linearmodels ``PanelOLS``). :func:`mediations` runs several outcomes through one mediator together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy import stats

from scenarios.econometrics._frame import check_choice
from scenarios.econometrics.fe import CONSTANT, FixedEffects, FixedEffectsResults, demean
from scenarios.econometrics.results import format_summary
from scenarios.errors import InputError, Problem
from scenarios.summary import Summarised

RESAMPLE = ("observations", "entities")
EQUATIONS = ("total", "mediator", "outcome")
EFFECT_ROWS = ("total", "direct", "indirect")


def _within_estimates(values: np.ndarray, groups: np.ndarray, n_groups: int, n_outcomes: int) -> np.ndarray:
    """(c, a, c', b) per outcome for a batch of samples: (batch, n_outcomes, 4).

    ``values`` (batch, n, p) holds the columns [y_1 ... y_J, m, x, controls..., year dummies...] of each
    sample, ``groups`` (batch, n) their entity codes. After the within transformation (:func:`fe.demean`),
    every regression of every sample is solved from the sample's one cross-product matrix (normal
    equations, batched: the columns are few and of similar scale, so this is as accurate as a QR here):
    Eq. 3 and 7 share their regressors (x, controls, dummies), so c for every outcome and a come from one
    solve; Eq. 8 (x, m, controls, dummies) gives c' and b for every outcome from another.
    """
    within = demean(values, groups, n_groups)
    gram = np.matmul(within.transpose(0, 2, 1), within)
    j = n_outcomes
    rest = np.arange(j + 1, values.shape[2])  # x, controls, dummies
    both = np.concatenate([[j + 1, j], rest[1:]])  # x, m, controls, dummies
    first = np.linalg.solve(gram[:, rest][:, :, rest], gram[:, rest][:, :, : j + 1])[:, 0]  # c_1..c_J, a
    second = np.linalg.solve(gram[:, both][:, :, both], gram[:, both][:, :, :j])[:, :2]  # (c'_k, b_k)
    a = np.repeat(first[:, j, None], j, axis=1)
    return np.stack([first[:, :j], a, second[:, 0], second[:, 1]], axis=2)


def _resamples(entity_codes: np.ndarray, replications: int, seed: int, resample: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows and entity codes of every bootstrap sample, (replications, n) each.

    The draws are those of one ``rng.integers`` call per replication, made as one call for all (numpy's
    stream is the same). A resampled entity counts as a new entity each time it is drawn. Entity samples of
    an unbalanced panel differ in length: the shorter are padded with row -1 in an extra entity.
    """
    rng = np.random.default_rng(seed)
    n_entities = int(entity_codes.max()) + 1
    if resample == "observations":
        rows = rng.integers(0, len(entity_codes), (replications, len(entity_codes)))
        return rows, entity_codes[rows]
    picked = rng.integers(0, n_entities, (replications, n_entities))
    rows_of = [np.flatnonzero(entity_codes == e) for e in range(n_entities)]
    samples = [np.concatenate([rows_of[e] for e in draw]) for draw in picked]
    length = max(len(sample) for sample in samples)
    rows = np.full((replications, length), -1)
    groups = np.full((replications, length), n_entities)
    for r, (sample, draw) in enumerate(zip(samples, picked)):
        rows[r, : len(sample)] = sample
        groups[r, : len(sample)] = np.repeat(np.arange(n_entities), [len(rows_of[e]) for e in draw])
    return rows, groups


def _bootstrap(
    values: np.ndarray, entity_codes: np.ndarray, n_outcomes: int, replications: int, seed: int, resample: str
) -> np.ndarray:
    """(replications, n_outcomes, 4) re-estimates (c, a, c', b) on resampled rows or resampled entities."""
    rows, groups = _resamples(entity_codes, replications, seed, resample)
    padded = np.vstack([values, np.zeros(values.shape[1])])  # row -1: the padding, zero in every column
    return _within_estimates(padded[rows], groups, int(groups.max()) + 1, n_outcomes)


def _intervals(estimate: float, draws: np.ndarray, level: float) -> dict[str, float]:
    alpha = 1 - level
    low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
    below = np.clip(np.mean(draws < estimate), 1 / (len(draws) + 1), len(draws) / (len(draws) + 1))
    z0 = stats.norm.ppf(below)
    z = stats.norm.ppf(1 - alpha / 2)
    bc_low, bc_high = np.quantile(draws, stats.norm.cdf([2 * z0 - z, 2 * z0 + z]))
    return {
        "boot_se": float(draws.std(ddof=1)),
        "percentile_low": float(low),
        "percentile_high": float(high),
        "bc_low": float(bc_low),
        "bc_high": float(bc_high),
    }


@dataclass(frozen=True, repr=False)
class MediationResults(Summarised):
    """Baron-Kenny mediation with Sobel test and bootstrap intervals.

    Notes
    -----
    indirect = a b, mediated share = a b / c, Sobel z = a b / sqrt(b² se_a² + a² se_b²) (two-sided normal
    p); bias-corrected limits at the Phi(2 z0 ± z_{1-alpha/2}) quantiles of the bootstrap draws,
    z0 = Phi^-1(share of draws below the estimate). Baron & Kenny (1986) steps as the paper's §2.3.3; see
    the module docstring.
    """

    dependent: str
    treatment: str
    mediator: str
    controls: tuple[str, ...]
    effects: str
    replications: int
    seed: int
    resample: str
    level: float
    alpha: float
    models: MappingProxyType[str, FixedEffectsResults]  # read-only: equation name -> fit
    _draws: pd.DataFrame

    @property
    def a(self) -> float:
        """Effect of the treatment on the mediator (Eq. 7; paper β1)."""
        return float(self.models["mediator"].params[self.treatment])

    @property
    def b(self) -> float:
        """Effect of the mediator on the outcome given the treatment (Eq. 8; paper λ)."""
        return float(self.models["outcome"].params[self.mediator])

    @property
    def total(self) -> float:
        """Total effect c of the treatment (Eq. 3; paper β0)."""
        return float(self.models["total"].params[self.treatment])

    @property
    def direct(self) -> float:
        """Direct effect c' of the treatment given the mediator (Eq. 8; paper β2)."""
        return float(self.models["outcome"].params[self.treatment])

    @property
    def indirect(self) -> float:
        """Indirect (mediated) effect a b."""
        return self.a * self.b

    @property
    def mediated_share(self) -> float:
        """a b / c, the share of the total effect that runs through the mediator."""
        return self.indirect / self.total

    @property
    def sobel(self) -> pd.Series:
        """Sobel test of a b = 0: z, two-sided p, and the delta-method standard error."""
        se_a = float(self.models["mediator"].std_errors[self.treatment])
        se_b = float(self.models["outcome"].std_errors[self.mediator])
        se = np.sqrt(self.b**2 * se_a**2 + self.a**2 * se_b**2)
        z = self.indirect / se
        return pd.Series({"z": z, "pvalue": 2 * stats.norm.sf(abs(z)), "std_err": se})

    @property
    def baron_kenny(self) -> pd.Series:
        """The paper's four steps at level ``alpha``: which coefficients are significant, and the verdict."""
        p = {
            "c": self.models["total"].pvalues[self.treatment],
            "a": self.models["mediator"].pvalues[self.treatment],
            "b": self.models["outcome"].pvalues[self.mediator],
            "c'": self.models["outcome"].pvalues[self.treatment],
        }
        significant = {k: bool(v < self.alpha) for k, v in p.items()}
        if not significant["c"]:
            verdict = "no total effect: stop"
        elif significant["a"] and significant["b"]:
            verdict = "partial mediation" if significant["c'"] else "complete mediation"
        else:
            verdict = "mediation (Sobel)" if self.sobel["pvalue"] < self.alpha else "no mediation (Sobel)"
        return pd.Series({**{f"{k} significant": v for k, v in significant.items()}, "verdict": verdict})

    @property
    def draws(self) -> pd.DataFrame:
        """The bootstrap re-estimates: total, direct, indirect, a, b per replication."""
        return self._draws.copy()

    def to_frame(self) -> pd.DataFrame:
        """Rows total, direct, indirect: estimate, bootstrap se, percentile and bias-corrected limits."""
        estimates = {"total": self.total, "direct": self.direct, "indirect": self.indirect}
        return pd.DataFrame(
            {
                name: {
                    "estimate": estimates[name],
                    **_intervals(estimates[name], self._draws[name].to_numpy(), self.level),
                }
                for name in EFFECT_ROWS
            }
        ).T.rename_axis("effect")

    def equations(self) -> pd.DataFrame:
        """The three regressions side by side (coef, t, stars), as the paper's Table 10."""
        return pd.concat(
            {
                f"({k}) {self.models[k].dependent}": self.models[k].to_frame()[["coef", "stat", "stars"]]
                for k in EQUATIONS
            },
            axis=1,
        )

    @property
    def summary(self) -> str:
        """Plain-text report: the Table 10 equations, Sobel, the share, Baron-Kenny verdict, bootstrap CIs."""
        sobel = self.sobel
        header = {
            "Outcome / treatment / mediator": f"{self.dependent} / {self.treatment} / {self.mediator}",
            "Effects": "entity and year dummies" if self.effects == "twoway" else "entity",
            "a, b": f"{self.a:.4f}, {self.b:.4f}",
            "Indirect a*b": f"{self.indirect:.4f}",
            "Mediated share a*b/c": f"{self.mediated_share:.2%}",
            "Sobel z (p)": f"{sobel['z']:.3f} ({sobel['pvalue']:.4f})",
            "Baron-Kenny": self.baron_kenny["verdict"],
            "Bootstrap": f"{self.replications} replications, resampling {self.resample}, seed {self.seed}, "
            f"{self.level:.0%} intervals",
        }
        return (
            format_summary("Mediation (Baron-Kenny, Sobel, bootstrap)", header, self.to_frame())
            + "\n"
            + self.equations().to_string()
        )


def mediation(
    data: pd.DataFrame,
    y: str,
    x: str,
    mediator: str,
    controls: Sequence[str] = (),
    *,
    entity: str = "province",
    time: str = "year",
    effects: str = "twoway",
    replications: int = 500,
    seed: int = 0,
    resample: str = "observations",
    level: float = 0.95,
    alpha: float = 0.05,
) -> MediationResults:
    """Baron-Kenny mediation of ``x`` -> ``mediator`` -> ``y`` with fixed effects, Sobel and bootstrap CIs.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel.
    y : str
        Column name of the outcome.
    x, mediator : str
        Column names of the treatment and the mediator.
    controls : sequence of str
        Control regressors in all three equations.
    entity, time : str
        Column names of the entity and period labels.
    effects : {"entity", "twoway"}
        Fixed effects of every equation (two-way: entity effects and year dummies, as the paper's Table 10).
    replications : int
        Bootstrap replications (at least 2; the paper uses 500).
    seed : int
        Seed of the bootstrap.
    resample : {"observations", "entities"}
        Resample rows, or whole entities (a cluster bootstrap).
    level : float
        Confidence level of the bootstrap intervals.
    alpha : float
        Significance level of the Baron-Kenny steps.

    Returns
    -------
    MediationResults

    Notes
    -----
    Equations (3), (7), (8) of the paper: y = c x, m = a x, y = c' x + b m (with controls and effects);
    indirect effect a b, Sobel (1982) z = a b / sqrt(b² se_a² + a² se_b²), percentile and bias-corrected
    bootstrap intervals (Preacher & Hayes 2008). See the module docstring.
    """
    return mediations(
        data,
        [y],
        x,
        mediator,
        controls,
        entity=entity,
        time=time,
        effects=effects,
        replications=replications,
        seed=seed,
        resample=resample,
        level=level,
        alpha=alpha,
    )[y]


def mediations(
    data: pd.DataFrame,
    outcomes: Sequence[str],
    x: str,
    mediator: str,
    controls: Sequence[str] = (),
    *,
    entity: str = "province",
    time: str = "year",
    effects: str = "twoway",
    replications: int = 500,
    seed: int = 0,
    resample: str = "observations",
    level: float = 0.95,
    alpha: float = 0.05,
) -> dict[str, MediationResults]:
    """:func:`mediation` for several outcomes through one mediator.

    Parameters
    ----------
    outcomes : sequence of str
        Column names of the outcomes.
    data, x, mediator, controls, entity, time, effects, replications, seed, resample, level, alpha
        As for :func:`mediation`.

    Returns
    -------
    dict of str to MediationResults
        Outcome -> results.

    Notes
    -----
    The same as one call per outcome with the same seed (the same resamples; equal to rounding, ~1e-14),
    computed once where the outcomes share it: the mediator equation (Eq. 7) is fitted once, and every
    outcome's bootstrap regressions are solved together from each resample's one cross-product matrix.
    """
    check_choice(resample, RESAMPLE, "resample")
    if isinstance(replications, bool) or not isinstance(replications, (int, np.integer)) or replications < 2:
        raise InputError(Problem("must be a whole number, 2 or more", parameter="replications"))
    for name, value in (("level", level), ("alpha", alpha)):
        if not 0 < value < 1:
            raise InputError(Problem("must be between 0 and 1", parameter=name))
    outcomes, controls = list(dict.fromkeys(outcomes)), list(controls)
    if not outcomes:
        raise InputError(Problem("give at least one outcome", parameter="outcomes"))

    def model(dependent: str, regressors: list[str]) -> FixedEffects:
        return FixedEffects(data, dependent, regressors, entity=entity, time=time, effects=effects)

    mediator_fit = model(mediator, [x, *controls]).fit()
    totals = {y: model(y, [x, *controls]).fit() for y in outcomes}
    designs = {y: model(y, [x, mediator, *controls]) for y in outcomes}
    # An outcome equation's design holds every column: [x, mediator, controls, year dummies, Constant];
    # every design has the same rows in the same order (FixedEffects sorts by entity, then time).
    design = designs[outcomes[0]]
    others = design.exog.drop(columns=[mediator, CONSTANT])
    values = np.column_stack(
        [*(designs[y].dependent.to_numpy() for y in outcomes), design.exog[mediator].to_numpy(), others.to_numpy()]
    )
    entity_codes = pd.factorize(design.exog.index.get_level_values(entity))[0]
    draws = _bootstrap(values, entity_codes, len(outcomes), replications, seed, resample)
    results = {}
    for k, y in enumerate(outcomes):
        c, a, direct, b = draws[:, k].T
        frame = pd.DataFrame({"total": c, "direct": direct, "indirect": a * b, "a": a, "b": b})
        models = MappingProxyType({"total": totals[y], "mediator": mediator_fit, "outcome": designs[y].fit()})
        results[y] = MediationResults(
            y,
            x,
            mediator,
            tuple(controls),
            effects,
            int(replications),
            seed,
            resample,
            level,
            alpha,
            models,
            frame.rename_axis("replication"),
        )
    return results
