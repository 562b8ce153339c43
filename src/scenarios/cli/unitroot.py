"""`python -m scenarios unitroot`: panel unit-root tests of one variable (paper Table 2).

JSON (``--json``, a stable interface): {"llc", "ips", "fisher_adf", "fisher_pp"}, each {"stat", "p"}:
LLC adjusted t*, IPS W-t-bar, and for the Fisher tests the modified inverse chi-squared Pm (the statistic
the paper's Table 2 reports), and "synthetic": true | false. The readable table also prints Fisher's
P, Z and L*. On the synthetic demo panel the readable output starts with a SYNTHETIC DATA line (stderr
with --json).
"""

from __future__ import annotations

from scenarios.cli._panel_options import add_data_arguments, print_result, read_data
from scenarios.econometrics.unitroot import TRENDS, panel_unit_root
from scenarios.errors import InputError, Problem, in_file

#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "LLC, IPS and Fisher ADF/PP panel unit-root tests"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "unitroot",
        help=HELP,
        description="Levin-Lin-Chu, Im-Pesaran-Shin and Fisher-type ADF / Phillips-Perron tests of one "
        "variable of a balanced panel, reported as Stata's xtunitroot. H0: every unit has a unit root.",
    )
    add_data_arguments(parser, weights=False, y=False, x=False)
    parser.add_argument("--var", required=True, metavar="COL", help="the variable to test")
    parser.add_argument(
        "--lags",
        type=int,
        default=1,
        metavar="L",
        help="ADF lags / Phillips-Perron Newey-West lags (default 1; give it explicitly for short T)",
    )
    parser.add_argument(
        "--trend", choices=TRENDS, default="c", help="c: unit intercepts; ct: intercepts and linear trends (default c)"
    )
    parser.add_argument("--demean", action="store_true", help="subtract the cross-sectional mean each period")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"llc", "ips", "fisher_adf", "fisher_pp"} each {"stat", "p"} (Fisher: Pm)',
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    data = read_data(args)
    if args.var not in data.frame.columns:
        raise InputError(Problem("no such column (header row 1)", file=args.data, column=args.var))
    with in_file(args.data):
        results = panel_unit_root(
            data.frame,
            args.var,
            entity=args.entity,
            time=args.time,
            lags=args.lags,
            trend=args.trend,
            demean=args.demean,
        )
    print_result(results.to_dict() if args.json else results.summary, data.synthetic)
    return 0
