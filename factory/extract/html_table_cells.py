"""Cell and column checks of the table planner for layouts the layout fuzzer found.

``html_columns`` plans which column of a table holds scopes; these checks widen what a
headerless or weakly headed table may be, and narrow where it may stand:

- a cell of several scope tokens in code and nothing else (```a` or `b```, ```a`, `b```,
  one a line, several in one span ```a b```) is as good as a cell of one;
- a plain token with scope punctuation among code ones still makes a column, when the
  column is then a uniform run of one shape (``grant_context.uniform_scope_run``);
- a ``Name`` column under a grant section ("Authorization") is a scope column when its
  cells are a uniform run of single scope tokens;
- a headerless table whose heading (or lead) names parameters, fields, errors, claims,
  webhooks or examples is not a scope table, whatever the page says about scopes elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import Tag

from factory.extract.grant_context import grant_section, uniform_scope_run
from factory.extract.html_tables import CELL_SEPARATORS, Cell, cell_scopes, split_code_span
from factory.extract.scope_pairs import pair_tokens
from factory.extract.text import (
    looks_like_scope,
    mentions_scopes,
    normalize_ws,
    without_placeholders,
)

__all__ = [
    "NEGATIVE_CONTEXT",
    "codes_only",
    "names_other_things",
    "plain_scope",
    "uniform_grant_column",
]

TextOf = Callable[[Tag], str]
Grid = list[list[Cell | None]]

# What a headerless table's heading names instead of scopes. Not "events": a scope page's
# section "Issues & Events" lists the event scopes.
_OTHER_THINGS = re.compile(r"\b(claims?|webhooks?|examples?|samples?)\b", re.I)
NEGATIVE_CONTEXT = re.compile(
    r"\b(parameters?|fields?|arguments?|errors?|error codes?|responses?|headers?|attributes?"
    r"|properties|endpoints?|urls?|returns?|request body)\b",
    re.I,
)


def names_other_things(nearest: str, lead: str) -> bool:
    """The heading (or lead) over a headerless table names what it lists, and not scopes:
    parameters, fields, errors, claims, events ... (the page's scope talk elsewhere does not
    make its parameter or claim tables scope tables)."""
    if mentions_scopes(nearest):
        return False
    if NEGATIVE_CONTEXT.search(nearest) or _OTHER_THINGS.search(nearest):
        return True
    return bool(_OTHER_THINGS.search(lead)) and not mentions_scopes(lead)


def uniform_grant_column(grid: Grid, col: int, nearest: str, text_of: TextOf) -> bool:
    """A "Name" column under a grant section ("Authorization") holding a uniform run of
    scope tokens, each cell one token (``grant_context``)."""
    if not grant_section(nearest):
        return False
    tokens: list[str] = []
    for row in grid[1:]:
        cell = row[col] if col < len(row) else None
        if cell is None:
            continue
        found = cell_scopes(cell.tag, text_of)[0]
        if not found:
            return False
        tokens.extend(found)  # one token, or the names of one resource ("a:read / a:write")
    return uniform_scope_run(tokens)


def plain_scope(tag: Tag, text_of: TextOf) -> bool:
    """A cell that is one scope token in plain text, with scope punctuation in it."""
    text = normalize_ws(text_of(tag))
    shape = without_placeholders(text)  # "a:read:‹tenant name›" is one token
    if " " in shape:
        return _pair_only(text, [])
    return bool(re.search(r"\w[._:/]\w", text)) and looks_like_scope(text)


def _pair_only(text: str, codes: list[str]) -> bool:
    """A cell that is only the names of one resource ("a:read / `a:write`")."""
    paired = pair_tokens(text, codes)
    return paired is not None and not paired[1].strip(" *_")


def codes_only(tag: Tag, codes: list[Tag], text_of: TextOf) -> bool:
    """Several scope tokens in code and nothing else: ```a` or `b```, ```a`, `b```, one per
    line, or several in one span (``a b``)."""
    if not codes:
        return False
    remainder = normalize_ws(text_of(tag))
    for code in codes:
        remainder = remainder.replace(normalize_ws(code.get_text()), " ", 1)
    if not CELL_SEPARATORS.match(normalize_ws(remainder)):
        return _pair_only(text_of(tag), [c.get_text() for c in codes])
    return all(looks_like_scope(t) for c in codes for t in split_code_span(c.get_text()))
