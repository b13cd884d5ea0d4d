"""What the harvester takes for a scope: the token's shape, its place, the provider's syntax.

A token is *scope-shaped* by the characters a scope has and, for a token in running text or a
code block, a separator inside it (``a.b``, ``a:b``, ``a_b``); a bare lower-case word
(``email``) counts only where it *is* the piece: a whole code span, a table cell, the lead of
a list item or definition, an attribute value's item, a spec string. The protocol's own
vocabulary (``client_id``, ``invalid_scope``, JWT claims), file names, domains, versions and
e-mail addresses never are.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, unquote_plus, urlsplit

from factory.extract.text import clean_scope_token, fold_case, looks_like_scope, mentions_scopes

__all__ = [
    "LEAD_PLACES",
    "PROTOCOL",
    "Segment",
    "Syntax",
    "block_counts",
    "heading_shaped",
    "lead_token",
    "name_head",
    "quoted_words",
    "scope_shaped",
    "section_names_other",
    "section_speaks",
    "sentence_at",
    "separated_tokens",
    "shape_of",
    "tokens",
]


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of a document the harvester reads.

    ``where`` is text, code (a span), block (of code), example, heading, term, attribute, cell,
    item, spec (a string or key of a spec) or spec-list (an item of a spec's list); ``label`` is an
    attribute name, a key path or a column header; ``group`` names the list, table column or
    attribute value the piece belongs to (pieces of one group are one list).
    """

    text: str
    locator: str
    where: str = "text"
    section: str = ""
    label: str = ""
    group: str = ""
    around: str = ""  # the sentence or line around a code span (its own text is the code)
    lowered: str = ""  # why the place itself lowers its tokens ("a cell of a table of claims")


# A sentence ends at ". X" or at a line break (a spec's description lists things line by line).
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*\"'(])|\s*\n\s*")


_FOLLOW_UP = re.compile(r"(?:This|That|These|It|They)\b[^.!?]{0,40}?\b(?:scopes?|permissions?)\b")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` that holds ``offset`` (with the next one when that one goes
    on about it: "`x`. This scope lets ...")."""
    starts, ends = _bounds(text)
    index = bisect_left(starts, offset)  # the first sentence break at or after the offset
    start = ends[index - 1] if index else 0
    if index == len(starts):
        return text[start:]
    end = starts[index]
    if _FOLLOW_UP.match(text, ends[index]):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return text[start:end]


@lru_cache(maxsize=256)
def _bounds(text: str) -> tuple[list[int], list[int]]:
    """Where ``text``'s sentence breaks start and end (each text's found once: a page's
    tokens ask for the sentences of the same pieces)."""
    found = list(_SENTENCE.finditer(text))
    return [m.start() for m in found], [m.end() for m in found]


@lru_cache(maxsize=1024)
def section_speaks(section: str) -> bool:
    """Whether a heading path speaks of scopes (judged once per path): one of its headings
    says "scopes" or "permissions", or is named for access itself ("Access", "API access",
    "Available grants", "Authorization", "Cluster privileges": the subject, with at most one word
    before it)."""
    if mentions_scopes(section):
        return True
    return any(_ACCESS_HEADING.match(title.strip()) for title in section.split(" > "))


_ACCESS_HEADING = re.compile(
    r"^(?:[\w.]+\s+){0,1}(?:access|grants|authori[sz]ation|consents?|privileges?)$", re.I
)
_OTHER_KIND = re.compile(
    r"\b(?:events?|webhooks?|errors?|claims?|parameters?|roles?|responses?|examples?|fields?"
    r"|attributes?|headers?|endpoints?|properties|settings|options|levels?)\b",
    re.I,
)


@lru_cache(maxsize=1024)
def section_names_other(section: str) -> bool:
    """Whether the last heading of a path names things that are no scopes ("Webhook
    events", "Error codes", "ID token claims", "Workspace roles") and does not speak of
    scopes: the names listed under it are those things."""
    last = section.rsplit(" > ", 1)[-1]
    return bool(_OTHER_KIND.search(last)) and not section_speaks(last)


def shape_of(token: str) -> str:
    """A token's shape: each run of letters, digits and hyphens one ``w`` (``a.b:c`` is
    ``w.w:w``)."""
    return _SHAPE_PART.sub("w", _HOLE.sub("{}", token))


# The words without which no line of a code block speaks of scopes (``mentions_scopes`` and
# the harvester's context words), tested as words of the folded text: a case-insensitive
# pattern cost ~0.03 s over the code samples of a 2.5 MB page, the word test a tenth of it.
_MAY_SPEAK = ("scope", "permission", "grant", "consent")


def block_counts(section: str, text: str) -> bool:
    """Whether a code block can give a token a reason: its section speaks of scopes, or one
    of its lines may. Any text that holds the block's pieces (with or without spaces between
    them) answers the same when it is False."""
    if section_speaks(section):
        return True
    folded = fold_case(text)
    return any(word in folded for word in _MAY_SPEAK)


#: Places where a piece can *be* one token (its lead may be a bare word).
LEAD_PLACES = frozenset(
    {"code", "cell", "item", "term", "heading", "attribute", "spec", "spec-list"}
)

_STRICT = re.compile(r"[A-Za-z0-9][._:][A-Za-z0-9*{<]")
_ANY_SEPARATOR = re.compile(r"[A-Za-z0-9][._:/\-][A-Za-z0-9*{<]")
_FILE = re.compile(
    r"\.(md|mdx|json|ya?ml|html?|js|jsx|ts|tsx|py|rb|go|java|php|png|svg|jpe?g|gif|css|xml|"
    r"txt|csv|zip|rst|adoc|sh|exe|dll|so|lock|toml|ini|cfg)$",
    re.I,
)
_DOMAIN = re.compile(
    r"^(?:[a-z0-9-]+\.)+(com|org|net|io|dev|app|co|ai|us|uk|de|fr|jp|cloud|tech|gov|edu|eu|ca"
    r"|au|nl|ch|se|br|xyz|gg|ly|sh|tv)$"
)
_VERSIONISH = re.compile(r"^v?\d+(\.\d+)*[a-z]?$|^\d", re.I)
# Identifiers, not names: a GUID (a permission's id beside its name) or a hash / hex key.
_HEX_ID = re.compile(r"^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$|^[0-9a-f]{16,}$", re.I)
# The protocol's own vocabulary: request parameters, error codes, client metadata and token
# claims every OAuth page shows beside its scopes.
PROTOCOL = frozenset(
    [
        "client_id",
        "client_secret",
        "access_token",
        "refresh_token",
        "id_token",
        "redirect_uri",
        "redirect_url",
        "redirect_uris",
        "response_type",
        "response_types",
        "grant_type",
        "grant_types",
        "code_verifier",
        "code_challenge",
        "code_challenge_method",
        "token_type",
        "expires_in",
        "refresh_expires_in",
        "authorization_code",
        "client_credentials",
        "response_mode",
        "token_endpoint",
        "authorization_endpoint",
        "userinfo_endpoint",
        "revocation_endpoint",
        "introspection_endpoint",
        "jwks_uri",
        "scopes_supported",
        "token_endpoint_auth_method",
        "client_name",
        "client_uri",
        "logo_uri",
        "policy_uri",
        "tos_uri",
        "request_uri",
        "id_token_hint",
        "login_hint",
        "max_age",
        "ui_locales",
        "acr_values",
        "claims_locales",
        "post_logout_redirect_uri",
        "dpop_jkt",
        "authorization_details",
        "end_session_endpoint",
        "invalid_scope",
        "insufficient_scope",
        "error_description",
        "error_uri",
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "unsupported_response_type",
        "access_denied",
        "server_error",
        "temporarily_unavailable",
        "insufficient_scope",
        "invalid_token",
        "login_required",
        "consent_required",
        "interaction_required",
        "scope",
        "scopes",
        "state",
        "nonce",
        "code",
        "sub",
        "aud",
        "iss",
        "exp",
        "iat",
        "nbf",
        "jti",
        "azp",
        "e.g",
        "i.e",
        "etc",
        "a.m",
        "p.m",
        "x-www-form-urlencoded",
        "application/json",
        "content-type",
        "application/x-www-form-urlencoded",
        "text/html",
        "true",
        "false",
        "null",
        "none",
    ]
)
_PROSE_WORD = re.compile(r"^[A-Za-z][a-z]*(?:[-/][A-Za-z][a-z]*)+$")  # read-only, read/write
# Not words of the page: link targets, AsciiDoc cross references and attribute references,
# template variables. Every branch opens with a character, its look-behind after it
# (``x(?<![\w\-.:]x)`` is ``(?<![\w\-.:])x``): the engine then skips to those characters
# instead of trying each branch at every position of a long code block.
_NOT_WORDS = re.compile(
    r"\]\([^)\s]*\)|\]\[[^\]]*\]|<https?://[^>\s]*>|<<[^<>]*>>"
    r"|(?:x(?<![\w\-.:]x)ref|l(?<![\w\-.:]l)ink):[^\[\s]*(?=\[)"
    r"|\{(?<![\w:./]\{)[\w\-]+\}(?![\w:./])|\{\{.*?\}\}|\{%.*?%\}"
)
_PLAIN = r"[^\s,;|()\"'`<>=!?\[\]{}\u2039\u00ab]"
# A token may hold placeholders ("org:{id}:read", "device:[device id]") after its first char.
_HTML_TAGS = "br|hr|code|b|i|u|s|em|strong|span|a|p|div|td|tr|th|li|ul|ol|sup|sub|kbd|pre|img"
_ANGLE = rf"<(?!(?:{_HTML_TAGS})\b)[a-z][\w|\-]{{0,30}}(?:/[\w|\-]{{1,30}})*>"
# A name may open with an angle placeholder before a separator ("<read/write>:profile": a
# template of read:profile and write:profile); an HTML tag is never followed by one.
# Guillemet placeholders may hold spaces ("role:\u2039role name\u203a", "\u00abspace\u00bb:admin").
_GUILLEMET = "\u2039[^\u2039\u203a\n]{1,40}\u203a|\u00ab[^\u00ab\u00bb\n]{1,40}\u00bb"
_TOKEN = re.compile(
    rf"https?://[^\s<>\"'`),;]+|(?:{_ANGLE}(?=[:._]{_PLAIN})"
    rf"|(?:{_GUILLEMET}|\{{[^{{}}\s]{{1,40}}\}})(?=[:._/]))?"
    rf"{_PLAIN}+(?:(?:\{{[^{{}}\s]{{1,40}}\}}|\[[^\[\]\n]{{1,40}}\]|{_GUILLEMET})"
    rf"{_PLAIN}*)*"
)


def tokens(
    text: str, *, separated: bool = False, only: re.Pattern[str] | None = None
) -> Iterator[tuple[str, int]]:
    """(cleaned token, offset) for every whitespace/punctuation-separated piece of ``text``.

    Markdown link targets are left out: a link's address is not a word of the page. A URL's
    ``scope=`` parameter is decoded and split into its names (``a.read%20b.write`` is two
    tokens; no token keeps a ``%20``). ``separated``: only the tokens with a separator (or
    a percent-escape) inside, found without visiting the plain words one by one; ``only``:
    the tokens that pattern finds (``separated_tokens``' pattern).
    """
    if _NOT_WORDS_HINT.search(text):
        text = _NOT_WORDS.sub(lambda m: " " * len(m.group(0)), text)
    pattern = only or (_SEPARATED_TOKEN if separated else _TOKEN)
    for found in pattern.finditer(text):
        raw = found.group(0).rstrip(".:,")
        start = found.start()
        if "&" in raw and text[found.end() : found.end() + 1] == "=":
            raw = raw.split("&", 1)[0]  # "a.read&state=": the next query parameter is no part
        if "%" in raw or "scope" in raw or (start and text[start - 1] == "="):
            pieces = _query_pieces(raw, text, start)
            if pieces is not None:
                for piece in pieces:
                    token = _cleaned(piece)
                    if token:
                        yield token, start
                continue
        if raw[:1].isalnum() and raw[-1:].isalnum() and "\\" not in raw:
            yield raw, start  # a plain token: nothing to clean
        else:
            token = raw if _SIMPLE.match(raw) else _clean(raw)
            if token:
                yield token, start


_clean = lru_cache(maxsize=16384)(clean_scope_token)  # code repeats its words


def _cleaned(raw: str) -> str:
    plain = raw[:1].isalnum() and raw[-1:].isalnum() and "\\" not in raw
    return raw if plain or _SIMPLE.match(raw) else _clean(raw)


# "?scope=", "&scopes=" or a line's "scope=" right before a token: the token is a URL-encoded
# scope list ("a.read+b.write", "a.read%20b.write", "a,b")
_QUERY_SCOPE = re.compile(r"(?:^|[?&\s\"'])(?:scopes?)=\Z", re.I)
_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")
_LIST_SPLIT = re.compile(r"[\s,]+")
_NOT_WORDS_HINT = re.compile(r"\]|<|\{|xref:|link:")


def _query_pieces(raw: str, text: str, start: int) -> list[str] | None:
    """The names a URL-encoded piece holds, or None when it is no such piece: the value of a
    ``scope=`` parameter (a URL's, or a token right after ``?scope=``), or a token with
    percent-escapes."""
    if raw.startswith(("http://", "https://")) and "scope" in raw:
        values = [v for k, v in parse_qsl(urlsplit(raw).query) if k.lower() in ("scope", "scopes")]
        names = [n for v in values for n in _LIST_SPLIT.split(v) if n]
        return [raw, *names] if names else None
    if _QUERY_SCOPE.search(text[max(0, start - 9) : start]):
        value = raw.split("&", 1)[0]  # the next parameter is not part of the list
        return [n for n in _LIST_SPLIT.split(unquote_plus(value)) if n]
    if _ENCODED.search(raw):
        return [n for n in _LIST_SPLIT.split(unquote(raw)) if n]
    return None


# The tokens of ``_TOKEN`` that hold a separator or a percent-escape: a token is a run of
# ``_PLAIN`` from its first character, so when the look-ahead fails at a word's start it fails
# at every later character of that word too, and no match starts inside a word.
_SEPARATED_TOKEN = re.compile(
    rf"https?://[^\s<>\"'`),;]+|(?<!{_PLAIN})(?=(?:{_ANGLE})?{_PLAIN}*[._:/\-%])(?:{_TOKEN.pattern})"
)


def separated_tokens(names: Iterable[str]) -> re.Pattern[str]:
    """The pattern of the tokens with a separator, or with one of ``names`` inside them (a
    token that holds none of them cannot be one once its markup is cleaned off)."""
    words = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    inside = rf"[._:/\-%]|{words}" if words else r"[._:/\-%]"
    return re.compile(
        rf"https?://[^\s<>\"'`),;]+|(?<!{_PLAIN})(?=(?:{_ANGLE})?{_PLAIN}*(?:{inside}))(?:{_TOKEN.pattern})"
    )


_LEAD = re.compile(
    rf"^[\s*_`\"'\u201c]*({_TOKEN.pattern})[*_`\"'\u201d]*"
    r"(?:\s*$|\s+[-\u2013\u2014:]\s|:\s|\s+\()"
)


# A page repeats its short pieces (a table's "Yes", "Read", "-"): each is read once.
@lru_cache(maxsize=4096)
def lead_token(text: str) -> str | None:
    """The token a piece *is* (a whole cell or code span) or leads with ("`x` - text")."""
    found = _LEAD.match(text)
    if not found:
        return None
    raw = found.group(1).rstrip(".:")
    if _SIMPLE.match(raw):
        return raw
    token = clean_scope_token(raw)
    # a wildcard after a separator ("urn:x:admin:*", "read_*") is the name's, not emphasis
    if token.endswith("*") and token[-2:-1] in _WILDCARD_AFTER:
        return token.lstrip("*_~")
    return token.strip("*_~")


_WILDCARD_AFTER = frozenset(".:/_-")


# A token ``clean_scope_token`` returns unchanged (ASCII, no markup, no wrapper, no escape).
_SIMPLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._:/\-]*[A-Za-z0-9])?\Z")


def scope_shaped(token: str, lead: bool) -> bool:
    """Whether ``token`` has a scope's shape; ``lead``: it is the whole of its piece."""
    if not looks_like_scope(token) or len(token) < 2 or token.lower() in PROTOCOL:
        return False
    if _FILE.search(token) or _DOMAIN.match(token.lower()) or _VERSIONISH.match(token):
        return False
    if _HEX_ID.match(token):
        return False
    if "@" in token or (token.isupper() and "_" in token and not lead):
        return False  # e-mail addresses; CONSTANT_NAMES in running text or code
    if token.startswith("http"):
        return False  # URLs only by the provider's syntax or where a URL is a scope's shape
    if len(re.sub(r"[^A-Za-z0-9]", "", token)) < 3 or _HEADER.match(token):
        return False
    if _PROSE_WORD.match(token):
        return lead and token.islower()
    if _STRICT.search(token):
        return True
    return lead and (token.islower() or bool(_ANY_SEPARATOR.search(token)))


def heading_shaped(token: str) -> bool:
    """A heading that is one token is a scope's shape only with a separator (``a:b``; a
    slash or hyphen only in lower case: ``files/read``, never ``CI/CD``)."""
    return bool(_STRICT.search(token)) or (token.islower() and bool(_ANY_SEPARATOR.search(token)))


_HEADER = re.compile(r"^[A-Z][a-z]*(?:-[A-Z][A-Za-z]*)+$")  # an HTTP header: X-OAuth-Scopes
_SHAPE_PART = re.compile(r"[A-Za-z0-9\-]+")


@dataclass(frozen=True, slots=True)
class Syntax:
    """The scope syntax the structured result shows: shared prefixes and long shapes."""

    prefixes: frozenset[str]
    shapes: frozenset[str]
    lower: bool  # every structured name is lower case: a follower must be too
    templates: tuple[re.Pattern[str], ...]  # names with placeholders, as patterns
    # the prefixes as one pattern (a prefix and one character more at a token's start):
    # one match instead of a membership test at every separator of every token
    prefix_pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, names: Iterable[str]) -> Syntax:
        """The prefixes two or more names share, and shapes of two+ separators three share."""
        names = list(names)
        prefixes: dict[str, int] = {}
        shapes: dict[str, int] = {}
        for name in names:
            head = name_head(name)
            if head:
                prefixes[head] = prefixes.get(head, 0) + 1
            shape = _SHAPE_PART.sub("w", name)
            if len(shape) >= 5 and "//" not in shape:  # two separators at least: "w.w.w", "w:w:w"
                shapes[shape] = shapes.get(shape, 0) + 1
        templates = [_template(n) for n in names if _HOLE.search(n)]
        shared = frozenset(p for p, n in prefixes.items() if n >= 2)
        alternatives = "|".join(map(re.escape, sorted(shared, key=len, reverse=True)))
        return cls(
            shared,
            frozenset(s for s, n in shapes.items() if n >= 3),
            all(n == n.lower() for n in names),
            tuple(t for t in templates if t is not None),
            re.compile(rf"(?:{alternatives})(?=.)", re.DOTALL) if shared else None,
        )

    def follows(self, token: str) -> bool:
        """Whether ``token`` shares a prefix or a long shape with the structured names."""
        if self.lower and token != token.lower():
            return False
        # every prefix ends at its separator ("a.", "r_" of at most four characters, a URL's
        # path up to "/"), so a token that starts with one and goes on shares it
        if self.prefix_pattern is not None and self.prefix_pattern.match(token):
            return True
        return _SHAPE_PART.sub("w", token) in self.shapes

    def fills_template(self, token: str) -> bool:
        """Whether ``token`` is a structured template filled in (``org:42:read``) or a piece
        of one (``org:``)."""
        return any(t.fullmatch(token) for t in self.templates)


def name_head(name: str) -> str:
    """The prefix a scope name opens with: a URL's path up to its last ``/``, a short
    ``r_``-style prefix, or the first word and its separator (``gw2:``, ``files.``); ""."""
    if name.startswith(("http://", "https://")):
        return name.rsplit("/", 1)[0] + "/"
    found = _HEAD.match(name)
    return found.group(1) if found else ""


_HEAD = re.compile(r"^([A-Za-z0-9]{1,3}_|[A-Za-z0-9_\-]+[.:/])")
_HOLE = re.compile(r"\{[^{}]+\}|\[[^\[\]]+\]|<[^<>]+>")


def _template(name: str) -> re.Pattern[str] | None:
    """A pattern for a name with placeholders: each placeholder any run of token chars, and
    every prefix of the name up to a placeholder (a token cut at the brace) matches too."""
    parts = _HOLE.split(name)
    pattern = r"[^\s]*?".join(re.escape(p) for p in parts)
    prefix = re.escape(parts[0])
    try:
        return re.compile(rf"{pattern}|{prefix}[^\s]*")
    except re.error:
        return None


# A name in single quotes in running text ("valid scope keywords are 'read' and 'write'"):
# written as a value, as a code span would be (a possessive "users' data" is none)
_QUOTED_WORD = re.compile(r"(?<![\w'])'([A-Za-z/][\w.:/-]{0,60}[\w*])'(?![\w'])")


def quoted_words(text: str) -> list[str]:
    """The names ``text`` writes in single quotes right by the word scope or permission
    ("scope keywords are 'read' and 'write'", "the 'introspection' scope"), not on an
    import line."""
    if "'" not in text:
        return []
    found: list[str] = []
    for match in _QUOTED_WORD.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if _IMPORT_LEAD.match(text, line_start):
            continue
        before = text[max(line_start, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 15]
        if mentions_scopes(before) or mentions_scopes(after):
            found.append(match.group(1))
    return found


_IMPORT_LEAD = re.compile(r"\s*(?:import|from|require|use|using)\b")
