"""The ``providers`` command: list the curated provider catalog.

Thin: loading and validation live in ``factory.catalog``. An invalid catalog raises a
``CatalogError`` (a ``ResearchError``) that ``factory.cli.main`` turns into one clear message
and exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from factory import CatalogEntry, load_entries


def render_providers(entries: tuple[CatalogEntry, ...], console: Console) -> None:
    """Print the catalog as one table row per provider (``--json`` carries every field)."""
    table = Table(title=f"{len(entries)} provider(s) in the catalog", expand=True)
    table.add_column("name", overflow="fold", ratio=3)
    table.add_column("slug", overflow="fold", ratio=3)
    table.add_column("platform", overflow="fold", ratio=3)
    table.add_column("auth methods", overflow="fold", ratio=3)
    table.add_column("#sources", justify="right", no_wrap=True)
    table.add_column("channel", overflow="fold", ratio=2)
    for entry in entries:
        table.add_row(
            Text(entry.display_name),
            Text(entry.slug),
            Text(entry.platform),
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
