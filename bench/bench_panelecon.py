"""Benchmarks for the panel econometrics (not tests): run `PYTHONPATH=src python bench/bench_panelecon.py`.

1. One two-way fixed-effects fit (7 regressors, 9 year dummies, 30 x 10 rows), design included:
   ``FixedEffects(...).fit()`` (numpy within estimator) beside linearmodels ``PanelOLS(...).fit()`` on the
   same design (the reference it is tested against), median CPU times of 30, as a ratio.
2. Mediation bootstrap, 500 replications of three two-way FE regressions on 30 x 10 rows: the batched
   numpy estimates beside the same loop through linearmodels PanelOLS (the reference library), as a ratio.
3. Size and power of the panel unit-root tests at the paper's dimensions (N = 30, T = 10, 1 lag, intercepts):
   rejection rates at 5% for random walks (size) and for AR(1) with rho = 0.5 (power).
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import pandas as pd
from linearmodels import PanelOLS

from scenarios.econometrics.fe import CONSTANT, FixedEffects
from scenarios.econometrics.mediation import _bootstrap
from scenarios.econometrics.unitroot import panel_unit_root

CONTROLS = ["gdp", "ind", "ei", "tra", "edu", "fin"]


def _panel(rng: np.random.Generator) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"province": np.repeat([f"p{i:02d}" for i in range(30)], 10), "year": np.tile(np.arange(2011, 2021), 30)}
    )
    for name in ["tech", *CONTROLS]:
        frame[name] = rng.normal(size=300)
    frame["ino"] = -0.3 * frame["tech"] + rng.normal(size=300)
    frame["ce"] = -0.3 * frame["tech"] + 0.1 * frame["ino"] + rng.normal(size=300)
    return frame


def bench_fixed_effects(repeats: int = 30) -> None:
    """CPU time (all threads), which a shared machine disturbs less than the wall clock."""
    frame = _panel(np.random.default_rng(0))
    regressors = ["tech", "ino", *CONTROLS]
    ours, reference = [], []
    for _ in range(repeats):
        start = time.process_time()
        design = FixedEffects(frame, "ce", regressors, effects="twoway")
        design.fit()
        ours.append(time.process_time() - start)
        start = time.process_time()
        PanelOLS(design.dependent, design.exog, entity_effects=True).fit(cov_type="unadjusted", debiased=True)
        reference.append(time.process_time() - start)
    ours_ms, reference_ms = statistics.median(ours) * 1e3, statistics.median(reference) * 1e3
    print(
        f"two-way FE fit, 30 x 10, {len(regressors)} regressors, CPU: numpy {ours_ms:.1f} ms (design included), "
        f"linearmodels PanelOLS {reference_ms:.1f} ms (fit alone) (ratio {reference_ms / ours_ms:.0f}x)"
    )


def bench_mediation(replications: int = 500) -> None:
    frame = _panel(np.random.default_rng(0))
    design = FixedEffects(frame, "ce", ["tech", "ino", *CONTROLS], effects="twoway")
    others = design.exog.drop(columns=["ino", CONSTANT])
    values = np.column_stack([design.dependent, design.exog["ino"], others])
    codes = pd.factorize(design.exog.index.get_level_values(0))[0]
    start = time.perf_counter()
    _bootstrap(values, codes, 1, replications, 0, "observations")
    numpy_seconds = time.perf_counter() - start

    rng = np.random.default_rng(0)
    exog = design.exog
    start = time.perf_counter()
    reps = 20  # linearmodels is slow: time 20 and scale
    for _ in range(reps):
        rows = rng.integers(0, len(exog), len(exog))
        sample_x = exog.iloc[rows].copy()
        sample_x.index = pd.MultiIndex.from_arrays([sample_x.index.get_level_values(0), np.arange(len(rows))])
        sample_y = design.dependent.iloc[rows].set_axis(sample_x.index)
        for dep, cols in (
            (sample_y, [c for c in exog.columns if c != "ino"]),
            (sample_x["ino"], [c for c in exog.columns if c != "ino"]),
            (sample_y, list(exog.columns)),
        ):
            PanelOLS(dep, sample_x[cols], entity_effects=True).fit()
    lm_seconds = (time.perf_counter() - start) * replications / reps
    print(
        f"mediation bootstrap, {replications} replications: numpy {numpy_seconds:.3f} s, "
        f"linearmodels {lm_seconds:.1f} s (ratio {lm_seconds / numpy_seconds:.0f}x)"
    )


def _simulate(rho: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    e = rng.normal(size=(30, 40))
    y = np.zeros_like(e)
    level = rng.normal(size=30)
    for s in range(1, 40):
        y[:, s] = level * (1 - rho) + rho * y[:, s - 1] + e[:, s]
    return pd.DataFrame(
        {"province": np.repeat(np.arange(30), 10), "year": np.tile(np.arange(10), 30), "v": y[:, 30:].ravel()}
    )


def bench_unit_root_size(replications: int = 100) -> None:
    for rho, label in ((1.0, "size (random walks)"), (0.5, "power (AR(1), rho 0.5)")):
        p = np.array(
            [
                panel_unit_root(_simulate(rho, s), "v", lags=1, trend="c").to_frame()["pvalue"].to_numpy()
                for s in range(replications)
            ]
        )
        rates = dict(zip(["LLC", "IPS", "Fisher-ADF Pm", "Fisher-PP Pm"], (p < 0.05).mean(axis=0)))
        print(
            f"unit roots, N=30 T=10 lags=1 'c', {label}, {replications} panels: "
            + ", ".join(f"{k} {v:.2f}" for k, v in rates.items())
        )


if __name__ == "__main__":
    bench_fixed_effects()
    bench_mediation()
    bench_unit_root_size(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
