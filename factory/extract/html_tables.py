"""Tables in HTML as grids, and the scope tokens one cell holds.

``build_grid`` expands rowspan/colspan into a rectangular grid; ``cell_scopes`` reads the
tokens of one cell. Which columns of a grid hold what is decided in ``html_columns``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from bs4 import PageElement, Tag

from factory.extract.cell_labels import drop_footnote_marks, label_then_name
from factory.extract.comma_spans import comma_listed
from factory.extract.html_walk import after_last_descendant, text_of
from factory.extract.scope_pairs import pair_tokens
from factory.extract.text import (
    clean_scope_token,
    looks_like_scope,
    normalize_ws,
    version_marker,
)

__all__ = [
    "CELL_SEPARATORS",
    "Cell",
    "blocks_after",
    "bold_header",
    "build_grid",
    "cell_scopes",
    "cell_text",
    "children_named",
    "first_tag",
    "has_ancestor",
    "nearest_ancestor",
    "next_sibling_named",
    "split_code_span",
    "tags_in",
]

_PUNCTUATED = re.compile(r"\w[._:/]\w")
# What may stand between the code spans of one cell: "`a`, `b`", "`a` or `b` or `c`".
_GAP = r"[\s,;/|&+()\-\u2013\u2014]*"
CELL_SEPARATORS = _SEPARATORS = re.compile(rf"^{_GAP}(?:(?:and|or){_GAP})*$")


def cell_text(row: list[Cell | None], col: int | None) -> str:
    """The normalised text of one cell of a row ('' when the column or cell is absent)."""
    cell = row[col] if col is not None else None
    return normalize_ws(text_of(cell.tag)) if cell is not None else ""


def blocks_after(tag: Tag, names: Iterable[str], limit: int) -> Iterator[Tag]:
    """The first ``limit`` tags called one of ``names`` after ``tag``, in document order,
    found lazily (``find_all_next`` collects all ``limit`` matches before the caller's loop
    can stop at the first one: on a page of 300 headings and tables that dominated)."""
    wanted = frozenset(names)
    found = 0
    for node in tag.next_elements:
        if isinstance(node, Tag) and node.name in wanted:
            yield node
            found += 1
            if found >= limit:
                return


def tags_in(tag: Tag, names: frozenset[str] | set[str]) -> list[Tag]:
    """Descendant tags with one of ``names`` (a plain walk: bs4's find_all is slow here).

    The walk follows ``next_element`` in one loop, as ``descendants`` does, without its
    generator's step per node (a page's tree is walked whole several times)."""
    found: list[Tag] = []
    node = tag.contents[0] if tag.contents else None
    stop = after_last_descendant(tag)
    while node is not None and node is not stop:
        if isinstance(node, Tag) and node.name in names:
            found.append(node)
        node = node.next_element
    return found


def children_named(tag: Tag, names: frozenset[str] | set[str]) -> list[Tag]:
    """Direct child tags with one of ``names``."""
    return [c for c in tag.children if isinstance(c, Tag) and c.name in names]


def first_tag(tag: Tag, names: frozenset[str] | set[str]) -> Tag | None:
    """The first descendant tag with one of ``names`` (bs4's ``find``, without its filter)."""
    return next((d for d in tag.descendants if isinstance(d, Tag) and d.name in names), None)


def nearest_ancestor(node: PageElement, names: frozenset[str]) -> Tag | None:
    """The nearest ancestor with one of ``names`` (bs4's ``find_parent``, without its filter)."""
    parent = node.parent
    while parent is not None:
        if parent.name in names:
            return parent
        parent = parent.parent
    return None


def next_sibling_named(tag: Tag, names: frozenset[str]) -> Tag | None:
    """The next sibling tag with one of ``names`` (bs4's ``find_next_sibling``)."""
    return next((s for s in tag.next_siblings if isinstance(s, Tag) and s.name in names), None)


def has_ancestor(tag: Tag, name: str, stop: Tag | None = None) -> Tag | None:
    """The nearest ancestor called ``name`` (below ``stop``), or None."""
    node = tag.parent
    while node is not None and node is not stop:
        if node.name == name:
            return node
        node = node.parent
    return None


_CELLS = frozenset({"td", "th"})
_CODE = frozenset({"code"})
_SPANS = frozenset({"rowspan", "colspan"})
# A row group holding cells without a <tr> ("<thead><td>Scope</td>...") is a row of its own,
# as a browser reads it; lxml keeps no row element there.
_ROWS = frozenset({"tr", "thead", "tbody", "tfoot"})


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position; ``spanned`` is True for the copies a rowspan/colspan creates."""

    tag: Tag
    spanned: bool


def build_grid(table: Tag) -> list[list[Cell | None]]:
    """The table as a rectangular grid with rowspan/colspan expanded (nested tables ignored)."""
    rows = [row for row in _rows_of(table) if row.name == "tr" or children_named(row, _CELLS)]
    grid: list[list[Cell | None]] = []
    carry: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows still to fill)
    for tr in rows:
        cells = children_named(tr, _CELLS)
        if not carry and not any(_SPANS.intersection(c.attrs) for c in cells):
            grid.append([Cell(c, False) for c in cells])  # the usual row: one cell a column
            continue
        row: list[Cell | None] = []
        queue = list(cells)
        col = 0
        while queue or any(c >= col for c in carry):
            if col in carry:
                cell, left = carry[col]
                row.append(Cell(cell.tag, True))
                carry = {**carry, col: (cell, left - 1)} if left > 1 else _without(carry, col)
                col += 1
                continue
            if not queue:
                row.append(None)
                col += 1
                continue
            tag = queue.pop(0)
            rowspan = min(_span(tag, "rowspan"), 10_000)
            colspan = min(_span(tag, "colspan"), 100)
            for offset in range(colspan):
                row.append(Cell(tag, offset > 0))
                if rowspan > 1:
                    carry[col + offset] = (Cell(tag, False), rowspan - 1)
            col += colspan
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [None] * (width - len(r)) for r in grid]


def _rows_of(table: Tag) -> list[Tag]:
    """The row elements (and row groups) of ``table`` in document order: a walk that does not
    go into cells or nested tables, so a big table costs its rows, not every span of its code."""
    out: list[Tag] = []
    stack = [c for c in reversed(table.contents) if isinstance(c, Tag)]
    while stack:
        tag = stack.pop()
        name = tag.name
        if name in _ROWS:
            out.append(tag)
        if name in _CELLS or name == "table":
            continue
        stack.extend(c for c in reversed(tag.contents) if isinstance(c, Tag))
    return out


def _without(carry: dict[int, tuple[Cell, int]], col: int) -> dict[int, tuple[Cell, int]]:
    return {k: v for k, v in carry.items() if k != col}


def _span(tag: Tag, attr: str) -> int:
    try:
        return max(1, int(str(tag.get(attr, "1")).strip() or "1"))
    except ValueError:
        return 1


def split_code_span(text: str) -> list[str]:
    """The tokens of one code span: itself, or each of several space-separated scope tokens
    (```a.read b.write```, as a ``scope`` parameter's value is written). Words without scope
    punctuation stay one span ("read write" may be prose)."""
    token = clean_scope_token(text)
    listed = comma_listed(text)
    if listed:
        return listed
    parts = normalize_ws(text).split(" ")
    if len(parts) < 2 or not all(_PUNCTUATED.search(p) for p in parts):
        return [token]
    split = [clean_scope_token(p) for p in parts]
    return split if all(looks_like_scope(p) for p in split) else [token]


def cell_scopes(tag: Tag, text_of: Callable[[Tag], str]) -> tuple[list[str], str | None]:
    """The scope tokens in a scope cell, and the version label the cell marks (if any).

    Code spans are the tokens when present ("`a`, `b`" yields both; "`a` (beta)" yields
    ``a`` marked beta; "`a` lets you ..." yields ``a``). Without code, the cell text is split
    on commas, "and"/"or" and line breaks, and every part must be a token (prose yields none).
    """
    drop_footnote_marks(tag, tags_in(tag, {"sup", "span"}))  # marks are not the token
    full = normalize_ws(text_of(tag))
    codes = tags_in(tag, _CODE)
    if codes:
        tokens = [t for c in codes for t in split_code_span(c.get_text())]
        remainder = full
        for raw in (normalize_ws(c.get_text()) for c in codes):
            remainder = remainder.replace(raw, " ", 1)
        remainder = normalize_ws(remainder)
        marker = version_marker(remainder)
        if _SEPARATORS.match(remainder) or marker:
            return [t for t in tokens if looks_like_scope(t)], marker
        paired = pair_tokens(full, [c.get_text() for c in codes])
        if paired and not paired[1].strip(" *_"):
            return paired[0], marker  # "read_x / `write_x`": names in code and not
        first = tokens[0]
        if label_then_name(full, [normalize_ws(c.get_text()) for c in codes]):
            return ([first] if looks_like_scope(first) else []), marker
        starts = full.lstrip("*_ ").startswith(normalize_ws(codes[0].get_text()))
        return ([first] if starts and looks_like_scope(first) else []), marker
    marker = version_marker(full)
    raw = text_of(tag).strip()
    raw = re.sub(r"\s*\([^()]*\)\s*$", "", raw) if marker else raw
    parts = [normalize_ws(p) for p in re.split(r"\s*[,;\n|]\s*|\s+(?:and|or|&|/)\s+", raw)]
    tokens = [clean_scope_token(p) for p in parts if p]
    if not tokens or len(tokens) > 12 or not all(looks_like_scope(t) for t in tokens):
        return [], marker
    return tokens, marker


def bold_header(cells: list[Tag], text_of: Callable[[Tag], str]) -> bool:
    """Whether a first row of two or more cells, each nothing but one bold label
    (``| *Name* | *Description*`` in AsciiDoc, ``<td><b>Name</b></td>``), is the table's header."""
    if len(cells) < 2:
        return False
    for cell in cells:
        bold = children_named(cell, {"strong", "b"})
        text = normalize_ws(text_of(cell))
        if len(bold) != 1 or not text or normalize_ws(text_of(bold[0])) != text:
            return False
    return True
