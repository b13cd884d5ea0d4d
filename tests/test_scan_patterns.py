"""Patterns rewritten so the regex engine skips ahead: each finds what its plain form found."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factory.extract.candidates_shape import _NOT_WORDS, tokens
from factory.extract.endpoint_tables import may_hold_endpoint_table

# the plain form: each look-behind before the character it guards
_PLAIN_NOT_WORDS = re.compile(
    r"\]\([^)\s]*\)|\]\[[^\]]*\]|<https?://[^>\s]*>|<<[^<>]*>>"
    r"|(?<![\w\-.:])(?:xref|link):[^\[\s]*(?=\[)"
    r"|(?<![\w:./])\{[\w\-]+\}(?![\w:./])|\{\{.*?\}\}|\{%.*?%\}"
)
_BITS = st.sampled_from(
    ["xref", "link", ":", "[", "]", "(", ")", "{", "}", "{{", "%}", "{%", "<", ">", "<<",
     ">>", "https://", "a", "-", ".", "/", " ", "\n", "x", "l", "w_1", "é", "K"]
)  # fmt: skip


@given(st.lists(_BITS, max_size=30).map("".join))
@settings(max_examples=3000, deadline=None)
def test_the_words_left_out_are_the_plain_patterns(text: str) -> None:
    assert [m.span() for m in _NOT_WORDS.finditer(text)] == [
        m.span() for m in _PLAIN_NOT_WORDS.finditer(text)
    ]


def test_references_and_variables_are_no_words() -> None:
    text = "see xref:scopes[Scopes], the {api} key, link:https://x[y] or {api}.read"
    assert [t for t, _ in tokens(text)] == ["see", "Scopes", "the", "key", "y", "or", "{api}.read"]


@pytest.mark.parametrize(
    ("page", "holds"),
    [
        ("<TaBlE><tr><th>Endpoint</th><th>Scope</th></tr></table>", True),
        ("<table><tr><th>Endpoint</th><th>Scope</th></tr></table>", True),
        ("<tabl><tr><th>Endpoint</th><th>Scope</th></tr>", False),
        ("<table><tr><th>Name</th><th>Scope</th></tr></table>", False),
    ],
)
def test_a_table_tag_is_found_in_any_case(page: str, holds: bool) -> None:
    assert may_hold_endpoint_table(page, "html") is holds
