"""Where data came from: the one wording for results of the synthetic demo panel, and how to recognise it.

The paper's data are not public, so the project ships a generated panel (``data/demo_panel.csv``,
made by :mod:`scenarios.demo`). Anything computed from it must say so, in the same words everywhere:
:data:`SYNTHETIC_NOTICE` for people, ``"synthetic": true`` (JSON) or a ``data`` column holding
:data:`SYNTHETIC_LABEL` (tables) for programs. A file is recognised as the demo panel when it is the
bundled file, a byte-identical copy, or a table that carries that ``data`` column (the demo CSV does,
and so do the tables written from it), so a copy or a derived file keeps its label.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from scenarios.paths import DATA_DIR

#: The bundled synthetic panel.
DEMO_PANEL_PATH = DATA_DIR / "demo_panel.csv"

#: The value of the ``data`` column of the demo CSV and of every table computed from it.
SYNTHETIC_LABEL = "synthetic demo"

#: The column that carries :data:`SYNTHETIC_LABEL`.
LABEL_COLUMN = "data"

#: What a person reads above any result computed from the demo panel.
SYNTHETIC_NOTICE = "SYNTHETIC DATA: computed from the generated demo panel (data/demo_panel.csv), not real statistics."


def is_demo_panel_file(path: str | os.PathLike) -> bool:
    """True when ``path`` is the bundled demo panel or a byte-identical copy of it (False if unreadable)."""
    try:
        file, demo = Path(path).resolve(), DEMO_PANEL_PATH.resolve()
        if file == demo:
            return True
        return file.stat().st_size == demo.stat().st_size and file.read_bytes() == demo.read_bytes()
    except OSError:
        return False


def is_labelled_synthetic(frame: pd.DataFrame) -> bool:
    """True when ``frame`` has a ``data`` column with :data:`SYNTHETIC_LABEL` in any row (case and spaces ignored)."""
    if LABEL_COLUMN not in frame.columns:
        return False
    labels = frame[LABEL_COLUMN].astype(str).str.strip().str.lower()
    return bool((labels == SYNTHETIC_LABEL).any())
