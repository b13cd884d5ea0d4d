"""Which lightweight markup a plain-text document is written in: AsciiDoc, reST or neither.

Used by ``detect_format`` for documents without a telling extension or media type. Each
language is recognised by constructs that the other two (and Markdown) do not use; two
different signals are needed, so one stray line never decides.
"""

from __future__ import annotations

import re

__all__ = ["sniff_markup"]

_ASCIIDOC_SIGNALS = (
    re.compile(r"^=={0,4} \S", re.MULTILINE),  # = Title, == Section
    re.compile(r"^(include|ifdef|ifndef|ifeval|endif)::", re.MULTILINE),
    re.compile(r"^:[\w-]+:( |$)", re.MULTILINE),  # :attribute: value
    re.compile(r"^\[\[[\w-]+\]\]$|^\[(source|role|id|NOTE|TIP|WARNING)\b", re.MULTILINE),
    re.compile(r"^\+$", re.MULTILINE),  # list continuation
    re.compile(r"^[^\s:][^:\n]*::(\s|$)", re.MULTILINE),  # Term:: definition
    re.compile(r"<<[\w-]+(,[^>]*)?>>|\blink:\S+\[|https?://\S+\[[^\]]*\]"),
)
_RST_SIGNALS = (
    re.compile(r"^\S.*\n(={3,}|-{3,}|~{3,}|\^{3,}|\*{3,}|\+{3,}|#{3,})$", re.MULTILINE),
    re.compile(r"^\.\. [\w:-]+::", re.MULTILINE),  # .. directive::
    re.compile(r"^\.\. _[\w -]+:", re.MULTILINE),  # .. _target:
    re.compile(r"``[^`\n]+``"),  # ``literal``
    re.compile(r":(ref|doc|code|term|class|func|meth):`"),  # roles
    re.compile(r"^:[\w -]+: \S", re.MULTILINE),  # :field: value
    re.compile(r"^\+[-=]+\+[-=+]*$", re.MULTILINE),  # grid table border
)


def _signals(patterns: tuple[re.Pattern[str], ...], text: str) -> int:
    return sum(1 for pattern in patterns if pattern.search(text))


def sniff_markup(text: str) -> str | None:
    """``"asciidoc"``, ``"rst"`` or None (Markdown, plain text or anything else).

    Args:
        text: The start of a document (the first 16 KB are enough).
    """
    head = text[:16384]
    if re.search(r"^#{1,6} \S", head, re.MULTILINE) and "```" in head:
        return None  # Markdown headings and fences
    asciidoc, rst = _signals(_ASCIIDOC_SIGNALS, head), _signals(_RST_SIGNALS, head)
    if asciidoc >= 2 and asciidoc > rst:
        return "asciidoc"
    if rst >= 2 and rst > asciidoc:
        return "rst"
    return None
