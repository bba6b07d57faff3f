"""Words a command does not take (`mia list id:40`, `mia show 40 41`), and every other usage
error (an unknown option, a missing id, a value of the wrong kind, an unknown command): one
plain message for every command, saying what it takes and what to type, never click's
"Usage: … Try 'mia … -h' for help." block."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mia.cli import app

runner = CliRunner()


def mia(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("command", [["list"], ["stats"], ["trash"], ["doctor"], ["reindex"], ["conflicts"], ["list", "--json"]])
@pytest.mark.parametrize("typed", ["id:40", "40", "mia_review_40"])
def test_a_review_named_to_a_command_taking_no_id_says_how_to_read_it(command, typed):
    result = mia(*command, typed)
    assert result.exit_code == 2
    name = f"mia {command[0]}"
    assert result.stderr == (
        f"Error: {name} takes options only, no words: {typed} is not for it.\n"
        "To read review 40: mia show 40\n"
        f"`{name} -h` says what it takes.\n")
    assert result.stdout == ""


def test_words_to_a_command_taking_none_are_named_without_a_review_hint():
    result = mia("lexicon", "add", "ITP", "anemia")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: mia lexicon add takes options only, no words: ITP anemia are not for it.\n"
        "`mia lexicon add -h` says what it takes.\n")


@pytest.mark.parametrize("extra", ["41", "id:41"])
def test_a_second_review_to_a_command_taking_one_says_one_at_a_time(extra):
    result = mia("show", "40", extra)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: mia show takes ID and nothing more: {extra} is left over.\n"
        "One review at a time: mia show 41\n"
        "`mia show -h` says what it takes.\n")


def test_a_word_beyond_what_a_command_takes_names_what_it_takes():
    result = mia("diff", "40", "V0", "V1", "V2")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: mia diff takes ID [OLD [NEW]] and nothing more: V2 is left over.\n"
        "`mia diff -h` says what it takes.\n")


def test_every_command_is_built_to_refuse_words_so():
    """The rule holds for every command, those of the groups (lexicon, results) included, and
    for those naming their own class (search, forest)."""
    import typer.main
    from typer.core import TyperGroup

    from mia.cli.app import MiaCommand, MiaGroup

    root = typer.main.get_command(app)
    assert isinstance(root, MiaGroup)
    ctx = typer.Context(root)
    commands = []
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        if isinstance(command, TyperGroup):
            commands += [command.get_command(ctx, sub) for sub in command.list_commands(ctx)]
        else:
            commands.append(command)
    assert len(commands) >= 25
    assert [command.name for command in commands if not isinstance(command, MiaCommand)] == []


@pytest.mark.parametrize("typed, said, example, where", [
    (["doctor", "--json"], "No such option: --json", "Example: mia doctor", "mia doctor -h` says what it takes"),
    (["cite", "40", "--jsn"], "No such option: --jsn", "Example: mia cite 40 --format bibtex", "mia cite -h` says what it takes"),
    (["show"], "Missing argument 'ID'.", "Example: mia show 40", "mia show -h` says what it takes"),
    (["list", "--limit", "x"], "Invalid value for '--limit' / '-n': 'x' is not a valid int.",
     "Example: mia list --journal NEJM", "mia list -h` says what it takes"),
    (["list", "-n"], "Option '-n' requires an argument.", "Example: mia list --journal NEJM", "mia list -h` says what it takes"),
    (["lexicon", "shw", "ITP"], "No such command 'shw'. Did you mean 'show'?", "Example: mia lexicon show ITP",
     "mia lexicon -h` lists its commands"),
    (["sho", "40"], "No such command 'sho'. Did you mean 'show'?", "Example: mia add data/reviews/", "mia -h` lists its commands"),
    (["--stroe", "x", "list"], "No such option: --stroe (Possible options: --store)", "Example: mia add data/reviews/",
     "mia -h` lists its commands"),
])
def test_a_usage_error_is_said_plainly_with_the_commands_example(typed, said, example, where):
    result = mia(*typed)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: {said}"
    assert lines[1].startswith(example) and lines[2] == f"`{where}."
    assert "Usage:" not in result.stderr and "Try '" not in result.stderr


def test_mia_or_a_group_alone_still_prints_its_help():
    for typed in (["lexicon"], []):
        result = mia(*typed)
        assert result.exit_code == 2 and "Usage: mia" in result.output and "Commands:" in result.output
