"""Options shared by several commands, declared once so their names and help never drift."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ProviderArg = Annotated[str, typer.Argument(help='The provider\'s name, e.g. "TikTok".')]
SourceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        help="An official URL or a local file/folder to use instead of searching "
        "(repeatable; URLs given here are trusted).",
    ),
]
ReplayOption = Annotated[
    Path | None,
    typer.Option("--replay", help="Re-run from an evidence folder's manifest, with no network."),
]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="No network: only --source files or --replay.")
]
SearchOption = Annotated[
    list[str] | None,
    typer.Option(
        "--search",
        help="A search backend (repeatable): catalog, ddgs, brave, searxng. Default: the "
        "catalog, or web search for a provider the catalog has no source for.",
    ),
]
ContractsDirOption = Annotated[
    Path | None,
    typer.Option(
        "--contracts-dir",
        help="Folder for the contract; default: $CONNECTOR_FACTORY_CONTRACTS_DIR, "
        "else outputs/contracts.",
        file_okay=False,
    ),
]
EvidenceDirOption = Annotated[
    Path | None,
    typer.Option(
        "--evidence-dir",
        help="Evidence root; this provider's folder is ROOT/PLATFORM (default outputs/evidence).",
        file_okay=False,
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="Your own contract template (JSON); default: the project's template.",
        dir_okay=False,
    ),
]
SchemaOption = Annotated[
    Path | None,
    typer.Option(
        "--schema",
        help="JSON Schema (2020-12) for the template; default: the project's schema with the "
        "project's template, none with your own template (its structure is then the check).",
        dir_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as a JSON object.")]
DocumentDeadlineOption = Annotated[
    float,
    typer.Option(
        "--document-deadline",
        help="Seconds one document may take in all (retries and redirects included).",
        min=0.1,
    ),
]
BuildDeadlineOption = Annotated[
    float,
    typer.Option(
        "--build-deadline",
        help="Seconds the build may spend searching and fetching in all.",
        min=0.1,
    ),
]
DecisionsOption = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        help="A researcher's decisions file (JSON: excluded scopes, scope_types, renamed ...; "
        "e.g. the decisions.json a notebook Save wrote) applied before the contract is built.",
        dir_okay=False,
    ),
]
