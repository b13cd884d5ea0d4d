"""The table-driven scope-type guess, on real scope names from official provider docs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factory.contract.scope_types import SCOPE_TYPES, classify_scope, scope_words


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # TikTok
        ("user.info.basic", "identity"),
        ("user.info.profile", "identity"),
        ("user.info.stats", "identity"),
        ("video.upload", "write"),
        ("video.publish", "write"),
        ("video.list", "read"),
        # LinkedIn
        ("r_ads", "read"),
        ("rw_ads", "write"),
        ("r_ads_reporting", "read"),
        ("w_member_social", "write"),
        ("r_liteprofile", "identity"),
        ("r_emailaddress", "identity"),
        # Google
        ("https://www.googleapis.com/auth/adwords", "other"),
        ("https://www.googleapis.com/auth/userinfo.email", "identity"),
        ("https://www.googleapis.com/auth/drive.readonly", "read"),
        ("https://www.googleapis.com/auth/gmail.compose", "write"),
        ("https://mail.google.com/", "other"),
        ("openid", "identity"),
        ("email", "identity"),
        ("profile", "identity"),
        # GitHub
        ("repo", "other"),
        ("admin:org", "admin"),
        ("read:org", "read"),
        ("write:org", "write"),
        ("user:email", "identity"),
        # Microsoft Graph
        ("User.Read", "read"),
        ("Files.ReadWrite.All", "write"),
        ("Mail.Send", "write"),
        ("offline_access", "other"),
        # Meta
        ("ads_read", "read"),
        ("ads_management", "admin"),
        ("business_management", "admin"),
        # Zoom-style suffix
        ("meeting:read:admin", "admin"),
        # X
        ("tweet.read", "read"),
        ("tweet.write", "write"),
    ],
)
def test_scope_names(name: str, expected: str) -> None:
    assert classify_scope(name) == expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("View your email address", "identity"),
        ("See, edit, create, and delete your Google Ads accounts and data.", "write"),
        ("Full control of private repositories", "admin"),
        ("Read-only access to reports", "read"),
        ("Grants access to nothing in particular", "other"),
    ],
)
def test_description_decides_when_the_name_says_nothing(description: str, expected: str) -> None:
    assert classify_scope("repo", description) == expected


def test_name_rule_wins_over_description() -> None:
    assert classify_scope("ads_read", "Create and delete ads") == "read"


def test_identity_comes_before_read() -> None:
    # r_liteprofile has a read prefix but is a sign-in scope: the rule order decides.
    assert classify_scope("r_liteprofile") == "identity"


def test_url_host_is_ignored() -> None:
    assert scope_words("https://www.googleapis.com/auth/drive.readonly") == [
        "auth",
        "drive",
        "readonly",
    ]
    assert scope_words("Files.ReadWrite.All") == ["files", "read", "write", "all"]


@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=200)))
def test_any_input_gives_a_known_type(name: str, description: str | None) -> None:
    assert classify_scope(name, description) in SCOPE_TYPES
