"""Peers: what the tokens of one list say about each other, for the harvester.

A token is in scope context when it sits among other scope-shaped tokens of the *same shape*
in one list, table column, definition list, run of headings, tab bar or code block (its
peers). A piece that only lists code spans (a cell "`a.read` or `a.write`") leads with each
of them, as a whole cell leads with its one name. A page's CONSTANT_NAMES that spell another
of its tokens in upper case (``USER_READ`` beside ``user:read``) are an SDK's member names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from factory.extract.candidates_confirm import Seen
from factory.extract.candidates_shape import Segment, shape_of, tokens
from factory.extract.comma_spans import comma_listed

__all__ = [
    "CONSTANT",
    "LISTING_PLACES",
    "MIN_PEERS",
    "WHOLE_CODE",
    "constant_forms",
    "peer_counts",
    "peers",
    "span_leads",
]

#: Tokens of one shape in one list that make each other's context.
MIN_PEERS = 3
#: Pieces that may list several names in code (a cell "`a.read` or `a.write`").
LISTING_PLACES = frozenset({"cell", "item", "term"})
#: A piece wholly in code (a heading "### `files`" is written as a name).
WHOLE_CODE = re.compile(r"(`+)[^`\s]+\1")
#: An upper-case constant's name (``USER_READ``).
CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")

# A piece that is only code spans and what joins them: commas, slashes, "or", "and", breaks
_SPAN_LIST = re.compile(
    r"\s*`[^`]+`(?:\s*(?:[,;/|+&]|\bor\b|\band\b|<br\s*/?>)?\s*`[^`]+`)*\s*[.,;]?\s*"
)
_SPAN = re.compile(r"`([^`]+)`")
_SEPARATOR_CHARS = frozenset("._:/-")
_WORD_JOINS = re.compile(r"[._:/\-]")


def span_leads(seg: Segment) -> frozenset[str] | None:
    """The tokens of a piece that is only code spans and their joiners (each is a name the
    piece lists, as a whole cell is one), or None."""
    if "`" not in seg.text:
        return None
    text = seg.text.replace("``", "`")  # reStructuredText's literals
    if not _SPAN_LIST.fullmatch(text):
        return None
    leads: set[str] = set()
    for span in _SPAN.findall(text):
        if listed := comma_listed(span):  # "`openid,read_orgs`": a list of names
            leads.update(listed)
            continue
        found = [token for token, _offset in tokens(span)]
        # one span of several words is a phrase ("Edge Functions"); of several names, a list
        if len(found) == 1 or all(_SEPARATOR_CHARS.intersection(t) for t in found):
            leads.update(found)
    return frozenset(leads)


def peers(leads: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], int]:
    """(group, shape) -> how many distinct lead tokens of that shape the group holds, from
    (group, token, place) of each lead token. Only shapes with a separator (``w.w``,
    ``w:w:w``, ``w_w``) count: bare words of a list share no syntax, except among a spec's
    keys that each map to a sentence (place ``spec-list``)."""
    members: dict[tuple[str, str], set[str]] = {}
    for group, token, where in leads:
        if not group:
            continue
        shape = shape_of(token)
        if shape != "w" or where == "spec-list":
            members.setdefault((group, shape), set()).add(token)
    return {key: len(names) for key, names in members.items() if len(names) >= MIN_PEERS}


def peer_counts(found: Iterable[Seen]) -> dict[tuple[str, str], int]:
    """(group, shape) -> distinct lead tokens of that shape in the group (see ``peers``), from
    the harvester's found tokens (phrases left out)."""
    return peers((s.seg.group, s.token, s.seg.where) for s in found if s.lead and not s.phrase)


def constant_forms(found: Iterable[str]) -> set[str]:
    """CONSTANT_NAMES among ``found`` that spell another of its tokens in upper case
    (``USER_READ`` beside ``user:read``): an SDK's member names for the values."""
    names = set(found)
    constants = {t for t in names if CONSTANT.fullmatch(t)}
    if not constants:
        return set()
    spelled = {_WORD_JOINS.sub("_", t).upper() for t in names - constants}
    return constants & spelled
