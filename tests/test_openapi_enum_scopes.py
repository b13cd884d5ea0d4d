"""Scopes a spec names only in a schema enum while its schemes declare none, and the API key
a spec without schemes takes as a parameter (fixtures written for this project)."""

from __future__ import annotations

from pathlib import Path

import yaml

from factory.extract import extract_document
from factory.extract.openapi_enums import enum_scopes
from factory.models import ExtractionResult
from factory.research.load import load_source

SPECS = Path(__file__).parent / "fixtures" / "specs"
NOT_SCOPES = {
    "user", "org", "repo",  # the scope of a search
    "code", "token", "authorization_code", "refresh_token",  # response_type, grant_type
    "pull", "push", "admin",  # a collaborator's permission: a role
    "gust", "breeze",  # "more granular scopes" of a reading: another sense of the word
    "compact", "full",  # an enum described value by value, owned by no scope name
}  # fmt: skip


def run(path: Path) -> ExtractionResult:
    return extract_document(load_source(str(path), source_url=f"https://x.test/{path.name}"))


def test_a_bearer_spec_s_scope_enum_is_read_with_where_and_why() -> None:
    result = run(SPECS / "enum_scopes_bearer.yaml")
    rows = {s.scope_name: (s.description, s.section) for s in result.scopes}
    assert list(rows) == [
        "kites:read",  # beside grant_type in a token request
        "kites:write",
        "kites:admin",
        "reels:read",  # permissions granted to an API key
        "reels:write",
        "openid",  # AppScope, reached through scope: {items: {$ref}} and by its own name
        "email",
        "profile",
        "kite_message.write",
    ]
    # descriptions: the enum's own "`value`: text" lines, as written; else blank
    assert rows["kites:read"][0] == "See the kites of the user."
    assert rows["kites:write"][0] == "Launch and land  kites."
    assert rows["kites:admin"][0] is None
    assert rows["openid"] == (None, "/components/schemas/AppScope/enum")
    assert not NOT_SCOPES & set(rows)
    (warning,) = [w for w in result.warnings if "enumeration(s)" in w]
    assert "/components/schemas/AppScope/enum" in warning
    assert "'openid' is an OpenID Connect scope" in warning
    assert "beside the fields of an OAuth request (granttype)" in warning
    assert "Bearer: http bearer" in warning and "declare no OAuth scopes" in warning
    assert [a.method for a in result.auth] == ["bearer"]


def test_the_loose_signs_count_only_when_no_scheme_declares_a_scope() -> None:
    root = yaml.safe_load((SPECS / "enum_scopes_bearer.yaml").read_text())
    assert enum_scopes(root, {"kites:launch"}) == []
    loose = {e.name for e in enum_scopes(root, set(), loose=True)}
    assert "openid" in loose and not NOT_SCOPES & loose


def test_a_spec_without_schemes_states_the_api_key_it_takes_as_a_parameter() -> None:
    result = run(SPECS / "api_key_path.yaml")
    assert result.scopes == ()
    methods = [a.method for a in result.auth]
    assert methods == ["none_declared", "api_key"]
    evidence = result.auth[1].evidence
    assert "/{apiKey}/getFloor" in evidence and "'apiKey'" in evidence


def test_a_spec_without_schemes_or_key_parameter_says_only_none_declared(tmp_path: Path) -> None:
    spec = tmp_path / "keyless.yaml"
    spec.write_text(
        "openapi: 3.0.0\ninfo: {title: Example, version: '1'}\npaths:\n"
        "  /things/{key}:\n    get:\n      parameters:\n"
        "        - {name: key, in: path, schema: {type: string}}\n"
        "      responses: {'200': {description: ok}}\n"
    )
    assert [a.method for a in run(spec).auth] == ["none_declared"]


def test_value_lines_of_the_description_describe_the_values() -> None:
    root = {
        "components": {
            "schemas": {
                "TokenScope": {
                    "type": "string",
                    "description": "Scopes of an OAuth token:\n"
                    "- `boats:read`: See boats.\n"
                    "'boats:sail' - Sail boats.\n"
                    "harbor: Moor in the harbor.\n"
                    "unknown: not a value of the enum.",
                    "enum": ["boats:read", "boats:sail", "harbor", "dock"],
                }
            }
        }
    }
    got = {e.name: e.description for e in enum_scopes(root, set())}
    assert got == {
        "boats:read": "See boats.",
        "boats:sail": "Sail boats.",
        "harbor": "Moor in the harbor.",
        "dock": None,
    }


def test_a_scheme_with_only_a_placeholder_scope_reads_the_enum_loosely(tmp_path: Path) -> None:
    spec = tmp_path / "placeholder.yaml"
    spec.write_text(
        "openapi: 3.0.0\ninfo: {title: Example Gliders, version: '1'}\npaths: {}\n"
        "components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n"
        "        clientCredentials:\n          tokenUrl: https://gliders.example/token\n"
        "          scopes: {none: No scope required}\n"
        "  schemas:\n    GliderScopes:\n      type: string\n"
        "      enum: [openid, gliders.fly, gliders.land]\n"
    )
    result = run(spec)
    assert [s.scope_name for s in result.scopes] == [
        "none",
        "openid",
        "gliders.fly",
        "gliders.land",
    ]
    (warning,) = [w for w in result.warnings if "enumeration(s)" in w]
    assert "'openid' is an OpenID Connect scope" in warning
    assert "(oauth: oauth2) declare only the placeholder 'none'" in warning
