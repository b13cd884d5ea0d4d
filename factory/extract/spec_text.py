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

__all__ = ["CODE_RUN", "CODE_SPAN", "description_version", "value_lines", "verbatim"]

#: A Markdown code span in a description, and a run of them joined by commas, "and", "or"
#: (", or" too).
CODE_SPAN = r"`([^`\n]{1,200})`"
CODE_RUN = r"(`[^`\n]{1,200}`(?:\s*(?:,\s*(?:and|or)\b|,|\band\b|\bor\b|/|\|)\s*`[^`\n]{1,200}`)*)"

# "`normal`: Display the option ...", "- 'openid' - Sign in", "email: Read the address".
_VALUE_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:`([^`]+)`|'([^']+)'|\"([^\"]+)\"|(\S+?))"
    r"\s*(?::|\s[-\u2013\u2014])\s+(\S.*?)\s*$"
)
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


def value_lines(text: str | None, values: list[str]) -> dict[str, str]:
    """The ``value: text`` lines of an enum's description, for the values the enum holds.

    One line per value ("`normal`: Display ...", "- 'email' - Read ..."); the text is kept as
    written (ends trimmed). Lines naming no value of the enum are prose and are skipped.
    """
    out: dict[str, str] = {}
    for line in (text or "").splitlines():
        found = _VALUE_LINE.match(line)
        value = next((g for g in found.groups()[:4] if g), None) if found else None
        if found and value in values:
            out.setdefault(str(value), found.group(5))
    return out
