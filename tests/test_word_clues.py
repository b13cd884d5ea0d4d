"""Word tests that stand in for case-insensitive patterns give the patterns' answers: the
auth-method scan searches only sentences holding a word every match holds, and a code block
counts for the harvester by the words its pattern looked for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factory.extract.auth_text import _METHODS, find_auth_in_text, has_clue
from factory.extract.candidates_shape import block_counts
from factory.extract.text import fold_case
from factory.models import AuthFinding

_PIECES = [
    "OAuth", "oauth", "OAUTH", " 2", "2.0", "1.0a", " ", ". ", "\n\n", "Authori", "sation",
    "zation", " code ", "grant", "flow", "client", "credentials", "Open", "ID", "Connect",
    "API", "api", "_", "-", "key", "keys", "X-", "HTTP ", "basic", "Basic", "auth",
    "entication", "Authorization: ", "Bearer", "bearer", "token", "tokens", "personal access",
    "PAT", "PATs", "apps", "scopes", "\u0130", "\u0131", "\u017f", "\u212a", "Use", "the",
    "\u200b", "\ue000", "\ue001", "1", "\u00a0",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _every_sentence(text: str, per_method: int = 3) -> list[AuthFinding]:
    """The scan without clues: every pattern over every sentence."""
    from factory.extract.auth_text import _sentences

    found: dict[str, list[str]] = {method: [] for method, _ in _METHODS}
    for sentence in _sentences(text):
        for method, pattern in _METHODS:
            kept = found[method]
            if len(kept) < per_method and sentence not in kept and pattern.search(sentence):
                kept.append(sentence)
    return [
        AuthFinding(method=method, evidence=sentence, source_url=None, locator="text")
        for method, _ in _METHODS
        for sentence in found[method]
    ]


@given(_TEXTS)
@settings(max_examples=3000, deadline=None)
def test_every_match_holds_a_clue(sentence: str) -> None:
    for method, pattern in _METHODS:
        if pattern.search(sentence):
            assert has_clue(method, sentence, fold_case(sentence)), (method, sentence)


@given(_TEXTS)
@settings(max_examples=1000, deadline=None)
def test_findings_equal_the_scan_of_every_sentence(text: str) -> None:
    assert find_auth_in_text(text) == _every_sentence(text)


def test_letters_ignorecase_takes_for_ascii_are_folded() -> None:
    # "\u0130" (dotted I) lower-cases to two characters and "\u017f" (long s) to itself
    sentence = "Authorization: Ba\u017fic for the API keys of OAUTH apps \u0130."
    assert has_clue("basic", sentence, fold_case(sentence))
    found = {f.method for f in find_auth_in_text(sentence)}
    assert "basic" in found


_SPEAK = re.compile(r"scope|permission|grant|consent", re.I)
_CODE = st.lists(
    st.sampled_from(["Scope", "SCOPE", "\u017fcope", "grant", "GRANT", "Consent", "permi",
                     "\u0131", "ssion", "x", " ", "\n", "{", "\u212a"]),
    max_size=20,
).map("".join)  # fmt: skip


@given(_CODE)
@settings(max_examples=2000, deadline=None)
def test_block_counts_answers_as_the_case_insensitive_pattern(code: str) -> None:
    assert block_counts("Examples", code) == bool(_SPEAK.search(code))


def test_block_counts_takes_long_s_for_s() -> None:
    assert block_counts("Examples", 'curl -d "\u017fcope=a"')
    assert not block_counts("Examples", "curl -d x=1")


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_fold_case_skips_the_translation_only_when_it_changes_nothing(text: str) -> None:
    from factory.extract.text import _FOLD

    assert fold_case(text) == text.translate(_FOLD).lower()
    assert fold_case(text + "\u00e9") == (text + "\u00e9").translate(_FOLD).lower()
