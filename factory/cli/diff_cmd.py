"""``connector-factory diff``: what changed between two contracts, two runs, or a provider's runs.

``diff OLD NEW`` takes contract files and/or evidence folders (a run folder, or a provider
folder meaning its latest published run); ``diff PROVIDER`` compares the provider's last two
published runs and, when its contract is no longer a draft, says how far behind the provider
that contract is. Unreadable input is an ``EvidenceError``: one message, exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factory.cli.options import ContractsDirOption, EvidenceDirOption, JsonOption
from factory.textsafe import terminal_safe

if TYPE_CHECKING:  # factory.fleet.diff loads the pipeline: inside the command, not for --help
    from factory.fleet.diff import Diff


def provider_diffs(
    name: str, *, evidence_dir: Path | None = None, contracts_dir: Path | None = None
) -> list[Diff]:
    """The diffs ``diff PROVIDER`` shows: last two runs, and a non-draft contract vs the latest.

    Raises:
        EvidenceError: no published run, or a single run and no approved contract to compare.
    """
    from factory.contract.naming import contract_path
    from factory.contract.store import resolve_contracts_dir
    from factory.errors import EvidenceError
    from factory.evidence.runs import last_two_runs, read_run
    from factory.evidence.store import default_evidence_dir
    from factory.fleet.diff import contract_snapshot, diff_snapshots, run_snapshot
    from factory.research.catalog import resolve_provider

    provider = resolve_provider(name)
    folder = default_evidence_dir(provider.platform, evidence_dir)
    diffs: list[Diff] = []
    problem: EvidenceError | None = None
    try:
        previous, latest = last_two_runs(folder)
        diffs.append(diff_snapshots(run_snapshot(previous), run_snapshot(latest)))
    except EvidenceError as exc:
        problem = exc
    contract = contract_path(provider.display_name, resolve_contracts_dir(contracts_dir))
    if contract.is_file():
        kept = contract_snapshot(contract)
        if kept.status not in (None, "draft"):
            try:
                diffs.append(diff_snapshots(kept, run_snapshot(read_run(folder))))
            except EvidenceError as exc:
                problem = problem or exc
    if not diffs and problem is not None:
        raise problem
    return diffs


def diff_command(
    old: Annotated[
        str,
        typer.Argument(
            help="A contract file or evidence folder; alone, a provider name (its last two runs)."
        ),
    ],
    new: Annotated[
        str | None, typer.Argument(help="The newer contract file or evidence folder.")
    ] = None,
    evidence_dir: EvidenceDirOption = None,
    contracts_dir: ContractsDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show scopes added, removed, renamed, reworded, re-versioned or retyped, per source URL."""
    from factory.fleet.diff import diff_snapshots, snapshot_of

    if new is None:
        if Path(old).exists():
            raise typer.BadParameter(
                "give two contracts or evidence folders, or one provider name", param_hint="OLD"
            )
        diffs = provider_diffs(old, evidence_dir=evidence_dir, contracts_dir=contracts_dir)
    else:
        diffs = [diff_snapshots(snapshot_of(old), snapshot_of(new))]
    if as_json:
        data = [d.to_dict() for d in diffs]
        # ASCII-escaped, so no raw control from a page reaches the terminal
        typer.echo(json.dumps(data[0] if new is not None else data, indent=2, ensure_ascii=True))
        return
    typer.echo(terminal_safe("\n".join(d.to_text() for d in diffs)), nl=False)


def register(app: typer.Typer) -> None:
    """Add the ``diff`` command to the app."""
    app.command("diff")(diff_command)
