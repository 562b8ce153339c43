"""The Optimise page's settings in a link: every setting reads back as written, damaged ones are refused."""

import pytest

from scenarios.app import optimise_settings

CHANGED = {
    "budget": 12.5,
    "years": (2025, 2030),
    "series": "industries",
    "objective": "horizon",
    "eligibility": "list",
    "lowest": 7,
    "provinces": ("Inner Mongolia", "Gansu"),
    "cap": "multiple",
    "cap_value": 2.0,
}


def test_every_setting_reads_back_as_written():
    assert set(CHANGED) == set(optimise_settings.defaults(2024, 2030))
    link = optimise_settings.to_link(CHANGED)
    assert link["opt_years"] == "2025-2030" and link["opt_provinces"] == "Inner Mongolia,Gansu"
    assert dict(optimise_settings.from_link(name, text) for name, text in link.items()) == CHANGED


def test_province_spellings_are_read_as_the_canonical_names():
    assert optimise_settings.from_link("opt_provinces", "nei menggu, 甘肃,Gansu") == (
        "provinces",
        ("Inner Mongolia", "Gansu"),
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("opt_budget", "-1", "from 0 to 10000"),
        ("opt_budget", "nan", "from 0 to 10000"),
        ("opt_lowest", "2.5", "a whole number from 1 to 30"),
        ("opt_years", "2030-2025", "the first not after the second"),
        ("opt_years", "soon", "START-END"),
        ("opt_series", "coal", "must be one of total"),
        ("opt_provinces", "Tibet", "outside the 30"),
        ("opt_cap_value", "0", "from 0.01 to 100"),
        ("opt_colour", "red", "no setting 'opt_colour'"),
    ],
)
def test_damaged_values_say_what_is_wrong(name, text, message):
    with pytest.raises(ValueError, match=message):
        optimise_settings.from_link(name, text)
