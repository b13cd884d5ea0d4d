"""Official-source search: backends in a registry, the official-domain filter, variants.

Backends are registrations (:mod:`factory.research.backends`, one module each): ``catalog``
(the curated sources, no network), ``ddgs`` (the ddgs metasearch library, no key), ``brave``
(``BRAVE_SEARCH_API_KEY``) and ``searxng`` (``SEARXNG_URL``). A backend without its key
or URL is skipped with a note; a backend that fails becomes a note too, and the others
carry on. Every result says why it is (or is not) official: only official results may become
sources, third-party pages stay leads.
API keys travel in request headers only, never in results, notes or reasons.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from factory.errors import SearchError
from factory.models import Provider, SearchResult

# The registry's names stay importable from here (``as`` marks them re-exported).
from factory.research.backends import BackendSkipped as BackendSkipped
from factory.research.backends import Hit as Hit
from factory.research.backends import SearchContext, get_backend, web_backend_names
from factory.research.backends import backend_hosts as backend_hosts
from factory.research.backends import backend_names as backend_names
from factory.research.backends import register_backend as register_backend
from factory.research.backends import web_backends as web_backends
from factory.research.backends.registry import scrub as _scrub
from factory.research.catalog import registrable_domain

_LOCALE = re.compile(r"^/[a-z]{2}(?:-[a-z0-9]{2,4})?(?=/)")  # /en-us/graph -> /graph
QUERY_TEMPLATES = ("{name} OAuth scopes", "{name} API permissions reference")
# Google's devsite serves a Markdown copy of each page at <page>.md.txt.
DEVSITE_HOSTS = frozenset({"developers.google.com", "developers.google.cn"})
JSON_FORMATS = frozenset({"json", "openapi", "google-discovery", "oidc", "stone", "raml"})
#: Joins the names of the backends that found the same URL (``SearchResult.backend``).
BACKEND_JOIN = "+"


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """The results (official first, one per URL) and a note per skipped or failed backend."""

    results: tuple[SearchResult, ...]
    notes: tuple[str, ...] = ()

    @property
    def official(self) -> tuple[SearchResult, ...]:
        """Results that may become sources."""
        return tuple(r for r in self.results if r.is_official)

    @property
    def leads(self) -> tuple[SearchResult, ...]:
        """Third-party results: shown to people, never used as sources."""
        return tuple(r for r in self.results if not r.is_official)


def queries_for(provider: Provider) -> tuple[str, ...]:
    """The web queries asked for a provider ("TikTok OAuth scopes", ...)."""
    return tuple(t.format(name=provider.display_name) for t in QUERY_TEMPLATES)


def search_sources(
    provider: Provider,
    *,
    backends: Sequence[str] = ("catalog",),
    http_client: httpx.Client | None = None,
    env: Mapping[str, str] | None = None,
    ddgs_factory: Callable[[], Any] | None = None,
    max_results: int = 10,
) -> SearchOutcome:
    """Search every backend for a provider's official scope sources.

    Args:
        provider: the resolved provider (catalog or naming-engine fallback).
        backends: registered backend names, asked in this order.
        http_client: the client for HTTP backends (brave, searxng); one is made when None.
        env: where keys and URLs are read (``os.environ`` when None).
        ddgs_factory: builds the ddgs client (tests inject a fake); ``ddgs.DDGS`` when None.
        max_results: the most results one backend returns for one query.

    Returns:
        Results official first (backend order kept within each group), one per URL
        (fragment and trailing slash ignored; a URL several backends found names them all,
        ``"catalog+ddgs"``), and one note per skipped or failed backend.

    Raises:
        SearchError: a backend name is not registered.
    """
    unknown = [name for name in backends if get_backend(name) is None]
    if unknown:
        known = ", ".join(backend_names())
        raise SearchError(", ".join(unknown), f"unknown search backend (known: {known})")
    if env is None:
        env = os.environ
    context = SearchContext(env, http_client, ddgs_factory, max_results)
    queries = queries_for(provider)
    seen: dict[str, SearchResult] = {}
    notes: list[str] = []
    for name in backends:
        try:
            hits = get_backend(name).search(provider, queries, context)  # type: ignore[union-attr]
        except BackendSkipped as exc:
            notes.append(_scrub(f"search backend {name!r} skipped: {exc}", env))
            continue
        except SearchError as exc:
            notes.append(_scrub(str(exc), env))
            continue
        for hit in hits:
            key = _dedupe_key(hit.url)
            if not key:
                continue
            if key in seen:  # found again: the result says every backend that found it
                found = seen[key]
                if name not in found.backend.split(BACKEND_JOIN):
                    seen[key] = replace(found, backend=f"{found.backend}{BACKEND_JOIN}{name}")
                continue
            official, reason = official_verdict(hit.url, provider)
            seen[key] = SearchResult(
                url=hit.url,
                title=hit.title,
                backend=name,
                is_official=official,
                reason=reason,
                query=hit.query,
            )
    ordered = sorted(seen.values(), key=lambda r: not r.is_official)
    return SearchOutcome(results=tuple(ordered), notes=tuple(notes))


def official_verdict(url: str, provider: Provider) -> tuple[bool, str]:
    """Decide whether a URL is an official source of a provider, and say which rule decided.

    Rules, in order: the registrable domain (tldextract, bundled suffix list) is one of the
    provider's official domains; the exact URL is listed among the provider's catalog sources
    (specs kept in the provider's own repository); for a provider outside the catalog, the
    registrable domain carries the provider's name. Anything else is a third-party lead.

    Returns:
        ``(is_official, reason)``; the reason names the rule and the domain that decided.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False, f"not a web URL ({url[:80]!r}): ignored"
    name = provider.display_name
    domain = registrable_domain(host)
    scoped = [p.partition("/")[2] for p in provider.official_paths if p.partition("/")[0] == host]
    if scoped:  # a host several providers share: only this provider's paths count
        path = _LOCALE.sub("", parts.path.lower(), count=1)
        for prefix in scoped:
            if path == f"/{prefix}" or path.startswith(f"/{prefix}/"):
                return True, f"{host}/{prefix} is an official {name} documentation path"
        if _dedupe_key(url) not in {_dedupe_key(s.url) for s in provider.sources}:
            return False, (
                f"{host} is shared by several providers and {parts.path} is outside "
                f"{name}'s documentation paths: kept as a lead"
            )
    if domain and domain in provider.official_domains:
        return True, f"registrable domain {domain} is an official {name} domain"
    if _dedupe_key(url) in {_dedupe_key(s.url) for s in provider.sources}:
        # e.g. a spec in the provider's own GitHub repository, listed by hand in the catalog
        return True, f"listed in the catalog as an official {name} source ({host})"
    if not domain:
        return False, f"host {host} has no registrable domain: kept as a lead"
    if provider.official_domains:
        return False, f"third-party domain {domain}: kept as a lead"
    label = domain.split(".", 1)[0].replace("-", "")
    compact = provider.slug.replace("_", "")
    if compact in label or (len(label) >= 4 and compact.startswith(label)):
        return True, (
            f"registrable domain {domain} carries the name {name!r} "
            "(provider not in the catalog: name rule)"
        )
    return False, f"third-party domain {domain}: kept as a lead (it does not carry {name!r})"


def machine_readable_variants(url: str, provider: Provider) -> list[str]:
    """Machine-readable URLs worth trying for an official page, most specific first.

    ``<page>.md``, ``<page>.md.txt`` (Google devsite), the catalog's JSON endpoints on the same
    domain, ``/llms.txt`` and ``/.well-known/openid-configuration`` at the site root. A page
    that is not official gets none: variants of third-party pages are never fetched.
    """
    official, _ = official_verdict(url, provider)
    parts = urlsplit(url)
    if not official or not parts.hostname:
        return []
    root = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    page = parts.path.rstrip("/")
    variants: list[str] = []
    last = page.rsplit("/", 1)[-1]
    if page and "." not in last:
        variants.append(f"{root}{page}.md")
        if parts.hostname.lower() in DEVSITE_HOSTS:
            variants.append(f"{root}{page}.md.txt")
    domain = registrable_domain(parts.hostname)
    for source in provider.sources:
        if (
            source.machine_readable
            and source.format in JSON_FORMATS
            and registrable_domain(urlsplit(source.url).hostname or "") == domain
        ):
            variants.append(source.url)
    variants += [f"{root}/llms.txt", f"{root}/.well-known/openid-configuration"]
    own = _dedupe_key(url)
    return [v for v in dict.fromkeys(variants) if _dedupe_key(v) != own]


def provenance_notes(outcome: SearchOutcome, backends: Sequence[str]) -> list[str]:
    """Report notes saying where the official candidates came from.

    One summary line (how many from the catalog, from web search, from both), one line per
    official page web search found that the catalog does not list (the catalog may be
    stale), and, when every web backend asked was skipped or failed, a line saying the
    catalog served alone and why.
    """
    web = [b for b in backends if b in web_backend_names()]
    if not web:
        return []
    official = outcome.official
    by = [set(r.backend.split(BACKEND_JOIN)) for r in official]
    catalog_only = sum(1 for names in by if names == {"catalog"})
    both = sum(1 for names in by if "catalog" in names and len(names) > 1)
    web_only = len(official) - catalog_only - both
    notes = [
        f"search: {len(official)} official candidate(s) - {catalog_only} from the catalog "
        f"only, {web_only} from web search ({', '.join(web)}) only, {both} from both; "
        f"{len(outcome.leads)} third-party lead(s) not used"
    ]
    notes += [
        f"found by web search ({r.backend}), not in the catalog: {r.url}"
        for r, names in zip(official, by, strict=True)
        if "catalog" not in names
    ]
    failed = [n for n in outcome.notes if any(f"'{b}'" in n for b in web)]
    if len(failed) >= len(web):
        notes.append(
            "web search unavailable ("
            + "; ".join(failed)
            + "): only the catalog's sources were used"
        )
    return notes


def _dedupe_key(url: str) -> str:
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return ""
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))
