"""Every command answers bad input with one `error:` message on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import pytest

from scenarios.cli import main
from scenarios.geography import spatial_weights
from scenarios.paths import DATA_DIR

DEMO = str(DATA_DIR / "demo_panel.csv")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    (folder / "garbage.csv").write_bytes(b"\x00\x01\x02\xff\xfe binary garbage \x03\x04" * 20)
    (folder / "w1.csv").write_text(spatial_weights("W1").to_csv())
    (folder / "w_small.csv").write_text("a,b\n0,1\n1,0\n")
    return folder


def model(w, data=DEMO, *extra):
    return ["--data", data, "--entity", "province", "--time", "year", "--y", "co2_total",
            "--x", "tech_import_expenditure", "--w", w, *extra]


CASES = {
    "fit, missing file": (lambda f: ["fit", *model(str(f / "w1.csv"), str(f / "absent.csv"))], "no such file"),
    "fit, garbage file": (lambda f: ["fit", *model(str(f / "w1.csv"), str(f / "garbage.csv"))], "not a CSV or XLSX"),
    "fit, wrong column": (lambda f: ["fit", *model(str(f / "w1.csv"))[:-2], "--x", "nope", "--w", str(f / "w1.csv")],
                          "column 'nope'"),
    "fit, text column": (lambda f: ["fit", *model(str(f / "w1.csv"))[:-2], "--x", "data", "--w", str(f / "w1.csv")],
                         "300 cells are empty or not finite numbers"),
    "fit, W not matching": (lambda f: ["fit", *model(str(f / "w_small.csv"))], "W names entities"),
    "fit, missing W": (lambda f: ["fit", *model(str(f / "absent.csv"))], "parameter '--w': no such file"),
    "fit, negative seed": (lambda f: ["fit", *model(str(f / "w1.csv"), DEMO, "--seed", "-1")], "argument --seed"),
    "fit, bad option value": (lambda f: ["fit", *model(str(f / "w1.csv"), DEMO, "--model", "ols")], "invalid choice"),
    "lmtest, W not matching": (lambda f: ["lmtest", *model(str(f / "w_small.csv"))], "W names entities"),
    "unitroot, wrong column": (lambda f: ["unitroot", "--data", DEMO, "--entity", "province", "--time", "year",
                                          "--var", "nope"], "column 'nope'"),
    "panel, garbage file": (lambda f: ["panel", str(f / "garbage.csv")], "not a CSV or XLSX"),
    "panel, sheet of a CSV": (lambda f: ["panel", DEMO, "--sheet", "panel"], "a CSV file has no sheets"),
    "panel, unwritable output": (lambda f: ["panel", DEMO, "--write-analysis", str(f / "no" / "a.csv")],
                                 "parameter '--write-analysis': cannot write"),
    "template, unwritable output": (lambda f: ["template", "--out", str(f / "no" / "t.xlsx")],
                                    "parameter '--out': cannot write"),
    "template, bad years": (lambda f: ["template", "--out", str(f / "t.xlsx"), "--years", "soon"], "years must look"),
    "ceads, garbage workbook": (lambda f: ["ceads", str(f / "garbage.csv"), "--out", str(f / "e.csv")],
                                "not a CEADs workbook"),
    "ceads, bad output name": (lambda f: ["ceads", str(f / "garbage.csv"), "--out", str(f / "e.txt")],
                               "parameter '--out': must end in .csv"),
    "ceads, missing panel before the workbooks": (
        lambda f: ["ceads", str(f / "garbage.csv"), "--merge-into", str(f / "absent.xlsx"), "--out", str(f / "m.xlsx")],
        "absent.xlsx: file not found"),
    "ceads, report without a merge": (lambda f: ["ceads", str(f / "garbage.csv"), "--report", str(f / "r.csv"),
                                                 "--out", str(f / "e.csv")], "parameter '--report': needs --merge-into"),
    "weights, bad kind": (lambda f: ["weights", "--kind", "W9"], "unknown spatial weight kind"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_message_and_exit_2(files, capsys, case):
    argv, expected = CASES[case]
    try:
        code = main(argv(files))
    except SystemExit as exit_info:  # argparse's own errors (bad option values)
        code = exit_info.code
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "error:" in captured.err and expected in captured.err and "Traceback" not in captured.err
    assert captured.err.count("error:") == 1
