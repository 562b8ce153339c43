"""Benchmark: start-up of the command line and of the app's first page, each in a fresh process.

    PYTHONPATH=src python bench/bench_startup.py [--repeats 5]

Side by side in one run, each against its reference (the floor it cannot beat):

1. ``python -m scenarios --help`` against ``python -c pass`` (the interpreter alone). Goal: < 0.3 s.
2. The first page (the entry script and Overview, through AppTest, in a fresh process) against
   ``import streamlit`` plus an empty AppTest script. Goal: < 2 s.

Reported as min / median / max seconds and the ratio of medians, with the load average; written to
``bench/results/startup.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
FIRST_PAGE = (
    "from streamlit.testing.v1 import AppTest\n"
    f"app = AppTest.from_file({str(ROOT / 'streamlit_app.py')!r}, default_timeout=120).run()\n"
    "assert not app.exception, app.exception\n"
)
EMPTY_PAGE = (
    "from streamlit.testing.v1 import AppTest\n"
    "app = AppTest.from_string('import streamlit as st\\nst.title(\"x\")', default_timeout=120).run()\n"
)
GOALS = {"cli_help": 0.3, "first_page": 2.0}


def _seconds(command: list[str], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, env=ENV, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def _row(name: str, ours: list[float], reference: list[float], reference_name: str) -> dict:
    return {
        "what": name,
        "reference": reference_name,
        "ours_s": [round(min(ours), 3), round(statistics.median(ours), 3), round(max(ours), 3)],
        "reference_s": [round(min(reference), 3), round(statistics.median(reference), 3), round(max(reference), 3)],
        "ratio_of_medians": round(statistics.median(ours) / statistics.median(reference), 2),
        "goal_s": GOALS[name],
        "goal_met": statistics.median(ours) < GOALS[name],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    rows = [
        _row(
            "cli_help",
            _seconds([python, "-m", "scenarios", "--help"], args.repeats),
            _seconds([python, "-c", "pass"], args.repeats),
            "python -c pass",
        ),
        _row(
            "first_page",
            _seconds([python, "-c", FIRST_PAGE], args.repeats),
            _seconds([python, "-c", EMPTY_PAGE], args.repeats),
            "streamlit + an empty AppTest page",
        ),
    ]
    result = {"load_average": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count(), "rows": rows}
    out = ROOT / "bench" / "results" / "startup.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    for row in rows:
        print(
            f"{row['what']:<12} ours {row['ours_s']} s  {row['reference']} {row['reference_s']} s  "
            f"ratio {row['ratio_of_medians']}  goal < {row['goal_s']} s: {'met' if row['goal_met'] else 'NOT met'}"
        )
    print(f"load average {result['load_average']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
