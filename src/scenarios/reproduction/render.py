"""Comparison tables as files: long CSV, and Markdown / LaTeX in the paper's layout; the agreement report.

Everything made from a synthetic panel says so: the CSV has a ``data`` column ("synthetic demo"), the
Markdown and LaTeX files a first line, the report a banner.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from scenarios.provenance import SYNTHETIC_NOTICE, data_label, labelled
from scenarios.reproduction import paper
from scenarios.reproduction.compare import COLUMNS

#: The first line of every file made from the demo panel: the shared notice, and what the panel is.
SYNTHETIC_BANNER = f"{SYNTHETIC_NOTICE} The demo panel is generated from the paper's published relationships."
#: What agreement on the demo panel means, wherever it is summarised.
DEMO_AGREEMENT = (
    "Agreement on the demo panel shows that the tool's estimators recover the relationships it was "
    "generated from (its process was calibrated so that the technology-import cells agree: "
    "docs/reproduction.md); it is not evidence about China."
)


def long_csv(comparison: pd.DataFrame, synthetic: bool) -> str:
    """The comparison in long form as CSV, with the ``data`` column."""
    frame = labelled(comparison[list(COLUMNS)], synthetic)
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6g")


def _number(value: float, row: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if row in ("Observations", "Number of id", "Obs") and float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.3f}"


def _cell(value: float, stars: str, row: str, text: str = "") -> str:
    shown = _number(value, row)
    if not shown:
        return text
    if row.endswith(" (t)"):
        return f"({shown})"
    return f"{shown} {stars}".strip()


def _column_rank(comparison: pd.DataFrame) -> dict[str, int]:
    """Column order of the comparison (which is sorted row-major in the paper's layout): the printed
    layout's columns first, then ours in the order they appear."""
    _, printed_columns = paper.layout(int(comparison["table"].iloc[0]))
    return {c: i for i, c in enumerate(dict.fromkeys([*printed_columns, *comparison["column"]]))}


def wide(comparison: pd.DataFrame, side: str) -> pd.DataFrame:
    """``side`` = "ours" or "paper", as text cells in the paper's layout: rows and columns in the
    comparison's order (the paper's, then ours only), coefficients with stars, "(t)" rows in parentheses."""
    stars = "stars_ours" if side == "ours" else "stars_paper"
    texts = comparison["note"] if side == "ours" else comparison["paper_text"]
    values = [
        _cell(v, s, r, t if isinstance(t, str) and not _number(v, r) else "")
        for v, s, r, t in zip(comparison[side], comparison[stars], comparison["row"], texts)
    ]
    placed: dict[tuple[str, str], str] = {}
    for row, column, value in zip(comparison["row"], comparison["column"], values):
        placed.setdefault((row, column), value)  # the first cell of a (row, column), as a pivot's "first"
    rows = list(dict.fromkeys(comparison["row"]))
    columns = list(_column_rank(comparison))
    if side == "paper":
        printed = (comparison["paper"].notna() | comparison["paper_text"].ne("")).groupby(comparison["column"]).any()
        columns = [c for c in columns if printed.get(c, False)]
    return pd.DataFrame(
        [[placed.get((row, column), "") for column in columns] for row in rows],
        index=pd.Index(rows, name=""),
        columns=pd.Index(columns, name="column"),
    )


def _markdown_table(table: pd.DataFrame) -> str:
    header = "| " + " | ".join([table.index.name or "", *map(str, table.columns)]) + " |"
    rule = "|" + "---|" * (len(table.columns) + 1)
    body = ["| " + " | ".join([str(index), *map(str, row)]) + " |" for index, row in zip(table.index, table.values)]
    return "\n".join([header, rule, *body])


def markdown(n: int, comparison: pd.DataFrame, synthetic: bool) -> str:
    """Table ``n``: ours in the paper's layout, then the published table, as Markdown."""
    lines = [f"# Table {n}. {paper.TABLE_TITLES[n]}", ""]
    if synthetic:
        lines += [f"**{SYNTHETIC_BANNER}**", ""]
    lines += [
        "## Ours",
        "",
        _markdown_table(wide(comparison, "ours")),
        "",
        "## Published (Li, Wei, Xu & Jiang 2023)",
        "",
        _markdown_table(wide(comparison, "paper")),
        "",
        "Stars: * p < 0.10, ** p < 0.05, *** p < 0.01 (the paper's convention); parentheses: t or z statistics.",
    ]
    return "\n".join(lines) + "\n"


_LATEX_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}


def _latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def _latex_table(table: pd.DataFrame, caption: str) -> str:
    spec = "l" + "r" * len(table.columns)
    lines = [
        r"\begin{table}[ht]",
        r"\centering",
        rf"\caption{{{_latex_escape(caption)}}}",
        rf"\begin{{tabular}}{{{spec}}}",
        r"\hline",
        " & ".join(["", *map(_latex_escape, table.columns)]) + r" \\",
        r"\hline",
    ]
    lines += [
        " & ".join([_latex_escape(index), *map(_latex_escape, row)]) + r" \\"
        for index, row in zip(table.index, table.values)
    ]
    lines += [r"\hline", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines)


def latex(n: int, comparison: pd.DataFrame, synthetic: bool) -> str:
    """Table ``n``: ours in the paper's layout, then the published table, as LaTeX tabulars."""
    title = paper.TABLE_TITLES[n]
    lines = []
    if synthetic:
        lines += [f"% {SYNTHETIC_BANNER}"]
    tag = " (SYNTHETIC demo panel)" if synthetic else ""
    lines += [
        _latex_table(wide(comparison, "ours"), f"Table {n}{tag}, ours. {title}"),
        "",
        _latex_table(wide(comparison, "paper"), f"Table {n}, published. {title}"),
    ]
    return "\n".join(lines) + "\n"


def report(reproduction, figures: list[str], missing_figures: Mapping[int, str] | None = None) -> str:
    """``report.md``: what was computed from what, and how far it agrees with the paper; ``missing_figures``
    (figure number -> reason) lists the figures not drawn."""
    lines = ["# Reproduction of Li, Wei, Xu & Jiang (2023), Atmosphere 14:1146", ""]
    if reproduction.synthetic:
        lines += [f"**{SYNTHETIC_BANNER} {DEMO_AGREEMENT}**", ""]
    lines += [
        f"- Panel: `{reproduction.source}` ({data_label(reproduction.synthetic)}), content SHA-256 "
        f"`{reproduction.fingerprint[:16]}…`",
        f"- Seed {reproduction.seed}; bootstrap {reproduction.replications} replications; Moran "
        f"{reproduction.permutations} permutations; {reproduction.impact_draws} effect draws; "
        f"{reproduction.seconds:.1f} s",
        "",
    ]
    tech = reproduction.tech_agreement()
    if len(tech):
        both = tech["sign_agrees"] & tech["stars_agree"]
        lines += [
            "## Technology-import coefficients (Tables 3, 4, 9, 10, 11)",
            "",
            f"{int(tech['sign_agrees'].sum())} of {len(tech)} have the paper's sign, "
            f"{int(tech['stars_agree'].sum())} its significance band, {int(both.sum())} both.",
            "",
            "| table | row | column | ours | paper | agree |",
            "|---|---|---|---|---|---|",
        ]
        for record in tech.to_dict("records"):
            agree = "yes" if record["sign_agrees"] and record["stars_agree"] else "**no**"
            lines.append(
                f"| {record['table']} | {record['row']} | {record['column']} | "
                f"{record['ours']:.3f} {record['stars_ours']} | {record['paper']:.3f} {record['stars_paper']} | {agree} |"
            )
        lines.append("")
    table1 = reproduction.comparison(1) if 1 in reproduction.tables else None
    if table1 is not None:
        moments = table1[table1["column"].isin(["Mean", "Std.dev."]) & table1["paper"].notna()]
        relative = (moments["ours"] / moments["paper"] - 1).abs()
        worst = moments.loc[relative.idxmax()]
        lines += [
            "## Table 1 moments",
            "",
            f"{int((relative <= 0.10).sum())} of {len(moments)} means and standard deviations within 10% "
            f"of the published ones; largest gap {relative.max():.1%} ({worst['row']} {worst['column']}).",
            "",
        ]
    lines += [
        "## Agreement by table",
        "",
        "Cells: both sides have a number. Banded: both sides carry a significance band (a coefficient "
        "with stars or a p-value).",
        "",
        "| table | cells | same sign | banded | same band |",
        "|---|---|---|---|---|",
    ]
    for n, record in reproduction.agreement().iterrows():
        lines.append(
            f"| {n} | {record['cells']} | {record['sign_agrees']} | {record['banded']} | {record['stars_agree']} |"
        )
    lines.append("")
    for n, why in reproduction.omitted.items():
        lines.append(f"- Table {n} omitted: {why}")
    for number, why in (missing_figures or {}).items():
        lines.append(f"- Figure {number} omitted: {why}")
    if reproduction.omitted or missing_figures:
        lines.append("")
    lines += [
        "## Files",
        "",
        "`tableNN.csv` (long: ours beside the paper per cell), `tableNN.md` and `tableNN.tex` "
        "(the paper's layout, ours then published), `section_3_1_2.csv` (Hausman, mean VIF), "
        "`local_moran.csv` (LISA clusters), " + ", ".join(f"`{f}`" for f in figures) + ".",
        "",
        "Readings chosen where the paper is ambiguous: docs/reproduction.md.",
    ]
    return "\n".join(lines) + "\n"
