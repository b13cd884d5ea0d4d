"""Names a list or table column vouches for, though alone they would not pass for scopes.

A list of supported scopes, or a table's name column, says of each of its items that it is a
name, whatever its look. Two looks the harvester otherwise holds against a token are then
names as written:

- a name in lower camel case (``fhirUser``, ``birthDate``, ``virtualCards``): alone, in code
  or running text, it reads as a program's identifier; as a whole item among three or more
  scope-shaped names of the same list or column, it is one of them.
- a name with a wildcard segment (SMART's ``patient/*.rs``, ``user/*.cruds``): alone, a
  pattern that stands for many names; as a whole item of such a list, a name the provider
  grants as written.

And one look is never a name: a dotted path of two or more lower-camel-case members
(``ClientApplication.signInForm.showPicker``) is a program's property path (a scope may have
one such part: ``okta.eventHooks.read``).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from factory.extract.candidates_peers import LISTING_PLACES, MIN_PEERS
from factory.extract.candidates_shape import PROTOCOL, Segment

__all__ = ["camel_name", "listed_notes", "property_path", "vouched"]

_CAMEL = re.compile(r"[a-z][a-z0-9]+(?:[A-Z][a-z0-9]+)+")
_PATTERN_NOTE = "wildcard pattern"
_CAMEL_MEMBER = re.compile(r"[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*")


def camel_name(token: str) -> bool:
    """Whether ``token`` is one word in lower camel case (``birthDate``)."""
    return bool(_CAMEL.fullmatch(token)) and token.lower() not in PROTOCOL


def vouched(seg: Segment, lead: bool, members: Collection[str]) -> bool:
    """Whether the token is a whole item of a list or column among ``MIN_PEERS`` or more
    scope-shaped names (``members``: the group's lead tokens, camel-case ones left out)."""
    return lead and seg.where in LISTING_PLACES and len(members) >= MIN_PEERS


def listed_notes(
    camel: bool,
    seg: Segment,
    lead: bool,
    members: Collection[str],
    reasons: list[str],
    lowered: list[str],
) -> list[str] | None:
    """What lowers a token once its list is counted: None for a camelCase word no list of
    names holds (drop it); ``lowered`` less the wildcard-pattern note for a whole item of one.

    Args:
        camel: whether the token was taken as a camelCase word (see ``camel_name``).
        seg: its piece.
        lead: whether it is the whole piece.
        members: the scope-shaped lead tokens of its group (camelCase ones left out).
        reasons: what puts it in scope context.
        lowered: what lowers it.
    """
    listed = vouched(seg, lead, members)
    if camel and not (reasons and listed):
        return None
    return [n for n in lowered if _PATTERN_NOTE not in n] if listed else lowered


def property_path(token: str) -> bool:
    """Whether ``token`` is a dotted path with two or more lower-camel-case members."""
    if token.count(".") < 2:
        return False
    return sum(1 for part in token.split(".") if _CAMEL_MEMBER.fullmatch(part)) >= 2
