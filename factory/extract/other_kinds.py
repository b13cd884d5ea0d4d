"""Headings that say what their list or table holds when it is not scopes.

A page about scopes has sections of the other words that stand beside them: "Scope errors"
(``insufficient_scope``), "Events your scopes let you receive" (``orchard.created``),
"Capabilities and flags", "Access levels", "Token types". The heading's head noun (its first
or last word) names the kind; a word of scope talk elsewhere in it ("Scope errors") does not
make the list a scope list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from factory.extract.text import mentions_scopes

__all__ = ["heading_names_other"]

# Kinds that are never scopes, whatever else the heading says.
_NEVER = re.compile(
    r"^(?:events?|webhooks?|errors?|error codes?|codes|capabilities|flags|feature flags"
    r"|claims|grant types|token types|response types|login types)$",
    re.I,
)
# Kinds that may be scopes on a page that calls them so ("Permission levels"): only when
# the heading does not speak of scopes.
_UNLESS_SCOPES = re.compile(r"^(?:levels|access levels|roles|endpoints|resources|types)$", re.I)
_WORDS = re.compile(r"[A-Za-z][A-Za-z-]*")


@lru_cache(maxsize=512)
def heading_names_other(heading: str) -> bool:
    """Whether ``heading`` (the last heading over a list or table, or the last of a heading
    path ``A > B``) names a kind of thing that is not a scope by its first or last word (or
    two)."""
    last = heading.rsplit(" > ", 1)[-1]
    words = _WORDS.findall(last)
    if not words:
        return False
    ends = {words[0], words[-1], " ".join(words[:2]), " ".join(words[-2:])}
    if any(_NEVER.match(w) for w in ends):
        return True
    return any(_UNLESS_SCOPES.match(w) for w in ends) and not mentions_scopes(last)
