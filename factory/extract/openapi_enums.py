"""Scope names a spec enumerates outside its security schemes.

Some specs declare two or three scopes in their oauth2 scheme and hold the full list
elsewhere; others declare none at all (an http bearer token) and name the scopes only in a
schema:

- an ``enum`` whose owner is named after scopes: a ``Scopes``/``OAuthScope``/``AppScope``
  schema under ``components.schemas`` (or ``definitions``), a ``scope`` property, a
  ``scope`` parameter, followed through a local ``$ref`` (``scope: {items: {$ref: ...}}``);
  descriptions come from ``x-enum-descriptions``/``x-enumDescriptions``/``enumDescriptions``
  (a list or a map), from a ``oneOf`` of ``const``/``description`` pairs, or from the
  description's own ``value: text`` lines;
- an OIDC discovery document shown as an example (``scopes_supported: [...]``).

An enum counts only when its values are all scope-shaped and one of these says they are
scopes: one of them is a scope a scheme declares, or its description speaks of OAuth scopes
and tokens. When no scheme declares any scope (the ``loose`` reading) two more signs count: a
value is an OpenID Connect scope (``openid``, ``offline_access``), or the field sits beside
fields only an OAuth request has (``grant_type``, ``response_type``, ``code_challenge``).
Words alone do not: "the scope of a search" (``user``/``org``/``repo``), "the execution scope
of a dependency ... more granular scopes", "payment consent scopes" are other senses of the
word, and a ``scope`` filter of a list endpoint (``created_by_me``, ``all``) is no scope list.
An enum named ``permission(s)`` counts only in the loose reading and when its description
speaks of tokens or API keys (a collaborator's ``pull``/``push``/``admin`` is a role).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from factory.extract.spec_text import value_lines
from factory.extract.text import looks_like_scope, mentions_scopes, pointer_token, resolve_pointer

__all__ = ["EnumScope", "enum_scopes"]

# Named after scopes as a whole ("Scopes", "OAuthScope", "scope", "scope_names"); a name that
# only contains the word ("ScopesContext", "scopeType") holds something about scopes.
_OWNER = re.compile(
    r"(o?auth[_-]?|api[_-]?|token[_-]?)?scopes?([_-]?(names?|values?|list|enum))?", re.I
)
# ... or the scopes of something: "LiffScope", "AppScopes", "client_scopes".
_OF_SOMETHING = re.compile(r"[A-Za-z0-9]*(?:[a-z0-9]Scopes?|[_-][Ss]copes?)")
_WORDS = re.compile(r"scope|permission", re.I)
_PERMISSIONS = re.compile(r"(o?auth[_-]?|api[_-]?|token[_-]?|key[_-]?)?permissions?", re.I)
_STRUCTURAL = frozenset(
    {"schema", "items", "allOf", "oneOf", "anyOf", "additionalProperties", "not", "content"}
)
_OAUTH = re.compile(r"\b(oauth\w*|access\s+tokens?|tokens?|authori[sz]\w*)\b", re.I)
_KEYS = re.compile(r"\b(oauth\w*|tokens?|(api|access)[\s_-]?keys?|authori[sz]\w*)\b", re.I)
_OIDC = frozenset({"openid", "offline_access"})
# Fields only an OAuth request has: a "client_id" or "redirect_uri" alone is any API client's.
_OAUTH_FIELDS = frozenset({"granttype", "responsetype", "codechallenge", "codechallengemethod"})
_DESC_KEYS = ("x-enum-descriptions", "x-enumDescriptions", "x-enum-description", "enumDescriptions")
_MAX_NODES = 200_000
_CONTAINERS = (dict, list)


@dataclass(frozen=True, slots=True)
class EnumScope:
    """A scope a spec enumerates: name, description (None when the spec gives none), where,
    and why the enumeration was taken for scopes."""

    name: str
    description: str | None
    pointer: str
    why: str = ""


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).lower()


def _walk(root: Any) -> Iterator[tuple[str, str, dict[str, Any], str, frozenset[str]]]:
    """(pointer, owner, node, about, beside) for every mapping in the spec: the name it is
    known by (schema, property or parameter name), its own description or the nearest one
    above it, and the names of the properties or parameters next to its owner."""
    empty: frozenset[str] = frozenset()
    stack: list[tuple[Any, str, str, str, frozenset[str]]] = [(root, "", "", "", empty)]
    seen = 0
    while stack and seen < _MAX_NODES:
        node, pointer, owner, desc, beside = stack.pop()
        seen += 1
        if isinstance(node, list):
            names = beside
            if pointer.endswith("/parameters"):
                names = frozenset(
                    _squash(p["name"])
                    for p in node
                    if isinstance(p, dict) and isinstance(p.get("name"), str)
                )
            for i in range(len(node) - 1, -1, -1):
                if isinstance(node[i], _CONTAINERS):
                    stack.append((node[i], f"{pointer}/{i}", owner, desc, names))
                else:
                    seen += 1  # a scalar: counted, never a mapping to read
            continue
        if not isinstance(node, dict):
            continue
        own = node.get("description")
        desc = own if isinstance(own, str) else desc
        if isinstance(node.get("name"), str) and "in" in node:
            owner = node["name"]  # a parameter: its schema is named by the parameter
        yield pointer, owner, node, desc, beside
        properties = pointer.endswith("/properties")
        keys = frozenset(_squash(str(k)) for k in node) if properties else empty
        for key, child in reversed(list(node.items())):
            if not isinstance(child, _CONTAINERS):
                seen += 1
                continue
            key = str(key)
            structural = key in _STRUCTURAL
            child_owner = owner if structural else key
            child_beside = beside if structural else keys
            stack.append(
                (child, f"{pointer}/{pointer_token(key)}", child_owner, desc, child_beside)
            )


def _descriptions(node: dict[str, Any], values: list[str], said: list[str]) -> dict[str, str]:
    for key in _DESC_KEYS:
        raw = node.get(key)
        if isinstance(raw, list) and len(raw) == len(values):
            return {v: " ".join(str(d).split()) for v, d in zip(values, raw, strict=True) if d}
        if isinstance(raw, dict):
            return {str(k): " ".join(str(d).split()) for k, d in raw.items() if d}
    for text in said:
        listed = value_lines(text, values)
        if listed:
            return listed
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


def _target(root: Any, node: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str]:
    """The schema that holds the values: ``node`` itself, or the local ``$ref`` it (or its
    ``items``) points to; a loop or a dangling reference leaves ``node``."""
    current, where = node, pointer
    for _ in range(8):
        if "enum" in current or "oneOf" in current:
            return current, where
        ref = current.get("$ref")
        items = current.get("items")
        if isinstance(ref, str) and ref.startswith("#/"):
            nxt = resolve_pointer(root, ref[1:])
            where = ref[1:]
        elif isinstance(items, dict):
            nxt, where = items, f"{where}/items"
        else:
            return current, where
        if not isinstance(nxt, dict):
            return node, pointer
        current = nxt
    return node, pointer


def _kind(owner: str) -> str | None:
    if not _WORDS.search(owner):
        return None  # most keys: one search, no fullmatch
    if _OWNER.fullmatch(owner) or _OF_SOMETHING.fullmatch(owner):
        return "scope"
    if _PERMISSIONS.fullmatch(owner):
        return "permission"
    return None


def _why(
    values: set[str], declared: set[str], about: str, kind: str, beside: frozenset[str], loose: bool
) -> str | None:
    """Why the values are scopes, or None when nothing says so."""
    if kind == "scope":
        if values & declared:
            return "a value is a scope the spec declares or requires elsewhere"
        if mentions_scopes(about) and _OAUTH.search(about):
            return "its description speaks of OAuth scopes"
    if not loose:
        return None
    if kind == "permission":
        if _KEYS.search(about):
            return "its description speaks of the permissions of a token or key"
        return None
    if values & _OIDC:
        return f"{sorted(values & _OIDC)[0]!r} is an OpenID Connect scope"
    if beside & _OAUTH_FIELDS:
        return (
            "it stands beside the fields of an OAuth request ("
            + ", ".join(sorted(beside & _OAUTH_FIELDS))
            + ")"
        )
    return None


def enum_scopes(
    root: dict[str, Any], declared: set[str], *, loose: bool = False
) -> list[EnumScope]:
    """Scopes enumerated outside the security schemes, in document order, first place kept.

    Args:
        root: The parsed spec.
        declared: The scope names the security schemes declare.
        loose: The schemes declare no scope: read the further signs (OpenID Connect values,
            OAuth request fields, a description of "scopes", ``permission(s)`` of a token).
    """
    out: dict[str, EnumScope] = {}
    for pointer, owner, node, inherited, beside in _walk(root):
        listed = node.get("scopes_supported")
        if isinstance(listed, list) and len(listed) >= 2:
            names = [v for v in listed if isinstance(v, str)]
            if len(names) == len(listed) and all(looks_like_scope(v) for v in names):
                for v in names:
                    out.setdefault(
                        v,
                        EnumScope(
                            v, None, f"{pointer}/scopes_supported", "an OpenID discovery example"
                        ),
                    )
        kind = _kind(owner)
        if kind is None or (kind == "permission" and not loose):
            continue
        holder, where = _target(root, node, pointer)
        said = [
            d for d in (holder.get("description"), node.get("description")) if isinstance(d, str)
        ]
        pairs = _one_of(holder)
        if not pairs and isinstance(holder.get("enum"), list):
            values = holder["enum"]
            if not all(isinstance(v, str) for v in values):
                continue
            described = _descriptions(holder, values, said)
            pairs = [(v, described.get(v)) for v in values]
        at = "/oneOf" if holder.get("oneOf") and pairs and "enum" not in holder else "/enum"
        if len(pairs) < 2 or not all(looks_like_scope(v) for v, _ in pairs):
            continue
        about = " ".join([*said, inherited])
        why = _why({v for v, _ in pairs}, declared, about, kind, beside, loose)
        if why is None:
            continue
        for v, d in pairs:
            out.setdefault(v, EnumScope(v, d, f"{where}{at}", why))
    return list(out.values())
