"""The ``providers`` command: list the curated provider catalog.

Thin: loading and validation live in ``factory.research.catalog``. An invalid catalog raises a
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

    from factory.research.catalog import CatalogEntry, CatalogSource
    from factory.research.catalog_check import SourceCheck
    from factory.research.catalog_lint import LintReport


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
    table.add_column("sources: role, proof", overflow="fold", ratio=4)
    table.add_column("channel", no_wrap=True)
    for entry in entries:
        table.add_row(
            Text(entry.display_name),
            Text(f"{entry.slug}\n{entry.platform}"),
            Text(", ".join(entry.auth_methods)),
            Text("\n".join(source_line(s) for s in entry.sources) or "-"),
            Text(entry.utm_channel or "-"),
        )
    console.print(table)


def source_line(source: CatalogSource) -> str:
    """One source as the table shows it: role, proof (or "unverified"), host."""
    from urllib.parse import urlsplit

    proof = f"{source.verified_by} {source.verified_at}" if source.verified else "UNVERIFIED"
    return f"{source.role or '(no role)'}: {proof} - {urlsplit(source.url).hostname}"


def render_lint(report: LintReport, console: Console) -> None:
    """Print the lint: errors, unverified sources, then the counts."""
    from rich.text import Text

    for error in report.errors:
        console.print(Text(f"error: {error}"))
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}"))
    roles = ", ".join(f"{role} {n}" for role, n in report.roles) or "none"
    console.print(
        Text(
            f"{report.providers} provider(s), {report.sources} source(s) ({roles}); "
            f"{report.proven} proven, {len(report.unverified)} unverified; "
            f"{len(report.errors)} error(s)"
        )
    )


def render_checks(checks: list[SourceCheck], console: Console) -> None:
    """Print one row per checked source: provider, URL, verdict, detail."""
    from rich.table import Table
    from rich.text import Text

    problems = sum(1 for c in checks if c.verdict != "ok")
    table = Table(title=f"{len(checks)} source(s) checked, {problems} need attention", expand=True)
    table.add_column("provider", overflow="fold", ratio=2)
    table.add_column("verdict", no_wrap=True)
    table.add_column("url / detail", overflow="fold", ratio=6)
    for check in checks:
        table.add_row(
            Text(check.provider), Text(check.verdict), Text(f"{check.url}\n{check.detail}")
        )
    console.print(table)


def providers_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Providers to list or check (name, slug or alias); default: all.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Fetch every catalog source and report moved, dead and scope-less pages "
            "(exit 1 when any needs attention).",
        ),
    ] = False,
    lint: Annotated[
        bool,
        typer.Option(
            "--lint",
            help="Check the catalog offline: every entry's shape, source roles and proof "
            "fields, official domains, duplicates (exit 1 on any error); prints the counts.",
        ),
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the catalog (or the check) as a JSON list (sources, domains, auth, "
            "UTM, facts_from).",
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
    """List every provider in the curated catalog, check its sources with --check, or lint
    it offline with --lint."""
    from rich.console import Console

    from factory.research.catalog_check import select_entries

    console = Console(highlight=False, soft_wrap=False)
    if lint:
        from factory.research.catalog_lint import lint_catalog

        report = lint_catalog(catalog)
        if as_json:
            typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            render_lint(report, console)
        if not report.ok:
            raise typer.Exit(1)
        return
    entries = select_entries(names or (), catalog)
    if not check:
        if as_json:
            typer.echo(json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False))
        else:
            render_providers(tuple(entries), console)
        return
    from factory.research.catalog_check import check_sources
    from factory.research.pipeline import trusted_hosts
    from factory.research.reach import hosts_of, require_network

    trusted = trusted_hosts()
    hosts = hosts_of(s.url for e in entries for s in e.sources)
    require_network(
        [h for h in hosts if h not in trusted], "providers --check fetches every source live."
    )
    checks = check_sources(entries, trusted_hosts=trusted)
    if as_json:
        typer.echo(json.dumps([c.to_dict() for c in checks], indent=2, ensure_ascii=False))
    else:
        render_checks(checks, console)
    if any(c.verdict != "ok" for c in checks):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``providers`` command to the app."""
    app.command(
        "providers",
        help="List the curated provider catalog: names, slugs, platform keys, auth methods, "
        "official sources with their role and proof, and UTM channel; --check fetches every "
        "source and reports moved, dead and scope-less pages; --lint checks the catalog "
        "offline.",
    )(providers_command)
