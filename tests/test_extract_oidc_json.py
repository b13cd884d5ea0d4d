"""OIDC discovery documents and plain JSON scope lists."""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.research.load import load_source

SPECS = Path(__file__).parent / "fixtures" / "specs"


def test_oidc_scopes_supported_without_descriptions() -> None:
    result = extract_document(load_source(str(SPECS / "oidc.json")))
    assert result.format == "oidc"
    assert [s.scope_name for s in result.scopes] == ["openid", "profile", "email", "offline_access"]
    assert all(s.description is None for s in result.scopes)
    assert result.scopes[3].locator == "/scopes_supported/3"
    methods = {a.method: a.evidence for a in result.auth}
    assert "issuer https://login.example.test" in methods["oauth2"]
    assert "openid_connect" in methods


def test_reddit_shaped_list_uses_id_not_display_name() -> None:
    result = extract_document(load_source(str(SPECS / "reddit_scopes.json")))
    assert result.format == "json"
    assert [(s.scope_name, s.description) for s in result.scopes] == [
        ("identity", "Access my reddit username and signup date."),
        ("modflair", "Manage and assign flair in subreddits I moderate."),
        ("wikiread", "Read wiki pages through my account"),
    ]
    assert result.scopes[1].locator == "/modflair"


def test_wrapped_list_of_objects_dedupes_with_a_warning() -> None:
    result = extract_document(load_source(str(SPECS / "scope_list.json")))
    assert [(s.scope_name, s.description) for s in result.scopes] == [
        ("channel:read", "Read channel details."),
        ("channel:write", "Change channel details."),
    ]
    assert result.scopes[1].locator == "/scopes/1"
    assert any("listed again" in w for w in result.warnings)


def test_scope_to_description_map() -> None:
    result = extract_document(load_source(str(SPECS / "scope_map.json")))
    assert [(s.scope_name, s.description) for s in result.scopes] == [
        ("user:read", "Read the user profile."),
        ("user:write", "Update  the user profile."),  # as written: ends trimmed only
    ]


def test_arbitrary_json_is_not_turned_into_scopes() -> None:
    body = b'{"name": "my package", "version": "1.0.0", "dependencies": {"a": "1"}, "n": 3}'
    result = extract_document(make_document(body, "https://x.test/package.json"))
    assert result.format == "json"
    assert result.scopes == ()
    assert any("no scope list recognised" in w for w in result.warnings)
