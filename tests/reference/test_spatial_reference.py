"""The spatial panel ML estimators against R splm / spreg / exact-ML values
(/work/shared/reference/external-cases.md), to 1e-5 relative."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from reference_panels import cigar, cigar_w, produc, produc_w  # noqa: F401 (fixtures)

from scenarios.econometrics.spatial import SpatialPanelModel
from scenarios.econometrics.spatial_tests import lm_tests

RTOL = 1e-5


def close(value: float, published: str) -> bool:
    """Equal to 1e-5 relative, or to the rounding of the published figure when it has fewer digits."""
    decimals = len(published.split(".")[1]) if "." in published else 0
    reference = float(published)
    return abs(value - reference) <= max(RTOL * abs(reference), 0.5 * 10.0**-decimals)


PRODUC_X = ["lpcap", "lpc", "lemp", "unemp"]


def fit(data, w, y, x, model, effects="entity"):
    return SpatialPanelModel(data, y, x, w, model=model, effects=effects, entity="state", time="year").fit()


def check(results, coefficients, std_errors=None, loglik=None):
    for name, value in coefficients.items():
        assert close(results.params[name], value), (name, results.params[name], value)
    for name, value in (std_errors or {}).items():
        assert close(results.std_errors[name], value), (name, results.std_errors[name], value)
    if loglik is not None:
        assert close(results.loglik, loglik), (results.loglik, loglik)


def test_produc_sar_entity(produc, produc_w):
    results = fit(produc, produc_w, "lgsp", PRODUC_X, "sar")
    check(
        results,
        {
            "rho": "0.274688712",
            "lpcap": "-0.0465818935",
            "lpc": "0.187432519",
            "lemp": "0.625090171",
            "unemp": "-0.00448158977",
        },
        {
            "rho": "0.0235164047",
            "lpcap": "0.0254424969",
            "lpc": "0.0230441535",
            "lemp": "0.0297043593",
            "unemp": "0.000865303580",
        },
        loglik="1609.72003",
    )
    assert close(results.sigma2, "0.00111137946")


def test_produc_sdm_entity(produc, produc_w):
    results = fit(produc, produc_w, "lgsp", PRODUC_X, "sdm")
    check(
        results,
        {
            "rho": "0.493304356",
            "lpcap": "-0.0121363816",
            "lpc": "0.177188661",
            "lemp": "0.743246556",
            "unemp": "-0.00152252175",
            "W*lpcap": "-0.0584961759",
            "W*lpc": "0.0626288331",
            "W*lemp": "-0.410255544",
            "W*unemp": "-0.00364050592",
        },
        {"rho": "0.0356383294", "W*lpcap": "0.0427996791", "W*lemp": "0.0489222210"},
        loglik="1655.019028",
    )


def test_produc_sem_entity(produc, produc_w):
    results = fit(produc, produc_w, "lgsp", PRODUC_X, "sem")
    check(
        results,
        {
            "lambda": "0.557401322",
            "lpcap": "0.00514384041",
            "lpc": "0.205302557",
            "lemp": "0.782253979",
            "unemp": "-0.00223166516",
        },
        {"lambda": "0.0330749054"},
    )


def test_cigar_sar_entity(cigar, cigar_w):
    results = fit(cigar, cigar_w, "logc", ["logp", "logy"], "sar")
    check(
        results,
        {"rho": "0.298155", "logp": "-0.531674", "logy": "-0.000690"},
        {"rho": "0.028434", "logp": "0.025442", "logy": "0.015213"},
        loglik="1482.5991",
    )


def test_produc_sar_twoway_elhorst_demeaning(produc, produc_w):
    results = fit(produc, produc_w, "lgsp", PRODUC_X, "sar", effects="twoway")
    check(
        results,
        {"rho": "0.196914", "lpcap": "-0.034868", "lpc": "0.159114", "lemp": "0.687827", "unemp": "-0.003472"},
        {"rho": "0.026933"},
        loglik="1659.4869",
    )


def test_produc_panel_lm_tests_pooled(produc, produc_w):
    results = lm_tests(produc, "lgsp", PRODUC_X, produc_w, effects="pooled", entity="state", time="year")
    assert close(results.lm_lag.stat, "0.1166612")
    assert close(results.lm_error.stat, "135.891104")
    assert close(results.robust_lm_lag.stat, "3.018155")
    assert close(results.robust_lm_error.stat, "138.792598")


def produc_time_major(produc):
    """Produc ordered as spreg wants it: all states of 1970, then 1971, ...; states alphabetical."""
    return produc.sort_values(["year", "state"])


@pytest.mark.parametrize("model", ["sdm", "sem"])
def test_every_standard_error_equals_spreg_entity_fe(produc, produc_w, model):
    """spreg's ML_LagFE (with slx_lags=1) and ML_ErrorFE are the same estimators with entity effects."""
    import libpysal
    import spreg

    ordered = produc_time_major(produc)
    w = libpysal.weights.util.full2W(produc_w.to_numpy(), ids=list(produc_w.index))
    y, x = ordered[["lgsp"]].to_numpy(), ordered[PRODUC_X].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if model == "sdm":
            reference = spreg.ML_LagFE(y, x, w, slx_lags=1, spat_impacts=None)
        else:
            reference = spreg.ML_ErrorFE(y, x, w)
    betas, se = reference.betas.ravel(), np.sqrt(np.diag(reference.vm))
    order = [len(betas) - 1, *range(len(betas) - 1)]  # spreg puts rho / lambda last
    ours = fit(produc, produc_w, "lgsp", PRODUC_X, model)
    np.testing.assert_allclose(ours.params.to_numpy(), betas[order], rtol=RTOL)
    np.testing.assert_allclose(ours.std_errors.to_numpy(), se[order], rtol=RTOL)


def test_two_way_sdm_equals_spreg_with_time_dummies(produc, produc_w):
    """Dummy-variable ML (spreg's ML_LagFE with entity effects and T - 1 time dummies) is the same estimator
    as two-way demeaning; with cov_type="time-dummies" the standard errors agree too."""
    import libpysal
    import spreg

    ordered = produc_time_major(produc)
    years = sorted(ordered["year"].unique())
    dummies = (ordered["year"].to_numpy()[:, None] == np.array(years[1:])[None, :]).astype(float)
    w = libpysal.weights.util.full2W(produc_w.to_numpy(), ids=list(produc_w.index))
    design = np.hstack([ordered[PRODUC_X].to_numpy(), dummies])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = spreg.ML_LagFE(
            ordered[["lgsp"]].to_numpy(),
            design,
            w,
            slx_lags=1,
            slx_vars=[True] * len(PRODUC_X) + [False] * len(dummies.T),
            spat_impacts=None,
        )
    k = len(PRODUC_X)
    keep = [len(reference.betas) - 1, *range(k), *range(k + dummies.shape[1], 2 * k + dummies.shape[1])]
    model = SpatialPanelModel(
        produc, "lgsp", PRODUC_X, produc_w, model="sdm", effects="twoway", entity="state", time="year"
    )
    ours = model.fit(cov_type="time-dummies")
    np.testing.assert_allclose(ours.params.to_numpy(), reference.betas.ravel()[keep], rtol=RTOL)
    np.testing.assert_allclose(ours.std_errors.to_numpy(), np.sqrt(np.diag(reference.vm))[keep], rtol=RTOL)
    elhorst = model.fit()
    assert elhorst.std_errors["rho"] < ours.std_errors["rho"]
    pd.testing.assert_series_equal(elhorst.params, ours.params)
