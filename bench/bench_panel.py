"""Loading and transforming a 30 x 10 panel, beside pandas reading the same bytes (the reference).

Run: PYTHONPATH=src /work/venv/bin/python bench/bench_panel.py
The loader checks every cell and names each problem, so it is slower than a bare read; the ratio is
what to watch. Budget: load + transform under 150 ms on one core (an upload, once per session).
"""

from __future__ import annotations

import io
import statistics
import time

import numpy as np
import pandas as pd

from scenarios.data.panel import COLUMNS, load_panel, transform
from scenarios.geography import sample_provinces


def _panel_bytes() -> tuple[bytes, bytes]:
    rng = np.random.default_rng(0)
    rows = [(p, y) for p in sample_provinces() for y in range(2011, 2021)]
    frame = pd.DataFrame(rows, columns=["province", "year"])
    for column in COLUMNS[2:]:
        frame[column] = rng.uniform(0.1, 0.9, len(frame)) * (100 if column == "fai_price_index" else 1)
    xlsx = io.BytesIO()
    frame.to_excel(xlsx, index=False, sheet_name="panel")
    return frame.to_csv(index=False).encode(), xlsx.getvalue()


def _median_ms(function, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    csv_bytes, xlsx_bytes = _panel_bytes()
    panel = load_panel(csv_bytes, name="bench.csv")
    rows = [
        (
            "load CSV",
            _median_ms(lambda: load_panel(csv_bytes, name="b.csv")),
            _median_ms(lambda: pd.read_csv(io.BytesIO(csv_bytes))),
        ),
        (
            "load XLSX",
            _median_ms(lambda: load_panel(xlsx_bytes, name="b.xlsx"), 5),
            _median_ms(lambda: pd.read_excel(io.BytesIO(xlsx_bytes)), 5),
        ),
        ("transform", _median_ms(lambda: transform(panel.raw)), float("nan")),
    ]
    print(f"{'step':<10} {'ours ms':>9} {'pandas ms':>10} {'ratio':>7}")
    for step, ours, reference in rows:
        print(f"{step:<10} {ours:9.1f} {reference:10.1f} {ours / reference:7.1f}")


if __name__ == "__main__":
    main()
