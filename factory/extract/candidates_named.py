"""Pieces that name one token without leading with it, and a fragment's address as section.

The harvester takes a piece's *lead* token as the name the piece is (a whole cell, the head
of a list item). These layouts name a token without leading with it:

- a cell of a scope column that is a label, a colon, then the name in code
  (``Contact details: <br>`contact` ``, a footnote mark after it allowed): the name ends
  the cell;
- a list item of a name and the word scope (``openid scope``);
- a list item that opens with a bold lower-case name and a sentence, without a colon
  (``**rides** List the rides``).

A fragment a site includes into its scope page has no heading: its pieces stand in no
section. When no piece of a document has a section, the words of the document's address
(``.../reference/scopes/``) are the section of every piece.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from factory.extract.address_title import address_words
from factory.extract.candidates_shape import Segment

__all__ = ["named_lead", "with_address_section"]

_MARK = r"(?:<sup>[^<]{0,8}</sup>|<span[^>]*super[^>]*>[^<]{0,8}</span>|\[\^?\w{1,8}\])?"
_LABEL_THEN_CODE = re.compile(
    rf"[^`]{{2,120}}:\s*(?:<br\s*/?>\s*)*`([^`\s]+)`\s*{_MARK}\s*",
    re.I,
)
# Only in a column its header calls scopes: a claims column's "Label: `claim`" is no name.
_SCOPE_COLUMN = re.compile(r"\b(?:scopes?|permissions?)\b", re.I)
_NAME = r"[a-z][a-z0-9]*(?:[._:/-][a-z0-9]+)*"
_CALLED_SCOPE = re.compile(rf"\s*({_NAME}) (?i:scope)\s*")
_BOLD_THEN_SENTENCE = re.compile(rf"\s*(\*\*|__)({_NAME})\1\s+[A-Z]")


def named_lead(seg: Segment) -> str | None:
    """The token a cell ("Label: `name`") or list item ("name scope") names, or None."""
    if seg.where == "cell" and "`" in seg.text and _SCOPE_COLUMN.search(seg.label):
        found = _LABEL_THEN_CODE.fullmatch(seg.text)
        return found.group(1) if found else None
    if seg.where == "item" and " " in seg.text:
        found = _CALLED_SCOPE.fullmatch(seg.text)
        if found:
            return found.group(1)
        bold = _BOLD_THEN_SENTENCE.match(seg.text)
        return bold.group(2) if bold else None
    return None


def with_address_section(segments: Iterable[Segment], address: str | None) -> Iterator[Segment]:
    """``segments``, each given the address's words as its section when none has a section
    and the address names scopes (a fragment without headings)."""
    words = address_words(address)
    if not words:
        yield from segments
        return
    pieces = list(segments)
    if any(seg.section for seg in pieces):
        yield from pieces
        return
    for seg in pieces:
        yield replace(seg, section=words)
