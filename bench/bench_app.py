"""Benchmark: the Scenario explorer's response to a slider move, server side, on the demo panel.

    PYTHONPATH=src python bench/bench_app.py [--moves 20]

Budget: 300 ms from a slider move to the page's script having run (what the server does before the
browser redraws). Measured two ways in one run, on the same warm process (the first projection engine
and the reproduction are built before timing: they are once-per-server costs, see docs/app.md):

1. AppTest: the explorer page, rerun after ``slider.set_value`` with a value never seen before (so the
   projection cache misses and the projection is really computed), against a no-op rerun of the same
   page (nothing changed: the cost of drawing the page). Reported as medians and the ratio move / no-op.
2. The page's library call alone: ``scenarios.projection.engine.project`` for a new scenario (a cache miss).

AppTest runs the script in-process without a browser or websocket; the browser's own drawing is not
included (it is the same for every rerun and does not depend on the levers).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from scenarios.data.demo import load_demo_panel
from scenarios.projection.engine import project
from scenarios.projection.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MS = 300.0


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def app_timings(moves: int) -> tuple[list[float], list[float]]:
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
    app.run()
    app.switch_page("app_pages/explorer.py").run()
    slider = "w.lever.import_growth"
    noop, move = [], []
    for i in range(moves):
        noop.append(_timed(app.run))
        value = 5.5 + 0.5 * (i % 40) if i % 2 else 4.5 - 0.5 * (i % 20)  # a value not used before
        app.slider(key=slider).set_value(value)
        move.append(_timed(app.run))
        assert not app.exception, [e.value for e in app.exception]
        assert app.session_state["scenario"].import_growth in (value, None)
    return noop, move


def library_timings(moves: int) -> list[float]:
    panel = load_demo_panel()
    project(Scenario(), panel)  # build the engine once, as the server does on its first request
    return [_timed(lambda i=i: project(Scenario(import_growth=-7.25 - 0.25 * i), panel)) for i in range(moves)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20)
    moves = parser.parse_args().moves
    library = library_timings(moves)
    noop, move = app_timings(moves)
    median_noop, median_move = statistics.median(noop), statistics.median(move)
    print(
        f"slider move, explorer page (AppTest), median of {moves}: {median_move:7.1f} ms "
        f"(max {max(move):.1f}; budget {BUDGET_MS:.0f} ms: {'OK' if median_move <= BUDGET_MS else 'OVER'})"
    )
    print(f"no-op rerun, same page, median of {moves}:           {median_noop:7.1f} ms")
    print(f"ratio move / no-op:                                  {median_move / median_noop:7.2f}")
    print(
        f"project() for a new scenario, median of {moves}:      {statistics.median(library):7.1f} ms "
        f"(max {max(library):.1f})"
    )


if __name__ == "__main__":
    main()
