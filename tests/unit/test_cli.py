import pytest

from scenarios.cli import build_parser, main


def test_help_lists_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "COMMAND" in capsys.readouterr().out


def test_unknown_command_exits_2():
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["no-such-command"])
    assert exit_info.value.code == 2


def test_a_closed_pipe_is_not_a_traceback():
    import os
    import subprocess
    import sys
    from pathlib import Path

    source = str(Path(__file__).resolve().parents[2] / "src")
    command = [sys.executable, "-m", "scenarios", "weights", "--kind", "W1"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": source}
    )
    process.stdout.close()  # the reader is gone before the first write, like `| head -0`
    stderr = process.stderr.read().decode()
    assert process.wait() == 0 and "Traceback" not in stderr, stderr
