"""The briefing export: a two-page PDF and a standalone HTML file that say the same, checked by rendering
the PDF to PNG (pdftoppm) and reading its text (pdftotext), as a reader would see it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from scenarios.app import briefing
from scenarios.data.demo import load_demo_panel
from scenarios.projection.engine import project
from scenarios.projection.scenario import PRESETS, Scenario, Subsidy

LINK = "http://localhost:8501/explorer?v=1&g=8&s=50&h=2035"


@pytest.fixture(scope="module")
def projection():
    return project(PRESETS["subsidise-lagging"].with_(horizon=2035), load_demo_panel(), draws=200)


@pytest.fixture(scope="module")
def pdf(projection):
    return briefing.pdf_document(projection, LINK)


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian poppler-utils; scripts/test.sh installs it)")
    return path


def test_pdf_renders_two_pages(pdf, tmp_path):
    (tmp_path / "b.pdf").write_bytes(pdf)
    subprocess.run(
        [_poppler("pdftoppm"), "-r", "40", "-png", str(tmp_path / "b.pdf"), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    assert all(page.stat().st_size > 5_000 for page in pages)  # drawn, not blank


def test_pdf_text_carries_settings_numbers_units_label_link_and_citation(pdf, tmp_path, projection):
    (tmp_path / "b.pdf").write_bytes(pdf)
    text = subprocess.run(
        [_poppler("pdftotext"), str(tmp_path / "b.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "Scenario briefing: Subsidise lagging provinces" in flat
    assert "SYNTHETIC DATA" in flat and "Data: synthetic demo" in flat
    assert "Subsidy: CNY 5.00 billion a year to the 5 lowest-stock provinces" in flat
    horizon_total = projection.to_dict()["national_at_horizon_mt"]["total"]["scenario"]
    assert f"Total CO2 in 2035, scenario: {horizon_total:,.1f} Mt" in flat
    assert "Mt CO2" in flat and "Largest reductions" in flat
    assert LINK.split("?")[0] in flat
    assert "Atmosphere 2023, 14, 1146" in flat


def test_html_is_standalone_and_escapes_what_came_from_a_link(projection):
    hostile = projection.scenario.with_(name='<img src="https://evil.example/x.png">')
    document = briefing.html_document(project(hostile, load_demo_panel(), draws=200), LINK + "&n=<b>")
    assert "<img" not in document and "&lt;img" in document
    assert "&amp;n=&lt;b&gt;" in document
    # nothing is fetched: no external scripts, styles, images or fonts
    assert not re.search(r"""(src|href)=["']?https?://(?!localhost)""", document.replace(LINK, ""))
    assert document.count("<svg") >= 3  # national chart, maps, QR code


def test_still_rising_at_the_horizon_says_no_peak_before_it():
    rising = project(Scenario(horizon=2030, import_growth=0.0), load_demo_panel(), draws=100)
    info = rising.to_dict()
    content = briefing.build(rising, LINK)
    peak = dict(content.key_numbers)["National peak (scenario)"]
    if info["national_peak_year"]["scenario"] == 2030:
        assert peak == "no peak before 2030"
    else:
        assert peak == str(info["national_peak_year"]["scenario"])


def test_settings_in_words_name_every_lever():
    scenario = Scenario(
        name="mix",
        horizon=2040,
        import_growth=7.0,
        region_growth={"West": 9.0},
        province_growth={"Hebei": 12.0},
        subsidy=Subsidy(amount=20.0, provinces=("Gansu", "Qinghai"), share=0.5, start=2022, end=2030),
    )
    words = " ".join(briefing.settings_in_words(scenario))
    for phrase in (
        "Horizon 2040",
        "7 % a year nationally",
        "West region: 9 % a year",
        "Hebei: 12 % a year",
        "CNY 2.00 billion a year to Gansu, Qinghai, 50 % spent",
        "paid 2022 to 2030",
    ):
        assert phrase in words, phrase
    allocated = Scenario(subsidy=Subsidy(allocation={"Gansu": 30.0, "Hainan": 12.5}))
    assert "to Hainan 1.25, Gansu 3.00 (CNY billion)" in " ".join(briefing.settings_in_words(allocated))


def test_gainers_and_losers_are_the_extremes_of_the_net_change(projection):
    content = briefing.build(projection, LINK)
    effects = briefing._province_effects(projection)
    assert content.gainers["net_mt"].iloc[0] == effects["net_mt"].min()
    assert content.losers["net_mt"].iloc[0] == effects["net_mt"].max()
    assert (effects["net_mt"] - effects["own_mt"] - effects["spillover_mt"]).abs().max() < 1e-2


def _pdf_text(document: bytes, tmp_path) -> str:
    (tmp_path / "b.pdf").write_bytes(document)
    text = subprocess.run(
        [_poppler("pdftotext"), str(tmp_path / "b.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def test_chinese_pdf_is_written_in_chinese_with_chinese_glyphs(projection, tmp_path):
    """The session's language: headings, settings, numbers' units and province names in Chinese, drawn
    with the CJK font (pdftotext reads them back: real glyphs, not boxes); two pages."""
    if not briefing.pdf_font_available("zh"):
        pytest.skip("no Chinese font (Debian fonts-noto-cjk; scripts/test.sh installs it)")
    flat = _pdf_text(briefing.pdf_document(projection, LINK, "zh"), tmp_path)
    assert "情景简报：" in flat and "关键数字" in flat and "参数设置" in flat
    assert "补贴：每年5.00十亿元，发放给技术存量最低的5个省份" in "".join(flat.split())
    assert "合成数据" in flat and "百万吨" in flat
    horizon_total = projection.to_dict()["national_at_horizon_mt"]["total"]["scenario"]
    assert f"2035 年 CO₂ 总排放（情景）：{horizon_total:,.1f} 百万吨" in flat
    assert "情景简报：补贴落后省份" in flat  # the preset's name in Chinese
    gainer = briefing.build(projection, LINK, "zh").gainers.index[0]
    assert re.search(r"[\u4e00-\u9fff]", gainer) and gainer in "".join(flat.split())
    assert "Key numbers" not in flat and "Settings" not in flat
    assert "Atmosphere 2023, 14, 1146" in flat  # citations as published
    (tmp_path / "zh.pdf").write_bytes(briefing.pdf_document(projection, LINK, "zh"))
    subprocess.run(
        [_poppler("pdftoppm"), "-r", "30", "-png", str(tmp_path / "zh.pdf"), str(tmp_path / "zh")], check=True
    )
    assert len(list(tmp_path.glob("zh-*.png"))) == 2


def test_chinese_html_says_the_same_in_chinese(projection):
    document = briefing.html_document(projection, LINK, "zh")
    assert '<html lang="zh-Hans">' in document
    for heading in ("参数设置", "关键数字", "各省本省效应与溢出", "注意事项", "重新打开此情景", "资料来源"):
        assert f">{heading}<" in document
    assert "Key numbers" not in document and "Own effect" not in document


def test_without_a_chinese_font_the_pdf_says_so_and_the_html_still_works(projection, monkeypatch):
    monkeypatch.setattr(briefing, "CJK_FONT", "No Such Font CJK")
    assert not briefing.pdf_font_available("zh") and briefing.pdf_font_available("en")
    with pytest.raises(briefing.FontMissing, match="fonts-noto-cjk"):
        briefing.pdf_document(projection, LINK, "zh")
    assert "参数设置" in briefing.html_document(projection, LINK, "zh")
