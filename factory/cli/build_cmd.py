"""``connector-factory build PROVIDER``: research a provider and save its draft contract.

A thin layer over :func:`factory.research.pipeline.build`: options in, the report out (every scope
verbatim, the exact contract path, the source URLs, the evidence run folder). A progress bar
on stderr follows the fetching. What reaches the terminal has factory secrets redacted and
control/escape sequences dropped (``factory.textsafe``). Expected failures are
``FactoryError`` subclasses, printed as ``error: ...`` with exit code 1 by the CLI wrapper.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from factory.cli.options import (
    BuildDeadlineOption,
    ContractsDirOption,
    DecisionsOption,
    DocumentDeadlineOption,
    EvidenceDirOption,
    JsonOption,
    LinkDepthOption,
    LinkPagesOption,
    OfflineOption,
    ProviderArg,
    RenderOption,
    RenderTimeoutOption,
    ReplayOption,
    SchemaOption,
    SearchOption,
    SourceOption,
    TemplateOption,
    check_usage,
    research_options,
)
from factory.textsafe import terminal_safe

if TYPE_CHECKING:
    from tqdm import tqdm


class ProgressBar:
    """A tqdm bar on stderr, made on the first fetched URL (a build that fetches nothing,
    offline or replayed, never loads tqdm); call it as ``on_progress(done, total, url)``."""

    def __init__(self) -> None:
        self._bar: tqdm | None = None

    def __call__(self, done: int, total: int, url: str) -> None:
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc="fetching", unit="doc", leave=False, disable=None)
        if self._bar.total != total:
            self._bar.reset(total=total)
        self._bar.n = done
        self._bar.set_postfix_str(terminal_safe(url)[-60:], refresh=False)
        self._bar.refresh()

    def close(self) -> None:
        """Remove the bar (if one was shown)."""
        if self._bar is not None:
            self._bar.close()


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
    render: RenderOption = "auto",
    render_timeout: RenderTimeoutOption = 20.0,
    link_depth: LinkDepthOption = 1,
    max_linked_pages: LinkPagesOption = 20,
    as_json: JsonOption = False,
    document_deadline: DocumentDeadlineOption = None,
    build_deadline: BuildDeadlineOption = None,
) -> None:
    """Research PROVIDER's official docs and save a draft contract with its evidence."""
    check_usage(provider, source=source, replay=replay, search=search, render=render)
    options = research_options(
        source=source, replay=replay, offline=offline, search=search, decisions=decisions,
        contracts_dir=contracts_dir, evidence_dir=evidence_dir, template=template, schema=schema,
        render=render, render_timeout=render_timeout, link_depth=link_depth,
        max_linked_pages=max_linked_pages, document_deadline=document_deadline,
        build_deadline=build_deadline,
    )  # fmt: skip
    # The library loads here, not for --help or usage errors.
    from factory import build
    from factory.evidence.store import redact

    bar = ProgressBar()
    try:
        result = build(provider, options, on_progress=bar)
    finally:
        bar.close()
    from factory.fleet.diff import since_previous  # after the build: it loads the table (pandas)

    since = since_previous(result.evidence_dir)  # the provider's previous published run
    if as_json:
        data = {**result.report.to_dict(), "evidence_dir": str(result.evidence_dir)}
        data["diff_since_previous_run"] = since.to_dict() if since is not None else None
        typer.echo(redact(json.dumps(data, indent=2, ensure_ascii=True)))  # no raw controls
        return
    text = result.report.to_text() + f"Evidence: {result.evidence_dir} (published as latest)\n"
    waiting = len(result.report.candidates)
    if waiting:
        text += (
            f"{waiting} candidate scope(s) await review: include the real ones in the check "
            "(or list them under 'included' in a --decisions file)\n"
        )
    if since is not None:
        text += f"Since the previous run:\n{since.to_text()}"
    typer.echo(terminal_safe(redact(text)), nl=False)


def register(app: typer.Typer) -> None:
    """Add the ``build`` command to the app."""
    app.command("build")(build_command)
