"""The ``ddgs`` backend: the ddgs metasearch library, no key."""

from __future__ import annotations

from collections.abc import Sequence

from factory.errors import SearchError
from factory.models import Provider
from factory.research.backends.registry import Hit, SearchContext, register_backend


@register_backend("ddgs", rank=10, hosts=("duckduckgo.com",))
def ddgs_backend(provider: Provider, queries: Sequence[str], ctx: SearchContext) -> list[Hit]:
    """Ask ddgs each query; imported here so ``import factory`` stays light."""
    factory_fn = ctx.ddgs_factory
    if factory_fn is None:
        from ddgs import DDGS

        factory_fn = DDGS
    hits: list[Hit] = []
    for query in queries:
        try:
            rows = factory_fn().text(query, max_results=ctx.max_results)
        except Exception as exc:  # any library failure is one backend's failure, not the run's
            raise SearchError("ddgs", f"query {query!r} failed: {exc}") from exc
        for row in rows or []:
            if isinstance(row, dict) and isinstance(row.get("href"), str):
                hits.append(Hit(row["href"], str(row.get("title") or ""), query))
    return hits
