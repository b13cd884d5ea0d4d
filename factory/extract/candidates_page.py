"""Whether a page's own words ever name scopes or permissions.

An "Authorization" or "API access" heading puts the names under it in scope context
(``candidates_shape.section_speaks``): on a page about scopes it heads their list. On a page
whose prose, headings and tables never say "scope" or "permission" (a sign-in flow's guide:
"Get authorization", "Application authorization") the heading names the flow: a field name,
token or code line under it is no scope unless something else speaks for it (a list of
names, a run of three names of one shape); a heading that names grants ("Available grants")
heads a list. Code blocks do not count as the page's words, nor a sample's placeholder
under a ``scope`` key (``scope="..."``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Protocol

from factory.extract.candidates_shape import Segment, shape_of
from factory.extract.text import mentions_scopes

__all__ = ["PageWords", "flow_heading_only", "flow_peers"]

_SEPARATOR = re.compile(r"[._:/-]")
_PEERS = 3


class _Seen(Protocol):
    @property
    def token(self) -> str: ...
    @property
    def seg(self) -> Segment: ...


#: Pieces that are data: a key that names scopes counts when its value holds a word (a
#: sample's placeholder, ``scope="..."``, names nothing).
_DATA = frozenset({"spec", "spec-list", "attribute"})
_NOT_WORDS = frozenset({"block", "code", "example"})


class PageWords:
    """A document's pieces, passed on as they are read, noting whether any names scopes."""

    def __init__(self) -> None:
        self.names_scopes = False

    def watch(self, segments: Iterable[Segment]) -> Iterator[Segment]:
        """``segments`` unchanged; ``names_scopes`` is set once a piece's words name scopes."""
        for seg in segments:
            if not self.names_scopes and seg.where not in _NOT_WORDS:
                self.names_scopes = _names_scopes(seg)
            yield seg


def _names_scopes(seg: Segment) -> bool:
    if seg.where in _DATA:
        return mentions_scopes(seg.label) and any(c.isalnum() for c in seg.text)
    return mentions_scopes(seg.text)


_GRANTS_HEADING = re.compile(r"^(?:[\w.]+\s+)?(?:grants|consents)$", re.I)


def flow_peers(found: Iterable[_Seen]) -> dict[tuple[str, str], int]:
    """(section, shape) -> distinct tokens with a separator of that shape in that section:
    a section's run of names written one way (``create_kiln``, ``send_acorn``, ...)."""
    seen: dict[tuple[str, str], set[str]] = {}
    for one in found:
        if _SEPARATOR.search(one.token):
            seen.setdefault((one.seg.section, shape_of(one.token)), set()).add(one.token)
    return {key: len(tokens) for key, tokens in seen.items()}


def flow_heading_only(
    reasons: list[str], token: str, section: str, peers: dict[tuple[str, str], int]
) -> bool:
    """Whether a token's one reason is its section, the section speaks of scopes only
    through an access heading ("Get authorization"), not by naming scopes or grants, and no
    run of three names of its shape stands there with it: on a page that never names scopes
    such a token is a flow's field (``expires_at``, ``client_id:client_secret``)."""
    if len(reasons) != 1 or not reasons[0].startswith("section "):
        return False
    if mentions_scopes(section):
        return False
    if any(_GRANTS_HEADING.match(title.strip()) for title in section.split(" > ")):
        return False
    return not (_SEPARATOR.search(token) and peers.get((section, shape_of(token)), 0) >= _PEERS)
