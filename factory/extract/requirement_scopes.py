"""Scopes a page shows only as what each method or endpoint requires.

Some scope references never list their scopes on their own: every table pairs an SDK method
or an endpoint with the scope(s) it needs (``Method | OAuth Scope`` over ``list()`` |
`` `X.Read` or `X` ``). The structured reader skips such requirement tables on purpose (on an
ordinary scope page they repeat the list). When a page that speaks of scopes yields no scope
list, table or heading at all, or only names those tables hold too (a one-row table under a
header the structured reader takes, such as ``Function | Scope``), the requirement tables are
the page's list, and this last resort reads them:

- the table's header row names a method, endpoint, path or operation in one column and
  scopes or permissions in another;
- only code spans of the scope column count; a span is split where a writer joins several
  names (spaces, commas, "or", "and"), and every part must be scope-shaped, or the span is
  left out (``NA``, prose, a call such as ``get()``);
- each name is taken once, in document order, without description (the tables give none);
  a warning says where the names come from, so a person checks them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import Tag

from factory.extract.html_tables import nearest_ancestor, tags_in
from factory.extract.html_walk import sectioned_tags
from factory.extract.text import looks_like_scope, normalize_ws
from factory.models import ScopeRecord

__all__ = ["requirement_records"]

_WHAT_NEEDS = re.compile(
    r"^(sdk\s+)?(methods?|functions?|endpoints?|http methods?|paths?|urls?|routes?|"
    r"requests?|operations?|apis?|calls?|actions?)$"
)
_SCOPE_HEAD = re.compile(r"\b(scopes?|permissions?)\b")
_JOINED = re.compile(r"[\s,;·]+")
_CONNECTIVES = frozenset({"or", "and"})
# A page whose structured reading names more scopes than this has its own list: its
# requirement tables repeat it and are left alone.
_FEW = 3


_ROW = frozenset({"tr"})
_TABLE = frozenset({"table"})


def _head_cells(row: Tag, text_of: Callable[[Tag], str]) -> list[str]:
    return [normalize_ws(text_of(c)).lower() for c in row.find_all(["th", "td"], recursive=False)]


def _columns(table: Tag, text_of: Callable[[Tag], str]) -> tuple[list[Tag], int] | None:
    """The table's body rows and its scope column, when it is a requirement table."""
    # (bs4's find_all and find_parent, without their filters: a plain walk of the rows)
    rows = [r for r in tags_in(table, _ROW) if nearest_ancestor(r, _TABLE) is table]
    if len(rows) < 2:
        return None
    heads = _head_cells(rows[0], text_of)
    scope_cols = [i for i, h in enumerate(heads) if _SCOPE_HEAD.search(h)]
    if len(scope_cols) != 1 or not any(_WHAT_NEEDS.match(h.strip(" :*")) for h in heads):
        return None
    return rows[1:], scope_cols[0]


def _span_names(code: Tag) -> list[str]:
    parts = [p for p in _JOINED.split(code.get_text()) if p and p not in _CONNECTIVES]
    if not parts or not all(looks_like_scope(p) for p in parts):
        return []
    return parts


def requirement_records(
    body: Tag,
    text_of: Callable[[Tag], str],
    source_url: str | None,
    warns: list[str],
    records: list[ScopeRecord],
) -> list[ScopeRecord]:
    """``records``, or the page's last resort: the structured records plus the scope names
    its method/endpoint requirement tables give, when those hold every structured name and
    more, with a warning (appended to ``warns``) that says where they come from."""
    if len(records) > _FEW:
        return records
    found = _requirement_names(body, text_of, source_url)
    have = {r.scope_name for r in records}
    extra = [r for name, r in found.items() if name not in have]
    if not extra or not have <= set(found):
        return records
    shown = ", ".join(r.scope_name for r in extra[:6]) + (" ..." if len(extra) > 6 else "")
    warns.append(
        f"the page's scope lists and tables name {len(have)} scope(s): {len(extra)} more were "
        f"read from the scope column of its method/endpoint requirement tables ({shown}), "
        "without descriptions: check them against the page"
    )
    return [*records, *extra]


def _requirement_names(
    body: Tag, text_of: Callable[[Tag], str], source_url: str | None
) -> dict[str, ScopeRecord]:
    found: dict[str, ScopeRecord] = {}
    number = 0
    for node, headings in sectioned_tags(body, text_of):
        if node.name != "table" or nearest_ancestor(node, _TABLE) is not None:
            continue
        number += 1
        plan = _columns(node, text_of)
        if plan is None:
            continue
        rows, col = plan
        section = " > ".join(text for _, text in headings)
        for index, row in enumerate(rows, start=1):
            cells = row.find_all(["th", "td"], recursive=False)
            if col >= len(cells):
                continue
            for code in cells[col].find_all("code"):
                for name in _span_names(code):
                    locator = f"table {number} row {index}"
                    found.setdefault(
                        name, ScopeRecord(name, None, None, None, section, source_url, locator)
                    )
    return found
