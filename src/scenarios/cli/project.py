"""`python -m scenarios project`: project provincial and industry CO2 under a scenario.

    python -m scenarios project --scenario "g=8&s=50" --out projection.csv [--json] [--data PANEL]

``--scenario`` is what the app's share link carries after ``?`` (empty: the defaults); notices about
anything dropped from it go to stderr. Without ``--data`` the synthetic demo panel is used, and the
output says so: a ``synthetic`` column (CSV) or member (JSON), and the shared notice
(:data:`scenarios.provenance.SYNTHETIC_NOTICE`) above the summary, or on stderr beside JSON or a CSV.
"""

from __future__ import annotations

import sys

import pandas as pd

from scenarios.cli import seed, whole_number, writing
from scenarios.errors import InputError, Problem
from scenarios.provenance import SYNTHETIC_NOTICE

#: CSV columns, in order (province rows, then national rows with province "National").
CSV_COLUMNS = (
    "province", "year", "industry", "scope",
    "baseline_mt", "scenario_mt", "delta_log", "own", "spillover", "tech_baseline", "tech_scenario",
    "scenario_mt_p05", "scenario_mt_p95", "delta_log_p05", "delta_log_p95",
    "modified_baseline_mt", "policy_delta_log", "own_mt", "spillover_mt", "spillover_modelled", "synthetic",
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "project",
        help="project provincial and industry CO2 under a scenario (share-link query)",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument("--scenario", default="", metavar="QUERY",
                        help="share-link query, e.g. 'g=8&gr=E:10&s=50&h=2035' (empty: defaults)")
    parser.add_argument("--out", metavar="F.csv", help="write the long table (province, year, industry) here")
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    parser.add_argument("--data", metavar="PANEL", help="panel CSV/XLSX (default: the synthetic demo panel)")
    parser.add_argument("--draws", type=whole_number(100), default=1000,
                        help="coefficient draws for the bands (default 1000, at least 100)")
    parser.add_argument("--seed", type=seed, default=0, help="seed of the draws (default 0)")
    parser.set_defaults(handler=run)


def _panel(path: str | None):
    if path:
        from scenarios.panel import load_panel

        return load_panel(path)
    try:
        from scenarios.demo import load_demo_panel
    except ImportError as error:
        raise InputError(Problem("no --data given and the demo panel is not installed", parameter="--data")) from error
    return load_demo_panel()


def table(projection) -> pd.DataFrame:
    """Province rows then national rows, in :data:`CSV_COLUMNS` order."""
    provinces = projection.frame.assign(scope="province")
    national = projection.national.assign(province="National", scope="national")
    national["spillover_modelled"] = national["industry"].map(
        provinces.drop_duplicates("industry").set_index("industry")["spillover_modelled"]
    )
    return pd.concat([provinces, national], ignore_index=True).reindex(columns=list(CSV_COLUMNS))


def run(args) -> int:
    from scenarios.cli._panel_options import print_result
    from scenarios.projection import project
    from scenarios.share_link import decode

    scenario, notices = decode(args.scenario)
    for notice in notices:
        print(f"notice: {notice}", file=sys.stderr)
    panel = _panel(args.data)
    projection = project(scenario, panel, draws=args.draws, seed=args.seed)
    for warning in projection.warnings:
        if warning != SYNTHETIC_NOTICE:  # said once, below
            print(f"warning: {warning}", file=sys.stderr)
    if args.out:
        with writing("--out"):
            table(projection).to_csv(args.out, index=False)
    if args.json or not args.out:
        print_result(projection.to_dict() if args.json else projection.summary, projection.synthetic)
    elif projection.synthetic:
        print(SYNTHETIC_NOTICE, file=sys.stderr)
    return 0
