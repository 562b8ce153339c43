"""Benchmark: N sessions moving the explorer's slider at once, server side, over Streamlit's own websocket.

    PYTHONPATH=src python bench/bench_concurrency.py --sessions 25 --seconds 60 [--app-root DIR]
        [--baseline OTHER_CHECKOUT] [--json F]

Starts ``streamlit run streamlit_app.py`` on a free port of 127.0.0.1 (``bench_load.start_server``; nothing
else is contacted) from this checkout or ``--app-root`` (another commit, for a side-by-side run), opens N
websocket sessions speaking Streamlit's protocol (the ``BackMsg``/``ForwardMsg`` protobufs the browser
sends and receives) and in each moves the national technology-import growth slider for a fixed window.
No browser draws anything: on 2 shared cores 25 Chromium pages cost more CPU than the server they test
(``bench/bench_load.py`` measures the browser round trip). This measures the server:
a move's response runs from sending the slider's new value to the end of the run it causes
(``script_finished``), and counts as an error unless that run also wrote the new value into the URL
(``page_info_changed`` carrying ``g=<value>``: the share-link mirror) and drew no exception.

Each session walks the slider's own grid (-10 to 30 % a year by 0.5) one notch per move from its own
starting point, so sessions mostly ask for different projections at first and share cached ones later,
as analysts exploring do. With ``--distinct`` each session first opens a link with its own baseline
assumption (``bg=5.01``, ``5.02``...): no two sessions share a projection, and with 25 sessions x 81
notches against the app's 128 cached projections nearly every move is one nobody has made before (the
worst case: the projection, its frames and the chart's rows built anew on every move). Like the browser, a move made inside a fragment is sent with that fragment's id.

Reports moves, errors, median and 95th-percentile response (ms), reruns per second, the server's CPU time
per move (user + system, from ``/proc``: what a move costs the server whatever else the machine is doing,
since the response times on a shared machine mostly measure the wait for a core), and server VmRSS.
With ``--baseline`` (another checkout, e.g. ``git worktree add /tmp/before <commit>``) the same window runs
on it first, then on ours, and the ratios baseline / ours of the median and p95 response and of the CPU a
move are reported. Bounded: at most 25 sessions and 600 s; every wait has a 60 s timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

# The browser load test's server, started and measured the same way.
from bench_load import _rss_mb, start_server, stop_server
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS, MAX_SECONDS = 25, 600
TIMEOUT_S = 60.0
SLIDER_KEY = "w.lever.import_growth"
GRID = [-10 + 0.5 * step for step in range(81)]


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far (``/proc/<pid>/stat``, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Session:
    """One browser tab's worth of protocol: reruns with widget values, reading what the server sends."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.query = ""
        self.slider_id = ""
        self.fragment_id = ""

    async def rerun(self, widgets=(), fragment_id: str = "") -> tuple[bool, str]:
        """Send a rerun and read until it finishes; (an exception was drawn, the URL's query at the end)."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string, state.page_name, state.fragment_id = self.query, "explorer", fragment_id
        for widget_id, value in widgets:
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.double_array_value.data.append(value)
        await self.websocket.send(message.SerializeToString())
        failed = False
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.websocket.recv(), TIMEOUT_S))
            kind = forward.WhichOneof("type")
            if kind == "page_info_changed":
                self.query = forward.page_info_changed.query_string
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                failed |= element.WhichOneof("type") == "exception"
                if element.WhichOneof("type") == "slider" and element.slider.id.endswith(SLIDER_KEY):
                    self.slider_id, self.fragment_id = element.slider.id, forward.delta.fragment_id
            elif kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return failed, self.query


async def session(
    url: str, index: int, window: dict, loaded: asyncio.Event, results: dict, distinct: bool = False
) -> None:
    import websockets

    try:
        async with websockets.connect(
            url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT_S,
        ) as websocket:
            client = Session(websocket)
            if distinct:  # its own baseline assumption: no projection shared with another session
                client.query = f"v=2&bg={5 + (index + 1) / 100:g}"
            await client.rerun()
            if not client.slider_id:
                raise RuntimeError("the explorer drew no import-growth slider")
            loaded.set()
            await window["start"].wait()
            step = 3 * index
            while time.monotonic() < window["stop"]:
                step += 1
                value = GRID[step % len(GRID)]
                started = time.perf_counter()
                failed, query = await client.rerun([(client.slider_id, value)], client.fragment_id)
                results["response_ms"].append((time.perf_counter() - started) * 1000)
                shown = urllib.parse.parse_qs(query).get("g", [None])[0]
                if failed or (shown is not None and float(shown) != value) or (shown is None and value != 5.0):
                    results["errors"].append(f"move to {value:g}: exception={failed}, URL g={shown}")
    except Exception as error:  # noqa: BLE001 - a failed session is what we count
        results["errors"].append(f"session {index} failed: {type(error).__name__}: {error}"[:300])
        loaded.set()


async def run(app_root: Path, sessions: int, seconds: float, distinct: bool = False) -> dict:
    server, url = start_server(app_root)
    results: dict = {"response_ms": [], "errors": []}
    try:
        results["rss_mb_before"] = _rss_mb(server.pid)
        loaded = [asyncio.Event() for _ in range(sessions)]
        window = {"start": asyncio.Event(), "stop": 0.0}
        tasks = [
            asyncio.create_task(session(url, i, window, event, results, distinct)) for i, event in enumerate(loaded)
        ]
        await asyncio.wait_for(asyncio.gather(*(event.wait() for event in loaded)), timeout=MAX_SECONDS)
        results["rss_mb_loaded"] = _rss_mb(server.pid)
        cpu_start = _cpu_seconds(server.pid)
        window["stop"] = time.monotonic() + seconds
        window["start"].set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 2 * TIMEOUT_S)
        results["server_cpu_s"] = _cpu_seconds(server.pid) - cpu_start
        results["rss_mb_after"] = _rss_mb(server.pid)
    finally:
        stop_server(server)
    return results


def measure(app_root: Path, sessions: int, seconds: float, distinct: bool = False) -> dict:
    """One window of ``sessions`` sessions on the checkout at ``app_root``: the summary printed and saved."""
    results = asyncio.run(run(app_root.resolve(), sessions, seconds, distinct))
    times = sorted(results["response_ms"])
    for error in list(dict.fromkeys(results["errors"]))[:10]:
        print("error:", error, file=sys.stderr)
    commit = subprocess.run(
        ["git", "-C", str(app_root), "describe", "--always", "--dirty"], capture_output=True, text=True
    )
    return {
        "app_root": str(app_root),
        "commit": commit.stdout.strip() or None,
        "sessions": sessions,
        "seconds": seconds,
        "distinct": distinct,
        "moves": len(times),
        "errors": len(results["errors"]),
        "median_ms": round(statistics.median(times)) if times else None,
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))]) if times else None,
        "reruns_per_s": round(len(times) / seconds, 2),
        "server_cpu_ms_per_move": round(1000 * results["server_cpu_s"] / len(times), 1) if times else None,
        **{key: round(value) for key, value in results.items() if key.startswith("rss_mb")},
        "load_average": [round(value, 1) for value in os.getloadavg()],
        "error_messages": results["errors"][:50],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--app-root", type=Path, default=ROOT, help="the checkout to serve (to compare commits)")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout measured in the same run, before ours: ratios baseline / ours"
    )
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="each session from its own baseline assumption: no shared projections, nearly every move a new one",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.seconds <= MAX_SECONDS:
        raise SystemExit(f"--sessions 1-{MAX_SESSIONS} and --seconds 1-{MAX_SECONDS}")
    roots = {"baseline": args.baseline, "ours": args.app_root} if args.baseline else {"ours": args.app_root}
    runs = {name: measure(root, args.sessions, args.seconds, args.distinct) for name, root in roots.items()}
    for summary in runs.values():
        print(json.dumps({key: value for key, value in summary.items() if key != "error_messages"}))
    report: dict = runs["ours"]
    if args.baseline:
        before, after = runs["baseline"], runs["ours"]
        report = {
            **runs,
            "ratio_baseline_over_ours": {
                key: round(before[key] / after[key], 2)
                for key in ("median_ms", "p95_ms", "server_cpu_ms_per_move")
                if before[key] and after[key]
            },
        }
        print("baseline / ours:", json.dumps(report["ratio_baseline_over_ours"]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
