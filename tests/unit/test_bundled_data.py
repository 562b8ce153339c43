"""Damaged bundled data files: one message naming the file (CLI exit 2, the app's page), never a traceback."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios import paths

ROOT = Path(__file__).resolve().parents[2]


def _damaged_copy(tmp_path: Path, name: str, how: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    content = (data / name).read_bytes()
    (data / name).write_bytes(content[: len(content) // 2] if how == "truncated" else b"\x00garbage\x01" * 50)
    return data


def test_the_recorded_checksums_match_the_bundled_files():
    paths.check_bundled()


DAMAGE = [
    ("demo_panel.csv", "truncated", ["project", "--anchors", "demo", "--draws", "100"]),
    ("provinces.csv", "truncated", ["weights", "--kind", "W3"]),
    ("contiguity.csv", "garbage", ["weights", "--kind", "W3"]),
    ("provinces.geojson", "truncated", ["weights", "--kind", "W1"]),
]


@pytest.mark.parametrize("name, how, argv", DAMAGE)
def test_a_damaged_bundled_file_is_one_message_and_exit_2(tmp_path, name, how, argv):
    data = _damaged_copy(tmp_path, name, how)
    check = "from scenarios import paths; paths.check_bundled()" if name == "provinces.geojson" else None
    command = [sys.executable, "-c", check] if check else [sys.executable, "-m", "scenarios", *argv]
    env = {**os.environ, "SCENARIOS_DATA_DIR": str(data), "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if check:  # the map file is read by the app only: the check the app runs names it
        assert result.returncode == 1 and f"data/{name}" in result.stderr and "damaged" in result.stderr
        return
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: file data/{name}: the bundled data file is damaged")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_app_shows_a_damaged_file_on_the_page(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(paths, "DATA_DIR", _damaged_copy(tmp_path, "provinces.csv", "truncated"))
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not app.exception
    assert len(app.error) == 1 and "data/provinces.csv" in app.error[0].value and "damaged" in app.error[0].value
