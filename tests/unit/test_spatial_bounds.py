"""rho / lambda at an end of the admissible interval is said, not returned silently (issue 15, item 4)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from scenarios.econometrics.spatial import BoundaryWarning, SpatialPanelModel

N, T = 6, 5
#: A ring, row-standardised: eigenvalues in [-1, 1], so rho is searched in (-1, 1).
RING = (np.roll(np.eye(N), 1, axis=1) + np.roll(np.eye(N), -1, axis=1)) / 2
#: y_t = c_t v with W v = v (v = 1) or W v = -v (alternating signs): after entity demeaning W y = +-y
#: exactly, so the concentrated likelihood rises without end towards rho = 1 or rho = -1.
SHAPES = {"upper": np.ones(N), "lower": np.array([1.0, -1.0] * (N // 2))}


def _panel(shape: np.ndarray, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    y = np.outer(rng.normal(size=T), shape)
    return pd.DataFrame(
        {
            "id": np.tile(np.arange(N), T),
            "year": np.repeat(np.arange(T), N),
            "y": y.ravel(),
            "x": rng.normal(size=N * T),
        }
    )


@pytest.mark.parametrize("edge", ["upper", "lower"])
@pytest.mark.parametrize("model", ["sar", "sem"])
def test_an_estimate_at_the_bound_warns_and_is_a_caution(edge, model):
    with pytest.warns(BoundaryWarning, match=f"at the {edge} end of its admissible interval"):
        results = SpatialPanelModel(_panel(SHAPES[edge]), "y", ["x"], RING, model=model, entity="id", time="year").fit()
    assert abs(results.params.iloc[0]) == pytest.approx(1.0, abs=1e-5)
    assert len(results.cautions) == 1
    assert results.cautions[0].startswith(f"{'lambda' if model == 'sem' else 'rho'} = ")
    assert "(-1, 1)" in results.cautions[0]


def test_an_interior_estimate_has_no_caution():
    rng = np.random.default_rng(3)
    data = _panel(np.ones(N)).assign(y=rng.normal(size=N * T))
    with warnings.catch_warnings():
        warnings.simplefilter("error", BoundaryWarning)
        results = SpatialPanelModel(data, "y", ["x"], RING, model="sar", entity="id", time="year").fit()
    assert results.cautions == ()


def test_the_cli_says_it_in_a_note_on_stderr_and_in_the_json(tmp_path, capsys):
    from scenarios.cli import main

    _panel(SHAPES["upper"]).to_csv(tmp_path / "p.csv", index=False)
    pd.DataFrame(RING, columns=[str(i) for i in range(N)]).to_csv(tmp_path / "w.csv", index=False)
    arguments = [
        "fit",
        "--data",
        str(tmp_path / "p.csv"),
        "--entity",
        "id",
        "--time",
        "year",
        "--y",
        "y",
        "--x",
        "x",
        "--w",
        str(tmp_path / "w.csv"),
        "--model",
        "sar",
        "--draws",
        "20",
    ]
    assert main([*arguments, "--json"]) == 0
    captured = capsys.readouterr()
    notes = [line for line in captured.err.splitlines() if line.startswith("note: rho = ")]
    assert len(notes) == 1 and "at the upper end of its admissible interval (-1, 1)" in notes[0]
    assert "BoundaryWarning" not in captured.err  # said once, as a note, not as a Python warning
    assert json.loads(captured.out)["cautions"] == [notes[0].removeprefix("note: ")]
