"""Panel LM tests with time effects: which convention, checked (issue 15, item 3).

"dummies" (default) is the pooled LM formulas (splm's ``slmtest(model = "pooling")``, checked against
splm in test_spatial_reference.py) applied to the regression with explicit entity / time dummies, written
here with NT x NT matrices; "splm" is R splm's ``slmtest(model = "within")`` (two-way LM-lag 69.1663 on
Produc, from the audit of issue 15)."""

from __future__ import annotations

import numpy as np
import pytest
from reference_panels import produc, produc_queen, produc_w  # noqa: F401 (fixtures)

from scenarios.econometrics.spatial_tests import lm_tests

NAMES = ["lpcap", "lpc", "lemp", "unemp"]


def _explicit_dummies_lm(produc, w, effects):  # noqa: F811
    """The four pooled LM statistics of OLS of y on [X, dummies], I_T x W explicit (period-major)."""
    wide = produc.pivot(index="year", columns="state")
    states = list(w.index)
    periods, entities = wide.shape[0], len(states)
    y = wide["lgsp"][states].to_numpy().ravel()
    x = np.column_stack([wide[name][states].to_numpy().ravel() for name in NAMES])
    dummies = {
        "time": [np.kron(np.eye(periods), np.ones((entities, 1)))],
        "twoway": [
            np.kron(np.eye(periods), np.ones((entities, 1))),
            np.kron(np.ones((periods, 1)), np.eye(entities)[:, 1:]),
        ],
        "entity": [np.kron(np.ones((periods, 1)), np.eye(entities))],
    }[effects]
    z = np.hstack([x, *dummies])
    big_w = np.kron(np.eye(periods), w.to_numpy())
    coef = np.linalg.lstsq(z, y, rcond=None)[0]
    e = y - z @ coef
    sigma2 = e @ e / len(e)
    matrix = w.to_numpy()
    t_tw = periods * np.trace(matrix @ matrix + matrix.T @ matrix)
    wzb = big_w @ z @ coef
    m_wzb = wzb - z @ np.linalg.lstsq(z, wzb, rcond=None)[0]
    j = (m_wzb @ m_wzb + t_tw * sigma2) / sigma2
    lag, error = e @ big_w @ y / sigma2, e @ big_w @ e / sigma2
    return {
        "lm_lag": lag**2 / j,
        "lm_error": error**2 / t_tw,
        "robust_lm_lag": (lag - error) ** 2 / (j - t_tw),
        "robust_lm_error": (error - t_tw / j * lag) ** 2 / (t_tw * (1 - t_tw / j)),
    }


@pytest.mark.parametrize("effects", ["entity", "time", "twoway"])
@pytest.mark.parametrize("weights", ["produc_w", "produc_queen"])
def test_default_convention_is_the_lm_test_of_the_dummy_variable_model(produc, weights, effects, request):  # noqa: F811
    w = request.getfixturevalue(weights)
    ours = lm_tests(produc, "lgsp", NAMES, w, effects=effects, entity="state", time="year").to_frame()["stat"]
    reference = _explicit_dummies_lm(produc, w, effects)
    for name, value in reference.items():
        assert ours[name] == pytest.approx(value, rel=1e-8), name


def test_splm_convention_reproduces_splm_within_two_way(produc, produc_w):  # noqa: F811
    splm = lm_tests(
        produc, "lgsp", NAMES, produc_w, effects="twoway", entity="state", time="year", convention="splm"
    ).to_frame()["stat"]
    ours = lm_tests(produc, "lgsp", NAMES, produc_w, effects="twoway", entity="state", time="year").to_frame()["stat"]
    assert splm["lm_lag"] == pytest.approx(69.1663, abs=5e-5)
    assert ours["lm_lag"] == pytest.approx(69.2586, abs=5e-5)
    assert splm["lm_error"] == pytest.approx(ours["lm_error"], rel=1e-12)  # the same score and information


def test_the_conventions_agree_with_entity_effects(produc, produc_w):  # noqa: F811
    frames = [
        lm_tests(
            produc, "lgsp", NAMES, produc_w, effects="entity", entity="state", time="year", convention=c
        ).to_frame()["stat"]
        for c in ("dummies", "splm")
    ]
    np.testing.assert_allclose(frames[0].to_numpy(), frames[1].to_numpy(), rtol=1e-10)
