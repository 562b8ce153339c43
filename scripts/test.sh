#!/usr/bin/env bash
# Everything on a fresh machine: Debian packages for the browser, PDF and proxy tests (chromium,
# poppler-utils, nginx-light) and the Chinese briefing PDF (fonts-noto-cjk), then the venv and Python packages, then pytest. Extra arguments go to pytest (e.g. `bash scripts/test.sh
# tests/unit -x`). pytest's exit code is kept, so a run that collects no test fails (exit 5).
set -euo pipefail
cd "$(dirname "$0")/.."
DEBIAN_PACKAGES=(chromium poppler-utils nginx-light fonts-noto-cjk)
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK-* >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        # Another apt process may hold the dpkg lock on a fresh machine: wait for it.
        apt-get -o DPkg::Lock::Timeout=300 update -qq
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Debian packages needed for the browser, PDF, font and proxy tests: sudo apt-get install ${DEBIAN_PACKAGES[*]}" >&2
        exit 1
    fi
fi
source scripts/setup.sh
exec "$VENV/bin/python" -m pytest "$@"
