"""Small fixtures for the projection tests: a hand-made raw panel, a W and SDM coefficients.

They stand in for the demo panel, the geography's W and the paper's tables, so these tests check the
engine's arithmetic on numbers fixed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scenarios.coefficients import REGRESSORS, SERIES, SeriesCoefficients
from scenarios.geography import sample_provinces
from scenarios.panel import COLUMNS, panel_from_frame

YEARS = tuple(range(2016, 2021))


def raw_frame(years=YEARS) -> pd.DataFrame:
    """30 provinces x ``years``: smooth trends plus seeded noise (so two-way fixed effects can be fitted)."""
    noise = np.random.default_rng(7)
    rows = []
    for p, province in enumerate(sample_provinces()):
        for t, year in enumerate(years):
            scale = 1 + p / 10
            rows.append(
                {
                    "province": province,
                    "year": year,
                    "co2_total": (100 * scale + 3 * t) * np.exp(noise.normal(0, 0.03)),
                    "co2_steel": (20 * scale + t) * np.exp(noise.normal(0, 0.05)),
                    "co2_building_materials": 8 * scale + 0.5 * t,
                    "co2_nonferrous": 5 * scale + 0.2 * t,
                    "co2_petrochemical": 12 * scale + 0.3 * t,
                    "tech_import_expenditure": (2 + ((7 * p) % 30) / 3 + 0.4 * t) * np.exp(noise.normal(0, 0.2)),
                    "fai_price_index": 100 + (p % 5) - t * 0.5,
                    "patent_applications": 1000 * scale + 150 * t,
                    "gdp_per_capita": 3 + p * 0.2 + 0.3 * t + noise.uniform(0, 0.2),
                    "tertiary_share": 0.40 + 0.01 * (p % 10) + 0.005 * t + noise.uniform(0, 0.01),
                    "energy_intensity": 0.08 + 0.004 * (p % 7) - 0.002 * t + noise.uniform(0, 0.004),
                    "trade_openness": 0.1 + 0.03 * (p % 9) + noise.uniform(0, 0.02),
                    "schooling_years": 8.5 + 0.05 * p + 0.05 * t + noise.uniform(0, 0.05),
                    "fiscal_expenditure_share": 0.18 + 0.01 * (p % 12) + noise.uniform(0, 0.02),
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def panel(synthetic: bool = False):
    return panel_from_frame(raw_frame(), source="test panel", synthetic=synthetic)


@dataclass(frozen=True)
class Weights:
    """Just what the engine reads from a SpatialWeights."""

    names: tuple
    matrix: np.ndarray
    kind: str = "test-inverse-distance"


def weights(seed: int = 3) -> Weights:
    """Row-standardised inverse distances between 30 seeded random points."""
    points = np.random.default_rng(seed).uniform(0, 10, size=(30, 2))
    distance = np.linalg.norm(points[:, None] - points[None], axis=2)
    with np.errstate(divide="ignore"):
        inverse = np.where(distance > 0, 1 / distance, 0.0)
    return Weights(tuple(sample_provinces()), inverse / inverse.sum(axis=1, keepdims=True))


def coefficients(rho: float = 0.25, spatial_industries: bool = False) -> tuple[SeriesCoefficients, ...]:
    """SDM coefficients for every series: total spatial, industries spatial or plain FE."""
    k = len(REGRESSORS)
    out = []
    for s, series in enumerate(SERIES):
        spatial = s == 0 or spatial_industries
        beta = np.array([-0.3 - 0.05 * s, -0.03, -0.8, 2.1, 0.18, 0.01, -0.39])
        theta = np.array([0.19, 0.14, -0.79, -4.47, 0.39, 0.17, 3.09]) if spatial else np.zeros(k)
        se = np.concatenate([[0.1 if spatial else 0.0], np.abs(beta) / 4, np.abs(theta) / 3])
        out.append(
            SeriesCoefficients(
                series=series,
                rho=rho if spatial else 0.0,
                beta=beta,
                theta=theta,
                cov=np.diag(se**2),
                spatial=spatial,
                source="test",
            )
        )
    return tuple(out)
