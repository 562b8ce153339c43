"""Our numbers beside the published ones, cell by cell.

A table of ours is long: ``row, column, ours, pvalue_ours, note`` (rows and columns named as the paper
names them, see :mod:`scenarios.reproduction.paper`). :func:`side_by_side` pairs it with ``paper.table(n)`` and adds,
per cell:

* ``stars_ours`` / ``stars_paper``: the paper's convention (10%, 5%, 1%;
  :func:`scenarios.econometrics.results.significance_stars`). Ours come from our p-value; the paper's are as
  printed. In p-value columns (``p`` or ``... p``) both sides' stars are computed from the p-values shown,
  so that a test's significance can be compared too.
* ``difference`` = ours - paper;
* ``sign_agrees``: the signs are equal (both numbers present);
* ``stars_agree``: the significance bands are equal (both sides carry a band: a coefficient or a p-value).

Missing comparisons are ``<NA>``; the paper's cells without a number (words such as "Yes") keep their
text in ``paper_text``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scenarios.econometrics.results import significance_stars
from scenarios.reproduction import paper

#: Columns of a comparison table, in order (``data`` is added when written: synthetic or not).
COLUMNS = (
    "table",
    "row",
    "column",
    "ours",
    "paper",
    "stars_ours",
    "stars_paper",
    "difference",
    "sign_agrees",
    "stars_agree",
    "pvalue_ours",
    "paper_text",
    "note",
)

#: Rows whose cells are the technology-import coefficient (Tables 3, 4, 9, 10, 11).
TECH_ROWS = ("tech", "lntech")
TECH_TABLES = (3, 4, 9, 10, 11)


def cells(rows: list[dict]) -> pd.DataFrame:
    """A table of ours from dicts with keys row, column, ours and optionally pvalue_ours, note."""
    frame = pd.DataFrame(rows, columns=["row", "column", "ours", "pvalue_ours", "note"])
    frame["ours"] = pd.to_numeric(frame["ours"], errors="coerce").astype(float)
    frame["pvalue_ours"] = pd.to_numeric(frame["pvalue_ours"], errors="coerce").astype(float)
    frame["note"] = frame["note"].astype(object).fillna("").astype(str)
    return frame


def is_pvalue_column(column: str) -> bool:
    """True for the columns that hold p-values (``p``, ``LLC p``, ``ce p`` ...)."""
    return column == "p" or column.endswith(" p")


def side_by_side(n: int, ours: pd.DataFrame) -> pd.DataFrame:
    """Table ``n`` of ours beside the published one: same rows and columns (the paper's order first, then
    ours only), with stars, difference, sign and significance agreement (see the module docstring)."""
    published = paper.table(n)[["row", "column", "value", "stars", "text"]].rename(
        columns={"value": "paper", "stars": "stars_paper", "text": "paper_text"}
    )
    merged = published.merge(ours, on=["row", "column"], how="outer", sort=False)
    merged = merged.iloc[_paper_order(n, merged, ours)].reset_index(drop=True)
    merged.insert(0, "table", n)
    merged["paper"] = merged["paper"].astype(float)
    merged["stars_paper"] = merged["stars_paper"].fillna("").astype(str)
    merged["paper_text"] = merged["paper_text"].fillna("").astype(str)
    merged["note"] = merged["note"].fillna("").astype(str)
    merged["stars_ours"] = [significance_stars(p) if np.isfinite(p) else "" for p in merged["pvalue_ours"]]
    pcols = merged["column"].map(is_pvalue_column)
    merged.loc[pcols, "stars_ours"] = [
        significance_stars(v) if np.isfinite(v) else "" for v in merged.loc[pcols, "ours"]
    ]
    merged.loc[pcols, "stars_paper"] = [
        significance_stars(v) if np.isfinite(v) else "" for v in merged.loc[pcols, "paper"]
    ]
    both = merged["ours"].notna() & merged["paper"].notna()
    merged["difference"] = merged["ours"] - merged["paper"]
    merged["sign_agrees"] = pd.array(
        np.where(both, np.sign(merged["ours"]) == np.sign(merged["paper"]), pd.NA), dtype="boolean"
    )
    banded = both & (merged["pvalue_ours"].notna() | pcols) & (_has_band(merged) | pcols)
    merged["stars_agree"] = pd.array(
        np.where(banded, merged["stars_ours"] == merged["stars_paper"], pd.NA), dtype="boolean"
    )
    return merged[list(COLUMNS)]


def _has_band(merged: pd.DataFrame) -> pd.Series:
    """The paper gives this cell a significance band: stars, or a coefficient printed without stars in a
    table that uses them (Tables 3, 4, 9, 10, 11: a coefficient row is one with a "(t)" row under it)."""
    with_t = set(merged.loc[merged["row"].str.endswith(" (t)"), "row"].str.removesuffix(" (t)"))
    return merged["stars_paper"].ne("") | merged["row"].isin(with_t)


def _paper_order(n: int, merged: pd.DataFrame, ours: pd.DataFrame) -> list[int]:
    """Positions that sort ``merged`` by the printed layout's rows and columns, then ours-only ones in
    the order we built them."""
    printed_rows, printed_columns = paper.layout(n)
    rows = {r: i for i, r in enumerate(dict.fromkeys([*printed_rows, *ours["row"], *merged["row"]]))}
    columns = {c: i for i, c in enumerate(dict.fromkeys([*printed_columns, *ours["column"], *merged["column"]]))}
    key = [(rows[r], columns[c]) for r, c in zip(merged["row"], merged["column"])]
    return sorted(range(len(key)), key=key.__getitem__)


def tech_agreement(comparison: pd.DataFrame) -> pd.DataFrame:
    """The technology-import cells of Tables 3, 4, 9, 10, 11 that the paper reports, with their agreement."""
    mask = comparison["table"].isin(TECH_TABLES) & comparison["row"].isin(TECH_ROWS) & comparison["paper"].notna()
    return comparison.loc[
        mask, ["table", "row", "column", "ours", "paper", "stars_ours", "stars_paper", "sign_agrees", "stars_agree"]
    ].reset_index(drop=True)
