#!/usr/bin/env bash
# Everything on a fresh machine: venv, Python packages, Debian chromium for the browser tests, then pytest.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh tests/unit -x`). pytest's exit code is kept,
# so a run that collects no test fails (exit 5).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "Debian's chromium is needed for the browser tests: sudo apt-get install chromium" >&2
        exit 1
    fi
fi
exec "$VENV/bin/python" -m pytest "$@"
