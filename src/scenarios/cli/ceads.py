"""`python -m scenarios ceads`: read CEADs provincial inventories; optionally fill a panel's CO2 columns.

    python -m scenarios ceads FILE_OR_DIR [...] --out emissions.csv [--scope 1|1+2]
    python -m scenarios ceads FILE_OR_DIR [...] --merge-into PANEL.xlsx --out merged.xlsx [--overwrite]
    python -m scenarios ceads FILE_OR_DIR [...] --merge-into-template [--years 2011-2020] --out merged.xlsx

Sources are .xlsx workbooks, folders of them or .zip archives. Without a merge, --out is a CSV with
columns province, year, total, steel, building_materials, nonferrous, petrochemical (Mt CO2). With a
merge, --out is the panel with its co2_* columns filled (.xlsx in the template layout, or .csv), and
the report (filled / same / differs / missing) is printed; --report also saves it cell by cell.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scenarios.cli import writing
from scenarios.errors import InputError, Problem, in_file
from scenarios.provenance import neutralised

#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "import CEADs provincial CO2 inventories (and fill a panel's CO2 columns)"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ceads",
        help=HELP,
        description=__doc__.replace("`python -m scenarios ceads`: r", "R", 1),
        epilog="See docs/real-data.md. Cite CEADs: Shan et al. 2016, 2018, 2020; Guan et al. 2021.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="+", metavar="FILE_OR_DIR", help=".xlsx workbook, folder or .zip")
    parser.add_argument("--out", required=True, help="output file (.csv; with a merge .xlsx or .csv)")
    parser.add_argument(
        "--scope",
        choices=("1", "1+2"),
        default="1",
        help="1: Scope 1 Total (default); 1+2: plus Scope 2 heat and electricity (double counts between provinces)",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--merge-into", metavar="PANEL", help="panel (.xlsx or .csv) whose co2_* columns to fill")
    target.add_argument(
        "--merge-into-template", action="store_true", help="fill a fresh yearbook template (30 provinces x --years)"
    )
    parser.add_argument("--years", default="2011-2020", help="template years, e.g. 2011-2020 (default)")
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace panel values that differ from CEADs (default: keep them and report)",
    )
    parser.add_argument("--report", metavar="CSV", help="with a merge: save the cell-by-cell report here")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from scenarios.data.ceads import merge_into_panel, read_ceads

    merging = bool(args.merge_into or args.merge_into_template)
    out = Path(args.out)
    allowed = (".csv", ".xlsx") if merging else (".csv",)
    if out.suffix.lower() not in allowed:
        raise InputError(Problem(f"must end in {' or '.join(allowed)}", parameter="--out"))
    if args.report and not merging:
        raise InputError(Problem("needs --merge-into or --merge-into-template", parameter="--report"))
    if args.merge_into and Path(args.merge_into).resolve() == out.resolve():
        raise InputError(
            Problem(
                "choose another output file: writing over the panel you merge into would drop anything else it holds",
                parameter="--out",
            )
        )

    from scenarios.data.template import parse_years, read_panel_table, template_frame, write_template

    # The panel first: it is quick to read, so a wrong one is reported before the CEADs workbooks are parsed.
    panel = None
    if args.merge_into:
        panel = read_panel_table(args.merge_into)
    elif args.merge_into_template:
        panel = template_frame(parse_years(args.years))
    imported = read_ceads(args.sources, scope=args.scope)
    if panel is None:
        with writing("--out"):
            imported.to_csv(out)
        print(imported.summary)
        print(f"Wrote {len(imported.emissions)} rows to {out}")
        return 0

    with in_file(args.merge_into):
        merge = merge_into_panel(panel, imported, overwrite=args.overwrite)
    with writing("--out"):
        if out.suffix.lower() == ".xlsx":
            write_template(out, data=merge.panel)
        else:
            neutralised(whole_numbers(merge.panel)).to_csv(out, index=False)
    if args.report:
        with writing("--report"):
            neutralised(merge.report).to_csv(args.report, index=False)
    print(imported.summary)
    print(merge.summary)
    print(f"Wrote the merged panel ({len(merge.panel)} rows) to {out}")
    return 0


#: Panel columns that hold whole numbers: the year and counts (patent applications).
WHOLE_NUMBER_COLUMNS = ("year", "patent_applications")


def whole_numbers(frame):
    """``frame`` with its year and count columns (:data:`WHOLE_NUMBER_COLUMNS`) as integers when every
    value is whole (missing values kept), so a CSV says 52429 and 2011, not 52429.0 and 2011.0 (the panel
    read in holds them as floats); measured quantities keep their decimal form."""
    import numpy as np

    out = frame.copy()
    for column in WHOLE_NUMBER_COLUMNS:
        values = out[column] if column in out.columns else None
        if values is not None and values.dtype.kind == "f" and np.all(np.mod(values.dropna(), 1) == 0):
            out[column] = values.astype("Int64")
    return out
