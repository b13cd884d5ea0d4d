"""Markdown/MDX extraction: Liquid conditions and includes, Hugo shortcodes, MDX components."""

from __future__ import annotations

import time
from pathlib import Path

from factory.extract import get_extractor
from factory.extract.markdown import (
    extract_markdown,
    extract_markdown_text,
    render_markdown,
    repair_table_delimiters,
)
from factory.models import Document, ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _rows(result: ExtractionResult) -> list[tuple[str, str | None, str | None]]:
    return [(r.scope_name, r.description, r.version) for r in result.scopes]


def test_registered_for_markdown_and_mdx() -> None:
    assert get_extractor("markdown") is extract_markdown
    assert get_extractor("mdx") is extract_markdown


def test_liquid_conditions_become_versions_and_inline_liquid_stays_verbatim() -> None:
    result = extract_markdown_text(_text("liquid.md"), source_url="https://docs.example.test/s")
    assert _rows(result) == [
        ("site_admin", "Administer {% data variables.product.server %}.", "ifversion ghes"),
        ("repo", "Access public{% ifversion ghec %}, internal,{% endif %} and private "
         "repositories.", None),
        ("repo:status", "Commit statuses.", None),
        ("codespace", "Manage codespaces.", "ifversion fpt"),
        ("admin:enterprise", "Manage the enterprise.", "not (ifversion fpt)"),
        ("gist", "Write gists.", None),
    ]  # fmt: skip
    assert result.scopes[0].section == "Available scopes"
    assert result.scopes[0].locator == "table 1 row 2"
    assert any("unresolved" in w for w in result.warnings)


def test_includes_root_resolves_data_variables() -> None:
    result = extract_markdown_text(_text("liquid.md"), includes_root=FIXTURES / "includes")
    assert result.scopes[0].description == "Administer Example Server."
    assert not any("unresolved" in w for w in result.warnings)


def test_hugo_shortcodes_lists_headings_and_two_scope_columns() -> None:
    result = extract_markdown_text(_text("hugo.md"))
    assert _rows(result) == [
        # The bare index list ("- `read`") is dropped: each item has a heading of its own.
        ("read", "Grants access to read data. See methods.", None),
        ("follow", "Grants access to manage relationships.", "deprecated"),
        ("read", None, None),
        ("read:accounts", None, None),
        ("follow", None, "deprecated"),
        ("read:follows", None, None),
    ]
    heading = result.scopes[0]
    assert heading.locator == "heading h3 read"
    assert heading.section == "List of scopes"
    assert result.scopes[-1].section == "Granular scopes"


def test_mdx_components_headerless_tables_and_escapes() -> None:
    result = extract_markdown_text(_text("components.mdx"))
    assert _rows(result) == [
        ("project:read", "GET", None),
        ("project:write", "PUT/POST", None),
        ("w_member_social", "Post on behalf of a member.", None),
        ("r_liteprofile", "Read a lite profile.", None),
    ]
    assert [a.method for a in result.auth] == ["bearer"]
    # the import line, the JSX comment and the Card component leave no text behind
    assert not any("import" in (r.description or "") for r in result.scopes)


def test_extract_markdown_reads_a_document() -> None:
    body = _text("components.mdx").encode()
    url = "https://docs.example.test/permissions.mdx"
    doc = Document(url, url, 200, "text/markdown", "0" * 64, body, "2026-01-01T00:00:00Z")
    result = extract_markdown(doc)
    assert result.format == "mdx"
    assert result.scopes[0].source_url == url


def test_template_text_is_never_executed() -> None:
    hostile = (
        "## Scopes\n\n- `read` - {{< exec \"rm -rf /\" >}} {% include '/etc/passwd' %}\n"
        "<script>alert(1)</script>\n"
    )
    result = extract_markdown_text(hostile)
    assert [r.scope_name for r in result.scopes] == ["read"]
    assert "alert" not in (result.scopes[0].description or "")


def test_200_kb_page_with_130_tables_is_fast() -> None:
    parts = ["# Big page\n"]
    for i in range(140):
        parts.append(f"\n## Product {i} scopes\n\n| Scope | Description |\n|---|---|\n")
        parts.extend(
            f"| `p{i}.r{j}:read` | Grants **read** access to [item {j}](/d/{i}/{j}) of product "
            f"{i}, including its metadata and history. |\n"
            for j in range(9)
        )
    text = "".join(parts)
    assert 150_000 < len(text) < 260_000
    start = time.process_time()
    result = extract_markdown_text(text)
    elapsed = time.process_time() - start
    assert len(result.scopes) == 140 * 9
    assert elapsed < 5  # well under a second on an idle machine; generous for shared CI


def test_per_kind_property_tables_give_one_record_per_scope_and_kind() -> None:
    result = extract_markdown_text(_text("per_kind_tables.md"))
    rows = [(r.scope_name, r.kind, r.description) for r in result.scopes]
    assert rows == [
        ("Widget.Read", "application",
         "Lets the app read every widget in the tenant, without a signed-in user."),
        ("Widget.Read", "delegated",
         "Lets the app read the signed-in user's widgets | including shared ones."),
        ("Widget.Write", "delegated",
         "Lets the app create and change widgets on behalf of the signed-in user."),
        ("Gadget.Manage.All", "application",
         "Lets the app manage every gadget, without a signed-in user."),
    ]  # fmt: skip
    assert result.scopes[0].section == "All permissions"
    assert result.scopes[0].locator == "heading h3 Widget.Read application"


def test_docfx_moniker_ranges_become_versions_and_zone_pivots_are_dropped() -> None:
    result = extract_markdown_text(_text("docfx_monikers.md"))
    assert _rows(result) == [
        ("r_old_profile", "Use the old profile fields.", "moniker ex-api-2024-01"),
        ("r_profile", "Use the profile fields.", "moniker >=ex-api-2024-05"),
        ("w_posts", "Write posts on your behalf.", None),
    ]
    assert all(r.section == "Permissions" for r in result.scopes)


def test_vertical_property_tables_give_one_scope_each() -> None:
    result = extract_markdown_text(_text("property_tables.md"))
    assert _rows(result) == [
        # The paragraph after the table is the description; the console label is not.
        ("crates_view", "Lets the integration list crates and read their labels.", None),
        ("crates_move", "Move crates between shelves", None),
        ("audit_read", "Read the audit trail of every shelf.", "beta"),
    ]
    first = result.scopes[0]
    assert first.section == "Standard scopes > View every crate"
    assert first.locator == "table 1 row 1"
    # "Depends on" names another scope: never a record of its own, never the description.
    assert [r.scope_name for r in result.scopes].count("crates_view") == 1
    # The "Application Scope"-only table and the package key/value table yield nothing.
    assert {r.section for r in result.scopes}.isdisjoint(
        {"Standard scopes > Silence alarms", "About this package"}
    )


def test_table_whose_delimiter_row_has_a_different_cell_count_is_still_read() -> None:
    # A copy-edited table (4 header cells over 5 or 2 delimiter cells) is no table for GFM;
    # its permission rows must not be lost, and each keeps its kind from the heading.
    result = extract_markdown_text(_text("mismatched_delimiter.md"))
    rows = [(r.scope_name, r.kind, r.description) for r in result.scopes]
    assert rows == [
        ("Reports.Read.All", "delegated",
         "Allows the app to read every report on behalf of the signed-in user."),
        ("Reports.ReadWrite.All", "delegated",
         "Allows the app to create, update and delete reports on behalf of the signed-in user."),
        ("Reports.Read.All", "application",
         "Allows the app to read every report without a signed-in user."),
    ]  # fmt: skip
    assert "not.a.scope" not in {r.scope_name for r in result.scopes}


def test_repair_table_delimiters_rewrites_only_mismatched_delimiter_rows() -> None:
    text = _text("mismatched_delimiter.md")
    assert "<table>" not in render_markdown(text.split("## Example")[0].split("#### App")[0])
    repaired, count = repair_table_delimiters(text)
    assert count == 2
    assert "|:----------------|:----------------|:-------------|:--------------|\n" in repaired
    assert "|:---|:---|---|---|\n" in repaired
    # Inside a code fence and in well-formed tables nothing changes.
    assert repaired.split("```text")[1] == text.split("```text")[1]
    assert repair_table_delimiters("| a | b |\n|---|---|\n| 1 | 2 |") == (
        "| a | b |\n|---|---|\n| 1 | 2 |",
        0,
    )
