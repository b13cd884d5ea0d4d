"""Every command and every option of the CLI has help text (a command without it is a defect)."""

from __future__ import annotations

import typer.main

from factory.cli import app

EXPECTED_COMMANDS = {
    *("build", "contract", "extract", "notebook", "providers", "validate"),
    *("batch", "diff"),  # the fleet
    "least-privilege",
}


def test_every_command_and_parameter_has_help() -> None:
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert set(commands) == EXPECTED_COMMANDS
    missing = [
        f"{name}: {param.name}"
        for name, command in commands.items()
        for param in command.params
        if not getattr(param, "help", None)
    ]
    assert missing == []
    assert all(command.help for command in commands.values())
