"""Vertical key/value property tables that document one scope each (Box-style).

Some guides give each scope its own small transposed table under a heading: no header (or an
empty one), labels in the first column and values in the second::

    |                       |                                          |
    | --------------------- | ---------------------------------------- |
    | **OAuth Scope**       | `root_readonly`                          |
    | **Application Scope** | Read all files and folders stored in Box |
    | **Depends on**        | `enterprise_content`-scope               |

The row labelled as the scope gives the token; a description row (or else a row naming the
scope's human title) gives the description; a status row the version. Rows such as "Depends
on" are never the scope. A table without a scope row (only "Application Scope") documents no
scope. Microsoft Graph's per-kind tables (one column per permission kind) are a different
shape, read by ``html_kinds``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import Tag

from factory.extract.html_tables import Cell, cell_scopes, tags_in
from factory.extract.text import detect_version, normalize_ws

__all__ = ["PropertyScope", "property_table_scope"]

TextOf = Callable[[Tag], str]
Grid = list[list[Cell | None]]

_MAX_ROWS = 12
_MAX_LABEL = 40
# Label roles, tried in order; a label matching none of them is unknown.
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # The label alone says "this row is a scope": no page context needed.
    ("scope", re.compile(r"^(oauth\s*(2(\.0)?)?\s+)?(api\s+)?scope(\s+(name|string|value|id))?$")),
    # Ambiguous labels: a scope only with scope context around the table.
    ("weak_scope", re.compile(r"^(permission(\s+(name|string|value|id))?|identifier|id|key)$")),
    ("description", re.compile(
        r"^(.*\bdescription|definition|summary|meaning|purpose|explanation|details"
        r"|grants( access to)?|allows|what it (does|grants|allows))$"
    )),
    ("title", re.compile(
        r"^(application scope|display ?(name|text|string)|name|title|label|friendly name"
        r"|(user|admin) consent display name)$"
    )),
    ("version", re.compile(r"^(status|version|availability|lifecycle|stage|release stage)$")),
    ("kind", re.compile(r"^(type|kind|permission type|scope type|access type)$")),
    # Known labels that are neither the scope nor its description.
    ("other", re.compile(
        r"^(depends on|dependencies|dependency|requires|required by|requirements?|category"
        r"|admin consent required|consent( required)?|access level|resource|audience"
        r"|included in|includes|also grants|implies|see also|notes?|example|token type"
        r"|application types?|app types?|granted to|restrictions?|ui elements?( affected)?)$"
    )),
)  # fmt: skip
# A generic header over a key/value table ("Property | Value") is not a label row.
_GENERIC_HEADER = re.compile(r"^(propert(y|ies)|field|key|attribute|setting|name|item)$")
_GENERIC_VALUE = re.compile(r"^(values?|details?|description|setting)$")
_LABEL_JUNK = re.compile(r"[*_:`\s]+")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_ABSENT = frozenset({"", "-", "\u2013", "\u2014", "n/a", "na", "none", "not applicable"})


@dataclass(frozen=True, slots=True)
class PropertyScope:
    """The scope one property table documents.

    Attributes:
        scope_name: The token in the scope row's value cell.
        description: The description row's value, else the title row's, else None.
        version: From a status/version row or a marker beside the token, else None.
        kind: A type/kind row's value (lower case), else None.
        row: The scope row's number (1-based; an empty or generic header is not counted).
        strong: Whether the scope label alone is a scope signal ("OAuth Scope", "Scope");
            False for ambiguous labels ("Permission", "Identifier"): such a table also needs
            a description or title row here, and scope context around it.
        described: Whether ``description`` came from a description row (not a title row):
            without one, the paragraph after the table is the scope's description.
    """

    scope_name: str
    description: str | None
    version: str | None
    kind: str | None
    row: int
    strong: bool
    described: bool = False


def _label(text: str) -> str:
    return _LABEL_JUNK.sub(" ", text.lower()).strip().removesuffix("(s)").strip()


def _role(cell: Cell | None, text_of: TextOf) -> str | None:
    if cell is None or tags_in(cell.tag, {"code"}):
        return None  # a code token in the first column is data, not a label
    label = _label(normalize_ws(text_of(cell.tag)))
    if not label or len(label) > _MAX_LABEL:
        return None
    return next((role for role, pattern in _ROLES if pattern.match(label)), None)


def _rows(grid: Grid, header_row: bool, text_of: TextOf) -> list[list[Cell | None]]:
    """The label/value rows: the header row too unless it is empty or generic."""
    if not header_row:
        return grid
    texts = [_label(normalize_ws(text_of(c.tag))) if c else "" for c in grid[0]]
    empty = not any(texts)
    generic = bool(_GENERIC_HEADER.match(texts[0]) and _GENERIC_VALUE.match(texts[1]))
    return grid[1:] if empty or generic else grid


def property_table_scope(grid: Grid, header_row: bool, text_of: TextOf) -> PropertyScope | None:
    """The scope a two-column label/value table documents, if it is such a table.

    Args:
        grid: From ``html_tables.build_grid``.
        header_row: Whether the first grid row is a header (an empty one is skipped).
        text_of: The engine's text function for a tag.

    Returns:
        The one scope of the table, or None when the table is not a property table, has no
        scope row, or its scope row does not hold exactly one scope token.
    """
    if not grid or len(grid[0]) != 2:
        return None
    rows = [r for r in _rows(grid, header_row, text_of) if any(c is not None for c in r)]
    if not rows or len(rows) > _MAX_ROWS:
        return None
    roles = [_role(row[0], text_of) for row in rows]
    # Most labels must be known: a scope table ("Scope | Description" then token rows) is not.
    if sum(role is not None for role in roles) * 2 <= len(roles):
        return None
    values = [normalize_ws(text_of(row[1].tag)) if row[1] else "" for row in rows]
    found = _scope_row(rows, roles, header_row and rows[0] is grid[0], text_of)
    if found is None:
        return None
    number, token, marker, strong = found
    described = _first_value("description", roles, values)
    desc = described or _first_value("title", roles, values)
    if not strong and desc is None:
        return None  # "Identifier | `my-package`" beside "Version"/"License": a package card
    status = _first_value("version", roles, values)
    kind = _first_value("kind", roles, values)
    return PropertyScope(
        token,
        desc,
        marker or detect_version(status),
        kind.lower() if kind and len(kind.split()) <= 3 else None,
        number,
        strong,
        described is not None,
    )


def _scope_row(
    rows: list[list[Cell | None]], roles: list[str | None], header_first: bool, text_of: TextOf
) -> tuple[int, str, str | None, bool] | None:
    """(row number, token, version marker, strong) of the first scope row holding one token."""
    for index, (row, role) in enumerate(zip(rows, roles, strict=True)):
        cell = row[1]
        if role not in ("scope", "weak_scope") or cell is None:
            continue
        if index == 0 and header_first and not tags_in(cell.tag, {"code"}):
            continue  # a "Scope | Description" header names columns, not a scope
        tokens, marker = cell_scopes(cell.tag, text_of)
        if len(tokens) != 1 or _GUID.match(tokens[0]):
            continue  # Graph's Identifier row is a GUID, not a scope
        return index + 1, tokens[0], marker, role == "scope"
    return None


def _first_value(role: str, roles: list[str | None], values: list[str]) -> str | None:
    for found, value in zip(roles, values, strict=True):
        if found == role and value.lower() not in _ABSENT:
            return value
    return None
