"""Format detection, loading sources and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from factory.errors import ExtractionError, FetchError
from factory.extract import detect_format, extract_document
from factory.extract.detect import MAX_DOCUMENT_BYTES, make_document
from factory.research.load import load_source

SPECS = Path(__file__).parent / "fixtures" / "specs"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("openapi3.json", "openapi"),
        ("openapi3.yaml", "openapi"),
        ("swagger2.json", "openapi"),
        ("basic_only.yaml", "openapi"),
        ("discovery.json", "google-discovery"),
        ("oidc.json", "oidc"),
        ("reddit_scopes.json", "json"),
        ("scope_list.json", "json"),
        ("sample.stone", "stone"),
    ],
)
def test_fixture_kinds_are_detected(name: str, kind: str) -> None:
    assert detect_format(load_source(str(SPECS / name))) == kind


@pytest.mark.parametrize(
    ("url", "media", "body", "kind"),
    [
        ("https://x.test/scopes", "", b'{"openapi": "3.0.0"}', "openapi"),
        ("https://x.test/spec", "application/yaml", b"swagger: '2.0'\n", "openapi"),
        ("https://x.test/spec", "", b"openapi: 3.1.0\ninfo: {}\n", "openapi"),
        ("https://x.test/d", "", b'{"kind": "discovery#restDescription"}', "google-discovery"),
        ("https://x.test/l", "application/json", b'[{"scope": "a"}]', "json"),
        ("https://x.test/page.md", "", b"# Scopes\n", "markdown"),
        ("https://x.test/page.mdx", "", b"import X from 'y'\n# Scopes\n", "markdown"),
        ("https://x.test/page", "text/markdown", b"| Scope |\n", "markdown"),
        ("https://x.test/page", "text/html; charset=utf-8", b"<p>hi</p>", "html"),
        ("https://x.test/page", "", b"<!DOCTYPE html><html><body></body></html>", "html"),
        ("https://x.test/api", "", b"namespace files\n\nroute get (A, B, C)\n", "stone"),
        ("https://x.test/llms.txt", "text/plain", b"Scopes: read, write\n", "markdown"),
    ],
)
def test_kinds_from_extension_media_type_and_content(
    url: str, media: str, body: bytes, kind: str
) -> None:
    assert detect_format(make_document(body, url, media_type=media)) == kind


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ('{"caf\u00e9": 1}'.encode("latin-1"), "not valid UTF-8"),
        (b'{"openapi": "3.0.0", "components": {"securitySchemes": {', "malformed JSON"),
        (b"openapi: 3.0.0\ncomponents:\n  securitySchemes: [unclosed\n", "malformed YAML"),
    ],
)
def test_bad_input_is_a_clear_extraction_error(body: bytes, reason: str) -> None:
    suffix = ".yaml" if body.startswith(b"openapi:") else ".json"
    doc = make_document(body, f"https://x.test/bad{suffix}")
    with pytest.raises(ExtractionError, match=reason):
        extract_document(doc)


def test_declared_charset_is_honoured() -> None:
    body = '{"user:read": "Lire le profil de l\u2019utilisateur \u00e9"}'.encode("utf-16")
    result = extract_document(make_document(body, "https://x.test/s.json"))
    assert result.scopes[0].description == "Lire le profil de l\u2019utilisateur \u00e9"


@pytest.mark.timeout(30)
def test_json_nested_100000_deep_is_refused_cleanly() -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(ExtractionError, match="nested too deeply"):
        extract_document(make_document(body, "https://x.test/deep.json"))


@pytest.mark.timeout(30)
def test_yaml_nested_deep_is_refused_cleanly() -> None:
    body = b"openapi: 3.0.0\nx: " + b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(ExtractionError, match=r"nesting depth|nested too deeply|levels deep"):
        extract_document(make_document(body, "https://x.test/deep.yaml"))


@pytest.mark.timeout(60)
def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.json"
    with big.open("wb") as out:
        out.write(b'{"openapi": "3.0.0", "x": "')
        out.write(b"a" * 50 * 1024 * 1024)
        out.write(b'"}')
    assert big.stat().st_size > MAX_DOCUMENT_BYTES
    with pytest.raises(ExtractionError, match="over the 30 MB size cap"):
        load_source(str(big))


def test_over_size_document_is_refused_by_extract() -> None:
    doc = make_document(b" " * (MAX_DOCUMENT_BYTES + 1), "https://x.test/huge.html")
    with pytest.raises(ExtractionError, match="size cap"):
        extract_document(doc)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read file"):
        load_source(str(tmp_path / "nope.json"))


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ExtractionError, match="unknown source kind"):
        extract_document(make_document(b"{}", "https://x.test/a.json"), "pdf")


def test_load_source_records_the_official_url() -> None:
    doc = load_source(str(SPECS / "openapi3.yaml"), source_url="https://music.test/schema")
    assert doc.url == doc.final_url == "https://music.test/schema"
    assert doc.media_type == "application/yaml"
    assert len(doc.sha256) == 64
    assert extract_document(doc).scopes[0].source_url == "https://music.test/schema"


def test_load_source_fetches_a_url_from_loopback(httpserver: HTTPServer) -> None:
    body = (SPECS / "oidc.json").read_bytes()
    httpserver.expect_request("/.well-known/openid-configuration").respond_with_data(
        body, content_type="application/json; charset=utf-8"
    )
    url = httpserver.url_for("/.well-known/openid-configuration")
    doc = load_source(url)
    assert (doc.status, doc.media_type, doc.encoding, doc.body) == (
        200,
        "application/json",
        "utf-8",
        body,
    )
    assert extract_document(doc).format == "oidc"


def test_load_source_http_error_is_a_fetch_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(FetchError) as info:
        load_source(httpserver.url_for("/gone"))
    assert info.value.status == 404


def test_load_source_unreachable_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="ConnectError"):
        load_source("http://127.0.0.1:9/scopes.json")


YAML_SPEC = """openapi: 3.0.0
info: {title: t, version: "1"}
paths: {}
components:
  securitySchemes:
    o:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: https://a.test/auth
          scopes:
            read: yes
            write: Write things.
"""


def test_yaml_scalars_keep_their_text() -> None:
    # YAML 1.2 reading: a description that says "yes" is the text "yes", not True.
    result = extract_document(make_document(YAML_SPEC.encode(), "https://x.test/s.yaml"))
    assert {s.scope_name: s.description for s in result.scopes} == {
        "read": "yes",
        "write": "Write things.",
    }


def test_yaml_with_duplicate_keys_still_reads() -> None:
    # The fast parser refuses duplicate keys; the PyYAML fallback reads them (last one wins).
    old, new = "write: Write things.\n", "write: Old.\n            write: Write things.\n"
    body = YAML_SPEC.replace(old, new)
    result = extract_document(make_document(body.encode(), "https://x.test/s.yaml"))
    assert [s.scope_name for s in result.scopes] == ["read", "write"]
    assert result.scopes[1].description == "Write things."


def test_yaml_alias_bomb_is_bounded() -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        levels.append(f"a{i}: &a{i} [{refs}]")
    # 9**9 (387 million) strings if expanded: refused, naming the document, since any walk
    # over it (the prose walk of a spec without scopes) would expand it
    body = YAML_SPEC + "x-bomb:\n" + "\n".join("  " + line for line in levels) + "\n"
    body += "x-use: *a8\n"
    with pytest.raises(ExtractionError, match=r"bomb\.yaml: refused: aliases expand"):
        extract_document(make_document(body.encode(), "https://x.test/bomb.yaml"))


def test_text_that_only_starts_like_json_falls_back_with_a_warning() -> None:
    body = (
        b"{{-- a template comment --}}\n<table><tr><th>Scope</th><th>Description</th></tr>"
        b"<tr><td><code>items:read</code></td><td>Read items.</td></tr></table>\n"
    )
    result = extract_document(make_document(body, "https://x.test/scopes.blade.php"))
    assert [s.scope_name for s in result.scopes] == ["items:read"]
    assert any("starts like JSON but is not" in w for w in result.warnings)


def test_declared_json_that_is_not_json_is_still_malformed() -> None:
    doc = make_document(b"{{-- not json --}}", "https://x.test/scopes.json")
    with pytest.raises(ExtractionError, match="malformed JSON"):
        extract_document(doc)


@pytest.mark.parametrize("name", ["openapi3.json", "discovery.json"])
def test_a_json_spec_is_parsed_once(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    import factory.extract.detect as detect

    calls: list[int] = []
    real = detect.json.loads
    monkeypatch.setattr(detect.json, "loads", lambda s: calls.append(1) or real(s))
    body = (SPECS / name).read_bytes()
    extract_document(make_document(body, "https://x.test/spec"))
    assert calls == [1]
