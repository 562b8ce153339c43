"""`python -m scenarios <command>`: one module in this package per command.

Each command module defines ``HELP`` (its one line in ``--help``) and ``register(subparsers)``, which adds
its parser and sets ``handler=function(args) -> int``. Commands are found by name, so adding a command is
adding a file. Only the command being run is imported (the estimators, pandas and matplotlib take seconds
to import): the others are listed from their ``HELP``, read from the source without importing it.
Bad input (:class:`scenarios.errors.InputError`) becomes one message on stderr and exit code 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from scenarios.errors import InputError, Problem

#: The order commands are listed in ``--help``; any other command module follows alphabetically.
_ORDER = (
    "weights",
    "fit",
    "lmtest",
    "unitroot",
    "reproduce",
    "project",
    "optimise",
    "panel",
    "ceads",
    "anchors",
    "template",
)

#: numpy's seeds are 0 to 2**32 - 1 (SeedSequence takes more, the legacy RandomState no more).
MAX_SEED = 2**32 - 1


def _command_modules() -> list[str]:
    found = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    return sorted(found, key=lambda name: (_ORDER.index(name) if name in _ORDER else len(_ORDER), name))


#: Most draws, replications or permutations a command accepts: more would not fit in memory or finish.
MAX_COUNT = 100_000


def whole_number(minimum: int, maximum: int = MAX_COUNT) -> Callable[[str], int]:
    """argparse type of a count option: a whole number from ``minimum`` to ``maximum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(f"must be a whole number from {minimum} to {maximum}, not {text!r}")
        return value

    return parse


#: argparse type of a ``--seed``: a whole number from 0 to :data:`MAX_SEED`.
seed = whole_number(0, MAX_SEED)


@contextlib.contextmanager
def writing(parameter: str) -> Iterator[None]:
    """Turn a failure to write an output file (no such folder, no permission) into an InputError naming the option."""
    try:
        yield
    except OSError as error:
        raise InputError(Problem(f"cannot write the file: {error.strerror or error}", parameter=parameter)) from None


def _help_of(name: str) -> str:
    """A command module's ``HELP`` string, read from its source (no import)."""
    source = (Path(__path__[0]) / f"{name}.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "HELP" for t in node.targets):
            return ast.literal_eval(node.value)
    return ""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every command's full sub-parser, or with ``command`` only that one's (the
    others listed by their help line, so ``--help`` still shows them all)."""
    parser = argparse.ArgumentParser(
        prog="python -m scenarios",
        description="Technology import and CO2 in China's provinces: weights, estimators, "
        "reproduction of Li et al. (2023), scenario projections and data import.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _command_modules():
        if command is None or name == command:
            importlib.import_module(f"{__name__}.{name}").register(subparsers)
        else:
            subparsers.add_parser(name, help=_help_of(name), add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; returns the process exit code (2 for bad input)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    chosen = next((word for word in argv if not word.startswith("-")), "")
    parser = build_parser(command=chosen)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error of ours. Silence the final flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
