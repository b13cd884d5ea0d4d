"""The notebook's evidence run: kept in memory until Save, then committed like ``build``.

The workbench fetches, extracts and lets people label and check the scopes without writing a
file. Each Save of the check (:class:`~factory.workbench.review.ContractReview` with ``commit=``
:meth:`WorkbenchRun.commit`) commits one new evidence run through
:func:`factory.evidence.publish.commit_run`: the documents, ``sources.json`` with the annotations,
the
annotated scope checklist, ``decisions.json``, the contract (saved with its commit intent),
``report.json`` with the decisions, then the run is published as the provider's ``latest``.
A refused Save (approved contract) leaves a run marked ``refused`` and ``latest`` untouched.
:meth:`WorkbenchRun.report_text` is the report of the latest Save with the diff against the
provider's previous published run (:func:`factory.fleet.diff.since_previous`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factory.contract.decisions import Decisions, apply_decisions
from factory.contract.store import SaveResult
from factory.evidence.operations import OperationsEvidence, operations_evidence
from factory.evidence.publish import Committed, Draft, Target, commit_run
from factory.evidence.report import Report, build_report, candidate_entries
from factory.evidence.standing import StandingDecisions, resolve_decisions
from factory.evidence.store import default_evidence_dir, load_redactions, load_sources
from factory.models import Document, Provider, SearchResult
from factory.research.annotate import (
    annotated_rows,
    check_annotations,
    default_source_annotations,
)
from factory.research.table import table_records

if TYPE_CHECKING:
    import pandas as pd

    from factory.research.session import ResearchSession
    from factory.workbench.review import ContractReview

NOT_SAVED = "Not saved yet: press Save in section 7."


@dataclass(eq=False)
class WorkbenchRun:
    """One notebook session's evidence and the runs its Saves commit.

    Args:
        provider: the resolved provider.
        documents: the fetched (or replayed) documents, in fetch order.
        candidates: the search results kept (official and leads), for ``sources.json``.
        table: the scope table the check starts from.
        auth_method: the contract's auth method.
        notes: the research notes for the report.
        redactions: the redaction records of ``documents`` (see
            :func:`factory.research.pipeline.redact_documents`), kept in the run's manifest.
        evidence_dir: the evidence root (the provider folder is ``{root}/{PLATFORM}``).
        replay_dir: the evidence folder replayed, whose recorded search results are kept.
        contracts_dir, template, schema: where and against what the contract is saved
            (see :func:`factory.contract.store.save_contract`).
        operations: the operations the documents state, for ``operations.json``; ``None``
            reads them from the documents at the first Save (as ``build`` does).
        chosen_operations: the operations the connector will call (the least-privilege
            section), recorded in the decisions of every Save.
    """

    provider: Provider
    documents: Sequence[Document]
    candidates: Sequence[SearchResult]
    table: pd.DataFrame
    auth_method: str
    notes: Sequence[str] = ()
    redactions: Mapping[str, Mapping[str, Any]] | None = None
    evidence_dir: str | Path | None = None
    replay_dir: str | Path | None = None
    contracts_dir: str | Path | None = None
    template: dict[str, Any] | None = None
    schema: dict[str, Any] | None = None
    annotations: dict[str, dict[str, dict[str, str]]] = field(
        default_factory=lambda: {"sources": {}, "scopes": {}}
    )
    last: Committed | None = None
    operations: OperationsEvidence | None = None
    _operations_read: bool = field(default=False, repr=False)
    chosen_operations: tuple[str, ...] = ()

    @classmethod
    def from_session(cls, session: ResearchSession) -> WorkbenchRun:
        """The run of a research session after its last step (``plan``): the same
        documents, candidates, table, auth method and notes ``build`` would commit."""
        plan, o = session.plan(), session.options
        return cls(
            session.provider, session.documents, session.candidates, session.table(),
            plan.method, notes=plan.notes, redactions=session.redact().records,
            evidence_dir=o.evidence_dir, replay_dir=o.replay_dir, contracts_dir=o.contracts_dir,
            template=session.checked.template, schema=session.checked.schema,
            operations=operations_evidence(session.extract()), _operations_read=True,
        )  # fmt: skip

    def starting_labels(
        self, decided: Decisions | None, scope_notes: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        """The labels the annotation step starts from: each source with the catalog's
        version label, then the decisions' labels for the sources this run has (and their
        scope labels, unless ``scope_notes`` are given).

        Returns:
            Source labels, scope labels, and a note per labelled source this run lacks.
        """
        sources = default_source_annotations(self.provider, [d.url for d in self.documents])
        scopes: dict[str, Any] = dict(scope_notes or {})
        notes: list[str] = []
        if decided is not None:
            scopes = dict(decided.annotations.get("scopes", {}) or scopes)
            for url, labels in decided.annotations.get("sources", {}).items():
                if url in sources:
                    sources[url] = labels
                elif any(labels.values()):
                    notes.append(f"the decisions label a source this run does not have: {url}")
        return sources, scopes, notes

    @property
    def folder(self) -> Path:
        """The provider's evidence folder."""
        return default_evidence_dir(self.provider.platform, self.evidence_dir)

    @property
    def sources(self) -> list[SearchResult]:
        """What ``sources.json`` records: on replay the live run's search results."""
        recorded = load_sources(self.replay_dir) if self.replay_dir is not None else None
        return recorded if recorded is not None else list(self.candidates)

    def standing_decisions(self, choice: str | Path | Decisions | None = None) -> StandingDecisions:
        """The decisions the check starts from: by default those of the provider's latest
        published run (a file, or ``"none"`` to start fresh; see
        :mod:`factory.evidence.standing`).

        Raises:
            EvidenceError: the decisions file is unreadable or malformed.
        """
        return resolve_decisions(choice, self.folder)

    def annotate(
        self, sources: Mapping[str, Any], scopes: Mapping[str, Any]
    ) -> dict[str, dict[str, dict[str, str]]]:
        """Check and keep the labels for the next Save's run (nothing is written now).

        Raises:
            EvidenceError: a label names an unknown source or scope, or is not text.
        """
        rows = self.table.to_dict("records")
        self.annotations = check_annotations(rows, self.candidates, sources=sources, scopes=scopes)
        return self.annotations

    def commit(self, review: ContractReview) -> SaveResult:
        """Save the check's contract as a new published evidence run (the check's Save).

        Raises:
            ApprovedContractError: the saved contract is not a draft (run marked refused).
            FactoryError: anything else that stops the save (run marked failed).
        """
        decided = review.decisions(self.annotations)
        if self.chosen_operations:
            decided = replace(decided, operations=self.chosen_operations)
        contract = review.contract
        decided_table = apply_decisions(self.table, decided)
        records = table_records(decided_table)
        waiting = candidate_entries(decided_table.to_dict("records"))
        urls = list(dict.fromkeys(d.url for d in self.documents))  # a DOM shares its URL
        rows = annotated_rows(
            self.table.to_dict("records"), self.annotations["scopes"], self.annotations["sources"]
        )

        # the check's word on its decisions, unless the research's notes already say it
        notes = [*self.notes, *(n for n in review.decision_notes if n not in self.notes)]

        def report(saved: SaveResult) -> Report:
            return build_report(
                contract, saved.path, records, sources=urls, auth_method=self.auth_method,
                notes=notes, changes=saved.changes, decisions=decided.to_dict(),
                candidates=waiting,
            )  # fmt: skip

        draft = Draft(
            contract, rows, len(contract["sections"]["scopes"]["scopes"]), report, decided,
            operations=self.stated_operations(),
        )  # fmt: skip
        self.last = commit_run(
            self.folder, self.provider, self.documents, draft, sources=self.sources,
            annotations=self.annotations,
            target=Target(self.contracts_dir, self.template, self.schema),
            redactions=self._redactions(),
        )  # fmt: skip
        return self.last.save

    def stated_operations(self) -> OperationsEvidence | None:
        """The operations the documents state (read once, from the current documents)."""
        if self.operations is None and not self._operations_read:
            from factory.research.pipeline import extract_all
            from factory.research.render import current_documents

            self.operations = operations_evidence(
                extract_all(current_documents(self.documents), self.provider)
            )
            self._operations_read = True
        return self.operations

    def _redactions(self) -> dict[str, Mapping[str, Any]]:
        """This session's redaction records, after the replayed run's own (as ``build``)."""
        replayed = load_redactions(self.replay_dir) if self.replay_dir is not None else {}
        return {**replayed, **(self.redactions or {})}

    def report_text(self, _saved: SaveResult | None = None) -> str:
        """The latest Save's report and what changed since the previous published run."""
        if self.last is None:
            return NOT_SAVED
        from factory.fleet.diff import since_previous  # diff imports the pipeline: loaded on use

        since = since_previous(self.last.folder)
        tail = (
            f"Since the previous run:\n{since.to_text()}"
            if since is not None
            else "Since the previous run: none (no earlier published run to compare with).\n"
        )
        return f"{self.last.report.to_text()}Evidence: {self.last.folder}\n{tail}"
