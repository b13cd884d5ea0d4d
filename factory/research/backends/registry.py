"""The search backend registry: one registration per backend, read by every stage that cares.

A backend is one module in this folder that calls :func:`register_backend` once with
everything the factory must know about it: its name, the environment variables that switch
it on, the hosts it talks to (fixed, or read from a URL variable), and the variables that hold
its secrets. The registration declares those secrets to :mod:`factory.secrets`, which
redaction reads, so a new backend's key is redacted without touching redaction code. Search
(:mod:`factory.research.search`), the network check (``backend_hosts``) and the default
backend list (``web_backends``) all read this registry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from factory.errors import SearchError
from factory.models import Provider
from factory.secrets import declare_secrets, forget_secrets

if TYPE_CHECKING:
    import httpx

USER_AGENT = "connector-factory/0.1 (+official OAuth scope research)"
TIMEOUT_SECONDS = 15.0


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


class BackendSkipped(Exception):
    """A backend lacks its configuration (key or URL): skipped with a note, not an error."""


Search = Callable[[Provider, Sequence[str], SearchContext], list[Hit]]


@dataclass(frozen=True, slots=True)
class Backend:
    """One search backend's registration.

    Attributes:
        name: the name ``--search`` takes.
        search: ``search(provider, queries, context) -> [Hit]``.
        web: a web search backend (asked by default when configured; counted in provenance).
        needs: environment variables that must all be set for it to be asked by default.
        hosts: host names it talks to.
        host_vars: variables holding a URL whose host it talks to.
        secret_vars: variables whose value is a secret (redacted wherever it appears).
        secret_url_vars: variables holding URLs whose credentials are secrets.
    """

    name: str
    search: Search
    web: bool = True
    needs: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    host_vars: tuple[str, ...] = ()
    secret_vars: tuple[str, ...] = ()
    secret_url_vars: tuple[str, ...] = ()
    rank: int = 50  # default order among web backends (lower first)

    def configured(self, env: Mapping[str, str]) -> bool:
        """Whether every variable it needs is set."""
        return all(env.get(name, "").strip() for name in self.needs)

    def hosts_in(self, env: Mapping[str, str]) -> list[str]:
        """The host names it needs under ``env``."""
        found = list(self.hosts)
        for name in self.host_vars:
            try:
                found.append(urlsplit(env.get(name, "").strip()).hostname or "")
            except ValueError:
                continue
        return [h for h in found if h]


_LOCK = threading.Lock()
_REGISTRY: dict[str, Backend] = {}


def register(backend: Backend) -> Backend:
    """Register ``backend`` (replacing one of the same name) and declare its secrets."""
    with _LOCK:
        _REGISTRY[backend.name] = backend
    declare_secrets(backend.name, backend.secret_vars, backend.secret_url_vars)
    return backend


def unregister(name: str) -> None:
    """Remove a backend and its secret declarations (tests' temporary backends)."""
    with _LOCK:
        _REGISTRY.pop(name, None)
    forget_secrets(name)


def register_backend(name: str, **spec: Any) -> Callable[[Search], Search]:
    """Register the decorated function as backend ``name`` (``spec``: :class:`Backend`'s
    other fields)."""

    def decorate(func: Search) -> Search:
        register(Backend(name, func, **spec))
        return func

    return decorate


def get_backend(name: str) -> Backend | None:
    """The registration of ``name``, or None."""
    with _LOCK:
        return _REGISTRY.get(name)


def backend_names() -> tuple[str, ...]:
    """Every registered backend name, sorted."""
    with _LOCK:
        return tuple(sorted(_REGISTRY))


def all_backends() -> tuple[Backend, ...]:
    """Every registration, in registration order."""
    with _LOCK:
        return tuple(_REGISTRY.values())


def web_backends(env: Mapping[str, str]) -> tuple[str, ...]:
    """The web search backends to ask by default: those whose variables are all set."""
    ranked = sorted((b for b in all_backends() if b.web), key=lambda b: b.rank)
    return tuple(b.name for b in ranked if b.configured(env))


def web_backend_names() -> tuple[str, ...]:
    """Every registered web search backend, configured or not."""
    return tuple(b.name for b in sorted(all_backends(), key=lambda b: b.rank) if b.web)


def backend_hosts(backends: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """The host names the named backends need (none for the catalog)."""
    hosts = [h for name in backends if (b := get_backend(name)) for h in b.hosts_in(env)]
    return list(dict.fromkeys(hosts))


def scrub(text: str, env: Mapping[str, str]) -> str:
    """``text`` with every registered secret value replaced by ``***`` (defence in depth: a
    library may echo a key in its error)."""
    for backend in all_backends():
        for name in backend.secret_vars:
            secret = env.get(name, "")
            if len(secret) >= 4:
                text = text.replace(secret, "***")
    return text


def get_json(
    backend: str,
    url: str,
    params: Mapping[str, str],
    headers: Mapping[str, str],
    ctx: SearchContext,
) -> Any:
    """GET a JSON search API; every failure becomes a SearchError naming the backend."""
    import httpx  # loaded when a web backend first asks, so the registry itself stays light

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


def rows_to_hits(rows: Any, query: str, limit: int) -> list[Hit]:
    """``[{"url": ..., "title": ...}]`` rows of a JSON search API as hits."""
    if not isinstance(rows, list):
        return []
    hits = [
        Hit(row["url"], str(row.get("title") or ""), query)
        for row in rows
        if isinstance(row, dict) and isinstance(row.get("url"), str)
    ]
    return hits[:limit]
