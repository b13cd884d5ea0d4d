"""Raw HTML tables inside a source text (Markdown, MDX), read as the HTML they render to.

Markdown and MDX pages may write a table as raw HTML (``<table>`` ... ``</table>``, one tag a
line). Read line by line, its cells are tags and text with no column: the harvester would
see neither a column of names nor the header that labels it. Such a block is handed to the
HTML reader (``candidates_markup.html_segments``, passed in) and its pieces take the
source's heading path and line: a column of names in code under a scope section is a list
again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from factory.extract.candidates_shape import Segment

__all__ = ["html_table_end", "html_table_segments"]

_OPENS = re.compile(r"^\s{0,3}<table\b", re.IGNORECASE)
_CLOSES = re.compile(r"</table\s*>", re.IGNORECASE)
#: A template's tags: the rows such a table shows are made from data written as code lines
#: (read line by line, as the source writes them).
_TEMPLATE = re.compile(r"<%|{%|{{")
#: Lines a raw table may span at most (a page that never closes its table is read as text).
_MAX_LINES = 5000


def html_table_end(lines: list[str], start: int) -> int | None:
    """The index of the line after the raw ``<table>`` opened at ``lines[start]`` closes
    (nested tables closed too), or None when no table opens there, it never closes or a
    template's tags make its rows."""
    if not _OPENS.match(lines[start]):
        return None
    depth = 0
    for index in range(start, min(len(lines), start + _MAX_LINES)):
        line = lines[index]
        depth += len(re.findall(r"<table\b", line, re.IGNORECASE))
        depth -= len(_CLOSES.findall(line))
        if depth <= 0:
            block = lines[start : index + 1]
            return None if any(_TEMPLATE.search(line) for line in block) else index + 1
    return None


def html_table_segments(
    block: str, where: str, section: str, read_html: Callable[[str], Iterator[Segment]] | None
) -> Iterator[Segment]:
    """The HTML reader's (``read_html``'s) pieces of one raw table, under the source's
    ``section``."""
    for seg in read_html(block) if read_html is not None else ():
        inner = f"{section} > {seg.section}" if section and seg.section else section or seg.section
        yield replace(seg, locator=f"{where} (HTML {seg.locator})", section=inner)
