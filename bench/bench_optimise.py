"""Benchmark: the subsidy optimiser (scenarios.projection.optimise) on the demo panel.

    PYTHONPATH=src python bench/bench_optimise.py [--repeats 15]

Budgets (issue 13): an optimum for 30 provinces x 10 years (published-W1, horizon 2030, CNY 5 billion a
year, every province eligible) in at most 200 ms; the 1,000-draw robustness in at most 3 s.

Side by side in one run, on the same warm engine (built once before timing, as the app and CLI do):

* ours: :func:`optimise` (SLSQP with the analytic gradient, several starts, rounding, reference rules);
* reference: a generic solver without the analytic gradient: scipy's SLSQP on the same exact objective
  (``AllocationModel.change_mt``) from the equal split, its gradient by scipy's finite differences
  (2-point, 31 objective evaluations per gradient), BLAS held to one thread as for ours.

Reported: median and best wall time, the ratio reference / ours, and the avoided Mt each reaches (the
generic solver's finite differences may also stop short of the optimum). Then the robustness (1,000
draws: the scenario without the subsidy, the optimum and both rules). The machine is shared: the load
average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from scipy.optimize import minimize

from scenarios.blas import single_threaded_blas
from scenarios.data.demo import load_demo_panel
from scenarios.projection.engine import engine_for
from scenarios.projection.optimise import AllocationModel, optimise
from scenarios.projection.scenario import Scenario

BUDGET = 50.0
OPTIMUM_BUDGET_MS = 200.0
ROBUSTNESS_BUDGET_S = 3.0


def _timed(function):
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) * 1000, result


def generic(model: AllocationModel) -> float:
    """SLSQP with finite-difference gradients on the exact objective; returns the avoided Mt reached."""
    weights = model.weights("total", "cumulative")
    n = len(model.provinces)
    scale = abs(model.change_mt(np.full(n, BUDGET / n), weights).sum())
    with single_threaded_blas():
        result = minimize(
            lambda x: model.change_mt(x, weights).sum() / scale,
            np.full(n, BUDGET / n),
            method="SLSQP",
            bounds=[(0, BUDGET)] * n,
            constraints=[{"type": "eq", "fun": lambda x: x.sum() - BUDGET}],
            options={"ftol": 1e-12, "maxiter": 500},
        )
    return -model.change_mt(result.x, weights).sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    engine = engine_for(load_demo_panel(), "published-W1")
    scenario = Scenario(horizon=2030)
    model = AllocationModel(engine, scenario)
    optimise(engine, scenario, BUDGET)  # warm up imports and caches
    ours, reference = [], []
    for _ in range(args.repeats):  # interleaved, so both see the same load
        elapsed, result = _timed(lambda: optimise(engine, scenario, BUDGET))
        ours.append(elapsed)
        elapsed, reached = _timed(lambda: generic(model))
        reference.append(elapsed)
    ours_median, reference_median = statistics.median(ours), statistics.median(reference)
    print(
        f"optimum, 30 provinces x {len(model.years)} years, CNY {BUDGET:g} x 100 million a year, {args.repeats} repeats"
    )
    print(
        f"  ours (analytic gradient):  median {ours_median:7.1f} ms, best {min(ours):7.1f} ms, "
        f"avoided {result.avoided_mt:,.3f} Mt, KKT violation {result.kkt_violation:.1e} t/CNY 10k"
    )
    print(
        f"  generic (finite diff.):    median {reference_median:7.1f} ms, best {min(reference):7.1f} ms, "
        f"avoided {reached:,.3f} Mt"
    )
    print(
        f"  ratio generic / ours: {reference_median / ours_median:.1f}x; budget {OPTIMUM_BUDGET_MS:g} ms "
        f"{'met' if ours_median <= OPTIMUM_BUDGET_MS else 'NOT met'}"
    )
    robustness = []
    for _ in range(max(3, args.repeats // 3)):
        fresh = optimise(engine, scenario, BUDGET)
        elapsed, robust = _timed(fresh.robustness)
        robustness.append(elapsed / 1000)
    print(
        f"robustness, {len(robust.draws)} draws: median {statistics.median(robustness):.3f} s, best "
        f"{min(robustness):.3f} s; budget {ROBUSTNESS_BUDGET_S:g} s "
        f"{'met' if statistics.median(robustness) <= ROBUSTNESS_BUDGET_S else 'NOT met'}"
    )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
