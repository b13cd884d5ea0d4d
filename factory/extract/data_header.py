"""A table whose "header" row is its first scope row.

A pipe table written without a header puts its first data row where the header goes (the
delimiter line then sits between the first and the second scope), so the renderer shows
that row as ``<thead>``. Such a header is no header: its name cell holds a scope token of
the same shape as the column's body cells, and another of its cells is a sentence, where a
real header holds one or two label words ("Scope", "Description").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import Tag

from factory.extract.html_tables import Cell, cell_scopes
from factory.extract.text import normalize_ws

__all__ = ["data_header_columns"]

TextOf = Callable[[Tag], str]
Grid = list[list[Cell | None]]

_PUNCTUATED = re.compile(r"\w[._:/]\w")
_SEPARATORS = "._:/-"
_SENTENCE_WORDS = 3  # a header label is one or two words; a description is a sentence


def _shape(token: str) -> str:
    return "".join(sorted({c for c in token if c in _SEPARATORS}))


def _one_token(cell: Cell | None, text_of: TextOf) -> str | None:
    if cell is None or cell.spanned:
        return None
    tokens, _ = cell_scopes(cell.tag, text_of)
    return tokens[0] if len(tokens) == 1 and _PUNCTUATED.search(tokens[0]) else None


def data_header_columns(grid: Grid, text_of: TextOf) -> tuple[int, int | None] | None:
    """(scope column, description column) when the header row is a scope row, else None.

    The scope column is the first whose every cell, the header's included, is one scope
    token with a separator, all of one shape (``a.b`` over ``c.d``); another header cell
    must be a sentence (three words or more). The description column is the sentence's.

    Args:
        grid: From ``html_tables.build_grid``; its first row was marked up as a header.
        text_of: The engine's text function for a tag.
    """
    if len(grid) < 2 or len(grid[0]) < 2:
        return None
    header = grid[0]
    for col, cell in enumerate(header):
        first = _one_token(cell, text_of)
        if first is None:
            continue
        shapes = {_shape(first)}
        for row in grid[1:]:
            token = _one_token(row[col] if col < len(row) else None, text_of)
            if token is None:
                return None
            shapes.add(_shape(token))
        if len(shapes) != 1:
            return None
        prose = [
            i
            for i, other in enumerate(header)
            if i != col
            and other is not None
            and len(normalize_ws(text_of(other.tag)).split()) >= _SENTENCE_WORDS
        ]
        return (col, prose[0]) if prose else None
    return None
