"""The next layout families: props, list-table blocks, bullet rows, cell HTML, disowned tables.

Every fixture is an invented page of an invented provider showing one family.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.component_props import parse_props, parse_value, prop_entries
from factory.extract.detect import make_document
from factory.extract.html_columns import disowns_scopes
from factory.extract.markdown import extract_markdown_text, render_markdown_checked
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://docs.example.test/scopes"


def _markdown(name: str, fmt: str = "markdown") -> ExtractionResult:
    text = (FIXTURES / "markdown" / "families" / name).read_text(encoding="utf-8")
    return extract_markdown_text(text, source_url=URL, fmt=fmt)


def _document(folder: str, name: str) -> ExtractionResult:
    body = (FIXTURES / folder / name).read_bytes()
    return extract_document(make_document(body, f"https://docs.example.test/{name}"))


def _rows(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(r.scope_name, r.description) for r in result.scopes]


def _warned(result: ExtractionResult, *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in result.warnings)


# --- scope lists in component props and element attributes ------------------------------


def test_mdx_component_props_are_read_as_the_scope_table_the_site_renders() -> None:
    result = _markdown("component_props.mdx", fmt="mdx")
    assert _rows(result) == [
        ("kettle.read", "Read the state of your kettles."),
        ("kettle.boil", "Start and stop boiling, even at night."),
        ("kettle.admin", "Add and remove kettles."),
        ("legacy_read", None),
        ("legacy_write", None),
        ("tea:brew", "Brew tea in a kettle."),
        ("tea:pour", "Pour tea."),
        ("cups.read", None),
        ("cups.write", None),
        ("pen.read", "Read pens."),  # [name, description] pairs
        ("pen.write", "Write pens."),
    ]  # not the abbreviations of the tips list, nor a component in a code span or fence
    sections = {r.scope_name: r.section for r in result.scopes}
    assert sections["legacy_read"] == "Legacy scopes" and sections["tea:pour"] == "Tea scopes"


def test_component_props_naming_an_exported_constant_read_that_constant() -> None:
    result = _markdown("component_exports.mdx", fmt="mdx")
    assert _rows(result) == [
        ("heron.read", "Read herons."),
        ("heron.fish", "Let herons fish; they're quick."),
        ("egret.read", "Read egrets and their nests."),  # the children, rendered
        ("egret.write", "Write egrets."),
        ("egret.admin", "Manage egrets."),  # a description prop wins over children
    ]  # an unknown name or a call is code: nothing; no line of the export is page text
    assert result.warnings == ()


def test_html_data_attributes_holding_scopes_are_read() -> None:
    result = _document("html", "attribute_scopes.html")
    assert _rows(result) == [
        ("spoon.read", None),
        ("spoon.write", None),
        ("ladle:read", "Read ladles."),
        ("ladle:write", "Write ladles."),
    ]  # a run of sibling elements is one table; "Click here" in a singular attribute is no list
    assert {r.locator for r in result.scopes if r.scope_name.startswith("ladle")} == {
        "table 2 row 1",
        "table 2 row 2",
    }


def test_props_are_parsed_as_data_never_run() -> None:
    props = parse_props(
        'scopes={["a.read", "b.write"]} title="Say \\"hi\\"" open '
        "grants={[{id: 'c:read', summary: `Read c.`}]}"
    )
    assert parse_value(props["scopes"]) == ["a.read", "b.write"]
    assert props["open"] == ""
    assert prop_entries("Box", {"grants": props["grants"]}) == [("c:read", "Read c.")]
    assert prop_entries("Box", {"scopes": "{fetchScopes()}"}) == []  # code, not data
    assert prop_entries("Box", {"scopes": "{scopes}"}) == []  # an unbound name is no scope
    assert prop_entries("Box", {"scopes": "{S}"}, {"S": ["a.b"]}) == [("a.b", None)]
    assert prop_entries("Box", {"label": "a.read"}) == []  # neither name speaks of scopes
    assert prop_entries("div", {"itemscope": "itemscope"}) == []  # microdata, not scopes
    assert prop_entries("button", {"data-permission": "write"}) == []  # a control's need
    assert prop_entries("Badge", {"scope": "admin"}) == []
    assert prop_entries("Box", {"scope": '{["a.read", "a.write"]}'}) == [
        ("a.read", None),
        ("a.write", None),
    ]  # a list in a singular prop is still a list
    assert prop_entries("scope-chip", {"scope": "admin"}) == [("admin", None)]
    assert prop_entries("Box", {"scopes": "Read everything you own"}) == []  # prose


# --- reStructuredText list-table cells with blocks ---------------------------------------


def test_rst_list_table_cells_with_line_blocks_lists_and_paragraphs() -> None:
    result = _document("rst", "list_table_blocks.rst")
    assert [(r.scope_name, r.description, r.version) for r in result.scopes] == [
        ("ink.read", "Read inks. Includes archived inks.", None),
        ("ink.write", "Write inks. Allowed for: owners editors", None),
        ("nib.read", "Read nibs. Nibs of every pen are included.", None),
        ("pad.read", "Read pads.", None),
        ("pad.list", "Read pads.", None),
        ("ink.share", "Share inks: with teams with guests Sharing is logged.", "deprecated"),
        ("paper:read", "Read paper. Use paper:write to change it.", None),
        ("paper:write", "Pick a sheet. Write on it.", None),
        ("paper:fold", "Fold paper with PUT. Note Owners only.", None),
    ]


# --- Markdown rows continued over bullet lines -------------------------------------------


def test_rows_continued_over_star_and_dash_bullets_until_a_lone_pipe() -> None:
    result = _markdown("bullet_rows.md")
    assert _rows(result) == [
        ("crates.read", "Read crates. Allowed roles: OWNER MEMBER"),
        ("crates.write", "Write crates. Allowed roles: OWNER ADMIN"),
        ("crates.delete", "Delete crates."),
        ("yards.read", "Read yards. Roles: VIEWER EDITOR"),
        ("yards.write", "Write yards."),
        ("yards.admin", "Run yards. OWNER"),
        ("docks.read", "Read docks."),
    ]


# --- raw HTML in a Markdown table cell ---------------------------------------------------


def test_stray_table_tags_in_a_cell_do_not_end_the_table_and_are_warned() -> None:
    result = _markdown("cell_raw_html.md")
    assert _rows(result) == [
        ("pots.read", "Read pots."),
        ("pots.write", "Write pots."),
        ("pans.read", "Read pans. OWNER yes"),  # a balanced nested table stays
        ("pans.write", "Write pans."),
        ("lids.read", "Read lids and handles"),
        ("lids.write", "Write lids."),
    ]
    assert _warned(result, "`pots.write`", "</td></tr></table>", "would end the table")
    assert not _warned(result, "pans.read")


def test_balanced_cell_html_renders_unchanged() -> None:
    text = "| Scope | Description |\n| --- | --- |\n| `a.b` | <ul><li>x</li></ul> |\n"
    html, warns = render_markdown_checked(text)
    assert "<ul><li>x</li></ul>" in html and warns == []


# --- tables the page disowns and JSON examples -------------------------------------------


def test_tables_the_page_says_are_not_scopes_are_skipped_with_a_warning() -> None:
    result = _markdown("disowned_tables.md")
    assert [r.scope_name for r in result.scopes] == ["herds.read", "herds.write"]
    assert _warned(result, "table 2", "not scopes", "These roles are not OAuth scopes")
    assert _warned(result, "table 3", "not scopes", "Access levels are not scopes")


def test_disowning_needs_a_subject_other_than_scopes() -> None:
    assert disowns_scopes("Each member has a role. These roles are not OAuth scopes.")
    assert disowns_scopes("Access levels (not scopes)")
    assert not disowns_scopes("Scopes are not permissions: they limit a token.")
    assert not disowns_scopes("A scope such as `x.admin` is not a valid scope.")


def test_keys_of_json_examples_and_samples_are_not_scopes() -> None:
    result = _document("html", "json_samples.html")
    assert _rows(result) == [("whisk.read", "Read whisks."), ("whisk.write", "Write whisks.")]
    assert _warned(result, "script 1", "5 scope-shaped", "/webhooks", "admin, demo.scope")


def test_sphinx_roles_and_directives_render_as_a_sphinx_site_shows_them() -> None:
    result = _document("rst", "sphinx_markup.rst")
    assert [(r.scope_name, r.description, r.version) for r in result.scopes] == [
        ("robin.read", "Read robins. See the token page.", None),
        ("robin.write", "Press Save to write robins with write().", None),
        ("robin.admin", "Manage robins. Added in version 2.1.", None),
        ("robin.old", "Old access. Deprecated since version 3.0: Use robin.read.", "deprecated"),
        ("owl.read", "Read owls.", None),  # inside ``only``: a Sphinx site shows it
        ("owl.write", "Write owls.", None),  # inside a tab
    ]  # not owl.secret: an unknown directive is dropped, and said so
    assert _warned(result, "1 reStructuredText construct(s) docutils does not know")


def test_mdx_partials_and_mkdocs_snippets_are_warned_as_unresolved_includes() -> None:
    partial = _markdown("mdx_partial.mdx", fmt="mdx")
    assert _warned(partial, "1 include(s) left unresolved", "./_scope-list.mdx")
    assert not _warned(partial, "_unused.md")  # imported, never used: nothing is missing
    snippet = _markdown("mkdocs_snippet.md")
    assert _warned(snippet, "1 include(s) left unresolved", "includes/scopes.md")
