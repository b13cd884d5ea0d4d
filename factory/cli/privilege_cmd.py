"""The ``least-privilege`` command: the fewest, narrowest scopes for the operations a
connector will call.

Thin: the operations come from :mod:`factory.research.privilege_source` and the answer from
:func:`factory.research.least_privilege.least_privilege`. An operation that is not found or
that no declared scope grants is a ``PrivilegeError``: one ``error: ...`` line, exit 1.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from factory.cli.extract_cmd import FORMATS
from factory.cli.options import EvidenceDirOption
from factory.textsafe import terminal_safe


def least_privilege_command(
    source: Annotated[
        str,
        typer.Argument(
            help="A spec or Discovery document (file or URL), or a provider name (its latest "
            "published evidence run).",
            show_default=False,
        ),
    ],
    operation: Annotated[
        list[str],
        typer.Option(
            "--operation",
            "-o",
            help="An operation the connector calls: an operationId, a Discovery method id or "
            '"METHOD /path". Repeat for several.',
            show_default=False,
        ),
    ],
    format_: Annotated[
        str,
        typer.Option("--format", "-f", help="Source kind of a document (auto detects it)."),
    ] = "auto",
    evidence_dir: EvidenceDirOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print {scopes, scope_details, operations, document_operations} as JSON.",
        ),
    ] = False,
) -> None:
    """The smallest, then narrowest, set of scopes that grants every chosen operation."""
    from factory.research.least_privilege import least_privilege
    from factory.research.privilege_source import (
        is_document_source,
        operations_from_document,
        operations_from_provider,
    )

    if format_ not in FORMATS:
        raise typer.BadParameter(f"{format_!r} is not one of: {', '.join(FORMATS)}")
    if is_document_source(source):
        found = operations_from_document(source, format_=format_)
    else:
        found, _folder = operations_from_provider(source, evidence_dir=evidence_dir)
    answer = least_privilege(found.operations, operation, found.descriptions)
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), indent=2, ensure_ascii=True))
    else:
        typer.echo("\n".join(terminal_safe(line) for line in answer.lines()))


def register(app: typer.Typer) -> None:
    """Add the ``least-privilege`` command to the app."""
    app.command(
        "least-privilege",
        help="The smallest, then narrowest, set of scopes that lets a connector call the "
        "given operations, with every alternative and why the chosen one won.",
    )(least_privilege_command)
