"""Text from outside shown as text: the one escaping helper for whatever a link or an upload carries.

Streamlit renders most strings as Markdown (``st.markdown``, captions, toasts, ``st.error``, widget
labels) with its own extensions: ``:red[...]`` colours, ``:material/...:`` icons, ``:smile:`` emoji,
``$...$`` maths, and GitHub's bare-URL autolinks. A saved-scenario label, a ``ui_lang`` value, a file
name or a cell value quoted in a problem message comes from a link or an upload, so it must never become
a link, an image (an outside request, breaking the offline promise), a heading or HTML. :func:`plain`
escapes it; tests/e2e checks in chromium that a ``[x](https://ev.il)`` label is no link and
``![](...)`` fetches nothing.
"""

from __future__ import annotations

import re

# Every ASCII punctuation mark may be backslash-escaped in CommonMark, and the escape always shows the mark
# itself; escaping them all also disarms Streamlit's directives (":", "[") and bare-URL autolinks (":", ".").
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# GitHub's autolinks of bare addresses are found after escapes are resolved, so escaping cannot stop them:
# an invisible word joiner (U+2060) inside "://", after "www" and before "@" breaks their patterns.
_AUTOLINKS = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """``text`` as one line of literal text inside Streamlit Markdown: every ASCII punctuation mark
    backslash-escaped, line breaks turned into spaces and bare addresses broken by an invisible word joiner
    (so no block, link, autolink, image, HTML or directive)."""
    text = _AUTOLINKS.sub(WORD_JOINER, _LINE_BREAKS.sub(" ", str(text)))
    return _PUNCTUATION.sub(r"\\\1", text)
