"""The extractor registry: source kind -> extractor function.

An extractor is a pure function of one ``Document`` (no network) returning an
``ExtractionResult``. Modules register themselves with ``@register("kind")``; callers pick one
with ``get_extractor`` (or let ``factory.extract.extract_document`` detect the kind).
"""

from __future__ import annotations

from collections.abc import Callable

from factory.errors import ExtractionError
from factory.models import Document, ExtractionResult

Extractor = Callable[[Document], ExtractionResult]

_EXTRACTORS: dict[str, Extractor] = {}


def register(kind: str) -> Callable[[Extractor], Extractor]:
    """Register ``func`` as the extractor for ``kind`` (a decorator)."""

    def decorate(func: Extractor) -> Extractor:
        _EXTRACTORS[kind] = func
        return func

    return decorate


def get_extractor(kind: str) -> Extractor:
    """The extractor registered for ``kind``.

    Raises:
        ExtractionError: no extractor is registered under that kind.
    """
    try:
        return _EXTRACTORS[kind]
    except KeyError:
        known = ", ".join(sorted(_EXTRACTORS)) or "none"
        raise ExtractionError(kind, f"unknown source kind (known: {known})") from None


def kinds() -> tuple[str, ...]:
    """Every registered source kind, sorted."""
    return tuple(sorted(_EXTRACTORS))
