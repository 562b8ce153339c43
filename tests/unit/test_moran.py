"""Moran's I by year and local Moran against the Cliff-Ord formulas re-computed with numpy."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scenarios.econometrics.moran import local_moran, moran_by_year
from scenarios.errors import InputError

N, YEARS = 16, (2011, 2012, 2013)
NAMES = [f"u{i:02d}" for i in range(N)]


def _rook_grid(side: int) -> np.ndarray:
    w = np.zeros((side * side, side * side))
    for r in range(side):
        for c in range(side):
            for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
                if 0 <= r + dr < side and 0 <= c + dc < side:
                    w[r * side + c, (r + dr) * side + c + dc] = 1.0
    return w


@pytest.fixture(scope="module")
def weights() -> pd.DataFrame:
    return pd.DataFrame(_rook_grid(4), index=NAMES, columns=NAMES)


@pytest.fixture(scope="module")
def panel(weights) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    w = weights.to_numpy() / weights.to_numpy().sum(1, keepdims=True)
    rows = []
    for year in YEARS:
        y = np.linalg.solve(np.eye(N) - 0.6 * w, rng.normal(size=N))  # spatially autocorrelated
        rows += [{"province": n, "year": year, "v": v} for n, v in zip(NAMES, y)]
    return pd.DataFrame(rows).sample(frac=1, random_state=1)  # order must not matter


def _cliff_ord(y: np.ndarray, w: np.ndarray) -> dict:
    n = len(y)
    z = y - y.mean()
    s0, s1 = w.sum(), 0.5 * ((w + w.T) ** 2).sum()
    s2 = ((w.sum(0) + w.sum(1)) ** 2).sum()
    i = n / s0 * z @ w @ z / (z @ z)
    ei = -1 / (n - 1)
    var_norm = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n * n - 1) * s0 * s0) - ei**2
    b2 = n * (z**4).sum() / (z @ z) ** 2
    var_rand = (
        n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0**2) - b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0**2)
    ) / ((n - 1) * (n - 2) * (n - 3) * s0**2) - ei**2
    return {"I": i, "E[I]": ei, "sd_norm": np.sqrt(var_norm), "sd_rand": np.sqrt(var_rand)}


def test_global_moran_matches_formulas(panel, weights):
    result = moran_by_year(panel, "v", weights, permutations=99, seed=3).to_frame()
    assert list(result.index) == list(YEARS)
    w = weights.to_numpy() / weights.to_numpy().sum(1, keepdims=True)
    for year in YEARS:
        y = panel[panel.year == year].set_index("province").loc[NAMES, "v"].to_numpy()
        expected = _cliff_ord(y, w)
        row = result.loc[year]
        for key, value in expected.items():
            assert row[key] == pytest.approx(value, rel=1e-10), key
        z = (expected["I"] - expected["E[I]"]) / expected["sd_norm"]
        assert row["z_norm"] == pytest.approx(z, rel=1e-10)
        assert row["p_norm"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-10)
        assert 1 / 100 <= row["p_sim"] <= 1


def test_permutation_p_is_esdas_own_from_the_same_draws(panel, weights):
    """The vectorised p_sim equals esda's loop over the same permutations, year after year (one seeded
    stream across the years, as in moran_by_year)."""
    import esda
    from libpysal.weights import full2W

    ours = moran_by_year(panel, "v", weights, permutations=499, seed=11).to_frame()["p_sim"]
    np.random.seed(11)
    for year in YEARS:
        y = panel[panel.year == year].set_index("province").loc[NAMES, "v"].to_numpy()
        theirs = esda.Moran(y, full2W(weights.to_numpy(), ids=NAMES), transformation="r", permutations=499)
        assert ours[year] == theirs.p_sim


def test_two_sided_p_as_the_paper():
    """Paper Table 5, 2011: z 2.097, p 0.036."""
    assert 2 * stats.norm.sf(2.097) == pytest.approx(0.036, abs=5e-4)


def test_permutations_are_seeded_and_leave_global_rng_alone(panel, weights):
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    a = moran_by_year(panel, "v", weights, permutations=199, seed=5).to_frame()
    after = np.random.random()
    b = moran_by_year(panel, "v", weights, permutations=199, seed=5).to_frame()
    c = moran_by_year(panel, "v", weights, permutations=199, seed=6).to_frame()
    assert before == after
    pd.testing.assert_frame_equal(a, b)
    assert not a["p_sim"].equals(c["p_sim"]) or a["p_sim"].eq(1 / 200).all()


def test_ndarray_weights_follow_first_seen_order(panel, weights):
    ordered = panel.sort_values(["province", "year"])
    from_frame = moran_by_year(ordered, "v", weights, permutations=0).to_frame()
    from_array = moran_by_year(ordered, "v", weights.to_numpy(), permutations=0).to_frame()
    pd.testing.assert_frame_equal(from_frame, from_array)
    assert from_frame["p_sim"].isna().all()


def test_local_moran_values_quadrants_and_seed(panel, weights):
    result = local_moran(panel, "v", weights, 2012, permutations=199, seed=2)
    table = result.to_frame()
    y = panel[panel.year == 2012].set_index("province").loc[NAMES, "v"].to_numpy()
    z = (y - y.mean()) / y.std()
    lag = (weights.to_numpy() / weights.to_numpy().sum(1, keepdims=True)) @ z
    np.testing.assert_allclose(table["I"], (N - 1) / N * z * lag, rtol=1e-10)
    expected = np.select([(z > 0) & (lag > 0), (z <= 0) & (lag > 0), (z <= 0) & (lag <= 0)], ["HH", "LH", "LL"], "HL")
    assert list(table["quadrant"]) == list(expected)
    significant = table["p_sim"] < 0.05
    assert (table.loc[significant, "cluster"] == table.loc[significant, "quadrant"]).all()
    assert (table.loc[~significant, "cluster"] == "not significant").all()
    again = local_moran(panel, "v", weights, 2012, permutations=199, seed=2).to_frame()
    pd.testing.assert_frame_equal(table, again)
    assert "Clusters" in result.summary


def test_bad_inputs(panel, weights):
    with pytest.raises(InputError, match="no data for u15"):
        moran_by_year(panel[panel.province != "u15"], "v", weights)
    with pytest.raises(InputError, match="unbalanced"):
        moran_by_year(panel.iloc[1:], "v", weights)
    with pytest.raises(InputError, match="parameter 'period'"):
        local_moran(panel, "v", weights, 1999)
    with pytest.raises(InputError, match="parameter 'w'"):
        moran_by_year(panel, "v", weights.to_numpy()[:3, :3])
    with pytest.raises(InputError, match="parameter 'permutations'"):
        moran_by_year(panel, "v", weights, permutations=-1)


def test_project_weights_object_is_used_and_left_alone():
    from scenarios.geography import sample_provinces, spatial_weights

    w3 = spatial_weights("W3")
    before = w3.matrix.copy()
    rng = np.random.default_rng(0)
    names = list(sample_provinces())
    frame = pd.DataFrame([{"province": n, "year": y, "v": rng.normal()} for n in reversed(names) for y in (2019, 2020)])
    from_object = moran_by_year(frame, "v", w3, permutations=0).to_frame()
    from_frame = moran_by_year(frame, "v", w3.to_frame(), permutations=0).to_frame()
    pd.testing.assert_frame_equal(from_object, from_frame)
    np.testing.assert_array_equal(w3.matrix, before)
    lisa = local_moran(frame, "v", w3, 2020, permutations=99).to_frame()
    assert list(lisa.index) == names
