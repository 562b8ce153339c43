"""Panel unit-root tests against R plm on Munnell's Produc (issue 15, item 2)."""

from __future__ import annotations

import pytest
from reference_panels import produc  # noqa: F401 (fixture)

from scenarios.econometrics.unitroot import panel_unit_root


def test_ips_w_tbar_indexes_table_3_by_the_adf_sample_as_plm(produc):  # noqa: F811
    """plm ``purtest(lgsp, test = "ips", exo = "intercept", lags = 1, dfcor = TRUE)`` prints W-t-bar 3.445:
    IPS Table 3 read at T - p - 1 = 15 observations. At the series length T = 17 it would be 3.549."""
    result = panel_unit_root(produc, "lgsp", entity="state", time="year", lags=1, trend="c")
    assert result.ips.statistic == pytest.approx(3.445, abs=5e-4)
    assert result.ips.details["T_effective"] == 15
