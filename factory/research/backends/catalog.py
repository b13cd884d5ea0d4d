"""The ``catalog`` backend: the provider's curated sources, no network at all."""

from __future__ import annotations

from collections.abc import Sequence

from factory.models import Provider
from factory.research.backends.registry import BackendSkipped, Hit, SearchContext, register_backend


@register_backend("catalog", web=False)
def catalog_backend(provider: Provider, queries: Sequence[str], ctx: SearchContext) -> list[Hit]:
    """The catalog's official sources for ``provider``."""
    if not provider.in_catalog:
        raise BackendSkipped(f"{provider.display_name} is not in the provider catalog")
    if not provider.sources:
        raise BackendSkipped(f"the catalog lists no official source for {provider.display_name}")
    return [Hit(url=s.url, title=s.label, query="catalog") for s in provider.sources]
