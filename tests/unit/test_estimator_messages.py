"""The estimators' messages show numbers as numbers and say which cell is wrong (issue 15, item 6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scenarios.econometrics.spatial import SpatialPanelModel
from scenarios.econometrics.spatial_tests import lm_tests
from scenarios.econometrics.unitroot import panel_unit_root
from scenarios.errors import InputError, shown


@pytest.mark.parametrize(
    "value, text",
    [
        (np.int64(1970), "1970"),
        (np.float64("inf"), "inf"),
        (np.float64(-np.inf), "-inf"),
        (1970.0, "1970"),
        (np.float32(0.5), "0.5"),
        (0.25, "0.25"),
        (np.nan, "nan"),
        ("abc", "'abc'"),
        (np.bool_(True), "True"),
    ],
)
def test_shown_prints_numbers_plainly_and_quotes_text(value, text):
    assert shown(value) == text


def _panel(n=5, periods=6):
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        [
            {"id": f"u{i}", "year": 1970 + t, "y": rng.normal(), "x": rng.normal()}
            for i in range(n)
            for t in range(periods)
        ]
    )


W = np.roll(np.eye(5), 1, axis=1) + np.roll(np.eye(5), -1, axis=1)


def _errors(data):
    """The messages of the spatial fit, the LM tests and the unit-root tests on ``data``."""
    calls = [
        lambda: SpatialPanelModel(data, "y", ["x"], W, entity="id", time="year"),
        lambda: lm_tests(data, "y", ["x"], W, effects="entity", entity="id", time="year"),
        lambda: panel_unit_root(data, "y", entity="id", time="year", lags=0),
    ]
    messages = []
    for call in calls:
        with pytest.raises(InputError) as caught:
            call()
        messages.append(str(caught.value))
    return messages


def test_an_infinite_value_is_shown_as_inf():
    data = _panel()
    data.loc[4, "y"] = np.inf
    for message in _errors(data):
        assert message == "row 6, column 'y': is not a finite number (inf)"


def test_a_year_that_is_not_a_whole_number_is_named_not_called_unbalanced():
    data = _panel()
    data["year"] = data["year"].astype(object)
    data.loc[3, "year"] = "abc"
    for message in _errors(data):
        assert message == "row 5, column 'year': is not a whole number ('abc')"
    data.loc[3, "year"] = 1973.5
    for message in _errors(data):
        assert message == "row 5, column 'year': is not a whole number (1973.5)"


def test_a_repeated_period_is_shown_as_a_plain_year():
    data = _panel()
    data.loc[1, "year"] = 1970
    with pytest.raises(InputError, match=r"^row 3: entity 'u0' appears twice in period 1970$"):
        SpatialPanelModel(data, "y", ["x"], W, entity="id", time="year")


def test_years_written_as_text_or_floats_are_the_same_periods():
    data = _panel()
    reference = SpatialPanelModel(data, "y", ["x"], W, entity="id", time="year").fit()
    as_text = data.assign(year=data["year"].astype(str))
    as_float = data.assign(year=data["year"].astype(float))
    for variant in (as_text, as_float):
        fit = SpatialPanelModel(variant, "y", ["x"], W, entity="id", time="year").fit()
        assert fit.params.equals(reference.params)
        assert list(fit.resid.index) == list(range(1970, 1976))


def test_the_cli_names_the_cell_of_a_bad_year(tmp_path, capsys):
    from scenarios.cli import main

    data = _panel()
    data["year"] = data["year"].astype(object)
    data.loc[3, "year"] = "abc"
    data.to_csv(tmp_path / "p.csv", index=False)
    pd.DataFrame(W, columns=[f"u{i}" for i in range(5)]).to_csv(tmp_path / "w.csv", index=False)
    code = main(
        [
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
        ]
    )
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"error: file {tmp_path / 'p.csv'}, row 5, column 'year': is not a whole number ('abc')"
    )


@pytest.mark.parametrize(
    "value, message",
    [
        (np.float64(1e9), "must be between -50 and 100 (% per year), got 1000000000"),
        (np.float64(np.inf), "must be a number, got inf"),
    ],
)
def test_scenario_messages_show_numpy_numbers_plainly(value, message):
    from scenarios.projection.scenario import Scenario

    with pytest.raises(InputError) as caught:
        Scenario(import_growth=value)
    assert str(caught.value) == f"parameter 'import_growth': {message}"
