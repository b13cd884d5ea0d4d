"""What the words around a token say it is: a scope a heading names, or something else.

A heading may name a scope (``Scope: 'profile'``, ``The `files.read` scope``). The words right
after or before a token may call it something that is no scope: a claim, an attribute, a
configuration option, an endpoint, a module (``an `org_id` claim``, ``the `x` configuration
option``); a quoted key whose value is a list, an object or a number is a JSON object's field;
a name right before ``(`` is a call. OpenID Connect's standard claim names (``given_name``)
stand lower wherever they are.
"""

from __future__ import annotations

import re

from factory.extract.candidates_shape import PROTOCOL
from factory.extract.text import looks_like_scope

__all__ = ["GRANTED_NOTE", "OIDC_CLAIMS", "called_a_scope_after", "named_in_heading", "what_else"]

#: OpenID Connect's standard claims (Core 1.0 section 5.1) that are no standard scope: the
#: fields a token or UserInfo returns, shown in claim tables and response examples beside the
#: scopes that release them (``profile``, ``email``, ``address``, ``phone`` are scopes too).
OIDC_CLAIMS = frozenset(
    {
        "name",
        "given_name",
        "family_name",
        "middle_name",
        "nickname",
        "preferred_username",
        "picture",
        "website",
        "email_verified",
        "gender",
        "birthdate",
        "zoneinfo",
        "locale",
        "phone_number",
        "phone_number_verified",
        "updated_at",
        "formatted",
        "street_address",
        "locality",
        "region",
        "postal_code",
        "country",
        "claim",
        "claims",
    }
)

_QUOTE = "`'\"\u2018\u2019\u201c\u201d*"
# "Scope: 'profile'", "Permission - `files.read`", "The `profile` scope", "files.read scope"
_NAMED_HEADING = re.compile(
    rf"^(?:the\s+)?(?:oauth\s+|api\s+)?(?:scope|permission)\s*[:\-\u2013\u2014]\s*"
    rf"[{_QUOTE}]*([^\s{_QUOTE}]+)[{_QUOTE}]*\s*$"
    rf"|^(?:the\s+)?(?:scope|permission)\s+[{_QUOTE}]+([^\s{_QUOTE}]+)[{_QUOTE}]+\s*$"
    rf"|^(?:the\s+)?[{_QUOTE}]*([^\s{_QUOTE}]+)[{_QUOTE}]*\s+(?:scope|permission)\s*$",
    re.I,
)


_OPENS_AS_SCOPE = re.compile(r"^(?:this|the|that)\s+(?:oauth\s+)?(?:scope|permission)\b", re.I)


def called_a_scope_after(heading_around: str) -> bool:
    """Whether the text right after a heading calls its subject a scope ("This scope ...")."""
    return bool(_OPENS_AS_SCOPE.match(heading_around))


def named_in_heading(title: str) -> str | None:
    """The name a heading calls a scope (``Scope: 'profile'`` -> ``profile``), if it does."""
    found = _NAMED_HEADING.match(title.strip())
    if not found:
        return None
    name = next(g for g in found.groups() if g)
    return name if looks_like_scope(name) and name.lower() not in PROTOCOL else None


# A noun after the token (one word may stand between: "the `x` node module") that says what
# else it is; "scope" or "permission" in between is the token's own kind.
_CALLED_AFTER = re.compile(
    r"^\s+(?:(?!scopes?\b|permissions?\b)[A-Za-z]+\s+)?"
    r"(?:claims?|attributes?|(?:configuration\s+)?options?|settings?|fields?|propert(?:y|ies)"
    r"|parameters?|headers?|endpoints?|modules?|packages?|librar(?:y|ies)|commands?|flags?"
    r"|variables?|methods?|functions?|lexicons?|files?|columns?|events?|tokens?|channels?"
    r"|resources?|errors?|webhooks?|capabilit(?:y|ies)|(?:grant|token|access)\s+types?"
    r"|patterns?|templates?|placeholders?|tools?)\b",
    re.I,
)
# "data types, such as `a` and `b`": the kind named before "such as" is what the names are
_KIND_SUCH_AS = re.compile(
    r"\b((?:data\s+)?types?|objects?|entit(?:y|ies)|resources?|models?|records?|channels?"
    r"|fields?|events?|claims?|attributes?|propert(?:y|ies)),?\s+"
    r"(?:such\s+as|like|including|which\s+are:?)\s+"
    r"(?:`?[^\s`,]+`?\s*(?:,|\band\b|\bor\b)\s*)*[`'\"*_\[]*$",
    re.I,
)
# "the claim `x`", "a [feature flag](link) named `x`", "an option called `x`"
_CALLED_BEFORE = re.compile(
    r"\b(?:claims?|attributes?|parameters?|headers?|endpoints?|options?|fields?|flags?"
    r"|settings?|variables?)\]?(?:\([^()\s]*\))?,?(?:\s+(?:named|called|of))?\s+[`'\"*_\[]*$",
    re.I,
)
# the token's own run of markup and link target ("`x`](../a.md#b)") before the next word
_OWN_RUN = re.compile(r"^[^\s]*")
# a quoted key whose value is a list, an object, a number, a literal or one word (an id, a
# secret), in JSON or a PHP/Ruby hash (``'app_secret' => '...'``): a field's name (a map of
# scope names to their descriptions has sentences for values, and keeps its standing)
_JSON_KEY = re.compile(r"^[\"']\s*(?::|=>)\s*(?:[\[{\d-]|true\b|false\b|null\b|([\"'])[^\"'\s]*\1)")


# "If you call `tools/list`", "invoke `x`": an operation someone calls
_CALLED_VERB = re.compile(r"\b(?:call|calls|calling|invoke|invokes|invoking)\s+[`'\"*_\[]*$", re.I)
# "where `resource` identifies the entity type": a placeholder a pattern is explained by
_STANDS_FOR = re.compile(
    r"^\s+(?:identifies|specifies|stands\s+for|represents|denotes|is\s+replaced\s+by)\b", re.I
)
# "`a:read` grants access to `get_a` and `get_b`": what a scope opens, named after it
_GRANTS_ACCESS = re.compile(
    r"\b(?:grants?|gives?|allows?|provides?)\s+access\s+to\s+(?:the\s+)?"
    r"(?:[`'\"]?[^\s`'\",]+[`'\"]?\s*(?:,\s*(?:and|or)?|\band\b|\bor\b)\s*)*[`'\"*_\[]*$",
    re.I,
)
#: The note of a name a scope grants access to (another kind: a tool, an endpoint).
GRANTED_NOTE = "lowered: named as what a scope grants access to, another kind of name"


# "Calls without it fail with `x`", "the API responds with `x`": an error code
_FAILS_WITH = re.compile(
    r"\b(?:fails?|failed|rejected|responds?|returns?)\s+with\s+(?:an?\s+|the\s+)?"
    r"(?:error\s+)?[`'\"*_\[]*$",
    re.I,
)


def what_else(before: str, after: str) -> str | None:
    """Why the words around a token say it is no scope, if they do.

    Args:
        before: the text before the token's first character (its markup included).
        after: the text right after the token's last character.

    Returns:
        A ``lowered:`` note, or None.
    """
    if _JSON_KEY.match(after):
        return "lowered: a key of a JSON object"
    if after.startswith("("):
        return "lowered: a call in code (a name right before '(')"
    if _FAILS_WITH.search(before):
        return "lowered: the page calls it an error a call fails with, not a scope"
    rest = _OWN_RUN.sub("", after, count=1)
    if _CALLED_VERB.search(before):
        return "lowered: the page calls it as an operation (call, invoke), not a scope"
    if _STANDS_FOR.match(rest):
        return "lowered: the page calls it a placeholder (what it stands for), not a scope"
    if _GRANTS_ACCESS.search(before):
        return GRANTED_NOTE
    kind = _KIND_SUCH_AS.search(before)
    if kind:
        return f"lowered: the page calls it one of its {kind.group(1).lower()}, not a scope"
    found = _CALLED_AFTER.match(rest) or _CALLED_BEFORE.search(before)
    if found:
        noun = found.group(0).strip(" `'\"*_[").split()[-1].lower()
        return f"lowered: the page calls it a {noun}, not a scope"
    return None
