"""A table of this run beside the paper's, with agreement shown at a glance, and its downloads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from scenarios import paper
from scenarios.ui import layout
from scenarios.ui.state import t

#: Relative difference within which a value "matches" the paper (with the same sign and stars).
CLOSE = 0.10
MARKS = {"match": "✓", "sign": "≈", "differs": "✗", "": ""}


def agreement(ours: float, published: float, our_stars: str = "", paper_stars: str = "") -> str:
    """"match" (same sign and stars, within 10%), "sign" (same sign), "differs", or "" (nothing to compare)."""
    if pd.isna(ours) or pd.isna(published):
        return ""
    if np.sign(ours) != np.sign(published) and abs(published) > 5e-4:
        return "differs"
    close = abs(ours - published) <= CLOSE * abs(published) + 5e-4
    return "match" if close and (our_stars or "") == (paper_stars or "") else "sign"


def _long(frame: pd.DataFrame) -> pd.DataFrame:
    """A wide table (rows x columns, optional ``<column> stars`` columns) as long ``row, column, value, stars``."""
    if {"row", "column", "value"} <= set(frame.columns):
        long = frame.copy()
        if "stars" not in long:
            long["stars"] = ""
        return long[["row", "column", "value", "stars"]]
    long = frame.rename_axis(index="row", columns="column").stack().rename("value").reset_index()
    long["stars"] = ""
    return long


def compare_with_paper(ours: pd.DataFrame, number: int, language: str) -> pd.DataFrame:
    """This run's table beside the paper's Table ``number``: for each published column, ours then the
    paper's, then a mark per row (the worst agreement in the row). Rows and columns follow the paper."""
    published = paper.table(number)
    mine = _long(ours)
    merged = published.merge(mine, on=["row", "column"], how="left", suffixes=("_paper", "_ours"))
    merged["agreement"] = [
        agreement(o, p, so, sp)
        for o, p, so, sp in merged[["value_ours", "value_paper", "stars_ours", "stars_paper"]].itertuples(index=False)
    ]
    ours_label, paper_label = t("repro.ours"), t("repro.paper")
    rows = list(dict.fromkeys(published["row"]))
    display = pd.DataFrame(index=pd.Index(rows, name=""))
    for column in dict.fromkeys(published["column"]):
        part = merged[merged["column"] == column].set_index("row")
        display[f"{column} · {ours_label}"] = _with_stars(part["value_ours"], part["stars_ours"])
        display[f"{column} · {paper_label}"] = _with_stars(part["value_paper"], part["stars_paper"])
    rank = {"differs": 3, "sign": 2, "match": 1, "": 0}
    worst = merged.groupby("row")["agreement"].agg(lambda marks: max(marks, key=rank.__getitem__))
    display[t("repro.agreement")] = worst.reindex(rows).map(MARKS).fillna("")
    display.attrs["counts"] = merged["agreement"].value_counts().to_dict()
    return display


def _with_stars(values: pd.Series, stars: pd.Series) -> pd.Series:
    text = values.map(lambda v: "" if pd.isna(v) else f"{v:.3f}")
    return text + stars.fillna("").astype(str)


def show_comparison(display: pd.DataFrame, key: str) -> None:
    """Draw a comparison (from :func:`compare_with_paper`): a one-line tally, the table, its downloads."""
    counts = display.attrs.get("counts", {})
    total = sum(counts.get(k, 0) for k in ("match", "sign", "differs"))
    st.caption(
        f"{t('repro.agreement')}: ✓ {counts.get('match', 0)} · ≈ {counts.get('sign', 0)} · "
        f"✗ {counts.get('differs', 0)} / {total} — {t('repro.match_legend')}"
    )
    st.dataframe(display, width="stretch")
    layout.downloads(display, key, key)
