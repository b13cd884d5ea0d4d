"""Raw HTML inside the cells of a Markdown pipe table that would break the table.

A pipe-table cell may hold raw HTML (``<br>``, ``<ul>``, a small nested ``<table>``). Copy-edited
pages sometimes leave table *structure* tags in a cell that do not balance inside it
(``Write pots.</td></tr></table>``, pasted from an HTML version of the page). Rendered as they
stand, the browser's parser (and lxml) ends the whole table at the stray ``</table>``: every
later row is lost and the row's own description comes out empty, without a word.

``unbalanced_cell_tags`` blanks those tags in the markdown-it token stream before rendering, so
that the cell keeps its text and the table its rows; balanced HTML (a nested table, a list) is
left alone. The caller warns with what was blanked: the page's markup was broken there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

__all__ = ["unbalanced_cell_tags"]

_STRUCTURE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"})
_TAG = re.compile(r"^<\s*(/?)\s*([A-Za-z][\w-]*)[^>]*?(/?)\s*>$")


def unbalanced_cell_tags(tokens: Sequence[Token]) -> list[str]:
    """Blank table-structure tags that do not balance inside their pipe-table cell.

    Args:
        tokens: markdown-it block tokens (changed in place: the blanked ``html_inline``
            children get empty content).

    Returns:
        One entry per cell that had tags blanked: its row's first cell text and the tags.
    """
    found: list[str] = []
    row_head = ""
    in_cell = False
    for token in tokens:
        if token.type == "tr_open":
            row_head = ""
        elif token.type in ("td_open", "th_open"):
            in_cell = True
        elif token.type in ("td_close", "th_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            row_head = row_head or token.content.strip()[:60]
            blanked = _balance(token.children or [])
            if blanked:
                found.append(f"row '{row_head}': {''.join(blanked)}")
    return found


def _balance(children: list[Token]) -> list[str]:
    """Blank the structure tags of one cell that have no partner inside it."""
    stack: list[tuple[str, Token]] = []
    stray: list[Token] = []
    for child in children:
        if child.type != "html_inline":
            continue
        match = _TAG.match(child.content.strip())
        if match is None or match.group(2).lower() not in _STRUCTURE or match.group(3):
            continue
        name = match.group(2).lower()
        if not match.group(1):
            stack.append((name, child))
            continue
        opened = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name), None)
        if opened is None:
            stray.append(child)
        else:
            stray.extend(tag for _, tag in stack[opened + 1 :])  # opened inside, never closed
            del stack[opened:]
    stray.extend(tag for _, tag in stack)
    blanked = [t.content for t in children if any(t is s for s in stray)]
    for token in stray:
        token.content = ""
    return blanked
