"""After the fetch: render JavaScript shells, then follow official links (live builds only).

:func:`expand_research` takes the fetched documents and their extraction results and
returns the research widened by two bounded steps:

1. pages that are JavaScript shells (or every HTML page with ``--render always``) are
   rendered (:mod:`factory.research.render`); the rendered DOM is inserted right after its raw page
   and its extraction replaces the raw page's;
2. official links to scope pages are followed (:mod:`factory.research.links`), each new page is
   rendered when it needs it, and extracted.

The document order it returns is the evidence order, and extraction always reads
:func:`~factory.research.render.current_documents` of it, so a replay of the evidence extracts the
same documents in the same order without a browser or the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import httpx

from factory.errors import FetchError
from factory.models import Document, ExtractionResult, Provider, SearchResult
from factory.research.fetch import FetchOutcome, FetchRequest, FetchSettings, fetch_documents
from factory.research.links import LinkSettings, follow_links
from factory.research.render import (
    RenderSettings,
    current_documents,
    render_documents,
    wants_render,
)

DEFAULT_RENDER = RenderSettings()
DEFAULT_LINKS = LinkSettings()
Extract = Callable[[Sequence[Document]], list[ExtractionResult]]


@dataclass(frozen=True, slots=True)
class Expansion:
    """The widened research: documents in evidence order, the results of the current ones,
    search results for linked pages, failures and report notes."""

    documents: tuple[Document, ...]
    results: tuple[ExtractionResult, ...]
    link_results: tuple[SearchResult, ...] = ()
    errors: tuple[FetchError, ...] = ()
    notes: tuple[str, ...] = ()


def expand_research(
    provider: Provider,
    documents: Sequence[Document],
    results: Sequence[ExtractionResult],
    extract: Extract,
    *,
    render: RenderSettings = DEFAULT_RENDER,
    links: LinkSettings = DEFAULT_LINKS,
    fetch_settings: FetchSettings | None = None,
    fetch_transport: httpx.AsyncBaseTransport | None = None,
    trusted_hosts: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
) -> Expansion:
    """Render what needs rendering and follow official links (see the module docstring).

    Args:
        provider: decides which links are official.
        documents: the fetched documents, in fetch order.
        results: their extraction results (same order).
        extract: the pipeline's extraction of documents (catalog formats, versions).
        render: rendering mode and per-page deadline.
        links: link depth and page cap.
        fetch_settings: the fetch limits for linked pages.
        fetch_transport: the transport linked pages are fetched through (``batch`` shares
            per-host limits across builds); ``None``: the fetch stage's guarded transport.
        trusted_hosts: hosts the user vouched for (``--source`` hosts, the environment's).
        env: where the browser setting is read.
    """
    trusted = frozenset(h.lower() for h in trusted_hosts)
    notes: list[str] = []
    errors: list[FetchError] = []

    def rendered(
        batch: Sequence[Document], batch_results: Sequence[ExtractionResult]
    ) -> list[Document]:
        """``batch`` with each rendered DOM inserted right after its raw page."""
        todo = [
            d
            for d, r in zip(batch, batch_results, strict=True)
            if d.url.startswith(("http://", "https://")) and wants_render(d, r, render.mode)
        ]
        if not todo:
            return list(batch)
        outcome = render_documents(todo, settings=render, trusted_hosts=trusted, env=env)
        notes.extend(outcome.notes)
        errors.extend(outcome.errors)
        twins = {d.rendered_from: d for d in outcome.documents}
        ordered: list[Document] = []
        for doc in batch:
            ordered.append(doc)
            if doc.sha256 in twins:
                ordered.append(twins[doc.sha256])
        return ordered

    web = [d for d in documents if d.url.startswith(("http://", "https://"))]
    by_doc = dict(zip(map(id, documents), results, strict=True))
    all_docs = rendered(documents, results)
    link_results: tuple[SearchResult, ...] = ()
    if web and links.depth > 0:

        def fetch(requests: Sequence[FetchRequest]) -> FetchOutcome:
            return fetch_documents(requests, settings=fetch_settings, transport=fetch_transport)

        def prepare(batch: Sequence[Document]) -> list[Document]:
            batch_results = extract(batch)
            by_doc.update(zip(map(id, batch), batch_results, strict=True))
            return rendered(batch, batch_results)

        outcome = follow_links(
            provider,
            current_documents(all_docs),
            fetch,
            settings=links,
            trusted_hosts=trusted,
            prepare=prepare,
        )
        all_docs.extend(outcome.documents)
        errors.extend(e for e in outcome.errors if isinstance(e, FetchError))
        link_results = outcome.results
        notes.extend(f"{r.url}: {r.reason}" for r in link_results)
    current = current_documents(all_docs)
    known = [by_doc.get(id(d)) for d in current]
    fresh = extract([d for d, r in zip(current, known, strict=True) if r is None])
    fresh_iter = iter(fresh)
    final = [r if r is not None else next(fresh_iter) for r in known]
    return Expansion(tuple(all_docs), tuple(final), link_results, tuple(errors), tuple(notes))
