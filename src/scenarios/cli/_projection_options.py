"""Options shared by the commands built on the projection engine (``project``, ``optimise``): the panel
(``--data``, default the synthetic demo panel) and the engine's coefficient draws (``--draws``, ``--seed``)."""

from __future__ import annotations

from scenarios.cli import seed, whole_number
from scenarios.errors import InputError, Problem


def add_panel_arguments(parser, draws_for: str) -> None:
    """--data, --draws and --seed; ``draws_for`` says what the draws are used for in the help."""
    parser.add_argument("--data", metavar="PANEL", help="panel CSV/XLSX (default: the synthetic demo panel)")
    parser.add_argument("--draws", type=whole_number(100), default=1000,
                        help=f"coefficient draws for {draws_for} (default 1000, at least 100)")
    parser.add_argument("--seed", type=seed, default=0, help="seed of the draws (default 0)")


def panel(path: str | None):
    """The panel of ``--data``, or the synthetic demo panel without it."""
    if path:
        from scenarios.data.panel import load_panel

        return load_panel(path)
    try:
        from scenarios.data.demo import load_demo_panel
    except ImportError as error:
        raise InputError(Problem("no --data given and the demo panel is not installed", parameter="--data")) from error
    return load_demo_panel()
