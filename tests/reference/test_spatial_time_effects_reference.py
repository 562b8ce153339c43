"""Time and two-way effects with a W that is not row-standardised, against ML with explicit dummies
(issue 15, item 1).

The reference is written independently of the estimator: the NT x NT matrices I_T x W, explicit entity
and time dummies among the regressors, the likelihood profiled in beta, the dummies and sigma2 by least
squares at each rho / lambda (GLS on the filtered data for the SEM) and maximised by scipy's bounded
scalar search; standard errors from the inverse of the textbook information matrix of that model with the
dummies as parameters (Anselin 1988; Elhorst 2014, Eq. 3.11 with X the full design)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from reference_panels import produc, produc_queen  # noqa: F401 (fixtures)
from scipy.optimize import minimize_scalar

from scenarios.econometrics.spatial import SpatialPanelModel
from scenarios.errors import InputError


def _dummies(periods: int, entities: int, effects: str) -> np.ndarray:
    """Period-major dummies: all T time dummies, then N - 1 entity dummies for two-way effects."""
    columns = []
    if effects in ("time", "twoway"):
        columns.append(np.kron(np.eye(periods), np.ones((entities, 1))))
    if effects == "twoway":
        columns.append(np.kron(np.ones((periods, 1)), np.eye(entities)[:, 1:]))
    if effects == "entity":
        columns.append(np.kron(np.ones((periods, 1)), np.eye(entities)))
    return np.hstack(columns)


def dummy_variable_ml(y: np.ndarray, x: np.ndarray, w: np.ndarray, effects: str, error: bool) -> dict:
    """ML of y = rho W y + X b + D a + e (``error`` False) or y = X b + D a + u, u = lambda W u + e, with
    y (T, N) and x (T, N, K) period-major, by explicit NT x NT algebra."""
    periods, entities = y.shape
    k = x.shape[2]
    w_nt = np.kron(np.eye(periods), w)
    design = np.hstack([x.reshape(-1, k), _dummies(periods, entities, effects)])
    target = y.ravel()
    nobs = target.size
    eigenvalues = np.linalg.eigvals(w).real
    low, high = 1 / eigenvalues.min(), 1 / eigenvalues.max()

    def profile(r):
        a = np.eye(nobs) - r * w_nt
        regressors = a @ design if error else design
        coef = np.linalg.lstsq(regressors, a @ target, rcond=None)[0]
        resid = a @ target - regressors @ coef
        sigma2 = resid @ resid / nobs
        logdet = np.linalg.slogdet(np.eye(entities) - r * w)[1]
        return -nobs / 2 * (np.log(2 * np.pi * sigma2) + 1) + periods * logdet, coef, sigma2

    span = (low + 1e-7 * abs(low), high - 1e-7 * abs(high))
    r = minimize_scalar(lambda v: -profile(v)[0], bounds=span, method="bounded", options={"xatol": 1e-12}).x
    loglik, coef, sigma2 = profile(r)
    a = np.eye(nobs) - r * w_nt
    g = w_nt @ np.linalg.inv(a)
    p = design.shape[1]
    info = np.zeros((p + 2, p + 2))
    info[p, p] = np.trace(g @ g) + np.trace(g.T @ g)
    info[p, p + 1] = info[p + 1, p] = np.trace(g) / sigma2
    info[p + 1, p + 1] = nobs / (2 * sigma2**2)
    if error:
        info[:p, :p] = (a @ design).T @ (a @ design) / sigma2
    else:
        g_eta = g @ design @ coef
        info[:p, :p] = design.T @ design / sigma2
        info[:p, p] = info[p, :p] = design.T @ g_eta / sigma2
        info[p, p] += g_eta @ g_eta / sigma2
    se = np.sqrt(np.diag(np.linalg.inv(info)))
    return {"spatial": r, "beta": coef[:k], "se_spatial": se[p], "se_beta": se[:k], "loglik": loglik, "sigma2": sigma2}


def _long(y: np.ndarray, x: np.ndarray) -> pd.DataFrame:
    periods, entities = y.shape
    frame = {
        "unit": np.tile(np.arange(entities), periods),
        "year": np.repeat(np.arange(2000, 2000 + periods), entities),
        "y": y.ravel(),
    }
    frame.update({f"x{j}": x[:, :, j].ravel() for j in range(x.shape[2])})
    return pd.DataFrame(frame)


#: A binary, asymmetric W on 7 units whose row sums run from 1 to 4.
SMALL_W = np.array(
    [
        [0, 1, 0, 0, 0, 0, 0],
        [1, 0, 1, 0, 0, 0, 0],
        [0, 1, 0, 1, 1, 0, 0],
        [1, 0, 1, 0, 1, 0, 1],
        [0, 0, 1, 1, 0, 1, 0],
        [0, 0, 0, 1, 1, 0, 1],
        [0, 0, 0, 0, 0, 1, 0],
    ],
    dtype=float,
)


def _small_panel(model: str, seed: int = 5):
    """A seeded 7 x 6 panel with strong time effects (they are what W's unequal row sums mix up)."""
    rng = np.random.default_rng(seed)
    periods, entities, k = 6, 7, 2
    x = rng.normal(size=(periods, entities, k))
    gamma = 3.0 * rng.normal(size=periods)
    mu = rng.normal(size=entities)
    a = np.eye(entities) - 0.2 * SMALL_W
    y = np.empty((periods, entities))
    for t in range(periods):
        signal = x[t] @ np.array([1.0, -0.5]) + mu + gamma[t]
        noise = 0.5 * rng.normal(size=entities)
        y[t] = signal + np.linalg.solve(a, noise) if model == "sem" else np.linalg.solve(a, signal + noise)
    return y, x


@pytest.mark.parametrize("effects", ["time", "twoway"])
@pytest.mark.parametrize("model", ["sar", "sdm", "sem"])
def test_unequal_row_sums_with_time_effects_are_exact_dummy_variable_ml(model, effects):
    y, x = _small_panel(model)
    names = ["x0", "x1"]
    fit = SpatialPanelModel(
        _long(y, x), "y", names, SMALL_W, model=model, effects=effects, entity="unit", time="year"
    ).fit()
    regressors = np.concatenate([x, np.einsum("ij,tjk->tik", SMALL_W, x)], axis=2) if model == "sdm" else x
    reference = dummy_variable_ml(y, regressors, SMALL_W, effects, error=model == "sem")
    assert fit.cov_type == ("elhorst" if model == "sem" else "time-dummies")
    np.testing.assert_allclose(fit.params.to_numpy(), [reference["spatial"], *reference["beta"]], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(fit.std_errors.to_numpy(), [reference["se_spatial"], *reference["se_beta"]], rtol=1e-6)
    assert fit.loglik == pytest.approx(reference["loglik"], rel=1e-10)
    assert fit.sigma2 == pytest.approx(reference["sigma2"], rel=1e-8)


@pytest.mark.parametrize("model", ["sar", "sdm"])
def test_elhorsts_information_is_refused_where_it_misses_the_time_effects(model):
    y, x = _small_panel(model)
    model_ = SpatialPanelModel(
        _long(y, x), "y", ["x0", "x1"], SMALL_W, model=model, effects="twoway", entity="unit", time="year"
    )
    with pytest.raises(InputError, match="parameter 'cov_type': 'elhorst' .* use 'time-dummies'"):
        model_.fit(cov_type="elhorst")


def test_equal_row_sums_keep_the_demeaning_and_elhorsts_default():
    """A ring (every row sums to 2, not 1): (I - rho W) 1 is still proportional to 1, so nothing changes."""
    y, x = _small_panel("sar")
    ring = np.roll(np.eye(7), 1, axis=1) + np.roll(np.eye(7), -1, axis=1)
    fit = SpatialPanelModel(
        _long(y, x), "y", ["x0", "x1"], ring, model="sem", effects="twoway", entity="unit", time="year"
    ).fit()
    reference = dummy_variable_ml(y, x, ring, "twoway", error=True)
    assert fit.params["lambda"] == pytest.approx(reference["spatial"], rel=1e-6)
    assert (
        SpatialPanelModel(
            _long(y, x), "y", ["x0", "x1"], ring, model="sar", effects="twoway", entity="unit", time="year"
        )
        .fit()
        .cov_type
        == "elhorst"
    )


def _produc_arrays(produc, queen):  # noqa: F811
    names = ["lpcap", "lpc", "lemp", "unemp"]
    wide = produc.pivot(index="year", columns="state")
    states = list(queen.index)
    y = wide["lgsp"][states].to_numpy()
    x = np.stack([wide[name][states].to_numpy() for name in names], axis=2)
    return names, y, x


def test_produc_sem_time_effects_binary_queen_w(produc, produc_queen):  # noqa: F811
    """The audit's case: SEM with time effects and the binary queen W. ML with time dummies gives
    lambda 0.0959, lnL 882.4 (the demeaning alone gave -0.0037 and 846.8)."""
    names, y, x = _produc_arrays(produc, produc_queen)
    fit = SpatialPanelModel(
        produc, "lgsp", names, produc_queen, model="sem", effects="time", entity="state", time="year"
    ).fit()
    assert fit.params["lambda"] == pytest.approx(0.0959, abs=5e-5)
    assert fit.loglik == pytest.approx(882.4, abs=0.05)
    reference = dummy_variable_ml(y, x, produc_queen.to_numpy(), "time", error=True)
    np.testing.assert_allclose(fit.params.to_numpy(), [reference["spatial"], *reference["beta"]], rtol=1e-6)
    np.testing.assert_allclose(fit.std_errors.to_numpy(), [reference["se_spatial"], *reference["se_beta"]], rtol=1e-6)
    assert fit.loglik == pytest.approx(reference["loglik"], rel=1e-10)


def test_produc_sar_twoway_binary_queen_w_standard_errors(produc, produc_queen):  # noqa: F811
    names, y, x = _produc_arrays(produc, produc_queen)
    fit = SpatialPanelModel(
        produc, "lgsp", names, produc_queen, model="sar", effects="twoway", entity="state", time="year"
    ).fit()
    reference = dummy_variable_ml(y, x, produc_queen.to_numpy(), "twoway", error=False)
    np.testing.assert_allclose(fit.params.to_numpy(), [reference["spatial"], *reference["beta"]], rtol=1e-6)
    np.testing.assert_allclose(fit.std_errors.to_numpy(), [reference["se_spatial"], *reference["se_beta"]], rtol=1e-6)


def test_the_cli_fits_an_unstandardised_w_with_two_way_effects_exactly(tmp_path, capsys):
    import json

    from scenarios.cli import main

    y, x = _small_panel("sar")
    _long(y, x).to_csv(tmp_path / "p.csv", index=False)
    pd.DataFrame(SMALL_W, columns=[str(i) for i in range(7)]).to_csv(tmp_path / "w.csv", index=False)
    arguments = [
        "fit",
        "--data",
        str(tmp_path / "p.csv"),
        "--entity",
        "unit",
        "--time",
        "year",
        "--y",
        "y",
        "--x",
        "x0,x1",
        "--w",
        str(tmp_path / "w.csv"),
        "--no-row-standardize",
        "--model",
        "sar",
        "--effects",
        "twoway",
        "--draws",
        "20",
    ]
    assert main([*arguments, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    reference = dummy_variable_ml(y, x, SMALL_W, "twoway", error=False)
    assert out["cov_type"] == "time-dummies"
    assert out["coefficients"]["rho"]["se"] == pytest.approx(reference["se_spatial"], rel=1e-6)
    assert main([*arguments, "--cov-type", "elhorst"]) == 2
    assert "parameter 'cov_type': 'elhorst' (Elhorst's information matrix) needs a W" in capsys.readouterr().err


@pytest.mark.parametrize("model", ["sar", "sem"])
def test_the_sparse_back_end_gives_the_same_exact_estimates(model):
    y, x = _small_panel(model)
    fits = [
        SpatialPanelModel(
            _long(y, x),
            "y",
            ["x0", "x1"],
            SMALL_W,
            model=model,
            effects="twoway",
            entity="unit",
            time="year",
            logdet=method,
        ).fit()
        for method in ("eigen", "sparse")
    ]
    np.testing.assert_allclose(fits[1].params.to_numpy(), fits[0].params.to_numpy(), rtol=1e-7, atol=1e-10)
    assert fits[1].loglik == pytest.approx(fits[0].loglik, rel=1e-10)
