"""Pipe-table delimiter rows whose dashes a converter escaped (``\\---|---``).

A page converted to Markdown by a tool that escapes a line-leading dash writes a table's
delimiter row as ``\\---------|----------``. CommonMark then sees no delimiter row, and the
table renders as a paragraph; the site that publishes the page shows a table. Only such a
row right under a line with a pipe is unescaped; code fences are left alone.
"""

from __future__ import annotations

import re

__all__ = ["unescape_delimiter_rows"]

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ESCAPED_ROW = re.compile(r"^(\s*\|?\s*)\\(-)")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")


def unescape_delimiter_rows(markdown: str) -> tuple[str, int]:
    """Drop the backslash before a delimiter row's first dash under a pipe line.

    Returns:
        The Markdown and how many rows were unescaped.
    """
    if "\\-" not in markdown:
        return markdown, 0
    lines = markdown.split("\n")
    in_fence, fixed = False, 0
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or i == 0 or "|" not in lines[i - 1] or not _ESCAPED_ROW.match(line):
            continue
        unescaped = _ESCAPED_ROW.sub(r"\1\2", line, count=1)
        if _DELIMITER_ROW.match(unescaped):
            lines[i] = unescaped
            fixed += 1
    return "\n".join(lines), fixed
