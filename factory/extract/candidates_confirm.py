"""Which structured names the second reader confirms, and which tokens are modified forms.

A structured name is confirmed when the harvester saw it in scope context, in one list with a
confirmed name, or beside another structured name on one line of a section about scopes. A
token such as ``user_read:self`` is a form of a structured name with a modifier the page
writes on three or more names: no new scope, but it confirms its base where it stands in
scope context. Both take the harvester's own judgement of a place (``context``) as a function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from factory.extract.candidates_shape import Segment, name_head, section_speaks

__all__ = [
    "SEPARATOR_CHARS",
    "Context",
    "NameParts",
    "Seen",
    "confirmed_names",
    "modified_forms",
    "part_of_names",
]

SEPARATOR_CHARS = frozenset("._:/-")


class Seen(Protocol):
    """A token where the harvester found it (``candidates._Seen``)."""

    @property
    def token(self) -> str: ...
    @property
    def seg(self) -> Segment: ...
    @property
    def lead(self) -> bool: ...
    @property
    def phrase(self) -> bool: ...


#: The harvester's judgement of one place: (reasons it gives, what lowers it).
Context = Callable[[Any], tuple[list[str], list[str]]]


def confirmed_names(
    found: Sequence[Seen], taken: set[str], groups: dict[str, set[str]], context: Context
) -> set[str]:
    """Structured names seen in scope context, or in one list with a name that was, or two
    or more in one line under a section that speaks of scopes (a template's data line:
    ``key: "read_x, write_x"``)."""
    confirmed: set[str] = set()
    for seen in found:
        if seen.token in taken and seen.token not in confirmed:
            reasons, lowered = context(seen)
            if reasons and not lowered:
                confirmed.add(seen.token)
    for members in groups.values():
        if members & confirmed:
            confirmed |= members & taken
    if confirmed != taken:  # only then are lines counted (a page repeats its names)
        confirmed |= _named_together(found, taken, taken - confirmed, context)
    return confirmed


def _named_together(
    found: Sequence[Seen], taken: set[str], wanted: set[str], context: Context
) -> set[str]:
    """The ``wanted`` names that share a line of a scope section with another structured name
    (no negative statement, no other lowering on them)."""
    lines: dict[int, set[str]] = {}
    clean: dict[int, list[Seen]] = {}
    for seen in found:
        seg = seen.seg
        if seen.token in taken and seg.where == "text" and section_speaks(seg.section):
            lines.setdefault(id(seg), set()).add(seen.token)
            if seen.token in wanted:
                clean.setdefault(id(seg), []).append(seen)
    together: set[str] = set()
    for key, seens in clean.items():
        if len(lines[key]) >= 2:
            together |= {seen.token for seen in seens if not context(seen)[1]}
    return together


_MODIFIED = re.compile(r"^(.+?)[:.]([A-Za-z]+)$")


def modified_forms(
    found: Sequence[Seen], taken: set[str], context: Context
) -> tuple[set[str], set[str]]:
    """Tokens that are compound structured names with a modifier (``user_read:self``) the
    page writes on three or more of them, or a modifier listed beside such a one (a table of
    modifiers: ``self``, ``group``, ``account``), and the modifier words themselves: the names
    a request sends in another form, not new scopes. Also the structured names such a form
    stands for where it stands in scope context (confirmed by it).

    Returns:
        (tokens that are no candidates, structured names their forms confirm).
    """
    bases: dict[str, set[str]] = {}
    forms: dict[str, list[Seen]] = {}
    for seen in found:
        if seen.token in taken:
            continue
        split = _MODIFIED.match(seen.token)
        # a compound base only: "read:profile" on a bare "read" is a name of its own
        if split and split.group(1) in taken and SEPARATOR_CHARS.intersection(split.group(1)):
            bases.setdefault(split.group(2), set()).add(split.group(1))
            forms.setdefault(split.group(2), []).append(seen)
    shared = {m for m, names in bases.items() if len(names) >= 3}
    if not shared:
        return set(), set()
    # the other words of a list or column that holds a shared modifier are modifiers too
    lists = {s.seg.group for s in found if s.lead and s.seg.group and s.token in shared}
    shared |= {s.token for s in found if s.lead and s.seg.group in lists and not s.phrase}
    dropped = set(shared)
    confirms: set[str] = set()
    for modifier in shared & set(forms):
        for seen in forms[modifier]:
            dropped.add(seen.token)
            reasons, lowered = context(seen)
            if reasons and not lowered:
                confirms.add(seen.token[: -len(modifier) - 1])
    return dropped, confirms


_PARTS = re.compile(r"[._:/-]")
# Heads that are access words ("read:", "r_"): a word beside them may be a name of its own
_ACCESS_HEADS = frozenset(
    {"read", "write", "admin", "manage", "view", "edit", "r", "w", "rw", "ro"}
)


@dataclass(frozen=True, slots=True)
class NameParts:
    """The structured names, indexed by their segments (built once per page)."""

    taken: frozenset[str]
    holders: dict[str, tuple[str, ...]]  # segment -> structured names that hold it
    joined: bool  # three in four structured names or more are written with separators
    # a name less the namespace most names open with ("account" of "gw2:account") -> the name
    short: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, taken: set[str] | frozenset[str]) -> NameParts:
        """The index of ``taken``."""
        holders: dict[str, list[str]] = {}
        heads: dict[str, int] = {}
        for name in sorted(taken):
            for part in set(_PARTS.split(name)):
                holders.setdefault(part, []).append(name)
            head = name_head(name)
            if head:
                heads[head] = heads.get(head, 0) + 1
        joined = sum(1 for n in taken if SEPARATOR_CHARS.intersection(n))
        # a namespace: the head three names or more and half of them or more share
        # (never an access word: "user" beside "read:user" may be a name of its own)
        spaces = [
            h
            for h, n in heads.items()
            if n >= 3 and 2 * n >= len(taken) and h[:-1].lower() not in _ACCESS_HEADS
        ]
        short = {n[len(h) :]: n for h in spaces for n in taken if n.startswith(h)}
        return cls(
            frozenset(taken),
            {k: tuple(v) for k, v in holders.items()},
            bool(taken) and 4 * joined >= 3 * len(taken),
            {k: v for k, v in short.items() if k and k not in taken},
        )


def part_of_names(
    token: str, parts: NameParts, peers: set[str] | frozenset[str] = frozenset()
) -> str:
    """A note when ``token`` is a piece of the structured names, not a name of its own.

    A bare word that is one segment of two or more structured names, mostly written with
    separators (``read`` beside ``x.users.read`` and ``x.apps.read``; ``files`` beside
    ``files:read`` and ``files:write``), is the page naming a part: an access level, a
    resource of a grid. A wildcard whose pattern two or more structured names match
    (``user.*`` over ``user.read`` and ``user.write``) names their family. A word that is a
    segment of one structured name counts too when three or more of the tokens of its own list
    (``peers``) are segments of structured names: the row labels of an access grid. "" otherwise.
    """
    if not parts.joined:
        return ""
    if token in parts.short:  # "the account permission" beside "gw2:account"
        return f"lowered: part of the page's naming, the short form of {parts.short[token]!r}"
    if token.endswith("*") and len(token) > 2 and token[-2] in SEPARATOR_CHARS:
        prefix = token[:-1]
        family = [n for n in parts.taken if n.startswith(prefix) and n != token]
        if len(family) >= 2:
            return (
                f"lowered: part of the page's naming, the family of {len(family)} structured names"
            )
        return ""
    if SEPARATOR_CHARS.intersection(token):
        return ""
    holders = parts.holders.get(token, ())
    grid = bool(holders) and sum(1 for p in peers if p in parts.holders) >= 3
    if len(holders) >= 2 or grid:
        shown = ", ".join(holders[:2])
        return f"lowered: part of {len(holders)} structured names ({shown}), not a name of its own"
    return ""
