"""Doc-page layout families (issue 9): each fixture is an invented page showing one family."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.extract.html import extract_from_html_text
from factory.extract.markdown import extract_markdown_text, join_broken_rows
from factory.extract.text import clean_scope_token, looks_like_scope, version_marker
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures" / "markdown" / "families"
URL = "https://docs.example.test/scopes"


def _extract(name: str) -> ExtractionResult:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_markdown_text(text, source_url=URL)


def _rows(result: ExtractionResult) -> list[tuple[str, str | None, str | None]]:
    return [(r.scope_name, r.description, r.version) for r in result.scopes]


def _warned(result: ExtractionResult, *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in result.warnings)


def test_scope_column_is_chosen_by_content_not_by_the_header_word() -> None:
    result = _extract("column_by_content.md")
    fleet = [r for r in result.scopes if r.locator and r.locator.startswith("table 1 ")]
    assert [(r.scope_name, r.description) for r in fleet] == [
        ("vehicles.read", "See the vehicles of the fleet."),
        ("vehicles.write", "Add and retire vehicles."),
        ("drivers.read", "See the drivers and their licences."),
        ("drivers.write", "Invite and remove drivers."),
        ("routes.read", "See planned routes."),
        ("routes.admin", "Publish and delete routes."),
    ]
    assert _warned(result, "table 1", "'permission'", "'parameter'")


def test_without_a_description_column_descriptions_are_empty() -> None:
    result = _extract("column_by_content.md")
    addons = [r for r in result.scopes if r.scope_name.startswith("addons.")]
    # "Access type" and "Product" are the record's kind or nothing, never its description.
    assert [(r.scope_name, r.description, r.kind) for r in addons] == [
        ("addons.fuel", None, "read"),
        ("addons.tolls", None, "read"),
        ("addons.parking:write", None, "write"),
    ]


def test_rows_collapsing_onto_few_names_are_warned_never_silent() -> None:
    result = _extract("column_by_content.md")
    legacy = [r.scope_name for r in result.scopes if r.locator and r.locator.startswith("table 3")]
    assert sorted(set(legacy)) == ["read", "write"] and len(legacy) == 5
    assert _warned(result, "table 3", "5 rows collapse onto 2 scope names")


def test_scopes_named_only_in_prose_are_read_with_a_warning() -> None:
    result = _extract("prose_only.md")
    assert _rows(result) == [
        ("basic", None, None),
        ("write", None, None),
        ("offline_access", None, None),
    ]  # not `Authorization`/`state` (lone tokens), not `everything`/`root` (negated)
    assert _warned(result, "prose enumerations", "basic, write, offline_access")


def test_enumeration_inside_a_parameter_description_is_a_scope_list() -> None:
    result = _extract("prose_parameter.md")
    assert [r.scope_name for r in result.scopes] == ["read", "write", "read_write"]
    assert all(r.description is None for r in result.scopes)
    assert result.scopes[0].locator == "table 1 row 3"
    assert _warned(result, "prose enumerations")


def test_prose_enumerations_yield_nothing_when_the_page_lists_its_scopes() -> None:
    html = (
        "<title>OAuth scopes</title><h2>Scopes</h2><table><tr><th>Scope</th>"
        "<th>Description</th></tr><tr><td><code>a.read</code></td><td>Read a.</td></tr></table>"
        "<p>Most apps request the <code>a.read</code> and <code>b.write</code> scopes.</p>"
    )
    result = extract_from_html_text(html, URL)
    assert [r.scope_name for r in result.scopes] == ["a.read"]
    assert not _warned(result, "prose")


def test_a_sentence_defining_one_scope_gives_it_with_the_paragraph_as_description() -> None:
    result = _extract("prose_definition.md")
    assert _rows(result) == [
        (
            "kestrel",
            "The special kestrel scope is required in every session. It works like the openid "
            "scope: it says the client follows this profile.",
            None,
        ),
        (
            "bridge:full",
            "the account rights of the old password login.",
            "deprecated (to be removed)",
        ),
        ("bridge:mail", "the account's mail address.", "deprecated (to be removed)"),
    ]  # `openid` is only compared to, `example` is "not a real scope": neither is returned
    assert _warned(result, "defines them", "kestrel")


def test_deprecation_said_in_words_annotates_the_version() -> None:
    result = _extract("deprecation_words.md")
    versions = {r.scope_name: r.version for r in result.scopes}
    assert versions == {
        "ledger.read": None,
        "ledger.sync": "deprecated (obsolete)",
        "ledger.push": "deprecated",
        "ledger.export": "deprecated",
        "ledger.print": "deprecated (no longer supported)",
        "ledger.audit": None,  # names another deprecated scope: says nothing about itself
        "move:all": "transitional",
        "move:mail": "transitional",
    }


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Read files (OBSOLETE)", "deprecated (obsolete)"),
        ("Legacy. Read files.", "legacy"),
        ("It is no longer supported.", "deprecated (no longer supported)"),
        ("This permission has been deprecated.", "deprecated"),
        ("Read files. See the deprecated list for older names.", None),
    ],
)
def test_version_marker_reads_deprecation_words(text: str, label: str | None) -> None:
    assert version_marker(text) == label


def test_rows_broken_over_lines_are_one_row_and_later_rows_survive() -> None:
    result = _extract("broken_rows.md")
    assert _rows(result) == [
        ("orders.read", "Lets the app: list orders read an order's lines", None),
        ("orders.write", "Create and cancel orders.", None),
        ("stock.read", "Read stock levels: per warehouse per bin", None),
        ("stock.write", "Move stock.", None),
    ]


def test_join_broken_rows_leaves_closed_rows_and_code_fences_alone() -> None:
    text = "| a | b |\n| - | - |\n| x | y |\n\n```\n| open\n- item |\n```\n"
    assert join_broken_rows(text) == (text, 0)


def test_doc_platform_markup_does_not_break_tables_lists_or_headings() -> None:
    result = _extract("platform_markup.md")
    assert _rows(result) == [
        ("nest.read", "Read nests.", None),
        ("nest.write", "Build and move nests.", None),
        ("egg.count", "Count eggs.", None),
        # the bullet index is not a second record: each scope has its own heading
        ("flight", "Lets the app start and track flights.", None),
        ("migration:plan", "Lets the app plan seasonal migrations.", None),
        ("plumage:read", "read plumage colours.", None),
        ("plumage:write", "repaint plumage.", None),
    ]


def test_scope_templates_and_wildcards_are_scopes_as_written() -> None:
    result = _extract("scope_templates.md")
    assert [r.scope_name for r in result.scopes] == [
        "urn:osprey:project:{projectid}:aud",
        "role:<cluster-role name>:<namespace>",
        "urn:osprey:device:[device id]",
        "urn:osprey:api:*",
        "files.*.read",
        "( client-id )",
    ]  # `<scope>` alone is a placeholder of the grammar


@pytest.mark.parametrize(
    ("token", "ok"),
    [
        ("identity[email]", True),
        ("repo:*", True),
        ("*", False),
        ("a*b", False),
        ("{scope}", False),
        ("( client-id )", True),
        ("(beta)", False),
        ("read (beta)", False),
    ],
)
def test_looks_like_scope_on_templates(token: str, ok: bool) -> None:
    assert looks_like_scope(token) is ok


def test_footnote_marks_go_but_placeholders_and_wildcards_stay() -> None:
    assert clean_scope_token("user.read[1]") == "user.read"
    assert clean_scope_token("email*") == "email"
    assert clean_scope_token("files[id]") == "files[id]"
    assert clean_scope_token("urn:x:*") == "urn:x:*"


def test_look_alike_tables_are_skipped_with_a_warning() -> None:
    result = _extract("lookalike_tables.md")
    assert [r.scope_name for r in result.scopes] == ["openid", "plover.profile"]
    assert _warned(result, "table 2", "look-alike", "ID token claims")
    assert _warned(result, "table 3", "look-alike", "Webhook events")


def test_unresolved_docfx_include_is_warned() -> None:
    result = _extract("docfx_include.md")
    assert [r.scope_name for r in result.scopes] == ["Tern.Read"]
    assert _warned(result, "include(s) left unresolved", "tern-permissions.md")
    assert not any("INCLUDE" in (r.description or "") for r in result.scopes)


def test_markdown_behind_an_html_address_is_read_as_markdown() -> None:
    body = (FIXTURES / "scope_templates.md").read_bytes()
    doc = make_document(body, "https://docs.example.test/scopes.html", media_type="text/html")
    result = extract_document(doc)
    assert result.format == "markdown"
    assert len(result.scopes) == 6
    assert _warned(result, "holds Markdown")


def test_bold_lead_tokens_in_a_scope_list_are_scopes_but_bold_words_are_not() -> None:
    result = _extract("bold_items.md")
    assert _rows(result) == [
        ("nests", "See the user's nests and their locations.", None),
        ("chirp.write", "Post chirps for the user.", None),
        ("roost", "Change where the user roosts.", None),
    ]  # "**Note**" and "**Important**" are emphasis, not scopes
    assert _warned(result, "include(s) left unresolved", "more-scopes.md")


def test_a_name_value_enumeration_gives_the_values_not_the_constant_names() -> None:
    result = _extract("enum_name_value.md")
    assert [r.scope_name for r in result.scopes] == ["openid", "nests:read", "nests:write"]


def test_headerless_table_takes_a_prose_column_as_description_never_a_label_column() -> None:
    html = (
        "<title>Scopes</title><h2>Scopes</h2><p>Each scope an app may request:</p><table>"
        "<tr><td><code>docs.read</code></td><td>Docs</td><td>Read every document.</td></tr>"
        "<tr><td><code>docs.share</code></td><td>Docs</td><td>Share documents with others.</td>"
        "</tr></table><table><tr><td><code>wiki.read</code></td><td>Wiki</td><td>Pro</td></tr>"
        "</table>"
    )
    result = extract_from_html_text(html, URL)
    assert [(r.scope_name, r.description) for r in result.scopes] == [
        ("docs.read", "Read every document."),
        ("docs.share", "Share documents with others."),
        ("wiki.read", None),
    ]


def test_a_scope_page_whose_scopes_are_not_read_is_warned_not_silent() -> None:
    result = _extract("unread_layout.md")
    # "CI/CD" is a heading, not a scope; counter-examples in a list are not scopes.
    assert result.scopes == ()
    assert _warned(result, "speaks of scopes", "Token scopes")
