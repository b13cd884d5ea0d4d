"""Headings that say what their list or table holds when it is not scopes.

A page about scopes has sections of the other words that stand beside them: "Scope errors"
(``insufficient_scope``), "Events your scopes let you receive" (``orchard.created``),
"Capabilities and flags", "Access levels", "Token types". A heading made only of such kinds
and the words that qualify them names the kind; a word of scope talk in it ("Scope errors")
does not make the list a scope list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from factory.extract.text import mentions_scopes

__all__ = ["heading_names_other"]

# Kinds that are never scopes, whatever else the heading says.
_NEVER = frozenset(
    {"event", "events", "error", "errors", "codes", "capabilities", "flags", "claims", "types"}
    | {"webhooks"}
)
# Kinds that may be scopes on a page that calls them so ("Permission levels"): only when
# the heading does not speak of scopes.
_UNLESS_SCOPES = frozenset({"levels", "roles", "endpoints", "resources"})
# Words that qualify a kind or join kinds ("Scope errors", "Events your scopes let you
# receive", "Capabilities and flags", "Token types"): the rest of the heading must be kinds.
_QUALIFIERS = frozenset(
    {"and", "or", "&", "the", "your", "a", "an", "of", "for", "you", "let", "lets", "that"}
    | {"which", "can", "may", "receive", "get", "returned", "sent", "scope", "scopes"}
    | {"permission", "permissions", "oauth", "api", "webhook", "feature", "access", "token"}
    | {"grant", "error", "login", "response", "member", "workspace", "user", "app"}
)
_WORD = re.compile(r"[A-Za-z]+|&")


@lru_cache(maxsize=512)
def heading_names_other(heading: str) -> bool:
    """Whether ``heading`` (the last heading over a list or table, or the last of a heading
    path ``A > B``) names only kinds of things that are not scopes ("Scope errors", "Access
    levels", "Capabilities and flags"); "Issues & Events" (a resource) and a heading that
    is a name (``Event.Read.All``) do not."""
    last = heading.rsplit(" > ", 1)[-1]
    words: list[str] = []
    for part in last.split():
        core = part.strip("`'\"*_()[]:,.!?")
        if re.search(r"[._:/]", core):
            return False  # a name in the heading, not a kind
        words += [w.lower() for w in _WORD.findall(core)]
    kinds = [w for w in words if w not in _QUALIFIERS]
    if not kinds or not all(w in _NEVER or w in _UNLESS_SCOPES for w in kinds):
        return False
    return any(w in _NEVER for w in kinds) or not mentions_scopes(last)
