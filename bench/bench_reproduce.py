"""Benchmark: the full reproduction of the paper on the demo panel, cold, cached and from the command line.

    python bench/bench_reproduce.py [--repeats 5] [--baseline OTHER_CHECKOUT/src]

Budget (issues 4 and 16): the full reproduction, with 500 bootstrap replications (Tables 10, 11, 13) and
999 Moran permutations per year and matrix (Tables 5-7 and the local clusters), in <= 10 s on a 2-core
machine (goal 3 s); a second call with the same panel and seed, served from the cache, in < 1 s.

Each repeat is a fresh Python process (cold: nothing cached, nothing imported), which reports

* ``cold``: the first ``reproduce(panel)``; loading the demo panel, its analysis frame and W1-W3 before
  it are not counted (the app and the CLI hold them already), the imports it makes itself are;
  ``cold_cpu`` its CPU time (all threads of the process: the figure least disturbed by other jobs);
* ``cached``: the same call again (the cache);
* ``figures``: Figures 2-4 (matplotlib PNGs), which ``reproduce`` does not draw: the CLI writes them;
* ``steps``: the seconds of each step, as ``reproduce`` reports them;

and then ``python -m scenarios reproduce --out DIR`` runs as its own process (``cli``: wall clock of the
whole command: start-up, reproduction, figures, files; ``cli_cpu`` its CPU time). With ``--baseline``
(the ``src`` folder of another checkout, e.g. ``git archive main src data | tar -x -C /tmp/base``) the
same runs of that code are interleaved with ours, so both see the same load, the ratio baseline / ours
is reported, and the table files the two write (tableNN.csv, section_3_1_2.csv, local_moran.csv) are
compared byte for byte.

Reported: min / median / max over the repeats and the load average before and after (the machine is
shared). Results go to bench/results/reproduce.json.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 10.0
GOAL_SECONDS = 3.0
CACHED_BUDGET_SECONDS = 1.0
OURS = Path(__file__).resolve().parents[1] / "src"
RESULTS = Path(__file__).parent / "results" / "reproduce.json"
#: What is measured, and the unit it is printed in (stored in seconds).
MEASURES = {"cold": "s", "cold_cpu": "s", "cached": "ms", "figures": "s", "cli": "s", "cli_cpu": "s"}
STEP = re.compile(r"^(?P<label>.*) \((?P<seconds>[0-9.]+) s\)$")


def child() -> None:
    """One cold measurement in this (fresh) process; a JSON line on stdout."""
    try:
        from scenarios.data import demo
        from scenarios.reproduction import figures, reproduce
    except ImportError:  # a baseline from before the feature packages (commit c215446)
        from scenarios import demo, reproduce  # type: ignore[no-redef]
        from scenarios.reproduction import figures

    panel = demo.load_demo_panel()
    _ = panel.analysis  # the transformation is the panel's, cached on it: not part of the reproduction
    reproduce.weights()
    steps: list[str] = []
    start, cpu = time.perf_counter(), time.process_time()
    result = reproduce.reproduce(panel, seed=0, progress=steps.append)
    cold, cold_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    again = reproduce.reproduce(panel, seed=0)
    cached = time.perf_counter() - start
    start = time.perf_counter()
    figures.technology_maps(panel.analysis, synthetic=True)
    maps = time.perf_counter() - start
    parsed = {match["label"]: float(match["seconds"]) for match in map(STEP.match, steps) if match}
    print(
        json.dumps(
            {
                "cold": cold,
                "cold_cpu": cold_cpu,
                "cached": cached,
                "figures": maps,
                "same_object": again is result,
                "tables": list(result.tables),
                "omitted": dict(result.omitted),
                "steps": parsed,
            }
        )
    )


def _run_child(src: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, __file__, "--child"], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_cli(src: Path, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``python -m scenarios reproduce --out out`` with ``src`` on the path."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "scenarios", "reproduce", "--out", str(out)], env=env, capture_output=True, check=True
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def _spread(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def _tables_identical(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.glob("*.csv"))
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return bool(names) and not mismatch and not errors and names == sorted(p.name for p in b.glob("*.csv"))


def _tables_same_values(a: Path, b: Path) -> bool:
    """The same cells, read back: numbers equal to the 6 significant digits the files print (or within 1e-6,
    for differences of near-equal numbers), text equal once the apostrophe that neutralises a leading minus
    sign for spreadsheets (issue 15, after commit 6cad7a7) is taken off: a baseline from before that change
    can be compared."""
    import pandas as pd

    names = sorted(p.name for p in a.glob("*.csv"))
    if not names or names != sorted(p.name for p in b.glob("*.csv")):
        return False
    for name in names:
        ours, theirs = (pd.read_csv(folder / name, dtype=str, keep_default_na=False) for folder in (a, b))
        if list(ours.columns) != list(theirs.columns) or ours.shape != theirs.shape:
            return False
        for column in ours.columns:
            left, right = (frame[column].str.removeprefix("'") for frame in (ours, theirs))
            left_numbers, right_numbers = pd.to_numeric(left, errors="coerce"), pd.to_numeric(right, errors="coerce")
            numeric = left_numbers.notna() & right_numbers.notna()
            close = (left_numbers - right_numbers).abs() <= 1e-6 + 5e-6 * right_numbers.abs()
            if not (close[numeric].all() and (left[~numeric] == right[~numeric]).all()):
                return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="src folder of another checkout to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    variants = {"ours": OURS, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        for repeat in range(args.repeats):
            for name, src in variants.items():
                measured = _run_child(src)
                measured["cli"], measured["cli_cpu"] = _run_cli(src, Path(scratch) / name)
                runs[name].append(measured)
                print(
                    f"repeat {repeat + 1}/{args.repeats} {name}: cold {measured['cold']:.2f} s, "
                    f"cli {measured['cli']:.2f} s, load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        if args.baseline:
            identical = _tables_identical(Path(scratch) / "ours", Path(scratch) / "baseline")
            same_values = _tables_same_values(Path(scratch) / "ours", Path(scratch) / "baseline")
    load_after = os.getloadavg()
    report: dict = {
        "repeats": args.repeats,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "budget_seconds": BUDGET_SECONDS,
        "goal_seconds": GOAL_SECONDS,
        "variants": {},
    }
    for name, measured in runs.items():
        labels = measured[0]["steps"]
        report["variants"][name] = {
            "src": str(variants[name]),
            **{key: _spread([m[key] for m in measured]) for key in MEASURES},
            "steps_median": {
                label: statistics.median(m["steps"].get(label, float("nan")) for m in measured) for label in labels
            },
            "cached_same_object": all(m["same_object"] for m in measured),
            "tables": measured[0]["tables"],
            "omitted": measured[0]["omitted"],
        }
    ours = report["variants"]["ours"]
    ours["cold_share_of_budget"] = {k: v / BUDGET_SECONDS for k, v in ours["cold"].items()}
    if args.baseline:
        base = report["variants"]["baseline"]
        report["speedup_median"] = {
            key: base[key]["median"] / ours[key]["median"] for key in ("cold", "cold_cpu", "cli", "cli_cpu")
        }
        report["tables_identical"] = identical
        report["tables_same_values"] = same_values
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(
        f"load average {load_before[0]:.1f} / {load_before[1]:.1f} before, {load_after[0]:.1f} / "
        f"{load_after[1]:.1f} after (1 / 5 min), {os.cpu_count()} cores, {args.repeats} repeats"
    )
    for name, row in report["variants"].items():
        print(f"{name}:")
        print("  steps (median):")
        for label, seconds in row["steps_median"].items():
            print(f"    {label} ({seconds:.2f} s)")
        for key, unit in MEASURES.items():
            scale = 1e3 if unit == "ms" else 1.0
            spread = row[key]
            print(
                f"  {key}: min {spread['min'] * scale:.2f}, median {spread['median'] * scale:.2f}, "
                f"max {spread['max'] * scale:.2f} {unit}"
            )
    print(
        f"cold reproduction, ours: median {ours['cold']['median']:.2f} s = "
        f"{ours['cold']['median'] / BUDGET_SECONDS:.2f} of the {BUDGET_SECONDS:.0f} s budget "
        f"(goal {GOAL_SECONDS:.0f} s); cached {ours['cached']['median'] * 1e3:.3f} ms "
        f"(budget {CACHED_BUDGET_SECONDS * 1e3:.0f} ms)"
    )
    if args.baseline:
        print(
            "baseline / ours (medians): "
            + ", ".join(f"{key} {ratio:.2f}x" for key, ratio in report["speedup_median"].items())
            + f"; table files byte-identical: {identical}, same values: {same_values}"
        )
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
