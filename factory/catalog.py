"""Provider catalog (placeholder: resolves names only; the research issue fills it)."""

from __future__ import annotations

from factory.models import Provider
from factory.naming import provider_names


def resolve_provider(name: str) -> Provider:
    """Resolve a provider name to a ``Provider`` (names from the naming engine)."""
    names = provider_names(name)
    return Provider(display_name=names.display_name, slug=names.slug, platform=names.platform)
