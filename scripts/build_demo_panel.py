"""Regenerate data/demo_panel.csv, the synthetic demo panel (see scenarios.data.demo and data/README.md).

    PYTHONPATH=src python scripts/build_demo_panel.py [--seed S] [--out PATH]

Deterministic: the default seed reproduces the committed file byte for byte.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scenarios.data.demo import DEFAULT_SEED, DEMO_PANEL_PATH, demo_panel_csv
from scenarios.paths import record_checksums


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=DEMO_PANEL_PATH, help="output CSV (default data/demo_panel.csv)")
    args = parser.parse_args()
    args.out.write_text(demo_panel_csv(seed=args.seed), encoding="utf-8")
    if args.out.resolve() == DEMO_PANEL_PATH.resolve():
        record_checksums()  # data/SHA256SUMS follows the regenerated file
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
