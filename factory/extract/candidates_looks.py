"""What a token's look says beyond its shape: a name written as a word, a URL written as a
name, a wildcard pattern, an identifier of code.

Scope names are mostly lower case with a separator (``files.read``); some providers write
them as words (``Accounts``, ``EditCallLog``, ``Edge Functions``) in a column whose header
names permissions, or as URLs in code markup leading a list item. And some tokens that look
like names are not: a wildcard pattern stands for many names (``files_*_read``), a dotted
name that code calls, subscripts or passes is an identifier (``request.user``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from factory.extract.candidates_shape import Segment, section_speaks

__all__ = [
    "WORD_NAME",
    "code_name",
    "enum_member",
    "is_pattern",
    "url_named",
    "url_spans",
    "word_columns",
]

#: A cell that is one name-like word with a capital ("Accounts", "EditCallLog", "A2P").
WORD_NAME = re.compile(r"[A-Z][A-Za-z0-9]{1,40}\Z")
# A column header that names scopes or permissions, not their levels, kinds or holders
_NAMES_HEADER = re.compile(r"scope|permission", re.I)
_NOT_NAMES_HEADER = re.compile(r"level|type|kind|access|required|role|group|default", re.I)
# The words a column of levels or answers holds: no names
_LEVEL_WORDS = frozenset(
    {"read", "write", "admin", "yes", "no", "none", "full", "optional", "required", "owner"}
    | {"member", "delete", "create", "update", "all", "any", "true", "false", "public"}
    | {"private", "default", "manage", "view", "edit", "basic", "standard"}
)
_SEPARATORS = frozenset("._:/-")


def word_columns(cells: Iterable[tuple[str, Segment, bool, bool]]) -> dict[str, int]:
    """The table columns that hold names written as words.

    Args:
        cells: (token, its cell, whether it leads the cell, whether it is a word or phrase
            the shape test did not take) for the harvested tokens of table cells.

    Returns:
        Column group -> its distinct names, for columns whose header names scopes or
        permissions (or is "Name" in a section about them), with three or more distinct
        words that are no levels and no value repeated in more than half its cells, in a
        table with no column of names with separators beside (such words label those).
    """
    words: dict[str, list[str]] = {}
    headed: dict[str, bool] = {}
    shaped: dict[str, set[str]] = {}  # columns of names with separators ("bank:read")
    for token, seg, lead, phrase in cells:
        if not seg.group:
            continue
        if lead and not phrase and _SEPARATORS.intersection(token):
            shaped.setdefault(seg.group, set()).add(token)
        if not phrase:
            continue
        words.setdefault(seg.group, []).append(token)
        if seg.group not in headed:
            label = seg.label.strip(" *_`")
            by_header = bool(_NAMES_HEADER.search(label)) and not _NOT_NAMES_HEADER.search(label)
            by_name = label.lower() in ("name", "names") and section_speaks(seg.section)
            headed[seg.group] = by_header or by_name
    labelled = {g.rsplit(":", 1)[0] for g, names in shaped.items() if len(names) >= 3}
    columns: dict[str, int] = {}
    for group, names in words.items():
        distinct = {n for n in names if n.lower() not in _LEVEL_WORDS}
        if group.rsplit(":", 1)[0] in labelled or not headed[group]:
            continue
        if len(distinct) >= 3 and 2 * len(distinct) >= len(names):
            columns[group] = len(distinct)
    return columns


def url_named(seg: Segment, token: str) -> bool:
    """Whether a URL is a name a list item, cell or term leads with, written as code (a
    link's address is no name; a URL in code markup is one: ``https://x/auth/drive``)."""
    return (
        seg.where in ("item", "cell", "term")
        and seg.text.lstrip(" *_")[:1] == "`"
        and "?" not in token
        and not _FILE_URL.search(token)
    )


# The protocol's own addresses: where a client is sent or posts, never a scope's name
_ENDPOINT_URL = re.compile(
    r"/(?:oauth2?|token|authori[sz]e|authorization|revoke|userinfo|introspect|callback"
    r"|login|logout|jwks|\.well-known)(?:[/?#.]|$)",
    re.I,
)


def url_spans(token: str) -> bool:
    """Whether a URL that is a whole code span may be a name: not a query, a file or one of
    the protocol's endpoints (``https://x/oauth/token``)."""
    if "?" in token or not _HOST.match(token):
        return False
    return not _FILE_URL.search(token) and not _ENDPOINT_URL.search(token)


_HOST = re.compile(r"https?://[^/\s.]+\.[^/\s]+")  # a scheme alone ("`https://`") is no URL


_FILE_URL = re.compile(r"\.(?:json|ya?ml|html?|md|xml|txt|png|svg|js)(?:#.*)?$", re.I)
# A wildcard that opens a name or stands between its parts ("*_write", "files_*_read"); one
# that ends it ("repo:*") is a name some providers grant
_PATTERN = re.compile(r"^\*[._:/\-]|[._:/\-]\*[._:/\-]")


def is_pattern(token: str) -> bool:
    """Whether ``token`` is a wildcard pattern that stands for many names."""
    return bool(_PATTERN.search(token))


_CODE_NAME = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+")


def code_name(token: str, text: str, offset: int) -> bool:
    """Whether a token of a code block is an identifier of the code, written bare where a
    program names things: a dotted name subscripted (``request.context["x"]``), called,
    or a call's argument (``debug(request.user)``), a member of a scope type
    (``Scopes.UsersRead``), or any word of a line that imports a module
    (``from appwrite.enums.scopes import Scopes``). A scope in code is a quoted value.

    Args:
        token: the cleaned token.
        text: the code block.
        offset: where the token's raw text starts in ``text``.
    """
    if _imported(text, offset):
        return True
    if '["' in token or "['" in token:
        return _CODE_NAME.match(token) is not None
    if not _CODE_NAME.fullmatch(token):
        return False
    start = text.find(token, offset, offset + len(token) + 4)
    if start < 0:
        return False
    before = text[start - 1 : start] if start else ""
    after = text[start + len(token) : start + len(token) + 1]
    if before in ('"', "'", "`") and after == before:
        return False  # a quoted value: a dotted scope written in code
    return before == "(" or after in ("(", ")", "[") or enum_member(token)


# A type whose name speaks of scopes or permissions ("Scopes", "OAuthScope", "enums.Scopes")
_SCOPE_TYPE = re.compile(r"scopes?$|permissions?$", re.I)


def enum_member(token: str) -> bool:
    """Whether a dotted identifier names a member of a scope type in code (``Scopes.UsersRead``,
    ``enums.Scopes.usersRead``, ``Permission.FILES_WRITE``): the program's name for a scope,
    whose value is written elsewhere. The member is an identifier with a capital in it."""
    *types, member = token.split(".")
    return any(_SCOPE_TYPE.search(t) for t in types) and member != member.lower()


# How a line that imports a module or names its own opens ("from x.enums import y",
# "import { a } from 'b'", "package com.example.sdk;")
_IMPORT_OPENINGS = (
    "import ",
    "import{",
    "from ",
    "using ",
    "require ",
    "#include",
    "@import",
    "use ",
    "export * from",
    "package ",
    "namespace ",
)


def _imported(text: str, at: int) -> bool:
    """Whether the line of ``text`` at ``at`` imports a module (found without slicing the line:
    a minified page's lines are long)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    while start < end and text[start] in " \t":
        start += 1
    return (
        text.startswith(_IMPORT_OPENINGS, start, end)
        or text.find("require(", start, end) >= 0
        or text.find("import(", start, end) >= 0
    )
