"""`python -m scenarios --help` lists every command without importing any of them (no pandas, numpy,
scipy or matplotlib), and each command's help line is its module's ``HELP``."""

import importlib
import json
import subprocess
import sys

from scenarios import cli


def test_help_imports_no_command_and_no_heavy_library():
    probe = (
        "import sys, json; from scenarios.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pandas', 'numpy', 'scipy', 'matplotlib', 'streamlit'} or m.startswith('scenarios.cli.'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == []
    for name in cli._command_modules():
        assert name in result.stdout


def test_every_command_has_a_help_line_and_uses_it():
    parser = cli.build_parser()
    listed = {action.dest: action.help for action in parser._subparsers._group_actions[0]._choices_actions}
    for name in cli._command_modules():
        module = importlib.import_module(f"scenarios.cli.{name}")
        assert module.HELP and cli._help_of(name) == module.HELP
        assert listed[name] == module.HELP


def test_running_a_command_imports_only_that_command():
    probe = (
        "import sys; from scenarios.cli import main\n"
        "main(['weights', '--kind', 'contiguity'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('scenarios.cli.')), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "['scenarios.cli.weights']"
