#!/usr/bin/env bash
# Creates the virtual environment (.venv, or $VENV) and installs the app, the library and the test tools.
# Sourced by scripts/test.sh and scripts/run-app.sh; safe to run again (it only adds what is missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .
