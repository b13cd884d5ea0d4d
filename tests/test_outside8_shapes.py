"""Outside8 shapes, for the structured reader: a YFM multiline table (Diplodoc's
``#| || cell | cell || |#``) is read as a table, its first row the header; a set-aside
"Scope name"/"Permission title" column right of the scope column is the description when no
header says "description"; a scope-tree item that is only its name takes its nested prose
sub-bullet as description.

Fixtures under ``tests/fixtures/r4b`` are invented providers written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.markdown import render_markdown
from factory.extract.markdown_yfm import yfm_tables
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "r4b"


def _found(name: str) -> dict[str, str | None]:
    result = extract_document(load_source(str(FIXTURES / name)))
    return {s.scope_name: s.description for s in result.scopes}


def test_a_yfm_table_becomes_an_html_table_with_a_header_row() -> None:
    html = yfm_tables((FIXTURES / "yfm_table.md").read_text(), render_markdown)
    assert "#|" not in html and "||" not in html
    assert html.count("<tr>") == 5 and html.count("<th>") == 3
    assert '<td><a href="../trees/index.md">Tree registry</a></td>' in html
    assert yfm_tables("a || b || c", render_markdown) == "a || b || c"  # no table: unchanged


def test_the_rows_of_a_yfm_table_are_scopes_with_the_scope_name_column() -> None:
    found = _found("yfm_table.md")
    assert set(found) == {"tree", "crate", "press.cider", "ladder_rent"}
    assert found["tree"] == "Tree registry"
    assert found["crate"] == "Harvest crates and their labels"
    assert found["ladder_rent"] == "Ladder rentals. The scope also covers returns."


def test_a_permission_title_column_describes_the_permission() -> None:
    found = _found("label_column.md")
    assert found == {
        "hive.inspect": "Inspect the hives",
        "hive.feed": "Feed the colonies",
        "honey.sell": "Sell the honey",
    }


def test_a_name_alone_on_its_bullet_takes_its_prose_sub_bullet() -> None:
    found = _found("scope_tree.md")
    assert found["barrel"] == "Provides the following nested scopes"
    assert found["barrel:fill"] == "Allows filling barrels with cider"
    assert found["barrel:tap"] == "Allows tapping a barrel through the /taps endpoint"
    assert found["cellar:door"] is None  # its nested list names scopes: no description
    assert found["cellar:door:open"] is None


def test_a_one_letter_name_in_an_example_list_is_no_scope() -> None:
    assert _found("letter_example.md") == {
        "garden": "Read the garden plan.",
        "shed": "Open the tool shed.",
    }
