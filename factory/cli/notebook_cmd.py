"""``connector-factory notebook PROVIDER``: run the research notebook headless.

Exit codes: 0 the notebook ran and the contract was saved; 1 the run failed (the partial
notebook and its HTML export are kept, the failing cell's error is printed); 2 bad usage.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

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


def notebook(
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
    document_deadline: DocumentDeadlineOption = None,
    build_deadline: BuildDeadlineOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help=(
                "Executed notebook path (default {evidence}/{PLATFORM}/{PLATFORM}_research.ipynb)."
            ),
        ),
    ] = None,
    as_json: JsonOption = False,
    timeout: Annotated[
        int, typer.Option("--timeout", min=1, help="Seconds allowed per notebook cell.")
    ] = 300,
) -> None:
    """Run the research notebook headless: research, check and save, with the executed
    notebook and its HTML export kept as shareable evidence."""
    check_usage(provider, source=source, replay=replay, search=search, render=render)
    options = research_options(
        source=source, replay=replay, offline=offline, search=search, decisions=decisions,
        contracts_dir=contracts_dir, evidence_dir=evidence_dir, template=template, schema=schema,
        render=render, render_timeout=render_timeout, link_depth=link_depth,
        max_linked_pages=max_linked_pages, document_deadline=document_deadline,
        build_deadline=build_deadline,
    )  # fmt: skip
    from factory import FactoryError, Report, run_notebook
    from factory.safeload import loads_json

    try:
        run = run_notebook(provider, options, output=output, timeout=timeout)
    except FactoryError as exc:
        typer.echo(terminal_safe(f"error: {exc}"), err=True)
        raise typer.Exit(1) from exc
    if run.contract_path is None:
        typer.echo(f"notebook: {run.notebook_path}", err=True)
        typer.echo("error: the notebook ran but no contract was saved", err=True)
        raise typer.Exit(1)
    report = (
        Report.from_dict(loads_json(run.report_path.read_text(encoding="utf-8")))
        if run.report_path is not None
        else None
    )
    if as_json:
        data = report.to_dict() if report is not None else {"contract_path": str(run.contract_path)}
        data.update(notebook=str(run.notebook_path), html=str(run.html_path))
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if report is not None:
        typer.echo(terminal_safe(report.to_text()), nl=False)
    else:
        typer.echo(f"Contract: {run.contract_path}")
    typer.echo(f"Notebook: {run.notebook_path}")
    typer.echo(f"HTML: {run.html_path}")


def register(app: typer.Typer) -> None:
    """Add the ``notebook`` command to the app."""
    app.command(name="notebook", help=notebook.__doc__)(notebook)
