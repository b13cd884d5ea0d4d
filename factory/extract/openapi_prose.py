"""Scopes enumerated in the prose of a spec: schema, property and parameter descriptions.

A spec that declares no scopes may still list them in words, in the description of the
scope schema or parameter: "Currently accepted values are:" followed by one
"`token` what it allows" line each, or "one of `read`, `write` or `read_write`". A description
counts when its owner is named after scopes (``OAuthScope``, a ``scope`` parameter) or the text
talks about scopes beside an OAuth/token word; a lead ("accepted values", "one of") and two or
more code tokens make the list. A lone code token in prose is not a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from factory.extract.spec_text import CODE_RUN, CODE_SPAN
from factory.extract.text import looks_like_scope, mentions_scopes, pointer_token

__all__ = ["ProseScope", "prose_scopes"]

_CODE_TOKEN = re.compile(CODE_SPAN)
_LEAD = re.compile(
    r"\b(?:one\s+of|(?:accepted|allowed|possible|valid|supported|available|permitted)\s+"
    r"(?:values|scopes|options)|values?\s+(?:are|is|include)|(?:following|these)\s+scopes)"
    r"(?:\s+(?:are|is|include|includes))?(?:\s+the\s+following)?\s*:?",
    re.IGNORECASE,
)
_LINE_ITEM = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?" + CODE_SPAN + r"\s*(?:[:\u2013\u2014-]\s*)?(.*)$"
)
_SCOPE_WORD = re.compile(r"\bscopes?\b", re.IGNORECASE)
_OAUTH = re.compile(r"\b(oauth\w*|access\s+tokens?|tokens?|authori[sz]\w*)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ProseScope:
    """A scope enumerated in a description: name, the text of its line, and where."""

    name: str
    description: str | None
    pointer: str
    lead: str


def _described(root: Any) -> Iterator[tuple[str, str, str]]:
    """(pointer, owner label, description) for every description holding a code span.

    The owner label is what names the described thing: the last keys of its path plus its
    ``name``/``title`` (a parameter's name is not in its pointer). Iterative, with paths
    built only for the descriptions it yields: a 5 MB spec has ~100k nodes.
    """
    # Each entry is (node, link) where link = (parent link, key): paths cost nothing until a
    # description is yielded.
    stack: list[tuple[Any, Any]] = [(root, None)]
    push, pop = stack.append, stack.pop
    while stack:
        node, link = pop()
        if isinstance(node, dict):
            text = node.get("description")
            if isinstance(text, str) and "`" in text:
                path = _path(link)
                names = [n for n in (node.get("name"), node.get("title")) if isinstance(n, str)]
                pointer = "".join(f"/{pointer_token(p)}" for p in (*path, "description"))
                yield pointer, " ".join([*path[-3:], *names]), text
            items: Any = reversed(node.items())  # pushed reversed: popped in document order
        elif isinstance(node, list):
            items = zip(range(len(node) - 1, -1, -1), reversed(node), strict=True)
        else:
            continue
        for key, value in items:
            if isinstance(value, (dict, list)) and value:
                push((value, (link, key)))


def _path(link: Any) -> list[str]:
    out: list[str] = []
    while link is not None:
        link, key = link
        out.append(str(key))
    return out[::-1]


def _enumeration(text: str) -> tuple[str, list[tuple[str, str | None]]] | None:
    """(lead, [(name, description)]) of the first enumeration of code tokens in ``text``."""
    for lead in _LEAD.finditer(text):
        rest = text[lead.end() :]
        after = rest.lstrip(" :")
        if after.startswith("\n") or not after:
            # A value per line: "`a` allows ...", "- `b`: ...", until a line that is not one.
            items: list[tuple[str, str | None]] = []
            for line in after.split("\n"):
                if not line.strip():
                    if items:
                        break
                    continue
                item = _LINE_ITEM.match(line)
                if item is None or not looks_like_scope(item.group(1)):
                    break
                items.append((item.group(1).strip(), item.group(2).strip() or None))
            if len(items) >= 2:
                return lead.group(0), items
            continue
        run = re.match(r"\s*" + CODE_RUN, after)
        if run is not None:
            names = [t.strip() for t in _CODE_TOKEN.findall(run.group(1))]
            if len(names) >= 2 and all(looks_like_scope(n) for n in names):
                return lead.group(0), [(n, None) for n in names]
    return None


def _talks_about_oauth_scopes(text: str) -> bool:
    """The word "scope(s)" in its access sense beside an OAuth/token word ("permissions"
    alone is not enough: a repository role such as `maintain` is a permission, not a scope)."""
    return bool(_SCOPE_WORD.search(text)) and mentions_scopes(text) and bool(_OAUTH.search(text))


def prose_scopes(root: dict[str, Any]) -> list[ProseScope]:
    """Scopes enumerated in descriptions with scope context, in document order.

    A description counts when its owner (schema, property, parameter) is named after scopes
    (``OAuthScope``, a ``scope`` parameter) or the description itself talks about scopes and
    access (OAuth, tokens, permissions); the
    enumeration must follow a lead ("accepted values are", "one of") and hold two or more
    code tokens. A lone code token in prose is not a list.
    """
    out: list[ProseScope] = []
    seen: set[str] = set()
    for pointer, owner, text in _described(root):
        if "scope" not in owner.lower() and not _talks_about_oauth_scopes(text):
            continue
        found = _enumeration(text)
        if found is None:
            continue
        lead, items = found
        for name, desc in items:
            if name not in seen:
                seen.add(name)
                out.append(ProseScope(name, desc, pointer, lead.strip()))
    return out
