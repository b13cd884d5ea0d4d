"""Scope tables in HTML: which tables are scope tables, which columns hold what, row records.

A table is a scope table when its header names a scope column (Scope, Scopes, Scope name,
OAuth scope, Permission ...), wherever it sits; an ambiguous "Name"/"Value" column counts only
when the surrounding headings, caption or lead paragraph talk about scopes. Headerless tables
(empty header cells, as Sentry writes them) count when one column holds nothing but code
tokens shaped like scopes. Endpoint, error and parameter tables yield nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from bs4 import Tag

from factory.extract.text import (
    clean_scope_token,
    looks_like_scope,
    mentions_scopes,
    normalize_ws,
    version_marker,
)

__all__ = [
    "Cell",
    "TablePlan",
    "build_grid",
    "cell_scopes",
    "children_named",
    "has_ancestor",
    "plan_table",
    "tags_in",
]

_STRONG_SCOPE = re.compile(r"\b(oauth\s+)?(scopes?|permissions?)(\s+names?)?\b")
_WEAK_SCOPE = frozenset({"name", "names", "value", "values", "key", "token", "identifier"})
# Endpoint pages list the scopes an operation needs ("Required scopes", Microsoft's "Least
# privileged permissions"): requirement tables, not scope lists.
_REQUIRED = re.compile(
    r"\b(required|needed|requires|necessary|least privileged|higher privileged|minimum)\b"
)
_DESC_RANKED = (
    re.compile(r"\bdescriptions?\b"),
    re.compile(r"\bdefinitions?\b"),
    re.compile(r"grants access|provides access|\baccess\b|meaning|details|purpose|what it|summary"),
    re.compile(r"\bexplanation\b|\buser display\b|\bnotes?\b|\bdisplay (string|name)\b"),
)
_VERSION_COL = re.compile(r"^(status|version|versions|availability|lifecycle|stage|state)$")
_KIND_COL = re.compile(r"^(type|permission type|scope type|kind|access type)$")
_ENDPOINT_COL = re.compile(
    r"^(endpoints?|methods?|http methods?|paths?|urls?|routes?|requests?|operations?|apis?)$"
)
_NEGATIVE_CONTEXT = re.compile(
    r"\b(parameters?|fields?|arguments?|errors?|error codes?|responses?|headers?|attributes?"
    r"|properties|endpoints?|urls?|returns?|request body)\b",
    re.I,
)
_SEPARATORS = re.compile(r"^[\s,;/|&+()\-\u2013\u2014]*(and|or)?[\s,;/|&+()\-\u2013\u2014]*$")


def tags_in(tag: Tag, names: frozenset[str] | set[str]) -> list[Tag]:
    """Descendant tags with one of ``names`` (a plain walk: bs4's find_all is slow here)."""
    return [d for d in tag.descendants if isinstance(d, Tag) and d.name in names]


def children_named(tag: Tag, names: frozenset[str] | set[str]) -> list[Tag]:
    """Direct child tags with one of ``names``."""
    return [c for c in tag.children if isinstance(c, Tag) and c.name in names]


def tags_after(tag: Tag, names: Collection[str], limit: int) -> Iterator[Tag]:
    """The next ``limit`` tags called one of ``names`` after ``tag``, in document order.

    A lazy walk of ``tag.next_elements``: callers stop at the first block they do not want,
    where ``find_all_next(names, limit=...)`` would match every one of ``limit`` blocks
    first (quadratic on a page of hundreds of headings, e.g. a Graph-size reference).
    """
    found = 0
    for node in tag.next_elements:
        if isinstance(node, Tag) and node.name in names:
            yield node
            found += 1
            if found == limit:
                return


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


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position; ``spanned`` is True for the copies a rowspan/colspan creates."""

    tag: Tag
    spanned: bool


@dataclass(frozen=True, slots=True)
class TablePlan:
    """How to read a scope table: the columns that hold each part, and where data starts."""

    scope_cols: tuple[int, ...]
    desc_col: int | None
    version_col: int | None
    kind_col: int | None
    first_row: int


def build_grid(table: Tag) -> list[list[Cell | None]]:
    """The table as a rectangular grid with rowspan/colspan expanded (nested tables ignored)."""
    rows = [tr for tr in tags_in(table, {"tr"}) if has_ancestor(tr, "table") is table]
    grid: list[list[Cell | None]] = []
    carry: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows still to fill)
    for tr in rows:
        row: list[Cell | None] = []
        cells = children_named(tr, _CELLS)
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


def _without(carry: dict[int, tuple[Cell, int]], col: int) -> dict[int, tuple[Cell, int]]:
    return {k: v for k, v in carry.items() if k != col}


def _span(tag: Tag, attr: str) -> int:
    try:
        return max(1, int(str(tag.get(attr, "1")).strip() or "1"))
    except ValueError:
        return 1


def plan_table(
    grid: list[list[Cell | None]],
    header_row: bool,
    context: str,
    nearest_heading: str,
    scope_seen: bool,
    text_of: Callable[[Tag], str],
) -> TablePlan | None:
    """Decide whether a grid is a scope table and which columns hold what.

    Args:
        grid: From ``build_grid``.
        header_row: Whether the first grid row is a header (``<thead>`` or all ``<th>``).
        context: Heading path, caption and lead paragraph text around the table.
        nearest_heading: The closest heading's text (negative words reject ambiguous tables).
        scope_seen: Whether the page talked about scopes before this table.
        text_of: The engine's text function for a tag.

    Returns:
        A plan, or None when the table is not a scope table.
    """
    if not grid or not grid[0]:
        return None
    headers = [text_of(c.tag).lower() if c else "" for c in grid[0]] if header_row else []
    if any(headers):
        return _plan_from_headers(headers, context, nearest_heading)
    return _plan_from_content(grid, 1 if header_row else 0, scope_seen, text_of)


def _plan_from_headers(headers: list[str], context: str, nearest_heading: str) -> TablePlan | None:
    # "Permission type" names the kind of a permission, not the permission itself.
    strong = [
        i for i, h in enumerate(headers) if _STRONG_SCOPE.search(h) and not _KIND_COL.match(h)
    ]
    if any(_REQUIRED.search(headers[i]) for i in strong) or (
        headers and _ENDPOINT_COL.match(headers[0])
    ):
        return None  # an endpoint table listing required scopes, not a scope table
    scope_cols = strong
    if not scope_cols:
        weak = [i for i, h in enumerate(headers) if h.strip(" :*") in _WEAK_SCOPE]
        negative = _NEGATIVE_CONTEXT.search(nearest_heading) and not mentions_scopes(
            nearest_heading
        )
        if not weak or negative or not mentions_scopes(context):
            return None
        scope_cols = weak[:1]
    desc_col = None
    for pattern in _DESC_RANKED:
        found = [i for i, h in enumerate(headers) if i not in scope_cols and pattern.search(h)]
        if found:
            desc_col = found[0]
            break
    if desc_col is None and len(scope_cols) > 1 and not strong:
        return None
    version_col = next((i for i, h in enumerate(headers) if _VERSION_COL.match(h)), None)
    kind_col = next((i for i, h in enumerate(headers) if _KIND_COL.match(h)), None)
    return TablePlan(tuple(scope_cols), desc_col, version_col, kind_col, 1)


def _plan_from_content(
    grid: list[list[Cell | None]], first: int, scope_seen: bool, text_of: Callable[[Tag], str]
) -> TablePlan | None:
    if not scope_seen:
        return None
    body = grid[first:]
    width = len(grid[0])
    best: int | None = None
    for col in range(width):
        cells = [r[col] for r in body if r[col] is not None and text_of(r[col].tag)]  # type: ignore[union-attr]
        pure = [c for c in cells if c and _pure_code_scope(c.tag, text_of)]
        if cells and len(pure) >= 0.8 * len(cells):
            best = col
            break
    if best is None:
        return None
    lengths = {
        col: sum(len(text_of(cell.tag)) for row in body if (cell := row[col]) is not None)
        for col in range(width)
        if col != best
    }
    desc_col = max(lengths, key=lambda col: lengths[col]) if lengths else None
    return TablePlan((best,), desc_col, None, None, first)


def _pure_code_scope(tag: Tag, text_of: Callable[[Tag], str]) -> bool:
    codes = tags_in(tag, _CODE)
    if len(codes) != 1:
        return False
    token = clean_scope_token(codes[0].get_text())
    return looks_like_scope(token) and normalize_ws(text_of(tag)) == token


def cell_scopes(tag: Tag, text_of: Callable[[Tag], str]) -> tuple[list[str], str | None]:
    """The scope tokens in a scope cell, and the version label the cell marks (if any).

    Code spans are the tokens when present ("`a`, `b`" yields both; "`a` (beta)" yields
    ``a`` marked beta; "`a` lets you ..." yields ``a``). Without code, the cell text is split
    on commas, "and"/"or" and line breaks, and every part must be a token (prose yields none).
    """
    for mark in tags_in(tag, {"sup"}):
        mark.decompose()  # footnote marks are not part of the token
    full = normalize_ws(text_of(tag))
    codes = tags_in(tag, _CODE)
    if codes:
        tokens = [clean_scope_token(c.get_text()) for c in codes]
        remainder = full
        for raw in (normalize_ws(c.get_text()) for c in codes):
            remainder = remainder.replace(raw, " ", 1)
        remainder = normalize_ws(remainder)
        marker = version_marker(remainder)
        if _SEPARATORS.match(remainder) or marker:
            return [t for t in tokens if looks_like_scope(t)], marker
        first = tokens[0]
        starts = full.lstrip("*_ ").startswith(normalize_ws(codes[0].get_text()))
        return ([first] if starts and looks_like_scope(first) else []), marker
    marker = version_marker(full)
    raw = text_of(tag).strip()
    raw = re.sub(r"\s*\([^()]*\)\s*$", "", raw) if marker else raw
    parts = [normalize_ws(p) for p in re.split(r"\s*[,;\n]\s*|\s+(?:and|or|&)\s+", raw)]
    tokens = [clean_scope_token(p) for p in parts if p]
    if not tokens or len(tokens) > 12 or any(" " in t or not looks_like_scope(t) for t in tokens):
        return [], marker
    return tokens, marker
