"""The harvester's reading of code samples: values under a key named for scopes.

A code block is read line by line as text (a token there needs a separator to count). One
place in a sample says more: the value of a key named for scopes (``"scopes_supported":
["offline_access", "openid"]``, ``scope: "openid email"``, ``requiredScopes = ['a', 'b']``, a
YAML ``scopes:`` list). There each value is one whole piece (a bare word may be a scope), a
list's values are one group, and the key is the label that puts them in scope context. A
request or response example lowers them (a sample's values are what the page shows, not
what it lists), so one value there is no candidate; a list of several still is.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from urllib.parse import unquote_plus

from factory.extract.candidates_shape import Segment

__all__ = ["EXAMPLE_NOTE", "EXAMPLE_TEXT", "keyed_values"]

#: Text that makes a code block a request or response example.
EXAMPLE_TEXT = re.compile(
    r"HTTP/\d|\bcurl\s|^\s*[{\[]|^\s*(GET|POST|PUT|PATCH|DELETE)\s+/|\bAuthorization:\s", re.M
)
#: The ``lowered`` note of a value read inside such an example.
EXAMPLE_NOTE = "lowered: inside a request/response example"

# The keys whose value lists scopes: scope(s), permission(s), scopes_supported,
# requiredScopes, oauth_scopes, x-...-scopes, defaultPermissions ...
_SCOPE_KEY = re.compile(
    r"^(?:x-[\w.\-]*?)?(?:required|requested|oauth2?|granted|needed|default|allowed)?[_\-]?"
    r"(?:scopes?|permissions?)(?:[_\-]?(?:supported|required|needed|list))?$",
    re.I,
)
_QUOTED = re.compile(r"\"([^\"\n]*)\"|'([^'\n]*)'")
_SPLIT = re.compile(r"[\s,+]+")
_YAML_ITEM = re.compile(r"^([ \t]*)-[ \t]+[\"']?([^\"'\s#]+)[\"']?[ \t]*(?:#.*)?$")
# What a sample writes where a value goes: a type's name or a placeholder, never a scope.
_PLACEHOLDERS = frozenset(
    {"string", "str", "array", "list", "object", "integer", "number", "boolean", "null"}
    | {"true", "false", "none", "undefined", "example", "value", "scope", "scopes"}
)
_MAX_LIST = 4000  # characters a value list may run over (a sample's list is short)


def keyed_values(block: str, section: str, locator: str) -> Iterator[Segment]:
    """The values under keys named for scopes in one code block, one piece each."""
    example = ""
    for key, key_at, value_at in _scope_keys(block):
        example = example or (EXAMPLE_NOTE if EXAMPLE_TEXT.search(block) else "-")
        line = block.count("\n", 0, key_at) + 1
        start = block.rfind("\n", 0, key_at) + 1
        end = block.find("\n", value_at)
        around = block[start : end if end >= 0 else len(block)].strip()
        where = f"{locator}, its line {line}, key {key!r}"
        group = f"k{locator}:{key_at}"
        lowered = example if example != "-" else ""
        for value in _values(block, value_at, key_at):
            if value.lower() not in _PLACEHOLDERS and not value.startswith(("$", "<", "{")):
                yield Segment(value, where, "spec-list", section, key, group, around, lowered)


def _scope_keys(block: str) -> Iterator[tuple[str, int, int]]:
    """(key, where its name starts, where its value starts) for each key named for scopes:
    found from the words "scope"/"permission" outwards (a pattern tried at every character
    of a long sample costs more than the rest of the page's pieces)."""
    done: set[int] = set()
    for hit in _hits(block):
        start = hit
        while start and (block[start - 1].isalnum() or block[start - 1] in "_-$"):
            start -= 1
        word = _WORD.match(block, hit)
        key = block[start : word.end() if word else hit]
        if start in done or not _SCOPE_KEY.match(key):
            continue
        done.add(start)
        quote = block[start - 1 : start] if start else ""
        after = word.end() if word else hit
        if quote in ('"', "'"):
            if block[after : after + 1] != quote:
                continue
            after += 1
        assigned = _ASSIGN.match(block, after)
        if assigned:
            yield key, start - (1 if quote in ('"', "'") else 0), assigned.end()


def _hits(block: str) -> list[int]:
    """Where "scope" or "permission" starts in ``block``, any case (``str.find`` on the
    lower-cased text: a case-insensitive pattern is several times slower on long samples)."""
    lower = block.lower()
    if len(lower) != len(block):  # a character whose lower case is longer: the pattern
        return [m.start() for m in _MAY_HOLD.finditer(block)]
    hits: list[int] = []
    for word in ("scope", "permission"):
        at = lower.find(word)
        while at >= 0:
            hits.append(at)
            at = lower.find(word, at + 1)
    return sorted(hits)


_WORD = re.compile(r"[\w\-$]*")
# after a query's value written with spaces: the request line's protocol; a placeholder
# ("YOUR_SCOPES", "SCOPE_LIST") where the sample's reader puts their own names
_NOT_A_VALUE = re.compile(r"HTTP/\d|(?i:your|my)[_\-]|[A-Z_]*(?:SCOPE|PERMISSION)[A-Z_]*$")
_ASSIGN = re.compile(r"[ \t]*(?:=>|:(?!:)|=)[ \t]*")
_MAY_HOLD = re.compile(r"scope|permission", re.I)


def _values(block: str, at: int, key_at: int) -> list[str]:
    """The values that follow a key's assignment at ``at``: a list, a string or YAML items."""
    opening = block[at : at + 1]
    if opening in "[(" and opening:
        closing = "]" if opening == "[" else ")"
        end = block.find(closing, at, at + _MAX_LIST)
        inner = block[at + 1 : end] if end > 0 else ""
        quoted = _quoted_values(inner)
        if quoted is not None:
            return [v for q in quoted for v in _names(q) if v]
        return [v for v in _SPLIT.split(inner) if v and v.isidentifier()]
    line_end = block.find("\n", at)
    rest = block[at : line_end if line_end >= 0 else len(block)]
    if key_at and block[key_at - 1] in "?&":  # a query's "scope=a b" (its value runs to "&")
        value = unquote_plus(rest.split("&", 1)[0])
        return [v for v in _SPLIT.split(value) if v and not _NOT_A_VALUE.match(v)]
    quoted_value = _QUOTED.match(rest)
    if quoted_value:
        value = quoted_value.group(1) or quoted_value.group(2)
        return [] if _PROSE.search(value) else [v for v in _names(value) if v]
    if rest.strip():
        return []  # an expression, a variable, a number: no list of names
    return _yaml_items(block, line_end, key_at)


# A name whose placeholder holds a space ("a:read:‹tenant name›") is one name.
_PLACEHOLDER_NAME = re.compile(r"(?:\u2039[^\u203a\n]*\u203a|\u00ab[^\u00bb\n]*\u00bb|[^\s,+])+")


def _names(value: str) -> list[str]:
    """The names of one quoted value, split on spaces, commas and plus signs (JSON's
    ``\\u2039`` escapes read as the characters they stand for)."""
    if "\\u" in value:
        with contextlib.suppress(ValueError):
            value = json.loads(f'"{value}"')
    if "\u2039" in value or "\u00ab" in value:
        return _PLACEHOLDER_NAME.findall(value)
    return _SPLIT.split(value)


# A string that is a sentence or a label ("Manage gift cards."), not a list of names.
_PROSE = re.compile(
    r"\s(?:and|or|the|of|to|for|with|from|an?|in|on|your|their)\s|\s\S*[.!?]$", re.I
)


def _quoted_values(inner: str) -> list[str] | None:
    """The quoted values of a list (None when it quotes nothing): an object's quoted keys
    (``{"name": ...}`` inside the list) and sentences are none of its names."""
    found = list(_QUOTED.finditer(inner))
    if not found:
        return None
    values = []
    for match in found:
        if inner[match.end() : match.end() + 8].lstrip(" \t\n").startswith((":", "=>")):
            continue  # a key of an object in the list
        value = match.group(1) or match.group(2)
        if not _PROSE.search(value):
            values.append(value)
    return values


def _yaml_items(block: str, line_end: int, key_at: int) -> list[str]:
    """The ``- item`` lines under a YAML key (indented no less than the key)."""
    if line_end < 0:
        return []
    key_indent = key_at - (block.rfind("\n", 0, key_at) + 1)
    items: list[str] = []
    for line in block[line_end + 1 :].splitlines():
        item = _YAML_ITEM.match(line)
        if not item or len(item.group(1)) < key_indent:
            break
        items.append(item.group(2))
    return items
