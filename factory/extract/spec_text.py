"""Text of machine-readable specs: descriptions kept verbatim, version words read from them.

A spec's description string is data its publisher wrote: it is kept as written, with only the
ends trimmed (inner line breaks and spacing stay). Its version annotation comes from a mark
("(Deprecated) ...", "[Beta] ...") or from words that say the scope is going away
("OBSOLETE", "deprecated", "no longer supported", "will be removed").
"""

from __future__ import annotations

import re
from typing import Any

from factory.extract.text import version_marker

__all__ = ["CODE_RUN", "CODE_SPAN", "description_version", "verbatim"]

#: A Markdown code span in a description, and a run of them joined by commas, "and", "or".
CODE_SPAN = r"`([^`\n]{1,200})`"
CODE_RUN = r"(`[^`\n]{1,200}`(?:\s*(?:,|\band\b|\bor\b|/|\|)\s*`[^`\n]{1,200}`)*)"

_LABELS = r"(deprecated|legacy|beta|preview|alpha|experimental|removed|retired)"
_MARKED = re.compile(r"[(\[]\s*" + _LABELS + r"\b[^()\[\]]*[)\]]", re.IGNORECASE)
_LEADING_MARK = re.compile(r"^\W*(deprecated|legacy)\b", re.IGNORECASE)
_OBSOLETE = re.compile(r"\bobsolete\b", re.IGNORECASE)
_GOING_AWAY = re.compile(
    r"\bdeprecated\b|\bno\s+longer\s+(supported|available|in\s+use|used|maintained)\b"
    r"|\bwill\s+be\s+(removed|retired|discontinued)\b|\bis\s+being\s+(removed|retired)\b",
    re.IGNORECASE,
)


def verbatim(value: Any) -> str | None:
    """A spec's description as written, ends trimmed (None stays None)."""
    if value is None:
        return None
    return str(value).strip()


def description_version(text: str | None) -> str | None:
    """The version annotation a scope description gives, or None.

    Marks first ("(Deprecated) ...", "[Beta] ...", "... (legacy)", a leading "Deprecated");
    then words that retire the scope anywhere in the text: "OBSOLETE" gives
    ``"deprecated (obsolete)"``, "deprecated", "no longer supported", "will be removed" give
    ``"deprecated"``. A description that merely starts with "Beta" ("Beta read access") is
    not a mark.
    """
    if not text:
        return None
    if _MARKED.search(text) or _LEADING_MARK.match(text):
        marked = version_marker(text)
        if marked:
            return marked
    if _OBSOLETE.search(text):
        return "deprecated (obsolete)"
    if _GOING_AWAY.search(text):
        return "deprecated"
    return None
