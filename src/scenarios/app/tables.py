"""A reproduced table beside the paper's, with agreement shown at a glance, and its downloads.

The pairing itself is :mod:`scenarios.reproduction` (cell by cell: ``ours``, ``paper``, ``sign_agrees``,
``stars_agree``); this module only lays a comparison out for the page and offers it as CSV and LaTeX
(:mod:`scenarios.reproduction.render`, which labels synthetic results as such).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scenarios.app import layout
from scenarios.app.state import t
from scenarios.reproduction import render

MARKS = {"match": "✓", "sign": "≈", "differs": "✗", "": ""}


def row_agreement(cells: pd.DataFrame) -> str:
    """ "match" when every compared cell of a row has the paper's sign and significance band, "sign" when
    only the signs all agree, "differs" otherwise, "" when the row has nothing comparable."""
    signs = cells["sign_agrees"].dropna().astype(bool)
    stars = cells["stars_agree"].dropna().astype(bool)
    if signs.empty and stars.empty:
        return ""
    if signs.all() and stars.all():
        return "match"
    return "sign" if signs.all() else "differs"


def side_by_side(comparison: pd.DataFrame, synthetic: bool) -> pd.DataFrame:
    """A mark per row, then each column of ours (headed "This run (synthetic)" when computed from the demo
    panel) followed by the paper's, in the paper's layout."""
    ours, published = render.wide(comparison, "ours"), render.wide(comparison, "paper")
    ours_label, paper_label = t("repro.ours_synthetic" if synthetic else "repro.ours"), t("repro.paper")
    marks = comparison.groupby("row", sort=False)[["sign_agrees", "stars_agree"]].apply(row_agreement)
    display = pd.DataFrame({t("repro.agreement"): marks.reindex(ours.index).fillna("").map(MARKS)}, index=ours.index)
    for column in ours.columns:
        if ours[column].ne("").any():  # columns of words only the paper prints (e.g. Table 1's meanings)
            display[f"{column} · {ours_label}"] = ours[column]
        if column in published.columns:
            display[f"{column} · {paper_label}"] = published[column].reindex(ours.index).fillna("")
    return display


def as_text(frame: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    """Every cell as display text: numbers to ``digits`` significant digits, missing values blank. A column
    that mixes numbers and words (e.g. the paper's value or its wording) then reaches Arrow as one type,
    instead of failing to convert and being "fixed" with a logged traceback."""

    def text(value) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        return (
            format(value, f".{digits}g")
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else str(value)
        )

    return frame.apply(lambda column: column.map(text)).astype(str)


def _mark_colour(mark: str) -> str:
    colour = {"✓": "#0f766e", "≈": "#b45309", "✗": "#dc2626"}.get(mark)
    return f"color: {colour}; font-weight: 700; text-align: center" if colour else ""


def show_table(reproduction, number: int) -> None:
    """Table ``number`` of a :class:`~scenarios.reproduction.reproduce.Reproduction` (or why it could not be computed)."""
    if number in reproduction.omitted:
        st.markdown(f"**{t('repro.table', n=number)}. {t(f'table.{number}')}**")
        st.warning(t("error.unavailable", message=reproduction.omitted[number]))
        return
    show_comparison(reproduction.comparison(number), number, reproduction.synthetic)


def show_comparison(comparison: pd.DataFrame, number: int, synthetic: bool) -> None:
    """A comparison (long form, :mod:`scenarios.reproduction.compare`): title, agreement tally, ours beside
    the paper's, CSV and LaTeX downloads."""
    st.markdown(f"**{t('repro.table', n=number)}. {t(f'table.{number}')}**")
    signs, stars = comparison["sign_agrees"].dropna(), comparison["stars_agree"].dropna()
    st.caption(
        t("repro.tally", signs=int(signs.sum()), cells=len(signs), stars=int(stars.sum()), banded=len(stars))
        + " · "
        + t("repro.match_legend")
        + (" · " + t("repro.demo_calibrated") if synthetic else "")
    )
    display = side_by_side(comparison, synthetic)
    st.dataframe(
        display.style.map(_mark_colour, subset=[t("repro.agreement")]),
        width="stretch",
        height=min(36 + 35 * len(display), 760),
        column_config={
            "_index": st.column_config.TextColumn(width="medium"),
            t("repro.agreement"): st.column_config.TextColumn(t("repro.agreement_short"), width="small"),
        },
    )
    stem = f"table{number}{layout.synthetic_suffix(synthetic)}"
    layout.downloads(
        render.long_csv(comparison, synthetic), render.latex(number, comparison, synthetic), stem, f"table{number}"
    )


#: The text's §3.1.2 statistics, by the reproduction's row name, and the paper's wording of its Hausman result.
SECTION_3_1_2_ROWS = {
    "Hausman chi2": "repro.hausman_chi2",
    "Hausman df": "repro.hausman_df",
    "Hausman p": "repro.hausman_p",
    "Mean VIF": "repro.mean_vif",
}
PAPER_WORDS = {"rejects random effects at 1%": "repro.hausman_paper"}


def show_section_3_1_2(frame: pd.DataFrame, synthetic: bool) -> None:
    """The text's Hausman test and mean VIF with proper headings (statistic, ours, the paper's), and what
    a negative Hausman statistic means when ours is negative."""
    st.markdown(f"**{t('repro.section_3_1_2')}**")
    display = pd.DataFrame(
        {
            t("repro.statistic"): frame["statistic"].map(
                lambda row: t(SECTION_3_1_2_ROWS[row]) if row in SECTION_3_1_2_ROWS else row
            ),
            t("repro.ours_synthetic" if synthetic else "repro.ours"): frame["ours"],
            t("repro.paper"): frame["paper_text"].map(
                lambda text: t(PAPER_WORDS[text]) if text in PAPER_WORDS else text
            ),
        }
    )
    st.dataframe(as_text(display), width="stretch", hide_index=True)
    chi2 = frame.loc[frame["statistic"] == "Hausman chi2", "ours"]
    st.caption(t("repro.hausman_negative" if len(chi2) and chi2.iloc[0] < 0 else "repro.hausman_caption"))
