"""Scope names written with a space inside a scope table (``A2P SMS``, ``Edge Functions``).

A scope token never holds a space, except on providers whose permissions are product names:
their scope column lists ``Accounts``, ``Analytics``, ``Edge Functions`` alike. Such a cell is
read as one name only when everything else says it is one:

- the table has a header row and a description column, and the row's description is filled;
- the cell holds a short title-case name (two to four capitalised words or acronyms such as
  ``A2P``, nothing else: no sentence, no punctuation at its end);
- the column's other names are single capitalised words too (the page's own naming style), so
  a phrase in a column of ``area:verb`` tokens is never taken.

Prose never passes: a sentence has lower-case words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bs4 import Tag

from factory.extract.html_tables import Cell, cell_scopes
from factory.extract.text import clean_scope_token, normalize_ws

__all__ = ["SpacedNames", "capitalised_style", "spaced_scope_name"]

_WORD = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:[-+&][A-Za-z0-9]+)*")
_SINGLE = re.compile(r"[A-Z][A-Za-z0-9]*(?:[-+&][A-Za-z0-9]+)*")
_MAX_WORDS = 4
_MAX_CHARS = 40


def spaced_scope_name(text: str) -> str | None:
    """The title-case name a cell holds (``A2P SMS``), or None for anything else."""
    name = clean_scope_token(normalize_ws(text))
    words = name.split()
    if not 2 <= len(words) <= _MAX_WORDS or len(name) > _MAX_CHARS:
        return None
    if not all(_WORD.fullmatch(w) for w in words) or not any(c.isalpha() for c in words[0]):
        return None
    return " ".join(words)


def capitalised_style(names: Iterable[str]) -> bool:
    """Whether a column's names are single capitalised words (four in five, two or more)."""
    found = list(names)
    single = sum(bool(_SINGLE.fullmatch(n)) for n in found)
    return len(found) >= 2 and single * 10 >= len(found) * 8


class SpacedNames:
    """Decides, once per scope column and lazily, whether spaced names may be read there."""

    __slots__ = ("_allowed", "_grid", "_text_of")

    def __init__(self, grid: list[list[Cell | None]], text_of: Callable[[Tag], str]) -> None:
        self._grid = grid
        self._text_of = text_of
        self._allowed: dict[int, bool] = {}

    def name(self, cell: Cell, col: int, first_row: int) -> str | None:
        """The spaced name in ``cell`` of column ``col`` when the column's style allows it."""
        found = spaced_scope_name(self._text_of(cell.tag))
        if found is None:
            return None
        if col not in self._allowed:
            names: list[str] = []
            for row in self._grid[first_row:]:
                other = row[col] if col < len(row) else None
                if other is not None and not other.spanned:
                    names.extend(cell_scopes(other.tag, self._text_of)[0])
            self._allowed[col] = capitalised_style(names)
        return found if self._allowed[col] else None
