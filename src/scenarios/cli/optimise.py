"""`python -m scenarios optimise`: the allocation of a technology-import subsidy across provinces that
minimises national emissions, spillovers included, beside the paper's rule and an equal split.

    python -m scenarios optimise --budget 50 [--start 2022 --end 2030] [--share 1] [--series total]
        [--objective cumulative] [--eligible all|lowest:K|Name,Name] [--cap 0.3|2x] [--scenario QUERY]
        [--out F.csv] [--json] [--data PANEL]

The library is :mod:`scenarios.projection.optimise`. Without ``--data`` the synthetic demo panel is used
and the output says so (the CSV's ``data`` column, the JSON's ``synthetic`` member, the notice).
"""

from __future__ import annotations

import argparse
import sys

from scenarios.cli import whole_number, writing
from scenarios.cli._projection_options import add_panel_arguments
from scenarios.cli._projection_options import panel as _panel
from scenarios.errors import InputError, Problem
from scenarios.provenance import LABEL_COLUMN, SYNTHETIC_NOTICE

#: CSV columns, in order: one row per province.
CSV_COLUMNS = ("province", "amount", "share_of_budget", "marginal", "avoided_mt", LABEL_COLUMN)

DESCRIPTION = """\
Find the allocation of a central technology-import subsidy across the 30 provinces that minimises
national emissions of a series, spillovers included (the paper's spatial Durbin model: a province's
extra imports cut its own emissions but, where the W*tech coefficient is positive, raise its
neighbours'). Compared with the paper's rule (equal shares to the k lowest-stock provinces) and an
equal split across all provinces, with bands over the engine's 1,000 coefficient draws.

--budget is CNY 100 million per year, paid --start..--end (default: every projected year to the
horizon); --share of it is spent on technology imports (default: the scenario's, 1). --series total,
one industry, or industries (the four together); --objective cumulative (summed to the horizon) or
horizon (the horizon year alone). --eligible all, lowest:K (the K provinces with the lowest import
stock), or names separated by commas. --cap F: at most F of the budget per province (0 < F <= 1), or
Nx: at most N times the province's own import spending (its import part). --scenario QUERY: the
share-link query of the rest of the scenario (coefficients, horizon, growth levers, assumptions).

--out writes a CSV, one row per province: province, amount (CNY 100 million per year),
share_of_budget, marginal (t CO2 per CNY 10,000 more at the optimum; negative avoids), avoided_mt (Mt
avoided in that province, spillovers included; they sum to the national figure) and data ("synthetic
demo" or "user panel"). --json prints avoided_mt, cost_per_tonne (CNY per t), paper_rule_avoided_mt,
equal_split_avoided_mt, beats_paper_rule_share (over the draws), kkt_violation (t CO2 per CNY 10,000)
and scenario: the share-link query with this allocation applied, so that
  python -m scenarios project --scenario "<scenario>" --json
reproduces the avoided Mt (its subsidy.avoided_mt, for total emissions summed to the horizon).

Without --data the synthetic demo panel is used: its numbers are NOT real data, and the output says so.
"""


def _cap(text: str) -> tuple[float | None, float | None]:
    """(share of budget, multiple of own spending) from ``0.3`` or ``2x``."""
    multiple = text.strip().lower().endswith("x")
    try:
        value = float(text.strip()[:-1] if multiple else text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a share of the budget (0.3) or a multiple of own spending (2x), not {text!r}"
        ) from None
    return (None, value) if multiple else (value, None)


def _budget(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number (CNY 100 million per year), not {text!r}") from None


HELP = "optimal allocation of a technology-import subsidy across provinces (spillovers included)"


def register(subparsers) -> None:
    from scenarios.projection.optimise import OBJECTIVES, SERIES_CHOICES

    parser = subparsers.add_parser(
        "optimise",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--budget",
        type=_budget,
        required=True,
        metavar="AMOUNT",
        help="CNY 100 million per year, e.g. 50 (CNY 5 billion a year)",
    )
    parser.add_argument("--start", type=whole_number(2000, 2100), metavar="Y", help="first year paid")
    parser.add_argument("--end", type=whole_number(2000, 2100), metavar="Y", help="last year paid")
    parser.add_argument("--share", type=float, metavar="F", help="share spent on technology imports (0-1)")
    parser.add_argument("--series", choices=SERIES_CHOICES, default="total", help="emissions minimised")
    parser.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="cumulative",
        help="cumulative to the horizon (default) or in the horizon year",
    )
    parser.add_argument(
        "--eligible", default="all", metavar="all|lowest:K|Name,Name", help="provinces that may be funded (default all)"
    )
    parser.add_argument(
        "--cap",
        type=_cap,
        metavar="F|Nx",
        help="per province: F of the budget (0-1), or N times its own import spending (Nx)",
    )
    parser.add_argument("--scenario", default="", metavar="QUERY", help="share-link query of the rest of the scenario")
    parser.add_argument("--out", metavar="F.csv", help="write the allocation by province here")
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    add_panel_arguments(parser, "the robustness bands")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from scenarios.cli._panel_options import print_result
    from scenarios.projection.engine import engine_for
    from scenarios.projection.link import decode
    from scenarios.projection.optimise import optimise

    scenario, notices = decode(args.scenario)
    for notice in notices:
        print(f"notice: {notice}", file=sys.stderr)
    if args.share is not None and not 0 <= args.share <= 1:
        raise InputError(Problem(f"must be between 0 and 1, got {args.share:g}", parameter="--share"))
    cap_share, cap_multiple = args.cap or (None, None)
    panel = _panel(args.data)
    engine = engine_for(panel, scenario.coefficients, args.draws, args.seed)
    result = optimise(
        engine,
        scenario,
        args.budget,
        start=args.start,
        end=args.end,
        share=args.share,
        series=args.series,
        objective=args.objective,
        eligible=args.eligible,
        cap_share=cap_share,
        cap_multiple=cap_multiple,
    )
    if args.out:
        with writing("--out"):
            result.table().reindex(columns=list(CSV_COLUMNS)).to_csv(args.out, index=False)
    if args.json or not args.out:
        print_result(result.to_dict() if args.json else result.summary, result.synthetic)
    elif result.synthetic:
        print(SYNTHETIC_NOTICE, file=sys.stderr)
    return 0
