"""The environment variables that hold the factory's own secrets, declared where they are used.

A search backend registers itself once (``factory.research.backends``) with the variables that
hold its key (``secret_vars``) or a URL whose credentials are secret (``secret_url_vars``);
the registration declares them here, on the ground floor, and redaction
(``factory.evidence.store``) reads them from here. So a new backend's key cannot be missed by
redaction, and the evidence floor needs no knowledge of research.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SecretNames:
    """Variables whose whole value is a secret, and variables holding URLs whose user info
    and key/token query parameters are secrets."""

    values: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()


_LOCK = threading.Lock()
_VALUES: dict[str, str] = {}  # variable -> who declared it
_URLS: dict[str, str] = {}


def declare_secrets(owner: str, values: Iterable[str] = (), urls: Iterable[str] = ()) -> None:
    """Record that ``owner`` (a backend's name) keeps secrets in these variables."""
    with _LOCK:
        for name in values:
            _VALUES.setdefault(name, owner)
        for name in urls:
            _URLS.setdefault(name, owner)


def declared_secrets() -> SecretNames:
    """Every variable declared so far, in declaration order."""
    with _LOCK:
        return SecretNames(tuple(_VALUES), tuple(_URLS))


def forget_secrets(owner: str) -> None:
    """Drop ``owner``'s declarations (a test's temporary backend)."""
    with _LOCK:
        for table in (_VALUES, _URLS):
            for name in [n for n, o in table.items() if o == owner]:
                del table[name]
