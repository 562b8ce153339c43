"""CLI defects a planner met (issue 14): labelled bases and units in `project`'s table, `--strict`,
`--sheet` for the estimation commands, one "did you mean" line per misspelt province, whole numbers
written as whole numbers by a CEADs merge."""

import json

import numpy as np
import pandas as pd
import pytest

from scenarios.cli import main
from scenarios.paths import DATA_DIR


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_project_table_says_which_columns_are_levels_and_which_are_sums(capsys):
    code, out, _ = _run(capsys, "project", "--scenario", "g=8", "--draws", "100")
    assert code == 0
    header = out.splitlines()
    levels = next(line for line in header if "emissions in 2030" in line)
    assert "avoided 2020-2030" in levels  # the real anchors' last observed year is 2019
    units = next(line for line in header if line.startswith("industry"))
    assert units.count("Mt/yr") == 2 and "Mt, cumulative" in units


@pytest.mark.parametrize("json_output", [False, True])
def test_project_notices_go_to_stderr_and_strict_fails_on_them(capsys, json_output):
    extra = ["--json"] if json_output else []
    code, out, err = _run(capsys, "project", "--scenario", "g=8&bogus=1", "--draws", "100", *extra)
    assert code == 0 and "bogus" in err and "bogus" not in out
    if json_output:
        json.loads(out)
    code, out, err = _run(capsys, "project", "--scenario", "g=8&bogus=1", "--draws", "100", "--strict", *extra)
    assert code == 2 and "--strict" in err and "bogus" in err and out == ""
    code, _, _ = _run(capsys, "project", "--scenario", "g=8", "--draws", "100", "--strict", *extra)
    assert code == 0


@pytest.fixture()
def workbook(tmp_path):
    """An XLSX whose panel is on its second sheet, "mine"; the first sheet holds notes."""
    rng = np.random.default_rng(0)
    rows = pd.DataFrame(
        [
            {"prov": f"p{i}", "yr": 2011 + t, "ce": v}
            for i in range(12)
            for t, v in enumerate(np.cumsum(rng.normal(size=10)))
        ]
    )
    path = tmp_path / "panel.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"notes": ["see the sheet 'mine'"]}).to_excel(writer, sheet_name="notes", index=False)
        rows.to_excel(writer, sheet_name="mine", index=False)
    return path


def test_unitroot_reads_the_sheet_it_is_given(capsys, workbook):
    base = ["unitroot", "--data", str(workbook), "--entity", "prov", "--time", "yr", "--var", "ce", "--json"]
    code, _, err = _run(capsys, *base)
    assert code == 2 and "prov" in err  # the first sheet has no such column
    code, out, _ = _run(capsys, *base, "--sheet", "mine")
    assert code == 0 and "llc" in json.loads(out)
    code, _, err = _run(capsys, *base, "--sheet", "absent")
    assert code == 2 and "absent" in err


@pytest.mark.parametrize("command", ["fit", "lmtest", "unitroot"])
def test_every_estimation_command_has_sheet(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--sheet" in capsys.readouterr().out


def test_a_misspelt_province_is_one_line_with_a_guess(capsys, tmp_path):
    panel = pd.read_csv(DATA_DIR / "demo_panel.csv")
    panel.loc[panel["province"] == "Jiangsu", "province"] = "Jiangsuu"
    path = tmp_path / "misspelt.csv"
    panel.to_csv(path, index=False)
    code, _, err = _run(capsys, "panel", str(path))
    unknown = [line for line in err.splitlines() if "unknown province" in line]
    assert code == 2 and len(unknown) == 1
    assert "did you mean 'Jiangsu'?" in unknown[0] and "10 cells like this: rows 92, 93" in unknown[0]


def test_a_ceads_merge_writes_whole_numbers_as_whole_numbers(tmp_path):
    from scenarios.cli.ceads import whole_numbers

    frame = pd.DataFrame(
        {"year": [2011.0, 2012.0], "patent_applications": [52429.0, np.nan], "co2_total": [87.37, 90.0]}
    )
    text = whole_numbers(frame).to_csv(index=False)
    assert "52429," in text and "52429.0" not in text and "2011," in text and "87.37" in text and "90.0" in text
    assert whole_numbers(frame.assign(year=[2011.5, 2012.0]))["year"].dtype.kind == "f"  # not whole: as it is
