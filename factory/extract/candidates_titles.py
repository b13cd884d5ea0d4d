"""Title columns: a table's column of words beside its column of names in code.

"Name | Key | Description" over "Notifications | `notification` | ...": the first column
titles each row in words, the code column holds what a client sends. The words are no names
of their own: none is a candidate, and a structured name seen only there (a reader that took
the wrong column) is not confirmed by it, so that it is flagged for review. In the code
column a name of two letters (``tm``, ``mt``), too short for a scope's shape alone, is a name
among its peers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from factory.extract.candidates_shape import Segment

__all__ = ["short_code_cell", "title_columns"]

#: A cell that is wholly one name in code (``notification``), as the source writes it.
_CODE_CELL = re.compile(r"(`+)([^`\s]+)\1")
#: A title: words with a space between, or a capitalised word ("Notifications").
_TITLE = re.compile(r"\S+\s+\S|[A-Z]")
#: Words a title has at most (a description is a sentence: longer, or ending in a stop).
_TITLE_WORDS = 6
#: Distinct code cells a column needs to be the table's column of names.
_MIN_CODE = 3


class _Seen(Protocol):
    @property
    def token(self) -> str: ...
    @property
    def seg(self) -> Segment: ...


def title_columns(found: Iterable[_Seen]) -> set[str]:
    """The column groups of title cells (a few words, no code; see ``_title``) in a table
    that has a column of three or more distinct cells that are each one name in code."""
    code: dict[str, set[str]] = {}  # column -> the names its whole-code cells hold
    words: set[str] = set()  # columns with cells of words
    mixed: set[str] = set()  # columns with code in some cell: names or examples, no titles
    for seen in found:
        seg = seen.seg
        if seg.where != "cell" or not seg.group:
            continue
        text = seg.text.strip()
        whole = _CODE_CELL.fullmatch(text)
        if whole:
            code.setdefault(seg.group, set()).add(whole.group(2))
        elif "`" in text or not _title(text):
            mixed.add(seg.group)  # code, or a bare lower-case token (``nests:read``): a value
        else:
            words.add(seg.group)
    tables = {
        group.rpartition(":")[0]
        for group, names in code.items()
        if len(names) >= _MIN_CODE and group not in mixed
    }
    return {
        group
        for group in words
        if group not in mixed and group not in code and group.rpartition(":")[0] in tables
    }


def _title(text: str) -> bool:
    """A row's title: a few words, no sentence's stop at the end, not a bare lower-case
    token (``nests:read`` is a value)."""
    return (
        bool(_TITLE.match(text))
        and len(text.split()) <= _TITLE_WORDS
        and not text.endswith((".", ":", ";"))
    )


_SHORT = re.compile(r"[a-z][a-z0-9]")


def short_code_cell(token: str, seg: Segment) -> bool:
    """Whether ``token`` is a two-letter lower-case name that is its table cell's whole code
    (a name among its column's peers only: the harvester counts them)."""
    if seg.where != "cell" or not _SHORT.fullmatch(token):
        return False
    whole = _CODE_CELL.fullmatch(seg.text.strip())
    return whole is not None and whole.group(2) == token
