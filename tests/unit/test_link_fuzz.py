"""The link decoder's contract, "never raises", fuzzed on the decoding itself (``link._decode``, without the
safety net of ``decode``, so an unforeseen exception fails here instead of hiding behind a generic notice),
with the hostile cases a probe found: huge numbers, reversed periods, repeated codes, many saved scenarios."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.cli import main
from scenarios.projection import link
from scenarios.projection.link import SCENARIO_KEYS, decode
from scenarios.projection.scenario import Scenario

HUGE = "9" * 400

numbers = st.one_of(
    st.integers(-(10**500), 10**500).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from([HUGE, "-" + HUGE, "1e400", "1e308", "-1e308", "1e-400", "nan", "inf", "0x10", "", " ", "1_000"]),
)
values = st.one_of(
    numbers,
    st.tuples(numbers, numbers).map("-".join),  # sy=first-last
    st.lists(
        st.tuples(st.sampled_from(["E", "C", "W", "N", "44", "62", "99", ""]), numbers).map(":".join), max_size=4
    ).map(",".join),
    st.text(max_size=20),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(SCENARIO_KEYS) + ["w", "ui_lang", "zz"]), values), max_size=8))
def test_decoding_never_raises_on_hostile_values(pairs):
    query = "&".join(f"{key}={value}" for key, value in pairs)
    scenario, notices = link._decode(query)
    assert isinstance(scenario, Scenario) and all(isinstance(n, str) for n in notices)


@pytest.mark.parametrize(
    "query",
    [
        f"sy=2022-{HUGE}",
        f"sy={HUGE}-2025",
        f"h={HUGE}",
        f"sk={HUGE}",
        f"pi=-{HUGE}",
        "sk=1e300",
        f"g={HUGE}",
        f"gr=E:{HUGE}",
        f"v={HUGE}",
        f"v=0&g={HUGE}",
    ],
)
def test_huge_numbers_are_dropped_with_a_notice(query):
    scenario, notices = link._decode(query)
    key = query.split("=")[0] if not query.startswith("v=0") else "g"
    assert scenario == Scenario() or key == "v" and notices
    assert notices and all(len(notice) < 200 for notice in notices)


def test_a_reversed_subsidy_period_says_what_was_ignored_and_kept():
    scenario, notices = decode("sy=2030-2025")
    assert (scenario.subsidy.start, scenario.subsidy.end) == (None, None)
    assert notices == [
        "Ignored 'sy=2030-2025': the subsidy's first year 2030 is after its last year 2025; both "
        "were ignored, so the subsidy has no start or end year."
    ]
    scenario, notices = decode("sy=2022-2099")
    assert (scenario.subsidy.start, scenario.subsidy.end) == (2022, None)
    assert "subsidy.end must be between 2021 and 2060" in notices[0]
    assert notices[1] == "Kept the subsidy's start year 2022 from 'sy=2022-2099'."


def test_a_repeated_region_or_province_gets_a_notice():
    scenario, notices = decode("gr=E:10,E:11")
    assert scenario.region_growth == (("East", 11.0),)
    assert notices == ["'E' (East) is given twice in gr; the last value, 11, was kept."]
    scenario, notices = decode("sp=62,63,62")
    assert scenario.subsidy.provinces == ("Gansu", "Qinghai") and "'62' (Gansu) is given twice in sp" in notices[0]


def test_project_reads_a_hostile_scenario_with_a_notice(capsys):
    assert main(["project", "--scenario", f"sy=2022-{HUGE}", "--draws", "100"]) == 0
    captured = capsys.readouterr()
    assert "could not be read" in captured.err + captured.out and "Traceback" not in captured.err
