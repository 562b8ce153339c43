"""`python -m scenarios panel FILE`: check a yearbook panel and describe its analysis variables (Table 1).

On the synthetic demo panel, or a panel made from it (:func:`scenarios.data.demo.as_labelled`: a ``data``
column saying so, or the same content), the output starts with a SYNTHETIC DATA line, and
``--write-analysis`` writes a ``data`` column saying "synthetic demo" (else "user panel"), which fit,
lmtest and unitroot recognise.
"""

from __future__ import annotations

import argparse

from scenarios.cli import writing
from scenarios.cli._panel_options import print_result
from scenarios.data.panel import describe, load_panel
from scenarios.provenance import labelled

#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "check a panel file (CSV/XLSX) and describe its analysis variables"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "panel",
        help=HELP,
        description="Validate a province-year panel in the raw schema (data/README.md), report every "
        "problem with its row and column, and print the descriptive statistics of the paper's analysis "
        "variables in the layout of its Table 1.",
    )
    parser.add_argument("file", help="the panel, CSV or XLSX")
    parser.add_argument("--sheet", help="the XLSX sheet (default: 'panel', else the first with a province column)")
    parser.add_argument("--write-analysis", metavar="CSV", help="also write the analysis variables to this CSV")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from scenarios.data.demo import as_labelled  # here: it imports scipy.optimize, 0.25 s of every start-up

    panel = as_labelled(load_panel(args.file, sheet=args.sheet))
    synthetic = panel.synthetic
    years = panel.years
    lines = [f"{panel.source}: valid, {len(panel.provinces)} provinces x {len(years)} years ({years[0]}-{years[-1]})"]
    lines += [f"note: {notice}" for notice in panel.notices]
    lines += ["", describe(panel.analysis).to_string(index=False, float_format=lambda v: f"{v:.3f}")]
    if args.write_analysis:  # before printing, so a failure prints only the error
        with writing("--write-analysis"):
            labelled(panel.analysis, synthetic).to_csv(args.write_analysis, index=False)
        lines += ["", f"wrote {args.write_analysis}"]
    print_result("\n".join(lines), synthetic)
    return 0
