"""Template sources whose scope table is a loop over literal data (fixtures written here)."""

from __future__ import annotations

from pathlib import Path

from factory.extract import detect_format, extract_document
from factory.extract.detect import make_document
from factory.extract.template_tables import read_template_tables
from factory.research.load import load_source

SOURCES = Path(__file__).parent / "fixtures" / "template_sources"


def test_erb_array_of_hashes_in_markdown() -> None:
    doc = load_source(str(SOURCES / "scopes.md"))
    assert detect_format(doc) == "template"
    result = extract_document(doc)
    rows = [(s.scope_name, s.description, s.section) for s in result.scopes]
    shared = "Read recipes\u2014create and edit them. See recipe rules."
    assert rows == [
        ("read_recipes", shared, "Brewing"),  # one key holding two scopes: one description
        ("write_recipes", shared, "Brewing"),
        ("read_timers", 'Read brewing timers, including the "boil" timer.', "Brewing"),
    ]
    assert result.scopes[0].locator == "template loop 1 item 1"
    assert any("template loop" in w and "live page" in w for w in result.warnings)
    assert "Recipes" not in {s.scope_name for s in result.scopes}  # the feature name field


def test_blade_flat_map_starting_like_json() -> None:
    doc = load_source(str(SOURCES / "scopes.blade.php"))
    assert detect_format(doc) == "template"
    result = extract_document(doc)
    rows = [(s.scope_name, s.description, s.version) for s in result.scopes]
    assert rows == [
        ("orders:read", "Read orders, refunds and fulfilments.", None),
        ("orders:write", "Create and cancel orders.", None),
        ("customers:read", "Read customer profiles (Deprecated).", "deprecated"),
    ]


def test_loops_over_non_scope_data_are_left_to_the_page() -> None:
    text = (
        "<% [{ title: 'Getting started', url: '/a b' }].each do |link| %><p><%= link %></p>"
        "<% end %>"
    )
    tables = read_template_tables(text)
    assert tables.scopes == () and tables.warnings == () and tables.text == text


def test_php_foreach_over_an_array_of_arrays() -> None:
    body = (
        "<h2>Scopes</h2>\n<?php foreach ([\n  ['scope' => 'feeds.read', 'desc' => 'Read feeds.'],"
        "\n  ['scope' => 'feeds.write', 'desc' => 'Write feeds.'],\n] as $row): ?>\n"
        "<li><?= $row['scope'] ?></li>\n<?php endforeach; ?>\n"
    )
    result = extract_document(make_document(body.encode(), "https://x.test/scopes.php"))
    assert [(s.scope_name, s.description) for s in result.scopes] == [
        ("feeds.read", "Read feeds."),
        ("feeds.write", "Write feeds."),
    ]
