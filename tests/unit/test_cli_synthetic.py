"""Every CLI result computed from the synthetic demo panel says so: fit, lmtest, unitroot and panel."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from scenarios.cli import main
from scenarios.data.demo import DEMO_PANEL_PATH
from scenarios.geography import spatial_weights
from scenarios.provenance import SYNTHETIC_NOTICE, is_labelled_synthetic

DEMO = str(DEMO_PANEL_PATH)
PANEL = ["--entity", "province", "--time", "year"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """W1 as the weights command writes it; the demo without its 'data' column; user data (demo values changed)."""
    folder = tmp_path_factory.mktemp("synthetic")
    (folder / "w1.csv").write_text(spatial_weights("W1").to_csv())
    demo = pd.read_csv(DEMO_PANEL_PATH).drop(columns="data")
    demo.to_csv(folder / "unlabelled.csv", index=False)
    demo.assign(co2_total=demo["co2_total"] * 1.01).to_csv(folder / "user.csv", index=False)
    (folder / "copy.csv").write_bytes(DEMO_PANEL_PATH.read_bytes())
    return folder


def commands(w):
    model = [*PANEL, "--y", "co2_total", "--x", "tech_import_expenditure,gdp_per_capita", "--w", w]
    return {
        "fit": ["fit", *model, "--draws", "20"],
        "lmtest": ["lmtest", *model],
        "unitroot": ["unitroot", *PANEL, "--var", "co2_total"],
    }


def run(capsys, argv):
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out, captured.err


@pytest.mark.parametrize("command", ["fit", "lmtest", "unitroot"])
@pytest.mark.parametrize("data", [DEMO, "copy.csv", "unlabelled.csv"])
def test_readable_output_starts_with_the_notice(files, capsys, command, data):
    argv = commands(str(files / "w1.csv"))[command] + ["--data", data if data == DEMO else str(files / data)]
    out, err = run(capsys, argv)
    assert out.startswith(SYNTHETIC_NOTICE + "\n") and SYNTHETIC_NOTICE not in err


@pytest.mark.parametrize("command", ["fit", "lmtest", "unitroot"])
def test_json_says_synthetic_and_the_notice_goes_to_stderr(files, capsys, command):
    out, err = run(capsys, commands(str(files / "w1.csv"))[command] + ["--data", DEMO, "--json"])
    assert json.loads(out)["synthetic"] is True and err.strip() == SYNTHETIC_NOTICE


@pytest.mark.parametrize("command", ["fit", "lmtest", "unitroot"])
def test_user_data_is_not_labelled(files, capsys, command):
    argv = commands(str(files / "w1.csv"))[command] + ["--data", str(files / "user.csv")]
    out, err = run(capsys, argv)
    assert "SYNTHETIC" not in out + err
    out, _ = run(capsys, [*argv, "--json"])
    assert json.loads(out)["synthetic"] is False


def test_panel_command_labels_the_demo_and_its_analysis_file(files, capsys):
    analysis = files / "analysis.csv"
    out, _ = run(capsys, ["panel", DEMO, "--write-analysis", str(analysis)])
    assert out.startswith(SYNTHETIC_NOTICE + "\n")
    written = pd.read_csv(analysis)
    assert (written["data"] == "synthetic demo").all()
    out, _ = run(capsys, ["unitroot", "--data", str(analysis), *PANEL, "--var", "tech"])  # the label travels
    assert out.startswith(SYNTHETIC_NOTICE)
    out, _ = run(capsys, ["panel", str(files / "user.csv"), "--write-analysis", str(analysis)])
    assert "SYNTHETIC" not in out and (pd.read_csv(analysis)["data"] == "user panel").all()


def test_a_data_column_labels_a_table():
    assert is_labelled_synthetic(pd.DataFrame({"data": ["user panel", " Synthetic Demo "]}))
    assert not is_labelled_synthetic(pd.DataFrame({"data": ["user panel"]}))
    assert not is_labelled_synthetic(pd.DataFrame({"x": [1]}))


def test_panel_command_labels_the_demo_content_resaved_as_xlsx(files, capsys):
    workbook = files / "resaved.xlsx"
    pd.read_csv(DEMO_PANEL_PATH).drop(columns="data").to_excel(workbook, index=False)
    out, _ = run(capsys, ["panel", str(workbook)])
    assert out.startswith(SYNTHETIC_NOTICE + "\n")
