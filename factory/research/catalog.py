"""The curated provider catalog: load, validate and resolve provider names.

The catalog is package data (``factory/data/providers.yaml``): every fact in it carries the
URL it came from. Loading validates the whole file and reports *every* problem at once, each
naming the provider and the field. A name that is not in the catalog still resolves: the
naming engine gives its slug and platform, and research falls back to search plus the
official-domain rule (see ``factory.research.search``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import yaml

from factory.contract.naming import provider_names
from factory.errors import CatalogError, NamingError
from factory.models import ExtractionResult, Provider
from factory.research.catalog_schema import (
    KNOWN_AUTH_METHODS,
    KNOWN_CHANNELS,
    KNOWN_FORMATS,
    KNOWN_SCOPES_KINDS,
    SCOPE_ROLES,
    CatalogEntry,
    CatalogSource,
    build_entry,
    registrable_domain,
)
from factory.safeload import ShapeError, loads_yaml

__all__ = [
    "KNOWN_AUTH_METHODS",
    "KNOWN_CHANNELS",
    "KNOWN_FORMATS",
    "KNOWN_SCOPES_KINDS",
    "CatalogEntry",
    "CatalogSource",
    "catalog_entry",
    "catalog_source_notes",
    "default_catalog_path",
    "load_catalog",
    "load_entries",
    "lookup_keys",
    "registrable_domain",
    "resolve_provider",
]


def lookup_keys(name: str) -> tuple[str, ...]:
    """Keys a name matches under: its slug and the slug without separators."""
    try:
        slug = provider_names(name).slug
    except NamingError:
        return ()
    return tuple(dict.fromkeys((slug, slug.replace("_", ""))))


#: libyaml's loader when PyYAML has it: the catalog loads in ~15 ms instead of ~150 ms.


#: An environment variable naming a catalog file to use instead of the packaged one (a
#: catalog maintainer's working copy, a test's recorded web).
CATALOG_ENV = "CONNECTOR_FACTORY_CATALOG"


def default_catalog_path() -> Path:
    """The catalog in use: ``$CONNECTOR_FACTORY_CATALOG`` when set, else the packaged one."""
    override = os.environ.get(CATALOG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(str(resources.files("factory") / "data" / "providers.yaml"))


def load_entries(path: Path | None = None) -> tuple[CatalogEntry, ...]:
    """Load and validate a catalog file (the catalog in use, cached, when ``path`` is None).

    Raises:
        CatalogError: the file is unreadable, not YAML, or breaks the schema.
    """
    if path is None:
        return _load_cached(default_catalog_path())
    return _load(Path(path))


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path) -> tuple[CatalogEntry, ...]:
    return _load(path)


def load_catalog(path: Path | None = None) -> tuple[Provider, ...]:
    """Every catalog provider as a ``Provider``.

    Args:
        path: a catalog file (tests); None for the packaged catalog (loaded once, cached).

    Raises:
        CatalogError: the catalog is invalid (message names provider and field).
    """
    return tuple(entry.provider for entry in load_entries(path))


def catalog_entry(name: str, *, path: Path | None = None) -> CatalogEntry | None:
    """The catalog entry a name, slug or alias refers to, or None when it is not listed."""
    wanted = set(lookup_keys(name))
    for entry in load_entries(path):
        if wanted & set(_entry_keys(entry.display_name, entry.aliases)):
            return entry
    return None


def resolve_provider(name: str, *, catalog: Sequence[Provider] | None = None) -> Provider:
    """Resolve a provider name to a ``Provider``.

    Display names, slugs and aliases match case-insensitively and regardless of separators
    ("Google Ads", "google-ads", "googleads", "AdWords").

    Args:
        name: the provider name people typed.
        catalog: the providers to search; None for the packaged catalog.

    Returns:
        The catalog's provider, or for an unknown name a ``Provider`` from the naming engine
        with ``in_catalog=False`` and no official domains.

    Raises:
        NamingError: no slug can be made from the name.
        CatalogError: the packaged catalog is invalid.
    """
    names = provider_names(name)
    wanted = set(lookup_keys(name))
    for provider in load_catalog() if catalog is None else catalog:
        if wanted & set(_entry_keys(provider.display_name, provider.aliases)):
            return provider
    return Provider(display_name=names.display_name, slug=names.slug, platform=names.platform)


def catalog_source_notes(provider: Provider, results: Sequence[ExtractionResult]) -> list[str]:
    """Report notes on the catalog sources a build read: proof and role.

    One note per document read from a catalog source that carries no proof (the report says
    the build leaned on an unverified page), and one per ``scope-list`` or
    ``machine-readable`` source that yielded no scope (the page moved or changed: a finding).
    An ``auth-guide``, ``changelog`` or ``legacy`` page without scopes is no finding.
    """
    known = {s.url: s for s in provider.sources}
    notes: list[str] = []
    for result in results:
        ref = known.get(result.source)
        if ref is None:
            continue
        if ref.verified is False:
            notes.append(f"catalog source used without proof (unverified): {ref.url}")
        if ref.role in SCOPE_ROLES and not result.scopes:
            notes.append(
                f"catalog {ref.role} source yielded no scopes (moved or changed? "
                f"run providers --check): {ref.url}"
            )
    return notes


def _entry_keys(display_name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    keys: list[str] = []
    for label in (display_name, *aliases):
        keys.extend(lookup_keys(label))
    return tuple(dict.fromkeys(keys))


def _load(path: Path) -> tuple[CatalogEntry, ...]:
    try:
        data = loads_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(str(path), [f"cannot read the file: {exc.strerror or exc}"]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogError(str(path), [f"not valid YAML: {exc}"]) from exc
    except ShapeError as exc:
        raise CatalogError(str(path), [f"refused: {exc}"]) from exc
    raw = data.get("providers") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise CatalogError(str(path), ["top level needs a non-empty 'providers' list"])
    problems: list[str] = []
    entries: list[CatalogEntry] = []
    owners: dict[str, str] = {}
    for index, item in enumerate(raw):
        entry = build_entry(index, item, problems)
        if entry is None:
            continue
        for key in _entry_keys(entry.display_name, entry.aliases):
            other = owners.setdefault(key, entry.display_name)
            if other != entry.display_name:
                problems.append(
                    f"{entry.display_name}: name or alias {key!r} is also used by {other}"
                )
        entries.append(entry)
    if problems:
        raise CatalogError(str(path), problems)
    return tuple(entries)
