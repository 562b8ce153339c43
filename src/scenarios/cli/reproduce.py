"""`python -m scenarios reproduce`: every table of the paper beside the published one, as files."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from scenarios.errors import InputError, Problem


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "reproduce",
        help="reproduce the paper's Tables 1-13 and Figures 2-4 beside the published ones",
        description="Run every analysis of Li, Wei, Xu & Jiang (2023) on a panel (the synthetic demo panel "
        "by default) and write tableNN.csv/.md/.tex, figureNN.png and report.md to --out.",
    )
    parser.add_argument("--data", type=Path, help="raw panel, CSV or XLSX (default: the synthetic demo panel)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the bootstrap, permutations and draws (default 0)")
    parser.add_argument("--replications", type=int, default=500, help="bootstrap replications (default 500, as the paper)")
    parser.add_argument("--permutations", type=int, default=999, help="Moran permutations (default 999)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from scenarios import demo, panel
    from scenarios.reproduce import reproduce, stderr_progress
    from scenarios.reproduction import figures, render

    for name in ("replications", "permutations"):
        if getattr(args, name) < 2:
            raise InputError(Problem("must be 2 or more", parameter=f"--{name}"))
    start = time.perf_counter()
    if args.data is None:
        data = demo.load_demo_panel()
        print("reproducing on the SYNTHETIC demo panel (data/demo_panel.csv)", file=sys.stderr)
    else:
        data = demo.as_labelled(panel.load_panel(args.data))
        label = " (made from the SYNTHETIC demo panel)" if data.synthetic else ""
        print(f"reproducing on {args.data}{label}", file=sys.stderr)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(Problem(f"cannot create the output folder: {error.strerror}", parameter="--out")) from error
    result = reproduce(data, seed=args.seed, replications=args.replications, permutations=args.permutations,
                       progress=stderr_progress)
    for n in result.tables:
        comparison = result.comparison(n)
        (args.out / f"table{n:02d}.csv").write_text(render.long_csv(comparison, result.synthetic), encoding="utf-8")
        (args.out / f"table{n:02d}.md").write_text(render.markdown(n, comparison, result.synthetic), encoding="utf-8")
        (args.out / f"table{n:02d}.tex").write_text(render.latex(n, comparison, result.synthetic), encoding="utf-8")
    label = render.data_label(result.synthetic)
    for name in result.extras:
        frame = result.extra(name).assign(data=label)
        frame.to_csv(args.out / f"{name}.csv", index=name == "local_moran", lineterminator="\n", float_format="%.6g")
    written = []
    for number, png in figures.technology_maps(data.analysis, result.synthetic).items():
        (args.out / f"figure{number:02d}.png").write_bytes(png)
        written.append(f"figure{number:02d}.png")
    stderr_progress(f"figures 2-4 written")
    (args.out / "report.md").write_text(render.report(result, written), encoding="utf-8")
    print(result.summary, file=sys.stderr)
    print(f"wrote {len(result.tables)} tables, {len(written)} figures and report.md to {args.out} "
          f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0
