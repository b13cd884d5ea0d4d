"""Trust by origin: the scheme, host and port a user gave, never the host's other ports.

``--source http://H:8000/`` vouches for ``http://H:8000`` alone: a redirect or a followed
link to ``http://H:9000`` or ``https://H:8000`` passes the private-address guard like any
URL. Hosts in ``$CONNECTOR_FACTORY_TRUSTED_HOSTS`` are vouched for whole (every port).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final
from urllib.parse import urlsplit

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url``, lower-case, with the default port written out.

    Trust is given to an origin: ``--source http://H:8000/`` vouches for ``http://H:8000``
    alone, not for ``http://H:9000`` nor ``https://H:8000``.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:  # a port that is not a number: no origin anyone trusted
        port = -1
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def is_trusted(url: str, trusted: Collection[str]) -> bool:
    """Whether ``url`` skips the address guard: its origin is one the user gave (a
    ``--source`` URL), or its bare host is one the user vouched for as a whole
    (``$CONNECTOR_FACTORY_TRUSTED_HOSTS``)."""
    return origin(url) in trusted or (urlsplit(url).hostname or "").lower() in trusted


def connect_key(entry: str) -> str:
    """What the connection guard compares: ``host:port`` for an origin, else the bare host."""
    if "://" not in entry:
        return entry.lower()
    return entry.split("://", 1)[1].lower()
