"""Text helpers shared by the document extractors (HTML, Markdown).

Three jobs: normalise whitespace the way a page shows text, turn a marked-up token into the
exact scope a client sends (``clean_scope_token``) and decide whether it can be one
(``looks_like_scope``), and read version labels ("deprecated", "legacy", "v2" ...) from text.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "clean_scope_token",
    "closing_bracket",
    "described_by_type",
    "detect_version",
    "fold_case",
    "is_no_scope_placeholder",
    "looks_like_scope",
    "mentions_access",
    "mentions_scopes",
    "normalize_ws",
    "pointer_token",
    "version_marker",
    "without_placeholders",
]

# Private-use characters the Markdown preprocessor uses to tag lines; never part of page text.
_MARKERS = re.compile(r"\ue000\d*\ue001")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Characters a name is judged without (its shape) but kept with (what the page wrote): the
# pipeline refuses such a name with its position instead of dropping or altering it.
_HIDDEN_IN_NAME = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u180e\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)
_EDGE_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e "


# The letters re.IGNORECASE takes for ASCII ones where str.lower() does not (dotted and
# dotless i, long s): a word test on ``fold_case`` text finds what a case-insensitive pattern
# of ASCII words finds.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_case(text: str) -> str:
    """``text`` lower-cased, with the letters re.IGNORECASE takes for ASCII ones folded."""
    # str.translate walks a long page char by char in Python's slow path; three ``in`` tests
    # (a fast scan each) find that most pages hold none of the three letters
    if text.isascii() or not ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        return text.lower()
    return text.translate(_FOLD).lower()


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace (nbsp, em spaces, newlines ...) to one space; strip.

    Args:
        text: Any text taken from a page.

    Returns:
        The same text with whitespace normalised and nothing else changed.
    """
    if not text.isascii():  # markers and zero-width characters are never ASCII
        text = _ZERO_WIDTH.sub("", _MARKERS.sub("", text))
    # str.split() and re's \s both split on exactly the characters str.isspace() accepts
    return " ".join(text.split())


_WRAPPERS = ("**", "__", "`", "*", "_", '"', "'", "\u201c", "\u201d", "\u2018", "\u2019")
# Footnote marks after a token: "[1]", "[^a]", daggers, superscripts, "*" right after a letter
# or digit ("email*"). "[id]" is a placeholder and "urn:x:*" a wildcard: both are kept.
_FOOTNOTE = re.compile(
    r"(\[\d{1,3}\]|\[\^\w{1,10}\]|[\u2020\u2021\u00a7\u00b9\u00b2\u00b3]+|(?<=[A-Za-z0-9])\*+)$"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!:|~<>])")


def clean_scope_token(raw: str) -> str:
    """Remove markup from a scope token: backticks, bold/italic, escapes, footnote marks.

    ``**`repo`**`` -> ``repo``; ``w\\_member\\_social`` -> ``w_member_social``;
    ``user.read[1]`` -> ``user.read``; ``email*`` -> ``email``.

    Args:
        raw: The token as it appears in the source (Markdown or rendered text).

    Returns:
        The exact token a client sends.
    """
    # Whitespace is normalised; zero-width characters count as whitespace at the token's
    # edges only: inside it they are kept as written (a name, never silently altered).
    token = " ".join(_MARKERS.sub("", raw).split()).strip(_EDGE_ZERO_WIDTH)
    token = _ESCAPE.sub(r"\1", token)
    changed = True
    while changed and token:
        changed = False
        for mark in _WRAPPERS:
            if len(token) > 2 * len(mark) and token.startswith(mark) and token.endswith(mark):
                token = token[len(mark) : -len(mark)].strip()
                changed = True
        stripped = _FOOTNOTE.sub("", token).rstrip(",; ")
        if stripped != token and stripped:
            token, changed = stripped, True
    return token


# A wildcard may lead a colon-separated scope ("*:read": read on every resource); a leading
# "*." or "*/" is a file or host glob ("*.md", "*/logs"), not a scope.
_TOKEN = re.compile(r"^(?:\*:)?[A-Za-z0-9][A-Za-z0-9._:/\-+*]*[A-Za-z0-9*]$|^[A-Za-z]$")
_URL_TOKEN = re.compile(r"^https?://[^\s<>\"'`]+$")
# A scope narrowed by attribute qualifiers ("Operation/Attribute=Value"): the "=" stands only
# after a "/" segment, so a query string ("scope=read", "client_id=x") is not one.
_ATTRIBUTE_QUALIFIED = re.compile(r"^[A-Za-z][\w.:\-]*(?:/[A-Za-z]\w*=[A-Za-z0-9][\w.:\-]*)+$")
# ``‹name›`` and ``«name»`` are the guillemets some reference pages (AsciiDoc ones above all)
# write placeholders with.
_PLACEHOLDER = re.compile(
    r"\{[^{}\s][^{}]{0,40}\}|<[^<>\s][^<>]{0,40}>|\[[^\[\]]{1,40}\]|\(\s[^()]{1,40}\s\)"
    r"|\u2039[^\u2039\u203a]{1,40}\u203a|\u00ab[^\u00ab\u00bb]{1,40}\u00bb"
)
_SPACED_PARENS = re.compile(r"\(\s+[A-Za-z][\w.\-]{0,40}\s+\)")
_STAR = re.compile(r"(?:^|(?<=[:./_\-]))[^:./_\-]*\*[^:./_\-]*")
_WILDCARD_SEGMENT = re.compile(r"\*")
_HTTP_VERBS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


_PLACEHOLDERS = frozenset({"none", "null", "n/a", "no_scope", "noscope", "-"})
_NO_SCOPE = re.compile(r"\bno\b.*\bscopes?\b.*\b(required|needed)\b|^none$", re.IGNORECASE)


def is_no_scope_placeholder(scope: str, description: str | None) -> bool:
    """``none: No scope required``: a source's marker for "no scope", not one to request."""
    if scope.strip().lower() not in _PLACEHOLDERS:
        return False
    text = description or ""
    return not text or bool(_NO_SCOPE.search(text)) or text.strip().lower() == scope.lower()


def without_placeholders(token: str) -> str:
    """``token`` with each placeholder (``{id}``, ``<ns>``, ``‹tenant name›``) written ``X``:
    its shape, spaces inside a placeholder left out."""
    return _PLACEHOLDER.sub("X", token) if token.count(" ") else token


def looks_like_scope(token: str) -> bool:
    """Whether ``token`` can be a scope a client sends (no spaces, token characters, URLs).

    Rejects prose, ``(no scope)``, bare numbers, HTTP verbs, paths (``/users/*``), C++/PHP
    member names (``Client::Authorize``) and version numbers.

    Args:
        token: A cleaned token (see ``clean_scope_token``).

    Returns:
        True when the token has the shape of a scope.
    """
    token = _HIDDEN_IN_NAME.sub("", token)  # judged by its shape; kept as written
    if not token or len(token) > 200:
        return False
    if _URL_TOKEN.match(token):
        return True
    # Templates are scopes as written: their placeholders ("{projectid}", "<namespace>",
    # "[device id]", "( client-id )") stand in for a value; the rest must still be a token.
    if _SPACED_PARENS.fullmatch(token):
        return True  # "( client-id )": a page's way of writing "your client id is the scope"
    bare = _PLACEHOLDER.sub("X", token)
    if bare != token and len(re.sub(r"[^A-Za-z0-9]", "", _PLACEHOLDER.sub("", token))) < 2:
        return False  # nothing but a grammar placeholder ("<scope>", "{scope}")
    if not _TOKEN.match(bare) or "::" in bare or "//" in bare:
        # "GetFeature/TypeName=ns:layer": an operation narrowed by an attribute
        return "=" in bare and bool(_ATTRIBUTE_QUALIFIED.match(bare))
    if bare in _HTTP_VERBS or re.fullmatch(r"[\d.:\-/]+", bare):
        return False
    # "*" is a wildcard only as a whole segment ("urn:x:api:*", "files.*.read"); a lone "*"
    # or a glob inside a word ("a*b") is a route pattern, not a scope.
    return all(_WILDCARD_SEGMENT.fullmatch(part) for part in _STAR.findall(bare))


# Ordered: the first matching label wins (more specific before more general).
_VERSION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("no longer public", re.compile(r"\bno longer public\b", re.I)),
    ("private preview", re.compile(r"\bprivate preview\b", re.I)),
    ("public preview", re.compile(r"\bpublic preview\b", re.I)),
    ("deprecated (obsolete)", re.compile(r"\bobsolete\b", re.I)),
    ("deprecated (no longer supported)", re.compile(r"\bno longer supported\b", re.I)),
    ("deprecated", re.compile(r"\bdeprecat(ed|ion)\b", re.I)),
    ("transitional", re.compile(r"\btransitional\b", re.I)),
    ("legacy", re.compile(r"\blegacy\b", re.I)),
    ("removed", re.compile(r"\bremoved\b", re.I)),
    ("retired", re.compile(r"\bretired\b", re.I)),
    ("closed", re.compile(r"\bclosed\b", re.I)),
    ("preview", re.compile(r"\bpreview\b", re.I)),
    ("beta", re.compile(r"\bbeta\b", re.I)),
    ("alpha", re.compile(r"\balpha\b", re.I)),
    ("experimental", re.compile(r"\bexperimental\b", re.I)),
    ("current", re.compile(r"\bcurrent\b", re.I)),
)
# Any of the labels above: most texts hold none, and one search then answers for all.
_ANY_VERSION_LABEL = re.compile("|".join(f"(?:{p.pattern})" for _l, p in _VERSION_PATTERNS), re.I)
# "v2", and "APIv2" as pages write it.
_VERSION_NUMBER = re.compile(r"(?:\b|(?<=api))(v\d+(?:\.\d+)?)\b", re.I)


def detect_version(text: str | None) -> str | None:
    """The version label a heading, caption or status cell gives, if any.

    Args:
        text: A short text such as "Deprecated scopes", "Legacy (v1)", "Beta".

    Returns:
        A lower-case label ("deprecated", "legacy", "v2", "no longer public" ...) or None.
    """
    if not text:
        return None
    if _ANY_VERSION_LABEL.search(text):
        for label, pattern in _VERSION_PATTERNS:
            if pattern.search(text):
                return label
    found = _VERSION_NUMBER.search(text)
    return found.group(1).lower() if found else None


_MARKER = re.compile(
    r"^\W*(no longer public|private preview|public preview|deprecated|legacy|removed|retired"
    r"|closed|preview|beta|alpha|experimental)\b[^()]*?\W*$",
    re.I,
)
_PAREN_MARKER = re.compile(
    r"\((no longer public|private preview|public preview|deprecated|legacy|removed|retired"
    r"|closed|preview|beta|alpha|experimental)\b[^()]*\)",
    re.I,
)


def version_marker(text: str | None) -> str | None:
    """A version label the text *marks* (not merely mentions).

    Marks are short labels ("Deprecated", "(beta)") or parenthesised notes inside a
    description ("... (No longer public.)"); a sentence that happens to contain the word
    "deprecated" is not one.

    Args:
        text: A cell remainder, a badge or a description.

    Returns:
        The label or None.
    """
    if not text:
        return None
    text = normalize_ws(text)
    found = _MARKER.match(text) if len(text) <= 40 else None
    found = found or _PAREN_MARKER.search(text)
    if found:
        return detect_version(found.group(0))
    if re.match(r"^\W*(deprecated|legacy|obsolete)\b", text, re.I):
        return detect_version(text[:20])
    badge = _BRACKET_BADGE.search(text)
    if badge:
        return detect_version(badge.group(1))
    said = _SAID_DEPRECATED.search(text)
    return detect_version(said.group(0)) if said else None


# The badge macro of AsciiDoc reference pages: "deprecated[7.5]" (or "beta[]") marks the text
# it stands in; "deprecated:[8.0] Also grants ..." (a colon) deprecates a side remark only.
_BRACKET_BADGE = re.compile(r"\b(deprecated|beta|experimental|preview)\[[\d.]*\]", re.I)


# A description that says in words that its own scope is going away: "OBSOLETE" in capitals,
# "Deprecated." opening a sentence, "no longer supported", "This scope is (will be)
# deprecated". A sentence that names another deprecated thing ("replaces the deprecated
# `x` scope") says nothing about this one.
_SAID_DEPRECATED = re.compile(
    r"\bOBSOLETE\b|(?:^|[.!;]\s+)(?:deprecated|obsolete)\b[^a-z]|\bno longer supported\b"
    r"|(?:^|[.!;]\s+)(?:this|it)\b[^.]{0,40}?\b(?:is|are|will be|has been|have been)\s+"
    r"(?:now\s+|being\s+)?(?:deprecated|obsolete)\b",
    re.I,
)


# The scope-context vocabulary. A block that is not self-evidently a scope list (a list, a
# definition list, a heading per scope, a "Name"/"Value" or headerless table) is read only when
# the text around it uses one of these words in the sense of access control:
#   scope, scopes, permission, permissions - as words of their own (not inside an identifier
#   such as ``--remap-path-scope`` or ``lint_scope``, not a call ``scope(``);
#   never the programming senses: "in (any|the current) scope", "end of (the) scope",
#   "out of scope", and qualified kinds of scope or permission ("lexical scope", "global
#   scopes", "block scope", "file permissions", "Unix permissions" ...), nor license
#   boilerplate ("Permission to use, copy, modify ...", "permission notice").
_SCOPE_WORDS = re.compile(r"(?<![\w\-.:/$@#])(scopes?|permissions?)(?![\w\-(/]|\.\w|::)", re.I)
_QUALIFIED = re.compile(
    r"\b(global|local|lexical|lexically|outer|inner|enclosing|block|function|module|variable|"
    r"nested|dynamic|static|class|unstable|thread|lint|file|unix|posix|filesystem|directory|"
    r"macro|namespace|template|closure|loop|statement|expression|parent|child|visibility)"
    r"[\s-]+$",
    re.I,
)
# "in any scope", "into the current scope", "end of scope", "out of scope": singular only.
_PLACE = re.compile(
    r"\b(in|into|within|of|any|outside)\s+((the|a|an|its|this|that|their|same|current|new|"
    r"own|whole|entire|enclosing|surrounding|calling)\s+)*$",
    re.I,
)
# License boilerplate: "Permission to use, copy, modify ...", "this permission notice",
# "without specific prior written permission".
_LICENSE_AFTER = re.compile(
    r"^\s+(is\s+hereby\s+granted|to\s+(use|copy|modify|distribute|reproduce|redistribute|"
    r"publish|make)|notices?)\b",
    re.I,
)
_LICENSE_BEFORE = re.compile(r"\b(written|prior|express)\s+$", re.I)
# ... unless the word names the request parameter ("in the scope parameter").
_PARAMETER_AFTER = re.compile(r"^\s+(parameters?|param|claims?|values?|fields?|strings?)\b", re.I)


def mentions_scopes(text: str | None) -> bool:
    """Whether text talks about scopes or permissions in the access-control sense.

    The vocabulary (see ``_SCOPE_WORDS``): "scope(s)" and "permission(s)" as words of their
    own; identifiers that contain them (``--remap-path-scope``) and programming senses
    ("declared in any scope", "end of scope", "lexical scope", "file permissions") and
    license boilerplate ("Permission to use, copy ...", "this permission notice") do not
    count. Used as the context a list, heading or weak table needs before it is read.

    Args:
        text: Headings, a caption, a title or a lead paragraph.

    Returns:
        True when one use of the words is an access-control one.
    """
    if not text:
        return False
    for found in _SCOPE_WORDS.finditer(text):
        before = text[max(0, found.start() - 60) : found.start()]
        after = text[found.end() : found.end() + 40]
        if _QUALIFIED.search(before) or _LICENSE_BEFORE.search(before):
            continue
        singular = not found.group(1).lower().endswith("s")
        if singular and _LICENSE_AFTER.match(after):
            continue
        if singular and _PLACE.search(before) and not _PARAMETER_AFTER.match(after):
            continue
        return True
    return False


# Words of access control other than "scope" itself. A page that uses none of them anywhere
# (a compiler flag's "valid scopes", a language's "variable scopes") documents no OAuth scopes.
_ACCESS_WORDS = re.compile(
    r"\b(oauth|oauth\s?[12](\.\d)?|openid|oidc|authori[sz]\w*|auth|access|tokens?|consent|"
    r"permissions?|credentials?|grants?|granted|login|log[\s-]?in|sign[\s-]?in|api[\s_-]?keys?)\b",
    re.I,
)


def mentions_access(text: str | None) -> bool:
    """Whether text uses any word of access control (OAuth, authorization, access, token ...).

    The page-level gate of the weak blocks: lists, definition lists, scope headings and
    weak or headerless tables are read only on a page that mentions access somewhere.

    Args:
        text: The page's visible text.

    Returns:
        True when one of the words occurs.
    """
    return bool(text) and bool(_ACCESS_WORDS.search(text or ""))


def pointer_token(key: object) -> str:
    """``key`` as one JSON pointer reference token (RFC 6901: ``~`` -> ``~0``, ``/`` -> ``~1``)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def resolve_pointer(root: Any, pointer: str) -> Any:
    """The node a JSON pointer (``/a/b~1c/0``, RFC 6901) names in ``root``; None when it
    names nothing there."""
    node = root
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def closing_bracket(
    text: str,
    start: int,
    *,
    quotes: str = "\"'`",
    opens: str = "{[",
    closes: str = "}]",
    limit: int | None = None,
) -> int | None:
    """The index of the bracket closing the one at ``start`` (strings in ``quotes`` skipped,
    a backslash escaping the next character in them), looking at most ``limit`` characters
    ahead; None when it is not closed."""
    depth, quote, i = 0, "", start
    end = len(text) if limit is None else min(len(text), start + limit)
    while i < end:
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in quotes:
            quote = char
        elif char in opens:
            depth += 1
        elif char in closes:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


# "`x` - boolean value, ...", "`y` - OPTIONAL, string array": a description that opens with a
# data type describes an attribute or a setting, not a scope
_TYPED = re.compile(
    r"^(?:(?:optional|required)\s*,\s*)?(?:boolean|bool|string|integer|int|number|date|enum"
    r"|map|array|list|object|long|float|double|timestamp)\b",
    re.I,
)


def described_by_type(description: str) -> bool:
    """Whether a list item's description opens with a data type (``boolean value, ...``)."""
    return bool(_TYPED.match(description.lstrip(" -:\u2013\u2014")))
