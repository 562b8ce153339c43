"""The projection's cautions (:attr:`scenarios.projection.engine.Projection.warnings`) in the session's language.

The engine words its cautions in English and gives each a stable kind and its figures
(:class:`scenarios.projection.scenario.Caution`); the translation is the catalogue's ``warning.<kind>`` entry of
:mod:`scenarios.app.i18n` with those figures (English keeps the engine's own wording). A caution of a kind
the catalogue does not know (a new one) is shown as the engine wrote it, in English, rather than dropped.
The synthetic-data notice is left out: the banner on every page already says it. Pure Python (no
streamlit), so it is testable against the engine's real cautions.
"""

from __future__ import annotations

import re

from scenarios.projection.engine import SYNTHETIC_KIND
from scenarios.app.i18n import CATALOGUE, translate


def localized(cautions, language: str) -> list[str]:
    """Each caution in ``language`` (the English original when there is no translation), the synthetic
    notice left out."""
    shown = []
    for caution in cautions:
        kind = getattr(caution, "kind", None)
        if kind == SYNTHETIC_KIND:
            continue
        # English: the engine's own wording, which the catalogue's English only paraphrases.
        if language == "en" or f"warning.{kind}" not in CATALOGUE:
            shown.append(str(caution))
            continue
        figures = dict(caution.figures)
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
