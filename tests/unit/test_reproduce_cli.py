"""`python -m scenarios reproduce` writes every file, labels the demo panel synthetic, rejects bad input."""

import pandas as pd
import pytest

from scenarios.cli import main

REQUIRED = ["table", "row", "column", "ours", "paper", "stars_ours", "stars_paper"]


def test_reproduce_writes_all_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["reproduce", "--out", str(out), "--replications", "10", "--permutations", "9"]) == 0
    names = {p.name for p in out.iterdir()}
    computed = sorted(int(name[5:7]) for name in names if name.startswith("table") and name.endswith(".csv"))
    assert set(computed) >= set(range(1, 14)) - {8, 9}
    for n in computed:
        assert {f"table{n:02d}.csv", f"table{n:02d}.md", f"table{n:02d}.tex"} <= names
        table = pd.read_csv(out / f"table{n:02d}.csv")
        assert REQUIRED == list(table.columns[: len(REQUIRED)])
        assert set(table["data"]) == {"synthetic demo"}
        assert "SYNTHETIC" in (out / f"table{n:02d}.md").read_text()
    assert {"figure02.png", "figure03.png", "figure04.png", "report.md", "section_3_1_2.csv"} <= names
    assert "SYNTHETIC" in (out / "report.md").read_text()
    err = capsys.readouterr().err
    assert "Table 3" in err  # progress on stderr
    assert "figures written: figure02.png, figure03.png, figure04.png\n" in err


def test_bad_data_file_is_a_message_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "panel.csv"
    bad.write_text("province,year\nBeijing,2011\n")
    assert main(["reproduce", "--data", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "panel.csv" in err


def test_the_demo_file_given_as_data_is_still_labelled_synthetic(tmp_path):
    from scenarios.data import demo

    out = tmp_path / "out"
    assert (
        main(
            [
                "reproduce",
                "--data",
                str(demo.DEMO_PANEL_PATH),
                "--out",
                str(out),
                "--replications",
                "5",
                "--permutations",
                "3",
            ]
        )
        == 0
    )
    assert set(pd.read_csv(out / "table03.csv")["data"]) == {"synthetic demo"}
    assert "SYNTHETIC" in (out / "report.md").read_text()


def test_figures_for_publication_in_every_format(tmp_path):
    out = tmp_path / "out"
    assert (
        main(
            [
                "reproduce",
                "--out",
                str(out),
                "--replications",
                "5",
                "--permutations",
                "9",
                "--figure-format",
                "svg,pdf,png",
                "--dpi",
                "300",
            ]
        )
        == 0
    )
    for number in (2, 3, 4):
        assert (out / f"figure{number:02d}.svg").read_bytes().startswith(b"<?xml")
        assert (out / f"figure{number:02d}.pdf").read_bytes().startswith(b"%PDF")
    from PIL import Image

    assert round(Image.open(out / "figure03.png").info["dpi"][0]) == 300
    assert "figure03.svg" in (out / "report.md").read_text()


def test_an_unknown_figure_format_is_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["reproduce", "--out", "x", "--figure-format", "gif"])
    assert stop.value.code == 2
    assert "--figure-format: must be one or more of png, svg, pdf" in capsys.readouterr().err
