"""Table rows and code blocks found by plain walks of the tree, nested markup included."""

from __future__ import annotations

from factory.extract.html_code_lines import code_lines_as_lists
from factory.extract.html_soup import parse_html
from factory.extract.html_walk import text_of
from factory.extract.requirement_scopes import _columns

_NESTED = (
    "<table><tr><th>Method</th><th>OAuth scope</th></tr>"
    "<tr><td>list()</td><td><code>gizmos.read</code></td></tr>"
    "<tr><td>notes<table><tr><td>inner</td><td>row</td></tr></table></td>"
    "<td><code>gizmos.write</code></td></tr></table>"
)


def test_a_requirement_table_reads_its_own_rows_not_a_nested_tables() -> None:
    soup = parse_html(_NESTED)
    outer, inner = soup.find_all("table")
    plan = _columns(outer, text_of)
    assert plan is not None
    rows, column = plan
    assert column == 1
    assert [text_of(r.find_all("td", recursive=False)[1]) for r in rows] == [
        "gizmos.read",
        "gizmos.write",
    ]
    assert _columns(inner, text_of) is None  # one row: no header over rows


def test_code_blocks_of_one_scope_a_line_become_lists_nested_or_not() -> None:
    page = (
        "<h2>Scopes</h2><pre>gizmos:read\ngizmos:write\ngizmos:admin</pre>"
        "<div><pre>widgets:read\nwidgets:write\nwidgets:admin</pre></div><pre>GET /gizmos</pre>"
    )
    soup = parse_html(page)
    assert code_lines_as_lists(soup) == 2
    lists = soup.find_all("ul", attrs={"data-code-lines": "1"})
    assert [[li.get_text() for li in ul.find_all("li")] for ul in lists] == [
        ["gizmos:read", "gizmos:write", "gizmos:admin"],
        ["widgets:read", "widgets:write", "widgets:admin"],
    ]
    assert [p.get_text() for p in soup.find_all("pre")] == ["GET /gizmos"]
