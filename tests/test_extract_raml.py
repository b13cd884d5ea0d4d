"""RAML: OAuth 2.0 scopes of security schemes and securedBy, in 0.8, 1.0 and fragments."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.cli import main
from factory.errors import ExtractionError
from factory.extract import detect_format, extract_document
from factory.extract.detect import make_document
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures" / "raml"


def _extract(name: str, url: str = "https://docs.orchard.example/api") -> ExtractionResult:
    return extract_document(make_document((FIXTURES / name).read_bytes(), url))


def test_the_header_line_names_the_format_whatever_the_address() -> None:
    body = (FIXTURES / "orchard_api.raml").read_bytes()
    assert detect_format(make_document(body, "https://docs.orchard.example/api")) == "raml"
    assert detect_format(make_document(body, "https://docs.orchard.example/api.raml")) == "raml"


def test_scheme_scopes_then_scopes_only_securedby_asks_for_with_a_warning() -> None:
    result = _extract("orchard_api.raml")
    names = [r.scope_name for r in result.scopes]
    assert names == [
        "trees:read", "trees:write", "harvest:{season}", "pruning:schedule", "fruit:discard",
    ]  # fmt: skip
    first = result.scopes[0]
    assert first.description is None
    assert first.locator == "/securitySchemes/orchard_oauth/settings/scopes/0"
    assert first.section == "securitySchemes > orchard_oauth"
    pruning = result.scopes[3]
    assert pruning.locator == "/~1trees/post/securedBy/0/orchard_oauth/scopes/1"
    warnings = " | ".join(result.warnings)
    assert "2 scope(s) are asked for in securedBy but declared by no security scheme" in warnings
    assert "pruning:schedule, fruit:discard" in warnings
    assert "security scheme 'shared' is defined in another file (schemes/shared.raml)" in warnings
    assert "no descriptions" in warnings
    assert {a.method for a in result.auth} == {"oauth2", "basic"}


def test_raml_08_list_of_schemes_and_a_bad_entry_named() -> None:
    result = _extract("orchard_08.raml")
    assert [r.scope_name for r in result.scopes] == ["baskets", "ladders"]
    assert result.scopes[1].locator == "/securitySchemes/0/oauth_2_0/settings/scopes/1"
    assert any("securitySchemes[1] is not a scheme: 'bogus'" in w for w in result.warnings)


def test_a_securityscheme_fragment_is_the_scheme_itself() -> None:
    result = _extract("orchard_scheme.raml")
    assert [r.scope_name for r in result.scopes] == [
        "view_trees:{orchardKey}", "manage_trees:{orchardKey}",
    ]  # fmt: skip
    assert result.scopes[0].locator == "/settings/scopes/0"
    assert any("/settings/scopes/2 is not a scope name: 42" in w for w in result.warnings)
    assert "this SecurityScheme fragment" in result.auth[0].evidence


def test_an_api_without_oauth_states_its_auth_and_no_scopes() -> None:
    result = _extract("orchard_basic.raml")
    assert result.scopes == ()
    assert [a.method for a in result.auth] == ["basic"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"#%RAML 1.0\ntitle: [unclosed\n", "malformed YAML"),
        (b"#%RAML 1.0\n- a\n- b\n", "not a RAML document"),
    ],
)
def test_broken_raml_is_one_clear_error(body: bytes, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract_document(make_document(body, "https://docs.orchard.example/api.raml"))


def test_cli_reads_a_raml_file_and_fails_on_a_broken_one_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ok:
        main(["extract", str(FIXTURES / "orchard_08.raml"), "--json"])
    assert ok.value.code in (0, None)
    assert '"format": "raml"' in capsys.readouterr().out
    broken = tmp_path / "broken.raml"
    broken.write_text("#%RAML 1.0\ntitle: [unclosed\n")
    with pytest.raises(SystemExit) as bad:
        main(["extract", str(broken)])
    out, err = capsys.readouterr()
    assert bad.value.code == 1
    assert "Traceback" not in out + err
    assert "malformed YAML" in err


def test_the_second_reader_reads_raml_as_data_and_confirms_every_scope() -> None:
    from factory.extract.candidates import harvest, segments_of
    from factory.extract.detect import parse_structured

    doc = make_document((FIXTURES / "orchard_api.raml").read_bytes(), "https://x.example/api")
    alone, _ = harvest(segments_of(doc, "raml", parse_structured), [])
    assert {c.scope_name for c in alone} == {
        "trees:read", "trees:write", "harvest:{season}", "pruning:schedule", "fruit:discard",
    }  # fmt: skip
    result = extract_document(doc)
    assert result.candidates == ()
    assert result.unconfirmed == ()


def test_scopes_asked_of_a_library_scheme_state_oauth2_and_name_the_library() -> None:
    result = _extract("orchard_library.raml")
    assert [(r.scope_name, r.description) for r in result.scopes] == [
        ("read:ledger", None),  # RAML states no descriptions for scopes
        ("write:ledger", None),
    ]
    (finding,) = result.auth
    assert finding.method == "oauth2"
    assert "'sec.oauth_2_0'" in finding.evidence
    assert "https://docs.orchard.example/common/securitySchemes.raml" in finding.evidence
    assert finding.locator == "/~1ledgers~1{id}/get/securedBy/0/sec.oauth_2_0"


def test_a_scheme_the_file_defines_gives_no_second_finding() -> None:
    methods = [a.method for a in _extract("orchard_api.raml").auth]
    assert methods.count("oauth2") == 1
