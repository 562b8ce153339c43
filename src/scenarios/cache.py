"""Objects shared between callers (app sessions, CLI runs, tests): read-only arrays and one cache policy.

Whatever is cached is shared, so it must be immutable: frozen dataclasses whose arrays are read-only
(:func:`read_only`). :class:`BoundedCache` is the one policy for the library's costly shared objects (the
re-estimated coefficients and the projection engines): at most ``size`` entries, the least recently
used dropped first, keyed by content (a panel's fingerprint, never its identity), safe to use from many
threads at once (Streamlit runs each session in its own thread).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import numpy as np

Value = TypeVar("Value")


def read_only(values, dtype=None, copy: bool = True) -> np.ndarray:
    """``values`` as an array that cannot be written to.

    A copy by default, so no other reference can change it later; ``copy=False`` freezes an array the
    caller has just built and hands out no other way (no copy of large arrays).
    """
    array = np.array(values, dtype=dtype, copy=True) if copy else np.asarray(values, dtype=dtype)
    array.setflags(write=False)
    return array


class BoundedCache(Generic[Value]):
    """At most ``size`` values by key, least recently used dropped first; thread-safe.

    :meth:`get` builds a missing value outside the lock (a build can take a second: other keys stay
    served meanwhile); if two threads build the same key at once, the first stored is kept and both
    get it, so every caller of a key shares one object.
    """

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("a cache holds at least one entry")
        self.size = size
        self._entries: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Value]) -> Value:
        """The value for ``key``, built by ``build()`` if it is not cached."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = build()
        with self._lock:
            value = self._entries.setdefault(key, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Drop every entry (benchmarks measuring a cold start)."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries
