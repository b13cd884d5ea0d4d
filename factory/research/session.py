"""One research session: the only composition of the research stages.

``build`` runs :meth:`ResearchSession.run` and commits the result; the notebook calls the same
steps one cell at a time, in the same order, and shows what each returns::

    resolve -> search -> fetch -> expand -> redact -> extract -> table -> plan

Each step runs the steps before it when they have not run yet, keeps its output on the
session and returns it. The deadline (``options.fetch.total_deadline``) is computed once, when
the session starts, and covers every step: the fetch and the browser get what is left;
extraction and the table check it between documents. Decisions are resolved in one place,
:meth:`ResearchSession.standing` (the provider's latest published ones by default). Nothing
here writes a file: ``build`` (and the notebook's Save) commit the planned research through
:func:`factory.evidence.publish.commit_run`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx

from factory.contract.builder import build_contract
from factory.contract.decisions import Decisions
from factory.contract.preflight import CheckedRequest, check_request
from factory.errors import FetchError, ResearchError
from factory.evidence.standing import GIVEN, StandingDecisions, apply_standing, resolve_decisions
from factory.evidence.store import (
    default_evidence_dir,
    load_redactions,
    load_replay,
    read_annotations,
)
from factory.models import Document, ExtractionResult, Provider, ScopeRecord, SearchResult
from factory.options import ResearchOptions
from factory.research.catalog import catalog_source_notes
from factory.research.deadline import Deadline, StepClock
from factory.research.expand import expand_research
from factory.research.fetch import FetchOutcome, Progress, is_url
from factory.research.origins import origin
from factory.research.reach import hosts_of, next_steps, require_network
from factory.research.render import current_documents
from factory.research.search import SearchOutcome, backend_hosts, provenance_notes
from factory.research.stages import (
    REPLAY_BACKEND,
    USER_BACKEND,
    auth_method_from,
    default_backends,
    extract_all,
    fetch_sources,
    find_sources,
    make_table,
    original_sources,
    redact_documents,
    replay_search,
    research_notes,
    resolve,
    tried_text,
    trusted_hosts,
)

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Redaction:
    """The documents with factory secrets redacted, the manifest records, the notes."""

    documents: tuple[Document, ...]
    records: dict[str, dict[str, Any]]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Plan:
    """What the research decided, before anything is written."""

    results: tuple[ExtractionResult, ...]
    table: pd.DataFrame  # decisions applied
    records: tuple[ScopeRecord, ...]
    method: str
    method_url: str | None
    notes: tuple[str, ...]  # redaction notes first, then the research notes
    contract: dict[str, Any]
    decided: Decisions | None = None  # the decisions applied (stale names left out)


Step = TypeVar("Step", bound=Callable[..., Any])


def _step(method: Step) -> Step:
    """Count the step's time on the session's deadline clock."""

    @functools.wraps(method)
    def timed(self: ResearchSession, *args: Any, **kwargs: Any) -> Any:
        with self.clock.running():
            return method(self, *args, **kwargs)

    return cast(Step, timed)


class ResearchSession:
    """One provider's research under one :class:`~factory.options.ResearchOptions`.

    Args:
        name: the provider's name.
        options: every option of the research.
        http_client: handed to the search backends.
        on_progress: ``on_progress(done, total, url)`` while fetching.
        fetch_transport: the transport of this research's fetch clients (``batch`` shares
            per-host limits across sessions); linked pages are fetched through it too.

    Raises:
        NamingError, ResearchError, TemplateError: the request is refused (bad name,
            contradictory options, unusable template or schema) before any network.
    """

    def __init__(
        self,
        name: str,
        options: ResearchOptions | None = None,
        *,
        http_client: Any = None,
        on_progress: Progress | None = None,
        fetch_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.options = options = options or ResearchOptions()
        self.env: Mapping[str, str] = os.environ if options.env is None else options.env
        # The one deadline, computed now; it counts the time spent inside the steps.
        self.clock = StepClock()
        self.deadline = Deadline(options.fetch.total_deadline, clock=self.clock)
        self.checked: CheckedRequest = check_request(
            name, sources=options.sources, replay_dir=options.replay_dir,
            offline=options.offline, template=options.template, schema=options.schema,
        )  # fmt: skip
        self.name = name
        self.http_client = http_client
        self.on_progress = on_progress
        self.fetch_transport = fetch_transport
        self._standing: StandingDecisions | None = None
        self._provider: Provider | None = None
        self._search: SearchOutcome | None = None
        self._tried: tuple[str, ...] = ()
        self._fetched: FetchOutcome | None = None
        self._expanded: FetchOutcome | None = None
        self._expansion_results: tuple[ExtractionResult, ...] | None = None
        self._expansion_notes: tuple[str, ...] = ()
        self._redaction: Redaction | None = None
        self._results: tuple[ExtractionResult, ...] | None = None
        self._table: pd.DataFrame | None = None
        self._plan: Plan | None = None
        self.standing()  # a bad decisions file fails now, before any network

    # ------------------------------------------------------------------ the steps, in order

    def standing(self) -> StandingDecisions:
        """The researcher's decisions this research starts from, and where they come from:
        the one place they are chosen (:func:`factory.evidence.standing.resolve_decisions`).

        By default the provider's latest published decisions; ``options.decisions`` a file,
        or ``none`` to start fresh; :meth:`use_decisions` decisions already loaded.

        Raises:
            EvidenceError: the decisions file (given or published) is unreadable or malformed.
        """
        if self._standing is None:
            self._standing = resolve_decisions(self.options.decisions, self.folder)
        return self._standing

    def decisions(self) -> Decisions | None:
        """The decisions :meth:`standing` chose (before stale names are left out)."""
        return self.standing().decisions

    def use_decisions(self, decided: Decisions | None) -> None:
        """Apply ``decided`` (already loaded) instead of ``options.decisions``."""
        self._standing = StandingDecisions(decided, GIVEN if decided is not None else "")

    @_step
    def resolve(self) -> Provider:
        """Step 1: the provider (catalog facts when known)."""
        if self._provider is None:
            self._provider = resolve(self.name)
        return self._provider

    @_step
    def search(self) -> SearchOutcome:
        """Step 2: the candidate sources (the user's sources, the replayed run, or search).

        Raises:
            ResearchError: no network for a live search (with the next steps), or no
                official candidate (naming every backend tried).
        """
        if self._search is not None:
            return self._search
        provider, o = self.resolve(), self.options
        if o.replay_dir is not None:
            replayed = load_replay(o.replay_dir)
            self._fetched = FetchOutcome(tuple(replayed), ())
            self._tried = (REPLAY_BACKEND,)
            self._search = replay_search(replayed)
            return self._search
        backends = self.backends()
        self._tried = (USER_BACKEND,) if o.sources else backends
        self.check_network()
        search = find_sources(
            provider, sources=o.sources, offline=o.offline, backends=backends,
            http_client=self.http_client, env=self.env,
        )  # fmt: skip
        if not any(r.is_official for r in search.results):
            raise ResearchError(
                f"no official source found for {provider.display_name}; tried:"
                f"\n{tried_text(search, self._tried, ())}"
            )
        self._search = search
        return search

    def backends(self) -> tuple[str, ...]:
        """The search backends asked: the options', else the catalog and web search."""
        chosen = self.options.backends
        return chosen if chosen is not None else default_backends(self.resolve(), self.env)

    def check_network(self) -> None:
        """First contact: a live research with no network at all stops now, naming the next
        steps (``--offline --source``, ``--replay``); the notebook runner calls it too.

        Raises:
            ResearchError: none of the hosts the research needs can be resolved.
        """
        o = self.options
        if o.replay_dir is not None or o.offline:
            return
        provider = self.resolve()
        urls = (
            [s for s in o.sources if is_url(s)] if o.sources else [s.url for s in provider.sources]
        )
        needed = hosts_of(urls) + ([] if o.sources else backend_hosts(self.backends(), self.env))
        trusted = trusted_hosts(self.env)
        require_network([h for h in needed if h not in trusted], self.next_steps())

    @_step
    def edit_candidates(self, drop: Sequence[str] = (), add: Sequence[str] = ()) -> SearchOutcome:
        """Step 2b (the notebook's): leave candidates out or add official ones by hand."""
        from factory.research.annotate import edit_candidates

        if drop or add:
            self._search = edit_candidates(self.search(), drop=drop, add=add)
        return self.search()

    @_step
    def fetch(self, on_progress: Progress | None = None) -> FetchOutcome:
        """Step 3: read the user's files and fetch the official URLs (the replayed run's
        documents on replay), with what is left of the deadline.

        Raises:
            ResearchError: the deadline passed before fetching, or nothing could be read.
        """
        if self._fetched is None or self._search is None:
            search = self.search()
            if self._fetched is None:
                provider = self.resolve()
                self.deadline.check(
                    f"search, before {provider.display_name}'s sources were fetched"
                )
                limits = replace(self.options.fetch, total_deadline=self.deadline.left())
                self._fetched = fetch_sources(
                    provider, search, offline=self.options.offline, settings=limits,
                    on_progress=on_progress or self.on_progress, transport=self.fetch_transport,
                    trusted=trusted_hosts(self.env),
                )  # fmt: skip
        if not self._fetched.documents:
            provider = self.resolve()
            live = self.options.replay_dir is None
            raise ResearchError(
                f"no official source could be fetched for {provider.display_name}; tried:"
                f"\n{tried_text(self.search(), self._tried, self._fetched.errors)}"
                + (f"\n{self.next_steps()}" if live else "")
            )
        return self._fetched

    @_step
    def expand(self) -> FetchOutcome:
        """Step 4: render JavaScript shells and follow official links (live runs only).

        The rendered DOMs and linked pages join the documents, so the plan, the redaction
        and the evidence all cover them; a replay extracts the stored DOMs instead.
        """
        if self._expanded is not None:
            return self._expanded
        fetched, o = self.fetch(), self.options
        if o.replay_dir is not None or o.offline:
            self._expanded = fetched
            return fetched
        provider, deadline = self.resolve(), self.deadline
        left = deadline.left()
        grown = expand_research(
            provider, fetched.documents,
            extract_all(fetched.documents, provider, deadline=deadline),
            lambda batch: extract_all(batch, provider, deadline=deadline),
            render=replace(o.render, timeout=min(o.render.timeout, left)), links=o.links,
            fetch_settings=replace(o.fetch, total_deadline=left),
            fetch_transport=self.fetch_transport,
            # The origins the user gave (scheme, host, port), not their hosts' other ports.
            trusted_hosts={origin(s) for s in o.sources if is_url(s)} | trusted_hosts(self.env),
            env=self.env,
        )  # fmt: skip
        self._expanded = FetchOutcome(grown.documents, (*fetched.errors, *grown.errors))
        self._expansion_results, self._expansion_notes = grown.results, grown.notes
        search = self.search()
        self._search = replace(  # linked pages are candidates too; a failure names them
            search,
            results=(*search.results, *grown.link_results),
            notes=(*search.notes, *grown.notes),
        )
        return self._expanded

    @_step
    def redact(self) -> Redaction:
        """Step 5: the factory's own secrets leave the documents before anything reads them."""
        if self._redaction is None:
            documents, records, notes = redact_documents(self.expand().documents, self.env)
            if records:  # the expansion read the pages as fetched: read the redacted ones
                self._expansion_results = None
            if self.options.replay_dir is not None:  # the live run's records travel too
                records = {**load_redactions(self.options.replay_dir), **records}
            self._redaction = Redaction(documents, records, tuple(notes))
        return self._redaction

    @_step
    def extract(self) -> tuple[ExtractionResult, ...]:
        """Step 6: every current document's scopes and auth findings (a raw page with a
        rendered twin gives way to it); the deadline is checked between documents."""
        if self._results is None:
            documents = self.redact().documents
            if self._expansion_results is not None:
                self._results = self._expansion_results
            else:
                current = current_documents(documents)
                self._results = tuple(extract_all(current, self.resolve(), deadline=self.deadline))
        return self._results

    @_step
    def table(self) -> pd.DataFrame:
        """Step 7: the scope table (before the researcher's decisions)."""
        if self._table is None:
            self._table = make_table(self.extract(), self.resolve(), deadline=self.deadline)
        return self._table

    @_step
    def plan(self) -> Plan:
        """Step 8: decisions applied, the auth method, the notes and the contract.

        Raises:
            ResearchError: no scopes and no evidence of a scope-less auth method.
        """
        if self._plan is not None:
            return self._plan
        from factory.research.table import scope_type_overrides, table_records

        provider, results = self.resolve(), self.extract()
        # The standing decisions: stale names reported, new scopes flagged, nothing fatal.
        applied = apply_standing(self.table(), self.standing())
        table = applied.table
        method, method_url = auth_method_from(results, provider)
        records = table_records(table)
        errors = self.expand().errors
        notes = research_notes(
            provider, records, method, method_url, errors=errors,
            tried=tried_text(self.search(), self._tried, errors),
            documents=len(self.documents), results=results,
        )  # fmt: skip
        lead = [*provenance_notes(self.search(), self._tried), *self._expansion_notes]
        contract = build_contract(
            provider, records, auth_method=method, template=self.checked.template,
            type_overrides=scope_type_overrides(table),
        )  # fmt: skip
        catalog = catalog_source_notes(provider, results)  # a catalog source that said nothing
        self._plan = Plan(
            results, table, tuple(records), method, method_url,
            (*self.redact().notes, *lead, *applied.notes, *notes, *catalog), contract,
            applied.decisions,
        )  # fmt: skip
        return self._plan

    def run(self) -> Plan:
        """Every step in order (what ``build`` does before it commits)."""
        self.resolve()
        self.search()
        self.fetch()
        self.expand()
        self.redact()
        self.extract()
        self.table()
        return self.plan()

    # ------------------------------------------------------------------ what the steps left

    @property
    def provider(self) -> Provider:
        """The resolved provider."""
        return self.resolve()

    @property
    def documents(self) -> tuple[Document, ...]:
        """The evidence documents: fetched, rendered and linked, redacted, evidence order."""
        return self.redact().documents

    @property
    def errors(self) -> tuple[FetchError, ...]:
        """URLs that could not be fetched or rendered."""
        return self.expand().errors

    @property
    def candidates(self) -> tuple[SearchResult, ...]:
        """The search results, linked pages included (after ``expand``)."""
        return self.search().results

    @property
    def folder(self) -> Path:
        """The provider's evidence folder."""
        return default_evidence_dir(self.resolve().platform, self.options.evidence_dir)

    def recorded_sources(self) -> list[SearchResult]:
        """What ``sources.json`` records: on replay the live run's search results."""
        return original_sources(self.options.replay_dir, self.search())

    def annotations(self) -> dict[str, Any]:
        """The labels the run's evidence carries over (the replayed or previous run's)."""
        replay = self.options.replay_dir
        return read_annotations(replay if replay is not None else self.folder)

    def next_steps(self) -> str:
        """What to do without the network (``--offline --source``, ``--replay``)."""
        provider = self.resolve()
        return next_steps(provider.display_name, provider.platform)
