"""Pieces every results object shares: the coefficient table, significance stars, the text summary."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

#: The paper's convention (Tables 3-11): * p < 0.10, ** p < 0.05, *** p < 0.01.
STAR_LEVELS = (0.10, 0.05, 0.01)


def significance_stars(p: float) -> str:
    """'*', '**' or '***' for p below 10%, 5% or 1% (the paper's convention); '' otherwise or for NaN."""
    if p is None or not np.isfinite(p):
        return ""
    return "*" * sum(p < level for level in STAR_LEVELS)


def coefficient_table(params: pd.Series, std_errors: pd.Series, df_resid: float | None = None) -> pd.DataFrame:
    """Coefficients with standard errors, test statistics, two-sided p-values and stars.

    The statistic is coef / std_err; its p-value is from the standard normal when ``df_resid`` is None
    (maximum likelihood: z) and from Student's t with ``df_resid`` degrees of freedom otherwise (OLS: t).
    """
    stat = params / std_errors
    dist = stats.norm if df_resid is None else stats.t(df_resid)
    pvalues = pd.Series(2 * dist.sf(np.abs(stat.to_numpy(dtype=float))), index=params.index)
    return pd.DataFrame(
        {
            "coef": params,
            "std_err": std_errors,
            "stat": stat,
            "pvalue": pvalues,
            "stars": pvalues.map(significance_stars),
        }
    )


def format_summary(title: str, header: Mapping[str, object], table: pd.DataFrame) -> str:
    """A plain-text summary: a title, ``key: value`` lines, then the coefficient table."""
    width = max(len(title), 60)
    lines = [title, "=" * width]
    lines += [f"{key:<28}{value}" for key, value in header.items()]
    lines += ["-" * width, table.to_string(float_format=lambda v: f"{v: .6g}"), "=" * width]
    return "\n".join(lines)
