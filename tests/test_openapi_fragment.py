"""OpenAPI fragments: a scope registry kept as a bare security scheme, a scheme map or a
components object (no ``openapi`` key) is read as a spec, not as unknown JSON."""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.detect import detect_format
from factory.extract.openapi_fragment import spec_fragment
from factory.models import ExtractionResult
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "r2a"


def run(name: str) -> ExtractionResult:
    return extract_document(load_source(str(FIXTURES / name), source_url=f"https://x.test/{name}"))


def test_bare_security_scheme_is_read_as_a_spec() -> None:
    doc = load_source(str(FIXTURES / "bare_scheme.yaml"), source_url="https://x.test/reg.yaml")
    assert detect_format(doc) == "openapi"
    result = extract_document(doc)
    names = [s.scope_name for s in result.scopes]
    assert names == ["ledger:entry:read", "ledger:entry:write", "inventory:item:read", "whoami"]
    first = result.scopes[0]
    assert first.description == "## Read ledger entries\nLists and reads every booked entry."
    assert first.locator == "/flows/clientCredentials/scopes/ledger:entry:read"
    assert first.section == "securityScheme.reg > clientCredentials"
    assert any("OpenAPI fragment (a bare security scheme)" in w for w in result.warnings)
    assert [a.method for a in result.auth] == ["oauth2"]
    assert not result.candidates  # the vendor key's names are the same scopes again


def test_map_of_security_schemes_is_read_as_a_spec() -> None:
    result = run("scheme_map.json")
    assert result.format == "openapi"
    assert [s.scope_name for s in result.scopes] == ["gallery.read", "gallery.write"]
    assert result.scopes[1].locator == (
        "/pellucidOAuth/flows/authorizationCode/scopes/gallery.write"
    )
    assert {a.method for a in result.auth} == {"oauth2", "api_key"}


def test_components_object_without_header_is_read_as_a_spec() -> None:
    result = run("components_fragment.yaml")
    assert [s.scope_name for s in result.scopes] == ["harbor/berths.read", "harbor/berths.manage"]
    assert result.scopes[0].locator == (
        "/securitySchemes/tidewayAuth/flows/implicit/scopes/harbor~1berths.read"
    )
    assert result.scopes[1].description == "Book and cancel berths."


def test_a_file_with_no_oauth_scheme_is_no_fragment() -> None:
    doc = load_source(str(FIXTURES / "not_a_fragment.yaml"), source_url="https://x.test/n.yaml")
    assert detect_format(doc) == "json"
    assert spec_fragment({"openapi": "3.1.0", "type": "oauth2", "flows": {}}) is None
    assert spec_fragment({"type": "oauth2"}) is None  # no flows, no scopes
    assert spec_fragment({"a": {"type": "apiKey"}}) is None  # schemes, but none OAuth
