"""One evidence transaction: write a run whole, save the contract, then publish the run.

:func:`commit_run` is the only place a run is written; ``build`` and the notebook's Save both
call it, so a run made in JupyterLab is complete and published exactly like one from the CLI.
Under the provider's lock (:func:`factory.evidence.runs.provider_lock`) it settles what a
killed process left (:func:`~factory.evidence.runs.recover`), begins a new run folder, writes
the documents, ``sources.json``, the scope checklist, ``decisions.json`` and
``operations.json``, saves the contract
(recording the commit intent just before the write), writes ``report.json`` and publishes the
run. A refused save (approved contract) marks the run ``refused``; any other failure marks it
``failed`` (or publishes it when its contract was already saved); ``latest`` never moves then.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock

from factory.atomic import atomic_write
from factory.contract.decisions import Decisions, write_decisions
from factory.contract.store import SaveResult, save_contract
from factory.errors import ApprovedContractError, EvidenceError, FactoryError
from factory.evidence.operations import OperationsEvidence
from factory.evidence.report import PREVIOUS_CONTRACT, Report
from factory.evidence.runs import EvidenceRun, begin_run, provider_lock, recover, settle
from factory.evidence.store import (
    redact,
    save_documents,
    write_checklist,
    write_operations,
    write_report,
    write_sources,
)
from factory.faults import fault_point
from factory.models import Document, Provider, SearchResult


@dataclass(frozen=True, slots=True, eq=False)
class Draft:
    """What a run commits besides its evidence: the contract and what is written with it.

    Attributes:
        contract: the contract to save.
        checklist_rows: the scope checklist's rows (the table's rows, annotated or not).
        scope_count: the contract's scope count (recorded in the index).
        report: builds the run's report once the contract is saved.
        decisions: the researcher's decisions, written to ``decisions.json`` when given.
        operations: the operations the documents state, written to ``operations.json``.
    """

    contract: dict[str, Any]
    checklist_rows: Sequence[Mapping[str, Any]]
    scope_count: int
    report: Callable[[SaveResult], Report]
    decisions: Decisions | None = None
    operations: OperationsEvidence | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Committed:
    """A published run: the save, its report and the run folder."""

    save: SaveResult
    report: Report
    folder: Path


@dataclass(frozen=True, slots=True, eq=False)
class Target:
    """Where and how the contract is saved (see :func:`factory.contract.store.save_contract`)."""

    contracts_dir: str | Path | None = None
    template: dict[str, Any] | None = None
    schema: dict[str, Any] | None = None


def commit_run(
    folder: Path,
    provider: Provider,
    documents: Sequence[Document],
    draft: Draft | FactoryError,
    *,
    sources: Sequence[SearchResult],
    annotations: Mapping[str, Any] | None = None,
    target: Target | None = None,
    env: Mapping[str, str] | None = None,
    redactions: Mapping[str, Mapping[str, Any]] | None = None,
) -> Committed:
    """Write a new run of ``folder`` (the provider's evidence folder) and publish it.

    Args:
        folder: the provider's evidence folder (``{root}/{PLATFORM}``).
        provider: the provider (names the checklist).
        documents: the fetched documents, stored byte for byte (secrets redacted).
        draft: what to commit; a ``FactoryError`` (the research failed) still leaves the
            evidence written, in a run marked ``failed``, and is raised.
        sources: the search results recorded in ``sources.json``.
        annotations: the researcher's labels for ``sources.json``.
        target: the contracts folder, template and schema for the save.
        env: the environment for secret redaction.
        redactions: redaction records already made by the caller, by URL.

    Raises:
        ApprovedContractError: the saved contract is not a draft (run marked ``refused``).
        EvidenceError: the provider's lock timed out, or a file could not be written.
        FactoryError: ``draft`` itself, or any save error (run marked ``failed``).
    """
    target = target or Target()
    with _locked(folder):
        recover(folder)
        run = begin_run(folder, documents)
        try:
            return _write(
                run, provider, documents, draft, sources, annotations, target, env, redactions
            )
        except ApprovedContractError as exc:
            run.fail(str(exc), outcome="refused")
            raise
        except BaseException as exc:
            settle(run, f"{type(exc).__name__}: {exc}")
            raise


def _write(
    run: EvidenceRun,
    provider: Provider,
    documents: Sequence[Document],
    draft: Draft | FactoryError,
    sources: Sequence[SearchResult],
    annotations: Mapping[str, Any] | None,
    target: Target,
    env: Mapping[str, str] | None,
    redactions: Mapping[str, Mapping[str, Any]] | None,
) -> Committed:
    fault_point("evidence:before")
    save_documents(run.folder, documents, env=env, redactions=redactions)
    write_sources(run.folder, sources, annotations=annotations, env=env)
    fault_point("evidence:after")
    if isinstance(draft, FactoryError):
        raise draft
    write_checklist(
        run.folder, provider.display_name, provider.platform, draft.checklist_rows, env=env
    )
    if draft.decisions is not None:  # the researcher's decisions are evidence of the run
        write_decisions(run.folder, draft.decisions)
    if draft.operations is not None:  # what each operation needs: least-privilege answers
        write_operations(run.folder, draft.operations.to_dict(), env=env)
    saved = save_contract(
        draft.contract, contracts_dir=target.contracts_dir, template=target.template,
        schema=target.schema,
        before_write=lambda path, text: run.commit_intent(path, text, draft.scope_count),
        keep_previous=lambda text: atomic_write(
            run.folder / PREVIOUS_CONTRACT, redact(text, env).encode("utf-8")
        ),
    )  # fmt: skip
    report = draft.report(saved)
    write_report(run.folder, report.to_dict(), env=env)
    run.publish()
    return Committed(saved, report, run.folder)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """The provider's lock over evidence and contract, as an ``EvidenceError`` on timeout."""
    try:
        with provider_lock(folder):
            yield
    except filelock.Timeout as exc:
        raise EvidenceError(str(folder), "timed out waiting for the provider's lock") from exc
