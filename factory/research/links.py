"""Follow official links: from a fetched official page to the scope pages it points at.

Official scope documentation is often an index that links to per-product or per-permission
pages. :func:`scope_links` reads a page's anchors and keeps a link when

- it stays official: on the provider's official domains or documentation paths (the same
  rule as search, :func:`factory.research.search.official_verdict`), or, for a page the user gave
  (``--source``), on that page's own host: the user vouched for that site;
- and its anchor text or its path speaks of scopes, permissions, authorization, OAuth or
  consent.

:func:`follow_links` fetches them (the fetch stage's limits and address guard), a bounded
number of steps deep (``depth``, 1 by default) and never more than ``max_pages`` pages.
Every page found this way is recorded as a search result with the reason "found via link
from URL", so the report and ``sources.json`` say how it was reached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from factory.models import Document, Provider, SearchResult
from factory.options import LinkSettings  # defined on the ground floor; imported from here too
from factory.research.fetch import FetchOutcome, FetchRequest
from factory.research.origins import is_trusted
from factory.research.render import current_documents
from factory.research.search import official_verdict

LINK_BACKEND = "link"
#: Words in an anchor's text or a URL's path that point at scope documentation.
SCOPE_WORDS = re.compile(
    r"scope|permission|authori[sz]|oauth|consent|access[\s_-]?token|grant", re.IGNORECASE
)
#: Files that are never documentation pages.
_SKIP_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".css", ".js", ".zip",
                  ".pdf", ".mp4", ".woff", ".woff2")  # fmt: skip
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((\S+?)(?:\s+\"[^\"]*\")?\)")

Fetch = Callable[[Sequence[FetchRequest]], FetchOutcome]


@dataclass(frozen=True, slots=True)
class FoundLink:
    """A link worth following: where it goes, the page it is on, its anchor text."""

    url: str
    from_url: str
    text: str
    trusted: bool = False


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    """The pages fetched through links, their search results, and the failures."""

    documents: tuple[Document, ...] = ()
    results: tuple[SearchResult, ...] = ()
    errors: tuple[object, ...] = ()


def anchors(doc: Document) -> list[tuple[str, str]]:
    """``(href, anchor text)`` of every link in an HTML or Markdown document."""
    text = doc.text()
    if "html" in doc.media_type or text.lstrip()[:1] == "<":
        import lxml.html  # here: only link following needs it

        try:
            root = lxml.html.document_fromstring(text.encode("utf-8"))
        except (ValueError, lxml.etree.ParserError):
            return []
        return [
            (a.get("href", ""), " ".join(a.text_content().split()))
            for a in root.iter("a")
            if a.get("href")
        ]
    return [(href, label) for label, href in _MARKDOWN_LINK.findall(text)]


def scope_links(
    doc: Document, provider: Provider, *, trusted_hosts: Iterable[str] = ()
) -> list[FoundLink]:
    """The links on ``doc`` worth following (see the module docstring), in page order.

    Args:
        doc: a fetched page (its ``final_url`` resolves relative links).
        provider: decides which links are official.
        trusted_hosts: origins whose pages the user gave (see
            :func:`factory.research.fetch.origin`) and hosts vouched for as a whole: links
            to them count as official and are fetched as trusted.
    """
    base = doc.final_url or doc.url
    here = _key(base)
    trusted = {h.lower() for h in trusted_hosts}
    found: dict[str, FoundLink] = {}
    for href, text in anchors(doc):
        url, _fragment = urldefrag(urljoin(base, href.strip()))
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host or _key(url) in (here, *found):
            continue
        if parts.path.lower().endswith(_SKIP_SUFFIXES):
            continue
        if not (SCOPE_WORDS.search(text) or SCOPE_WORDS.search(parts.path)):
            continue
        trusted_link = is_trusted(url, trusted)
        if not (trusted_link or official_verdict(url, provider)[0]):
            continue
        found[_key(url)] = FoundLink(url, base, text, trusted_link)
    return list(found.values())


def follow_links(
    provider: Provider,
    documents: Sequence[Document],
    fetch: Fetch,
    *,
    settings: LinkSettings | None = None,
    trusted_hosts: Iterable[str] = (),
    prepare: Callable[[Sequence[Document]], Sequence[Document]] | None = None,
) -> LinkOutcome:
    """Fetch the scope pages the official ``documents`` link to, ``settings.depth`` deep.

    Args:
        provider: decides which links are official.
        documents: the pages already fetched (never fetched again).
        fetch: fetches requests with the fetch stage's limits (``fetch_documents``).
        settings: depth and page cap.
        trusted_hosts: the hosts of the user's ``--source`` URLs and of
            ``$CONNECTOR_FACTORY_TRUSTED_HOSTS``.
        prepare: turns freshly fetched pages into the pages to read links from (the
            renderer, for pages that are JavaScript shells); identity when None.

    Returns:
        The new documents (in fetch order), one official ``SearchResult`` per new document
        (reason "found via link from URL"), and the fetch errors.
    """
    settings = settings or LinkSettings()
    seen = {_key(d.url) for d in documents} | {_key(d.final_url) for d in documents}
    frontier: Sequence[Document] = [d for d in documents if d.url.startswith("http")]
    new_docs: list[Document] = []
    results: list[SearchResult] = []
    errors: list[object] = []
    for _step in range(settings.depth):
        links: list[FoundLink] = []
        for doc in frontier:
            for link in scope_links(doc, provider, trusted_hosts=trusted_hosts):
                if _key(link.url) not in seen and len(new_docs) + len(links) < settings.max_pages:
                    seen.add(_key(link.url))
                    links.append(link)
        if not links:
            break
        outcome = fetch([FetchRequest(link.url, trusted=link.trusted) for link in links])
        errors.extend(outcome.errors)
        by_url = {link.url: link for link in links}
        fetched = list(prepare(outcome.documents) if prepare else outcome.documents)
        for doc in fetched:
            new_docs.append(doc)
            if doc.url in by_url and not doc.rendered_from:
                link = by_url[doc.url]
                reason = f"found via link from {link.from_url}"
                results.append(SearchResult(doc.url, link.text, LINK_BACKEND, True, reason))
        frontier = current_documents(fetched)
    return LinkOutcome(tuple(new_docs), tuple(results), tuple(errors))


def _key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.netloc or '').lower()}{parts.path.rstrip('/')}?{parts.query}"
