"""`python -m scenarios project`: project provincial and industry CO2 under a scenario.

    python -m scenarios project --scenario "g=8&s=50" --out projection.csv [--json]
                                [--anchors real|demo | --data PANEL]

``--scenario`` is what the app's share link carries after ``?`` (empty: the defaults); notices about
anything dropped from it go to stderr. The data set is the real anchors by default (CEADs 2019, the S&T
yearbook's spending 2018-2023, published coefficients); ``--anchors demo`` (or ``anchors=demo`` in the
query) uses the synthetic demo panel, and the output says so: ``synthetic`` and ``data`` ("synthetic
demo") columns (CSV) or member (JSON), and the shared notice (:data:`scenarios.provenance.SYNTHETIC_NOTICE`)
above the summary, or on stderr beside JSON or a CSV. ``--data`` projects from the user's panel.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from scenarios.cli import writing
from scenarios.cli._projection_options import add_panel_arguments
from scenarios.cli._projection_options import panel as _panel
from scenarios.errors import InputError, Problem
from scenarios.provenance import LABEL_COLUMN, SYNTHETIC_NOTICE, labelled

#: CSV columns, in order (province rows, then national rows with province "National").
CSV_COLUMNS = (
    "province",
    "year",
    "industry",
    "scope",
    "baseline_mt",
    "scenario_mt",
    "delta_log",
    "own",
    "spillover",
    "tech_baseline",
    "tech_scenario",
    "scenario_mt_p05",
    "scenario_mt_p95",
    "delta_log_p05",
    "delta_log_p95",
    "modified_baseline_mt",
    "policy_delta_log",
    "own_mt",
    "spillover_mt",
    "spillover_modelled",
    "spending_filled",
    "synthetic",
    LABEL_COLUMN,
)


#: Columns empty on national rows: a log-point own/spillover split and ln K belong to one province (the
#: national Mt split is own_mt/spillover_mt), and the national band is of the level only (scenario_mt_p05/p95).
NATIONAL_EMPTY = (
    "own",
    "spillover",
    "tech_baseline",
    "tech_scenario",
    "delta_log_p05",
    "delta_log_p95",
    "spending_filled",
)


DESCRIPTION = """\
Project the CO2 emissions of the 30 provinces (total and the four key industries: steel, building
materials, nonferrous, petrochemical) under a baseline and under the scenario, with the spatial
spillovers of the paper's SDM, as in the app. By default from the REAL anchors: CEADs 2019 emissions
(Mt CO2) and the technology-import spending observed 2018-2023 (S&T yearbook, CNY 10,000), which enters
the baseline as observed; the levers act from 2024; the paper's published coefficients (W1/W2/W3).
--anchors demo uses the synthetic demo panel instead (from its last year), --data PANEL your panel.

QUERY is the scenario as the app's share link carries it after '?' (docs/scenarios.md, "Share links");
empty means the defaults. Keys, for example:
  coef=published-W2      coefficient source (published-W1/W2/W3, estimated-W1/W2/W3)
  g=8  h=2035            national technology-import growth, % per year; horizon year
  gr=E:10,W:6.5          growth by region (E, C, W, N); gp=44:8,62:12 by province (2-digit adcode)
  s=50&sk=3&sy=2022-2025 subsidy, CNY 100 million a year, to the 3 lowest-stock provinces, in those years
                         (sp=62,63 names the provinces instead; ss=0.6 the share spent on imports)
  gdp=4.5  ei=-4         assumptions: GDP per capita growth, energy intensity growth (% per year)
Unknown or unreadable keys are dropped with a notice on stderr; with --strict they are an error (exit 2).

--out writes a CSV, one row per province, year and industry (scope "province"), then the national sums
(province "National", scope "national"): baseline_mt, modified_baseline_mt (the baseline under the
scenario's assumptions), scenario_mt, scenario_mt_p05/p95 (5-95 % band) in Mt CO2; delta_log =
ln(scenario/baseline) and delta_log_p05/p95; policy_delta_log = ln(scenario/modified baseline); own
and spillover (delta_log split into the province's own levers and what the others send it) and their
Mt counterparts own_mt, spillover_mt; tech_baseline, tech_scenario (ln of the technology-import stock);
spillover_modelled; spending_filled (the province's unreported spending years and how each was filled,
empty when all were reported); synthetic (true/false) and data (the label every CSV of the project
carries: "real anchors (CEADs 2019, S&T Yearbook 2018-2023) + published coefficients", "synthetic demo"
or "user panel"). National rows leave own, spillover, tech_* and delta_log_p05/p95 empty
(they are per province). --json prints the headline numbers instead of the text summary: national
totals at the horizon, peak years, avoided Mt, the subsidy's cost and cost per tonne.

With --anchors demo the synthetic demo panel is used: its numbers are NOT real data, and the output
says so (the synthetic and data columns or the synthetic member, and a notice).
"""


#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "project provincial and industry CO2 under a scenario (share-link query)"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "project",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--scenario",
        default="",
        metavar="QUERY",
        help="share-link query, e.g. 'g=8&gr=E:10&s=50&h=2035' (empty: defaults)",
    )
    parser.add_argument("--out", metavar="F.csv", help="write the long table (province, year, industry) here")
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit code 2) when the query has any key or value that would be ignored",
    )
    add_panel_arguments(parser, "the bands", anchors=True)
    parser.set_defaults(handler=run)


def table(projection) -> pd.DataFrame:
    """Province rows then national rows, in :data:`CSV_COLUMNS` order."""
    provinces = projection.frame.assign(scope="province")
    national = projection.national.assign(province="National", scope="national")
    national["spillover_modelled"] = national["industry"].map(
        provinces.drop_duplicates("industry").set_index("industry")["spillover_modelled"]
    )
    rows = pd.concat([provinces, national], ignore_index=True)
    return labelled(rows, projection.synthetic, projection.data_label).reindex(columns=list(CSV_COLUMNS))


def run(args) -> int:
    from scenarios.cli._panel_options import print_result
    from scenarios.projection.cautions import SYNTHETIC_KIND
    from scenarios.projection.engine import project
    from scenarios.projection.link import data_set, decode

    scenario, notices = decode(args.scenario)
    for notice in notices:  # on stderr whatever the output, so stdout stays the table, CSV or JSON
        print(f"notice: {notice}", file=sys.stderr)
    if args.strict and notices:
        raise InputError([Problem(f"--strict: {notice}", parameter="--scenario") for notice in notices])
    panel = _panel(args.data, args.anchors or data_set(args.scenario))
    projection = project(scenario, panel, draws=args.draws, seed=args.seed)
    if args.out and not args.json:  # otherwise the summary or the JSON carries them
        for caution in projection.warnings:
            if caution.kind != SYNTHETIC_KIND:  # said once, below
                print(f"warning: {caution}", file=sys.stderr)
    if args.out:
        with writing("--out"):
            table(projection).to_csv(args.out, index=False)
    if args.json or not args.out:
        print_result(projection.to_dict() if args.json else projection.summary, projection.synthetic)
    elif projection.synthetic:
        print(SYNTHETIC_NOTICE, file=sys.stderr)
    return 0
