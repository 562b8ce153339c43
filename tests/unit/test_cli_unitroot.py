"""`python -m scenarios unitroot`: JSON shape, readable table, and bad input as one message with exit 2."""

import json

import numpy as np
import pandas as pd
import pytest

from scenarios.cli import main


@pytest.fixture()
def panel_csv(tmp_path):
    rng = np.random.default_rng(0)
    rows = [
        {"prov": f"p{i}", "yr": 2011 + t, "ce": v}
        for i in range(12)
        for t, v in enumerate(np.cumsum(rng.normal(size=10)) * 0.3 + rng.normal(size=10))
    ]
    path = tmp_path / "panel.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_output(panel_csv, capsys):
    code, out, _ = _run(
        capsys,
        "unitroot",
        "--data",
        str(panel_csv),
        "--entity",
        "prov",
        "--time",
        "yr",
        "--var",
        "ce",
        "--lags",
        "1",
        "--trend",
        "ct",
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert result.pop("synthetic") is False
    assert set(result) == {"llc", "ips", "fisher_adf", "fisher_pp"}
    assert all(set(v) == {"stat", "p"} and 0 <= v["p"] <= 1 for v in result.values())


def test_table_output_lists_every_fisher_statistic(panel_csv, capsys):
    code, out, _ = _run(capsys, "unitroot", "--data", str(panel_csv), "--entity", "prov", "--time", "yr", "--var", "ce")
    assert code == 0
    assert "Levin-Lin-Chu" in out and "W-t-bar" in out
    assert all(name in out for name in ("P ", "Z ", "L*", "Pm"))


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--var", "nope"], "column 'nope'"),
        (["--var", "ce", "--lags", "7"], "use fewer lags"),
        (["--var", "ce", "--lags", "-2"], "parameter 'lags'"),
    ],
)
def test_bad_input_is_one_message_exit_2(panel_csv, capsys, extra, message):
    code, out, err = _run(capsys, "unitroot", "--data", str(panel_csv), "--entity", "prov", "--time", "yr", *extra)
    assert code == 2 and out == ""
    assert err.startswith("error:") and message in err and "Traceback" not in err


def test_unbalanced_panel(panel_csv, capsys, tmp_path):
    frame = pd.read_csv(panel_csv).iloc[1:]
    path = tmp_path / "short.csv"
    frame.to_csv(path, index=False)
    code, _, err = _run(capsys, "unitroot", "--data", str(path), "--entity", "prov", "--time", "yr", "--var", "ce")
    assert code == 2 and "unbalanced" in err and "p0" in err


def test_missing_file(capsys):
    code, _, err = _run(capsys, "unitroot", "--data", "/no/such.csv", "--entity", "a", "--time", "b", "--var", "c")
    assert code == 2 and "no such file" in err
