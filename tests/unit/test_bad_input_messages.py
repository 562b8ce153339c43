"""One clear message per bad input, found by trying malformed files as a first user would."""

import pytest

from scenarios.data.demo import load_demo_panel
from scenarios.data.panel import load_panel
from scenarios.errors import InputError


@pytest.fixture(scope="module")
def demo_csv() -> list[str]:
    return load_demo_panel().raw.to_csv(index=False).splitlines()


def _load(lines: list[str]):
    return load_panel("\n".join(lines).encode(), name="p.csv")


def test_an_empty_year_is_one_problem_not_two(demo_csv):
    lines = list(demo_csv)
    cells = lines[50].split(",")
    cells[1] = ""
    lines[50] = ",".join(cells)
    with pytest.raises(InputError) as caught:
        _load(lines)
    row = [p for p in caught.value.problems if p.row == 51]
    assert [p.message for p in row] == ["empty cell: every province-year needs a value"]


@pytest.mark.parametrize(
    "command",
    [
        ["fit", "--y", "ce", "--x", "tech"],
        ["lmtest", "--y", "ce", "--x", "tech"],
        ["unitroot", "--var", "ce"],
    ],
)
def test_estimation_commands_name_the_data_file_of_a_bad_cell(tmp_path, capsys, command):
    from scenarios.cli import main
    from scenarios.geography import spatial_weights

    analysis = load_demo_panel().analysis
    analysis.loc[7, "ce"] = float("nan")
    data = tmp_path / "my data.csv"
    analysis.to_csv(data, index=False)
    spatial_weights("W3").to_frame().to_csv(tmp_path / "w.csv", index=False)
    weights = [] if command[0] == "unitroot" else ["--w", str(tmp_path / "w.csv")]
    code = main([*command, "--data", str(data), "--entity", "province", "--time", "year", *weights])
    assert code == 2
    assert capsys.readouterr().err == f"error: file {data}, row 9, column 'ce': is empty\n"
