"""Google Discovery documents: auth.oauth2.scopes, and API-key-only documents."""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.research.load import load_source

SPECS = Path(__file__).parent / "fixtures" / "specs"


def test_discovery_scopes_in_document_order_with_descriptions() -> None:
    result = extract_document(load_source(str(SPECS / "discovery.json")))
    assert result.format == "google-discovery"
    assert [(s.scope_name, s.description) for s in result.scopes] == [
        ("https://www.example.test/auth/files", "See, edit, create, and delete all of your files"),
        (
            "https://www.example.test/auth/files.readonly",
            "See and download  all your files",
        ),  # as written,
        (
            "https://mail.example.test/",
            "Read, compose, send, and permanently delete all your email",
        ),
    ]
    first = result.scopes[0]
    assert first.locator == "/auth/oauth2/scopes/https:~1~1www.example.test~1auth~1files"
    assert first.section == "files:v2 > auth.oauth2.scopes"
    assert [a.method for a in result.auth] == ["oauth2", "api_key"]


def test_discovery_without_auth_is_api_key_with_evidence() -> None:
    result = extract_document(load_source(str(SPECS / "discovery_apikey.json")))
    assert result.scopes == ()
    assert [a.method for a in result.auth] == ["api_key"]
    assert "Required unless you provide an OAuth 2.0 token" in result.auth[0].evidence
    assert result.auth[0].locator == "/parameters/key"
    assert any("no auth.oauth2" in w for w in result.warnings)
