"""Data options shared by the commands that fit or test a user's panel (fit, lmtest, unitroot):
reading the long panel CSV and the W.csv, with entities matched as strings, and printing a result with
its synthetic label.

``add_data_arguments(parser)`` adds ``--data --entity --time --y --x`` (and ``--w
--no-row-standardize`` when ``weights=True``); ``read_data(args)`` and ``read_weights(args)`` turn
them into a :class:`PanelData` (the DataFrame, and whether it is the synthetic demo panel) and a
row-standardised :class:`~scenarios.geography.SpatialWeights`, raising InputError with the file, row
and column of any problem. ``print_result`` prints a readable text or a JSON payload, labelled when
the data are synthetic (:mod:`scenarios.provenance`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from scenarios.errors import InputError, Problem
from scenarios.geography import SpatialWeights, read_weights_csv
from scenarios.provenance import SYNTHETIC_NOTICE, is_demo_panel_file, is_labelled_synthetic


def add_data_arguments(parser: argparse.ArgumentParser, weights: bool = True, y: bool = True,
                       x: bool = True) -> None:
    """Add the panel data options (and the W options when ``weights``) to a command's parser."""
    group = parser.add_argument_group("data")
    group.add_argument("--data", required=True, metavar="F.csv",
                       help="long panel CSV: one row per entity and period, header in row 1")
    group.add_argument("--entity", required=True, metavar="COL", help="entity (unit) id column")
    group.add_argument("--time", required=True, metavar="COL", help="period column")
    if y:
        group.add_argument("--y", required=True, metavar="COL", help="dependent variable column")
    if x:
        group.add_argument("--x", required=True, metavar="A,B,...", type=split_names,
                           help="explanatory variable columns, comma-separated")
    if weights:
        group.add_argument("--w", required=True, metavar="W.csv",
                           help="square spatial weights CSV: header row = entity ids, rows in header order")
        group.add_argument("--no-row-standardize", dest="row_standardize", action="store_false",
                           help="use W as given instead of dividing each row by its sum")


def split_names(text: str) -> list[str]:
    """'A, B,C' -> ['A', 'B', 'C'] (argparse type for --x)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one column name")
    return names


def _read_csv(path: str, parameter: str, **options) -> pd.DataFrame:
    file = Path(path)
    if not file.is_file():
        raise InputError(Problem("no such file", file=path, parameter=parameter))
    try:
        return pd.read_csv(file, **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputError(Problem(f"cannot read as CSV: {error}", file=path, parameter=parameter)) from None


class PanelData(NamedTuple):
    """The --data table and whether it is the synthetic demo panel (or a copy or table made from it)."""

    frame: pd.DataFrame
    synthetic: bool


def read_data(args: argparse.Namespace) -> PanelData:
    """The --data CSV with the --entity column as strings (so ids match W's header) and the columns named
    by --entity, --time, --y and --x present. Synthetic when the file is the bundled demo panel or a
    byte-identical copy, or has a ``data`` column saying "synthetic demo"."""
    data = _read_csv(args.data, "--data", dtype={args.entity: str})
    wanted = [args.entity, args.time, *([args.y] if getattr(args, "y", None) else []), *getattr(args, "x", [])]
    missing = [c for c in wanted if c not in data.columns]
    if missing:
        raise InputError([Problem("no such column (header row 1)", file=args.data, column=c) for c in missing])
    data[args.entity] = data[args.entity].str.strip()
    return PanelData(data, is_labelled_synthetic(data) or is_demo_panel_file(args.data))


def print_result(result: str | dict, synthetic: bool) -> None:
    """Print a command's result: text as it is, a dict as JSON with a ``"synthetic"`` member.

    Results of synthetic data are labelled with :data:`~scenarios.provenance.SYNTHETIC_NOTICE`: above
    the text on stdout, or on stderr beside JSON (so stdout stays parseable).
    """
    as_json = isinstance(result, dict)
    if synthetic:
        print(SYNTHETIC_NOTICE, file=sys.stderr if as_json else sys.stdout)
    print(json.dumps({**result, "synthetic": synthetic}, indent=2) if as_json else result)


def read_weights(args: argparse.Namespace) -> SpatialWeights:
    """The --w CSV (read by :func:`scenarios.geography.read_weights_csv`: header row = entity ids, rows in
    header order), row-standardised unless --no-row-standardize."""
    weights = read_weights_csv(args.w, name=args.w)
    if not args.row_standardize or weights.row_standardized:
        return weights
    sums = weights.matrix.sum(axis=1)
    if np.any(sums == 0):
        row = int(np.flatnonzero(sums == 0)[0])
        raise InputError(Problem(f"entity {weights.names[row]} has no neighbours (its row sums to 0)",
                                 file=args.w, row=row + 2))
    return SpatialWeights(kind=weights.kind, names=weights.names, matrix=weights.matrix / sums[:, None],
                          row_standardized=True)
