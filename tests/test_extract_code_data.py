"""Scope lists held as data in program source: JS/TS/JSX/TSX pages and modules, MDX export
blocks, HTML script data (the structured reader).

Every fixture under ``tests/fixtures/codesrc`` is an invented page of an invented provider.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import detect_format, extract_document
from factory.extract.code_data import bound_scopes
from factory.extract.detect import make_document
from factory.extract.js_literals import data_bindings
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures" / "codesrc"


def _extract(name: str) -> ExtractionResult:
    body = (FIXTURES / name).read_bytes()
    return extract_document(make_document(body, f"https://docs.example.test/{name}"))


def _rows(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(r.scope_name, r.description) for r in result.scopes]


@pytest.mark.parametrize(
    "name", ["page.tsx", "page.jsx", "scopes.ts", "scopes.js", "x.mjs", "x.cjs", "x.mts"]
)
def test_program_source_is_the_code_kind(name: str) -> None:
    doc = make_document(b"export const A = [1];\n", f"https://docs.example.test/{name}")
    assert detect_format(doc) == "code"


def test_react_page_array_of_objects_rendered_by_map() -> None:
    result = _extract("react_page.tsx")
    assert result.format == "code"
    assert _rows(result) == [
        ("notes.read", 'Read every note in the user\'s "default" notebook.'),
        ("notes.write", "Create, edit and delete notes."),
        ("notebooks.manage", "Rename and archive notebooks (see notebooks.read)."),
        ("profile:basic", "Read the user\u2019s display name and avatar."),
    ]
    assert result.scopes[0].locator == "line 23: SCOPES[0].name"
    names = {r.scope_name for r in result.scopes}
    # navigation items, error codes and feature flags on the same page are no scopes
    assert not names & {"overview", "auth_guide", "invalid_scope", "new_editor", "beta_sync"}
    candidates = [c.scope_name for c in result.candidates]
    assert not any("{" in name or name.startswith("scope.") for name in candidates)


def test_constants_module_maps_groups_and_distractors() -> None:
    result = _extract("constants.ts")
    assert _rows(result) == [
        ("orders:read", "View orders and their line items."),
        ("orders:write", "Create and cancel orders."),
        ("stock:read", "View stock levels in every warehouse. Updated hourly."),
        ("webhooks:manage", "Register and remove webhook endpoints."),
        ("invoices:read", "Read invoices."),
        ("invoices:pay", "Pay an invoice with a saved card."),
    ]
    assert [r.section for r in result.scopes][-2:] == ["Billing", "Billing"]
    assert result.scopes[0].locator == "line 13: OAUTH_SCOPES.orders:read"


def test_module_tuples_described_objects_and_examples() -> None:
    result = _extract("module_shapes.js")
    assert _rows(result) == [
        ("casts:read", "List and play casts."),
        ("casts:publish", "Publish a cast on the user's channel."),
        ("casts:delete", "Delete a cast. It cannot be undone."),
        ("profile:read", "Read the listener's handle & avatar."),
    ]  # JS escapes undone (\t, \u0026); an example response's scopes are no list


def test_inline_prop_of_a_jsx_component() -> None:
    result = _extract("inline_prop.tsx")
    assert [n for n, _d in _rows(result)] == ["kilns.fire", "kilns.read", "glazes.manage"]
    assert result.scopes[1].description == "Read temperatures and schedules."


def test_mdx_export_block() -> None:
    result = _extract("export_page.mdx")
    assert _rows(result) == [
        ("garden.plots.view", "List the plots of a garden."),
        ("garden.plots.edit", "Change a plot's crops and notes."),
        ("garden.members.invite", "Invite people to a garden."),
    ]
    assert result.scopes[0].locator == "line 7: permissions[0].id"
    assert any("export blocks" in w for w in result.warnings)
    assert not any(w.startswith("the page speaks of scopes") for w in result.warnings)


def test_html_script_data_assignment() -> None:
    result = _extract("script_data.html")
    assert _rows(result) == [
        ("tanks.read", "See the tanks of an aquarium."),
        ("tanks.write", "Add, move or drain tanks."),
        ("feeding:schedule", "Plan feeding times."),
    ]
    assert "window.__DOCS_DATA__.oauth.scopes[0].value" in str(result.scopes[0].locator)
    assert "page_view" not in {r.scope_name for r in result.scopes}


def test_data_of_other_kinds_gives_nothing() -> None:
    result = _extract("distractors_only.jsx")
    assert result.scopes == ()
    assert result.candidates == ()


def test_a_neutral_name_counts_when_the_page_renders_it_and_speaks_of_scopes() -> None:
    source = (
        'const rows = [{ key: "a.read", text: "Read a." }, { key: "a.write", text: "Write a." },'
        ' { key: "b.read", text: "Read b." }];\n'
        "const Page = () => <section><h2>Scopes</h2>{rows.map((r) => <Row r={r} />)}</section>;\n"
    )
    bindings, words = data_bindings(source)
    found = [s.name for s in bound_scopes(bindings, words, source)]
    assert found == ["a.read", "a.write", "b.read"]
    unrendered = source.replace("rows.map(", "other.map(")
    bindings, words = data_bindings(unrendered)
    assert bound_scopes(bindings, words, unrendered) == []


def test_literals_template_concatenation_and_computed_values() -> None:
    source = (
        "export const SCOPES = [\n"
        '  { name: "a:b", description: `Line one` + " and two." },\n'
        "  { name: `c:d`, description: `${x} computed` },\n"
        "  { name: 'e:f', description: 'It\\'s \\x41.' },\n"
        "];\n"
    )
    bindings, words = data_bindings(source)
    found = [(s.name, s.description) for s in bound_scopes(bindings, words, source)]
    assert found == [("a:b", "Line one and two."), ("c:d", None), ("e:f", "It's A.")]


def test_a_page_with_a_syntax_error_still_gives_its_literals() -> None:
    source = 'export const SCOPES = ["x.read", "x.write"];\nfunction broken( {\n'
    bindings, words = data_bindings(source)
    assert [s.name for s in bound_scopes(bindings, words, source)] == ["x.read", "x.write"]


def test_a_page_of_unclosed_script_tags_is_read_once() -> None:
    # each "<script" searched for its end from its own start would scan the page 20,000 times
    body = ("<html><body><h1>Scopes</h1>" + "<script>var scope = 1;" * 20_000).encode()
    result = extract_document(make_document(body, "https://docs.example.test/unclosed.html"))
    assert result.scopes == ()


def test_deeply_nested_literals_are_refused_quietly() -> None:
    body = ("const SCOPES = " + "[" * 50_000 + "]" * 50_000 + ";").encode()
    result = extract_document(make_document(body, "https://docs.example.test/deep.js"))
    assert result.scopes == ()


@pytest.mark.parametrize("name", ["react_page.tsx", "constants.ts", "module_shapes.js"])
def test_a_module_served_without_its_extension_is_the_code_kind(name: str) -> None:
    body = (FIXTURES / name).read_bytes()
    doc = make_document(body, "https://raw.example.test/page", media_type="text/plain")
    assert detect_format(doc) == "code"


def test_an_mdx_page_without_its_extension_stays_markdown() -> None:
    body = (FIXTURES / "export_page.mdx").read_bytes()
    doc = make_document(body, "https://raw.example.test/page", media_type="text/plain")
    assert detect_format(doc) == "markdown"
