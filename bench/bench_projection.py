"""Benchmark: one scenario recompute with 1,000-draw bands, beside a naive per-draw solve.

    PYTHONPATH=src python bench/bench_projection.py [--threads N]

Work measured: :meth:`ProjectionEngine.project` for 30 provinces x 5 series x 40 years (horizon 2060),
every series a spatial Durbin model (the worst case: estimated mode; published mode has one), 1,000
coefficient draws, the scenario's 5-95 % bands, the bands of its difference from the baseline and of
the national sums, the point projections of baseline, modified baseline and scenario, the own/spillover
split and the run without the subsidy. The engine (W's eigendecomposition, draws, baseline draws) is
built once beforehand, as the app does.

Reference: the same projection with (I - rho W)^-1 (X beta + W X theta) from ``numpy.linalg.solve`` for
each draw and series (all 40 years as right-hand sides) and ``numpy.percentile``; its bands are checked
against ours. Reported as median and best milliseconds over repeats, and the ratio reference / ours.
The engine limits BLAS to one thread during a recompute itself (threadpoolctl); ``--threads`` sets
the process default (before numpy loads), which the reference uses.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="1", help="BLAS threads of the process (default 1)")
    parser.add_argument("--repeats", type=int, default=15)
    return parser.parse_args()


ARGS = _arguments()
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, ARGS.threads)

import numpy as np  # noqa: E402

from scenarios.coefficients import REGRESSORS, SERIES  # noqa: E402
from scenarios.projection import ProjectionEngine, build_paths  # noqa: E402
from scenarios.scenario import PRESETS  # noqa: E402


def _inputs():
    """The demo panel and W1 when available, else the unit tests' fixture panel and W; the fixture's SDM
    coefficients (every series spatial) either way."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fixtures"))
    import projection_data as fixture

    try:
        from scenarios.demo import load_demo_panel
        from scenarios.geography import spatial_weights

        panel, weights, label = load_demo_panel(), spatial_weights("W1"), "demo panel, W1"
    except ImportError:
        panel, weights, label = fixture.panel(), fixture.weights(), "test fixture panel and W"
    return panel, weights, fixture.coefficients(spatial_industries=True), label


def naive(engine: ProjectionEngine, scenario, draws: int, seed: int):
    """Scenario and delta bands by one linear solve per draw and series (the reference)."""
    rng = np.random.default_rng(seed)
    w = np.asarray(engine.weights.matrix)
    n = len(w)
    span = scenario.horizon - engine.anchors.year + 1
    change = build_paths(scenario, engine.anchors, scenario.horizon).change[: len(REGRESSORS)]
    base = engine.baseline_paths.change[: len(REGRESSORS), :, :span]
    scenario_y = np.empty((len(SERIES), draws, n, span))
    base_y = np.empty_like(scenario_y)
    for s, model in enumerate(engine.models):
        rho, beta, theta = model.draws(draws, rng)
        for d in range(draws):
            a = np.eye(n) - rho[d] * w
            for out, x in ((scenario_y, change), (base_y, base)):
                rhs = np.einsum("k,kiy->iy", beta[d], x) + w @ np.einsum("k,kiy->iy", theta[d], x)
                out[s, d] = np.linalg.solve(a, rhs)
    return np.percentile(scenario_y, [5, 95], axis=1), np.percentile(scenario_y - base_y, [5, 95], axis=1)


def timed(function, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), min(times)


def _measure(panel, weights, models, label: str) -> None:
    draws, seed = 1000, 0
    scenario = PRESETS["subsidise-lagging"].with_(horizon=2060, import_growth=7.0)
    start = time.perf_counter()
    engine = ProjectionEngine(panel, models, weights=weights, draws=draws, seed=seed)
    setup = (time.perf_counter() - start) * 1e3
    frame = engine.project(scenario).frame
    spatial = int(engine.spatial.sum())
    years = scenario.horizon - engine.anchors.year
    ours_median, ours_best = timed(lambda: engine.project(scenario), ARGS.repeats)
    frame_median, _ = timed(lambda: engine.project(scenario).frame, max(3, ARGS.repeats // 3))
    scenario_bands, delta_bands = naive(engine, scenario, draws, seed)
    total = frame.query("industry == 'total'")
    reference = engine.anchors.co2[0][:, None] * np.exp(scenario_bands[0, 0])
    gap = np.abs(total["scenario_mt_p05"].to_numpy() / reference.ravel() - 1).max()
    gap_delta = np.abs(total["delta_log_p95"].to_numpy() - delta_bands[1, 0].ravel()).max()
    naive_median, naive_best = timed(lambda: naive(engine, scenario, draws, seed), 3)
    print(f"{label}: {len(engine.anchors.provinces)} provinces x {len(SERIES)} series ({spatial} spatial) x "
          f"{years} years, {draws} draws, BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"  engine set-up (once):            {setup:8.1f} ms")
    print(f"  ours, arrays (median / best):    {ours_median:8.1f} / {ours_best:.1f} ms")
    print(f"  ours, with the long frame:       {frame_median:8.1f} ms")
    print(f"  naive solve per draw (med/best): {naive_median:8.1f} / {naive_best:.1f} ms")
    print(f"  ratio naive / ours (median):     {naive_median / ours_median:8.1f}x")
    print(f"  budget 50 ms (median):           {'met' if ours_median <= 50 else 'NOT met'}")
    print(f"  bands vs the reference: 5 % level rel. gap {gap:.1e}, 95 % delta abs. gap {gap_delta:.1e} "
          "(float32 draws)")


def main() -> None:
    panel, weights, models, label = _inputs()
    _measure(panel, weights, models, f"Worst case, every series an SDM ({label})")
    plain = tuple(m if m.series == "total" else _without_spillover(m) for m in models)
    _measure(panel, weights, plain, f"Published-mode shape, industries without spillover ({label})")


def _without_spillover(model):
    from dataclasses import replace

    cov = np.array(model.cov)
    cov[0, :] = cov[:, 0] = 0
    k = len(REGRESSORS)
    cov[1 + k :, :] = cov[:, 1 + k :] = 0
    return replace(model, rho=0.0, theta=np.zeros(k), cov=cov, spatial=False)


if __name__ == "__main__":
    main()
