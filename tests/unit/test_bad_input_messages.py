"""One clear message per bad input, found by trying malformed files as a first user would."""

import pytest

from scenarios.demo import load_demo_panel
from scenarios.errors import InputError
from scenarios.panel import load_panel


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
