"""Errors for bad input: each says what is wrong and where (file, sheet, row, column, parameter).

The CLI and the app catch :class:`InputError` and show its message; anything else is a bug.
"""

from __future__ import annotations

import contextlib
import dataclasses
import numbers
from collections.abc import Iterator
from dataclasses import dataclass


def shown(value: object) -> str:
    """``value`` as a message shows it: numbers plain, whatever their type (``1970``, ``0.25``, ``inf``;
    never ``np.int64(1970)`` or ``np.float64(inf)``), a float with a whole value without its ``.0``, text
    quoted (``'abc'``), anything else as ``str``."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    if isinstance(value, str):
        return repr(value)
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is.

    ``row`` is the 1-based line number a person sees in a spreadsheet (the header is row 1).
    """

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    parameter: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        if self.parameter:
            where.append(f"parameter {self.parameter!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(ValueError):
    """Bad input from a user: one or more :class:`Problem` s, each with its place.

    ``count`` is the true number of problems found, which may exceed the lines in ``problems`` when
    alike problems are grouped or the list is cut short (default: the number of lines).
    """

    def __init__(self, problems: Problem | str | list[Problem], count: int | None = None):
        if isinstance(problems, (str, Problem)):
            problems = [problems if isinstance(problems, Problem) else Problem(problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.count: int = len(self.problems) if count is None else count
        super().__init__("\n".join(str(p) for p in self.problems))

    def located(self, file: str | None) -> InputError:
        """The same problems, those at a row or column of a frame read from ``file`` naming that file."""
        return InputError(
            [
                dataclasses.replace(p, file=file) if file and not p.file and (p.row is not None or p.column) else p
                for p in self.problems
            ],
            count=self.count,
        )


@contextlib.contextmanager
def in_file(file: str | None) -> Iterator[None]:
    """Bad input found inside, at a row or column of a frame read from ``file``, names that file."""
    try:
        yield
    except InputError as error:
        raise error.located(file) from None
