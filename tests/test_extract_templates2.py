"""Template sources of every common engine, and placeholder names (fixtures written here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.contract.scope_names import scope_name_problems
from factory.extract import detect_format, extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.detect import make_document, parse_structured
from factory.extract.template_render import render_template
from factory.extract.template_syntax import literal
from factory.research.load import load_source

SOURCES = Path(__file__).parent / "fixtures" / "templates2"


def _read(name: str) -> list[tuple[str, str | None]]:
    result = extract_document(load_source(str(SOURCES / name)))
    assert result.format == "template"
    return [(s.scope_name, s.description) for s in result.scopes]


def test_jinja_set_loop_and_decided_condition() -> None:
    assert _read("scopes.html.j2") == [
        ("notes:read", "Read notebooks and their pages."),
        ("notes:write", "Create, edit and archive notebooks. (beta)"),  # only its row is beta
        ("tags:manage", "Rename and merge tags."),
    ]


def test_handlebars_each_over_front_matter() -> None:
    assert _read("permissions.hbs") == [
        ("boards.read", "See boards and cards."),
        ("boards.write", "Create and move cards."),
    ]


def test_liquid_assign_split_inside_a_markdown_table() -> None:
    # the loop's lines leave no blank line behind: the table keeps both rows
    assert [n for n, _ in _read("scopes.md.liquid")] == ["carts:read", "carts:write"]


def test_hugo_layout_detected_by_content_and_ranged_over_params() -> None:
    doc = load_source(str(SOURCES / "layout.html"))
    assert detect_format(doc) == "template"
    assert _read("layout.html") == [
        ("fleet.read", "Read vehicles and their positions."),
        ("fleet.dispatch", "Send vehicles on a route."),
    ]


def test_blade_php_block_data_raw_output_and_component() -> None:
    result = extract_document(load_source(str(SOURCES / "scopes.blade.php")))
    assert [(s.scope_name, s.description) for s in result.scopes] == [
        ("gates:open", "Opens a gate."),
        ("gates:audit", "Reads the gate log."),
        ("gates:lock", "Locks a gate for everyone."),
    ]
    assert any("include" in w and "layouts.docs" in w for w in result.warnings)


def test_outputs_translation_keys_and_neutral_placeholders() -> None:
    shown = render_template(
        "<p>{{ 'Literal' }} | {{ user.name | upper }} | {{ 'intro.key' | t }} | "
        "@lang('docs.title') | <%= t('erb.key') %> | {{ i18n \"go.key\" }} | "
        "{{ __('Read the docs') }}</p>"
    ).text
    # catalog keys are placeholders (their text lives in a file the page lacks); a sentence
    # key is its own text
    assert shown == (
        "<p>Literal | {user.name} | {intro.key} | {docs.title} | {erb.key} | {go.key} | "
        "Read the docs</p>"
    )


def test_undecidable_conditions_keep_every_branch_and_comments_go() -> None:
    shown = render_template(
        "{# note #}{% if show %}A{% else %}B{% endif %}{{!-- c --}}<%# c %>{{/* c */}}"
    ).text
    assert shown == "AB"


def test_a_loop_over_data_the_page_does_not_hold_is_written_once() -> None:
    shown = render_template(
        "<ul>{% for s in site.data.scopes %}<li>{{ s.name }}</li>{% endfor %}</ul>"
    )
    assert shown.text == "<ul><li>{s.name}</li></ul>" and shown.loops == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("['a' => 'x', 'b' => 'y']", {"a": "x", "b": "y"}),
        ("array('a' => array('n' => 1))", {"a": {"n": 1}}),
        ('[{ name: "x", on: true }, { :name => "y" }]', [{"name": "x", "on": True}, {"name": "y"}]),
        ("[('a', 'b')]", [("a", "b")]),
        ("[user.name]", None),
    ],
)
def test_literals_of_every_engine(text: str, value: object) -> None:
    assert literal(text) == value


def test_plain_html_and_markdown_pages_are_not_templates() -> None:
    page = (
        b"<html><body><h2>Scopes</h2><pre><code>{% for s in x %}{% endfor %}</code></pre>"
        b"</body></html>"
    )
    assert detect_format(make_document(page, "https://x.test/a.html")) == "html"
    note = b"# Scopes\n\n{% ifversion ghes %}a{% endif %}\n{% data reusables.x %}\n"
    assert detect_format(make_document(note, "https://x.test/a.md")) == "markdown"


def test_asciidoc_placeholder_names_and_attribute_references() -> None:
    result = extract_document(load_source(str(SOURCES / "placeholders.adoc")))
    assert [s.scope_name for s in result.scopes] == [
        "thorn:read",  # {ns-prefix}:read, resolved from the page's own attribute
        "role:\u2039role name\u203a",
        "\u2039project\u203a:write",
        "admin:\u2039cluster id\u203a",  # inside ifdef: kept, with its condition
    ]
    assert result.scopes[-1].version == "ifdef with-admin"


def test_markdown_table_of_guillemet_placeholders() -> None:
    result = extract_document(load_source(str(SOURCES / "placeholders.md")))
    assert [s.scope_name for s in result.scopes] == [
        "workspace:\u2039workspace id\u203a:read",
        "workspace:\u2039workspace id\u203a:write",
        "\u00abteam\u00bb:admin",
    ]
    assert scope_name_problems("role:\u2039role name\u203a") == []


def test_harvester_alone_finds_placeholder_names_and_template_data() -> None:
    for name, kind in (("placeholders.adoc", "asciidoc"), ("scopes.html.j2", "template")):
        doc = load_source(str(SOURCES / name))
        found, _ = harvest(segments_of(doc, kind, parse_structured), [])
        names = {c.scope_name for c in found}
        expected = (
            {"thorn:read", "role:\u2039role name\u203a", "\u2039project\u203a:write"}
            if kind == "asciidoc"
            else {"notes:read", "notes:write", "tags:manage"}
        )
        assert expected <= names, (name, names)
        assert "description" not in names and "name" not in names


def test_unclosed_and_deeply_nested_tags_cost_linear_time() -> None:
    import time

    for hostile in ("{% if x %}" * 5000, "@if(" * 5000, "{% " * 20000, "{% comment %}" * 5000):
        start = time.perf_counter()
        render_template(hostile)  # no RecursionError, no quadratic scan
        assert time.perf_counter() - start < 5


def test_catalog_keys_and_unknown_outputs_are_no_descriptions() -> None:
    """A description cell that renders only a translation catalog key (``__('scopes.x')``)
    or an expression with no data is blank, warned, and never a candidate; a sentence key is
    its own text."""
    doc = load_source(str(SOURCES / "catalog_keys.blade.php"))
    result = extract_document(doc)
    found = {s.scope_name: s.description for s in result.scopes}
    assert found == {
        "kettle.read": None,
        "kettle.write": None,
        "kettle.boil": None,
        "kettle.pour": "Pour from the kettle.",
    }
    assert any("{scopes.kettle_read}" in w and "left blank" in w for w in result.warnings)
    assert not {c.scope_name for c in result.candidates} & {
        "scopes.kettle_read",
        "scopes.kettle_write",
    }
