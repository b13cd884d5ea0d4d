"""The ``connector-factory`` command line: a thin layer over the library.

Each command group lives in its own module and registers itself on the shared Typer app.
Library errors (``FactoryError``) become one clear message and exit code 1 here, at the
boundary; usage errors exit 2; success exits 0.

Start-up matters for a command people type: the command modules import only Typer and the
shared options at the top, and load the library (pandas, httpx, lxml ...) inside the command
that needs it, so ``--help`` and a rejected name answer in a fraction of a second. Help is
Click's plain text (``rich_markup_mode=None``): flags show as flags and rich is not loaded.
"""

from __future__ import annotations

import sys

import typer

from factory.cli import (
    batch_cmd,
    build_cmd,
    contract_cmd,
    diff_cmd,
    extract_cmd,
    notebook_cmd,
    privilege_cmd,
    providers_cmd,
)
from factory.textsafe import terminal_safe

app = typer.Typer(
    name="connector-factory",
    help="Turn a provider name into an evidence-backed draft connector contract.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

for _module in (
    contract_cmd,
    extract_cmd,
    build_cmd,
    providers_cmd,
    notebook_cmd,
    diff_cmd,
    batch_cmd,
    privilege_cmd,
):
    _module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script; turns expected failures into exit code 1."""
    from factory.errors import FactoryError

    try:
        app(args=argv, prog_name="connector-factory")
    except FactoryError as exc:
        # Messages quote URLs and page text: no escape sequence reaches the terminal.
        typer.echo(terminal_safe(f"error: {exc}"), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
