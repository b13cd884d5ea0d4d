"""Sections named with a grant word ("Authorization", "API access", "Available grants").

A block is read as a scope list when its context speaks of scopes or permissions
(``text.mentions_scopes``). Some pages name the section otherwise: "Available grants",
"API access", "Authorization", "Consent", and put nothing but the scopes under it, as a
heading per scope or a row of folded widgets, with no lead sentence. Those words are too
common to be scope context on their own ("Authorization" also heads the request
parameters: ``client_id``, ``redirect_uri``), so two things must hold together:

- the section's heading *is* a grant word, at most with a qualifier ("Available grants",
  "API access", "OAuth 2.0 authorization"), not a longer title ("Authorization code flow",
  "Access tokens");
- the items under it are a run of at least ``MIN_RUN`` scope tokens of one shape (the same
  separator signature: ``a.b``, ``A.B.C``, ``x_y``, ``https://...``), none of them a
  parameter or claim name of the OAuth/OIDC protocol.

A role system's reference names its grants "privileges" ("Cluster privileges", "Index
privileges") and lists them as a definition list of code-span terms, each with its text:
``privilege_list`` reads such a list as a scope list. The terms need no common shape there
(``all``, ``manage``, ``manage_own_api_key``): every term being a lone code span is the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import Tag

from factory.extract.html_blocks import TextOf, heading_scopes, list_records

__all__ = [
    "MIN_RUN",
    "grant_headings",
    "grant_list",
    "grant_section",
    "heading_run",
    "privilege_list",
    "uniform_scope_run",
]

MIN_RUN = 3
_MAX_RUN = 400
_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]

_GRANT_SECTION = re.compile(
    r"(?:(?:available|supported|api|app|oauth(?:\s*2(?:\.0)?)?|application|required|"
    r"requested|user)\s+)?"
    r"(?:grants?|access|authori[sz]ations?|consents?|privileges?|access\s+rights|"
    r"entitlements?|capabilities)",
    re.I,
)
# Request parameters and ID-token claims a section called "Authorization" documents.
_PROTOCOL_NAMES = frozenset(
    {
        "client_id", "client_secret", "redirect_uri", "response_type", "response_mode",
        "state", "nonce", "code", "code_challenge", "code_challenge_method", "code_verifier",
        "grant_type", "refresh_token", "access_token", "id_token", "token_type", "expires_in",
        "scope", "prompt", "login_hint", "max_age", "sub", "email", "email_verified", "name",
        "given_name", "family_name", "locale", "picture", "iss", "aud", "exp", "iat",
        "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
        "unsupported_grant_type", "invalid_scope", "access_denied", "server_error",
        "unsupported_response_type", "temporarily_unavailable", "authorization_code",
        "client_credentials", "implicit", "password", "device_code",
    }
)  # fmt: skip
# A placeholder ("{id}", "‹tenant name›") counts as one letter run, whatever it holds.
_SIGNATURE = re.compile(
    r"[A-Za-z]+|\d+|\{[^{}]*\}|\u2039[^\u2039\u203a]*\u203a|\u00ab[^\u00ab\u00bb]*\u00bb"
)


def grant_section(heading: str) -> bool:
    """Whether a heading is a grant word section ("Available grants", "API access")."""
    return bool(_GRANT_SECTION.fullmatch(heading.strip().rstrip(":").strip()))


def _shape(token: str) -> str:
    """The token's separator signature: letters and digits dropped, case class kept."""
    if token.startswith(("http://", "https://", "urn:")):
        return token.split(":", 1)[0]
    return _SIGNATURE.sub(lambda m: "a" if m.group().islower() else "A", token)


def uniform_scope_run(tokens: Iterable[str]) -> bool:
    """At least ``MIN_RUN`` tokens, no protocol parameter or claim among them, and most of one
    separator shape (four out of five)."""
    names = list(tokens)
    if len(names) < MIN_RUN or any(t.lower() in _PROTOCOL_NAMES for t in names):
        return False
    shapes: dict[str, int] = {}
    for name in names:
        shapes[_shape(name)] = shapes.get(_shape(name), 0) + 1
    return max(shapes.values()) * 5 >= len(names) * 4


def heading_run(tag: Tag, text_of: TextOf) -> list[str]:
    """The scope tokens of ``tag`` and its sibling headings of the same level (up to the next
    heading above that level, either way): the run a grant section's headings make."""
    level = int(tag.name[1])
    tokens: list[str] = []
    for walk in (tag.find_all_previous, tag.find_all_next):
        for other in walk(_HEADINGS, limit=_MAX_RUN):
            other_level = int(other.name[1])
            if other_level < level:
                break
            if other_level == level:
                found = heading_scopes(other, text_of)
                if not found:
                    break
                tokens.extend(t for t, _ in found)  # "`read_x`, `write_x`": a pair heading
    return [*(t for t, _ in heading_scopes(tag, text_of)), *tokens]


def grant_headings(tag: Tag, open_headings: list[tuple[int, str]], text_of: TextOf) -> bool:
    """A heading per scope under a grant section: the nearest parent heading is a grant word
    and the heading's run of siblings is a uniform run of scope tokens."""
    level = int(tag.name[1])
    parents = [text for lvl, text in open_headings if lvl < level]
    return (
        bool(parents)
        and grant_section(parents[-1])
        and uniform_scope_run(heading_run(tag, text_of))
    )


def grant_list(tag: Tag, nearest_heading: str, text_of: TextOf) -> bool:
    """A list under a grant section whose scope items (``list_records``) are at least four
    in five of its items and a uniform run of scope tokens: folded widgets
    (``html_disclosure``), a code block of one scope per line (``html_code_lines``), or a
    plain list or definition list with no lead sentence."""
    if not grant_section(nearest_heading):
        return False
    items = [c for c in tag.children if isinstance(c, Tag) and c.name in ("li", "dt")]
    found = [token for _, (token, *_) in list_records(tag, text_of, bare_snake=True)]
    return len(found) * 5 >= len(items) * 4 and uniform_scope_run(found)


# "Cluster privileges", "Privileges", "Index privilege": a heading that names privileges.
_PRIVILEGE_HEADING = re.compile(r"\bprivileges?\b", re.I)


def privilege_list(tag: Tag, nearest_heading: str, text_of: TextOf) -> bool:
    """A definition list under a heading that names privileges, whose terms are each one code
    span (``<dt><code>manage</code></dt>``), at least ``MIN_RUN`` of them, none a parameter or
    claim name of the OAuth/OIDC protocol."""
    if tag.name != "dl" or not _PRIVILEGE_HEADING.search(nearest_heading):
        return False
    terms = [c for c in tag.children if isinstance(c, Tag) and c.name == "dt"]
    if len(terms) < MIN_RUN or not all(_lone_code(term, text_of) for term in terms):
        return False
    found = [token for _, (token, *_) in list_records(tag, text_of)]
    return len(found) == len(terms) and not any(t.lower() in _PROTOCOL_NAMES for t in found)


def _lone_code(term: Tag, text_of: TextOf) -> bool:
    """A term that is one code span and nothing else (markup around it aside)."""
    codes = term.find_all("code")
    return len(codes) == 1 and text_of(codes[0]).strip() == text_of(term).strip()
