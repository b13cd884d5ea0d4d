"""``connector-factory build PROVIDER``: research a provider and save its draft contract.

A thin layer over :func:`factory.pipeline.build`: options in, the report out (every scope
verbatim, the exact contract path, the source URLs, the evidence run folder). A progress bar
on stderr follows the fetching. What reaches the terminal has factory secrets redacted and
control/escape sequences dropped (``factory.textsafe``). Expected failures are
``FactoryError`` subclasses, printed as ``error: ...`` with exit code 1 by the CLI wrapper.
"""

from __future__ import annotations

import json

import typer
from tqdm import tqdm

from factory import build
from factory.cli.options import (
    BuildDeadlineOption,
    ContractsDirOption,
    DecisionsOption,
    DocumentDeadlineOption,
    EvidenceDirOption,
    JsonOption,
    OfflineOption,
    ProviderArg,
    ReplayOption,
    SchemaOption,
    SearchOption,
    SourceOption,
    TemplateOption,
)
from factory.diff import since_previous
from factory.evidence import redact
from factory.fetch import FetchSettings
from factory.textsafe import terminal_safe

_DEFAULTS = FetchSettings()


def _progress_bar() -> tuple[tqdm, object]:
    """A tqdm bar on stderr and the ``on_progress`` callback that drives it."""
    bar = tqdm(total=0, desc="fetching", unit="doc", leave=False, disable=None)

    def on_progress(done: int, total: int, url: str) -> None:
        if bar.total != total:
            bar.reset(total=total)
        bar.n = done
        bar.set_postfix_str(terminal_safe(url)[-60:], refresh=False)
        bar.refresh()

    return bar, on_progress


def build_command(
    provider: ProviderArg,
    source: SourceOption = None,
    replay: ReplayOption = None,
    offline: OfflineOption = False,
    search: SearchOption = None,
    contracts_dir: ContractsDirOption = None,
    evidence_dir: EvidenceDirOption = None,
    template: TemplateOption = None,
    schema: SchemaOption = None,
    decisions: DecisionsOption = None,
    as_json: JsonOption = False,
    document_deadline: DocumentDeadlineOption = _DEFAULTS.document_deadline,
    build_deadline: BuildDeadlineOption = _DEFAULTS.total_deadline,
) -> None:
    """Research PROVIDER's official docs and save a draft contract with its evidence."""
    bar, on_progress = _progress_bar()
    try:
        result = build(
            provider,
            sources=tuple(source or ()),
            replay_dir=replay,
            offline=offline,
            backends=tuple(search) if search else None,
            contracts_dir=contracts_dir,
            evidence_dir=evidence_dir,
            template=template,
            schema=schema,
            decisions=decisions,
            on_progress=on_progress,  # type: ignore[arg-type]
            fetch_settings=FetchSettings(
                document_deadline=document_deadline, total_deadline=build_deadline
            ),
        )
    finally:
        bar.close()
    since = since_previous(result.evidence_dir)  # the provider's previous published run
    if as_json:
        data = {**result.report.to_dict(), "evidence_dir": str(result.evidence_dir)}
        data["diff_since_previous_run"] = since.to_dict() if since is not None else None
        typer.echo(redact(json.dumps(data, indent=2, ensure_ascii=True)))  # no raw controls
        return
    text = result.report.to_text() + f"Evidence: {result.evidence_dir} (published as latest)\n"
    if since is not None:
        text += f"Since the previous run:\n{since.to_text()}"
    typer.echo(terminal_safe(redact(text)), nl=False)


def register(app: typer.Typer) -> None:
    """Add the ``build`` command to the app."""
    app.command("build")(build_command)
