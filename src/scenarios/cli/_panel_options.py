"""Data options shared by the commands that fit or test a user's panel (fit, lmtest, unitroot):
reading the long panel (CSV or XLSX) and the W.csv, with entities matched as strings, and printing a
result with its synthetic label.

``add_data_arguments(parser)`` adds ``--data --sheet --entity --time --y --x`` (and ``--w
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

from scenarios.data.panel import COLUMNS, panel_from_frame
from scenarios.data.reader import read_table
from scenarios.errors import InputError, Problem
from scenarios.geography import SpatialWeights, read_weights_csv
from scenarios.provenance import SYNTHETIC_NOTICE, is_labelled_synthetic


def add_data_arguments(parser: argparse.ArgumentParser, weights: bool = True, y: bool = True, x: bool = True) -> None:
    """Add the panel data options (and the W options when ``weights``) to a command's parser."""
    group = parser.add_argument_group("data")
    group.add_argument(
        "--data",
        required=True,
        metavar="FILE",
        help="long panel, CSV or XLSX: one row per entity and period, header in row 1",
    )
    group.add_argument(
        "--sheet",
        metavar="NAME",
        help="XLSX sheet to read (default: 'panel', else the first with a 'province' column, else the first)",
    )
    group.add_argument("--entity", required=True, metavar="COL", help="entity (unit) id column")
    group.add_argument("--time", required=True, metavar="COL", help="period column")
    if y:
        group.add_argument("--y", required=True, metavar="COL", help="dependent variable column")
    if x:
        group.add_argument(
            "--x",
            required=True,
            metavar="A,B,...",
            type=split_names,
            help="explanatory variable columns, comma-separated",
        )
    if weights:
        group.add_argument(
            "--w",
            required=True,
            metavar="W.csv",
            help="square spatial weights CSV: header row = entity ids, rows in header order",
        )
        group.add_argument(
            "--no-row-standardize",
            dest="row_standardize",
            action="store_false",
            help="use W as given instead of dividing each row by its sum",
        )


def split_names(text: str) -> list[str]:
    """'A, B,C' -> ['A', 'B', 'C'] (argparse type for --x)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one column name")
    return names


def _existing_file(path: str, parameter: str) -> str:
    if not Path(path).is_file():
        raise InputError(Problem("no such file", file=path, parameter=parameter))
    return path


def _column(cells: pd.Series, as_text: bool) -> pd.Series:
    """A column of cells as read: text stripped (blank = missing) when ``as_text``; else numbers when every
    filled cell is one (int or float, as pandas reads a CSV), otherwise as read for the estimator to report."""
    cells = cells.map(lambda cell: cell.strip() if isinstance(cell, str) else cell)
    blank = cells.isna() | cells.eq("")
    if as_text:
        return cells.map(str).where(~blank)
    numbers = pd.to_numeric(cells.where(~blank), errors="coerce")
    return numbers if (numbers.notna() | blank).all() else cells


class PanelData(NamedTuple):
    """The --data table and whether it is the synthetic demo panel (or a copy or table made from it)."""

    frame: pd.DataFrame
    synthetic: bool


def read_data(args: argparse.Namespace) -> PanelData:
    """The --data table (CSV or XLSX, read by :func:`scenarios.data.reader.read_table`: parsed, never executed)
    with the --entity column as text (so ids match W's header), columns whose cells are all numbers as
    numbers, and the columns named by --entity, --time, --y and --x present. Synthetic as
    :func:`is_synthetic` says."""
    table = read_table(_existing_file(args.data, "--data"), name=args.data, sheet=getattr(args, "sheet", None))
    header = [str(name).strip() for name in table.header]
    wanted = [args.entity, args.time, *([args.y] if getattr(args, "y", None) else []), *getattr(args, "x", [])]
    problems = [Problem("no such column (header row 1)", file=args.data, column=c) for c in wanted if c not in header]
    problems += [
        Problem(f"column {c!r} appears {header.count(c)} times in the header", file=args.data, row=1)
        for c in dict.fromkeys(wanted)
        if header.count(c) > 1
    ]
    if problems:
        raise InputError(problems)
    width = len(header)
    cells = pd.DataFrame([list(row[:width]) + [None] * (width - len(row)) for _, row in table.rows], dtype=object)
    columns = {}
    for position, name in enumerate(header):
        if name and name not in columns:
            columns[name] = _column(cells[position], as_text=name == args.entity)
    data = pd.DataFrame(columns)
    return PanelData(data, is_synthetic(data))


def is_synthetic(data: pd.DataFrame) -> bool:
    """True when a ``data`` column says "synthetic demo" (the demo CSV and the tables written from it), or
    the table holds the raw panel schema with the demo panel's content (:func:`scenarios.data.demo.is_demo_derived`)."""
    if is_labelled_synthetic(data):
        return True
    if not set(COLUMNS) <= set(data.columns):
        return False
    from scenarios.data.demo import is_demo_derived  # here: it imports scipy.optimize, 0.25 s of every start-up

    try:
        return is_demo_derived(panel_from_frame(data[list(COLUMNS)]))
    except InputError:  # not a valid raw panel, so not the demo's
        return False


def print_result(result: str | dict, synthetic: bool) -> None:
    """Print a command's result: text as it is, a dict as JSON with a ``"synthetic"`` member.

    Results of synthetic data are labelled with :data:`~scenarios.provenance.SYNTHETIC_NOTICE`: above
    the text on stdout, or on stderr beside JSON (so stdout stays parseable).
    """
    if isinstance(result, dict):
        if synthetic:
            print(SYNTHETIC_NOTICE, file=sys.stderr)
        print(json.dumps({**result, "synthetic": synthetic}, indent=2, ensure_ascii=False))
        return
    if synthetic and not result.startswith(SYNTHETIC_NOTICE):  # a summary may carry it already
        print(SYNTHETIC_NOTICE)
    print(result)


def read_weights(args: argparse.Namespace) -> SpatialWeights:
    """The --w CSV (read by :func:`scenarios.geography.read_weights_csv`: header row = entity ids, rows in
    header order), row-standardised unless --no-row-standardize."""
    weights = read_weights_csv(_existing_file(args.w, "--w"), name=args.w)
    if not args.row_standardize or weights.row_standardized:
        return weights
    sums = weights.matrix.sum(axis=1)
    if np.any(sums == 0):
        row = int(np.flatnonzero(sums == 0)[0])
        raise InputError(
            Problem(f"entity {weights.names[row]} has no neighbours (its row sums to 0)", file=args.w, row=row + 2)
        )
    return SpatialWeights(
        kind=weights.kind, names=weights.names, matrix=weights.matrix / sums[:, None], row_standardized=True
    )
