"""Benchmark: the CEADs importer against pandas.read_excel of the same workbooks, in one run.

    PYTHONPATH=src python bench/bench_ceads.py [FOLDER]

FOLDER defaults to ../shared/data/ceads when it exists, else five 30-province fixture workbooks are
written to a temporary folder. Reports seconds per run (best of 3) and the ratio importer / pandas
(pandas only parses the sheets into frames; the importer also validates and sums).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from ceads_workbooks import write_workbook  # noqa: E402

from scenarios.data.ceads import read_ceads  # noqa: E402

SHEETS = (
    "Beijing",
    "Tianjin",
    "Hebei",
    "Shanxi",
    "InnerMongolia",
    "Liaoning",
    "Jilin",
    "Heilongjiang",
    "Shanghai",
    "Jiangsu",
    "Zhejiang",
    "Anhui",
    "Fujian",
    "Jiangxi",
    "Shandong",
    "Henan",
    "Hubei",
    "Hunan",
    "Guangdong",
    "Guangxi",
    "Hainan",
    "Chongqing",
    "Sichuan",
    "Guizhou",
    "Yunnan",
    "Shaanxi",
    "Gansu",
    "Qinghai",
    "Ningxia",
    "Xinjiang",
)


def best_of(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    real = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".." / "shared" / "data" / "ceads"
    with tempfile.TemporaryDirectory() as scratch:
        if real.is_dir():
            folder, label = real, f"real workbooks in {real}"
        else:
            folder, label = Path(scratch), "five 30-province fixture workbooks"
            for year in range(2011, 2016):
                write_workbook(folder / f"{year}.xlsx", year, provinces=SHEETS)
        files = sorted(folder.glob("*.xlsx"))
        ours = best_of(lambda: read_ceads(folder))
        reference = best_of(lambda: [pd.read_excel(f, sheet_name=None, engine="openpyxl") for f in files])
    print(f"{label}: {len(files)} files")
    print(f"read_ceads           {ours:7.3f} s")
    print(f"pandas.read_excel    {reference:7.3f} s")
    print(f"ratio (ours/pandas)  {ours / reference:7.2f}")


if __name__ == "__main__":
    main()
