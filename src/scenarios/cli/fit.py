"""`python -m scenarios fit`: a fixed-effects spatial panel model (SDM, SAR or SEM) of your own panel,
with LeSage-Pace effects. The JSON layout (``--json``) is a stable interface:

    {"model", "effects", "cov_type", "n_entities", "n_periods", "loglik", "sigma2",
     "coefficients": {"rho" | "lambda": {"coef", "se"}, "<x>": {...}, "W*<x>": {...}},
     "impacts": {"<x>": {"direct": {"coef", "se"}, "indirect": {...}, "total": {...}}},
     "cautions": [text, ...], "synthetic": true | false}

On the synthetic demo panel the readable output starts with a SYNTHETIC DATA line (stderr with --json).
Each caution of the fit (rho or lambda at an end of its admissible interval) is a ``note:`` line on stderr.
"""

from __future__ import annotations

import sys
import warnings

from scenarios.cli import seed, whole_number
from scenarios.cli._panel_options import add_data_arguments, print_result, read_data, read_weights
from scenarios.econometrics.spatial import COV_TYPES, EFFECTS, MODELS, BoundaryWarning, SpatialPanelModel
from scenarios.errors import in_file

#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "fit a spatial panel model (SDM/SAR/SEM, fixed effects, ML) to your panel"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "fit",
        help=HELP,
        description="Maximum-likelihood spatial panel model with entity, time or two-way fixed effects "
        "(Elhorst 2014 demeaning), with direct/indirect/total effects (LeSage-Pace).",
    )
    add_data_arguments(parser)
    parser.add_argument(
        "--model", choices=MODELS, default="sdm", help="spatial Durbin, lag or error model (default sdm)"
    )
    parser.add_argument("--effects", choices=EFFECTS, default="entity", help="fixed effects (default entity)")
    parser.add_argument("--lee-yu", action="store_true", help="Lee-Yu (2010) bias correction")
    parser.add_argument(
        "--cov-type",
        choices=COV_TYPES,
        default=None,
        help="information matrix: Elhorst's (the default) or counting the time effects "
        "as parameters (dummy-variable ML, as spreg with time dummies; the default, and "
        "the only exact one, for SAR/SDM with time effects and --no-row-standardize)",
    )
    parser.add_argument(
        "--draws", type=whole_number(2), default=1000, help="simulation draws for the effects' s.e. (default 1000)"
    )
    parser.add_argument("--seed", type=seed, default=0, help="seed of the effects simulation (default 0)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.set_defaults(handler=run)


def _coef_se(coef, se) -> dict:
    return {"coef": float(coef), "se": float(se)}


def as_json(results, impacts) -> dict:
    """The stable JSON layout of a fit and its effects."""
    table = impacts.table
    return {
        "model": results.model,
        "effects": results.effects,
        "cov_type": results.cov_type,
        "n_entities": results.n_entities,
        "n_periods": results.n_periods,
        "loglik": results.loglik,
        "sigma2": results.sigma2,
        "coefficients": {
            name: _coef_se(results.params[name], results.std_errors[name]) for name in results.params.index
        },
        "impacts": {
            variable: {
                kind: _coef_se(table.loc[variable, (kind, "coef")], table.loc[variable, (kind, "se")])
                for kind in ("direct", "indirect", "total")
            }
            for variable in table.index
        },
        "cautions": list(results.cautions),
    }


def run(args) -> int:
    data = read_data(args)
    weights = read_weights(args)
    with in_file(args.data), warnings.catch_warnings():
        warnings.simplefilter("ignore", BoundaryWarning)  # said once below, as a note
        model = SpatialPanelModel(
            data.frame,
            args.y,
            args.x,
            weights,
            model=args.model,
            effects=args.effects,
            entity=args.entity,
            time=args.time,
            lee_yu=args.lee_yu,
        )
        results = model.fit(cov_type=args.cov_type)
    for caution in results.cautions:
        print(f"note: {caution}", file=sys.stderr)
    impacts = results.impacts(draws=args.draws, seed=args.seed)
    print_result(as_json(results, impacts) if args.json else f"{results.summary}\n\n{impacts.summary}", data.synthetic)
    return 0
