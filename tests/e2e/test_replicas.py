"""Horizontal scaling as docs/deploy.md describes it: two app replicas behind nginx (deploy/nginx.conf,
upstream rewritten to loopback ports), on loopback only. A browser works through the proxy, and a share
link made on one replica opens the same scenario on the other."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from .conftest import TIMEOUT_MS, serve_app, wait_for_app

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settled_metrics(page) -> list[str]:
    """The explorer's headline numbers once the page has drawn all of them and they stop changing
    (Streamlit draws a rerun's elements as they arrive)."""
    metrics = page.locator('[data-testid="stMetricValue"]')
    metrics.first.wait_for(timeout=TIMEOUT_MS)
    deadline, previous = time.monotonic() + TIMEOUT_MS / 1000, None
    while time.monotonic() < deadline:
        wait_for_app(page)
        current = metrics.all_inner_texts()
        if current == previous and len(current) >= 5:
            return current
        previous = current
        page.wait_for_timeout(500)
    return previous or []


@pytest.fixture(scope="module")
def replicas_behind_nginx(tmp_path_factory):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (Debian nginx-light; scripts/test.sh installs it)")
    work = tmp_path_factory.mktemp("nginx")
    with ExitStack() as stack:
        urls = [stack.enter_context(serve_app(tmp_path_factory.mktemp(f"replica{i}"))) for i in range(2)]
        port = _free_port()
        servers = "\n".join(f"        server {url.removeprefix('http://')};" for url in urls)
        conf = (ROOT / "deploy" / "nginx.conf").read_text()
        conf = re.sub(r"        server app:8501;[^\n]*", servers, conf)
        conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{port};")
        conf = conf.replace("pid /tmp/nginx-scenarios.pid;", f"pid {work}/nginx.pid;\nerror_log {work}/error.log;")
        conf = conf.replace(
            "http {",
            f"http {{\n    access_log {work}/access.log;\n    client_body_temp_path {work};"
            f"\n    proxy_temp_path {work};",
            1,
        )
        (work / "nginx.conf").write_text(conf)
        proxy = subprocess.Popen(
            [nginx, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"], stderr=subprocess.PIPE
        )
        stack.callback(proxy.wait, 15)
        stack.callback(proxy.terminate)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proxy.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"nginx did not start: {proxy.stderr.read().decode() if proxy.poll() is not None else 'timeout'}"
                    )
                time.sleep(0.3)
        yield url, urls


def test_the_app_works_through_the_proxy_and_any_replica_opens_a_link(replicas_behind_nginx, new_page):
    proxy_url, replica_urls = replicas_behind_nginx
    page = new_page()
    page.goto(f"{proxy_url}/share?g=11&h=2040")
    wait_for_app(page)  # the websocket runs through the proxy
    link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert link.startswith(f"{proxy_url}/explorer?") and "g=11" in link
    query = link.split("?", 1)[1]
    values = []
    for replica in replica_urls:
        opened = new_page()
        opened.goto(f"{replica}/explorer?{query}")
        wait_for_app(opened)
        values.append(_settled_metrics(opened))
    assert values[0] == values[1]
