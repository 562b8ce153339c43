#!/usr/bin/env bash
# Everything on a fresh machine: venv and packages, then the app on the built-in (synthetic) demo panel.
# Extra arguments go to `streamlit run` (e.g. `--server.port 8502`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
exec "$VENV/bin/streamlit" run streamlit_app.py "$@"
