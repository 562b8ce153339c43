"""Every table of Li, Wei, Xu & Jiang (2023) computed from a panel, beside the published one.

:func:`reproduce` runs the paper's analyses with the project's estimators (:mod:`scenarios.econometrics`)
on a :class:`~scenarios.data.panel.Panel` and the three weight matrices, and pairs each table with
``scenarios.reproduction.paper.table(n)`` cell by cell (:mod:`scenarios.reproduction.compare`). The readings chosen
where the paper is ambiguous are in :mod:`scenarios.reproduction.tables` and docs/reproduction.md.

Results are cached per (panel fingerprint, seed, replications, permutations, impact draws) and immutable.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from scenarios import geography
from scenarios.data.panel import Panel
from scenarios.errors import InputError, Problem
from scenarios.provenance import SYNTHETIC_NOTICE
from scenarios.reproduction import compare, render
from scenarios.reproduction import tables as build
from scenarios.summary import Summarised

#: The paper's tables, in order.
TABLES = tuple(range(1, 14))

#: What the paper's bootstrap and our Moran permutations use by default (paper §3.5: 500 replications).
BOOTSTRAP_REPLICATIONS = 500
MORAN_PERMUTATIONS = 999
IMPACT_DRAWS = 1000


@dataclass(frozen=True, eq=False, repr=False)
class Reproduction(Summarised):
    """The paper's tables from one panel beside the published ones; built by :func:`reproduce`.

    Notes
    -----
    ``comparison(n)`` is table n in long form (columns :data:`scenarios.reproduction.compare.COLUMNS`),
    ``omitted`` the tables that could not be computed, with the reason. Sign agreement and significance
    bands follow the paper's stars (* p < 0.10, ** p < 0.05, *** p < 0.01). Every frame handed out is a copy.
    """

    source: str
    synthetic: bool
    seed: int
    replications: int
    permutations: int
    impact_draws: int
    fingerprint: str
    seconds: float
    _comparisons: Mapping[int, pd.DataFrame]
    _extras: Mapping[str, pd.DataFrame]
    omitted: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def tables(self) -> tuple[int, ...]:
        """Numbers of the tables computed."""
        return tuple(self._comparisons)

    def comparison(self, n: int) -> pd.DataFrame:
        """Table ``n``: ours beside the paper's, per cell (long form), a copy."""
        return self._comparisons[n].copy()

    def comparisons(self) -> pd.DataFrame:
        """All tables' comparisons stacked (long form), a copy."""
        return pd.concat(list(self._comparisons.values()), ignore_index=True)

    def extra(self, name: str) -> pd.DataFrame:
        """Results the paper reports only in its text: ``"section_3_1_2"`` (Hausman, mean VIF) and
        ``"local_moran"`` (LISA clusters), a copy."""
        return self._extras[name].copy()

    @property
    def extras(self) -> tuple[str, ...]:
        """Names of the extra results."""
        return tuple(self._extras)

    def tech_agreement(self) -> pd.DataFrame:
        """The technology-import coefficients of Tables 3, 4, 9, 10, 11 with sign and significance agreement."""
        return compare.tech_agreement(self.comparisons()) if self._comparisons else pd.DataFrame()

    def agreement(self) -> pd.DataFrame:
        """Per table: cells compared, sign agreements, significance-band agreements (of those with a band)."""
        rows = []
        for n, table in self._comparisons.items():
            both = table["ours"].notna() & table["paper"].notna()
            rows.append(
                {
                    "table": n,
                    "cells": int(both.sum()),
                    "sign_agrees": int(table["sign_agrees"].sum()),
                    "banded": int(table["stars_agree"].notna().sum()),
                    "stars_agree": int(table["stars_agree"].sum()),
                }
            )
        return pd.DataFrame(rows).set_index("table")

    @property
    def summary(self) -> str:
        """A few lines: what the panel is, and how far the reproduction agrees with the paper."""
        tech = self.tech_agreement()
        lines = [SYNTHETIC_NOTICE] if self.synthetic else []
        lines += [
            f"Reproduction of Li, Wei, Xu & Jiang (2023) on the panel {self.source!r}",
            f"seed {self.seed}, bootstrap {self.replications} replications, Moran {self.permutations} "
            f"permutations, {self.seconds:.1f} s",
        ]
        if len(tech):
            both = tech["sign_agrees"] & tech["stars_agree"]
            lines.append(
                f"technology-import cells (Tables 3, 4, 9, 10, 11): {int(tech['sign_agrees'].sum())}/{len(tech)} "
                f"same sign, {int(tech['stars_agree'].sum())}/{len(tech)} same significance band, "
                f"{int(both.sum())}/{len(tech)} both"
            )
        lines += [f"table {n} omitted: {why}" for n, why in self.omitted.items()]
        if self.synthetic:
            lines.append(render.DEMO_AGREEMENT)
        return "\n".join(lines)


def weights() -> dict[str, geography.SpatialWeights]:
    """The paper's three matrices (row-standardised): W1 inverse distance, W2 its square, W3 contiguity."""
    return {label: geography.spatial_weights(label) for label in build.WEIGHTS}


def _weights_key(matrices: Mapping[str, geography.SpatialWeights]) -> str:
    digest = hashlib.sha256()
    for label in build.WEIGHTS:
        w = matrices[label]
        digest.update(label.encode() + "|".join(w.names).encode() + np.ascontiguousarray(w.matrix).tobytes())
    return digest.hexdigest()


def reproduce(
    panel: Panel,
    *,
    seed: int = 0,
    replications: int = BOOTSTRAP_REPLICATIONS,
    permutations: int = MORAN_PERMUTATIONS,
    impact_draws: int = IMPACT_DRAWS,
    matrices: Mapping[str, geography.SpatialWeights] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Reproduction:
    """Run the paper's analyses on ``panel`` and compare each table with the published one.

    Parameters
    ----------
    panel : Panel
        The panel to analyse (demo-derived panels are labelled synthetic throughout).
    seed : int
        Drives the bootstrap (Table 13), the Moran permutations (Tables 5-7, local clusters) and the
        simulated effects (Table 9).
    replications : int
        Bootstrap replications of the mediation analysis (the paper's §3.5: 500).
    permutations : int
        Permutations of the Moran tests.
    impact_draws : int
        Parameter draws for the standard errors of the LeSage-Pace effects.
    matrices : mapping of str to SpatialWeights, optional
        "W1", "W2", "W3" to weight matrices (objects with ``.names`` and ``.matrix``, e.g.
        :class:`scenarios.geography.SpatialWeights` or one read by ``read_weights_csv``); by default the
        project's (:func:`weights`).
    progress : callable, optional
        Receives a line per step.

    Returns
    -------
    Reproduction
        Cached: the same arguments on the same panel content and matrices return the same immutable object.

    Notes
    -----
    Each table is computed with :mod:`scenarios.econometrics` and paired cell by cell with
    ``scenarios.reproduction.paper.table(n)``; the readings chosen where the paper is ambiguous are in
    :mod:`scenarios.reproduction.tables` and docs/reproduction.md.
    """
    matrices = dict(matrices) if matrices is not None else weights()
    missing = [label for label in build.WEIGHTS if label not in matrices]
    if missing:
        raise InputError(Problem(f"weight matrices {', '.join(missing)} are missing", parameter="matrices"))
    matrices = {label: matrices[label] for label in build.WEIGHTS}
    key = (
        panel.fingerprint,
        panel.synthetic,
        panel.source,
        int(seed),
        int(replications),
        int(permutations),
        int(impact_draws),
        _weights_key(matrices),
    )
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    result = _run(
        panel,
        matrices,
        int(seed),
        int(replications),
        int(permutations),
        int(impact_draws),
        progress or (lambda message: None),
    )
    _CACHE[key] = result
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


#: How many reproductions the cache keeps (least recently used dropped first).
CACHE_SIZE = 8
_CACHE: OrderedDict[tuple, Reproduction] = OrderedDict()


def _run(
    panel: Panel,
    matrices: Mapping[str, geography.SpatialWeights],
    seed: int,
    replications: int,
    permutations: int,
    impact_draws: int,
    progress,
) -> Reproduction:
    start = time.perf_counter()
    analysis, raw = panel.analysis, panel.raw
    ours: dict[int, pd.DataFrame] = {}
    extras: dict[str, pd.DataFrame] = {}
    omitted: dict[int, str] = {}

    def step(numbers: tuple[int, ...], label: str, fn):
        """Run one analysis; a panel it cannot handle (InputError) omits its tables, with the reason."""
        tick = time.perf_counter()
        try:
            value = fn()
        except InputError as error:
            for n in numbers:
                omitted[n] = f"{label}: {error}"
            progress(f"{label}: omitted ({error})")
            return None
        progress(f"{label} ({time.perf_counter() - tick:.2f} s)")
        return value

    def table(n: int, label: str, fn) -> None:
        value = step((n,), f"Table {n} {label}", fn)
        if value is not None:
            ours[n] = value

    table(1, "descriptive statistics", lambda: build.table1(analysis))
    table(2, "unit-root tests", lambda: build.table2(analysis))
    extras["section_3_1_2"] = step((), "Hausman test and VIF (section 3.1.2)", lambda: build.section_3_1_2(analysis))
    table(3, "fixed effects", lambda: build.table3(analysis))
    table(4, "key industries", lambda: build.table4(analysis))
    for n, label in zip((5, 6, 7), build.WEIGHTS):
        table(
            n,
            f"global Moran's I under {label}",
            lambda w=matrices[label]: build.moran_table(analysis, w, permutations, seed),
        )
    extras["local_moran"] = step(
        (), "local Moran clusters", lambda: build.local_clusters(analysis, matrices, permutations, seed)
    )
    table(8, "LM, LR and Wald tests", lambda: build.table8(analysis, matrices))
    table(9, "spatial Durbin models", lambda: build.table9(analysis, matrices, impact_draws, seed))
    mediated = step(
        (10, 11, 13),
        f"Tables 10, 11, 13 mediation ({replications} bootstrap replications)",
        lambda: build.mediations(analysis, replications, seed),
    )
    if mediated is not None:
        ours[10], ours[11], ours[13] = build.table10(mediated), build.table11(mediated), build.table13(mediated)
    table(12, "robustness", lambda: build.table12(analysis, raw))
    comparisons = {n: compare.side_by_side(n, ours[n]) for n in sorted(ours)}
    return Reproduction(
        source=panel.source,
        synthetic=panel.synthetic,
        seed=seed,
        replications=replications,
        permutations=permutations,
        impact_draws=impact_draws,
        fingerprint=panel.fingerprint,
        seconds=time.perf_counter() - start,
        _comparisons=MappingProxyType(comparisons),
        _extras=MappingProxyType({k: v for k, v in extras.items() if v is not None}),
        omitted=MappingProxyType(dict(sorted(omitted.items()))),
    )


def stderr_progress(message: str) -> None:
    """Progress printer for the command line (stderr)."""
    print(f"  {message}", file=sys.stderr, flush=True)
