import dataclasses
import math
import warnings

import numpy as np
import pytest

from scenarios.errors import InputError
from scenarios.geography import (
    EARTH_RADIUS_KM,
    SpatialWeights,
    centroid_distances,
    haversine_km,
    provinces,
    sample_provinces,
    spatial_weights,
)

KINDS = ["inverse-distance", "inverse-distance-squared", "contiguity"]


def neighbours(name):
    frame = spatial_weights("contiguity", row_standardize=False).to_frame()
    return set(frame.columns[frame.loc[name] > 0])


def test_jiangsu_neighbours():
    assert neighbours("Jiangsu") == {"Shanghai", "Zhejiang", "Anhui", "Shandong"}


def test_hainan_is_linked_to_guangdong_only():
    assert neighbours("Hainan") == {"Guangdong"}
    assert "Hainan" in neighbours("Guangdong")


def test_tibet_is_left_out_of_the_neighbours():
    assert neighbours("Xinjiang") == {"Gansu", "Qinghai"}
    assert neighbours("Sichuan") == {"Chongqing", "Guizhou", "Yunnan", "Shaanxi", "Gansu", "Qinghai"}


def test_inner_mongolia_has_its_eight_neighbours():
    assert neighbours("Inner Mongolia") == {
        "Heilongjiang",
        "Jilin",
        "Liaoning",
        "Hebei",
        "Shanxi",
        "Shaanxi",
        "Ningxia",
        "Gansu",
    }


def test_contiguity_is_symmetric_binary_and_connected():
    raw = spatial_weights("W3", row_standardize=False).matrix
    assert np.array_equal(raw, raw.T)
    assert set(np.unique(raw)) == {0.0, 1.0}
    assert (raw.sum(axis=1) >= 1).all()
    assert raw.sum() / 2 == 65  # 68 shared boundaries among 31 units, less Tibet's 4, plus Hainan's link


@pytest.mark.parametrize("kind", KINDS)
def test_row_standardised_rows_sum_to_one_with_zero_diagonal(kind):
    weights = spatial_weights(kind)
    assert weights.row_standardized
    assert weights.names == sample_provinces()
    assert weights.matrix.shape == (30, 30)
    np.testing.assert_allclose(weights.matrix.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    assert (np.diag(weights.matrix) == 0).all()
    assert (weights.matrix >= 0).all()


def test_distance_weights_are_dense():
    off_diagonal = ~np.eye(30, dtype=bool)
    assert (spatial_weights("W1").matrix[off_diagonal] > 0).all()
    assert (spatial_weights("W2").matrix[off_diagonal] > 0).all()


def test_w1_is_the_reciprocal_distance_and_w2_its_square():
    distances = centroid_distances().to_numpy()
    w1 = spatial_weights("W1", row_standardize=False).matrix
    w2 = spatial_weights("W2", row_standardize=False).matrix
    off_diagonal = ~np.eye(30, dtype=bool)
    np.testing.assert_allclose(w1[off_diagonal], 1 / distances[off_diagonal], rtol=1e-15)
    np.testing.assert_allclose(w2, w1**2, rtol=1e-14)


def test_row_standardising_divides_by_row_sums():
    raw = spatial_weights("W2", row_standardize=False).matrix
    np.testing.assert_allclose(spatial_weights("W2").matrix, raw / raw.sum(axis=1, keepdims=True), rtol=1e-15)


def test_haversine_against_hand_computed_arcs():
    # A quarter of the equator and one degree of a meridian: R pi / 2 and R pi / 180.
    assert haversine_km(0, 0, 90, 0) == pytest.approx(EARTH_RADIUS_KM * math.pi / 2, rel=1e-14)
    assert haversine_km(116, 20, 116, 21) == pytest.approx(111.19508023353292, rel=1e-12)
    # Spherical law of cosines, an independent formula, for Beijing and Shanghai city centres.
    lon1, lat1, lon2, lat2 = map(math.radians, (116.40, 39.91, 121.46, 31.22))
    cosines = math.acos(math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1))
    assert haversine_km(116.40, 39.91, 121.46, 31.22) == pytest.approx(EARTH_RADIUS_KM * cosines, rel=1e-10)


def test_beijing_shanghai_centroid_distance_is_plausible():
    distances = centroid_distances()
    assert 1000 < distances.loc["Beijing", "Shanghai"] < 1200
    assert distances.loc["Beijing", "Tianjin"] < 150
    assert distances.loc["Heilongjiang", "Xinjiang"] > 3000
    np.testing.assert_array_equal(distances.to_numpy(), distances.to_numpy().T)


def test_cached_and_immutable():
    weights = spatial_weights("inverse-distance")
    assert spatial_weights("W1") is weights
    assert spatial_weights(" w1 ", row_standardize=1) is weights
    assert spatial_weights("W1", row_standardize=False) is not weights
    assert not weights.matrix.flags.writeable
    with pytest.raises(ValueError):
        weights.matrix[0, 1] = 5.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        weights.kind = "contiguity"


def test_copies_out_do_not_touch_the_cached_matrix():
    weights = spatial_weights("W3")
    before = weights.matrix.copy()
    frame = weights.to_frame()
    frame.iloc[0, 0] = 9.0
    sparse = weights.sparse()
    sparse.data[:] = 7.0
    np.testing.assert_array_equal(weights.matrix, before)
    assert weights.sparse().nnz == 130


def test_constructor_copies_a_callers_array():
    array = np.array([[0.0, 1.0], [1.0, 0.0]])
    weights = SpatialWeights(kind="custom", names=["a", "b"], matrix=array, row_standardized=True)
    array[0, 1] = 5.0
    assert weights.matrix[0, 1] == 1.0
    assert weights.names == ("a", "b")
    with pytest.raises(ValueError, match="square 1 x 1"):
        SpatialWeights(kind="custom", names=("a",), matrix=array, row_standardized=True)


def test_libpysal_weights_are_fresh_and_match():
    weights = spatial_weights("W3")
    first = weights.to_libpysal()
    assert first.transform == "R"
    assert list(first.id_order) == list(weights.names)
    np.testing.assert_allclose(first.full()[0], weights.matrix, rtol=1e-15)
    first.transform = "B"  # what a caller such as esda may do
    second = weights.to_libpysal()
    assert second is not first and second.transform == "R"
    np.testing.assert_allclose(second.full()[0], weights.matrix, rtol=1e-15)
    assert set(second.neighbors["Hainan"]) == {"Guangdong"}
    assert spatial_weights("W3", row_standardize=False).to_libpysal().transform == "O"


def test_esda_moran_with_the_libpysal_weights_matches_the_formula():
    esda = pytest.importorskip("esda")
    weights = spatial_weights("W1")
    y = np.arange(30, dtype=float) ** 1.5
    z = y - y.mean()
    expected = (z @ weights.matrix @ z) / (z @ z)  # n / S0 = 1 for row-standardised weights
    assert esda.Moran(y, weights.to_libpysal(), permutations=0).I == pytest.approx(expected, rel=1e-12)


def test_unknown_kind_names_the_parameter_and_the_choices():
    with pytest.raises(InputError) as error:
        spatial_weights("queen")
    problem = error.value.problems[0]
    assert problem.parameter == "kind"
    for accepted in [*KINDS, "W1", "W2", "W3"]:
        assert accepted in problem.message


def test_label_and_repr():
    weights = spatial_weights("W2")
    assert weights.label == "W2, inverse squared distance (row-standardised)"
    assert repr(weights) == "SpatialWeights(kind='inverse-distance-squared', n=30, row_standardized=True)"


@pytest.mark.parametrize("kind, alpha", [("W1", -1.0), ("W2", -2.0)])
def test_distance_weights_match_libpysal_arc_distance_band(kind, alpha):
    libpysal = pytest.importorskip("libpysal")
    table = provinces().set_index("name_en").loc[list(sample_provinces())]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # libpysal raises the zero self-distances to alpha
        band = libpysal.weights.DistanceBand(
            table[["centroid_lon", "centroid_lat"]].to_numpy(),
            threshold=20_000,  # km, more than any distance: every pair is a neighbour, as in W1 and W2
            binary=False,
            alpha=alpha,
            distance_metric="arc",
            radius=EARTH_RADIUS_KM,
            silence_warnings=True,
        )
    np.testing.assert_allclose(band.full()[0], spatial_weights(kind, row_standardize=False).matrix, rtol=1e-11)
