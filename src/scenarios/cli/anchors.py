"""`python -m scenarios anchors`: write the real anchor table (CEADs CO2, technology-import spending, NBS).

    python -m scenarios anchors --out anchors.csv [--json]

One row per sample province (30) and year (1998-2023): co2_total, co2_steel, co2_building_materials,
co2_nonferrous, co2_petrochemical (Mt CO2, CEADs, 1998-2019); tech_import_expenditure (CNY 10,000 at
current prices, S&T yearbook, 2018-2023; empty where not reported), tech_import_expenditure_filled and
tech_import_flag (the rule for unreported cells), tech_stock (perpetual inventory, Eq. 1-2); gdp (CNY 100
million), gdp_per_capita (CNY 10,000 per person) and tertiary_share (NBS, 2019-2023); and the data label.
The summary (or with --json: units, coverage, filled cells, sources and raw files) goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from scenarios.cli import writing
from scenarios.errors import InputError, Problem

HELP = "write the real anchor table (CEADs CO2 1998-2019, technology-import spending 2018-2023, NBS)"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "anchors",
        help=HELP,
        description=__doc__.replace("`python -m scenarios anchors`: w", "W", 1),
        epilog="Sources, units and the rule for unreported cells: data/README.md and docs/real-data.md. "
        "Cite CEADs (Shan et al. 2016, 2018, 2020; Guan et al. 2021) and the yearbooks wherever the figures appear.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", required=True, help="output CSV")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print units, coverage, filled cells and sources as JSON instead of the summary",
    )
    parser.set_defaults(handler=run)


def _plain(value):
    """JSON-safe: NaN becomes null, numpy scalars plain numbers."""
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def _records(frame) -> list[dict]:
    return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def run(args) -> int:
    from scenarios.data.anchors import UNITS, real_anchors
    from scenarios.provenance import REAL_ANCHORS_LABEL

    out = Path(args.out)
    if out.suffix.lower() != ".csv":
        raise InputError(Problem("must end in .csv", parameter="--out"))
    anchors = real_anchors()
    table = anchors.table()
    with writing("--out"):
        table.to_csv(out, index=False)
    if args.json:
        report = {
            "data": REAL_ANCHORS_LABEL,
            "synthetic": False,
            "rows": len(table),
            "units": UNITS,
            "coverage": _records(anchors.coverage()),
            "filled": _records(anchors.flags),
            "sources": [source.as_dict() for source in anchors.sources()],
            "files": _records(anchors.files),
        }
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(anchors.summary)
        print("Cite: " + " | ".join(source.citation for source in anchors.sources()))
        print(f"Wrote {len(table)} rows to {out}")
    return 0
