"""Objects shared between sessions cannot be changed: every cached array is read-only, every cached object
frozen; and the one cache policy (bounded, least recently used first, thread-safe)."""

import dataclasses
import threading

import numpy as np
import projection_data as data
import pytest

from scenarios.cache import BoundedCache, read_only
from scenarios.econometrics.effects import SpectralWeights
from scenarios.projection.coefficients import ESTIMATED_CACHE, estimated
from scenarios.projection.engine import ENGINES, ProjectionEngine, engine_for
from scenarios.projection.scenario import Scenario


@pytest.fixture(scope="module")
def engine():
    return ProjectionEngine(data.panel(), data.coefficients(), weights=data.weights(), draws=50, seed=1)


def _arrays(obj, seen=None):
    """Every numpy array reachable from ``obj``'s attributes, tuples and dataclass fields, by path."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        yield "", obj
        return
    if isinstance(obj, (tuple, list)):
        for i, item in enumerate(obj):
            for path, array in _arrays(item, seen):
                yield f"[{i}]{path}", array
        return
    names = (
        [f.name for f in dataclasses.fields(obj)]
        if dataclasses.is_dataclass(obj)
        else (list(vars(obj)) if hasattr(obj, "__dict__") else list(getattr(type(obj), "__slots__", ())))
    )
    for name in names:
        if name.startswith("__"):
            continue
        for path, array in _arrays(getattr(obj, name), seen):
            yield f".{name}{path}", array


def test_every_engine_array_is_read_only(engine):
    arrays = dict(_arrays(engine))
    for name in (
        ".point[0]",
        ".point[1]",
        ".spatial_draws[1]",
        ".plain_cov",
        "._point_operator",
        ".effect_matrices",
        ".own_diagonals",
        "._factors",
        "._vectors",
        ".plain_draws",
        ".baseline_draws",
        ".baseline_change",
        ".eigen.values",
        ".eigen.vectors",
        ".eigen.inverse",
        ".anchors.co2",
        ".baseline_paths.x",
        ".models[0].beta",
        ".models[0].cov",
        ".weights.matrix",
    ):
        assert name in arrays, name
    for name, array in arrays.items():
        with pytest.raises(ValueError, match="read-only"):
            array[(0,) * array.ndim] = 1.0  # the point is that it fails: 'name' below says which
        assert not array.flags.writeable, name


def test_engine_and_its_parts_are_frozen(engine):
    for obj, name in (
        (engine, "point"),
        (engine, "models"),
        (engine, "new_attribute"),
        (engine.eigen, "values"),
        (engine.anchors, "co2"),
        (engine.models[0], "rho"),
        (engine.baseline_paths, "x"),
    ):
        with pytest.raises((AttributeError, dataclasses.FrozenInstanceError)):
            setattr(obj, name, None)
    with pytest.raises(AttributeError):
        del engine.point


def test_a_projection_is_frozen_with_read_only_arrays(engine):
    projection = engine.project(Scenario(import_growth=9, horizon=2030))
    arrays = dict(_arrays(projection))
    assert {".baseline_y", ".scenario_bands", ".national_bands", ".effect_matrices", ".own"} <= set(arrays)
    for name, array in arrays.items():
        assert not array.flags.writeable, name
    with pytest.raises(dataclasses.FrozenInstanceError):
        projection.scenario_y = np.zeros(1)
    frame = projection.frame
    frame.loc[0, "scenario_mt"] = -1.0  # a copy: the projection keeps its numbers
    assert projection.frame.loc[0, "scenario_mt"] != -1.0


def test_read_only_copies_unless_told_not_to():
    source = np.arange(3.0)
    frozen = read_only(source)
    source[0] = 7.0
    assert frozen[0] == 0.0 and not frozen.flags.writeable
    assert read_only(source, copy=False) is source and not source.flags.writeable
    assert read_only([1, 2], dtype=float).dtype == float


def test_spectral_weights_are_immutable():
    spectrum = SpectralWeights(data.weights().matrix)
    with pytest.raises(AttributeError):
        spectrum.values = None
    assert not spectrum.inverse.flags.writeable


def test_bounded_cache_drops_the_least_recently_used():
    cache = BoundedCache(2)
    built = []
    for key in ("a", "b", "a", "c", "b"):
        cache.get(key, lambda key=key: built.append(key) or key.upper())
    assert built == ["a", "b", "c", "b"]  # "a" was used after "b", so "b" went first
    assert len(cache) == 2 and "a" not in cache and "c" in cache


def test_bounded_cache_gives_every_thread_the_same_object():
    cache = BoundedCache(4)
    barrier = threading.Barrier(4)
    results = []

    def build():
        barrier.wait(timeout=5)  # all four build at once
        return object()

    threads = [threading.Thread(target=lambda: results.append(cache.get("key", build))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(value) for value in results}) == 1


def test_engines_and_fits_share_the_one_policy():
    assert isinstance(ENGINES, BoundedCache) and isinstance(ESTIMATED_CACHE, BoundedCache)
    panel = data.panel()
    first = engine_for(panel, "published-W2", draws=20)
    assert engine_for(data.panel(), "published-W2", draws=20) is first
    fits = estimated(panel, "W1", data.weights())
    assert estimated(data.panel(), "W1", data.weights()) == fits  # the same frozen objects
