import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.geography import REGIONS, sample_provinces
from scenarios.projection.link import SCENARIO_KEYS, decode, encode, ui_state
from scenarios.projection.scenario import COEFFICIENT_SOURCES, LIMITS, PRESETS, Assumptions, Scenario, Subsidy


def _number(parameter: str):
    limit = LIMITS[parameter]
    if limit.digits == 0:
        return st.integers(int(limit.low), int(limit.high))
    return st.floats(limit.low, limit.high, allow_nan=False).map(lambda x: round(x, limit.digits))


@st.composite
def scenarios(draw):
    coefficients = draw(st.sampled_from(COEFFICIENT_SOURCES))
    start = draw(st.none() | _number("subsidy.start"))
    end = draw(st.none() | _number("subsidy.end"))
    if start is not None and end is not None and start > end:
        start, end = end, start
    subsidy = Subsidy(
        amount=draw(_number("subsidy.amount")),
        lowest=draw(_number("subsidy.lowest")),
        provinces=tuple(draw(st.sets(st.sampled_from(sample_provinces())))),
        share=draw(_number("subsidy.share")),
        start=start,
        end=end,
        raises_fin=draw(st.booleans()),
    )
    assumptions = Assumptions(
        **{
            name: draw(_number(f"assumptions.{name}"))
            for name in (
                "import_growth",
                "gdp_growth",
                "ind_change",
                "ei_growth",
                "tra_growth",
                "edu_change",
                "fin_change",
            )
        },
        time_effect=draw(st.sampled_from(["hold", "trend"] if coefficients.startswith("estimated") else ["hold"])),
    )
    return Scenario(
        name=draw(st.text(min_size=1, max_size=40).filter(str.strip)),
        horizon=draw(_number("horizon")),
        coefficients=coefficients,
        import_growth=draw(st.none() | _number("import_growth")),
        region_growth=draw(st.dictionaries(st.sampled_from(REGIONS), _number("region_growth"))),
        province_growth=draw(st.dictionaries(st.sampled_from(sample_provinces()), _number("province_growth"))),
        phase_in=draw(st.none() | _number("phase_in")),
        subsidy=subsidy,
        assumptions=assumptions,
    )


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_round_trip(scenario):
    query = encode(scenario)
    decoded, notices = decode(query)
    assert decoded == scenario
    assert notices == []


def test_default_is_just_the_version():
    assert encode(Scenario(name="Custom")) == "v=2"
    assert decode("") == (Scenario(), [])
    assert decode("?v=2") == (Scenario(), [])


def test_presets_round_trip_with_readable_headline_keys():
    scenario = dataclasses.replace(PRESETS["slowdown"], coefficients="published-W2", horizon=2035, import_growth=7.5)
    query = encode(scenario)
    assert "coef=published-W2" in query and "g=7.5" in query and "h=2035" in query
    assert decode("https://example.org/app?" + query + "#top")[0] == scenario


def _worst_case() -> Scenario:
    return Scenario(
        name="\U0001f600" * 40,
        horizon=2059,
        coefficients="estimated-W3",
        import_growth=-49.9999,
        region_growth={region: -49.9999 for region in REGIONS},
        province_growth={name: -49.9999 for name in sample_provinces()},
        phase_in=2059,
        subsidy=Subsidy(
            amount=9999.99, lowest=29, provinces=sample_provinces(), share=0.9999, start=2058, end=2059, raises_fin=True
        ),
        assumptions=Assumptions(-49.9999, -19.9999, -4.9999, -29.9999, -29.9999, -0.9999, -4.9999, "trend"),
    )


def test_longest_link_leaves_room_for_the_app():
    query = encode(_worst_case())
    assert decode(query)[0] == _worst_case()
    assert len(query) < 1200, len(query)
    assert len("https://scenarios.example.org/Projections?" + query + "&" + "ui_x=" + "y" * 700) < 2000


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_every_link_is_under_1200_characters(scenario):
    assert len(encode(scenario)) < 1200


def test_ui_keys_pass_through_silently():
    query = encode(PRESETS["coast-fast"], ui={"ui_page": "map", "ui_year": 2030})
    scenario, notices = decode(query)
    assert scenario == PRESETS["coast-fast"] and notices == []
    assert ui_state(query) == {"ui_page": "map", "ui_year": "2030"}
    assert not any(key.startswith("ui_") for key in SCENARIO_KEYS)


def test_streamlit_style_mapping_is_accepted():
    scenario, notices = decode({"g": "8", "gp": ["44:9"], "ui_page": "x"})
    assert scenario.import_growth == 8.0 and scenario.province_growth == (("Guangdong", 9.0),)
    assert notices == []


def test_bad_values_are_dropped_with_notices():
    scenario, notices = decode("g=fast&h=2100&ss=2&gp=44:3,99:2&foo=1&te=trend&sy=2030-2025")
    assert scenario.import_growth is None and scenario.horizon == 2030
    assert scenario.province_growth == (("Guangdong", 3.0),)
    assert scenario.subsidy.share == 1.0 and scenario.assumptions.time_effect == "hold"
    text = " ".join(notices)
    for words in (
        "'g=fast'",
        "horizon must be between",
        "subsidy.share must be between",
        "'99:2'",
        "unknown setting 'foo=1'",
        "te=trend",
        "first year 2030 is after its last year 2025; both were ignored",
    ):
        assert words in text
    assert (scenario.subsidy.start, scenario.subsidy.end) == (None, None)


def test_version_0_is_migrated_and_unknown_versions_noted():
    scenario, notices = decode("v=0&g=0.07&w=3")
    assert scenario.import_growth == 7.0 and scenario.coefficients == "published-W3"
    assert "draft format" in notices[0]
    scenario, notices = decode("v=9&g=3")
    assert scenario.import_growth == 3.0 and "unknown" in notices[0]


@settings(max_examples=500, deadline=None)
@given(st.text() | st.binary() | st.dictionaries(st.text(), st.text() | st.lists(st.text())))
def test_garbage_never_raises(query):
    scenario, notices = decode(query)
    assert isinstance(scenario, Scenario)
    assert all(isinstance(n, str) for n in notices)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(SCENARIO_KEYS) + ["w", "ui_a", "zz"]),
            st.text(alphabet="0123456789-.:,eE+nafWpublishedstimatrnho ", max_size=12),
        )
    )
)
def test_near_valid_garbage_never_raises(pairs):
    scenario, notices = decode("&".join(f"{k}={v}" for k, v in pairs))
    assert isinstance(scenario, Scenario)


def test_a_link_nested_in_a_ui_value_survives():
    saved = dataclasses.replace(PRESETS["coast-fast"], province_growth={"Gansu": 12.5})
    query = encode(PRESETS["slowdown"], ui={"ui_cmp1": "Coast & more|" + encode(saved)})
    scenario, notices = decode(query)
    assert scenario == PRESETS["slowdown"] and notices == []
    label, _, nested = ui_state(query)["ui_cmp1"].partition("|")
    assert label == "Coast & more" and decode(nested) == (saved, [])


def test_ui_keys_must_use_the_prefix():
    with pytest.raises(ValueError):
        encode(Scenario(), ui={"page": "map"})


@st.composite
def allocated(draw):
    """A scenario whose subsidy pays each province its own amount (the optimiser's output)."""
    amounts = draw(
        st.dictionaries(
            st.sampled_from(sample_provinces()),
            st.floats(0.0001, 333.0).map(lambda x: round(x, 4)),
            min_size=1,
            max_size=30,
        )
    )
    base = draw(scenarios())
    terms = dataclasses.replace(base.subsidy, provinces=(), allocation=amounts)
    return base.with_(subsidy=terms)


@settings(max_examples=100, deadline=None)
@given(allocated())
def test_per_province_amounts_round_trip_compactly(scenario):
    query = encode(scenario)
    decoded, notices = decode(query)
    assert decoded == scenario and notices == []
    assert "sa=" in query and "&s=" not in query and "sp=" not in query  # the amount is the allocation's sum
    assert len("https://scenarios.example.org/Projections?" + query + "&ui_page=optimise") < 2000, len(query)


def test_thirty_province_allocation_is_well_under_2000_characters():
    amounts = {name: 333.3333 for name in sample_provinces()}
    worst = _worst_case().with_(subsidy=dataclasses.replace(_worst_case().subsidy, provinces=(), allocation=amounts))
    query = encode(worst)
    assert decode(query)[0] == worst
    assert len("https://scenarios.example.org/Projections?" + query + "&" + "ui_x=" + "y" * 300) < 2000, len(query)
    alone = encode(Scenario(subsidy=Subsidy(allocation=amounts)))
    assert len(alone) < 450, len(alone)


def test_old_links_are_unchanged():
    """A v=1 link keeps its scenario; it only gains the data set it was made on (the demo), with a notice."""
    assert encode(PRESETS["subsidise-lagging"]) == "v=2&n=Subsidise%20lagging%20provinces&s=50"
    scenario, notices = decode("v=1&s=50&sp=62,63&ss=0.5&sy=2022-2025")
    assert len(notices) == 1 and "synthetic demo panel" in notices[0] and scenario.subsidy.allocation == ()
    assert scenario.subsidy == Subsidy(amount=50, provinces=("Gansu", "Qinghai"), share=0.5, start=2022, end=2025)
    assert encode(scenario, data="demo") == "v=2&anchors=demo&s=50&sp=62,63&ss=0.5&sy=2022-2025"


def test_an_allocation_link_with_a_province_list_keeps_the_allocation():
    scenario, notices = decode("sa=62:10,63:5&sp=11")
    assert dict(scenario.subsidy.allocation) == {"Gansu": 10.0, "Qinghai": 5.0} and scenario.subsidy.amount == 15.0
    assert scenario.subsidy.provinces == () and any("sp=11" in notice for notice in notices)
