"""Before/after check for refactors of the projection core: every output of a set of projections, compared exactly.

    PYTHONPATH=src python bench/projection_snapshot.py save before.pkl     # on the old tree
    PYTHONPATH=src python bench/projection_snapshot.py save after.pkl      # on the new tree
    python bench/projection_snapshot.py compare before.pkl after.pkl       # exit 1 unless equal to the bit

Saved per scenario: the province frame, the national frame, the peaks, ``to_dict()`` (with the cautions'
English wording), the summary, and the technology spillover flows of 2030. Frames are compared with
``DataFrame.equals`` (same dtypes, values equal bit for bit, NaN where NaN), so a change in the last bit
of one band fails. Uses only the public API that both trees share.
"""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import sys

import pandas as pd


def _scenarios():
    from scenarios.projection.scenario import PRESETS, Scenario, Subsidy

    scenarios = dict(PRESETS)
    trend = Scenario(coefficients="estimated-W1", import_growth=7.0, horizon=2060)
    for matrix in ("W1", "W2", "W3"):
        scenarios[f"published-{matrix}"] = Scenario(
            coefficients=f"published-{matrix}",
            import_growth=8.0,
            subsidy=Subsidy(amount=50.0, lowest=5, raises_fin=True),
        )
        scenarios[f"estimated-{matrix}"] = Scenario(
            coefficients=f"estimated-{matrix}", horizon=2045, region_growth=(("West", 12.0),), phase_in=2025
        )
    scenarios["estimated-trend"] = trend.with_(
        assumptions=dataclasses.replace(trend.assumptions, time_effect="trend", gdp_growth=4.0)
    )
    scenarios["extreme"] = Scenario(
        horizon=2060,
        import_growth=40.0,
        province_growth=(("Hainan", 30.0),),
        subsidy=Subsidy(amount=200.0, provinces=("Qinghai", "Ningxia"), share=0.5, start=2025, end=2035),
    )
    return scenarios


def snapshot() -> dict:
    from scenarios.data.demo import load_demo_panel
    from scenarios.projection import spillovers
    from scenarios.projection.engine import project

    panel = load_demo_panel()
    out = {}
    for name, scenario in _scenarios().items():
        for draws, seed in ((1000, 0), (137, 5)):
            projection = project(scenario, panel, draws=draws, seed=seed)
            takes_panel = "panel" in inspect.signature(spillovers.technology_flows).parameters
            flows = (
                spillovers.technology_flows(projection, panel, 2030)
                if takes_panel
                else spillovers.technology_flows(projection, 2030)
            )
            info = projection.to_dict()
            info["warnings"] = [str(w) for w in info["warnings"]]
            out[f"{name}/{draws}/{seed}"] = {
                "frame": projection.frame,
                "national": projection.national,
                "peaks": projection.peaks,
                "dict": info,
                "summary": projection.summary,
                "flows": flows,
            }
    return out


def compare(before: dict, after: dict) -> list[str]:
    problems = [f"{key}: missing" for key in before.keys() ^ after.keys()]
    for key in sorted(before.keys() & after.keys()):
        for part, old in before[key].items():
            new = after[key][part]
            same = old.equals(new) if isinstance(old, pd.DataFrame) else old == new
            if isinstance(old, pd.DataFrame) and same:
                same = list(old.columns) == list(new.columns) and old.index.equals(new.index)
            if not same:
                detail = ""
                if isinstance(old, pd.DataFrame) and old.shape == new.shape:
                    numeric = old.select_dtypes("number").columns
                    detail = f" (largest difference {(old[numeric] - new[numeric]).abs().max().max():.3g})"
                problems.append(f"{key} {part}: differs{detail}")
    return problems


def main(argv: list[str]) -> int:
    if argv[:1] == ["save"] and len(argv) == 2:
        with open(argv[1], "wb") as handle:
            pickle.dump(snapshot(), handle)
        return 0
    if argv[:1] == ["compare"] and len(argv) == 3:
        before, after = (pickle.load(open(path, "rb")) for path in argv[1:])
        problems = compare(before, after)
        print("\n".join(problems) or f"{len(before)} projections equal to the bit")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
