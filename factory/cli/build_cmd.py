"""``connector-factory build PROVIDER``: research a provider and save its draft contract.

A thin layer over :func:`factory.pipeline.build`: options in, the report out (every scope
verbatim, the exact contract path, the source URLs, the evidence folder). A progress bar on
stderr follows the fetching. Expected failures are ``FactoryError`` subclasses, printed as
``error: ...`` with exit code 1 by the CLI wrapper.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from factory import build


def _progress_bar() -> tuple[tqdm, object]:
    """A tqdm bar on stderr and the ``on_progress`` callback that drives it."""
    bar = tqdm(total=0, desc="fetching", unit="doc", leave=False, disable=None)

    def on_progress(done: int, total: int, url: str) -> None:
        if bar.total != total:
            bar.reset(total=total)
        bar.n = done
        bar.set_postfix_str(url[-60:], refresh=False)
        bar.refresh()

    return bar, on_progress


def build_command(
    provider: Annotated[str, typer.Argument(help='The provider\'s name, e.g. "TikTok".')],
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            help="An official URL or a local file/folder to use instead of searching "
            "(repeatable; URLs given here are trusted).",
        ),
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option("--replay", help="Re-run from an evidence folder, with no network."),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="No network: only --source files or --replay.")
    ] = False,
    search: Annotated[
        list[str] | None,
        typer.Option("--search", help="A search backend (repeatable; default: catalog)."),
    ] = None,
    contracts_dir: Annotated[
        Path | None, typer.Option("--contracts-dir", help="Where the contract is saved.")
    ] = None,
    evidence_dir: Annotated[
        Path | None,
        typer.Option(
            "--evidence-dir",
            help="Evidence root; this provider's folder is ROOT/PLATFORM "
            "(default outputs/evidence).",
        ),
    ] = None,
    template: Annotated[
        Path | None, typer.Option("--template", help="A contract template file.")
    ] = None,
    schema: Annotated[
        Path | None, typer.Option("--schema", help="A JSON Schema for the contract.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (plus evidence_dir).")
    ] = False,
) -> None:
    """Research PROVIDER's official docs and save a draft contract with its evidence."""
    bar, on_progress = _progress_bar()
    try:
        result = build(
            provider,
            sources=tuple(source or ()),
            replay_dir=replay,
            offline=offline,
            backends=tuple(search or ("catalog",)),
            contracts_dir=contracts_dir,
            evidence_dir=evidence_dir,
            template=template,
            schema=schema,
            on_progress=on_progress,  # type: ignore[arg-type]
        )
    finally:
        bar.close()
    if as_json:
        data = {**result.report.to_dict(), "evidence_dir": str(result.evidence_dir)}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(result.report.to_text(), nl=False)
    typer.echo(f"Evidence: {result.evidence_dir}")


def register(app: typer.Typer) -> None:
    """Add the ``build`` command to the app."""
    app.command("build")(build_command)
