"""A code span that lists scopes joined by commas: ```openid,profile,read_orgs```.

Some providers write the value of a ``scope`` parameter comma-separated, and their tables give
one such span per row. The span is a list of names, not one name: both readers split it (the
table reader in ``html_tables.split_code_span``, the harvester in ``candidates_peers``).
"""

from __future__ import annotations

import re

from factory.extract.text import clean_scope_token, looks_like_scope, normalize_ws

__all__ = ["comma_listed"]

_COMMA = re.compile(r"\s*,\s*")


def comma_listed(text: str) -> list[str]:
    """The names of a comma-joined span, or ``[]`` when it is no such list (no comma, fewer
    than two parts, or a part that is not one scope token: a code sample, a phrase)."""
    if "," not in text:
        return []
    parts = [clean_scope_token(p) for p in _COMMA.split(normalize_ws(text).strip(", "))]
    if len(parts) < 2 or not all(p and " " not in p and looks_like_scope(p) for p in parts):
        return []
    return parts


_SPAN = re.compile(r"`+([^`]+)`+")


def in_comma_span(token: str, text: str) -> bool:
    """Whether ``token`` is one name of a comma-joined code span of ``text`` (a mixed-case
    word such as ``LanternID`` counts as a name there, as its peers in the span do)."""
    return "," in text and any(token in comma_listed(s) for s in _SPAN.findall(text))
