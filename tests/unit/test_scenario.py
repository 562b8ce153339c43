import copy
import dataclasses
import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.errors import InputError
from scenarios.projection.scenario import LIMITS, PRESETS, Assumptions, Caution, Scenario, Subsidy


def _message(error: InputError) -> str:
    return str(error)


@pytest.mark.parametrize(
    ("build", "parameter", "words"),
    [
        (lambda: Subsidy(share=1.5), "subsidy.share", "must be between 0 and 1"),
        (lambda: Subsidy(amount=-1), "subsidy.amount", "must be between 0 and 10000"),
        (lambda: Subsidy(lowest=0), "subsidy.lowest", "must be between 1 and 30"),
        (lambda: Subsidy(lowest=2.5), "subsidy.lowest", "must be a whole number"),
        (lambda: Subsidy(start=2030, end=2025), "subsidy.start", "must not be after subsidy.end"),
        (lambda: Subsidy(provinces=("Tibet",)), "subsidy.provinces", "not one of the 30 sample provinces"),
        (lambda: Scenario(horizon=2061), "horizon", "must be between 2021 and 2060"),
        (lambda: Scenario(coefficients="published-W4"), "coefficients", "must be one of"),
        (lambda: Scenario(import_growth=float("nan")), "import_growth", "must be a number"),
        (lambda: Scenario(region_growth={"Coast": 5}), "region_growth", "is not a region"),
        (lambda: Scenario(province_growth={"Atlantis": 5}), "province_growth", "not one of the 30"),
        (lambda: Scenario(province_growth={"Hebei": 500}), "province_growth[Hebei]", "between -50 and 100"),
        (lambda: Assumptions(ei_growth="fast"), "assumptions.ei_growth", "must be a number"),
        (lambda: Assumptions(time_effect="wiggle"), "assumptions.time_effect", "must be one of"),
        (lambda: Scenario(assumptions=Assumptions(time_effect="trend")), "assumptions.time_effect", "estimated"),
        (lambda: Scenario(name=""), "name", "1 to 40 characters"),
    ],
)
def test_validation_names_the_parameter(build, parameter, words):
    with pytest.raises(InputError) as info:
        build()
    problem = info.value.problems[0]
    assert problem.parameter == parameter
    assert words in problem.message
    assert f"parameter {parameter!r}" in str(info.value)


def test_several_problems_are_reported_together():
    with pytest.raises(InputError) as info:
        Scenario(horizon=1999, coefficients="x", import_growth=1000)
    assert {p.parameter for p in info.value.problems} == {"horizon", "coefficients", "import_growth"}


def test_names_are_canonicalised_sorted_and_hashable():
    one = Scenario(province_growth={"广东": 7, "32": 3.0}, subsidy=Subsidy(provinces=["qinghai", "Gansu"]))
    two = Scenario(
        province_growth=(("Jiangsu", 3), ("Guangdong", 7.0)), subsidy=Subsidy(provinces=("Gansu", "Qinghai"))
    )
    assert one == two and hash(one) == hash(two)
    assert one.province_growth == (("Jiangsu", 3.0), ("Guangdong", 7.0))
    assert one.subsidy.provinces == ("Gansu", "Qinghai")


def test_numbers_are_rounded_to_their_digits():
    scenario = Scenario(import_growth=5.123456789, subsidy=Subsidy(amount=12.3456))
    assert scenario.import_growth == 5.1235
    assert scenario.subsidy.amount == 12.35
    assert LIMITS["subsidy.amount"].digits == 2


def test_scenario_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Scenario().horizon = 2040


def test_far_horizon_warns_plainly():
    assert not any("outside the sample" in w for w in Scenario().warnings)
    assert any("far outside the sample" in w for w in Scenario(horizon=2060).warnings)


def test_levers_that_start_after_the_horizon_warn():
    assert not any("after the horizon" in w for w in Scenario(import_growth=8, phase_in=2030).warnings)
    late = Scenario(import_growth=8, phase_in=2031, horizon=2030).warnings
    assert any("starts in 2031, after the horizon 2030" in w for w in late)
    assert not any("after the horizon" in w for w in Scenario(phase_in=2031).warnings)  # no growth lever
    unpaid = Scenario(subsidy=Subsidy(amount=10, start=2035, end=2040)).warnings
    assert any("subsidy starts in 2035, after the horizon 2030" in w for w in unpaid)
    assert not any("after the horizon" in w for w in Scenario(subsidy=Subsidy(start=2035)).warnings)  # unpaid


def test_a_caution_is_its_wording_with_a_kind_and_the_figures_in_it():
    caution = Caution(
        "subsidy_after_horizon", "The subsidy starts in {start}, after {horizon}.", start=2035, horizon=2030
    )
    assert caution == "The subsidy starts in 2035, after 2030." and isinstance(caution, str)
    assert caution.kind == "subsidy_after_horizon" and dict(caution.figures) == {"start": 2035, "horizon": 2030}
    assert json.loads(json.dumps([caution])) == [str(caution)]
    for twin in (pickle.loads(pickle.dumps(caution)), copy.deepcopy(caution)):
        assert twin == caution and twin.kind == caution.kind and twin.figures == caution.figures
    with pytest.raises(TypeError):
        caution.figures["start"] = 2040  # read-only
    assert Caution("plain", "Braces {{kept}}.") == "Braces {kept}."


def test_scenario_cautions_say_their_kind():
    late = Scenario(import_growth=8, phase_in=2031, horizon=2030, subsidy=Subsidy(amount=10, start=2035, end=2040))
    kinds = {caution.kind: dict(caution.figures) for caution in late.warnings}
    assert kinds["phase_in_after_horizon"] == {"start": 2031, "horizon": 2030}
    assert kinds["subsidy_after_horizon"] == {"start": 2035, "horizon": 2030}
    assert Scenario(horizon=2060).warnings[0].kind == "horizon"


def test_presets_and_policy_flags():
    assert not PRESETS["baseline"].has_policy
    assert PRESETS["subsidise-lagging"].has_policy and PRESETS["subsidise-lagging"].subsidy.active
    assert PRESETS["coast-fast"].without_policy() == dataclasses.replace(PRESETS["coast-fast"], region_growth=())
    assert Scenario(coefficients="estimated-W3").source == "estimated"
    assert Scenario(coefficients="estimated-W3").matrix == "W3"


_ANYTHING = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5) | st.lists(st.integers(), max_size=3)
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["name", "horizon", "coefficients", "import_growth", "region_growth", "province_growth", "phase_in"]
        ),
        _ANYTHING,
    ),
    st.dictionaries(
        st.sampled_from(["amount", "lowest", "provinces", "share", "start", "end", "raises_fin"]), _ANYTHING
    ),
)
def test_any_values_give_a_scenario_or_an_input_error(fields, subsidy_fields):
    try:
        Scenario(**fields, subsidy=Subsidy(**subsidy_fields))
    except InputError as error:
        assert all(problem.parameter for problem in error.problems)


def test_a_subsidy_allocation_pays_each_province_its_amount():
    subsidy = Subsidy(allocation={"qinghai": 7.5, "Gansu": 12.5, "Hainan": 0.0}, amount=99.0, share=0.5)
    assert subsidy.allocation == (("Gansu", 12.5), ("Qinghai", 7.5))  # canonical, in sample order, zeros dropped
    assert subsidy.amount == 20.0 and subsidy.active
    assert Subsidy(allocation=[("Gansu", 12.5), ("Qinghai", 7.5)]) == Subsidy(
        allocation={"Qinghai": 7.5, "Gansu": 12.5}
    )


@pytest.mark.parametrize(
    "allocation,provinces,parameter",
    [
        ({"Gansu": -1.0}, (), "subsidy.allocation[Gansu]"),
        ({"Atlantis": 1.0}, (), "subsidy.allocation"),
        ({"Gansu": 6000.0, "Qinghai": 6000.0}, (), "subsidy.allocation"),
        ({"Gansu": 1.0}, ("Qinghai",), "subsidy.provinces"),
        ("Gansu", (), "subsidy.allocation"),
    ],
)
def test_bad_allocations_name_the_parameter(allocation, provinces, parameter):
    with pytest.raises(InputError) as error:
        Subsidy(allocation=allocation, provinces=provinces)
    assert error.value.problems[0].parameter == parameter
