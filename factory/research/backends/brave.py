"""The ``brave`` backend: Brave's web search JSON API (``BRAVE_SEARCH_API_KEY``)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from factory.models import Provider
from factory.research.backends.registry import (
    BackendSkipped,
    Hit,
    SearchContext,
    get_json,
    register_backend,
    rows_to_hits,
)

BRAVE_ENDPOINT = "https://api.search.brave.com/res/v1/web/search"
KEY_VAR = "BRAVE_SEARCH_API_KEY"


@register_backend(
    "brave",
    rank=20,
    needs=(KEY_VAR,),
    hosts=(urlsplit(BRAVE_ENDPOINT).hostname or "",),
    secret_vars=(KEY_VAR,),
)
def brave_backend(provider: Provider, queries: Sequence[str], ctx: SearchContext) -> list[Hit]:
    """Ask Brave each query; the key goes in the X-Subscription-Token header only."""
    key = ctx.env.get(KEY_VAR, "").strip()
    if not key:
        raise BackendSkipped(f"{KEY_VAR} is not set")
    headers = {"X-Subscription-Token": key, "Accept": "application/json"}
    hits: list[Hit] = []
    for query in queries:
        params = {"q": query, "count": str(min(ctx.max_results, 20))}
        data = get_json("brave", BRAVE_ENDPOINT, params, headers, ctx)
        web = data.get("web") if isinstance(data, dict) else None
        rows = web.get("results") if isinstance(web, dict) else None
        hits += rows_to_hits(rows, query, ctx.max_results)
    return hits
