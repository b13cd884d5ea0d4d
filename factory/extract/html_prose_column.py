"""The description column of a two-column scope table whose header names no description.

"Scope | Allows the app to..." over "`units.read` | query units": the header is a sentence's
start, not the word "Description", yet the one other column of a scope table, written in
words, is what the page says of each scope. A column that names a class, a version, an
endpoint, an example, an API or a requirement is none (its header says so), neither is one
of single tokens (a role, a level, a second name), nor one before the names (it titles them).

Unless every cell of it is a sentence: "Scope | Claims" over "`email` | Returns the email
claim, which holds the user's address." names what the column is about, yet each cell is
what the page says of its scope in words (a list of claim names is no sentence).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bs4 import Tag

from factory.extract.text import normalize_ws

__all__ = ["sole_prose_column"]

_NOT_PROSE_HEADER = re.compile(
    r"\b(types?|kinds?|levels?|categor(?:y|ies)|versions?|status|availability|endpoints?"
    r"|methods?|paths?|urls?|routes?|examples?|samples?|defaults?|claims?|required|roles?"
    r"|scopes?|permissions?|names?|values?|keys?|ids?|tokens?|apis?|products?|services?)\b",
    re.I,
)


def sole_prose_column(
    grid: list[list[Any]], headers: list[str], scope_col: int, text_of: Callable[[Tag], str]
) -> int | None:
    """The column after the scope column of a two-column table when its header names
    nothing else and half its filled cells or more hold two words or more; None otherwise."""
    if len(headers) != 2:
        return None
    other = 1 - scope_col
    if other < scope_col:
        return None  # a column before the names titles them ("API | Scope"), never describes
    if not headers[other]:
        return None
    if _NOT_PROSE_HEADER.search(headers[other]):
        return other if _all_sentences(grid, other, text_of) else None
    filled = worded = 0
    for row in grid[1:]:
        cell = row[other] if other < len(row) else None
        if cell is None or cell.spanned:
            continue
        text = normalize_ws(text_of(cell.tag))
        if text:
            filled += 1
            worded += len(text.split()) >= 2
    return other if filled and 2 * worded >= filled else None


_SENTENCE_END = re.compile(r"[.!?][)\"']?$")
_MIN_SENTENCE_WORDS = 5


def _all_sentences(grid: list[list[Any]], col: int, text_of: Callable[[Tag], str]) -> bool:
    """Every filled cell of ``col`` (one at least) is a sentence: five words or more, a
    sentence's end, and fewer than half of its words in code spans (not a list of names)."""
    filled = 0
    for row in grid[1:]:
        cell = row[col] if col < len(row) else None
        if cell is None or cell.spanned:
            continue
        text = normalize_ws(text_of(cell.tag))
        if not text:
            continue
        filled += 1
        words = text.split()
        coded = sum(len(text_of(c).split()) for c in cell.tag.find_all("code"))
        if len(words) < _MIN_SENTENCE_WORDS or not _SENTENCE_END.search(text):
            return False
        if 2 * coded >= len(words):
            return False
    return filled > 0
