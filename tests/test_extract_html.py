"""HTML extraction: scope tables, lists, scope headings, JSON blobs, shells and bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from factory.errors import ExtractionError
from factory.extract import get_extractor
from factory.extract.html import extract_from_html_text, extract_html
from factory.models import Document, ExtractionResult, ScopeRecord

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _doc(body: bytes, url: str = "https://docs.example.test/scopes", **kw: object) -> Document:
    return Document(url, url, 200, "text/html", "0" * 64, body, "2026-01-01T00:00:00Z", **kw)  # type: ignore[arg-type]


def _run(name: str) -> ExtractionResult:
    return extract_html(_doc((FIXTURES / name).read_bytes(), f"https://docs.example.test/{name}"))


def _by_name(result: ExtractionResult) -> dict[str, list[ScopeRecord]]:
    out: dict[str, list[ScopeRecord]] = {}
    for record in result.scopes:
        out.setdefault(record.scope_name, []).append(record)
    return out


def test_registered_as_html() -> None:
    assert get_extractor("html") is extract_html


def test_scope_table_columns_anywhere_with_rowspan_kind_and_status() -> None:
    result = _run("scope_table.html")
    names = [r.scope_name for r in result.scopes]
    assert names == [
        "Files.Read", "Files.ReadWrite", "Mail.Read", "Mail.ReadBasic", "w_member_social",
        "basic", "read_stream", "publish_stream",
    ]  # fmt: skip
    first = result.scopes[0]
    assert first == ScopeRecord(
        "Files.Read", "Read files.", "current", "delegated", "Permissions",
        "https://docs.example.test/scope_table.html", "table 1 row 1",
    )  # fmt: skip
    by = _by_name(result)
    assert by["Files.ReadWrite"][0].version == "deprecated"
    assert by["Files.ReadWrite"][0].kind == "application"
    # one description cell spanning two rows describes both rows' scopes
    assert by["w_member_social"][0].description == "Read all mail."
    assert by["Mail.ReadBasic"][0].description == "Read all mail."


def test_legacy_heading_colspan_and_several_scopes_per_cell() -> None:
    by = _by_name(_run("scope_table.html"))
    assert by["basic"][0].description == "Your public profile."
    assert by["basic"][0].version == "legacy"
    assert by["read_stream"][0].locator == by["publish_stream"][0].locator == "table 2 row 2"


def test_endpoint_error_and_parameter_tables_yield_nothing() -> None:
    names = set(_by_name(_run("scope_table.html")))
    assert not names & {"invalid_scope", "client_id", "scope", "/v1/files", "GET", "(no scope)"}
    assert len(_by_name(_run("scope_table.html"))["Files.Read"]) == 1


def test_auth_finding_from_prose() -> None:
    result = _run("scope_table.html")
    assert [a.method for a in result.auth] == ["oauth2"]
    assert "OAuth 2.0" in result.auth[0].evidence


def test_lists_definition_lists_and_scope_headings() -> None:
    result = _run("lists_and_headings.html")
    got = [(r.scope_name, r.description, r.version, r.locator) for r in result.scopes]
    assert got == [
        ("profile", "Read the user's profile.", None, "list 1 item 1"),
        ("email", "Read the user's primary email.", None, "list 1 item 2"),
        ("offline_access", None, "beta", "list 1 item 3"),
        ("admin:read", "Read admin settings.", None, "definition list 2 item 1"),
        ("admin:write", "Change admin settings.", None, "definition list 2 item 2"),
        ("repo", "Full access to repositories.", None, "heading h3#repo"),
        ("gist", "Write access to gists.", None, "heading h3#gist"),
    ]
    assert result.scopes[-1].section == "Scope reference"


def test_next_data_json_is_searched() -> None:
    result = _run("next_data.html")
    assert [(r.scope_name, r.description) for r in result.scopes] == [
        ("video.list", "Read a user's public videos."),
        ("user.info.basic", "Read profile info."),
    ]
    assert result.scopes[0].locator == "script 1 /props/pageProps/doc/scopes/0"
    assert result.warnings == ()


def test_javascript_shell_is_reported() -> None:
    result = _run("js_shell.html")
    assert result.scopes == ()
    assert any("JavaScript shell" in w for w in result.warnings)


@pytest.mark.parametrize("body", [b"", b"   \n\t "])
def test_empty_document_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(ExtractionError, match="empty"):
        extract_html(_doc(body))


def test_binary_document_is_a_clear_error() -> None:
    with pytest.raises(ExtractionError, match="binary"):
        extract_html(_doc(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_unknown_charset_falls_back_with_a_warning() -> None:
    html = b"<h2>Scopes</h2><ul><li><code>read</code> - Lire tout.</li></ul>"
    result = extract_html(_doc(html, encoding="no-such-charset"))
    assert any("charset" in w for w in result.warnings)
    assert [r.scope_name for r in result.scopes] == ["read"]


def test_wrong_encoding_is_flagged() -> None:
    body = ("<p>" + "é" * 500 + "</p>").encode("latin-1")
    result = extract_html(_doc(body, encoding="utf-8"))
    assert any("could not be decoded" in w for w in result.warnings)


def test_deeply_nested_markup_does_not_crash() -> None:
    html = "<div>" * 5000 + "<h2>Scopes</h2><ul><li><code>deep</code></li></ul>" + "</div>" * 5000
    result = extract_from_html_text(html)
    assert [r.scope_name for r in result.scopes] == ["deep"]


def test_ten_thousand_row_table_is_fast() -> None:
    rows = "".join(
        f"<tr><td><code>res{i}:read</code></td><td>Read resource {i}.</td></tr>"
        for i in range(10_000)
    )
    html = f"<h2>Scopes</h2><table><tr><th>Scope</th><th>Description</th></tr>{rows}</table>"
    start = time.process_time()
    result = extract_from_html_text(html)
    elapsed = time.process_time() - start
    assert len(result.scopes) == 10_000
    assert result.scopes[-1].locator == "table 1 row 10000"
    assert elapsed < 10  # a couple of seconds on an idle machine; generous for shared CI


def test_per_kind_tables_permission_type_column_and_requirement_tables() -> None:
    result = _run("per_kind_permissions.html")
    rows = [(r.scope_name, r.kind, r.description) for r in result.scopes]
    assert rows == [
        ("Profile.Read", "delegated", "Lets people sign in and lets the app read their profile."),
        ("Profile.Read.All", "application",
         "Lets the app read every profile without a signed-in user."),
        ("Profile.Read.All", "delegated",
         "Lets the app read every profile on behalf of the signed-in user."),
        ("Vault.Selected", "application", "Open chosen vaults."),
        ("Vault.Selected", "delegated", "Open chosen vaults for you."),
    ]  # fmt: skip
    assert result.scopes[0].locator == "heading h3#profileread delegated"
    assert "Application" not in _by_name(result)


def test_vertical_property_tables_give_one_scope_each() -> None:
    result = _run("property_tables.html")
    rows = [(r.scope_name, r.description, r.version, r.locator) for r in result.scopes]
    assert rows == [
        ("crates_view", "View every crate in the warehouse", None, "table 1 row 1"),
        ("crates_move", "Move crates between shelves", None, "table 2 row 1"),
        ("audit_read", "Read the audit trail of every shelf.", "preview", "table 3 row 1"),
    ]
    assert result.scopes[2].section == "Standard scopes > Audit trail"
    # Neither the GUID identifier row nor the package card's "Identifier" becomes a scope.
    assert "crate-storage" not in _by_name(result)


def test_ambiguous_property_label_needs_scope_context() -> None:
    table = (
        "<table><tr><td>Permission</td><td><code>files.write</code></td></tr>"
        "<tr><td>Description</td><td>Owner may write, others read.</td></tr></table>"
    )
    plain = f"<title>File modes</title><h2>Default mode</h2>{table}"
    assert extract_from_html_text(plain).scopes == ()
    scoped = f"<title>OAuth scopes</title><h2>Scopes</h2>{table}"
    assert [r.scope_name for r in extract_from_html_text(scoped).scopes] == ["files.write"]
    strong = "<h2>Moving</h2><table><tr><th>OAuth Scope</th><td><code>move</code></td></tr></table>"
    assert [r.scope_name for r in extract_from_html_text(strong).scopes] == ["move"]


def test_html_over_the_size_cap_is_refused_before_parsing() -> None:
    from factory.errors import ExtractionError
    from factory.extract import extract_document
    from factory.extract.detect import MAX_DOCUMENT_BYTES, make_document

    body = b"<html><body><table>" + b"<tr><td>x</td></tr>" * (MAX_DOCUMENT_BYTES // 18 + 1)
    with pytest.raises(ExtractionError, match="size cap"):
        extract_document(make_document(body, "https://x.test/huge.html"), "html")


def test_header_cells_written_without_a_row_element_still_head_the_table() -> None:
    # "<thead><td>..</td></thead>" with no <tr>: a browser makes it a header row; lxml keeps
    # no row there, so the table used to lose its header and then every scope.
    page = (
        b"<html><body><h2>Scopes</h2><table><thead><td>Scope</td><td>Description</td></thead>"
        b"<tr><td>hive:read</td><td>Look at the hives.</td></tr>"
        b"<tr><td>hive:write</td><td>Move the hives.</td></tr></table></body></html>"
    )
    result = extract_html(_doc(page))
    assert {r.scope_name: r.description for r in result.scopes} == {
        "hive:read": "Look at the hives.",
        "hive:write": "Move the hives.",
    }


def test_grid_rows_skip_nested_tables_and_keep_rows_under_wrappers() -> None:
    from bs4 import BeautifulSoup

    from factory.extract.html_tables import build_grid

    table = BeautifulSoup(
        "<table><thead><th>Scope</th><th>Description</th></thead>"
        "<tbody><tr><td>hive:read</td><td><table><tr><td>inner</td></tr></table></td></tr>"
        "<form><tr><td>hive:write</td><td>Move.</td></tr></form></tbody></table>",
        "html.parser",
    ).table
    assert table is not None
    grid = build_grid(table)
    assert [row[0].tag.get_text() if row[0] else None for row in grid] == [
        "Scope", "hive:read", "hive:write",
    ]  # fmt: skip
