"""The structured reader on two table shapes: a badge in code before a bare name, and a
setting's value table beside the scopes.

Fixtures under ``tests/fixtures/o6`` are invented providers written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from factory.extract import extract_document
from factory.extract.cell_badges import BadgedColumns, badge_split
from factory.extract.html_tables import build_grid
from factory.extract.html_walk import text_of
from factory.extract.value_tables import literal_column
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "o6"


def records(name: str) -> dict[str, str | None]:
    """Scope name -> its version label, from a fixture."""
    result = extract_document(load_source(str(FIXTURES / name)))
    return {s.scope_name: s.version for s in result.scopes}


def test_a_code_badge_before_a_bare_name_labels_the_name() -> None:
    found = records("badge_table.md")
    assert set(found) == {"lanes.history", "lanes.settings", "tickets", "coins", "coin_vaults"}
    assert found["coins"] == "restricted"
    assert found["coin_vaults"] == "beta"
    assert found["tickets"] is None


def test_the_badge_rule_holds_in_an_mdx_page_with_collapsed_tabs() -> None:
    found = records("collapsed_tabs.mdx")
    assert set(found) == {"kilns.read", "kilns.fire", "glaze.mix", "clay", "kilnlogs"}
    assert found["kilnlogs"] == "restricted"


def _grid(rows: list[str]) -> list[list[object]]:
    body = "".join(f"<tr><td>{r}</td><td>Text.</td></tr>" for r in rows)
    table = BeautifulSoup(f"<table>{body}</table>", "lxml").find("table")
    return build_grid(table)  # type: ignore[arg-type]


def test_a_code_name_with_a_word_after_it_stays_the_name_in_a_column_of_code() -> None:
    grid = _grid(["<code>read</code> access", "<code>write</code>", "<code>admin</code>"])
    assert badge_split(grid[0][0].tag, text_of) == ("access", "read")  # the cell alone
    badges = BadgedColumns(grid, 0, text_of)  # type: ignore[arg-type]
    assert badges.split(grid[0][0], 0) is None  # its column writes names in code


def test_a_code_name_then_prose_or_a_mark_is_no_badge_cell() -> None:
    grid = _grid(["<code>files</code> lets you read", "<code>files</code> (beta)", "x"])
    assert badge_split(grid[0][0].tag, text_of) is None
    assert badge_split(grid[1][0].tag, text_of) is None


def test_a_value_table_of_a_setting_is_no_scope_table() -> None:
    found = records("smart_lists.md")
    assert not {"true", "false", "unset"} & set(found)
    assert {"patient/*.rs", "hearthUser", "phoneNumber", "nin"} <= set(found)


def test_literal_column() -> None:
    values = _grid(["<code>true</code>", "<code>false</code>", "<em>unset</em>"])
    names = _grid(["<code>true</code>", "<code>files.read</code>"])
    assert literal_column([[None], *values], 0, text_of)  # type: ignore[list-item]
    assert not literal_column([[None], *names], 0, text_of)  # type: ignore[list-item]


def test_a_badge_cell_in_a_restructuredtext_list_table() -> None:
    found = records("badge_list_table.rst")
    assert found == {"booths.history": None, "tickets": None, "coins": "restricted"}
