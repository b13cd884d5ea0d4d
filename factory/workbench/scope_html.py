"""The scope table as HTML people can read at 400 rows, and the allow-list that keeps it safe.

:func:`scope_table_html` renders key columns first (name, description, type, kind, version,
status), left-aligned, descriptions wrapped, sources as short ``https`` links, flagged rows
coloured, paged in collapsible blocks of :data:`PAGE_ROWS` so the browser's find still sees
every row. :func:`scope_summary_html` gives the counts by source, kind, version, type and
status, with a small bar figure of each. No script: the same markup works in JupyterLab, in
the saved ``.ipynb`` and in the HTML export.

Everything it renders goes through :func:`factory.sanitize.safe_html` as well as
:func:`html.escape`.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from factory.contract.wordings import kind_wordings
from factory.research.saved_copy import official_url_of_copy
from factory.research.table import LIST_SEPARATOR
from factory.sanitize import safe_html
from factory.textsafe import NO_DESCRIPTION, present_text

if TYPE_CHECKING:
    import pandas as pd

PAGE_ROWS: Final = 50
KEY_COLUMNS: Final = ("scope_name", "description", "scope_type", "kinds", "versions", "status")
_FLAGGED_ROW = "background-color:#fff8e1"
# JupyterLab right-aligns and centres table cells: a short inline style wins everywhere.
_CELL = "text-align:left;vertical-align:top;overflow-wrap:anywhere"
# A long scope name wraps inside its own column (the table is fixed-layout) instead of being
# drawn over the description next to it.
_NAME = "white-space:normal;overflow-wrap:anywhere;word-break:break-word"


def short_link(url: str) -> str:
    """A source as a short link: ``host/…/last-part`` for web URLs; a local file as the link to
    the official page it is a saved copy of, when the file says so
    (:func:`factory.research.saved_copy.official_url_of_copy`), else its name."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        official = official_url_of_copy(url)
        name = html.escape(parts.path.rstrip("/").rsplit("/", 1)[-1] or url)
        if official is None:
            return f'<span title="{html.escape(url)}">{name}</span>'
        title = html.escape(f"saved copy {url} of {official}", quote=True)
        return (
            f'<a href="{html.escape(official, quote=True)}" title="{title}">'
            f"{_label(official)}</a> <small>(saved copy: {name})</small>"
        )
    return f'<a href="{html.escape(url, quote=True)}">{_label(url)}</a>'


def _label(url: str) -> str:
    parts = urlsplit(url)
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.netloc
    return html.escape(f"{parts.netloc}/…/{tail}")


def _cell(value: object) -> str:
    return html.escape(value) if isinstance(value, str) else ""


def _row_html(row: dict[str, object]) -> str:
    flagged = row.get("status") != "ok"
    status = _cell(row.get("status"))
    if present_text(row.get("flags")):
        status += f"<br><small>{_cell(row.get('flags'))}</small>"
    if not row.get("include", True):
        status += "<br><small>left out</small>"
    if present_text(row.get("note")):
        status += f'<br><small style="color:#795548">{_cell(row.get("note"))}</small>'
    description = _cell(row.get("description")) or f"<i>{NO_DESCRIPTION}</i>"
    wordings = kind_wordings(
        present_text(row.get("kind_descriptions")), present_text(row.get("description"))
    )
    if wordings is not None:  # one description field, two kinds: which one is in the contract
        description += f"<br><small>{_cell(wordings.line())}</small>"
    if present_text(row.get("other_descriptions")):
        description += f"<br><small>other text: {_cell(row.get('other_descriptions'))}</small>"
    sources = "<br>".join(
        short_link(u) for u in present_text(row.get("sources")).split(LIST_SEPARATOR) if u
    )
    cells = [
        f'<code style="{_NAME}">{_cell(row.get("scope_name"))}</code>',
        description,
        _cell(row.get("scope_type")),
        _cell(row.get("kinds")),
        _cell(row.get("versions")),
        status,
        sources,
    ]
    style = f' style="{_FLAGGED_ROW}"' if flagged else ""
    tds = [f'<td style="{_CELL}">{c}</td>' for c in cells]
    tds[-1] = f'<td style="{_CELL};word-break:break-all">{cells[-1]}</td>'
    return f"<tr{style}>" + "".join(tds) + "</tr>"


_HEADERS: Final = ("scope", "description", "type", "kind", "version", "status", "sources")
_WIDTHS: Final = ("18%", "40%", "6%", "8%", "7%", "11%", "10%")


def scope_table_html(table: pd.DataFrame, page_rows: int = PAGE_ROWS) -> str:
    """The scope table as readable, safe HTML, paged in collapsible blocks (first one open)."""
    records = table.to_dict("records")
    head = "".join(
        f'<th scope="col" style="{_CELL};width:{w};background-color:#eceff1">{h}</th>'
        for h, w in zip(_HEADERS, _WIDTHS, strict=True)
    )
    blocks = []
    for start in range(0, len(records), page_rows):
        chunk = records[start : start + page_rows]
        flagged = sum(1 for r in chunk if r.get("status") != "ok")
        body = "".join(_row_html(r) for r in chunk)
        opened = " open" if start == 0 else ""
        blocks.append(
            f"<details{opened}><summary>rows {start + 1}-{start + len(chunk)} of {len(records)}"
            f" ({flagged} flagged)</summary>"
            f'<table class="cf-scope-table" '
            f'style="border-collapse:collapse;width:100%;table-layout:fixed">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
        )
    if not blocks:
        blocks.append("<p><i>No scopes.</i></p>")
    return safe_html('<div class="cf-scope-view">' + "".join(blocks) + "</div>")


def _counts(values: Iterable[str]) -> Counter[str]:
    return Counter(v for v in values if v)


def _bars(title: str, counts: Counter[str], total: int) -> str:
    rows = []
    for label, n in counts.most_common(12):
        width = max(1, round(200 * n / max(total, 1)))
        rows.append(
            f'<tr><td style="{_CELL}">{label}</td><td style="{_CELL}">{n}</td>'
            f'<td style="{_CELL}"><div style="background-color:#1976d2;height:10px;'
            f'width:{width}px"></div></td></tr>'
        )
    return (
        f'<table style="border-collapse:collapse;margin:0 16px 8px 0"><thead><tr>'
        f'<th scope="col" style="{_CELL}">{title}</th><th scope="col" style="{_CELL}">scopes</th>'
        f'<th scope="col" style="{_CELL}">share</th></tr></thead><tbody>{"".join(rows)}'
        "</tbody></table>"
    )


def scope_summary_html(table: pd.DataFrame) -> str:
    """Counts by source, kind, version, type and status, each with a small bar figure."""
    records = table.to_dict("records")
    total = len(records)

    def split(column: str, sep: str) -> list[str]:
        return [p.strip() for r in records for p in str(r.get(column) or "").split(sep)]

    source_links = Counter(short_link(u) for u in split("sources", LIST_SEPARATOR) if u)
    flags = _counts(html.escape(f) for f in split("flags", ","))
    parts = [
        _bars("source", source_links, total),
        _bars("kind", _counts(html.escape(k) for k in split("kinds", ",")), total),
        _bars("version", _counts(html.escape(v) for v in split("versions", ",")), total),
        _bars("type", _counts(html.escape(str(r.get("scope_type"))) for r in records), total),
        _bars("status", _counts(html.escape(str(r.get("status"))) for r in records), total),
        _bars("flag", flags, total),
    ]
    included = sum(bool(r.get("include", True)) for r in records)
    head = f"<p><b>{total} scope(s)</b>, {included} included by default; flagged rows say why.</p>"
    return safe_html(head + '<div style="display:flex;flex-flow:row wrap">' + "".join(parts)
                     + "</div>")  # fmt: skip


def contract_preview_html(contract: dict[str, object]) -> str:
    """The contract as collapsed, escaped JSON (``<details>``): one line until opened."""
    import json

    sections = contract.get("sections")
    scopes = sections.get("scopes", {}).get("scopes", []) if isinstance(sections, dict) else []
    text = html.escape(json.dumps(contract, indent=2, ensure_ascii=False))
    return safe_html(
        f"<details><summary>Contract preview: {len(scopes)} scope(s) (open to read the JSON)"
        f'</summary><pre style="max-height:480px;overflow:auto">{text}</pre></details>'
    )
