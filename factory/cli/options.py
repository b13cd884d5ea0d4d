"""Options shared by several commands, declared once so their names and help never drift."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

# The one function that turns the CLI's research options into ``ResearchOptions`` lives on
# the ground floor, so the notebook's parameters go through the very same function.
from factory.options import research_options as research_options

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
    bool,
    typer.Option("--offline", help="No network: only --source files or --replay."),
]
SearchOption = Annotated[
    list[str] | None,
    typer.Option(
        "--search",
        help="A search backend (repeatable): catalog, ddgs, brave, searxng. Default: the "
        "catalog and web search (ddgs; brave and searxng when configured). "
        "--search catalog keeps the catalog alone.",
    ),
]
RenderOption = Annotated[
    str,
    typer.Option(
        "--render",
        help="Render pages in headless Chromium: auto (JavaScript-only pages), always "
        "(every HTML page) or never.",
    ),
]
RenderTimeoutOption = Annotated[
    float,
    typer.Option("--render-timeout", min=1, help="Seconds one page may take to render."),
]
LinkDepthOption = Annotated[
    int,
    typer.Option(
        "--link-depth",
        min=0,
        help="How many steps of official scope links to follow from the fetched pages (0: none).",
    ),
]
LinkPagesOption = Annotated[
    int,
    typer.Option("--max-linked-pages", min=0, help="The most pages link following may add."),
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
# The deadlines default to None (FetchSettings' own defaults, stated in the help): the option
# module stays free of factory.research.fetch and httpx, so --help loads neither.
DocumentDeadlineOption = Annotated[
    float | None,
    typer.Option(
        "--document-deadline",
        help="Seconds one document may take in all (retries and redirects included; default 60).",
        min=0.1,
        show_default=False,
    ),
]
BuildDeadlineOption = Annotated[
    float | None,
    typer.Option(
        "--build-deadline",
        help="Seconds the build may spend searching, fetching, rendering and following links in "
        "all (default 100).",
        min=0.1,
        show_default=False,
    ),
]
DecisionsOption = Annotated[
    str | None,
    typer.Option(
        "--decisions",
        help="The researcher's decisions applied before the contract is built (default: those "
        "of the provider's latest published run). A decisions FILE (JSON: excluded scopes, "
        "scope_types, renamed ...; e.g. the decisions.json a notebook Save wrote), or 'none' to "
        "start fresh.",
        show_default=False,
    ),
]


def check_usage(
    provider: str,
    *,
    source: list[str] | None,
    replay: Path | None,
    search: list[str] | None,
    render: str = "auto",
) -> None:
    """Reject a bad name and contradictory or unknown options before the library loads.

    Raises:
        NamingError: the provider name is unusable (exit 1, like every library error).
        typer.BadParameter: a ``--search`` backend is unknown (a usage error, exit 2).
        typer.BadParameter: ``--replay`` together with ``--source``, or an unknown
            ``--render`` mode (exit 2).
    """
    from factory.contract.naming import provider_names

    provider_names(provider)
    if replay is not None and source:
        raise typer.BadParameter(
            "it re-runs recorded evidence and cannot take --source too", param_hint="--replay"
        )
    if render not in ("auto", "always", "never"):
        raise typer.BadParameter(
            f"{render!r} is not one of auto, always, never", param_hint="--render"
        )
    if search:
        from factory.research.search import backend_names  # the registry is the one list of names

        unknown = [name for name in search if name not in backend_names()]
        if unknown:
            raise typer.BadParameter(
                f"unknown backend {', '.join(unknown)} (known: {', '.join(backend_names())})",
                param_hint="--search",
            )
