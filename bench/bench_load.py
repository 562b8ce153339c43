"""Load test: N browser sessions moving the explorer's slider at once, for a fixed time, on loopback.

    PYTHONPATH=src python bench/bench_load.py --sessions 5 --seconds 60

Starts ``streamlit run streamlit_app.py`` on a free port of 127.0.0.1 (nothing else is ever contacted:
the script refuses any other address), opens N sessions in Debian's chromium (one browser, one context
per session: no shared cookies or storage), and in each moves the national technology-import growth
slider one step at a time (5.0 -> 5.5 -> 6.0, then left and right in turn between 5.5 and 6.0 % a year)
until the time is up; every session moves for the same window, after all of them have loaded.

A move's response time runs from the key press to the moment the browser's address bar carries the new
value: the app writes the URL at the end of the script run the move caused (``state.sync_query``), so this
is the full round trip (websocket message, rerun, projection, drawing, URL update). A move that gets no
response within 60 s, an exception element on the page, or a page error counts as an error.

Reports: moves, errors, median and 95th-percentile response (ms), and the server's resident memory
(VmRSS of the streamlit process) before the sessions open, after the first page loads, and at the end.
Bounded: at most 20 sessions and 600 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAX_SESSIONS, MAX_SECONDS = 20, 600
RESPONSE_TIMEOUT_MS = 60_000
SLIDER = "Technology-import growth, national"
VALUES = ("5.5", "6")  # the URL's g: right from 5.0 to 5.5, right to 6.0, then left and right in turn


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` of the checkout at ``root`` on a free loopback port, once it answers; its URL."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(root / "streamlit_app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("streamlit did not start within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


async def _wait_for_run(page) -> None:
    await page.wait_for_selector('[data-testid="stMain"]', timeout=RESPONSE_TIMEOUT_MS)
    await page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && document.querySelector('[data-testid="stMetricValue"]')""",
        timeout=RESPONSE_TIMEOUT_MS * 3,
    )


async def session(browser, url: str, window: dict, loaded: asyncio.Event, results: dict) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.on("pageerror", lambda error: results["errors"].append(f"page error: {error}"))
    try:
        await page.goto(f"{url}/explorer", timeout=RESPONSE_TIMEOUT_MS * 3)
        await _wait_for_run(page)
        loaded.set()
        await window["start"].wait()
        slider = page.locator('[data-testid="stSlider"]').filter(has_text=SLIDER).get_by_role("slider")
        move = 0
        while time.monotonic() < window["stop"]:
            await slider.focus()
            expected = VALUES[move % 2]
            started = time.perf_counter()
            await slider.press("ArrowRight" if move == 0 or move % 2 else "ArrowLeft")
            try:
                await page.wait_for_function(
                    f"() => new URLSearchParams(location.search).get('g') === '{expected}'", timeout=RESPONSE_TIMEOUT_MS
                )
                results["response_ms"].append((time.perf_counter() - started) * 1000)
            except Exception as error:  # noqa: BLE001 - a lost move is what we count
                results["errors"].append(
                    f"no response to a move within {RESPONSE_TIMEOUT_MS} ms ({type(error).__name__})"
                )
                await _wait_for_run(page)
            move += 1
        if await page.locator('[data-testid="stException"]').count():
            results["errors"].append("an exception is shown on the page")
    except Exception as error:  # noqa: BLE001
        results["errors"].append(f"session failed: {type(error).__name__}: {error}"[:300])
        loaded.set()
    finally:
        await context.close()


async def run(sessions: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    server, url = start_server()
    results: dict = {"sessions": sessions, "seconds": seconds, "response_ms": [], "errors": []}
    try:
        results["rss_mb_before"] = _rss_mb(server.pid)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            loaded = [asyncio.Event() for _ in range(sessions)]
            window = {"start": asyncio.Event(), "stop": 0.0}
            tasks = [asyncio.create_task(session(browser, url, window, event, results)) for event in loaded]
            await asyncio.wait_for(asyncio.gather(*(event.wait() for event in loaded)), timeout=600)
            results["rss_mb_loaded"] = _rss_mb(server.pid)
            window["stop"] = time.monotonic() + seconds  # every session moves for the same window
            window["start"].set()
            await asyncio.sleep(seconds)
            results["rss_mb_end_of_window"] = _rss_mb(server.pid)
            await asyncio.gather(*tasks)
            await browser.close()
        results["rss_mb_after"] = _rss_mb(server.pid)
    finally:
        stop_server(server)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.seconds <= MAX_SECONDS:
        raise SystemExit(f"--sessions 1-{MAX_SESSIONS} and --seconds 1-{MAX_SECONDS}")
    results = asyncio.run(run(args.sessions, args.seconds))
    times = sorted(results["response_ms"])
    summary = {
        "sessions": args.sessions,
        "seconds": args.seconds,
        "moves": len(times),
        "errors": len(results["errors"]),
        "median_ms": round(statistics.median(times)) if times else None,
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))]) if times else None,
        **{key: round(value) for key, value in results.items() if key.startswith("rss_mb")},
        "load_average": os.getloadavg(),
    }
    print(json.dumps(summary, indent=2))
    for error in dict.fromkeys(results["errors"]):
        print("error:", error, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({**summary, "error_messages": results["errors"]}, indent=2))


if __name__ == "__main__":
    main()
