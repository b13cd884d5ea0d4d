"""Doc-page tables that pair endpoints with the scopes they need.

Many scope pages hold an "endpoint | required scope" table. A table counts when one header
cell names an endpoint (``endpoint``, ``path``, ``url``, ``request``, ``operation``, ``api``,
or a separate ``method`` column) and another names scopes or permissions. Each row whose
endpoint cell holds a path (``GET /v1/things`` or a path beside a method column) becomes an
:class:`~factory.models.Operation`: scope-shaped tokens of the scope cell joined by "or" are
alternatives; tokens listed otherwise are all needed (one alternative, the safe reading).
Markdown is rendered to HTML first (markdown-it-py, tables on), so both read the same way.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from factory.extract.text import looks_like_scope
from factory.models import Document, Operation

__all__ = ["endpoint_operations", "table_operations"]

_ENDPOINT_HEAD = re.compile(r"endpoint|path|url|request|operation|\bapi\b|route", re.IGNORECASE)
_METHOD_HEAD = re.compile(r"^\s*(?:http\s+)?(?:method|verb)\s*$", re.IGNORECASE)
_SCOPE_HEAD = re.compile(r"scope|permission", re.IGNORECASE)
_METHOD = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b")
_PATH = re.compile(r"(/[\w{}<>:.~%/-]*)")
_OR = re.compile(r"\s+or\s+|\s*\|\s*", re.IGNORECASE)
_TOKENS = re.compile(r"[,;\s]+|\band\b", re.IGNORECASE)
# A table's first row in raw HTML, and a Markdown table's header (the line above its
# delimiter row): a document none of whose headers names both an endpoint and a scope has no
# endpoint table, and is neither rendered nor parsed (a page's second reading costs as much
# as its first).
_HTML_FIRST_ROW = re.compile(r"<table\b.*?</tr>", re.IGNORECASE | re.DOTALL)
_MARKDOWN_HEADER = re.compile(
    r"^([^\n]*\|[^\n]*)\n[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*$", re.M
)


def _names_both(header: str) -> bool:
    return bool(_SCOPE_HEAD.search(header) and _ENDPOINT_HEAD.search(header))


# ``"<table" in text.lower()`` without lower-casing a whole page (no other letter lowers to
# these: the two agree)
_TABLE_TAG = re.compile("<[Tt][Aa][Bb][Ll][Ee]")


def may_hold_endpoint_table(text: str, kind: str) -> bool:
    """Whether some table header of ``text`` names both an endpoint and a scope column."""
    if _TABLE_TAG.search(text) and any(
        _names_both(m.group(0)) for m in _HTML_FIRST_ROW.finditer(text)
    ):
        return True
    return kind == "markdown" and any(
        _names_both(m.group(1)) for m in _MARKDOWN_HEADER.finditer(text)
    )


def _cells(row: lxml_html.HtmlElement) -> list[str]:
    return [" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]


def _alternatives(cell: str) -> tuple[tuple[str, ...], ...]:
    alts: list[tuple[str, ...]] = []
    for part in _OR.split(cell.strip("`' ")):
        names = tuple(
            dict.fromkeys(t.strip("`'\"()") for t in _TOKENS.split(part) if t.strip("`'\"()"))
        )
        names = tuple(n for n in names if looks_like_scope(n) and not n.startswith("/"))
        if names and names not in alts:
            alts.append(names)
    return tuple(alts)


def table_operations(root: lxml_html.HtmlElement, url: str) -> list[Operation]:
    """Operations from every endpoint-to-scope table under ``root``."""
    found: list[Operation] = []
    for t_index, table in enumerate(root.iter("table"), start=1):
        rows = table.xpath(".//tr")
        if len(rows) < 2:
            continue
        head = _cells(rows[0])
        scope_col = next((i for i, h in enumerate(head) if _SCOPE_HEAD.search(h)), None)
        path_col = next(
            (i for i, h in enumerate(head) if i != scope_col and _ENDPOINT_HEAD.search(h)), None
        )
        method_col = next((i for i, h in enumerate(head) if _METHOD_HEAD.match(h)), None)
        if scope_col is None or path_col is None:
            continue
        for r_index, row in enumerate(rows[1:], start=1):
            cells = _cells(row)
            if len(cells) <= max(scope_col, path_col):
                continue
            endpoint = cells[path_col]
            path = _PATH.search(endpoint)
            if path is None:
                continue
            method = _METHOD.search(endpoint)
            if method is None and method_col is not None and method_col < len(cells):
                method = _METHOD.search(cells[method_col].upper())
            alternatives = _alternatives(cells[scope_col])
            if not alternatives:
                continue
            found.append(
                Operation(
                    operation_id="",
                    method=method.group(1) if method else "",
                    path=path.group(1),
                    alternatives=alternatives,
                    source_url=url,
                    locator=f"table {t_index} row {r_index}",
                    via="table",
                )
            )
    return found


def endpoint_operations(doc: Document, kind: str) -> list[Operation]:
    """Operations from the endpoint tables of an HTML or Markdown document."""
    text = doc.text()
    if not may_hold_endpoint_table(text, kind):
        return []
    if kind == "markdown":
        from markdown_it import MarkdownIt

        text = MarkdownIt("commonmark").enable("table").render(text)
    if not text.strip():
        return []
    try:
        root = lxml_html.fromstring(text)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    return table_operations(root, doc.final_url or doc.url)
