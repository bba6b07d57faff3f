"""The lazily loaded commands (`mia.cli.app.COMMANDS`): the table names every command each
module registers, `mia --help` lists them all, and running one command imports only its module."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

from typer.main import get_command_name
from typer.testing import CliRunner

from mia.cli.app import COMMANDS, app

CLI = Path(__file__).resolve().parents[2] / "src" / "mia" / "cli"
COMMAND_MODULES = sorted(p.stem for p in CLI.glob("*.py") if p.stem not in {"__init__", "app", "render", "pager"})


def test_the_table_names_each_command_with_the_module_that_registers_it():
    for module in COMMAND_MODULES:
        importlib.import_module(f"mia.cli.{module}")
    registered = {info.name or get_command_name(info.callback.__name__): info.callback.__module__ for info in app.registered_commands}
    registered |= {info.name: info.typer_instance.registered_commands[0].callback.__module__ for info in app.registered_groups}
    assert {name: f"mia.cli.{module}" for name, module in COMMANDS.items()} == registered
    assert set(COMMANDS.values()) == set(COMMAND_MODULES)


def test_help_lists_every_command_in_the_tables_order():
    result = CliRunner().invoke(app, ["--help"])
    listed = [line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == list(COMMANDS)


def test_a_command_imports_only_its_own_module(tmp_path):
    code = ("import sys; from mia.cli import main; sys.argv = ['mia'] + sys.argv[1:]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('mia.cli.')))")
    env = dict(os.environ, MIA_STORE=str(tmp_path / "store.json"), MIA_OFFLINE="1")
    done = subprocess.run([sys.executable, "-c", code, "search", "ITP"], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.splitlines()[-1] == "['mia.cli.app', 'mia.cli.render', 'mia.cli.search_commands']"
    done = subprocess.run([sys.executable, "-c", code, "--version"], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.splitlines()[-1] == "['mia.cli.app']"


def test_a_typo_still_gets_a_suggestion():
    result = CliRunner().invoke(app, ["sarch", "x"])
    assert result.exit_code == 2
    assert "Did you mean 'search'?" in result.output


def test_the_help_table_says_what_each_commands_docstring_says():
    """`mia --help` lists the commands from COMMAND_HELP without importing them: the table must
    say what the commands themselves say, at every width."""
    import typer

    from mia.cli.app import COMMAND_HELP, make_default_short_help

    group = typer.main.get_command(app)
    ctx = group.make_context("mia", [], resilient_parsing=True)
    actual = {name: (group.get_command(ctx, name).help or "").split("\n\n")[0].strip() for name in COMMANDS}
    table = "\n".join(f"    {name!r}: {text!r}," for name, text in actual.items())
    assert COMMAND_HELP == actual, f"paste this as COMMAND_HELP in src/mia/cli/app.py:\n{table}"
    for name in COMMANDS:
        command = group.get_command(ctx, name)
        for limit in (30, 45, 60, 120):
            assert make_default_short_help(COMMAND_HELP[name], limit) == command.get_short_help_str(limit)


def test_mia_help_imports_no_command_module(tmp_path):
    code = ("import sys; from mia.cli import main; sys.argv = ['mia', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('mia.cli.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "['mia.cli.app']"
    assert "Commands:" in done.stdout and "stats" in done.stdout
