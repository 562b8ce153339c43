import pytest

from scenarios.geography import canonical_province, provinces, sample_provinces


@pytest.mark.parametrize(
    "given, expected",
    [
        ("Nei Mongol", "Inner Mongolia"),
        ("InnerMongolia", "Inner Mongolia"),
        ("内蒙古自治区", "Inner Mongolia"),
        ("内蒙古", "Inner Mongolia"),
        (150000, "Inner Mongolia"),
        ("15", "Inner Mongolia"),
        (150000.0, "Inner Mongolia"),
        ("  jiangsu ", "Jiangsu"),
        ("Jiangsu Province", "Jiangsu"),
        ("Xinjiang Uygur Autonomous Region", "Xinjiang"),
        ("广西", "Guangxi"),
        ("Xizang", "Tibet"),
        ("Shaanxi", "Shaanxi"),
        ("Shanxi", "Shanxi"),
    ],
)
def test_variants_map_to_the_tools_english_names(given, expected):
    assert canonical_province(given) == expected


@pytest.mark.parametrize("given", ["Atlantis", "", None, float("nan"), 999999, "Jiangsu2015"])
def test_unknown_names_are_none(given):
    assert canonical_province(given) is None


def test_sample_is_the_30_provinces_without_tibet_in_nbs_order():
    sample = sample_provinces()
    assert len(sample) == 30 and "Tibet" not in sample
    assert sample[0] == "Beijing" and sample[-1] == "Xinjiang"
    assert list(provinces()["adcode"]) == sorted(provinces()["adcode"])


def test_province_table_is_a_copy():
    table = provinces()
    table.loc[0, "name_en"] = "changed"
    assert provinces().loc[0, "name_en"] == "Beijing"
