"""The README stays true: every CLI command and option is documented, and the two commands exist."""

import re
from pathlib import Path

import click

from qcbrand.cli import cli
from qcbrand.intake import COLUMNS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "qcbrand") -> list[str]:
    out = []
    for name, command in group.commands.items():
        out.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            out.extend(commands(command, f"{prefix} {name}"))
    return out


def test_every_command_is_in_the_readme() -> None:
    for command in commands(cli):
        assert command in README, command


def test_every_import_column_is_in_the_readme() -> None:
    for kind, columns in COLUMNS.items():
        assert f"`{kind}`" in README, kind
        for column in columns:
            assert f"`{column.rstrip('*')}`" in README, (kind, column)


def test_the_two_commands_exist_and_ci_runs_the_test_one() -> None:
    run, test = re.findall(r"^bash (scripts/\S+\.sh)$", README, re.M)[:2]
    assert (REPO / run).exists() and (REPO / test).exists()
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8")
