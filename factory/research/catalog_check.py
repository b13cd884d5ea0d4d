"""Catalog freshness: fetch every catalog source and say which moved, died or lost its scopes.

What a catalog maintainer runs before a release (``connector-factory providers --check``).
Each listed source URL is fetched with the fetch stage's limits and guard, and judged:

- ``ok``: it answered and its extractor found scopes (or the provider documents no OAuth
  scopes at all, and the page shows a scope-less auth method);
- ``moved``: it answered from another URL (redirects): update the catalog to the new one;
- ``dead``: it did not answer (404/410, unknown host, timeouts, refused address ...);
- ``scope-less``: a ``scope-list`` or ``machine-readable`` source answered, but no scope can
  be read from it any more (the table moved elsewhere, or the page became a JavaScript
  shell: the extractor's warning is kept). An ``auth-guide``, ``changelog`` or ``legacy``
  page is not expected to list scopes: it is ``ok`` when it answers from its own URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from factory.errors import CatalogError, ExtractionError
from factory.models import Document
from factory.research.catalog import CatalogEntry, catalog_entry, load_entries
from factory.research.catalog_schema import SCOPE_ROLES
from factory.research.fetch import FetchOutcome, FetchRequest, fetch_documents

VERDICTS = ("ok", "moved", "dead", "scope-less")
Fetch = Callable[[Sequence[FetchRequest]], FetchOutcome]


@dataclass(frozen=True, slots=True)
class SourceCheck:
    """The verdict on one catalog source."""

    provider: str
    url: str
    verdict: str
    detail: str
    final_url: str | None = None
    scopes: int = 0

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return asdict(self)


def select_entries(names: Iterable[str], path: Path | None = None) -> list[CatalogEntry]:
    """The catalog entries named (display name, slug or alias); all when ``names`` is empty.

    Raises:
        CatalogError: a name matches no catalog provider, or the catalog is invalid.
    """
    wanted = list(names)
    if not wanted:
        return list(load_entries(path))
    chosen: list[CatalogEntry] = []
    for name in wanted:
        match = catalog_entry(name, path=path)
        if match is None:
            raise CatalogError(name, [f"{name!r} is not a provider in the catalog"])
        if match not in chosen:
            chosen.append(match)
    return chosen


def check_sources(
    entries: Sequence[CatalogEntry],
    *,
    fetch: Fetch = fetch_documents,
    trusted_hosts: Iterable[str] = (),
) -> list[SourceCheck]:
    """Fetch every source of ``entries`` once and judge it (see the module docstring).

    Returns:
        One ``SourceCheck`` per source, in catalog order.
    """
    trusted = {h.lower() for h in trusted_hosts}
    urls = list(dict.fromkeys(s.url for e in entries for s in e.sources))
    requests = [FetchRequest(u, trusted=(urlsplit(u).hostname or "") in trusted) for u in urls]
    outcome = fetch(requests)
    docs = {d.url: d for d in outcome.documents}
    failures = {e.url: e for e in outcome.errors}
    checks: list[SourceCheck] = []
    for entry in entries:
        for source in entry.sources:
            name = entry.display_name
            if source.url in failures:
                error = failures[source.url]
                checks.append(SourceCheck(name, source.url, "dead", _reason(error)))
                continue
            doc = docs[source.url]
            checks.append(_judge(entry, source.url, source.format, doc, source.role))
    return checks


def _reason(error: object) -> str:
    status = getattr(error, "status", None)
    reason = getattr(error, "reason", str(error))
    return f"HTTP {status}: {reason}" if status else str(reason)


def _judge(entry: CatalogEntry, url: str, kind: str, doc: Document, role: str = "") -> SourceCheck:
    from factory.extract import extract_document  # here: only a check needs the extractors

    name = entry.display_name
    if _normal(doc.final_url) != _normal(url):
        return SourceCheck(name, url, "moved", f"now answers from {doc.final_url}", doc.final_url)
    try:
        result = extract_document(doc, kind)
    except ExtractionError:
        try:
            result = extract_document(doc, "auto")
        except ExtractionError as exc:
            return SourceCheck(name, url, "scope-less", f"unreadable: {exc.reason}")
    if result.scopes:
        return SourceCheck(name, url, "ok", f"{len(result.scopes)} scope record(s)", None,
                           len(result.scopes))  # fmt: skip
    if "oauth2" not in entry.auth_methods and any(f.method != "oauth2" for f in result.auth):
        return SourceCheck(name, url, "ok", "no scopes, as expected: the provider has no OAuth")
    if role and role not in SCOPE_ROLES:
        return SourceCheck(name, url, "ok", f"no scopes, as expected of a {role} page")
    why = "; ".join(result.warnings) or "no scope found on the page"
    return SourceCheck(name, url, "scope-less", why)


def _normal(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}"
