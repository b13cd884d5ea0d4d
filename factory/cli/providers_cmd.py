"""The ``providers`` command: list the curated provider catalog.

Thin: loading and validation live in ``factory.catalog``. An invalid catalog raises a
``CatalogError`` (a ``ResearchError``) that ``factory.cli.main`` turns into one clear message
and exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # loaded inside the command, so --help stays fast
    from rich.console import Console

    from factory.catalog import CatalogEntry


def render_providers(entries: tuple[CatalogEntry, ...], console: Console) -> None:
    """Print the catalog as one table row per provider (``--json`` carries every field)."""
    from rich.table import Table
    from rich.text import Text

    # Slugs and platform keys are names to copy: never broken across lines. They share one
    # column (slug above platform) so that display names keep room at 80 columns.
    table = Table(title=f"{len(entries)} provider(s) in the catalog", expand=True)
    table.add_column("name", overflow="fold", ratio=3)
    table.add_column("slug / platform", no_wrap=True)
    table.add_column("auth methods", overflow="fold", ratio=3)
    table.add_column("sources", justify="right", no_wrap=True)
    table.add_column("channel", no_wrap=True)
    for entry in entries:
        table.add_row(
            Text(entry.display_name),
            Text(f"{entry.slug}\n{entry.platform}"),
            Text(", ".join(entry.auth_methods)),
            str(len(entry.sources)),
            Text(entry.utm_channel or "-"),
        )
    console.print(table)


def providers_command(
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the catalog as a JSON list (sources, domains, auth, UTM, facts_from).",
        ),
    ] = False,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            help="Read this catalog YAML instead of the packaged one (it is validated first).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """List every provider in the curated catalog."""
    from rich.console import Console

    from factory.catalog import load_entries

    entries = load_entries(catalog)
    if as_json:
        items = [entry.to_dict() for entry in entries]
        typer.echo(json.dumps(items, indent=2, ensure_ascii=False))
    else:
        render_providers(entries, Console(highlight=False, soft_wrap=False))


def register(app: typer.Typer) -> None:
    """Add the ``providers`` command to the app."""
    app.command(
        "providers",
        help="List the curated provider catalog: names, slugs, platform keys, auth methods, "
        "official sources and UTM channel.",
    )(providers_command)
