"""Where the project's bundled data live, and the check that they are whole.

Every bundled data file is read through :func:`bundled_bytes`, which compares its SHA-256 with the one
recorded in ``data/SHA256SUMS`` (the one place checksums are kept, in ``sha256sum`` format, so
``cd data && sha256sum -c SHA256SUMS`` checks them by hand). A truncated or otherwise damaged file — a
half-copied ``demo_panel.csv``, a ``provinces.csv`` missing rows (which would otherwise give an 11 x 11
weight matrix silently), garbage in ``contiguity.csv`` — stops the program with one message naming the
file (:class:`BundledDataError`): the app shows it on the page, the CLI exits with code 2. The build
scripts (``scripts/build_demo_panel.py``, ``scripts/build_geography.py``) rewrite ``SHA256SUMS`` after
regenerating the files (:func:`record_checksums`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from scenarios.errors import InputError, Problem

#: The repository's ``data/`` folder (provinces, boundaries, demo panel). ``SCENARIOS_DATA_DIR`` overrides it.
DATA_DIR = Path(os.environ.get("SCENARIOS_DATA_DIR", Path(__file__).resolve().parents[2] / "data"))

#: The bundled data files, each checked against ``SHA256SUMS`` when read.
BUNDLED = ("demo_panel.csv", "provinces.csv", "contiguity.csv", "provinces.geojson", "map_context.geojson")
CHECKSUMS = "SHA256SUMS"


class BundledDataError(InputError):
    """A bundled data file is missing or damaged (its checksum differs from the recorded one)."""


def _recorded() -> dict[str, str]:
    try:
        lines = (DATA_DIR / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    except OSError:
        raise BundledDataError(
            Problem(
                f"{CHECKSUMS} is missing: the bundled data cannot be checked "
                "(restore the data/ folder from the repository)",
                file=f"data/{CHECKSUMS}",
            )
        ) from None
    recorded = {}
    for line in lines:
        digest, _, name = line.partition("  ")
        recorded[name.strip()] = digest.strip()
    return recorded


def bundled_bytes(name: str) -> bytes:
    """The bytes of the bundled data file ``name`` (one of :data:`BUNDLED`), after checking its SHA-256.

    Raises :class:`BundledDataError` naming the file when it is missing or differs from the checksum
    recorded in ``data/SHA256SUMS``.
    """
    where = f"data/{name}"
    try:
        data = (DATA_DIR / name).read_bytes()
    except OSError as error:
        raise BundledDataError(
            Problem(
                f"the bundled data file cannot be read ({error.strerror}); restore it from the repository", file=where
            )
        ) from None
    if hashlib.sha256(data).hexdigest() != _recorded().get(name):
        raise BundledDataError(
            Problem(
                f"the bundled data file is damaged or was changed ({len(data):,} bytes; its SHA-256 differs from "
                f"data/{CHECKSUMS}): restore it from the repository, or regenerate it with the scripts in scripts/",
                file=where,
            )
        )
    return data


def check_bundled() -> None:
    """Check every bundled data file (:func:`bundled_bytes`); raises :class:`BundledDataError` on the first bad one."""
    for name in BUNDLED:
        bundled_bytes(name)


def record_checksums() -> None:
    """Write ``data/SHA256SUMS`` for the bundled files as they are now (the build scripts call this)."""
    lines = [f"{hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest()}  {name}" for name in BUNDLED]
    (DATA_DIR / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
