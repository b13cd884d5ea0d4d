"""``build``: one research session, then one evidence transaction.

:func:`build` runs :class:`~factory.research.session.ResearchSession` (the only composition
of the stages, which the notebook runs too) and commits what it planned through
:func:`factory.evidence.publish.commit_run`: under the provider's lock a new run folder is
written whole, the contract is saved, and only then is the run published; a refused or failed
build leaves its run marked so and nothing else changed. ``replay_dir`` re-runs from an
evidence folder with no network; the contract is byte-identical to the live run's.

The stage functions (``resolve``, ``find_sources``, ``extract_all`` ...) stay importable from
here for callers of the earlier API; they live in :mod:`factory.research.stages`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from factory.contract.decisions import Decisions
from factory.contract.store import SaveResult
from factory.errors import FactoryError
from factory.evidence.operations import operations_evidence
from factory.evidence.publish import Draft, Target, commit_run
from factory.evidence.report import Report, build_report, candidate_entries
from factory.models import Document, ExtractionResult, Provider
from factory.options import ResearchOptions, with_overrides
from factory.research.fetch import Progress
from factory.research.search import SearchOutcome
from factory.research.session import Plan, ResearchSession
from factory.research.stages import MAX_WARNING_NOTES as MAX_WARNING_NOTES
from factory.research.stages import NON_SCOPE_METHODS as NON_SCOPE_METHODS
from factory.research.stages import REPLAY_BACKEND as REPLAY_BACKEND
from factory.research.stages import TRUSTED_HOSTS_ENV as TRUSTED_HOSTS_ENV
from factory.research.stages import USER_BACKEND as USER_BACKEND
from factory.research.stages import auth_method_from as auth_method_from
from factory.research.stages import default_backends as default_backends
from factory.research.stages import extract_all as extract_all
from factory.research.stages import fetch_requests as fetch_requests
from factory.research.stages import fetch_sources as fetch_sources
from factory.research.stages import find_sources as find_sources
from factory.research.stages import make_table as make_table
from factory.research.stages import redact_documents as redact_documents
from factory.research.stages import replay_search as replay_search
from factory.research.stages import research_notes as research_notes
from factory.research.stages import resolve as resolve
from factory.research.stages import trusted_hosts as trusted_hosts

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True, eq=False)
class BuildResult:
    """Everything one ``build`` produced, for the CLI, the notebook and tests."""

    provider: Provider
    report: Report
    contract: dict[str, Any]
    save: SaveResult
    evidence_dir: Path
    table: pd.DataFrame
    search: SearchOutcome
    documents: tuple[Document, ...]
    results: tuple[ExtractionResult, ...]


def build(
    name: str,
    options: ResearchOptions | None = None,
    *,
    http_client: Any = None,
    on_progress: Progress | None = None,
    fetch_transport: httpx.AsyncBaseTransport | None = None,
    decisions: str | Path | Decisions | None = None,
    **fields: Any,
) -> BuildResult:
    """Research a provider and save its draft contract with the evidence, in one call.

    Args:
        name: the provider's name ("TikTok").
        options: every research option (see :class:`~factory.options.ResearchOptions`).
        http_client, on_progress, fetch_transport: see
            :class:`~factory.research.session.ResearchSession`.
        decisions: a decisions file, or decisions already loaded (instead of
            ``options.decisions``).
        **fields: :class:`ResearchOptions` fields overriding ``options`` (``sources=``,
            ``offline=`` ...; ``fetch_settings=`` is ``fetch=``).

    Raises:
        ResearchError: no official source found or fetched, the deadline passed, or no
            scopes and no evidence of a scope-less auth method (naming everything tried).
        FactoryError: any stage's own error (template, contract, naming ...).
    """
    if isinstance(decisions, str | Path):
        fields["decisions"], decisions = decisions, None
    options = with_overrides(options, fields)
    session = ResearchSession(
        name, options, http_client=http_client, on_progress=on_progress,
        fetch_transport=fetch_transport,
    )  # fmt: skip
    if decisions is not None:
        session.use_decisions(decisions)
    for step in (session.resolve, session.search, session.fetch, session.expand, session.redact):
        step()  # nothing is written if these fail
    try:  # a failed plan still leaves its evidence, in a run marked failed (commit_run raises)
        plan: Plan | FactoryError = session.run()
    except FactoryError as exc:
        plan = exc
    draft = plan if isinstance(plan, FactoryError) else _draft(plan, session)
    committed = commit_run(
        session.folder, session.provider, session.documents, draft,
        sources=session.recorded_sources(), annotations=session.annotations(),
        target=Target(options.contracts_dir, session.checked.template, session.checked.schema),
        env=session.env, redactions=session.redact().records,
    )  # fmt: skip
    assert isinstance(plan, Plan)  # a FactoryError was raised by commit_run
    return BuildResult(
        session.provider, committed.report, plan.contract, committed.save, committed.folder,
        plan.table, session.search(), session.documents, plan.results,
    )  # fmt: skip


def _draft(plan: Plan, session: ResearchSession) -> Draft:
    """What a build commits (see :func:`factory.evidence.publish.commit_run`)."""
    decided = plan.decided  # the standing decisions as applied
    return Draft(
        plan.contract, plan.table.to_dict("records"), len(plan.records),
        report=lambda saved: build_report(
            plan.contract, saved.path, list(plan.records),
            sources=list(dict.fromkeys(d.url for d in session.documents)),  # a DOM shares its URL
            auth_method=plan.method, notes=list(plan.notes), changes=saved.changes,
            decisions=decided.to_dict() if decided is not None else None,
            candidates=candidate_entries(plan.table.to_dict("records")),
        ),
        decisions=decided,
        operations=operations_evidence(plan.results),
    )  # fmt: skip
