"""A scope list item's description written as its one nested sub-bullet.

Scope trees put a name alone on its bullet and say what it grants one level down::

    - `team:follow`
      - Allows viewing team follows

The sub-bullet is the name's description: a nested list of exactly one item of plain words
(no code span, no bold lead, no deeper list) under an item that is nothing but the name. A
nested list of several items, or of names, is a list of its own (members of a group scope).
"""

from __future__ import annotations

from bs4 import Tag

from factory.extract.text import normalize_ws

__all__ = ["sub_bullet_description"]

_LISTS = ("ul", "ol")
_MARKUP = ("code", "strong", "b", "ul", "ol", "dl", "table", "pre")


def sub_bullet_description(item: Tag) -> str | None:
    """The text of the one plain bullet nested directly in ``item`` (None otherwise)."""
    nested = [c for c in item.children if isinstance(c, Tag) and c.name in _LISTS]
    if len(nested) != 1:
        return None
    bullets = [c for c in nested[0].children if isinstance(c, Tag) and c.name == "li"]
    if len(bullets) != 1 or bullets[0].find(_MARKUP) is not None:
        return None
    text = normalize_ws(bullets[0].get_text())
    return text or None
