"""Search backends, one module each, registered in :mod:`.registry` when this package loads.

A new backend is one module here that calls ``register_backend`` (name, search function,
the variables that switch it on, its hosts, its secret variables) and one line below.
"""

from factory.research.backends import brave, catalog, ddgs, searxng
from factory.research.backends.registry import (
    Backend,
    BackendSkipped,
    Hit,
    SearchContext,
    all_backends,
    backend_hosts,
    backend_names,
    get_backend,
    register,
    register_backend,
    unregister,
    web_backend_names,
    web_backends,
)

__all__ = [
    "Backend",
    "BackendSkipped",
    "Hit",
    "SearchContext",
    "all_backends",
    "backend_hosts",
    "backend_names",
    "brave",
    "catalog",
    "ddgs",
    "get_backend",
    "register",
    "register_backend",
    "searxng",
    "unregister",
    "web_backend_names",
    "web_backends",
]
