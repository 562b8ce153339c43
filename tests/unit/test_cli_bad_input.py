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
    return [
        "--data",
        data,
        "--entity",
        "province",
        "--time",
        "year",
        "--y",
        "co2_total",
        "--x",
        "tech_import_expenditure",
        "--w",
        w,
        *extra,
    ]


CASES = {
    "fit, missing file": (lambda f: ["fit", *model(str(f / "w1.csv"), str(f / "absent.csv"))], "no such file"),
    "fit, garbage file": (lambda f: ["fit", *model(str(f / "w1.csv"), str(f / "garbage.csv"))], "not a CSV or XLSX"),
    "fit, wrong column": (
        lambda f: ["fit", *model(str(f / "w1.csv"))[:-2], "--x", "nope", "--w", str(f / "w1.csv")],
        "column 'nope'",
    ),
    "fit, text column": (
        lambda f: ["fit", *model(str(f / "w1.csv"))[:-2], "--x", "data", "--w", str(f / "w1.csv")],
        "300 cells are empty or not finite numbers",
    ),
    "fit, W not matching": (lambda f: ["fit", *model(str(f / "w_small.csv"))], "W names entities"),
    "fit, garbage W": (lambda f: ["fit", *model(str(f / "garbage.csv"))], "garbage.csv: not a CSV text file"),
    "fit, missing W": (lambda f: ["fit", *model(str(f / "absent.csv"))], "parameter '--w': no such file"),
    "fit, negative seed": (lambda f: ["fit", *model(str(f / "w1.csv"), DEMO, "--seed", "-1")], "argument --seed"),
    "fit, bad option value": (lambda f: ["fit", *model(str(f / "w1.csv"), DEMO, "--model", "ols")], "invalid choice"),
    "lmtest, W not matching": (lambda f: ["lmtest", *model(str(f / "w_small.csv"))], "W names entities"),
    "unitroot, wrong column": (
        lambda f: ["unitroot", "--data", DEMO, "--entity", "province", "--time", "year", "--var", "nope"],
        "column 'nope'",
    ),
    "panel, garbage file": (lambda f: ["panel", str(f / "garbage.csv")], "not a CSV or XLSX"),
    "panel, sheet of a CSV": (lambda f: ["panel", DEMO, "--sheet", "panel"], "a CSV file has no sheets"),
    "panel, unwritable output": (
        lambda f: ["panel", DEMO, "--write-analysis", str(f / "no" / "a.csv")],
        "parameter '--write-analysis': cannot write",
    ),
    "template, unwritable output": (
        lambda f: ["template", "--out", str(f / "no" / "t.xlsx")],
        "parameter '--out': cannot write",
    ),
    "template, bad years": (lambda f: ["template", "--out", str(f / "t.xlsx"), "--years", "soon"], "years must look"),
    "ceads, garbage workbook": (
        lambda f: ["ceads", str(f / "garbage.csv"), "--out", str(f / "e.csv")],
        "not a CEADs workbook",
    ),
    "ceads, bad output name": (
        lambda f: ["ceads", str(f / "garbage.csv"), "--out", str(f / "e.txt")],
        "parameter '--out': must end in .csv",
    ),
    "ceads, missing panel before the workbooks": (
        lambda f: ["ceads", str(f / "garbage.csv"), "--merge-into", str(f / "absent.xlsx"), "--out", str(f / "m.xlsx")],
        "absent.xlsx: file not found",
    ),
    "ceads, report without a merge": (
        lambda f: ["ceads", str(f / "garbage.csv"), "--report", str(f / "r.csv"), "--out", str(f / "e.csv")],
        "parameter '--report': needs --merge-into",
    ),
    "weights, bad kind": (lambda f: ["weights", "--kind", "W9"], "unknown spatial weight kind"),
    "fit, no draws": (lambda f: ["fit", *model(str(f / "w1.csv"), DEMO, "--draws", "0")], "argument --draws"),
    "project, negative seed": (lambda f: ["project", "--seed", "-1"], "argument --seed: must be a whole number"),
    "project, seed too large": (lambda f: ["project", "--seed", str(2**32)], "argument --seed"),
    "project, too few draws": (lambda f: ["project", "--draws", "0"], "argument --draws: must be a whole number"),
    "project, draws beyond memory": (lambda f: ["project", "--draws", "99999999999"], "argument --draws"),
    "project, draws not a number": (lambda f: ["project", "--draws", "many"], "argument --draws"),
    "project, garbage data": (lambda f: ["project", "--data", str(f / "garbage.csv")], "not a CSV or XLSX"),
    "project, missing data": (lambda f: ["project", "--data", str(f / "absent.csv")], "file not found"),
    "project, data is a folder": (lambda f: ["project", "--data", str(f)], "is a folder, not a file"),
    "project, output in a missing folder": (
        lambda f: ["project", "--draws", "100", "--out", str(f / "no" / "x.csv")],
        "parameter '--out': cannot write",
    ),
    "project, output is a folder": (
        lambda f: ["project", "--draws", "100", "--out", str(f)],
        "parameter '--out': cannot write",
    ),
    "reproduce, negative seed": (lambda f: ["reproduce", "--seed", "-1", "--out", str(f / "r")], "argument --seed"),
    "reproduce, one replication": (
        lambda f: ["reproduce", "--replications", "1", "--out", str(f / "r")],
        "argument --replications: must be a whole number from 2",
    ),
    "reproduce, permutations beyond memory": (
        lambda f: ["reproduce", "--permutations", "10000000000", "--out", str(f / "r")],
        "argument --permutations",
    ),
    "reproduce, garbage data": (
        lambda f: ["reproduce", "--data", str(f / "garbage.csv"), "--out", str(f / "r")],
        "not a CSV or XLSX",
    ),
    "reproduce, output folder's parent missing": (
        lambda f: ["reproduce", "--out", str(f / "no" / "deeper")],
        "parameter '--out': no such folder",
    ),
    "reproduce, output at the root's missing parent": (
        lambda f: ["reproduce", "--out", "/nonexistent-c2/x"],
        "parameter '--out': no such folder: /nonexistent-c2",
    ),
    "reproduce, output is a file": (
        lambda f: ["reproduce", "--out", str(f / "garbage.csv")],
        "is a file, not a folder",
    ),
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


def test_reproduce_creates_no_folder_tree(files, capsys):
    assert main(["reproduce", "--out", str(files / "new" / "deeper")]) == 2
    assert not (files / "new").exists()


def test_a_bad_scenario_query_is_decoded_with_notices(capsys):
    """The share-link codec drops what it cannot read, with a notice; the projection still runs."""
    assert main(["project", "--scenario", "g=abc&h=1900&%zz&&=", "--draws", "100"]) == 0
    err = capsys.readouterr().err
    assert "notice: Ignored 'g=abc'" in err and "notice: Ignored 'h=1900'" in err
    assert "error:" not in err and "Traceback" not in err
