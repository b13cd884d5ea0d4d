"""The pipe-table row split markdown-it-py is given: the library's own cells, faster."""

from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

import factory.extract.markdown  # noqa: F401  (installs the split)
from factory.extract.markdown import render_markdown
from factory.extract.markdown_split import escaped_split, library_split

_ROWS = st.text(alphabet=st.sampled_from(["a", "b", " ", "|", "\\", "`", "é"]), max_size=40)


@given(_ROWS)
@settings(max_examples=2000, deadline=None)
def test_escaped_split_gives_the_librarys_cells_for_any_row(row: str) -> None:
    assert escaped_split(row) == library_split(row)


def test_table_rule_uses_the_fast_split_and_keeps_escaped_pipes() -> None:
    table_rule = importlib.import_module("markdown_it.rules_block.table")
    assert table_rule.escapedSplit is escaped_split
    html = render_markdown("| Scope | Notes |\n|--|--|\n| `a.read` | one \\| two |\n| b | c |\n")
    assert "<td>one | two</td>" in html
    assert html.count("<tr>") == 3
