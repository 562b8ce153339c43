"""Where data came from: the one wording for results of the synthetic demo panel, and its label.

The paper's data are not public, so the project ships a generated panel (``data/demo_panel.csv``,
made by :mod:`scenarios.demo`). Anything computed from it must say so, in the same words everywhere:
:data:`SYNTHETIC_NOTICE` for people, ``"synthetic": true`` (JSON) or a ``data`` column holding
:data:`SYNTHETIC_LABEL` (tables) for programs. The demo CSV carries that column, and so do the tables
written from it, so a copy or a derived file keeps its label (:func:`is_labelled_synthetic`; a panel
with the demo's content but not the column: :func:`scenarios.demo.is_demo_derived`). This module
imports nothing of the project, so every module can use it.
"""

from __future__ import annotations

import pandas as pd

#: The value of the ``data`` column of the demo CSV and of every table computed from it.
SYNTHETIC_LABEL = "synthetic demo"

#: The column that carries :data:`SYNTHETIC_LABEL`.
LABEL_COLUMN = "data"

#: What a person reads above any result computed from the demo panel.
SYNTHETIC_NOTICE = "SYNTHETIC DATA: computed from the generated demo panel (data/demo_panel.csv), not real statistics."


def is_labelled_synthetic(frame: pd.DataFrame) -> bool:
    """True when ``frame`` has a ``data`` column with :data:`SYNTHETIC_LABEL` in any row (case and spaces ignored)."""
    if LABEL_COLUMN not in frame.columns:
        return False
    labels = frame[LABEL_COLUMN].astype(str).str.strip().str.lower()
    return bool((labels == SYNTHETIC_LABEL).any())
