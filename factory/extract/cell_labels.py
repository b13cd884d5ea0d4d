"""A scope cell that gives a label first and the scope's name last, and footnote marks.

Some tables put a human label above the name in the scope cell ("Contact details:" on one
line, ```contact_read``` on the next, as ``Label:<br>`name` ``): the name is the one code
span that ends the cell after a label that ends with a colon. Footnote numbers written as
styled spans (``<span style="vertical-align:super">2</span>``, not ``<sup>``) are marks,
never part of a cell's text.
"""

from __future__ import annotations

import re

from bs4 import Tag

__all__ = ["drop_footnote_marks", "label_then_name"]

_SUPER_STYLE = re.compile(r"vertical-align\s*:\s*super", re.I)


def drop_footnote_marks(tag: Tag, marks: list[Tag]) -> None:
    """Remove ``<sup>`` marks and spans styled as superscripts from ``tag``.

    Args:
        tag: The cell.
        marks: The cell's ``sup`` and ``span`` descendants (the caller's walk).
    """
    for mark in marks:
        if mark.name == "sup" or _SUPER_STYLE.search(str(mark.get("style") or "")):
            mark.decompose()


def label_then_name(full: str, code_texts: list[str]) -> bool:
    """Whether a cell's text is a label ending with a colon, then its one code span.

    Args:
        full: The cell's whitespace-normalised text.
        code_texts: The whitespace-normalised texts of the cell's code spans.

    Returns:
        True for "Contact details: ``contact_read``" (one span, last, after "label:").
    """
    if len(code_texts) != 1 or not code_texts[0] or not full.endswith(code_texts[0]):
        return False
    label = full[: -len(code_texts[0])].rstrip()
    return label.endswith(":") and len(label) > 1 and "`" not in label
