"""The projection's cautions (:attr:`scenarios.projection.results.Projection.warnings`) in the session's language.

Each caution has a stable kind and its figures as data (:mod:`scenarios.projection.cautions`); the
translation is the catalogue's ``warning.<kind>`` entry of :mod:`scenarios.app.i18n`, filled with the
figures worded here (provinces by their Chinese names; numbers as the engine formats them). English keeps
the engine's own wording. A caution of a kind the catalogue does not know (a new one) is shown as the engine
wrote it, in English, rather than dropped. The synthetic-data notice is left out: the banner on every page
already says it. Pure Python (no streamlit), so it is testable against the engine's real cautions.
"""

from __future__ import annotations

from scenarios.app.i18n import CATALOGUE, translate
from scenarios.projection.cautions import SYNTHETIC_KIND, Provinces, province_list


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
        figures = {
            name: provinces_in_chinese(value) if isinstance(value, Provinces) else str(value)
            for name, value in caution.figures.items()
        }
        shown.append(translate(f"warning.{kind}", language, **figures))
    return shown


def provinces_in_chinese(provinces: Provinces) -> str:
    """A caution's provinces in Chinese: "全部 30 个省份", up to six names, else five and a count."""
    from scenarios.geography import provinces as province_table

    names = province_table().set_index("name_en")["name_zh"]
    return province_list(
        [names[name] for name in provinces.names],
        provinces.of,
        everyone="全部 {of} 个省份",
        separator="、",
        more="{named} 等另外 {rest} 个省份",
    )
