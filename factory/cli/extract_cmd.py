"""The ``extract`` command: scope records and auth findings of one official document.

Thin: loading, detection and extraction live in ``factory.extract``. Unreadable or
unrecognised input raises a ``FactoryError`` (``ExtractionError``/``FetchError``) that
``factory.cli.main`` turns into one ``error: ...`` line and exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factory.textsafe import terminal_safe

if TYPE_CHECKING:  # loaded inside the command, so --help stays fast
    from rich.console import Console
    from rich.text import Text

    from factory.models import ExtractionResult

FORMATS = (
    "auto", "html", "markdown", "asciidoc", "rst", "template",
    "openapi", "google-discovery", "oidc", "json", "stone", "raml", "code",
)  # fmt: skip


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(FORMATS)}")
    return value


def _cell(value: str | None) -> Text:
    # Text, not a markup string: scraped descriptions may hold "[bold]" and must show as is;
    # escape sequences and control characters from the page never reach the terminal.
    from rich.text import Text

    return Text("" if value is None else terminal_safe(value))


#: The narrowest the other columns may get beside the scope names before the table gives
#: way to one block per scope.
MIN_OTHER_COLUMNS = 40


def render_table(result: ExtractionResult, console: Console) -> None:
    """Print an extraction result as readable tables (scopes, auth methods, warnings).

    Scope names are never broken (``no_wrap``): a scope name is the product, and a name cut
    in two cannot be copied. When the terminal is too narrow for the longest name beside
    the other columns, each scope is printed as a block instead (name on its own line).
    """
    from rich.table import Table
    from rich.text import Text

    console.print(Text(terminal_safe(f"{result.source}  (format: {result.format})"), style="bold"))
    longest = max((len(rec.scope_name) for rec in result.scopes), default=5)
    if longest + MIN_OTHER_COLUMNS > console.width:
        _render_blocks(result, console)
    else:
        table = Table(title=f"{len(result.scopes)} scope(s)", expand=True)
        # Locators stay out of the table (they are long); --json carries them.
        table.add_column("scope", no_wrap=True, min_width=longest)
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


def _render_blocks(result: ExtractionResult, console: Console) -> None:
    """One block per scope: the name alone on a line (soft-wrapped by the terminal only)."""
    from rich.padding import Padding
    from rich.text import Text

    console.print(Text(f"{len(result.scopes)} scope(s)", style="bold"))
    for rec in result.scopes:
        console.print(Text(terminal_safe(rec.scope_name), style="bold"), soft_wrap=True)
        notes = " / ".join(v for v in (rec.version, rec.kind, rec.section) if v)
        for line in (rec.description, notes):
            if line:
                console.print(Padding(Text(terminal_safe(line)), (0, 0, 0, 4)))


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
            help="Source kind (auto detects it): " + ", ".join(FORMATS) + ".",
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
    from rich.console import Console

    from factory import detect_format, extract_document, load_source
    from factory.extract.detect import decode_text
    from factory.extract.markdown import extract_markdown_text

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
