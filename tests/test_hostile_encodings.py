"""Byte-order marks are honoured at every door; a body that decodes to nothing readable says so."""

from __future__ import annotations

import codecs

import pytest
from pytest_httpserver import HTTPServer

from factory.errors import ExtractionError
from factory.extract.detect import extract_document, make_document
from factory.models import bom_encoding
from factory.research.fetch import FetchRequest, detect_encoding, fetch_documents

PAGE = (
    "<html><body><h1>OAuth scopes</h1><table><tr><th>Scope</th><th>Description</th></tr>"
    "<tr><td><code>ads.read</code></td><td>Lire les annonces \u00e9t\u00e9.</td></tr>"
    "</table></body></html>"
)
MARKDOWN = "# Scopes\n\n| Scope | Description |\n|---|---|\n| `ads.read` | Lire \u00e9t\u00e9. |\n"
BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def with_bom(text: str, codec: str) -> bytes:
    return BOMS[codec] + text.encode(codec)


@pytest.mark.parametrize("codec", sorted(BOMS))
def test_bom_names_the_encoding(codec: str) -> None:
    assert bom_encoding(with_bom("x", codec)) is not None
    assert with_bom("x", codec).decode(bom_encoding(with_bom("x", codec)) or "") == "x"
    assert detect_encoding(with_bom(PAGE, codec), "text/html") == bom_encoding(with_bom("", codec))


@pytest.mark.parametrize("codec", sorted(BOMS))
@pytest.mark.parametrize(("text", "url"), [(PAGE, "https://a.example/s"), (MARKDOWN, "s.md")])
def test_a_bom_without_charset_is_read(codec: str, text: str, url: str) -> None:
    result = extract_document(make_document(with_bom(text, codec), url))
    assert [(r.scope_name, r.description) for r in result.scopes] == [
        (
            "ads.read",
            text.split("<td>")[-1].split("</td>")[0] if "<td>" in text else "Lire \u00e9t\u00e9.",
        )
    ]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-32-be"])
def test_a_bom_wins_over_a_wrong_charset_header(httpserver: HTTPServer, codec: str) -> None:
    httpserver.expect_request("/s").respond_with_data(
        with_bom(PAGE, codec), content_type="text/html; charset=iso-8859-1"
    )
    (doc,) = fetch_documents([FetchRequest(httpserver.url_for("/s"), trusted=True)]).documents
    assert [r.scope_name for r in extract_document(doc).scopes] == ["ads.read"]


def test_served_utf16_with_a_bom_and_no_charset(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/s").respond_with_data(
        with_bom(PAGE, "utf-16-le"), content_type="text/html"
    )
    (doc,) = fetch_documents([FetchRequest(httpserver.url_for("/s"), trusted=True)]).documents
    assert doc.text().startswith("<html>")
    assert [r.scope_name for r in extract_document(doc).scopes] == ["ads.read"]


def test_utf16_without_a_bom_says_so() -> None:
    doc = make_document(PAGE.encode("utf-16-le"), "https://a.example/s")
    with pytest.raises(ExtractionError, match="UTF-16"):
        extract_document(doc)
