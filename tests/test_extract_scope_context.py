"""Scope context: weak blocks on pages that are not scope references yield no scopes.

Each ``nonscope_*`` fixture reproduces a structure that used to give false scopes on
ordinary documentation (a ``<code>x</code>: text`` glossary, a heading per lint, a
"Name | Value" config table, a function named ``scope``, a CLI flag's "valid scopes", a
file table on a page whose only "permission" is its license, the parameter list of a
``has(scope[, reference])`` signature); each ``scoped_*`` twin puts the same structure under
scope context and must still extract.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factory.extract.html import extract_from_html_text, extract_html
from factory.extract.html_walk import page_title
from factory.extract.markdown import extract_markdown_text
from factory.extract.markdown_pre import preprocess_markdown
from factory.extract.text import mentions_access, mentions_scopes
from factory.models import Document, ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures"


def _html(name: str) -> ExtractionResult:
    url = f"https://docs.example.test/{name}"
    body = (FIXTURES / "html" / name).read_bytes()
    return extract_html(Document(url, url, 200, "text/html", "0" * 64, body, "2026-01-01T00:00Z"))


def _markdown(name: str) -> ExtractionResult:
    return extract_markdown_text((FIXTURES / "markdown" / name).read_text(encoding="utf-8"))


def _names(result: ExtractionResult) -> list[str]:
    return [record.scope_name for record in result.scopes]


@pytest.mark.parametrize(
    "name",
    [
        "nonscope_glossary.html",
        "nonscope_lint_listing.html",
        "nonscope_config_table.html",
        "nonscope_function_scope.html",
        "nonscope_license_table.html",
    ],
)
def test_html_pages_that_are_not_scope_references_yield_no_scopes(name: str) -> None:
    result = _html(name)
    assert result.scopes == ()
    assert result.warnings == ()  # a real page with content, not a shell or a failure


@pytest.mark.parametrize(
    "name",
    [
        "nonscope_glossary.md",
        "nonscope_lint_listing.md",
        "nonscope_config_table.md",
        "nonscope_cli_flag.md",
        "nonscope_signature_params.md",
    ],
)
def test_markdown_pages_that_are_not_scope_references_yield_no_scopes(name: str) -> None:
    assert _markdown(name).scopes == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scoped_glossary.html", ["files:read", "files:write", "admin", "audit"]),
        ("scoped_headings.html", ["read-projects", "write-projects", "offline-access"]),
        ("scoped_config_table.html", ["read_api", "write_repository", "org:read", "org:admin"]),
    ],
)
def test_html_twins_under_scope_context_still_extract(name: str, expected: list[str]) -> None:
    assert _names(_html(name)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scoped_glossary.md", ["profile", "email"]),
        ("scoped_headings.md", ["read", "write", "admin:read", "admin:write"]),
        ("scoped_config_table.md", ["read_api", "write_repository", "org:read", "org:admin"]),
        ("scoped_cli_flag.md", ["repo", "gist", "user:email"]),
        ("scoped_signature_params.md", ["fs", "fs.read", "child"]),
    ],
)
def test_markdown_twins_under_scope_context_still_extract(name: str, expected: list[str]) -> None:
    assert _names(_markdown(name)) == expected


def test_twin_records_keep_descriptions_and_sections() -> None:
    glossary = _html("scoped_glossary.html").scopes
    assert glossary[0].description == "Read the files a user owns."
    assert glossary[2].section == "Admin permissions"
    headings = _markdown("scoped_headings.md").scopes
    assert headings[0].description == "Read everything the user can see."
    assert headings[0].section == "List of high-level scopes"


def test_front_matter_title_is_list_context() -> None:
    # The heading "Available values" says nothing; the title "OAuth scopes" does.
    assert preprocess_markdown(_markdown_text("scoped_glossary.md")).title == "OAuth scopes"
    untitled = _markdown_text("scoped_glossary.md").split("---", 2)[2]
    assert extract_markdown_text(untitled).scopes == ()


def _markdown_text(name: str) -> str:
    return (FIXTURES / "markdown" / name).read_text(encoding="utf-8")


def test_heading_scope_context_comes_from_parents_not_siblings() -> None:
    sibling = "<h2>Scopes</h2><p>All scopes.</p><h2>read-all</h2><p>Read everything.</p>"
    parent = "<h2>Scopes</h2><p>All scopes.</p><h3>read-all</h3><p>Read everything.</p>"
    assert extract_from_html_text(sibling).scopes == ()
    assert _names(extract_from_html_text(parent)) == ["read-all"]


def test_strong_scope_header_needs_no_context() -> None:
    html = (
        "<html><head><title>Release notes</title></head><body><h2>Changes</h2>"
        "<table><tr><th>Scope</th><th>Description</th></tr>"
        "<tr><td><code>build:run</code></td><td>Run builds.</td></tr></table></body></html>"
    )
    assert _names(extract_from_html_text(html)) == ["build:run"]


@pytest.mark.parametrize(
    "text",
    [
        "OAuth Scopes",
        "Permissions & Scopes",
        "Gitea token scopes are as follows:",
        "Set the scope parameter to a space-separated list.",
        "This scope grants read access.",
        "fine-grained permissions instead of scopes",
    ],
)
def test_access_control_uses_of_scope_words_count(text: str) -> None:
    assert mentions_scopes(text)


@pytest.mark.parametrize(
    "text",
    [
        "constants which can be declared in any scope including global",
        "capture all lifetimes in scope, rather than just some",
        "dropped at the end of the scope.",
        "--remap-path-scope",
        "inherent-impl-lint-scope Affected lints:",
        "the lexical scope of a closure",
        "Function scope",
        "(and unstable scopes)",
        "Unix file permissions",
        "Permission to use, copy, modify, and distribute this software",
        "the above copyright notice and this permission notice appear in all copies",
        "without specific, written prior permission.",
        "",
    ],
)
def test_programming_uses_of_scope_words_do_not_count(text: str) -> None:
    assert not mentions_scopes(text)


def test_access_vocabulary() -> None:
    assert mentions_access("Send the access token in the header")
    assert mentions_access("OAuth 2.0 authorization code flow")
    assert not mentions_access("Defines which scopes of paths are remapped.")
    assert not mentions_access(None)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("scope in std::thread - Rust", "- Rust"),
        ("Scope in std::thread - Rust", "- Rust"),
        ("scope()", ""),
        ("OAuth scopes - Example", "OAuth scopes - Example"),
        ("Scopes in Example Cloud", "Scopes in Example Cloud"),
    ],
)
def test_page_title_drops_an_api_item_name(title: str, expected: str) -> None:
    soup = BeautifulSoup(f"<html><head><title>{title}</title></head></html>", "lxml")
    assert page_title(soup) == expected
