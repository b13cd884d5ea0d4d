"""YFM multiline tables (Yandex Flavored Markdown, Diplodoc) as HTML tables.

Diplodoc sites write a table as ``#|`` ... ``|#`` with each row ``|| cell | cell ||``; a cell
may span lines and hold its own Markdown (a paragraph, a list). CommonMark knows no such
table, so the rows would render as one long paragraph. Each block becomes a raw HTML
``<table>`` on one line (no blank line ends it early), its first row the header, each cell's
Markdown rendered by the page's renderer: the HTML engine then reads it like any table.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

__all__ = ["yfm_tables"]

_BLOCK = re.compile(r"^[ \t]*#\|[ \t]*\n(.*?)\n[ \t]*\|#[ \t]*$", re.MULTILINE | re.DOTALL)
_ROW = re.compile(r"\|\|(.*?)\|\|", re.DOTALL)
_CELL_BAR = re.compile(r"(?<![\\|])\|(?!\|)")


def yfm_tables(markdown: str, render: Callable[[str], str]) -> str:
    """The Markdown with every YFM ``#| ... |#`` table replaced by an HTML table.

    Args:
        markdown: The page's Markdown (templates already resolved).
        render: Renders a cell's Markdown to HTML (the page's renderer).

    Returns:
        The Markdown, unchanged when it holds no YFM table (or one nested in another).
    """
    if "#|" not in markdown:
        return markdown
    return _BLOCK.sub(lambda m: _table(m.group(1), render) or m.group(0), markdown)


def _table(body: str, render: Callable[[str], str]) -> str | None:
    if "#|" in body:  # a nested table: left as written
        return None
    rows = [_CELL_BAR.split(row.group(1)) for row in _ROW.finditer(body)]
    if len(rows) < 2:
        return None
    head = "".join(f"<th>{_cell(cell, render)}</th>" for cell in rows[0])
    lines = [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in rows[1:]:
        lines.append("<tr>" + "".join(f"<td>{_cell(cell, render)}</td>" for cell in row) + "</tr>")
    return "<table>" + "".join(lines) + "</tbody></table>"


def _cell(text: str, render: Callable[[str], str]) -> str:
    first, _, rest = text.strip().partition("\n")
    source = first.strip() + ("\n" + textwrap.dedent(rest) if rest else "")
    html = render(source).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]  # a one-paragraph cell is its text, as in a pipe table
    return " ".join(html.split())
