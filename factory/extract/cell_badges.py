"""A badge in code before a bare scope name in a table cell: ``| `restricted` payments |``.

Some pages write their scope names bare in a table's name column and mark a few rows with a
short inline-code badge before the name (``restricted``, ``new``, ``beta``). Read as a cell
with code, the code span would be taken for the name (``restricted``, twice) and the real
names lost. ``BadgedColumns`` tells such a cell apart: one code span of one plain word opens
the cell, one bare scope-shaped token follows it, and the column's other name cells are bare
names without code (the page's own way of writing its names). The token is then the name and
the badge its label, kept as the record's version note as "deprecated" or "beta" are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bs4 import PageElement, Tag

from factory.extract.html_tables import Cell, tags_in
from factory.extract.text import clean_scope_token, looks_like_scope, normalize_ws

__all__ = ["BadgedColumns", "badge_split"]

TextOf = Callable[[Tag], str]
_CODE = frozenset({"code"})
# A badge is one short plain word (letters and hyphens): never a name with a separator.
_BADGE_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{1,23}")


def badge_split(tag: Tag, text_of: TextOf) -> tuple[str, str] | None:
    """(name, badge) for a cell that is one code-span word and one bare token after it.

    Args:
        tag: the table cell.
        text_of: the engine's text function for a tag.

    Returns:
        The bare token and the badge in lower case, or None for any other cell.
    """
    if not _opens_with_code(tag):
        return None  # most cells: no code span opens them (read without a walk)
    codes = tags_in(tag, _CODE)
    if len(codes) != 1:
        return None
    badge = normalize_ws(codes[0].get_text())
    full = normalize_ws(text_of(tag)).lstrip("*_ ")
    if not _BADGE_WORD.fullmatch(badge) or not full.startswith(badge):
        return None
    rest = full[len(badge) :].strip(" *_")
    if not rest or " " in rest or rest[:1] in "-:(\u2013\u2014":
        return None  # "`a` - text", "`a` (beta)": the code is the name
    token = clean_scope_token(rest)
    return (token, badge.lower()) if looks_like_scope(token) else None


def _opens_with_code(tag: Tag) -> bool:
    """Whether a code span opens the cell, in it or in the one paragraph or block that wraps
    its content (Asciidoctor's and Sphinx's cells hold a ``<p>``)."""
    contents = _filled(tag)
    while len(contents) == 1 and isinstance(contents[0], Tag) and contents[0].name in _WRAPPERS:
        contents = _filled(contents[0])
    return len(contents) >= 2 and getattr(contents[0], "name", None) == "code"


def _filled(tag: Tag) -> list[PageElement]:
    """A tag's children less the white space between them."""
    return [c for c in tag.contents if isinstance(c, Tag) or str(c).strip()]


_WRAPPERS = frozenset({"p", "div", "span"})


class BadgedColumns:
    """The badge cells of a table's name columns, read only where the column writes its
    other names bare (decided once per column, and only when a badge cell is met)."""

    def __init__(self, grid: Sequence[Sequence[Cell | None]], first_row: int, text_of: TextOf):
        self._grid = grid
        self._first = first_row
        self._text_of = text_of
        self._bare: dict[int, bool] = {}

    def split(self, cell: Cell, col: int) -> tuple[str, str] | None:
        """(name, badge) when ``cell`` is a badge cell of a column of bare names."""
        found = badge_split(cell.tag, self._text_of)
        if found is None:
            return None
        if col not in self._bare:
            self._bare[col] = self._bare_column(col)
        return found if self._bare[col] else None

    def _bare_column(self, col: int) -> bool:
        """Whether most of the column's filled cells are one bare scope token (no code)."""
        filled = bare = 0
        for row in self._grid[self._first :]:
            cell = row[col] if col < len(row) else None
            if cell is None or cell.spanned:
                continue
            text = normalize_ws(self._text_of(cell.tag))
            if not text:
                continue
            filled += 1
            if " " not in text and not tags_in(cell.tag, _CODE):
                bare += looks_like_scope(clean_scope_token(text))
        return filled >= 2 and bare * 2 > filled
