"""Shared text helpers: whitespace, scope-token cleaning and validation, version labels."""

from __future__ import annotations

import re

import pytest

from factory.extract.auth_text import find_auth_in_text
from factory.extract.text import (
    clean_scope_token,
    detect_version,
    looks_like_scope,
    normalize_ws,
    version_marker,
)


def test_normalize_ws_collapses_every_kind_of_space() -> None:
    assert normalize_ws("  a\u00a0\u2003b\n\tc  ") == "a b c"


def test_normalize_ws_treats_every_character_as_the_regex_definition_does() -> None:
    # The definition the fast path must match: markers and zero-width characters removed,
    # then every run of re's \s collapsed to one space, stripped.
    markers, zero_width = (
        re.compile("\ue000\\d*\ue001"),
        re.compile("[\u200b\u200c\u200d\u2060\ufeff]"),
    )

    def reference(text: str) -> str:
        return re.sub(r"\s+", " ", zero_width.sub("", markers.sub("", text))).strip()

    for point in range(0x3100):
        char = chr(point)
        for text in (f"{char}a{char}{char}b{char}", f"x\ue00012\ue001{char}\u200by"):
            assert normalize_ws(text) == reference(text), hex(point)
    assert normalize_ws("plain ascii\ttext ") == "plain ascii text"
    assert normalize_ws("a\u3000\u205f\u202fb") == "a b"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("`repo`", "repo"),
        ("**`admin:org`**", "admin:org"),
        ("w\\_member\\_social", "w_member_social"),
        ("_read_user_", "read_user"),
        ("user.read[1]", "user.read"),
        ("r_liteprofile [2]", "r_liteprofile"),
        ("email*", "email"),
        ("openid\u2020", "openid"),
    ],
)
def test_clean_scope_token_removes_markup(raw: str, clean: str) -> None:
    assert clean_scope_token(raw) == clean


@pytest.mark.parametrize(
    "token",
    ["repo", "admin:read:accounts", "User.Read.All", "read-repos", "bot",
     "https://www.googleapis.com/auth/drive.readonly", "sdk.social_layer"],
)  # fmt: skip
def test_looks_like_scope_accepts_tokens(token: str) -> None:
    assert looks_like_scope(token)


@pytest.mark.parametrize(
    "token",
    ["(no scope)", "Grants read access", "", "GET", "1.2.0", "/admin/*",
     "Client::Authorize", "a" * 300],
)  # fmt: skip
def test_looks_like_scope_rejects_prose_and_noise(token: str) -> None:
    assert not looks_like_scope(token)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Deprecated scopes", "deprecated"),
        ("Legacy permissions", "legacy"),
        ("Scopes (v2)", "v2"),
        ("Private preview", "private preview"),
        ("Beta", "beta"),
        ("Available scopes", None),
        (None, None),
    ],
)
def test_detect_version(text: str | None, label: str | None) -> None:
    assert detect_version(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("This permission is no longer public", "no longer public"),
        ("Obsolete: use the new API", "deprecated (obsolete)"),
        ("No longer supported after 2024", "deprecated (no longer supported)"),
        ("Scheduled for deprecation", "deprecated"),
        ("Transitional access", "transitional"),
        ("Removed in v3", "removed"),
        ("Retired scopes", "retired"),
        ("Closed beta", "closed"),
        ("Experimental", "experimental"),
        ("The current scopes", "current"),
        ("Legacy scopes (beta)", "legacy"),  # the first label in order wins, not the first word
        ("Beta, then deprecated", "deprecated"),
        ("Scopes of APIv3", "v3"),
    ],
)
def test_detect_version_finds_every_label_in_order(text: str, label: str) -> None:
    assert detect_version(text) == label


def test_version_marker_needs_a_mark_not_a_mention() -> None:
    assert version_marker("(No longer public.)") == "no longer public"
    assert version_marker("Read hooks. (No longer public.)") == "no longer public"
    assert version_marker("Deprecated") == "deprecated"
    assert version_marker("Replaces the scope that was deprecated last year in favour of x") is None


def test_auth_sentences_are_kept_as_evidence_once_per_sentence() -> None:
    text = (
        "Authenticate with an API key in the X-API-Key header. "
        "The API key is shown once.\n\nUse HTTP Basic authentication for the token endpoint. "
        "The API key is shown once."
    )
    found = find_auth_in_text(text, "https://example.test/auth")
    methods = [f.method for f in found]
    assert methods == ["api_key", "api_key", "basic"]
    assert found[0].evidence == "Authenticate with an API key in the X-API-Key header."
    assert all(f.source_url == "https://example.test/auth" for f in found)


def test_auth_detects_oauth_versions_separately() -> None:
    found = find_auth_in_text("We support OAuth 1.0a for legacy apps. New apps use OAuth 2.0.")
    assert {f.method for f in found} == {"oauth1", "oauth2"}
    assert find_auth_in_text("Nothing about authentication here at all.") == []


def test_pointer_token_escapes_tilde_before_slash() -> None:
    from factory.extract.text import pointer_token

    assert pointer_token("/a~b/") == "~1a~0b~1"
    assert pointer_token(3) == "3"
