"""Scope lists held in HTML element attributes (``data-scopes="a b"``, ``scopes="a,b"``).

A page rendered by a docs framework may keep a scope list only in an element's attributes
(a web component ``<scope-list scopes="a,b">``, a ``data-permissions`` attribute a script
turns into chips) while the text shows nothing or a summary. ``attribute_tables`` reads such
attributes (see ``component_props`` for which count) and puts the ``Scope | Description``
table the page shows right after the element, where the walk reads it as any other table.
Elements inside a table are left to the table reader.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from factory.extract.component_props import Entry, prop_entries, scope_table_html
from factory.extract.html_tables import has_ancestor

__all__ = ["attribute_tables"]

_SKIPPED = frozenset({"class", "id", "style", "href", "src", "lang", "dir", "role"})


def attribute_tables(soup: BeautifulSoup) -> int:
    """Insert a scope table after every element whose attributes hold scopes.

    Returns:
        How many tables were inserted.
    """
    runs: list[tuple[Tag, list[Entry]]] = []  # (last element of a run of siblings, entries)
    # (an element without attributes or a custom name, most of a page, is passed at once)
    scoped = (
        d
        for d in soup.descendants
        if type(d) is Tag and (d.attrs or "-" in d.name) and _has_scope_attribute(d)
    )
    for tag in scoped:
        if has_ancestor(tag, "table") is not None or tag.name == "table":
            continue
        props = {k: v for k, v in tag.attrs.items() if isinstance(v, str) and k not in _SKIPPED}
        entries = prop_entries(tag.name, props)
        if not entries:
            continue
        if runs and tag.find_previous_sibling() is runs[-1][0]:
            runs[-1] = (tag, runs[-1][1] + entries)  # one table for a run of scope elements
        else:
            runs.append((tag, entries))
    for tag, entries in runs:
        table = BeautifulSoup(scope_table_html(entries, tag.name), "lxml").find("table")
        if isinstance(table, Tag):
            tag.insert_after(table)
    return len(runs)


def _has_scope_attribute(tag: Tag) -> bool:
    if "-" in tag.name and ("scope" in tag.name or "permission" in tag.name):
        return True  # a custom element per scope: <scope-item data-name=... data-description=...>
    return any(("scope" in k or "permission" in k) and k not in _SKIPPED for k in tag.attrs)
