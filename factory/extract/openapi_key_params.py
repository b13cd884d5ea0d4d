"""An API key a spec takes as a parameter instead of declaring a security scheme.

Some specs declare no ``securitySchemes`` at all and take the key in every request: a path
segment (``/{apiKey}/getThing``), a query parameter (``?api_key=``) or a header
(``X-API-Key``), written inline or as a ``$ref`` whose last token names it
(``common.yaml#/apiKey``). Such a spec states its auth plainly even so: the key is the
credential. Only names that say "API key" count; ``key``, ``token`` or ``id`` alone do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from factory.extract.text import pointer_token

__all__ = ["key_parameters"]

_KEY_NAME = re.compile(r"(x[_-])?api[_-]?key", re.I)
_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _named(param: Any) -> str | None:
    """The name a parameter (inline, or a ``$ref`` read by its last token) gives."""
    if not isinstance(param, dict):
        return None
    if isinstance(param.get("name"), str):
        return param["name"]
    ref = param.get("$ref")
    if isinstance(ref, str):
        return ref.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or None
    return None


def _parameters(paths: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(name, where in words, JSON pointer) for each parameter and path template segment."""
    for path, item in paths.items():
        base = f"/paths/{pointer_token(str(path))}"
        for segment in _TEMPLATE.findall(str(path)):
            yield segment, f"path {path}", base
        if not isinstance(item, dict):
            continue
        holders = [("", item)] + [(m, item[m]) for m in _METHODS if isinstance(item.get(m), dict)]
        for method, holder in holders:
            params = holder.get("parameters")
            for index, param in enumerate(params if isinstance(params, list) else ()):
                name = _named(param)
                if name:
                    label = f"{method.upper()} {path}".strip()
                    ptr = f"{base}{'/' + method if method else ''}/parameters/{index}"
                    yield name, label, ptr


def key_parameters(root: dict[str, Any]) -> tuple[str, str] | None:
    """(evidence, pointer) for the first parameter that carries an API key, or None."""
    paths = root.get("paths")
    if not isinstance(paths, dict):
        return None
    for name, label, ptr in _parameters(paths):
        if _KEY_NAME.fullmatch(name.strip()):
            return f"{label} takes the API key as the parameter {name!r}", ptr
    return None
