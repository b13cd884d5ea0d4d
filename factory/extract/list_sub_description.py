"""A scope list item's description written as its nested sub-bullet.

Scope trees put a name alone on its bullet and say what it grants one level down::

    - `team:follow`
      - Allows viewing team follows

The first sub-bullet is the name's description when the item is nothing but the name and its
one nested list holds only words (no bullet led by a code span or bold name, no deeper list;
later bullets are further notes). A nested list of names is a list of its own (members of a
group scope).
"""

from __future__ import annotations

from bs4 import Tag

from factory.extract.text import normalize_ws

__all__ = ["sub_bullet_description"]

_LISTS = ("ul", "ol")
_BLOCKS = ("ul", "ol", "dl", "table", "pre")


def sub_bullet_description(item: Tag) -> str | None:
    """The text of the first bullet of the one all-prose list nested directly in ``item``
    (None otherwise)."""
    nested = [c for c in item.children if isinstance(c, Tag) and c.name in _LISTS]
    if len(nested) != 1:
        return None
    bullets = [c for c in nested[0].children if isinstance(c, Tag) and c.name == "li"]
    if not bullets or any(b.find(_BLOCKS) is not None or _name_first(b) for b in bullets):
        return None
    text = normalize_ws(bullets[0].get_text())
    return text or None


def _name_first(bullet: Tag) -> bool:
    """Whether the bullet opens with a code span or bold text (a name of its own)."""
    for node in bullet.children:
        if isinstance(node, Tag):
            return node.name in ("code", "strong", "b")
        if str(node).strip():
            return False
    return True
