"""Official-source search: backends in a registry, the official-domain filter, variants.

Backends (``register_backend``): ``catalog`` (the curated sources, no network), ``ddgs`` (the
ddgs metasearch library, no key), ``brave`` (``BRAVE_SEARCH_API_KEY``) and ``searxng``
(``SEARXNG_URL``). A backend without its key or URL is skipped with a note; a backend that
fails becomes a note too, and the others carry on. Every result says why it is (or is not)
official: only official results may become sources, third-party pages stay leads.
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
from factory.research.catalog import registrable_domain

_LOCALE = re.compile(r"^/[a-z]{2}(?:-[a-z0-9]{2,4})?(?=/)")  # /en-us/graph -> /graph
QUERY_TEMPLATES = ("{name} OAuth scopes", "{name} API permissions reference")
BRAVE_ENDPOINT = "https://api.search.brave.com/res/v1/web/search"
USER_AGENT = "connector-factory/0.1 (+official OAuth scope research)"
TIMEOUT_SECONDS = 15.0
# Google's devsite serves a Markdown copy of each page at <page>.md.txt.
DEVSITE_HOSTS = frozenset({"developers.google.com", "developers.google.cn"})
JSON_FORMATS = frozenset({"json", "openapi", "google-discovery", "oidc", "stone"})
#: Joins the names of the backends that found the same URL (``SearchResult.backend``).
BACKEND_JOIN = "+"
#: Web search backends: every build asks them beside the catalog (when configured).
WEB_BACKENDS = ("ddgs", "brave", "searxng")
#: The host each web backend needs (the network probe resolves these before searching).
_BACKEND_HOSTS = {"ddgs": "duckduckgo.com", "brave": urlsplit(BRAVE_ENDPOINT).hostname or ""}


@dataclass(frozen=True, slots=True)
class Hit:
    """What a backend found, before the official filter."""

    url: str
    title: str = ""
    query: str = ""


@dataclass(frozen=True, slots=True)
class SearchContext:
    """Everything a backend may use; passed in so tests can inject fakes."""

    env: Mapping[str, str]
    http_client: httpx.Client | None
    ddgs_factory: Callable[[], Any] | None
    max_results: int


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


class BackendSkipped(Exception):
    """A backend lacks its configuration (key or URL): skipped with a note, not an error."""


Backend = Callable[[Provider, Sequence[str], SearchContext], list[Hit]]
_BACKENDS: dict[str, Backend] = {}


def register_backend(name: str) -> Callable[[Backend], Backend]:
    """Register a search backend under ``name`` (a decorator)."""

    def decorate(func: Backend) -> Backend:
        _BACKENDS[name] = func
        return func

    return decorate


def backend_names() -> tuple[str, ...]:
    """Every registered backend name, sorted."""
    return tuple(sorted(_BACKENDS))


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
    unknown = [name for name in backends if name not in _BACKENDS]
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
            hits = _BACKENDS[name](provider, queries, context)
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


def web_backends(env: Mapping[str, str]) -> tuple[str, ...]:
    """The web search backends to ask: ``ddgs`` (no key), plus ``brave`` and ``searxng``
    when their key or URL is set."""
    web = ["ddgs"]
    web += ["brave"] if env.get("BRAVE_SEARCH_API_KEY", "").strip() else []
    web += ["searxng"] if env.get("SEARXNG_URL", "").strip() else []
    return tuple(web)


def backend_hosts(backends: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """The host names the named backends need (none for the catalog)."""
    hosts = [_BACKEND_HOSTS.get(name, "") for name in backends]
    if "searxng" in backends:
        hosts.append(urlsplit(env.get("SEARXNG_URL", "").strip()).hostname or "")
    return [h for h in dict.fromkeys(hosts) if h]


def provenance_notes(outcome: SearchOutcome, backends: Sequence[str]) -> list[str]:
    """Report notes saying where the official candidates came from.

    One summary line (how many from the catalog, from web search, from both), one line per
    official page web search found that the catalog does not list (the catalog may be
    stale), and, when every web backend asked was skipped or failed, a line saying the
    catalog served alone and why.
    """
    web = [b for b in backends if b in WEB_BACKENDS]
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


def _scrub(text: str, env: Mapping[str, str]) -> str:
    # Defence in depth: a secret must never reach a note even if a library echoes it.
    secret = env.get("BRAVE_SEARCH_API_KEY", "")
    return text.replace(secret, "***") if len(secret) >= 4 else text


# ----------------------------------------------------------------------------- backends


@register_backend("catalog")
def _catalog_backend(provider: Provider, queries: Sequence[str], ctx: SearchContext) -> list[Hit]:
    """The provider's curated sources: no network at all."""
    if not provider.in_catalog:
        raise BackendSkipped(f"{provider.display_name} is not in the provider catalog")
    if not provider.sources:
        raise BackendSkipped(f"the catalog lists no official source for {provider.display_name}")
    return [Hit(url=s.url, title=s.label, query="catalog") for s in provider.sources]


@register_backend("ddgs")
def _ddgs_backend(provider: Provider, queries: Sequence[str], ctx: SearchContext) -> list[Hit]:
    """The ddgs metasearch library (no key); imported here so ``import factory`` stays light."""
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


@register_backend("brave")
def _brave_backend(provider: Provider, queries: Sequence[str], ctx: SearchContext) -> list[Hit]:
    """Brave's web search JSON API; the key goes in the X-Subscription-Token header only."""
    key = ctx.env.get("BRAVE_SEARCH_API_KEY", "").strip()
    if not key:
        raise BackendSkipped("BRAVE_SEARCH_API_KEY is not set")
    headers = {"X-Subscription-Token": key, "Accept": "application/json"}
    hits: list[Hit] = []
    for query in queries:
        params = {"q": query, "count": str(min(ctx.max_results, 20))}
        data = _get_json("brave", BRAVE_ENDPOINT, params, headers, ctx)
        web = data.get("web") if isinstance(data, dict) else None
        rows = web.get("results") if isinstance(web, dict) else None
        hits += _rows_to_hits(rows, query, ctx.max_results)
    return hits


@register_backend("searxng")
def _searxng_backend(provider: Provider, queries: Sequence[str], ctx: SearchContext) -> list[Hit]:
    """A SearXNG instance's ``format=json`` API at ``SEARXNG_URL``."""
    base = ctx.env.get("SEARXNG_URL", "").strip()
    if not base:
        raise BackendSkipped("SEARXNG_URL is not set")
    if urlsplit(base).scheme not in ("http", "https"):
        raise SearchError("searxng", "SEARXNG_URL must be an http(s) URL")
    endpoint = base.rstrip("/") + "/search"
    hits: list[Hit] = []
    for query in queries:
        data = _get_json("searxng", endpoint, {"q": query, "format": "json"}, {}, ctx)
        rows = data.get("results") if isinstance(data, dict) else None
        hits += _rows_to_hits(rows, query, ctx.max_results)
    return hits


def _rows_to_hits(rows: Any, query: str, limit: int) -> list[Hit]:
    if not isinstance(rows, list):
        return []
    hits = [
        Hit(row["url"], str(row.get("title") or ""), query)
        for row in rows
        if isinstance(row, dict) and isinstance(row.get("url"), str)
    ]
    return hits[:limit]


def _get_json(
    backend: str,
    url: str,
    params: Mapping[str, str],
    headers: Mapping[str, str],
    ctx: SearchContext,
) -> Any:
    """GET a JSON search API; every failure becomes a SearchError naming the backend."""
    all_headers = {"User-Agent": USER_AGENT, **headers}
    try:
        if ctx.http_client is not None:
            response = ctx.http_client.get(url, params=params, headers=all_headers)
        else:
            with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True) as client:
                response = client.get(url, params=params, headers=all_headers)
        response.raise_for_status()
        return response.json()
    except httpx.HTTPStatusError as exc:
        # Only the status: the request line is not repeated back (it may carry parameters).
        raise SearchError(backend, f"HTTP {exc.response.status_code}") from exc
    except httpx.HTTPError as exc:
        raise SearchError(backend, f"{type(exc).__name__}: {exc}") from exc
    except ValueError as exc:
        raise SearchError(backend, "the response is not JSON") from exc
