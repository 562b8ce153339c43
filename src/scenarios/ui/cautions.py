"""The projection's cautions (:attr:`scenarios.projection.Projection.warnings`) in the session's language.

The engine words its cautions in English only. Each kind is recognised by a pattern on its wording (its
stable identity here, ``warning.<kind>`` in :mod:`scenarios.ui.i18n`) and its figures are carried over
into the translation (English keeps the engine's wording); a caution no pattern knows (a new one) is shown as the engine wrote it, in English,
rather than dropped. The synthetic-data notice is left out: the banner on every page already says it.
Pure Python (no streamlit), so the matching is testable against the engine's real wording.
"""

from __future__ import annotations

import re

from scenarios.provenance import SYNTHETIC_NOTICE
from scenarios.ui.i18n import translate

#: kind -> the start of the engine's English wording, with its figures as named groups.
PATTERNS: dict[str, re.Pattern] = {
    kind: re.compile(pattern)
    for kind, pattern in {
        "horizon": r"The horizon (?P<horizon>\d+) is far outside the sample",
        "phase_in_after_horizon": r"The import policy starts in (?P<start>\d+), after the horizon (?P<horizon>\d+)",
        "subsidy_after_horizon": r"The subsidy starts in (?P<start>\d+), after the horizon (?P<horizon>\d+)",
        "published_industries": r"Industry projections use the paper's Table 4",
        "steep_trend": r"The trended time effect alone changes emissions by (?P<changes>.+?) a year, "
                       r"compounding to (?P<horizon>\d+)\.",
        "far_tech": r"The levers move the technology-import stock of (?P<who>.+?) more than (?P<fold>[\d.]+)-fold "
                    r"away from the baseline \(up to (?P<largest>[\d,]+)-fold\)",
        "industries_exceed_total": r"Against the baseline the four industries together change by (?P<industries>\S+) "
                                   r"Mt, total emissions by only (?P<total>\S+) Mt \(summed to (?P<horizon>\d+)\)",
    }.items()
}


def kind_of(caution: str) -> tuple[str | None, dict[str, str]]:
    """The kind of an engine caution and its figures, or ``(None, {})`` when no pattern knows it."""
    for kind, pattern in PATTERNS.items():
        found = pattern.match(caution)
        if found:
            return kind, found.groupdict()
    return None, {}


def localized(cautions, language: str) -> list[str]:
    """Each caution in ``language`` (the English original when there is no translation), the synthetic
    notice left out."""
    shown = []
    for caution in cautions:
        if caution == SYNTHETIC_NOTICE:
            continue
        kind, figures = kind_of(caution)
        # English: the engine's own wording, which the catalogue's English only paraphrases.
        if kind is None or language == "en":
            shown.append(caution)
            continue
        if "who" in figures:
            figures["who"] = provinces_in_chinese(figures["who"])
        shown.append(translate(f"warning.{kind}", language, **figures))
    return shown


def provinces_in_chinese(who: str) -> str:
    """The engine's list of provinces ("all 30 provinces", "Beijing, Hebei and 3 more provinces") in Chinese."""
    from scenarios.geography import provinces

    names = provinces().set_index("name_en")["name_zh"]
    who = re.sub(r"all (\d+) provinces", r"全部 \1 个省份", who)
    who = re.sub(r" and (\d+) more provinces", r" 等另外 \1 个省份", who)
    for english in sorted(names.index, key=len, reverse=True):  # "Inner Mongolia" before shorter names
        who = who.replace(english, names[english])
    return who.replace(", ", "、")
