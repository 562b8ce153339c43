"""A small valid raw panel for the panel tests (not the demo panel: fixed, hand-made numbers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scenarios.geography import sample_provinces
from scenarios.panel import COLUMNS

YEARS = tuple(range(2011, 2016))


def valid_raw(years=YEARS) -> pd.DataFrame:
    """30 provinces x ``years``, every value plausible and deterministic."""
    rows = []
    for p, province in enumerate(sample_provinces()):
        for t, year in enumerate(years):
            scale = 1 + p / 10
            rows.append(
                {
                    "province": province,
                    "year": year,
                    "co2_total": 100 * scale + 3 * t,
                    "co2_steel": 20 * scale + t,
                    "co2_building_materials": 8 * scale + 0.5 * t,
                    "co2_nonferrous": 5 * scale + 0.2 * t,
                    "co2_petrochemical": 12 * scale + 0.3 * t,
                    "tech_import_expenditure": 2 * scale + 0.4 * t,
                    "fai_price_index": 100 + (p % 5) - t * 0.5,
                    "patent_applications": 1000 * scale + 150 * t,
                    "gdp_per_capita": 3 + p * 0.2 + 0.3 * t,
                    "tertiary_share": 0.40 + 0.01 * (p % 10) + 0.005 * t,
                    "energy_intensity": 0.08 + 0.004 * (p % 7) - 0.002 * t,
                    "trade_openness": 0.1 + 0.03 * (p % 9),
                    "schooling_years": 8.5 + 0.05 * p + 0.05 * t,
                    "fiscal_expenditure_share": 0.18 + 0.01 * (p % 12),
                }
            )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    assert not frame.isna().any().any() and np.isfinite(frame.iloc[:, 2:].to_numpy()).all()
    return frame
