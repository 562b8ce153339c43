"""Where data came from: the one wording for results of the synthetic demo panel, and its label.

The paper's data are not public, so the project ships a generated panel (``data/demo_panel.csv``,
made by :mod:`scenarios.data.demo`). Anything computed from it must say so, in the same words everywhere:
:data:`SYNTHETIC_NOTICE` for people, ``"synthetic": true`` (JSON) or a ``data`` column holding
:data:`SYNTHETIC_LABEL` (every CSV the project writes: :func:`labelled`) for programs. The demo CSV
carries that column, and so do the tables written from it, so a copy or a derived file keeps its label
(:func:`is_labelled_synthetic`; a panel with the demo's content but not the column:
:func:`scenarios.data.demo.is_demo_derived`). This module imports nothing of the project, so every module can
use it.
"""

from __future__ import annotations

import re

import pandas as pd

#: The value of the ``data`` column of the demo CSV and of every table computed from it.
SYNTHETIC_LABEL = "synthetic demo"

#: The column that carries :data:`SYNTHETIC_LABEL`.
LABEL_COLUMN = "data"

#: The ``data`` column's value for a panel that is not the synthetic demo.
USER_LABEL = "user panel"

#: The ``data`` column's value for the real anchor tables (:mod:`scenarios.data.anchors`).
REAL_ANCHORS_LABEL = "real anchors (CEADs 1998-2019, S&T Yearbook 2018-2023, NBS 2019-2023)"

#: The ``data`` column's value for projections from the real anchors with the paper's coefficients.
REAL_PROJECTION_LABEL = "real anchors (CEADs 2019, S&T Yearbook 2018-2023) + published coefficients"

#: What a person reads above any result computed from the demo panel.
SYNTHETIC_NOTICE = "SYNTHETIC DATA: computed from the generated demo panel (data/demo_panel.csv), not real statistics."


def data_label(synthetic: bool) -> str:
    """The value of the ``data`` column: :data:`SYNTHETIC_LABEL` or :data:`USER_LABEL`."""
    return SYNTHETIC_LABEL if synthetic else USER_LABEL


def labelled(frame: pd.DataFrame, synthetic: bool, label: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with the ``data`` column last, saying where its numbers came from: ``label``
    when given (such as :data:`REAL_ANCHORS_LABEL`), else :func:`data_label` of ``synthetic``; and its text
    cells made inert for spreadsheets (:func:`neutralised`): every CSV the project writes passes here."""
    return neutralised(frame.assign(**{LABEL_COLUMN: label or data_label(synthetic)}))


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as text, possibly with significance stars ("-0.123**", "+5", "-1e-3"): never a formula.
_NUMBER_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\**")


def inert(cell: object) -> object:
    """``cell`` as a spreadsheet will only show it: text starting with one of :data:`FORMULA_STARTS`
    gets a leading apostrophe (OWASP's advice), unless it is a number written as text; anything else
    (numbers, a lone "-") is returned unchanged."""
    if isinstance(cell, str) and len(cell) > 1 and cell.startswith(FORMULA_STARTS) and not _NUMBER_TEXT.fullmatch(cell):
        return "'" + cell
    return cell


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names cannot run as formulas in Excel, LibreOffice
    or Google Sheets (:func:`inert`); numeric columns are untouched. Every CSV and XLSX the project
    writes goes through it (:func:`labelled`, the CEADs merge and the template writer)."""
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if not pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_datetime64_any_dtype(column):
            out.isetitem(position, column.map(inert))
    if not isinstance(out.columns, pd.MultiIndex):
        out.columns = [inert(name) for name in out.columns]
    return out


def is_labelled_synthetic(frame: pd.DataFrame) -> bool:
    """True when ``frame`` has a ``data`` column with :data:`SYNTHETIC_LABEL` in any row (case and spaces ignored)."""
    if LABEL_COLUMN not in frame.columns:
        return False
    labels = frame[LABEL_COLUMN].astype(str).str.strip().str.lower()
    return bool((labels == SYNTHETIC_LABEL).any())
