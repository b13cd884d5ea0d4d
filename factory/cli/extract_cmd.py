"""The ``extract`` command: scope records and auth findings of one official document.

Thin: loading, detection and extraction live in ``factory.extract``. Unreadable or
unrecognised input raises a ``FactoryError`` (``ExtractionError``/``FetchError``) that
``factory.cli.main`` turns into one ``error: ...`` line and exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from factory import ExtractionResult, detect_format, extract_document, load_source
from factory.extract.detect import decode_text
from factory.extract.markdown import extract_markdown_text
from factory.textsafe import terminal_safe

FORMATS = (
    "auto", "html", "markdown", "asciidoc", "rst", "template",
    "openapi", "google-discovery", "oidc", "json", "stone",
)  # fmt: skip


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(FORMATS)}")
    return value


def _cell(value: str | None) -> Text:
    # Text, not a markup string: scraped descriptions may hold "[bold]" and must show as is;
    # escape sequences and control characters from the page never reach the terminal.
    return Text("" if value is None else terminal_safe(value))


def render_table(result: ExtractionResult, console: Console) -> None:
    """Print an extraction result as readable tables (scopes, auth methods, warnings)."""
    console.print(Text(f"{result.source}  (format: {result.format})", style="bold"))
    table = Table(title=f"{len(result.scopes)} scope(s)", expand=True)
    # Locators stay out of the table (they are long); --json carries them.
    table.add_column("scope", overflow="fold", ratio=2)
    table.add_column("description", overflow="fold", ratio=4)
    table.add_column("version / kind", overflow="fold", ratio=1)
    table.add_column("section", overflow="fold", ratio=2)
    for rec in result.scopes:
        notes = " / ".join(v for v in (rec.version, rec.kind) if v)
        table.add_row(
            _cell(rec.scope_name), _cell(rec.description), _cell(notes), _cell(rec.section)
        )
    console.print(table)
    if result.auth:
        auth = Table(title="auth methods documented", expand=True)
        auth.add_column("method")
        auth.add_column("evidence", overflow="fold")
        for finding in result.auth:
            auth.add_row(_cell(finding.method), _cell(finding.evidence))
        console.print(auth)
    for warning in result.warnings:
        console.print(Text(terminal_safe(f"warning: {warning}"), style="yellow"))


def extract_command(
    source: Annotated[
        str,
        typer.Argument(
            help="A document file, a folder of .stone files, or an http(s) URL to fetch.",
            show_default=False,
        ),
    ],
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Source kind: " + ", ".join(FORMATS) + " (auto detects it).",
            callback=_check_format,
        ),
    ] = "auto",
    source_url: Annotated[
        str | None,
        typer.Option(
            "--source-url",
            help="The official URL the file was taken from; recorded on every record.",
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print {source, format, scopes, auth, warnings} as a JSON object."
        ),
    ] = False,
    includes: Annotated[
        Path | None,
        typer.Option(
            "--includes",
            help="Markdown only: a folder to resolve Liquid {% data ... %} includes from "
            "(a docs checkout's root, holding data/variables, data/reusables ...).",
            file_okay=False,
            exists=True,
        ),
    ] = None,
) -> None:
    """Extract every OAuth scope (verbatim) and the documented auth methods from SOURCE."""
    doc = load_source(source, source_url=source_url)
    # Detection runs once: here only when --includes needs the kind, else in extract_document.
    kind = format_ if includes is None or format_ != "auto" else detect_format(doc)
    if includes is not None and kind in ("markdown", "mdx"):
        result = extract_markdown_text(
            decode_text(doc), source_url=doc.final_url or doc.url, includes_root=includes
        )
    else:
        result = extract_document(doc, format_)  # "auto" detects again, keeping its warnings
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=True))  # no raw controls
    else:
        render_table(result, Console(highlight=False, soft_wrap=False))


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command to the app."""
    app.command(
        "extract",
        help="Extract every OAuth scope (verbatim) and the documented auth methods from one "
        "official document: a file, a Stone folder or a URL.",
    )(extract_command)
