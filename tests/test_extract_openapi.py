"""OpenAPI 3 / Swagger 2 extraction: every oauth2 scheme and flow, $refs, vendor states."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.errors import ExtractionError
from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.models import ExtractionResult, ScopeRecord
from factory.research.load import load_source

SPECS = Path(__file__).parent / "fixtures" / "specs"


def run(name: str) -> ExtractionResult:
    return extract_document(load_source(str(SPECS / name), source_url=f"https://x.test/{name}"))


def by_name(result: ExtractionResult) -> dict[str, ScopeRecord]:
    return {s.scope_name: s for s in result.scopes}


def test_openapi3_json_unites_flows_and_keeps_first_description() -> None:
    result = run("openapi3.json")
    assert result.format == "openapi"
    assert [s.scope_name for s in result.scopes] == [
        "files.read",
        "files.write",
        "files/~share",
        "admin.all",
    ]
    first = by_name(result)["files.read"]
    assert first == ScopeRecord(
        scope_name="files.read",
        description="Read   your files\n and folders.",  # as written: ends trimmed only
        version=None,
        kind=None,
        section="securitySchemes.oAuth2 > authorizationCode",
        source_url="https://x.test/openapi3.json",
        locator="/components/securitySchemes/oAuth2/flows/authorizationCode/scopes/files.read",
    )
    assert by_name(result)["admin.all"].section == "securitySchemes.oAuth2 > clientCredentials"
    # JSON pointer escaping of "/" and "~"; an empty description stays "" (not None).
    share = by_name(result)["files/~share"]
    assert share.locator.endswith("/scopes/files~1~0share")
    assert share.description == ""
    assert any("files.read" in w and "differently" in w for w in result.warnings)


def test_required_but_undefined_scope_is_a_warning_not_a_record() -> None:
    result = run("openapi3.json")
    assert "files.audit" not in by_name(result)
    assert any("'files.audit'" in w and "GET /files" in w for w in result.warnings)


def test_other_schemes_become_auth_findings_with_evidence() -> None:
    auth = {a.method: a for a in run("openapi3.json").auth}
    assert set(auth) == {"oauth2", "api_key", "bearer"}
    assert "X-Files-Key" in auth["api_key"].evidence
    assert "personal access token" in auth["bearer"].evidence
    assert auth["api_key"].locator == "/components/securitySchemes/apiKey"


def test_openapi3_yaml_block_scalars_are_kept_verbatim_ends_trimmed() -> None:
    result = run("openapi3.yaml")
    assert result.format == "openapi"
    scopes = by_name(result)
    assert scopes["playlist-read-private"].description == "Read access to user's private playlists."
    assert scopes["user-read-email"].description == "Read access to user's email address."
    assert {a.method for a in result.auth} == {"oauth2", "openid_connect"}


def test_swagger2_security_definitions() -> None:
    result = run("swagger2.json")
    assert [(s.scope_name, s.description) for s in result.scopes] == [
        ("read", "Read everything."),
        ("write", "Write everything."),
    ]
    assert result.scopes[0].section == "securityDefinitions.legacy_oauth > accessCode"
    assert result.scopes[0].locator == "/securityDefinitions/legacy_oauth/scopes/read"
    assert {a.method for a in result.auth} == {"oauth2", "basic"}


def test_refs_are_followed_and_vendor_states_become_versions() -> None:
    result = run("ref_scheme.json")
    scopes = by_name(result)
    assert list(scopes) == ["read:thing", "read:thing:granular", "write:thing"]
    assert scopes["read:thing"].version == "Current"
    assert scopes["read:thing:granular"].version == "Beta"
    assert scopes["write:thing"].version is None  # defined, referenced by no operation
    assert scopes["read:thing"].locator == "/components/x-shared/scopeList/read:thing"
    assert any("'read:ghost:granular'" in w for w in result.warnings)
    assert "read:ghost:granular" not in scopes


@pytest.mark.timeout(10)
def test_looping_ref_is_a_warning_and_never_hangs() -> None:
    result = run("ref_loop.json")
    assert [s.scope_name for s in result.scopes] == ["ok.read"]
    assert any("loop" in w for w in result.warnings)


def test_api_key_only_spec_is_stated_with_its_method() -> None:
    result = run("apikey_only.json")
    assert result.scopes == ()
    assert [a.method for a in result.auth] == ["api_key"]
    assert "in query" in result.auth[0].evidence


def test_basic_scheme_whose_credential_is_an_api_key() -> None:
    result = run("basic_only.yaml")
    assert result.scopes == ()
    assert [a.method for a in result.auth] == ["basic", "api_key"]
    assert "<api_key>" in result.auth[1].evidence


def test_spec_without_security_schemes_says_so() -> None:
    result = run("no_schemes.json")
    assert result.scopes == ()
    assert [a.method for a in result.auth] == ["none_declared"]


def test_forcing_openapi_on_other_json_is_a_clear_error() -> None:
    doc = make_document(b'{"hello": "world"}', "https://x.test/a.json")
    with pytest.raises(ExtractionError, match="not an OpenAPI"):
        extract_document(doc, "openapi")


def test_swagger_alias_is_registered() -> None:
    doc = load_source(str(SPECS / "swagger2.json"))
    assert extract_document(doc, "swagger").scopes == extract_document(doc, "openapi").scopes


@pytest.mark.timeout(30)
def test_large_generated_spec_is_fast() -> None:
    import json
    import time

    scopes = {f"s{i}.read": f"Read {i}." for i in range(200)}
    paths = {
        f"/r{i}": {"get": {"security": [{"o": [f"s{i % 200}.read"]}], "summary": "x" * 150}}
        for i in range(20_000)
    }
    spec = {
        "openapi": "3.0.0",
        "paths": paths,
        "components": {
            "securitySchemes": {"o": {"type": "oauth2", "flows": {"implicit": {"scopes": scopes}}}}
        },
    }
    body = json.dumps(spec).encode()
    assert len(body) > 4_000_000
    start = time.perf_counter()
    result = extract_document(make_document(body, "https://x.test/big.json"))
    assert time.perf_counter() - start < 5
    assert len(result.scopes) == 200


def test_schemes_in_the_other_versions_place_placeholders_and_marks() -> None:
    result = run("swagger2_mixed_places.yaml")
    rows = [(s.scope_name, s.description, s.version) for s in result.scopes]
    assert [r for r in rows if r[0] != "none"] == [
        ("notes.read", "Read every note you can see.", None),  # a blank loses to a real one
        ("notes.write", "", None),  # empty stays "" (not None)
        ("beta.notes", "Beta access to notes.", None),  # a leading word is not a mark
        ("notes.archive", "[Deprecated] Archive notes; use notes.write.", "deprecated"),
    ]
    # the placeholder is kept (the scheme defines it) and flagged downstream, never dropped
    assert ("none", "No scope required", None) in rows
    assert by_name(result)["beta.notes"].section == "securitySchemes.mainAuth > implicit"
    assert sorted(a.method for a in result.auth) == ["api_key", "oauth2", "oauth2"]
    assert any("'none'" in w and "placeholder" in w for w in result.warnings)
    assert not any("required by" in w for w in result.warnings)


def test_openapi3_that_kept_security_definitions_is_read() -> None:
    doc = make_document(
        b'{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},'
        b' "securityDefinitions": {"o": {"type": "oauth2", "flow": "implicit",'
        b' "authorizationUrl": "https://a.test/a", "scopes": {"alpha": "Alpha access"}}}}',
        "https://x.test/o.json",
    )
    result = extract_document(doc, "openapi")
    assert [(s.scope_name, s.description, s.version) for s in result.scopes] == [
        ("alpha", "Alpha access", None)
    ]
    assert [a.method for a in result.auth] == ["oauth2"]
