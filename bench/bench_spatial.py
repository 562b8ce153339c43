"""Benchmark: SDM with two-way fixed effects and LeSage-Pace effects, ours against spreg, side by side.

    PYTHONPATH=src python bench/bench_spatial.py [--quick]

Synthetic panels from a seeded SDM (T = 10, K = 7 regressors as in the paper, points uniform in a
square) at N = 30, 100, 200, 300, 500, 1,000, 3,000, 10,000 and 30,000, with two kinds of W:

* ``sparse``: row-standardised k-nearest neighbours, k = 6, as a scipy sparse matrix;
* ``dense``: row-standardised inverse squared distances between all pairs (a gravity W: every entry
  non-zero, symmetric before standardisation), as a numpy array; up to N = 3,000 (at 10,000 the matrix alone is 800 MB and its eigenvalues take minutes).

Ours: ``SpatialPanelModel(model="sdm", effects="twoway").fit()`` plus ``.impacts(draws=1000)`` from a long
DataFrame, with the automatic log-determinant choice (reported as ``method``). spreg: ``ML_LagFE`` (entity
effects) with WX through ``slx_lags=1`` and T - 1 time dummies (the same estimator: by Frisch-Waugh,
partialling the dummies out of the entity-demeaned data is two-way demeaning, and spreg applies W to raw
y), without spreg's impacts (they fail with partial ``slx_vars``, and their SDM split is wrong). spreg
runs where it takes under about a minute: sparse W up to N = 3,000 (its default "full" method computes a
dense N x N determinant at each step: about 10 s at 3,000, minutes at 10,000), dense W up to 1,000 (its
libpysal W holds N^2 neighbour pairs in dicts). Each repeat runs ours then spreg; reported per size:
min / median / max seconds of each, the ratio of spreg's median to ours (and of the minima), the
load average before and after, the largest absolute difference in the estimates (rho, beta, theta)
and the largest relative difference in their standard errors with ``cov_type="time-dummies"`` (spreg's
information matrix). N >= 10,000 runs in a fresh process that reports its peak resident memory.

Results go to bench/results/spatial.json. spreg wants time-major rows (all units of period 1, then 2...).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.linalg import splu
from scipy.spatial import cKDTree

from scenarios.econometrics.logdet import SparseWeights
from scenarios.econometrics.spatial import SpatialPanelModel

T, K, NEIGHBOURS, DRAWS = 10, 7, 6, 1000
RHO, BETA, THETA = 0.4, np.linspace(-1.0, 1.0, K), np.linspace(0.5, -0.3, K)
RESULTS = Path(__file__).parent / "results" / "spatial.json"
SIZES = (30, 100, 200, 300, 500, 1000, 3000, 10000, 30000)
#: largest N at which spreg runs, and at which the dense W is built, per kind of W (see the docstring)
SPREG_UP_TO = {"sparse": 3000, "dense": 1000}
DENSE_UP_TO = 3000
#: from this N the run is in a fresh process, for its peak memory
OWN_PROCESS_FROM = 10000


def points(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(size=(n, 2))


def knn_weights(n: int, seed: int) -> sp.csr_matrix:
    """Row-standardised k-nearest-neighbour W of n uniform points."""
    xy = points(n, seed)
    _, index = cKDTree(xy).query(xy, k=NEIGHBOURS + 1)
    rows = np.repeat(np.arange(n), NEIGHBOURS)
    return sp.csr_matrix((np.full(rows.size, 1.0 / NEIGHBOURS), (rows, index[:, 1:].ravel())), shape=(n, n))


def gravity_weights(n: int, seed: int) -> np.ndarray:
    """Row-standardised inverse squared distances between all pairs of n uniform points (dense)."""
    xy = points(n, seed)
    squared = ((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(squared, np.inf)
    w = 1.0 / squared
    return w / w.sum(axis=1, keepdims=True)


def simulate(n: int, seed: int = 0, kind: str = "sparse"):
    """Period-major arrays y (T, N), x (T, N, K) from the SDM with entity and time effects, and W."""
    rng = np.random.default_rng(seed)
    w = knn_weights(n, seed) if kind == "sparse" else gravity_weights(n, seed)
    x = rng.normal(size=(T, n, K))
    mu, gamma = rng.normal(size=n), rng.normal(size=T)
    lu = splu((sp.identity(n) - RHO * sp.csr_matrix(w)).tocsc())
    y = np.stack(
        [lu.solve(x[t] @ BETA + w @ (x[t] @ THETA) + mu + gamma[t] + 0.3 * rng.normal(size=n)) for t in range(T)]
    )
    return y, x, w


def long_frame(y: np.ndarray, x: np.ndarray) -> pd.DataFrame:
    n = y.shape[1]
    frame = {"unit": np.tile(np.arange(n), T), "year": np.repeat(np.arange(T), n), "y": y.ravel()}
    frame.update({f"x{k}": x[:, :, k].ravel() for k in range(K)})
    return pd.DataFrame(frame)


def model(data, w):
    return SpatialPanelModel(
        data, "y", [f"x{k}" for k in range(K)], w, model="sdm", effects="twoway", entity="unit", time="year"
    )


def ours(data, w):
    start = time.perf_counter()
    results = model(data, w).fit()
    impacts = results.impacts(draws=DRAWS, seed=0)
    return time.perf_counter() - start, results, impacts


def spreg_fit(y, x, w):
    import libpysal
    import spreg

    n = y.shape[1]
    w_pysal = libpysal.weights.WSP(sp.csr_matrix(w)).to_W(silence_warnings=True)
    dummies = np.kron(np.eye(T)[:, 1:], np.ones((n, 1)))
    design = np.hstack([x.reshape(T * n, K), dummies])
    start = time.perf_counter()
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):  # it prints its name
        warnings.simplefilter("ignore")
        fitted = spreg.ML_LagFE(
            y.reshape(-1, 1), design, w_pysal, slx_lags=1, slx_vars=[True] * K + [False] * (T - 1), spat_impacts=None
        )
    seconds = time.perf_counter() - start
    betas = fitted.betas.ravel()
    se = np.sqrt(np.diag(fitted.vm))
    keep = [*range(K), *range(K + T - 1, 2 * K + T - 1), len(betas) - 1]  # x, Wx, rho
    return seconds, betas[keep], se[keep]


def spread(times: list[float]) -> dict:
    return {"min": min(times), "median": float(np.median(times)), "max": max(times), "runs": len(times)}


def repeats_for(n: int, quick: bool) -> int:
    if quick:
        return 3 if n <= 1000 else 1
    return 15 if n <= 300 else 5 if n <= 1000 else 3


def measure(n: int, kind: str, repeats: int) -> dict:
    """Ours (and spreg where it runs) at one size, side by side."""
    y, x, w = simulate(n, kind=kind)
    data = long_frame(y, x)
    with_spreg = n <= SPREG_UP_TO[kind]
    load_before = os.getloadavg()
    ours_times, spreg_times = [], []
    for _ in range(repeats):
        seconds, results, impacts = ours(data, w)
        ours_times.append(seconds)
        if with_spreg:
            seconds, spreg_params, spreg_se = spreg_fit(y, x, w)
            spreg_times.append(seconds)
    report = {
        "n": n,
        "w": kind,
        "t": T,
        "k": K,
        "draws": DRAWS,
        "method": "sparse" if isinstance(results._operator, SparseWeights) else "eigen",
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
        "ours_seconds": spread(ours_times),
        "rho": float(results.params["rho"]),
        "total_effect_x0": float(impacts.table.loc["x0", ("total", "coef")]),
    }
    if with_spreg:
        order = [*range(1, 2 * K + 1), 0]  # ours: rho, x, Wx -> spreg's x, Wx, rho
        counted = model(data, w).fit(cov_type="time-dummies")
        report.update(
            {
                "spreg_seconds": spread(spreg_times),
                "speed_ratio_median": float(np.median(spreg_times) / np.median(ours_times)),
                "speed_ratio_min": min(spreg_times) / min(ours_times),
                "max_abs_diff_estimates": float(np.max(np.abs(results.params.to_numpy()[order] - spreg_params))),
                "max_rel_diff_std_errors_time_dummies": float(
                    np.max(np.abs(counted.std_errors.to_numpy()[order] / spreg_se - 1))
                ),
            }
        )
    else:
        report["spreg"] = f"not run: N = {n} > {SPREG_UP_TO[kind]} (minutes; see the docstring)"
    return report


def measure_with_peak_memory(n: int, kind: str, repeats: int) -> dict:
    """``measure`` in a fresh process, adding its peak resident memory (MB, imports included): VmHWM,
    which a new process starts afresh (getrusage's maxrss survives exec, so it would be the parent's)."""
    report = measure(n, kind, repeats)
    status = Path("/proc/self/status").read_text()
    report["peak_memory_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=SIZES,
        help="N values to run (a subset replaces those sizes in the results file)",
    )
    args = parser.parse_args()
    report = {"cpus": os.cpu_count(), "sizes": []}
    if set(args.sizes) != set(SIZES) and RESULTS.exists():  # a rerun of some sizes keeps the others
        report = json.loads(RESULTS.read_text())
        report["sizes"] = [row for row in report["sizes"] if row["n"] not in args.sizes]
    for n in args.sizes:
        for kind in ("sparse", "dense"):
            if kind == "dense" and n > DENSE_UP_TO:
                continue
            repeats = repeats_for(n, args.quick)
            if n >= OWN_PROCESS_FROM:
                with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                    row = pool.submit(measure_with_peak_memory, n, kind, repeats).result()
            else:
                row = measure(n, kind, repeats)
            report["sizes"].append(row)
            print(json.dumps(row), flush=True)
    report["sizes"].sort(key=lambda row: (row["n"], row["w"] == "dense"))
    report["dense_w_not_run"] = f"N > {DENSE_UP_TO}: the dense W alone is 8 N^2 bytes (800 MB at 10,000)"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
