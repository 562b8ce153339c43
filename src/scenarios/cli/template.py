"""`python -m scenarios template --out F.xlsx [--years 2011-2020]`: the yearbook panel template."""

from __future__ import annotations

from pathlib import Path

from scenarios.cli import writing
from scenarios.errors import InputError, Problem

#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "write the yearbook panel template (XLSX) to fill in"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "template",
        help=HELP,
        description="Write an XLSX with every raw-panel column, its unit, yearbook and table, the 30 sample "
        "provinces x years pre-filled, and instructions. See docs/real-data.md.",
    )
    parser.add_argument("--out", required=True, help="output .xlsx file")
    parser.add_argument("--years", default="2011-2020", help="years, e.g. 2011-2020 (default) or 2011,2015")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from scenarios.data.template import parse_years, write_template

    if Path(args.out).suffix.lower() != ".xlsx":
        raise InputError(Problem("must end in .xlsx", parameter="--out"))
    years = parse_years(args.years)
    with writing("--out"):
        write_template(args.out, years=years)
    print(f"Wrote the template ({len(years)} years x 30 provinces) to {args.out}")
    return 0
