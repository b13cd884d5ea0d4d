"""Scopes named together at the head of one list item, table cell or heading.

Pages name the scopes of one resource together: ``read_orders / write_orders``,
``read_orders, write_orders``, ``read_orders | write_orders``, ``read_orders and
write_orders``, each name in code or not, then the description the names share. Every name
is a scope, and each gets the whole description, verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from factory.extract.text import clean_scope_token, looks_like_scope, normalize_ws

__all__ = ["pair_leads", "pair_tokens"]

# Between two names: a comma, a pipe or an ampersand (spaces optional), a slash, "and" or
# "or" between spaces (a slash without spaces is part of a name: ``files/read``).
_BETWEEN = re.compile(r"\s*(?:,|\||&)\s*|\s+(?:/|and|or)\s+")
_PLAIN = re.compile(r"[^\s,|&`()\[\]<>\"']+")
# A name in plain text has a separator between word characters (``read_x``, ``x:read``), so
# "Orders and notes" is never a pair.
_PUNCTUATED = re.compile(r"[A-Za-z0-9][._:/][A-Za-z0-9]")
_MARKUP = "*_ "
_TRAILING = ":;."


def _name_at(text: str, pos: int, codes: list[str]) -> tuple[str, int] | None:
    """The name that starts at ``pos`` and the position after it (a wildcard pattern is
    none: ``issues/*, labels/*`` name route families, not scopes)."""
    for code in codes:
        if text.startswith(code, pos):
            token = clean_scope_token(code)
            named = looks_like_scope(token) and "*" not in token
            return (token, pos + len(code)) if named else None
    plain = _PLAIN.match(text, pos)
    if plain is None:
        return None
    raw = plain.group().rstrip(_TRAILING)
    token = clean_scope_token(raw)
    if not raw or "*" in token or not _PUNCTUATED.search(token) or not looks_like_scope(token):
        return None
    return token, pos + len(raw)


def pair_tokens(text: str, codes: Iterable[str]) -> tuple[list[str], str] | None:
    """The names (two or more) that head ``text``, and the text after them.

    Args:
        text: an item's, a cell's or a heading's own text.
        codes: the texts of its code spans (a name in code needs no punctuation).

    Returns:
        (names in order, the rest of the text with its lead separator), or None when fewer
        than two names head the text.
    """
    text = normalize_ws(text).lstrip(_MARKUP)
    spans = sorted({normalize_ws(c) for c in codes if c.strip()}, key=len, reverse=True)
    names: list[str] = []
    pos = 0
    while True:
        found = _name_at(text, pos, spans)
        if found is None:
            break
        names.append(found[0])
        pos = found[1]
        while pos < len(text) and text[pos] in "*_":
            pos += 1  # the end of bold or italic markup around a name
        between = _BETWEEN.match(text, pos)
        if between is None or _name_at(text, between.end(), spans) is None:
            break
        pos = between.end()
    if len(names) < 2 or len(set(names)) < len(names):
        return None
    return names, text[pos:]


_SPAN = re.compile(r"`+([^`]+)`+")


@lru_cache(maxsize=4096)
def pair_leads(text: str) -> frozenset[str] | None:
    """The names heading a piece of Markdown-like text together (code spans in backticks),
    or None when fewer than two do."""
    paired = pair_tokens(text.replace("`", ""), _SPAN.findall(text))
    return frozenset(paired[0]) if paired else None
