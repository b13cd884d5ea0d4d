"""The naming engine: one rule for slugs, platform keys, vault keys and file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factory.contract.naming import PLATFORM_PATTERN, contract_path, provider_names
from factory.errors import NamingError


@pytest.mark.parametrize(
    ("name", "slug", "platform"),
    [
        ("Google Ads", "google_ads", "GOOGLE_ADS"),
        ("TikTok", "tiktok", "TIKTOK"),
        ("X (Twitter)", "x_twitter", "X_TWITTER"),
        ("Monday.com", "monday_com", "MONDAY_COM"),
        ("Société Générale", "societe_generale", "SOCIETE_GENERALE"),
        ("  LinkedIn   Ads ", "linkedin_ads", "LINKEDIN_ADS"),
        ("../../etc/passwd", "etc_passwd", "ETC_PASSWD"),
    ],
)
def test_known_names(name: str, slug: str, platform: str) -> None:
    names = provider_names(name)
    assert (names.slug, names.platform) == (slug, platform)
    assert names.vault_key_name == f"PROVIDER_{platform}_KEY"
    assert names.contract_filename == f"{platform}_CONNECTOR_CONTRACT.json"


def test_google_ads_every_name() -> None:
    names = provider_names("Google Ads")
    assert names.vault_key_name == "PROVIDER_GOOGLE_ADS_KEY"
    assert names.contract_filename == "GOOGLE_ADS_CONNECTOR_CONTRACT.json"
    assert names.checklist_filename == "GOOGLE_ADS_SCOPE_CHECKLIST.md"


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "---...", "☃☃", "x" * 101, "a" * 10_000])
def test_refused_names(bad: str) -> None:
    with pytest.raises(NamingError) as info:
        provider_names(bad)
    assert "invalid provider name" in str(info.value)
    assert len(str(info.value)) < 200  # a 10,000-character name is not echoed back whole


def test_non_text_refused() -> None:
    with pytest.raises(NamingError):
        provider_names(None)  # type: ignore[arg-type]


def test_contract_path_stays_inside(tmp_path: Path) -> None:
    path = contract_path("../../etc/passwd", tmp_path)
    assert path.parent == tmp_path.resolve()
    assert path.name == "ETC_PASSWD_CONNECTOR_CONTRACT.json"


@given(st.text(max_size=150))
def test_any_string_gives_clear_error_or_safe_names(name: str) -> None:
    try:
        names = provider_names(name)
    except NamingError as exc:
        assert str(exc).startswith("invalid provider name")
        return
    assert PLATFORM_PATTERN.fullmatch(names.platform)
    assert PLATFORM_PATTERN.fullmatch(names.vault_key_name)
    for filename in (names.contract_filename, names.checklist_filename):
        assert "/" not in filename and "\\" not in filename and ".." not in filename
