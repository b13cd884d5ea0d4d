"""The research stages, each a function of the previous stage's output.

resolve -> find_sources -> fetch_sources -> (expand: :mod:`factory.research.expand`) ->
redact_documents -> extract_all -> make_table -> auth_method_from / research_notes. They are
composed in exactly one place, :class:`factory.research.session.ResearchSession`; the
notebook and ``build`` both run that session. Rules kept here:

- only official sources are fetched; none found or none fetched -> ``ResearchError`` naming
  every backend and URL tried (never an empty contract by accident);
- documents that show API-key-only (or basic) auth and no scopes -> no scopes, that auth
  method, and a report note citing the URL;
- factory secrets are redacted from the documents before extraction, and control or bidi
  characters from extracted names and descriptions, each with a note;
- extraction checks the research deadline between documents and names the document it
  stopped before.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from factory.contract.builder import KNOWN_AUTH_METHODS
from factory.errors import (
    ExtractionError,
    FetchError,
    ResearchError,
)
from factory.evidence.store import (
    load_sources,
    redact_document,
)
from factory.models import Document, ExtractionResult, Provider, ScopeRecord, SearchResult
from factory.research.catalog import resolve_provider
from factory.research.deadline import Deadline
from factory.research.fetch import (
    FetchOutcome,
    FetchRequest,
    FetchSettings,
    Progress,
    fetch_documents,
    is_url,
)
from factory.research.fetch import read_local_source as _read_local
from factory.research.search import (
    SearchOutcome,
    machine_readable_variants,
    search_sources,
    web_backends,
)
from factory.textsafe import clean_text, describe_char, name_unsafe_chars

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
    documents: Sequence[Document],
    provider: Provider | None = None,
    *,
    deadline: Deadline | None = None,
) -> list[ExtractionResult]:
    """Stage 4: extract every document; an unreadable one becomes a result with a warning.

    When the catalog knows a document's URL, its format picks the extractor and its version
    label is given to records that carry none.

    Raises:
        ResearchError: ``deadline`` passed; checked before each document, the message names
            the stage and the document not extracted.
    """
    from factory.extract import kinds

    known = {s.url: s for s in provider.sources} if provider else {}
    results = []
    for index, doc in enumerate(documents, 1):
        if deadline is not None:
            deadline.check(f"extraction, before document {index} of {len(documents)} ({doc.url})")
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
    """Names holding a control, bidi or zero-width character refused, and control and bidi
    characters removed from descriptions; each stated in a warning (it reaches the report).

    A name is never altered: ``ads\u200b.write`` is not ``ads.write``. It is refused as
    written, with the character and its position, as ``contract --scopes`` refuses it.
    """
    scopes: list[ScopeRecord] = []
    warnings: list[str] = []
    for record in result.scopes:
        hidden = name_unsafe_chars(record.scope_name)
        if hidden:
            where, code = hidden[0]
            warnings.append(
                f"refused scope {record.scope_name!r}: its name holds a {describe_char(code)} "
                f"at position {where} (kept out of the draft; add it by hand if it is meant)"
            )
            continue
        description, in_text = clean_text(record.description or "")
        if in_text:
            codes = ", ".join(in_text)
            warnings.append(
                f"removed control/bidi characters ({codes}) from the description of scope "
                f"{record.scope_name!r}"
            )
            record = replace(
                record, description=description if record.description is not None else None
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
    results: Sequence[ExtractionResult],
    provider: Provider | None = None,
    *,
    deadline: Deadline | None = None,
) -> pd.DataFrame:
    """Stage 6: the scope table, the catalog's source order ranking descriptions.

    Raises:
        ResearchError: ``deadline`` passed before the table was made.
    """
    from factory.research.table import build_scope_table

    if deadline is not None:
        deadline.check(f"the scope table ({len(results)} extraction result(s))")
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


def tried_text(search: SearchOutcome, backends: Sequence[str], errors: Sequence[FetchError]) -> str:
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


def original_sources(replay_dir: str | Path | None, search: SearchOutcome) -> list[SearchResult]:
    """On replay, the live run's search results (from its ``sources.json``) when present."""
    recorded = load_sources(replay_dir) if replay_dir is not None else None
    # no usable record of the live search: the replayed URLs stand in
    return recorded if recorded is not None else list(search.results)


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
