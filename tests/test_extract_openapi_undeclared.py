"""OpenAPI specs whose schemes declare no scopes: per-operation names, prose enumerations,
verbatim descriptions and deprecation said in words (fixtures written for this project)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.openapi_ops import description_scopes, vendor_scopes
from factory.extract.text import looks_like_scope
from factory.models import ExtractionResult, ScopeRecord
from factory.research.load import load_source

SPECS = Path(__file__).parent / "fixtures" / "specs"


def run(name: str) -> ExtractionResult:
    return extract_document(load_source(str(SPECS / name), source_url=f"https://x.test/{name}"))


def by_name(result: ExtractionResult) -> dict[str, ScopeRecord]:
    return {s.scope_name: s for s in result.scopes}


def test_operation_scopes_are_collected_when_the_scheme_declares_none() -> None:
    result = run("op_scopes_vendor.json")
    assert [s.scope_name for s in result.scopes] == [
        "bucket:read",  # security requirement and vendor list
        "bucket:write",  # vendor list of objects with a name field
        "bucket.{bucketId}:admin",  # a template, as written
        "object:read",  # x-...-requires-scope, a string
        "object:write",  # Atlassian-shaped [{state, scopes}]
        "object:replace",  # "requires the `x` scope" in a summary
        "object:delete",  # x-...-required-scopes, a list of strings
        "object:*",  # a wildcard, as written
        "object:purge",  # "Scoped OAuth requires: `x`" in a description
    ]
    scopes = by_name(result)
    assert all(s.description is None for s in result.scopes)
    assert scopes["object:write"].version == "Beta"
    assert scopes["bucket:read"].locator == "operations: GET /buckets"
    assert scopes["bucket:read"].section == "operations (security, x-orbit-scopes)"
    (warning,) = [w for w in result.warnings if "no security scheme declares scopes" in w]
    assert "9 scope(s)" in warning and "x-orbit-scopes" in warning
    assert "no descriptions" in warning


def test_description_mentions_without_an_oauth_scheme_are_a_warning_not_records() -> None:
    result = run("op_scopes_text_only.yaml")
    assert result.scopes == ()
    (warning,) = [w for w in result.warnings if "declares no OAuth scheme" in w]
    # the harvester shows the name as a candidate for a person to include
    assert "notes:read" in [c.scope_name for c in result.candidates]
    assert "'notes:read'" in warning and "GET /notes" in warning
    assert "notes_admin" not in warning  # a permission named in the same sentence


def test_scopes_enumerated_in_schema_and_parameter_prose() -> None:
    result = run("prose_scopes.yaml")
    rows = [(s.scope_name, s.description, s.version) for s in result.scopes]
    assert rows == [
        ("ledger:read", "lets the app read ledger entries.", None),
        ("ledger:write", "lets the app   post entries.", None),  # verbatim, inner spaces kept
        ("export", "OBSOLETE: lets the app export the ledger as CSV.", "deprecated (obsolete)"),
        ("summary", None, None),
        ("detail", None, None),
        ("full_detail", None, None),
    ]
    assert by_name(result)["export"].locator == "/components/schemas/TokenScope/description"
    # grant types (no scope context) and member roles ("permission") are not scopes
    assert not {"urn:quill:grant:user", "refresh_token", "viewer", "owner"} & set(by_name(result))
    assert sum("read from the prose of" in w for w in result.warnings) == 2


def test_spec_descriptions_are_verbatim_and_words_give_the_version() -> None:
    rows = {s.scope_name: (s.description, s.version) for s in run("verbatim_words.yaml").scopes}
    assert rows["parcels:track"] == ("Track your parcels.\n  Includes  delivery photos.", None)
    assert rows["parcels.{region}:route"] == ("Route parcels in one region.", None)
    assert rows["parcels:legacy"][1] == "deprecated (obsolete)"
    assert rows["parcels:ship"][1] == "deprecated"  # "no longer supported"
    assert rows["parcels:label"][1] == "deprecated"
    assert rows["parcels:beta"][1] is None  # a leading word is not a mark


def test_declared_scopes_keep_undeclared_names_as_warnings() -> None:
    result = run("openapi3.json")
    assert "files.audit" not in by_name(result)
    assert any("'files.audit'" in w and "GET /files" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("a:read b:write", ["a:read", "b:write"]),
        (["a", {"name": "b"}, {"scope": "c"}], ["a", "b", "c"]),
        ({"state": "Current", "scopes": ["d"]}, ["d"]),
        ("not a scope list!", []),
        ({"name": "has spaces here"}, []),
        (42, []),
    ],
)
def test_vendor_extension_shapes(value: object, names: list[str]) -> None:
    assert [n for n, _ in vendor_scopes(value)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Requires scope `users:read`.", ["users:read"]),
        ("**Required scopes:** `a.read`, `a.write`", ["a.read", "a.write"]),
        ("This call needs the `admin` or `owner` scopes.", ["admin", "owner"]),
        ("Tokens need the `repo` scope, and apps must have the `hooks:read` permission", ["repo"]),
        ("Returns the `id` field.", []),
        ("The scope parameter, e.g. `read write`", []),
    ],
)
def test_description_lines_that_require_scopes(text: str, names: list[str]) -> None:
    assert description_scopes(text) == names


@pytest.mark.parametrize(
    ("token", "ok"),
    [
        ("urn:x:project:{projectid}:aud", True),
        ("role:<cluster-role name>:<namespace>", True),
        ("urn:x:device:[device id]", True),
        ("urn:x:api:*", True),
        ("{placeholder}", False),
        ("two words", False),
    ],
)
def test_scope_templates_are_scope_shaped(token: str, ok: bool) -> None:
    assert looks_like_scope(token) is ok


def test_scope_names_under_a_bearer_scheme_are_collected_with_a_warning() -> None:
    from factory.extract.detect import make_document

    body = (
        b'{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},'
        b' "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},'
        b' "paths": {"/boxes": {"get": {"security": [{"token": ["box:read"]}],'
        b' "responses": {"200": {"description": "ok"}}}}}}'
    )
    result = extract_document(make_document(body, "https://x.test/spec.json"))
    assert [s.scope_name for s in result.scopes] == ["box:read"]
    assert any("http bearer" in w and "disagrees" in w for w in result.warnings)
    assert result.operations[0].alternatives == (("box:read",),)


def test_bare_role_words_under_a_bearer_scheme_stay_a_warning() -> None:
    from factory.extract.detect import make_document

    body = (
        b'{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},'
        b' "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},'
        b' "paths": {"/boxes": {"get": {"security": [{"token": ["admin", "member"]}],'
        b' "responses": {"200": {"description": "ok"}}}}}}'
    )
    result = extract_document(make_document(body, "https://x.test/spec.json"))
    assert result.scopes == ()
    assert any("non-OAuth scheme(s) token" in w and "'admin'" in w for w in result.warnings)
    assert result.operations[0].alternatives == ()
