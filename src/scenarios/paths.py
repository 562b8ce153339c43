"""Where the project's bundled data live."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository's ``data/`` folder (provinces, boundaries, demo panel). ``SCENARIOS_DATA_DIR`` overrides it.
DATA_DIR = Path(os.environ.get("SCENARIOS_DATA_DIR", Path(__file__).resolve().parents[2] / "data"))
