"""Tables of a setting's values, which look like a "Value | Description" scope table.

A page about scopes may document a setting with a table of its possible values and what each
does (``Value | Behavior`` over ``true`` / ``false`` / *unset*). Its first column has the weak
header a scope table may have ("Value") and the page speaks of scopes around it, but its
values are the literals of a boolean or an enumeration, never names: such a column is no
scope column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bs4 import Tag

from factory.extract.html_tables import Cell
from factory.extract.text import normalize_ws

__all__ = ["VALUE_LITERALS", "literal_column"]

TextOf = Callable[[Tag], str]

#: The literals a setting's value table lists (booleans, their absence, on/off states).
VALUE_LITERALS = frozenset(
    {"true", "false", "unset", "null", "none", "nil", "empty", "default", "yes", "no"}
    | {"on", "off", "enabled", "disabled", "auto", "always", "never", "undefined"}
)


def literal_column(grid: Sequence[Sequence[Cell | None]], col: int, text_of: TextOf) -> bool:
    """Whether every filled cell below the header of column ``col`` is a value literal
    (two cells at least; markup such as ``_unset_`` or `` `true` `` is no part of it)."""
    values = []
    for row in grid[1:]:
        cell = row[col] if col < len(row) else None
        if cell is None or cell.spanned:
            continue
        text = normalize_ws(text_of(cell.tag)).strip("`*_ ").lower()
        if text:
            values.append(text)
    return len(values) >= 2 and all(v in VALUE_LITERALS for v in values)
