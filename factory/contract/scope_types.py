"""Scope types: a documented, table-driven first guess, overridden by people in review.

A scope is one of ``identity``, ``read``, ``write``, ``admin`` or ``other``. The guess
(:func:`classify_scope`) works in two passes, each an ordered table; the first rule that
matches wins.

**Pass 1, the scope name.** The name is split into lower-case words: a URL scope keeps only
its path (``https://www.googleapis.com/auth/drive.readonly`` -> ``auth drive readonly``),
then every run of punctuation (``. : _ / -``) separates words and camelCase is split
(``Files.ReadWrite.All`` -> ``files read write all``). The rules, in order:

=========  ==================================================================================
identity   ``openid``, ``profile`` (also ``liteprofile``, ``basicprofile``), ``email``
           (also ``emailaddress``), ``userinfo``, ``identity``, ``identify``, ``user info``
           (``user.info.basic``)
admin      ``admin`` (also ``admin:org``, ``meeting:read:admin``), ``manage``/``management``,
           ``full``, ``superuser``, ``sudo``
write      ``write``, ``rw``/``w`` prefixes (``rw_ads``, ``w_member_social``), ``create``,
           ``update``, ``delete``, ``remove``, ``publish``, ``upload``, ``edit``, ``modify``,
           ``send``, ``compose``, ``insert``
read       ``read``, ``readonly``, ``ro``, the ``r`` prefix (``r_ads``), ``list``, ``view``,
           ``get``
=========  ==================================================================================

**Pass 2, the description** (only when the name matched nothing, and only on the words a
provider uses to describe access): identity for "sign in", "log in", "OpenID", "basic profile",
"email address"; admin for "full access", "full control", "administer"/"administrative";
write for "create", "edit", "update", "delete", "publish", "upload", "write", "modify",
"manage"; read for "read", "view", "see", "list", "retrieve".

Anything else is ``other`` (``repo``, ``offline_access``, ``https://www.googleapis.com/auth/adwords``
without a description). The guess is a suggestion for people: the review step and the
builder's ``type_overrides`` replace it per scope.
"""

from __future__ import annotations

import re
from typing import Final

SCOPE_TYPES: Final = ("identity", "read", "write", "admin", "other")

#: Pass 1: (pattern over " word word word ", type). Order matters: the first match wins.
NAME_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (
        re.compile(r" (openid|\w*profile|email\w*|userinfo|identity|identify) | user info "),
        "identity",
    ),
    (re.compile(r" (admin|administrator|manage|management|full|superuser|sudo) "), "admin"),
    (
        re.compile(
            r" (write|rw|w|create|update|delete|remove|publish|upload|edit|modify|send"
            r"|compose|insert) "
        ),
        "write",
    ),
    (re.compile(r" (read|readonly|ro|r|list|view|get) "), "read"),
)

#: Pass 2: (pattern over the lower-cased description, type), used when pass 1 found nothing.
DESCRIPTION_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"\b(sign[- ]?in|log[- ]?in|openid|basic profile|email address)\b"), "identity"),
    (re.compile(r"\b(full (access|control)|administer|administrative)\b"), "admin"),
    (
        re.compile(r"\b(create|edit|update|delete|publish|upload|write|modify|manage)\w*\b"),
        "write",
    ),
    (re.compile(r"\b(read|view|see|list|retrieve)\w*\b"), "read"),
)

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def scope_words(name: str) -> list[str]:
    """The lower-case words of a scope name that the name rules look at.

    >>> scope_words("https://www.googleapis.com/auth/drive.readonly")
    ['auth', 'drive', 'readonly']
    >>> scope_words("Files.ReadWrite.All")
    ['files', 'read', 'write', 'all']
    """
    path = _URL.sub("", name.strip())
    words: list[str] = []
    for part in _SEPARATORS.split(path):
        words.extend(w.lower() for w in _CAMEL.split(part) if w)
    return words


def classify_scope(name: str, description: str | None = None) -> str:
    """Guess a scope's type from its name, then (if that says nothing) its description.

    Args:
        name: the scope token, verbatim (``user.info.basic``, ``r_ads``, ``admin:org``).
        description: the provider's description of the scope, if any.

    Returns:
        One of :data:`SCOPE_TYPES`; ``other`` when no rule matches.
    """
    joined = " " + " ".join(scope_words(name)) + " "
    for pattern, scope_type in NAME_RULES:
        if pattern.search(joined):
            return scope_type
    if description:
        text = " ".join(description.lower().split())
        for pattern, scope_type in DESCRIPTION_RULES:
            if pattern.search(text):
                return scope_type
    return "other"
