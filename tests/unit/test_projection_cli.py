import json

import numpy as np
import pandas as pd
import projection_data as data
import pytest

from scenarios.cli import main
from scenarios.cli import project as project_command
from scenarios.provenance import SYNTHETIC_NOTICE, is_labelled_synthetic


@pytest.fixture()
def panel_csv(tmp_path):
    path = tmp_path / "panel.csv"
    data.raw_frame().to_csv(path, index=False)
    return path


def test_project_writes_the_table_and_json(panel_csv, tmp_path, capsys):
    out = tmp_path / "projection.csv"
    code = main(
        [
            "project",
            "--scenario",
            "g=8&h=2025&foo=1&s=30",
            "--out",
            str(out),
            "--json",
            "--data",
            str(panel_csv),
            "--draws",
            "200",
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "notice: Ignored unknown setting 'foo=1'" in captured.err
    summary = json.loads(captured.out)
    assert summary["horizon"] == 2025 and summary["synthetic"] is False
    assert set(summary["avoided_mt"]) == {"total", "steel", "building_materials", "nonferrous", "petrochemical"}
    assert summary["subsidy"]["cost_cny_100m"] == pytest.approx(150.0)
    table = pd.read_csv(out)
    assert list(table.columns) == list(project_command.CSV_COLUMNS)
    provinces = table[table["scope"] == "province"]
    assert len(provinces) == 30 * 5 * 6
    assert set(provinces["industry"]) == {"total", "steel", "building_materials", "nonferrous", "petrochemical"}
    assert (table.loc[table["scope"] == "national", "province"] == "National").all()
    assert not table["synthetic"].any() and (table["data"] == "user panel").all()


def test_synthetic_panel_is_labelled(monkeypatch, tmp_path, capsys):
    """With the shared notice: above the summary, on stderr beside JSON (stdout stays parseable) or a CSV."""
    monkeypatch.setattr(project_command, "_panel", lambda path, anchors: data.panel(synthetic=True))
    out = tmp_path / "p.csv"
    assert main(["project", "--out", str(out), "--draws", "100"]) == 0
    assert SYNTHETIC_NOTICE in capsys.readouterr().err
    written = pd.read_csv(out)
    assert written["synthetic"].all() and is_labelled_synthetic(written)
    assert main(["project", "--draws", "100"]) == 0
    assert capsys.readouterr().out.startswith(SYNTHETIC_NOTICE + "\n")
    assert main(["project", "--draws", "100", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["synthetic"] is True and SYNTHETIC_NOTICE in captured.err


def test_national_rows_fill_every_column_that_has_a_national_meaning(panel_csv, tmp_path):
    out = tmp_path / "projection.csv"
    assert (
        main(
            ["project", "--scenario", "g=8&gdp=5&h=2025", "--out", str(out), "--data", str(panel_csv), "--draws", "100"]
        )
        == 0
    )
    table = pd.read_csv(out)
    provinces, national = table[table["scope"] == "province"], table[table["scope"] == "national"]
    assert provinces["spending_filled"].isna().all()  # a panel has no filled spending: the text stays empty
    assert not provinces.drop(columns="spending_filled").isna().any().any()
    empty = national.columns[national.isna().all()]
    assert list(empty) == list(project_command.NATIONAL_EMPTY)
    assert not national.drop(columns=list(empty)).isna().any().any()
    sums = provinces.groupby(["industry", "year"])[["baseline_mt", "modified_baseline_mt", "scenario_mt"]].sum()
    national = national.set_index(["industry", "year"]).loc[sums.index]
    pd.testing.assert_frame_equal(national[sums.columns], sums, rtol=1e-9)
    policy = np.log(sums["scenario_mt"] / sums["modified_baseline_mt"])
    np.testing.assert_allclose(national["policy_delta_log"], policy, rtol=1e-9, atol=1e-12)
    assert (national["policy_delta_log"] - national["delta_log"]).abs().max() > 1e-3  # gdp=5 moves the baseline


def test_help_describes_the_query_the_columns_and_the_demo(capsys):
    with pytest.raises(SystemExit):
        main(["project", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "share link" in text and "synthetic demo panel" in text and "NOT real data" in text
    for column in project_command.CSV_COLUMNS:
        assert column.replace("_p95", "_p05") in text, column
    # every example key in the help is one decode() reads without a notice
    from scenarios.projection.link import decode

    _, notices = decode(
        "coef=published-W2&g=8&h=2035&gr=E:10,W:6.5&gp=44:8,62:12&s=50&sk=3&sy=2022-2025&sp=62,63&ss=0.6&gdp=4.5&ei=-4"
    )
    assert notices == []
    for example in (
        "coef=published-W2",
        "g=8",
        "h=2035",
        "gr=E:10,W:6.5",
        "gp=44:8,62:12",
        "s=50&sk=3&sy=2022-2025",
        "sp=62,63",
        "ss=0.6",
        "gdp=4.5",
        "ei=-4",
    ):
        assert example in text, example
