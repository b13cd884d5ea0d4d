"""The research pipeline: resolve -> search -> fetch -> extract -> table -> contract -> save.

Each stage is a small public function the notebook can call one at a time; :func:`build`
runs them all. Rules kept here:

- only official sources are fetched; none found or none fetched -> ``ResearchError`` naming
  every backend and URL tried (never an empty contract by accident);
- documents that show API-key-only (or basic) auth and no scopes -> a contract with no
  scopes, that auth method, and a report note citing the URL;
- ``replay_dir`` re-runs from an evidence folder with no network; the contract is
  byte-identical to the live run's (it holds no timestamps and no unordered sets);
- the evidence is a transaction (:mod:`factory.evidence.runs`): under the provider's lock a
  new run folder is written whole, the contract is saved, and only then is the run
  published; a refused or failed build leaves its run marked so and nothing else changed;
- factory secrets are redacted from the documents before extraction, and control or bidi
  characters from extracted names and descriptions, each with a note.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from factory.contract.builder import KNOWN_AUTH_METHODS, build_contract
from factory.contract.decisions import Decisions
from factory.contract.preflight import check_request
from factory.contract.store import SaveResult
from factory.errors import (
    ExtractionError,
    FactoryError,
    FetchError,
    ResearchError,
)
from factory.evidence.publish import Draft, Target, commit_run
from factory.evidence.report import Report, build_report
from factory.evidence.standing import StandingDecisions, apply_standing, resolve_decisions
from factory.evidence.store import (
    default_evidence_dir,
    load_redactions,
    load_replay,
    load_sources,
    read_annotations,
    redact_document,
)
from factory.models import Document, ExtractionResult, Provider, ScopeRecord, SearchResult
from factory.research.catalog import catalog_source_notes, resolve_provider
from factory.research.expand import expand_research
from factory.research.fetch import (
    FetchOutcome,
    FetchRequest,
    FetchSettings,
    Progress,
    fetch_documents,
    is_url,
)
from factory.research.fetch import read_local_source as _read_local
from factory.research.links import LinkSettings
from factory.research.reach import hosts_of, next_steps, require_network
from factory.research.render import RenderSettings, current_documents
from factory.research.search import (
    SearchOutcome,
    backend_hosts,
    machine_readable_variants,
    provenance_notes,
    search_sources,
    web_backends,
)
from factory.textsafe import clean_text

if TYPE_CHECKING:
    import pandas as pd

# The extractors (bs4, lxml, markdown-it) and the table (pandas) load when a stage first
# needs them, so a build that stops early (no network, no source) never pays for them.

USER_BACKEND = "user"
REPLAY_BACKEND = "replay"
#: Auth methods that mean "no OAuth scopes", most specific first.
#: How many extractor warnings a report lists (the rest are counted).
MAX_WARNING_NOTES = 10
NON_SCOPE_METHODS = ("api_key", "basic", "bearer", "personal_access_token", "oauth1")
_METHOD_ALIASES = {"personal_access_token": "bearer"}


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


def resolve(name: str) -> Provider:
    """Stage 1: a provider name -> ``Provider`` (catalog facts when known)."""
    return resolve_provider(name)


def default_backends(provider: Provider, env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The search backends used when none are named: the catalog *and* web search.

    The catalog is a head start (a cache of earlier searches that goes stale); web search
    (``ddgs``, no key; ``brave`` and ``searxng`` when their key or URL is set) finds what it
    lacks: moved pages, new per-product pages. Only official results (the official-domain
    rule) become sources either way. ``--search catalog`` keeps the catalog alone.
    """
    del provider  # every provider gets the same backends; the catalog skips unknown ones
    return ("catalog", *web_backends(os.environ if env is None else env))


#: Hosts the user vouches for (comma-separated): fetched like ``--source`` URLs, without the
#: private-address guard (an intranet docs mirror, a recorded loopback web in tests).
TRUSTED_HOSTS_ENV = "CONNECTOR_FACTORY_TRUSTED_HOSTS"


def trusted_hosts(env: Mapping[str, str] | None = None) -> frozenset[str]:
    """The host names in ``$CONNECTOR_FACTORY_TRUSTED_HOSTS``."""
    raw = (os.environ if env is None else env).get(TRUSTED_HOSTS_ENV, "")
    return frozenset(h.strip().lower() for h in raw.split(",") if h.strip())


def find_sources(
    provider: Provider,
    *,
    sources: Sequence[str] = (),
    offline: bool = False,
    backends: Sequence[str] | None = None,
    http_client: Any = None,
    env: Mapping[str, str] | None = None,
) -> SearchOutcome:
    """Stage 2: the candidate sources; the user's ``sources`` skip search entirely.

    ``backends=None`` picks :func:`default_backends` for the provider.

    Raises:
        ResearchError: ``offline`` without any ``sources`` (search needs the network).
    """
    if sources:
        results = tuple(
            SearchResult(
                url=s, backend=USER_BACKEND, is_official=True, reason="given by the user (--source)"
            )
            for s in sources
        )
        return SearchOutcome(results=results, notes=("search skipped: sources were given",))
    if offline:
        raise ResearchError(
            f"offline research of {provider.display_name} needs --source files or --replay DIR"
        )
    chosen = default_backends(provider, env) if backends is None else tuple(backends)
    return search_sources(provider, backends=chosen, http_client=http_client, env=env)


def fetch_requests(
    provider: Provider, search: SearchOutcome, trusted: frozenset[str] = frozenset()
) -> list[FetchRequest]:
    """The URLs to fetch: user URLs (trusted), official results and their variants.

    ``trusted`` hosts (see :func:`trusted_hosts`) are fetched as the user's URLs are.
    """
    requests: list[FetchRequest] = []
    for result in search.results:
        if not result.is_official or not is_url(result.url):
            continue
        if result.backend == USER_BACKEND:
            requests.append(FetchRequest(result.url, trusted=True))
            continue
        for url in (result.url, *machine_readable_variants(result.url, provider)):
            requests.append(FetchRequest(url, trusted=_host(url) in trusted))
    return requests


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def fetch_sources(
    provider: Provider,
    search: SearchOutcome,
    *,
    offline: bool = False,
    client: httpx.AsyncClient | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    settings: FetchSettings | None = None,
    on_progress: Progress | None = None,
    trusted: frozenset[str] = frozenset(),
) -> FetchOutcome:
    """Stage 3: read the user's files and fetch the official URLs (none when ``offline``).

    ``trusted`` hosts skip the private-address guard (see :func:`trusted_hosts`)."""
    documents: list[Document] = []
    errors: list[FetchError] = []
    for result in search.results:
        if result.backend == USER_BACKEND and not is_url(result.url):
            try:
                documents.append(_read_local(result.url))
            except FetchError as exc:
                errors.append(exc)
    requests = fetch_requests(provider, search, trusted)
    if offline:
        errors.extend(FetchError(r.url, "not fetched: offline") for r in requests)
    elif requests:
        outcome = fetch_documents(
            requests, client=client, transport=transport, settings=settings, on_progress=on_progress
        )
        documents.extend(outcome.documents)
        errors.extend(outcome.errors)
    return FetchOutcome(tuple(documents), tuple(errors))


def _extract(doc: Document, kind: str) -> ExtractionResult:
    """Extract with the catalog's kind; if the page is not that kind after all, detect it."""
    from factory.extract import extract_document

    try:
        return extract_document(doc, kind)
    except ExtractionError:
        if kind == "auto":
            raise
        return extract_document(doc, "auto")


def extract_all(
    documents: Sequence[Document], provider: Provider | None = None
) -> list[ExtractionResult]:
    """Stage 4: extract every document; an unreadable one becomes a result with a warning.

    When the catalog knows a document's URL, its format picks the extractor and its version
    label is given to records that carry none.
    """
    from factory.extract import kinds

    known = {s.url: s for s in provider.sources} if provider else {}
    results = []
    for doc in documents:
        ref = known.get(doc.url) or known.get(doc.final_url)
        kind = ref.format if ref and ref.format in kinds() else "auto"
        try:
            result = _extract(doc, kind)
        except ExtractionError as exc:
            results.append(ExtractionResult(doc.url, "unreadable", warnings=(str(exc),)))
            continue
        if ref and ref.version:
            scopes = tuple(
                s if s.version else replace(s, version=ref.version) for s in result.scopes
            )
            result = replace(result, scopes=scopes)
        results.append(_without_unsafe_chars(result))
    return results


def _without_unsafe_chars(result: ExtractionResult) -> ExtractionResult:
    """Control characters and bidi overrides removed from names and descriptions, each
    removal stated in a warning (so it reaches the report's notes)."""
    scopes: list[ScopeRecord] = []
    warnings: list[str] = []
    for record in result.scopes:
        name, in_name = clean_text(record.scope_name)
        description, in_text = clean_text(record.description or "")
        if in_name or in_text:
            where = " and ".join(
                w for w, hit in (("name", in_name), ("description", in_text)) if hit
            )
            codes = ", ".join(sorted({*in_name, *in_text}))
            warnings.append(
                f"removed control/bidi characters ({codes}) from the {where} of scope {name!r}"
            )
            record = replace(
                record,
                scope_name=name,
                description=description if record.description is not None else None,
            )
        scopes.append(record)
    if not warnings:
        return result
    return replace(result, scopes=tuple(scopes), warnings=(*result.warnings, *warnings))


def auth_method_from(
    results: Sequence[ExtractionResult], provider: Provider
) -> tuple[str, str | None]:
    """Stage 5: the auth method the documents show, and the URL that shows it.

    Scopes found -> ``oauth2``. No scopes -> the first non-scope method documented
    (API key, basic, bearer, OAuth 1) with its URL; nothing documented -> ``("oauth2", None)``.
    """
    findings = [f for r in results for f in r.auth]
    if any(r.scopes for r in results):
        oauth = next((f for f in findings if f.method == "oauth2"), None)
        first = next(s for r in results for s in r.scopes)
        return "oauth2", (oauth.source_url if oauth else first.source_url)
    if not any(f.method == "oauth2" for f in findings):
        for method in NON_SCOPE_METHODS:
            found = next((f for f in findings if f.method == method), None)
            if found is not None:
                chosen = _METHOD_ALIASES.get(method, method)
                if chosen in KNOWN_AUTH_METHODS:
                    return chosen, found.source_url
    return "oauth2", None


def make_table(
    results: Sequence[ExtractionResult], provider: Provider | None = None
) -> pd.DataFrame:
    """Stage 6: the scope table, the catalog's source order ranking descriptions."""
    from factory.research.table import build_scope_table

    order = [s.url for s in provider.sources] if provider else []
    return build_scope_table(results, source_order=order)


def research_notes(
    provider: Provider,
    records: Sequence[ScopeRecord],
    method: str,
    method_url: str | None,
    *,
    errors: Sequence[FetchError] = (),
    tried: str = "",
    documents: int = 0,
    results: Sequence[ExtractionResult] = (),
) -> list[str]:
    """Stage 7: the report's notes, and the rule that no contract is empty by accident.

    Returns:
        Notes for the report: URLs not fetched, the extractors' warnings (a JavaScript-only
        page, unresolved includes ...; the first ``MAX_WARNING_NOTES``), and "No OAuth
        scopes ..." citing the URL that documents the scope-less auth method when the scope
        list is empty by evidence.

    Raises:
        ResearchError: no scopes and no evidence of a scope-less auth method.
    """
    notes: list[str] = []
    if errors:  # variants that do not exist land here too; they never stop the build
        notes.append(f"{len(errors)} URL(s) not fetched: " + "; ".join(map(str, errors)))
    warnings = [f"warning ({r.source}): {w}" for r in results for w in r.warnings]
    notes.extend(warnings[:MAX_WARNING_NOTES])
    if len(warnings) > MAX_WARNING_NOTES:
        notes.append(f"... and {len(warnings) - MAX_WARNING_NOTES} more extractor warning(s)")
    if not records:
        if method == "oauth2" or method_url is None:
            where = "".join(f"\n  {w}" for w in warnings[:MAX_WARNING_NOTES])
            where += f"\n{tried}" if tried else ""
            raise ResearchError(
                f"no scopes found for {provider.display_name} in {documents} official "
                f"document(s) and no evidence of a scope-less auth method; tried:{where}"
            )
        notes.append(
            f"No OAuth scopes: {provider.display_name} documents {method} authentication "
            f"({method_url}); the scope list is empty by evidence."
        )
    return notes


def _tried(search: SearchOutcome, backends: Sequence[str], errors: Sequence[FetchError]) -> str:
    """What was tried, one item a line, for a ``ResearchError`` people can read."""
    urls = [r.url for r in search.results] or ["(no URL found)"]
    lines = [f"backends tried: {', '.join(backends) or 'none'}"]
    lines.extend(f"  url: {u}" for u in urls)
    lines.extend(f"  note: {n}" for n in search.notes)
    lines.extend(f"  error: {e}" for e in errors)
    return "\n".join(lines)


def replay_search(documents: Sequence[Document]) -> SearchOutcome:
    """The candidates of a replayed run: every evidence document, official, no network."""
    results = tuple(
        SearchResult(d.url, backend=REPLAY_BACKEND, is_official=True, reason="replayed evidence")
        for d in documents
    )
    return SearchOutcome(results=results, notes=("replayed from evidence: no network",))


def _original_sources(replay_dir: str | Path | None, search: SearchOutcome) -> list[SearchResult]:
    """On replay, the live run's search results (from its ``sources.json``) when present."""
    recorded = load_sources(replay_dir) if replay_dir is not None else None
    # no usable record of the live search: the replayed URLs stand in
    return recorded if recorded is not None else list(search.results)


def build(
    name: str,
    *,
    sources: Sequence[str] = (),
    replay_dir: str | Path | None = None,
    offline: bool = False,
    backends: Sequence[str] | None = None,
    contracts_dir: str | Path | None = None,
    evidence_dir: str | Path | None = None,
    template: str | Path | None = None,
    schema: str | Path | None = None,
    http_client: Any = None,
    on_progress: Progress | None = None,
    fetch_settings: FetchSettings | None = None,
    env: Mapping[str, str] | None = None,
    fetch_transport: httpx.AsyncBaseTransport | None = None,
    decisions: str | Path | Decisions | None = None,
    render: RenderSettings | None = None,
    links: LinkSettings | None = None,
) -> BuildResult:
    """Research a provider and save its draft contract with the evidence, in one call.

    Args:
        name: the provider's name ("TikTok").
        sources: URLs or files to use instead of searching (URLs are trusted).
        replay_dir: an evidence folder to re-run from, with no network.
        offline: no network: only file ``sources`` or ``replay_dir``.
        backends: search backends, in order (None: :func:`default_backends`).
        contracts_dir: where the contract goes (see ``store.resolve_contracts_dir``).
        evidence_dir: the evidence root; this provider's folder is ``{root}/{PLATFORM}``
            (default root ``outputs/evidence``).
        template: a contract template file (default: the project's).
        schema: a JSON Schema file (default: the project's).
        http_client: handed to the search backends.
        on_progress: ``on_progress(done, total, url)`` while fetching.
        fetch_settings: fetch limits (concurrency, timeouts, retries, size, deadlines); its
            ``total_deadline`` is the build's deadline, counted from the start of the build.
        env: the environment for search keys and secret redaction (``os.environ``).
        fetch_transport: the transport of this build's fetch clients (``batch`` passes one
            that holds per-host limits shared by all the builds it runs); linked pages are
            fetched through it too.
        decisions: the researcher's decisions applied to the scope table before the contract
            is built, and recorded in the evidence: ``None`` for the provider's latest
            published ones, a file (see :mod:`factory.contract.decisions`), ``"none"`` to start
            fresh (see :mod:`factory.evidence.standing`).
        render: when to render pages in headless Chromium (default: JavaScript shells).
        links: how far official links are followed (default: one step, 20 pages).

    Raises:
        ResearchError: no official source found or fetched, or no scopes and no evidence of
            a scope-less auth method (the message names everything tried).
        FactoryError: any stage's own error (template, contract, naming ...).
    """
    env = os.environ if env is None else env
    started = time.monotonic()
    # Name, options, template and schema fail here, before any network or evidence is touched.
    checked = check_request(
        name, sources=sources, replay_dir=replay_dir, offline=offline,
        template=template, schema=schema,
    )  # fmt: skip
    template_data, schema_data = checked.template, checked.schema
    provider = resolve(name)
    # Standing decisions: the latest published ones unless a file or "none" is given; a bad
    # file fails here, before any network or evidence.
    standing = resolve_decisions(decisions, default_evidence_dir(provider.platform, evidence_dir))
    if backends is None:
        backends = default_backends(provider, env)
    tried: Sequence[str] = backends
    errors: tuple[FetchError, ...] = ()
    if replay_dir is not None:
        documents = load_replay(replay_dir)
        search = replay_search(documents)
        tried = (REPLAY_BACKEND,)
    else:
        if not offline:  # first contact: no network at all -> stop now, with next steps
            urls = (
                [s for s in sources if is_url(s)] if sources else [s.url for s in provider.sources]
            )
            needed = hosts_of(urls) + ([] if sources else backend_hosts(backends, env))
            require_network(
                [h for h in needed if h not in trusted_hosts(env)],
                next_steps(provider.display_name, provider.platform),
            )
        search = find_sources(
            provider, sources=sources, offline=offline, backends=backends,
            http_client=http_client, env=env,
        )  # fmt: skip
        if sources:
            tried = (USER_BACKEND,)
        if not any(r.is_official for r in search.results):
            raise ResearchError(
                f"no official source found for {provider.display_name}; tried:"
                f"\n{_tried(search, tried, ())}"
            )
        # The deadline is the build's: time spent searching is taken off what fetching gets.
        limits = fetch_settings or FetchSettings()
        spent = time.monotonic() - started
        left = limits.total_deadline - spent
        if left <= 0:
            raise ResearchError(
                f"the build deadline of {limits.total_deadline:g}s passed after {spent:.1f}s, "
                f"before {provider.display_name}'s sources could be fetched"
            )
        outcome = fetch_sources(
            provider, search, offline=offline, settings=replace(limits, total_deadline=left),
            on_progress=on_progress, transport=fetch_transport, trusted=trusted_hosts(env),
        )  # fmt: skip
        documents, errors = outcome.documents, outcome.errors
    if not documents:
        raise ResearchError(
            f"no official source could be fetched for {provider.display_name}; tried:"
            f"\n{_tried(search, tried, errors)}"
            + (
                ""
                if replay_dir is not None
                else f"\n{next_steps(provider.display_name, provider.platform)}"
            )
        )
    # -- issue 11 hook: render JavaScript shells and follow official links (live runs only).
    # It widens the research before anything is planned or written: the rendered DOMs and
    # the linked pages join the documents, so the plan, the redaction and the run's
    # evidence all cover them (replay extracts the stored DOM: no browser, no network).
    expansion_notes: tuple[str, ...] = ()
    results: list[ExtractionResult] | None = None
    if replay_dir is None and not offline:
        limits = fetch_settings or FetchSettings()
        left = max(limits.total_deadline - (time.monotonic() - started), 0.001)
        chosen = render or RenderSettings()
        user_hosts = {_host(s) for s in sources if is_url(s)}
        grown = expand_research(
            provider, documents, extract_all(documents, provider),
            lambda batch: extract_all(batch, provider),
            render=replace(chosen, timeout=min(chosen.timeout, left)),
            links=links or LinkSettings(),
            fetch_settings=replace(limits, total_deadline=left), fetch_transport=fetch_transport,
            trusted_hosts=user_hosts | trusted_hosts(env), env=env,
        )  # fmt: skip
        documents, results = grown.documents, list(grown.results)
        errors, expansion_notes = (*errors, *grown.errors), grown.notes
        search = replace(
            search,
            results=(*search.results, *grown.link_results),
            notes=(*search.notes, *grown.notes),  # so a failure message names them too
        )
    # -- end of the issue 11 hook
    folder = default_evidence_dir(provider.platform, evidence_dir)
    documents, redactions, redaction_notes = redact_documents(documents, env)
    if redactions:  # the expansion read the pages as fetched: read the redacted ones
        results = None
    if replay_dir is not None:  # the live run's records travel with its evidence
        redactions = {**load_redactions(replay_dir), **redactions}
    try:  # the research itself touches no file: a failure here still leaves a failed run
        plan: _Plan | FactoryError = _plan(
            provider, documents, errors, template_data,
            tried=_tried(search, tried, errors), standing=standing, results=results,
            lead_notes=(*provenance_notes(search, tried), *expansion_notes),
        )  # fmt: skip
    except FactoryError as exc:
        plan = exc
    sources_seen = _original_sources(replay_dir, search)
    annotations = read_annotations(folder) if replay_dir is None else read_annotations(replay_dir)
    # A failed research still leaves its evidence, in a run marked failed (commit_run raises).
    draft = (
        plan
        if isinstance(plan, FactoryError)
        else _draft(plan, documents, redaction_notes, plan.decided)
    )
    committed = commit_run(
        folder, provider, documents, draft, sources=sources_seen, annotations=annotations,
        target=Target(contracts_dir, template_data, schema_data), env=env, redactions=redactions,
    )  # fmt: skip
    assert isinstance(plan, _Plan)  # a FactoryError was raised by commit_run
    saved, report, run_folder = committed.save, committed.report, committed.folder
    contract, table, results = plan.contract, plan.table, plan.results
    return BuildResult(
        provider, report, contract, saved, run_folder, table, search, documents, tuple(results)
    )


@dataclass(frozen=True, slots=True, eq=False)
class _Plan:
    """What the research decided, before anything is written."""

    results: list[ExtractionResult]
    table: pd.DataFrame
    records: list[ScopeRecord]
    method: str
    notes: list[str]
    contract: dict[str, Any]
    decided: Decisions | None = None


def _plan(
    provider: Provider,
    documents: Sequence[Document],
    errors: Sequence[FetchError],
    template: dict[str, Any],
    *,
    tried: str,
    standing: StandingDecisions | None = None,
    results: list[ExtractionResult] | None = None,
    lead_notes: Sequence[str] = (),
) -> _Plan:
    """Extract (unless ``results`` came with the documents), tabulate, pick the auth method
    and build the contract, all in memory. Extraction reads the current documents: a raw
    page with a rendered twin gives way to it
    (:func:`factory.research.render.current_documents`)."""
    if results is None:
        results = extract_all(current_documents(documents), provider)
    applied = apply_standing(make_table(results, provider), standing or StandingDecisions(None))
    table = applied.table
    method, method_url = auth_method_from(results, provider)
    from factory.research.table import scope_type_overrides, table_records

    records = table_records(table)
    notes = [
        *lead_notes,
        *applied.notes,
        *research_notes(
            provider, records, method, method_url, errors=errors, tried=tried,
            documents=len(documents), results=results,
        ),
        *catalog_source_notes(provider, results),
    ]  # fmt: skip
    contract = build_contract(
        provider, records, auth_method=method, template=template,
        type_overrides=scope_type_overrides(table),
    )  # fmt: skip
    return _Plan(results, table, records, method, notes, contract, applied.decisions)


def _draft(
    plan: _Plan,
    documents: Sequence[Document],
    redaction_notes: Sequence[str],
    decided: Decisions | None,
) -> Draft:
    """What a build commits (see :func:`factory.evidence.publish.commit_run`)."""
    return Draft(
        plan.contract, plan.table.to_dict("records"), len(plan.records),
        report=lambda saved: build_report(
            plan.contract, saved.path, plan.records,
            sources=list(dict.fromkeys(d.url for d in documents)),  # a DOM shares its URL
            auth_method=plan.method, notes=[*redaction_notes, *plan.notes],
            changes=saved.changes,
            decisions=decided.to_dict() if decided is not None else None,
        ),
        decisions=decided,
    )  # fmt: skip


def redact_documents(
    documents: Sequence[Document], env: Mapping[str, str] | None = None
) -> tuple[tuple[Document, ...], dict[str, dict[str, Any]], list[str]]:
    """Documents with every factory secret redacted, before anything reads them (``build``
    and the notebook both call it right after the fetch; ``env`` defaults to ``os.environ``).

    Extraction then works on the redacted text, so the contract, the report and a replay of
    the stored (redacted) bodies all agree byte for byte. A rendered DOM whose raw page was
    redacted names the raw page's new sha256 in ``rendered_from``.

    Returns:
        The documents, the redaction records by stored sha256 (for the manifest; a page and
        its rendered DOM share a URL) and a note for each.
    """
    kept: list[Document] = []
    records: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    renamed: dict[str, str] = {}  # sha256 as fetched -> as stored
    env = os.environ if env is None else env
    for document in documents:
        clean, record = redact_document(document, env)
        kept.append(clean)
        if record:
            renamed[document.sha256] = clean.sha256
            records[clean.sha256] = record
            found = ", ".join(f"{name} x{count}" for name, count in record["names"].items())
            notes.append(
                f"secret redacted from {document.url} ({found}): the evidence, the contract "
                "and this report hold [REDACTED:...] in its place"
            )
    kept = [
        replace(d, rendered_from=renamed[d.rendered_from]) if d.rendered_from in renamed else d
        for d in kept
    ]
    return tuple(kept), records, notes
