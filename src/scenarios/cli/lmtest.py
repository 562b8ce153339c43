"""`python -m scenarios lmtest`: panel LM tests (lag, error, robust forms) on the non-spatial model of
your panel. JSON (``--json``, a stable interface): {"lm_lag", "lm_error", "robust_lm_lag",
"robust_lm_error"}, each {"stat", "p"}, and "synthetic": true | false. On the synthetic demo panel the
readable output starts with a SYNTHETIC DATA line (stderr with --json)."""

from __future__ import annotations

from scenarios.cli._panel_options import add_data_arguments, print_result, read_data, read_weights
from scenarios.econometrics.spatial_tests import LM_CONVENTIONS, LM_EFFECTS, lm_tests
from scenarios.errors import in_file

#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "panel LM tests for spatial lag / error on your panel"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "lmtest",
        help=HELP,
        description="LM-lag, LM-error and robust forms (Anselin; Elhorst 2014) on pooled OLS or on the "
        "fixed-effects (demeaned) non-spatial model.",
    )
    add_data_arguments(parser)
    parser.add_argument(
        "--effects",
        choices=LM_EFFECTS,
        default="entity",
        help="pooled OLS or the fixed-effects model the tests are computed on (default entity)",
    )
    parser.add_argument(
        "--convention",
        choices=LM_CONVENTIONS,
        default="dummies",
        help="with time effects: the LM tests of the model with explicit dummies (default) "
        'or R splm\'s slmtest(model = "within"); the same with entity effects',
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(handler=run)


def run(args) -> int:
    data = read_data(args)
    weights = read_weights(args)
    with in_file(args.data):
        results = lm_tests(
            data.frame,
            args.y,
            args.x,
            weights,
            effects=args.effects,
            entity=args.entity,
            time=args.time,
            convention=args.convention,
        )
    if args.json:
        tests = results.to_frame()
        print_result(
            {name: {"stat": float(row.stat), "p": float(row.p)} for name, row in tests.iterrows()}, data.synthetic
        )
    else:
        print_result(results.summary, data.synthetic)
    return 0
