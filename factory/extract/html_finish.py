"""The end of a page walk: the records it keeps, and the code blocks it reads on the way.

A heading's record and the list under it, a discovery example and the table beside it, a
prose enumeration and the list that documents the same names: the walk collects them all
and ``finish_walk`` decides which stand, in document order.
"""

from __future__ import annotations

import re

from bs4 import Tag

from factory.extract.html_discovery import DISCOVERY_KIND, discovery_scopes
from factory.extract.html_prose import keep_prose_scopes
from factory.extract.html_walk import PageWalk
from factory.models import ScopeRecord

__all__ = ["finish_walk", "on_code_block"]


def on_code_block(pre: Tag, walk: PageWalk) -> None:
    """An OIDC discovery document printed as an example: its ``scopes_supported``."""
    found = discovery_scopes(pre) if walk.access_page else []
    for token, index in found:
        walk.add(
            DISCOVERY_KIND,
            ScopeRecord(
                token, None, walk.heading_version(), None, walk.section(), walk.source_url,
                f"discovery example /scopes_supported/{index}",
            ),
        )  # fmt: skip


def finish_walk(walk: PageWalk) -> list[ScopeRecord]:
    """Drop list records in sections that have a scope table (there the list is prose), bare
    index items of scopes that have their own heading, and headings that only group a list
    or table of scopes; prose scopes: see html_prose."""
    groups = _group_headings(walk)
    headed = {record.scope_name for _, _, kind, record in walk.records if kind == "heading"}
    records = [
        (kind, record)
        for number, section, kind, record in walk.records
        if not (kind == "list" and section in walk.table_sections)
        # a bare index of the scopes the page then gives a heading each
        and not (kind == "list" and record.description is None and record.scope_name in headed)
        and number not in groups
    ]
    return keep_prose_scopes(_with_discovery(records, walk), walk)


def _with_discovery(
    records: list[tuple[str, ScopeRecord]], walk: PageWalk
) -> list[tuple[str, ScopeRecord]]:
    """The records, with a discovery example's scopes kept only where nothing else on the
    page names them (and warned: an example is weaker evidence than a list)."""
    named = {r.scope_name for kind, r in records if kind != DISCOVERY_KIND}
    out: list[tuple[str, ScopeRecord]] = []
    added: list[str] = []
    for kind, record in records:
        if kind != DISCOVERY_KIND:
            out.append((kind, record))
        elif record.scope_name not in named and record.scope_name not in added:
            added.append(record.scope_name)
            out.append(("table", record))
    if added:
        walk.warn(
            f"{len(added)} scope(s) read from the scopes_supported of an OIDC discovery "
            f"example on the page ({', '.join(added[:8])}): the page lists them nowhere else; "
            "check them against it"
        )
    return out


def _group_headings(walk: PageWalk) -> set[int]:
    """Heading records that name a group, not a scope: no description of their own, and a
    list or table of scopes right under them; or the family of two or more names under it
    ("### `grid`" over `grid:read` and `grid:write`), described as a group at most ("Scopes
    of the grid API"), that no list or table elsewhere names a scope of its own (a row of
    its own under the heading is the scope's record: the heading then only groups)."""
    under: dict[int, list[str]] = {}
    rows: set[str] = set()
    for _, section, kind, record in walk.records:
        if kind in ("list", "table"):
            under.setdefault(section, []).append(record.scope_name)
            rows.add(record.scope_name)
    groups: set[int] = set()
    for number, key in walk.heading_keys.items():
        record = walk.records[number][3]
        names = under.get(key, [])
        if not names:
            continue
        family = sum(_extends(n, record.scope_name) for n in names) >= 2
        lone = record.description is None and not family
        # a family heading described as a group at most; a row of its own right under it
        # says what the scope is (elsewhere on the page the heading repeats a scope)
        grouping = (
            family
            and _about_group(record.description)
            and (record.scope_name not in rows or record.scope_name in names)
        )
        if lone or grouping:
            groups.add(number)
    return groups


def _extends(name: str, family: str) -> bool:
    """``grid:read`` extends ``grid`` (a separator after the family's name)."""
    return len(name) > len(family) + 1 and name.startswith(family) and name[len(family)] in _SEPS


_SEPS = frozenset(":._/-")
# A heading's paragraph that speaks of the names below it ("Scopes of the grid API.", "The
# following permissions ...") describes a group, not one scope.
_GROUP_TEXT = re.compile(r"\b(?:scopes|permissions|the following)\b|:$", re.I)


def _about_group(description: str | None) -> bool:
    return description is None or bool(_GROUP_TEXT.search(description))
