"""Options shared by the commands built on the projection engine (``project``, ``optimise``): the data set
(``--data`` PANEL; with ``anchors``, ``--anchors real|demo``, the real anchors by default; otherwise the
synthetic demo panel by default) and the engine's coefficient draws (``--draws``, ``--seed``)."""

from __future__ import annotations

from scenarios.cli import seed, whole_number
from scenarios.errors import InputError, Problem


def add_panel_arguments(parser, draws_for: str, anchors: bool = False) -> None:
    """--data, --draws and --seed; ``draws_for`` says what the draws are used for in the help. With
    ``anchors``, also --anchors (exclusive with --data): the real anchors by default, or the demo panel."""
    if anchors:
        data = parser.add_mutually_exclusive_group()
        data.add_argument(
            "--anchors",
            choices=("real", "demo"),
            default=None,
            help="data set: the real anchors (default) or the synthetic demo panel (overrides the query's anchors=)",
        )
        data.add_argument("--data", metavar="PANEL", help="your panel CSV/XLSX instead of the anchors")
    else:
        parser.add_argument("--data", metavar="PANEL", help="panel CSV/XLSX (default: the synthetic demo panel)")
    parser.add_argument(
        "--draws",
        type=whole_number(100),
        default=1000,
        help=f"coefficient draws for {draws_for} (default 1000, at least 100)",
    )
    parser.add_argument("--seed", type=seed, default=0, help="seed of the draws (default 0)")


def panel(path: str | None, anchors: str = "demo"):
    """The panel of ``--data``; without it the real anchors (``anchors="real"``) or the synthetic demo panel."""
    if path:
        from scenarios.data.panel import load_panel

        return load_panel(path)
    if anchors == "real":
        from scenarios.data.anchors import real_anchors

        return real_anchors()
    try:
        from scenarios.data.demo import load_demo_panel
    except ImportError as error:
        raise InputError(Problem("no --data given and the demo panel is not installed", parameter="--data")) from error
    return load_demo_panel()
