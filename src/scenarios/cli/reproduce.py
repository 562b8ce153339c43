"""`python -m scenarios reproduce`: every table of the paper beside the published one, as files."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scenarios.cli import seed, whole_number, writing
from scenarios.errors import InputError, Problem
from scenarios.provenance import SYNTHETIC_NOTICE, labelled

#: The command's line in ``python -m scenarios --help`` (read without importing this module).
HELP = "reproduce the paper's Tables 1-13 and Figures 2-4 beside the published ones"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "reproduce",
        help=HELP,
        description="Run every analysis of Li, Wei, Xu & Jiang (2023) on a panel (the synthetic demo panel "
        "by default) and write tableNN.csv/.md/.tex, figureNN.png (and .svg/.pdf with --figure-format) and "
        "report.md to --out.",
    )
    parser.add_argument("--data", type=Path, help="raw panel, CSV or XLSX (default: the synthetic demo panel)")
    parser.add_argument(
        "--seed", type=seed, default=0, help="seed of the bootstrap, permutations and draws (default 0)"
    )
    parser.add_argument(
        "--replications", type=whole_number(2), default=500, help="bootstrap replications (default 500, as the paper)"
    )
    parser.add_argument("--permutations", type=whole_number(2), default=999, help="Moran permutations (default 999)")
    parser.add_argument(
        "--figure-format",
        default="png",
        type=_figure_formats,
        metavar="png,svg,pdf",
        help="Figures 2-4 in these formats, comma-separated (default png; svg and pdf are vector)",
    )
    parser.add_argument(
        "--dpi",
        type=whole_number(50, 1200),
        default=None,
        help="resolution of the PNG figures (default 110 for screens; 300 for print)",
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="output folder (created if missing; the folder it is in must exist)"
    )
    parser.set_defaults(handler=run)


def _figure_formats(text: str) -> tuple[str, ...]:
    from scenarios.reproduction.figures import FORMATS

    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"must be one or more of {', '.join(FORMATS)}, not {text!r}")
    return chosen


def output_folder(path: Path) -> None:
    """Create the --out folder if missing: only its last level, so a mistyped path is an error, not a new tree."""
    if path.exists() and not path.is_dir():
        raise InputError(Problem(f"{path} is a file, not a folder", parameter="--out"))
    if not path.parent.is_dir():
        raise InputError(
            Problem(f"no such folder: {path.parent} (only the last folder of --out is created)", parameter="--out")
        )
    with writing("--out"):
        path.mkdir(exist_ok=True)


def run(args) -> int:
    from scenarios.data import demo, panel
    from scenarios.reproduction.reproduce import reproduce, stderr_progress

    start = time.perf_counter()
    data = demo.load_demo_panel() if args.data is None else demo.as_labelled(panel.load_panel(args.data))
    output_folder(args.out)
    if data.synthetic:
        print(SYNTHETIC_NOTICE, file=sys.stderr)
    print(f"reproducing on {args.data or demo.DEMO_PANEL_PATH.name}", file=sys.stderr)
    result = reproduce(
        data, seed=args.seed, replications=args.replications, permutations=args.permutations, progress=stderr_progress
    )
    with writing("--out"):
        figures = write(args.out, result, data.analysis, args.figure_format, args.dpi)
    stderr_progress(figures_message(figures, data.analysis))
    print(result.summary, file=sys.stderr)
    print(
        f"wrote {len(result.tables)} tables, {len(figures)} figures and report.md to {args.out} "
        f"in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return 0


def figures_message(written: list[str], analysis) -> str:
    """Which of Figures 2-4 were written, and why any other was not."""
    from scenarios.reproduction.figures import missing_figures

    parts = [f"figures written: {', '.join(written) or 'none'}"]
    parts += [f"Figure {number} not written: {why}" for number, why in missing_figures(analysis).items()]
    return "; ".join(parts)


def write(out: Path, result, analysis, formats: tuple[str, ...] = ("png",), dpi: int | None = None) -> list[str]:
    """Write every table (CSV, Markdown, LaTeX), the extras, Figures 2-4 in ``formats`` (PNG at ``dpi``) and
    report.md; the figures' file names."""
    from scenarios.reproduction import figures, render

    for n in result.tables:
        comparison = result.comparison(n)
        (out / f"table{n:02d}.csv").write_text(render.long_csv(comparison, result.synthetic), encoding="utf-8")
        (out / f"table{n:02d}.md").write_text(render.markdown(n, comparison, result.synthetic), encoding="utf-8")
        (out / f"table{n:02d}.tex").write_text(render.latex(n, comparison, result.synthetic), encoding="utf-8")
    for name in result.extras:
        frame = labelled(result.extra(name), result.synthetic)
        frame.to_csv(out / f"{name}.csv", index=name == "local_moran", lineterminator="\n", float_format="%.6g")
    written = []
    for format in formats:
        drawn = figures.technology_maps(analysis, result.synthetic, format, dpi or figures.SCREEN_DPI)
        for number, content in drawn.items():
            (out / f"figure{number:02d}.{format}").write_bytes(content)
            written.append(f"figure{number:02d}.{format}")
    (out / "report.md").write_text(render.report(result, written, figures.missing_figures(analysis)), encoding="utf-8")
    return written
