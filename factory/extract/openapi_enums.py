"""Scope names a spec enumerates outside its security schemes.

Some specs declare two or three scopes in their oauth2 scheme and hold the full list
elsewhere:

- an ``enum`` whose owner is named after scopes: a ``Scopes``/``OAuthScope`` schema under
  ``components.schemas`` (or ``definitions``), a ``scope`` property, a ``scope`` parameter;
  descriptions come from ``x-enum-descriptions``/``x-enumDescriptions`` when given, or from
  a ``oneOf`` of ``const``/``description`` pairs;
- an OIDC discovery document shown as an example (``scopes_supported: [...]``).

An enum counts only when its values are all scope-shaped and either one of them is a scope a
scheme declares or its description speaks of OAuth scopes and tokens: a ``scope`` filter of
a list endpoint (``created_by_me``, ``all``) is not a scope list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from factory.extract.text import looks_like_scope, mentions_scopes, pointer_token

__all__ = ["EnumScope", "enum_scopes"]

# Named after scopes as a whole ("Scopes", "OAuthScope", "scope", "scope_names"); a name that
# only contains the word ("ScopesContext", "scopeType") holds something about scopes.
_OWNER = re.compile(
    r"(o?auth[_-]?|api[_-]?|token[_-]?)?scopes?([_-]?(names?|values?|list|enum))?", re.I
)
_STRUCTURAL = frozenset(
    {"schema", "items", "allOf", "oneOf", "anyOf", "additionalProperties", "not", "content"}
)
_OAUTH = re.compile(r"\b(oauth\w*|access\s+tokens?|tokens?|authori[sz]\w*)\b", re.I)
_MAX_NODES = 200_000


@dataclass(frozen=True, slots=True)
class EnumScope:
    """A scope a spec enumerates: name, description (None when the spec gives none), where."""

    name: str
    description: str | None
    pointer: str


def _walk(root: Any) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(pointer, owner name, node, inherited description) for every mapping in the spec."""
    stack: list[tuple[Any, str, str, str]] = [(root, "", "", "")]
    seen = 0
    while stack and seen < _MAX_NODES:
        node, pointer, owner, desc = stack.pop()
        seen += 1
        if isinstance(node, list):
            for i, child in reversed(list(enumerate(node))):
                stack.append((child, f"{pointer}/{i}", owner, desc))
            continue
        if not isinstance(node, dict):
            continue
        own = node.get("description")
        desc = own if isinstance(own, str) else desc
        if isinstance(node.get("name"), str) and "in" in node:
            owner = node["name"]  # a parameter: its schema is named by the parameter
        yield pointer, owner, node, desc
        for key, child in reversed(list(node.items())):
            key = str(key)
            child_owner = owner if key in _STRUCTURAL else key
            stack.append((child, f"{pointer}/{pointer_token(key)}", child_owner, desc))


def _descriptions(node: dict[str, Any], values: list[str]) -> dict[str, str]:
    for key in ("x-enum-descriptions", "x-enumDescriptions", "x-enum-description"):
        raw = node.get(key)
        if isinstance(raw, list) and len(raw) == len(values):
            return {v: " ".join(str(d).split()) for v, d in zip(values, raw, strict=True) if d}
        if isinstance(raw, dict):
            return {str(k): " ".join(str(d).split()) for k, d in raw.items() if d}
    return {}


def _one_of(node: dict[str, Any]) -> list[tuple[str, str | None]]:
    """``oneOf: [{const: x, description: ...}]``: an enum written with its descriptions."""
    items = node.get("oneOf")
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("const"), str):
            return []
        desc = item.get("description") or item.get("title")
        out.append((item["const"], " ".join(str(desc).split()) if desc else None))
    return out


def enum_scopes(root: dict[str, Any], declared: set[str]) -> list[EnumScope]:
    """Scopes enumerated outside the security schemes, in document order, first place kept.

    Args:
        root: The parsed spec.
        declared: The scope names the security schemes declare.
    """
    out: dict[str, EnumScope] = {}
    for pointer, owner, node, desc in _walk(root):
        listed = node.get("scopes_supported")
        if isinstance(listed, list) and len(listed) >= 2:
            names = [v for v in listed if isinstance(v, str)]
            if len(names) == len(listed) and all(looks_like_scope(v) for v in names):
                for v in names:
                    out.setdefault(v, EnumScope(v, None, f"{pointer}/scopes_supported"))
        if not _OWNER.fullmatch(owner):
            continue
        pairs = _one_of(node)
        if not pairs and isinstance(node.get("enum"), list):
            values = node["enum"]
            if not all(isinstance(v, str) for v in values):
                continue
            described = _descriptions(node, values)
            pairs = [(v, described.get(v)) for v in values]
        where = "/oneOf" if node.get("oneOf") and pairs and "enum" not in node else "/enum"
        if len(pairs) < 2 or not all(looks_like_scope(v) for v, _ in pairs):
            continue
        about = desc or ""
        if not ({v for v, _ in pairs} & declared) and not (
            mentions_scopes(about) and _OAUTH.search(about)
        ):
            continue
        for v, d in pairs:
            out.setdefault(v, EnumScope(v, d, f"{pointer}{where}"))
    return list(out.values())
