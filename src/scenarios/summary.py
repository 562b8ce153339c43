"""One way for every results object to show itself, as linearmodels' results do.

A class with a plain-text ``summary`` property inherits :class:`Summarised` and so prints as its summary
(``str``), shows it in a console (``repr``, with the class name) and in a notebook (``_repr_html_``,
escaped, in a ``<pre>`` block). A dataclass that inherits it passes ``repr=False``, so its generated repr
does not replace this one.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING


class Summarised:
    """Mixin: ``str``, ``repr`` and notebook HTML from the class's ``summary`` text."""

    if TYPE_CHECKING:  # declared for the type checker only: each class defines it as a read-only property

        @property
        def summary(self) -> str: ...

    def __str__(self) -> str:
        return self.summary

    def __repr__(self) -> str:
        return f"{type(self).__name__}\n{self.summary}"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.summary)}</pre>"
