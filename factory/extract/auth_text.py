"""Auth methods documented in prose: "Requests use OAuth 2.0", "pass your API key" ...

Sentence-level detection keeps the sentence as evidence, so an API-key-only provider is
*stated* with the words of its own docs. A sentence can evidence several methods.
"""

from __future__ import annotations

import re

from factory.extract.text import fold_case, normalize_ws
from factory.models import AuthFinding

__all__ = ["find_auth_in_text", "has_clue"]

# method -> what a sentence must contain to document it. Order is the report order.
_METHODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "oauth2",
        re.compile(
            r"\bOAuth\s*2(\.0)?\b|\bOAuth2\b|\bauthori[sz]ation code (grant|flow)\b"
            r"|\bclient credentials (grant|flow)\b|\bOpenID Connect\b"
            r"|\bOAuth\b(?!\s*1)(?=\s+(apps?|applications?|tokens?|scopes?|flows?|providers?))",
            re.I,
        ),
    ),
    ("oauth1", re.compile(r"\bOAuth\s*1(\.0a?)?\b|\bOAuth1a?\b", re.I)),
    ("api_key", re.compile(r"\bAPI[\s_-]?keys?\b|\bX-API-Key\b", re.I)),
    ("basic", re.compile(r"\b(HTTP )?basic auth(entication)?\b|\bAuthorization: Basic\b", re.I)),
    ("bearer", re.compile(r"\bbearer tokens?\b|\bAuthorization: Bearer\b", re.I)),
    ("personal_access_token", re.compile(r"\bpersonal access tokens?\b|\bPATs?\b")),
)
# Words every match of a method's pattern holds: a sentence with none of them is not searched
# (six patterns over every sentence of a 400 KB page cost ~0.07 s; a word test, almost
# nothing). Lower case for the case-insensitive patterns, as written for the others.
_CLUES: dict[str, tuple[str, ...]] = {
    "oauth2": ("oauth", "authori", "client credentials", "openid connect"),
    "oauth1": ("oauth",),
    "api_key": ("key",),
    "basic": ("basic auth", "authorization: basic"),
    "bearer": ("bearer",),
    "personal_access_token": ("personal access token", "PAT"),
}
_METHOD_PATTERNS = dict(_METHODS)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"'(\[])|\n\s*\n")
_MAX_EVIDENCE = 400


def _sentences(text: str) -> list[str]:
    """Split prose into sentences; long runs are cut so evidence stays readable."""
    out: list[str] = []
    for chunk in _SENTENCE_END.split(text):
        sentence = normalize_ws(chunk)
        if len(sentence) >= 8:
            out.append(sentence[:_MAX_EVIDENCE])
    return out


def has_clue(method: str, sentence: str, folded: str) -> bool:
    """Whether ``sentence`` holds one of the words every match of ``method``'s pattern holds
    (``folded``: the sentence through ``fold_case``, for a case-insensitive pattern)."""
    haystack = folded if _METHOD_PATTERNS[method].flags & re.IGNORECASE else sentence
    return any(clue in haystack for clue in _CLUES[method])


def find_auth_in_text(
    text: str, source_url: str | None = None, *, per_method: int = 3
) -> list[AuthFinding]:
    """Find the auth methods a page documents, with the sentences that say so.

    Args:
        text: The page's visible text (paragraphs separated by blank lines help).
        source_url: The page URL recorded on every finding.
        per_method: How many distinct evidence sentences to keep per method.

    Returns:
        Findings in method order, then page order; at most ``per_method`` per method,
        never the same sentence twice for one method.
    """
    found: dict[str, list[str]] = {method: [] for method, _ in _METHODS}
    # Every sentence is a piece of the page's normalised text: a method whose words are
    # nowhere in it is never searched, and a page without any is not cut into sentences.
    whole = normalize_ws(text)
    folded_whole = fold_case(whole)
    checks = [
        (method, pattern, _CLUES[method], bool(pattern.flags & re.IGNORECASE))
        for method, pattern in _METHODS
        if has_clue(method, whole, folded_whole)
    ]
    folds = any(fold for *_rest, fold in checks)
    for sentence in _sentences(text) if checks else ():
        folded = fold_case(sentence) if folds else sentence
        for method, pattern, clues, fold in checks:
            kept = found[method]
            if len(kept) >= per_method:
                continue
            haystack = folded if fold else sentence
            for clue in clues:
                if clue in haystack:
                    break
            else:
                continue  # none of the words every match holds
            if sentence not in kept and pattern.search(sentence):
                kept.append(sentence)
    return [
        AuthFinding(method=method, evidence=sentence, source_url=source_url, locator="text")
        for method, _ in _METHODS
        for sentence in found[method]
    ]
