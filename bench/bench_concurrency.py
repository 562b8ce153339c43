"""Benchmark: N sessions moving the explorer's slider at once, server side, over Streamlit's own websocket.

    PYTHONPATH=src python bench/bench_concurrency.py --sessions 25 --seconds 60 [--app-root DIR] [--json F]

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
as analysts exploring do. Like the browser, a move made inside a fragment is sent with that fragment's id.

Reports moves, errors, median and 95th-percentile response (ms), reruns per second, the server's CPU time
per move (user + system, from ``/proc``: what a move costs the server whatever else the machine is doing,
since the response times on a shared machine mostly measure the wait for a core), and server VmRSS.
Bounded: at most 25 sessions and 600 s; every wait has a 60 s timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
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


async def session(url: str, index: int, window: dict, loaded: asyncio.Event, results: dict) -> None:
    import websockets

    try:
        async with websockets.connect(
            url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT_S,
        ) as websocket:
            client = Session(websocket)
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


async def run(app_root: Path, sessions: int, seconds: float) -> dict:
    server, url = start_server(app_root)
    results: dict = {"response_ms": [], "errors": []}
    try:
        results["rss_mb_before"] = _rss_mb(server.pid)
        loaded = [asyncio.Event() for _ in range(sessions)]
        window = {"start": asyncio.Event(), "stop": 0.0}
        tasks = [asyncio.create_task(session(url, i, window, event, results)) for i, event in enumerate(loaded)]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--app-root", type=Path, default=ROOT, help="the checkout to serve (to compare commits)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.seconds <= MAX_SECONDS:
        raise SystemExit(f"--sessions 1-{MAX_SESSIONS} and --seconds 1-{MAX_SECONDS}")
    results = asyncio.run(run(args.app_root.resolve(), args.sessions, args.seconds))
    times = sorted(results["response_ms"])
    summary = {
        "app_root": str(args.app_root),
        "sessions": args.sessions,
        "seconds": args.seconds,
        "moves": len(times),
        "errors": len(results["errors"]),
        "median_ms": round(statistics.median(times)) if times else None,
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))]) if times else None,
        "reruns_per_s": round(len(times) / args.seconds, 2),
        "server_cpu_ms_per_move": round(1000 * results["server_cpu_s"] / len(times), 1) if times else None,
        **{key: round(value) for key, value in results.items() if key.startswith("rss_mb")},
        "load_average": [round(value, 1) for value in os.getloadavg()],
    }
    print(json.dumps(summary))
    for error in list(dict.fromkeys(results["errors"]))[:10]:
        print("error:", error, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({**summary, "error_messages": results["errors"][:50]}, indent=2))


if __name__ == "__main__":
    main()
