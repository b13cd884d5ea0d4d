"""Per-kind property tables under a scope heading (one column per permission kind).

Some references give each permission its own heading and, under it, a transposed table: the
header row names the permission kinds, the first column names properties, and each kind's
column holds that kind's values (Microsoft Graph writes ``Category | Application |
Delegated`` with ``Identifier`` / ``DisplayText`` / ``Description`` rows; ``-`` where a kind
does not exist). Such a heading is one scope per kind, each with its own description.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import Tag

from factory.extract.html_tables import blocks_after, build_grid, children_named, first_tag
from factory.extract.text import normalize_ws

__all__ = ["KindColumn", "heading_kind_table"]

TextOf = Callable[[Tag], str]
KindColumn = tuple[str, str | None, Tag]  # (kind, description, the table)

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LABEL = re.compile(r"[^a-z]")
# Row labels that say what a property table describes; "description" is the one we keep.
_PROPERTY_LABELS = frozenset(
    {"identifier", "id", "displaytext", "displayname", "displaystring", "description",
     "adminconsentrequired", "consent", "type", "value"}
)  # fmt: skip
_DESCRIPTION_LABELS = ("description",)
# Cells that say "this kind has no such permission".
_ABSENT = frozenset({"", "-", "\u2013", "\u2014", "n/a", "na", "none", "not applicable"})
_KIND_HEADER = re.compile(r"^[a-z][a-z \-]{1,30}$")


def _label(text: str) -> str:
    return _LABEL.sub("", text.lower())


def heading_kind_table(heading: Tag, text_of: TextOf) -> list[KindColumn]:
    """The kinds a per-kind property table right under ``heading`` documents.

    Paragraphs between the heading and the table are allowed; another heading, list or code
    block first means there is no such table.

    Returns:
        ``(kind, description, table)`` per kind column whose cells are not all absent
        markers, in column order; empty when the heading is not followed by such a table.
    """
    for block in blocks_after(heading, ["p", "table", "ul", "ol", "pre", *_HEADINGS], 6):
        if block.name == "p":
            continue
        if block.name != "table":
            return []
        return _read_table(block, text_of)
    return []


def _read_table(table: Tag, text_of: TextOf) -> list[KindColumn]:
    grid = build_grid(table)
    if len(grid) < 3 or len(grid[0]) < 2:
        return []
    first_tr = first_tag(table, {"tr"})
    header_cells = children_named(first_tr, {"td", "th"}) if isinstance(first_tr, Tag) else []
    if not header_cells:
        return []
    headers = [normalize_ws(text_of(c.tag)).lower() if c else "" for c in grid[0]]
    labels = [_label(text_of(row[0].tag)) if row[0] else "" for row in grid[1:]]
    known = [lab for lab in labels if lab in _PROPERTY_LABELS]
    if len(known) < 2 or len(known) * 2 < len(labels):
        return []  # not a property table: its first column does not name properties
    if not any(lab in _DESCRIPTION_LABELS for lab in labels):
        return []
    kinds = headers[1:]
    if not kinds or not all(_KIND_HEADER.match(k) for k in kinds):
        return []
    out: list[KindColumn] = []
    for col, kind in enumerate(kinds, start=1):
        values = {
            lab: normalize_ws(text_of(cell.tag))
            for lab, row in zip(labels, grid[1:], strict=True)
            if (cell := row[col]) is not None
        }
        if all(v.lower() in _ABSENT for v in values.values()):
            continue
        desc = next((values[lab] for lab in _DESCRIPTION_LABELS if lab in values), None)
        if desc is not None and desc.lower() in _ABSENT:
            desc = None
        out.append((kind, desc, table))
    return out
