"""Names an authorization request's parameters keep company with: parameters, not scopes.

A page about the OAuth flow names the request's parameters in code (``client_id``,
``redirect_uri``, ``prompt``) and, beside them, its own extra parameters (``guild_id``,
``integration_type``). Those sentences speak of the ``scope`` parameter too, so the words
around say "scope" while the names are parameters: a token that is itself a request parameter,
a code span listed in one run with one (```scope`, `integration_type`, or `redirect_uri```),
or a code span of a sentence about parameters that names one and says nothing of scopes
outside its code, is lowered as a parameter.
"""

from __future__ import annotations

import re

from factory.extract.spec_text import CODE_RUN, CODE_SPAN
from factory.extract.text import mentions_scopes

__all__ = ["parameter_note"]

#: The parameters of an authorization request (RFC 6749, OpenID Connect Core, PKCE).
REQUEST_PARAMETERS = frozenset(
    {
        "client_id",
        "client_secret",
        "redirect_uri",
        "redirect_url",
        "redirect_uris",
        "response_type",
        "response_mode",
        "grant_type",
        "code_challenge",
        "code_challenge_method",
        "code_verifier",
        "state",
        "nonce",
        "prompt",
        "login_hint",
        "id_token_hint",
        "max_age",
        "ui_locales",
        "acr_values",
        "request_uri",
        "scope",
    }
)
# Request parameters the protocol vocabulary (``candidates_shape.PROTOCOL``, never a
# candidate) lacks: a token that is one of them is lowered
_OWN = frozenset({"prompt", "nonce", "state"})
_SPAN = re.compile(CODE_SPAN)
_RUN = re.compile(CODE_RUN)  # "`a`, `b`, or `c`", "`a` and `b`", "`a`/`b`"
_PARAMETER_WORD = re.compile(r"\bparam(?:eter)?s?\b|\bquery\s*string\b", re.I)


def parameter_note(token: str, sentence: str) -> str | None:
    """A ``lowered:`` note when ``token`` is a request parameter or keeps their company in
    ``sentence`` (Markdown code spans in backticks), else None."""
    if token in _OWN:
        return "lowered: the protocol calls it a request parameter, not a scope"
    names = [_name(m.group(1)) for m in _SPAN.finditer(sentence)]
    if token not in names or not REQUEST_PARAMETERS.intersection(names):
        return None
    run = next((r for r in map(_names_of, _RUN.findall(sentence)) if token in r), [])
    shown = next((n for n in run if n in REQUEST_PARAMETERS and n != token), None)
    if shown:
        return f"lowered: the page calls it a parameter (listed with `{shown}`)"
    words = _SPAN.sub(" ", sentence)
    if _PARAMETER_WORD.search(words) and not mentions_scopes(words):
        other = next(n for n in names if n in REQUEST_PARAMETERS)
        return f"lowered: the page calls it a parameter (a sentence of parameters, `{other}`)"
    return None


def _name(span: str) -> str:
    """A span's name: ``disable_guild_select=true`` names ``disable_guild_select``."""
    return span.split("=", 1)[0].strip()


def _names_of(run: str) -> list[str]:
    """The names of a run of joined code spans."""
    return [_name(m.group(1)) for m in _SPAN.finditer(run)]
