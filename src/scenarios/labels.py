"""Matching labels that people type: province names, CEADs sector and row labels, column headings.

One folding rule for every such match, so "Inner Mongolia", "inner-mongolia" and "INNER_MONGOLIA" are one
key wherever the project reads a name.
"""

from __future__ import annotations

import re
import unicodedata

#: What a label key ignores besides case and Unicode width: spacing and the punctuation people vary.
_IGNORED = re.compile(r"[\s_\-'.,()]+")


def fold(text: object) -> str:
    """The key of a label: NFKC-normalised, case folded, without spaces, underscores, hyphens, apostrophes,
    dots, commas or parentheses (``Scope_1_Total`` == ``scope 1 total``; ``Xi'an`` == ``xian``)."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", str(text)).casefold())
