"""The ``searxng`` backend: a SearXNG instance's ``format=json`` API at ``SEARXNG_URL``."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from factory.errors import SearchError
from factory.models import Provider
from factory.research.backends.registry import (
    BackendSkipped,
    Hit,
    SearchContext,
    get_json,
    register_backend,
    rows_to_hits,
)

URL_VAR = "SEARXNG_URL"


@register_backend(
    "searxng", rank=30, needs=(URL_VAR,), host_vars=(URL_VAR,), secret_url_vars=(URL_VAR,)
)
def searxng_backend(provider: Provider, queries: Sequence[str], ctx: SearchContext) -> list[Hit]:
    """Ask the instance each query (its URL's credentials are redacted like a key)."""
    base = ctx.env.get(URL_VAR, "").strip()
    if not base:
        raise BackendSkipped(f"{URL_VAR} is not set")
    if urlsplit(base).scheme not in ("http", "https"):
        raise SearchError("searxng", f"{URL_VAR} must be an http(s) URL")
    endpoint = base.rstrip("/") + "/search"
    hits: list[Hit] = []
    for query in queries:
        data = get_json("searxng", endpoint, {"q": query, "format": "json"}, {}, ctx)
        rows = data.get("results") if isinstance(data, dict) else None
        hits += rows_to_hits(rows, query, ctx.max_results)
    return hits
