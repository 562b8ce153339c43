"""`python -m scenarios optimise`: CSV, JSON, the scenario query that `project` reproduces, bad input."""

import json

import pandas as pd
import projection_data as data
import pytest

from scenarios.cli import main
from scenarios.cli import optimise as optimise_command
from scenarios.cli import project as project_command
from scenarios.provenance import SYNTHETIC_NOTICE, is_labelled_synthetic

JSON_KEYS = {
    "avoided_mt",
    "cost_per_tonne",
    "paper_rule_avoided_mt",
    "equal_split_avoided_mt",
    "beats_paper_rule_share",
    "kkt_violation",
    "scenario",
}


@pytest.fixture()
def synthetic_panel(monkeypatch):
    monkeypatch.setattr(project_command, "_panel", lambda path: data.panel(synthetic=True))
    monkeypatch.setattr(optimise_command, "_panel", lambda path: data.panel(synthetic=True))


def test_json_scenario_reproduces_the_avoided_mt_through_project(capsys):
    """On the demo panel (published W1): the query carries the allocation exactly."""
    assert (
        main(
            [
                "optimise",
                "--budget",
                "50",
                "--start",
                "2022",
                "--share",
                "0.8",
                "--scenario",
                "h=2028&g=6",
                "--json",
                "--draws",
                "200",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert JSON_KEYS <= set(result) and result["synthetic"] is True and SYNTHETIC_NOTICE in captured.err
    assert result["avoided_mt"] >= max(result["paper_rule_avoided_mt"], result["equal_split_avoided_mt"])
    assert 0 <= result["beats_paper_rule_share"] <= 1 and result["kkt_violation"] >= 0
    assert "sa=" in result["scenario"] and "h=2028" in result["scenario"] and "g=6" in result["scenario"]
    assert main(["project", "--scenario", result["scenario"], "--anchors", "demo", "--json", "--draws", "100"]) == 0
    projected = json.loads(capsys.readouterr().out)
    assert projected["subsidy"]["avoided_mt"] == pytest.approx(result["avoided_mt"], abs=1e-4)
    assert projected["subsidy"]["cost_cny_100m"] == pytest.approx(result["cost_cny_100m"])


def test_csv_by_province_with_the_label(synthetic_panel, tmp_path, capsys):
    out = tmp_path / "allocation.csv"
    assert (
        main(
            [
                "optimise",
                "--budget",
                "30",
                "--eligible",
                "lowest:6",
                "--cap",
                "0.4",
                "--series",
                "industries",
                "--objective",
                "horizon",
                "--out",
                str(out),
                "--draws",
                "100",
            ]
        )
        == 0
    )
    assert SYNTHETIC_NOTICE in capsys.readouterr().err
    table = pd.read_csv(out)
    assert list(table.columns) == list(optimise_command.CSV_COLUMNS) and len(table) == 30
    assert table["amount"].sum() == pytest.approx(30) and table["amount"].max() <= 12 + 1e-4
    assert (table["amount"] > 0).sum() <= 6 and table["share_of_budget"].sum() == pytest.approx(1)
    assert is_labelled_synthetic(table)


def test_the_text_summary_by_default(synthetic_panel, capsys):
    assert main(["optimise", "--budget", "20", "--cap", "3x", "--draws", "100"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(SYNTHETIC_NOTICE) and "paper_rule" in out and "KKT" in out


@pytest.mark.parametrize(
    "arguments,message",
    [
        (["--budget", "lots"], "--budget"),
        (["--budget", "50", "--cap", "abc"], "--cap"),
        (["--budget", "50", "--eligible", "Atlantis"], "eligible"),
        (["--budget", "50", "--eligible", "lowest:0"], "eligible"),
        (["--budget", "50", "--cap", "0.01"], "cap"),
        (["--budget", "-5"], "budget"),
        (["--budget", "50", "--share", "2"], "--share"),
        (["--budget", "50", "--series", "cement"], "--series"),
    ],
)
def test_bad_input_is_one_message_and_exit_2(synthetic_panel, capsys, arguments, message):
    try:
        code = main(["optimise", *arguments, "--draws", "100"])
    except SystemExit as exit_:  # argparse's own checks
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
