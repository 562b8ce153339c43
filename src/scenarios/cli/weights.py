"""`python -m scenarios weights`: print a spatial weight matrix of the 30 sample provinces as CSV.

The output (header row of English province names, rows in header order, no index column, floats at
full precision) is exactly what ``python -m scenarios fit --w W.csv`` reads.
"""

from __future__ import annotations

import argparse
import sys

from scenarios.geography import KINDS, spatial_weights

#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "print a spatial weight matrix (W1, W2, W3) as CSV"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "weights",
        help=HELP,
        description="Print the paper's spatial weight matrix for the 30 sample provinces as CSV: "
        "a header row of province names, then one row per province in header order.",
        epilog="W1 = 1/d and W2 = 1/d^2, d the great-circle distance (km) between province centroids; "
        "W3 = 1 for provinces sharing a boundary, with Hainan linked to Guangdong. "
        "Example: python -m scenarios weights --kind W3 > W3.csv; python -m scenarios fit --w W3.csv ...",
    )
    parser.add_argument(
        "--kind",
        required=True,
        metavar="KIND",
        help=f"{' | '.join(KINDS)} (or W1, W2, W3)",
    )
    parser.add_argument(
        "--no-row-standardize",
        dest="row_standardize",
        action="store_false",
        help="print the raw weights (1/km, 1/km^2 or 0/1) instead of row-standardised ones",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(spatial_weights(args.kind, row_standardize=args.row_standardize).to_csv())
    return 0
