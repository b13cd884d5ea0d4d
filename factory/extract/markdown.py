"""Markdown / MDX extractor: preprocess templates, render to HTML, reuse the HTML engine.

One engine, not two: the Markdown is rendered with markdown-it-py (CommonMark + tables,
raw HTML kept) and read by ``extract_from_html_text``. Liquid version conditions survive
rendering as line markers and become each record's version annotation.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin

from factory.extract.html import decode_document, extract_from_html_text
from factory.extract.markdown_cells import unbalanced_cell_tags
from factory.extract.markdown_delims import unescape_delimiter_rows
from factory.extract.markdown_pre import preprocess_markdown
from factory.extract.markdown_split import install as _fast_table_rows
from factory.extract.markdown_yfm import yfm_tables
from factory.extract.registry import register
from factory.models import Document, ExtractionResult

__all__ = [
    "extract_markdown",
    "extract_markdown_text",
    "join_broken_rows",
    "render_markdown",
    "render_markdown_checked",
    "repair_table_delimiters",
]

_fast_table_rows()  # same cells, without a Python loop per character (markdown_split)

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return _UNESCAPED_PIPE.split(body)


def repair_table_delimiters(markdown: str) -> tuple[str, int]:
    """Give a pipe table's delimiter row as many cells as its header row.

    GFM (and markdown-it) refuse a table whose header and delimiter rows differ in cell
    count, so a copy-edited table (4 header cells over ``|:--|:--|:--|:--|:--|``) renders as
    a paragraph and its rows are lost; the docs' own renderers still show it as a table.
    Only the delimiter row is rewritten (cells kept, missing ones added as ``---``, extra
    ones dropped); body rows and everything inside code fences stay as they are.

    Returns:
        The Markdown and how many delimiter rows were rewritten.
    """
    lines = markdown.split("\n")
    in_fence, fixed = False, 0
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or i == 0 or "-" not in line or "|" not in line:
            continue
        delims, header = _cells(line), lines[i - 1]
        if not all(_DELIMITER_CELL.match(c) for c in delims) or "|" not in header:
            continue
        width = len(_cells(header))
        if (
            width < 2
            or width == len(delims)
            or all(_DELIMITER_CELL.match(c) for c in _cells(header))
        ):
            continue
        cells = [c.strip() for c in delims[:width]] + ["---"] * (width - len(delims))
        lines[i] = "|" + "|".join(cells) + "|"
        fixed += 1
    return "\n".join(lines), fixed


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MAX_ROW_LINES = 40


def join_broken_rows(markdown: str) -> tuple[str, int]:
    """Join pipe-table rows that a converter broke over several lines into one line each.

    Markdown converted from rendered HTML often keeps a cell's bullet list as lines of their
    own: the row opens with ``|`` and only closes with ``|`` lines later. GFM would end the
    table at the first such line and lose every later row. Inside a table (after its
    delimiter row), a line that opens with ``|`` but does not close with one is joined with
    the lines after it up to the first line that closes with ``|`` (list markers dropped,
    ``<br>`` between the parts, as the cell renders). A row that never closes, or runs into
    a new row or a heading first, stays as it is.

    Returns:
        The Markdown and how many rows were joined.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    in_fence = in_table = False
    joined = i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
        stripped = line.strip()
        if in_fence or not stripped:
            in_table = in_table and not in_fence and bool(stripped)
            out.append(line)
            i += 1
            continue
        if not in_table:
            in_table = stripped.startswith("|") and i > 0 and _is_delimiter(stripped)
            out.append(line)
            i += 1
            continue
        end = _row_end(lines, i) if stripped.startswith("|") and not _closes(stripped) else None
        if end is None:
            in_table = stripped.startswith("|")
            out.append(line)
            i += 1
            continue
        parts = [stripped] + [_LIST_ITEM.sub("", lines[k].strip()) for k in range(i + 1, end + 1)]
        closing = parts.pop() if parts[-1] == "|" else ""
        out.append(" <br> ".join(p for p in parts if p) + (" |" if closing else ""))
        joined += 1
        i = end + 1
    return "\n".join(out), joined


def _is_delimiter(line: str) -> bool:
    cells = _cells(line)
    return len(cells) >= 1 and all(_DELIMITER_CELL.match(c) for c in cells)


def _closes(line: str) -> bool:
    return line.endswith("|") and not line.endswith("\\|")


def _row_end(lines: list[str], start: int) -> int | None:
    """The line that closes the row opened at ``start``, if it closes before a new block."""
    for k in range(start + 1, min(len(lines), start + _MAX_ROW_LINES)):
        text = lines[k].strip()
        if text == "|":
            return k  # the closing pipe alone on its line (after `* ROLE` / `- ROLE` lines)
        if text.startswith(("|", "#")) or _FENCE.match(lines[k]):
            return None
        if _closes(text):
            return k
    return None


def render_markdown(markdown: str) -> str:
    """Render Markdown (CommonMark, pipe tables, strikethrough, raw HTML, definition lists and
    ``!!!`` admonitions as Python-Markdown sites render them) to HTML."""
    return render_markdown_checked(markdown)[0]


def render_markdown_checked(markdown: str) -> tuple[str, list[str]]:
    """Render like ``render_markdown``, with a pipe-table cell's stray table tags blanked.

    Returns:
        The HTML and one warning per table cell whose raw HTML would have ended its table.
    """
    parser = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(deflist_plugin)  # "term" then ":   definition" (MkDocs def_list, kramdown, Pandoc)
        .use(admon_plugin)  # "!!! note" blocks (MkDocs, Python-Markdown): their body is text
    )
    env: dict[str, object] = {}
    tokens = parser.parse(markdown, env)
    broken = unbalanced_cell_tags(tokens)
    warns = [
        f"raw HTML table tags inside a Markdown table cell ({cell}) would end the table "
        "there: they were ignored; check the rows of that table against the page"
        for cell in broken
    ]
    return parser.renderer.render(tokens, parser.options, env), warns


def extract_markdown_text(
    text: str,
    *,
    source_url: str | None = None,
    includes_root: Path | None = None,
    fmt: str = "markdown",
) -> ExtractionResult:
    """Extract scopes and auth findings from Markdown/MDX text.

    Args:
        text: The Markdown as stored (front matter, Liquid, Hugo shortcodes, MDX allowed).
        source_url: Recorded on every record.
        includes_root: Folder to resolve ``{% data ... %}`` includes from (GitHub docs
            layout: ``data/variables``, ``data/reusables``, ``data/features``); None leaves
            them verbatim and warns.
        fmt: The ``format`` reported in the result.

    Returns:
        The records the HTML engine finds in the rendered page, plus preprocessing warnings.
    """
    pre = preprocess_markdown(text, includes_root=includes_root, render=render_markdown)
    markdown = yfm_tables(pre.markdown, render_markdown)
    markdown, _unescaped = unescape_delimiter_rows(markdown)
    markdown, _repaired = repair_table_delimiters(markdown)
    markdown, _joined = join_broken_rows(markdown)
    html, cell_warns = render_markdown_checked(markdown)
    result = extract_from_html_text(
        html, source_url, conditions=pre.conditions, fmt=fmt, title=pre.title
    )
    return ExtractionResult(
        source=result.source,
        format=fmt,
        scopes=result.scopes,
        auth=result.auth,
        warnings=(*pre.warnings, *cell_warns, *result.warnings),
    )


@register("mdx")
@register("markdown")
def extract_markdown(doc: Document) -> ExtractionResult:
    """Extract scope records from a Markdown or MDX document.

    Raises:
        ExtractionError: the document is empty, binary or cannot be parsed.
    """
    text, warns = decode_document(doc)
    fmt = "mdx" if (doc.final_url or doc.url).lower().split("?")[0].endswith(".mdx") else "markdown"
    result = extract_markdown_text(text, source_url=doc.final_url or doc.url, fmt=fmt)
    return ExtractionResult(
        source=result.source,
        format=result.format,
        scopes=result.scopes,
        auth=result.auth,
        warnings=(*warns, *result.warnings),
    )
