"""The string catalogue: both languages complete, same format fields, and every key the app uses exists."""

import re
from pathlib import Path

from scenarios.app import layout, levers, state
from scenarios.app.i18n import CATALOGUE, LANGUAGES, fields, translate
from scenarios.geography import REGIONS
from scenarios.projection.scenario import LIMITS, PRESETS
from scenarios.reproduction.paper import TABLE_TITLES

from .conftest import PAGES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    ROOT / "streamlit_app.py",
    *sorted((ROOT / "app_pages").glob("*.py")),
    *sorted((ROOT / "src" / "scenarios" / "app").glob("*.py")),
]
#: Entries that are the same in both languages on purpose (file formats).
SAME_IN_BOTH = {
    "repro.download_csv",
    "repro.download_latex",
    "brief.province_growth",
    "brief.full_stop",
    "brief.pair",
}  # no words


def test_two_languages():
    assert set(LANGUAGES) == {"en", "zh"}


def test_every_key_has_both_languages_with_the_same_fields():
    empty = [key for key, texts in CATALOGUE.items() if not all(text.strip() for text in texts)]
    mismatched = [key for key, (english, chinese) in CATALOGUE.items() if fields(english) != fields(chinese)]
    assert empty == [] and mismatched == []


def test_chinese_entries_are_translated():
    untranslated = [
        key
        for key, (_, chinese) in CATALOGUE.items()
        if not re.search(r"[\u4e00-\u9fff]", chinese) and key not in SAME_IN_BOTH
    ]
    assert untranslated == []


def test_every_literal_key_used_by_the_app_is_in_the_catalogue():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[\w.%+ -]+)["']""", path.read_text(encoding="utf-8")))
    assert len(used) > 50, "the scan found too few keys: the pattern is broken"
    assert used - set(CATALOGUE) == set()


def test_every_key_built_at_run_time_is_in_the_catalogue():
    """Keys made from names (pages, levers, units, industries, regions, presets, W, LISA codes)."""
    all_levers = [*levers.POLICY_LEVERS, *levers.SUBSIDY_LEVERS, *levers.ASSUMPTION_LEVERS]
    needed = (
        {f"page.{page}" for page in PAGES}
        | {f"lever.{item.name}" for item in all_levers}
        | {f"lever.{item.name}.help" for item in all_levers}
        | {f"unit.{limit.unit}" for limit in LIMITS.values()}
        | {f"industry.{name}" for name in state.INDUSTRIES}
        | {f"region.{name}" for name in REGIONS}
        | {f"preset.{name}" for name in PRESETS}
        | {f"preset.{name}.help" for name in PRESETS}
        | {f"repro.{kind.lower()}" for kind in state.WEIGHT_KINDS}
        | {f"lisa.{code}" for code in layout.LISA_PALETTE}
        | {f"explorer.view_{view}" for view in ("national", "province", "industry")}
        | {f"explorer.coef_{source}" for source in ("published", "estimated")}
        | {f"spill.{metric}" for metric in ("own", "received")}
        | {f"variable.{v}" for v in ("ce", "tech")}
        | {f"data.ceads_scope_{scope}" for scope in ("1", "1_2")}
        | {f"explorer.{run}" for run in layout.RUNS}
        | {f"table.{number}" for number in TABLE_TITLES}
    )
    assert needed - set(CATALOGUE) == set()


def test_table_captions_are_the_papers_in_english():
    assert {number: CATALOGUE[f"table.{number}"][0] for number in TABLE_TITLES} == dict(TABLE_TITLES)


def test_translate_fills_fields_in_either_language():
    assert translate("data.loaded", "en", name="x.csv", rows=3) == "Loaded x.csv: 3 rows."
    assert translate("data.loaded", "zh", name="x.csv", rows=3) == "已载入 x.csv：3 行。"
