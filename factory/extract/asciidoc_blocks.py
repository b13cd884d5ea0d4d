"""AsciiDoc blocks -> HTML: sections, paragraphs, lists, definition lists, tables, listings.

Why a converter of our own: the maintained Python AsciiDoc processor (asciidoc-py) evaluates
``ifeval::`` expressions and ``{sys:...}`` attributes as Python and shell code, reads
``include::`` files from the working directory, keeps its state in module globals and exits
the process on errors; its safe mode refuses its own configuration files. A fetched page must
never run code, so this module converts the subset documentation pages use, and the HTML
engine reads the result like any other page.

The subset: ``=`` section titles, ``//`` and ``////`` comments, ``:name: value`` attribute
entries (``{name}`` references are replaced), ``include::`` (never followed, counted),
``ifdef``/``ifndef``/``ifeval``/``endif`` (content always kept; lines inside carry the
condition as their version annotation), ``[[id]]`` anchors and ``[...]`` block attributes,
``.Title`` block titles, ``[%collapsible]`` blocks (``<details>`` under their title, as
Asciidoctor serves them), ``----``/``....`` listings, ``====``/``****``/``____``/``--``
compound blocks (their content is read), ``|===`` tables (header row when the first line is
followed by a blank line or ``options="header"``), ``*``/``-``/``.`` lists with nesting,
``+`` list continuations, and ``term::`` definition lists.

One reading choice: a bullet list whose items are each a lone bold term (``** *name*``, the
AsciiDoc way of listing named things, each explained by an attached ``+`` block) is emitted as
the term/definition list it is (``<dl>``: the bold term, then the attached blocks).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from factory.extract.asciidoc_inline import render_inline
from factory.extract.asciidoc_pre import (
    ANCHOR,
    BLOCK_ATTR,
    DELIMS,
    MARK_CLOSE,
    MARK_OPEN,
    AsciiDocPage,
    preprocess,
)
from factory.extract.html_blocks import ATTACHED

__all__ = ["AsciiDocPage", "render_asciidoc"]


_SECTION = re.compile(r"^(={1,6})\s+(\S.*?)\s*=*\s*$")
_BLOCK_TITLE = re.compile(r"^\.([^.\s].*)$")
_UL = re.compile(r"^\s*(\*{1,5}|-)\s+(\S.*)$")
_OL = re.compile(r"^\s*(\.{1,5}|\d+\.)\s+(\S.*)$")
_DLIST = re.compile(r"^(?!\s*[*.-]\s)(\S.*?)(:{2,4}|;;)(?:\s+(.*))?$")
_MARK_RE = re.compile(MARK_OPEN + r"\d+" + MARK_CLOSE)
# A cell separator, with the cell specifier before it (span, repeat, alignment, style) when
# it starts a line or follows a space: "2+|", ".3+|", "3*|", "^.^|", "a|".
_CELL_SEP = re.compile(
    r"(?<!\\)(?:(?:(?<=\s)|^)((?:\d+\*)?(?:\d*(?:\.\d+)?\+)?[<^>]?(?:\.[<^>])?[adehlmsv]?))?\|",
    re.MULTILINE,
)


@dataclass
class _Item:
    marker: str
    kind: str  # "ul", "ol", "dl"
    term: str = ""  # a definition list's term, as written
    term_html: str | None = None  # a bold-term item's term, rendered
    blocks: list[str | list[_Item]] = field(default_factory=list)  # HTML blocks, nested lists
    attached: set[int] = field(default_factory=set)  # indices of blocks attached by "+"


class _Converter:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.i = 0

    def blocks(self, stop: str | None = None) -> list[str]:
        """Render blocks until ``stop`` (a closing delimiter) or the end."""
        out: list[str] = []
        title = ""
        attrs = ""
        while self.i < len(self.lines):
            line = self.lines[self.i]
            stripped = line.strip()
            if stop is not None and stripped == stop:
                self.i += 1
                return out
            if not stripped:
                self.i += 1
                continue
            section = _SECTION.match(line)
            if section and stop is None:
                level = min(len(section.group(1)), 6)
                out.append(f"<h{level}>{render_inline(section.group(2))}</h{level}>")
                self.i += 1
            elif ANCHOR.match(stripped):
                self.i += 1
            elif BLOCK_ATTR.match(stripped):
                attrs = stripped
                self.i += 1
                continue
            elif _BLOCK_TITLE.match(stripped) and not _OL.match(line):
                title = _BLOCK_TITLE.match(stripped).group(1)  # type: ignore[union-attr]
                self.i += 1
                continue
            elif stripped == "|===":
                self.i += 1
                out.append(self.table(title, attrs))
            elif stripped in DELIMS:
                self.i += 1
                block = self.delimited(stripped)
                if title and "%collapsible" in attrs:  # served as <details>: title, then body
                    block = f"<details><summary>{render_inline(title)}</summary>{block}</details>"
                out.append(block)
            elif _list_marker(line) is not None:
                if title:
                    out.append(f"<p>{render_inline(title)}</p>")
                out.append(self.list_block())
            else:
                if title:
                    out.append(f"<p>{render_inline(title)}</p>")
                out.append(self.paragraph())
            title, attrs = "", ""
        return out

    def paragraph(self) -> str:
        start = self.i
        while self.i < len(self.lines) and self._continues_paragraph(self.lines[self.i]):
            self.i += 1
        self.i = max(self.i, start + 1)
        return f"<p>{render_inline(chr(10).join(self.lines[start : self.i]).strip())}</p>"

    def _continues_paragraph(self, line: str) -> bool:
        stripped = line.strip()
        return bool(stripped) and stripped not in DELIMS and stripped not in ("+", "|===")

    def delimited(self, delim: str) -> str:
        if DELIMS[delim] == "pre":
            start = self.i
            while self.i < len(self.lines) and self.lines[self.i].strip() != delim:
                self.i += 1
            body = "\n".join(self.lines[start : self.i])
            self.i += 1
            return f"<pre>{html.escape(body, quote=False)}</pre>"
        return "<div>" + "\n".join(self.blocks(stop=delim)) + "</div>"

    def table(self, title: str, attrs: str) -> str:
        start = self.i
        while self.i < len(self.lines) and self.lines[self.i].strip() != "|===":
            self.i += 1
        body = self.lines[start : self.i]
        self.i += 1
        cols = re.search(r'cols="?([^"\]]+)', attrs)
        first = next((ln for ln in body if ln.strip()), "")
        width = sum(span for _, span in _cells(first)) or 1
        if cols:
            width = sum(_col_count(c) for c in re.split(r"[,;]", cols.group(1))) or width
        rows: list[list[tuple[str, int]]] = [[]]
        used = 0
        for cell, span in _cells("\n".join(body)):
            if used >= width:
                rows.append([])
                used = 0
            rows[-1].append((cell, span))
            used += span
        first_index = body.index(first) if first in body else 0
        header = ("header" in attrs and "noheader" not in attrs) or (
            "noheader" not in attrs
            and len(body) > first_index + 1
            and not body[first_index + 1].strip()
        )
        caption = f"<caption>{render_inline(title)}</caption>" if title else ""
        out = [f"<table>{caption}"]
        for number, row in enumerate(r for r in rows if r):
            tag = "th" if header and number == 0 else "td"
            out.append("<tr>" + "".join(_cell_tag(tag, c, span) for c, span in row) + "</tr>")
        out.append("</table>")
        return "\n".join(out)

    def list_block(self) -> str:
        """A list and its nested lists, from the current line to the end of the list."""
        root: list[_Item] = []
        stack: list[tuple[str, list[_Item]]] = []  # (marker, items) from outer to inner
        while self.i < len(self.lines):
            line = self.lines[self.i]
            stripped = line.strip()
            found = _list_marker(line)
            if found is not None:
                marker, kind, term, rest = found
                markers = [m for m, _ in stack]
                if marker in markers:
                    del stack[markers.index(marker) + 1 :]
                else:
                    items: list[_Item] = []
                    if stack and stack[-1][1]:
                        stack[-1][1][-1].blocks.append(items)
                    else:
                        root = items
                    stack.append((marker, items))
                if kind == "dl":  # a condition marker belongs to the term the engine reads
                    marks = "".join(_MARK_RE.findall(rest))
                    term, rest = term + marks, _MARK_RE.sub("", rest)
                item = _Item(marker, kind, term)
                stack[-1][1].append(item)
                self.i += 1
                text = [rest] if rest else []
                while self.i < len(self.lines) and self._item_text_line(self.lines[self.i]):
                    text.append(self.lines[self.i].strip())
                    self.i += 1
                if text:
                    item.blocks.append(f"<p>{render_inline(chr(10).join(text))}</p>")
            elif stripped == "+" and stack:
                self.i += 1
                if self.i < len(self.lines) and _list_marker(self.lines[self.i]) is None:
                    item = stack[-1][1][-1]
                    for block in self._attached_block():
                        item.attached.add(len(item.blocks))
                        item.blocks.append(block)
            elif not stripped and stack:
                nxt = self._next_nonblank()
                if nxt is None or _list_marker(self.lines[nxt]) is None:
                    break
                self.i = nxt
            else:
                break
        return _render_items(root)

    def _attached_block(self) -> list[str]:
        """One block attached to a list item by ``+``."""
        stripped = self.lines[self.i].strip()
        if stripped in DELIMS:
            self.i += 1
            return [self.delimited(stripped)]
        if stripped == "|===":
            self.i += 1
            return [self.table("", "")]
        return [self.paragraph()]

    def _item_text_line(self, line: str) -> bool:
        stripped = line.strip()
        return (
            bool(stripped)
            and _list_marker(line) is None
            and stripped not in ("+", "|===")
            and stripped not in DELIMS
        )

    def _next_nonblank(self) -> int | None:
        j = self.i
        while j < len(self.lines) and not self.lines[j].strip():
            j += 1
        return j if j < len(self.lines) else None


def _list_marker(line: str) -> tuple[str, str, str, str] | None:
    """(marker, kind, term, rest of the line) of a list item line, or None."""
    ul = _UL.match(line)
    if ul:
        return ul.group(1), "ul", "", ul.group(2)
    ol = _OL.match(line)
    if ol:
        marker = ol.group(1) if not ol.group(1)[0].isdigit() else "1."
        return marker, "ol", "", ol.group(2)
    dl = _DLIST.match(line)
    if dl and not _SECTION.match(line):
        return dl.group(2), "dl", dl.group(1).strip(), dl.group(3) or ""
    return None


def _render_items(items: list[_Item]) -> str:
    if not items:
        return ""
    kind = items[0].kind
    if kind == "ul" and all(_lone_bold(item) for item in items):
        kind = "dl"  # each item is a bold term explained by its attached blocks
        for item in items:
            lead = str(item.blocks.pop(0))
            item.term_html = lead.removeprefix("<p>").removesuffix("</p>")
    out = [f"<{kind}>"]
    for item in items:
        body = "".join(_render_items(b) if isinstance(b, list) else b for b in item.blocks)
        if kind == "dl" and item.term_html is None and 0 not in item.attached:
            # a term's own text, then the blocks "+" attached to it, marked as such
            body = "".join(_block_html(b, k in item.attached) for k, b in enumerate(item.blocks))
        if kind == "dl":
            term = item.term_html if item.term_html is not None else render_inline(item.term)
            out.append(f"<dt>{term}</dt>" + (f"<dd>{body}</dd>" if body else ""))
        else:
            out.append(f"<li>{body}</li>")
    out.append(f"</{kind}>")
    return "\n".join(out)


def _block_html(block: str | list[_Item], attached: bool) -> str:
    html_block = _render_items(block) if isinstance(block, list) else block
    return f'<div {ATTACHED}="1">{html_block}</div>' if attached else html_block


def _lone_bold(item: _Item) -> bool:
    """An item whose own text is a single bold term (what follows is attached blocks)."""
    lead = item.blocks[0] if item.blocks else None
    if not isinstance(lead, str) or not lead.startswith("<p><strong>"):
        return False
    inner = _MARK_RE.sub("", lead)
    return bool(re.fullmatch(r"<p><strong>[^<]+</strong></p>", inner))


def _cells(text: str) -> list[tuple[str, int]]:
    """(cell text, column span) of table text; ``2+|`` spans, ``3*|`` repeats, ``a|`` styles."""
    parts = _CELL_SEP.split(text)
    out: list[tuple[str, int]] = []
    for k in range(1, len(parts) - 1, 2):
        spec, cell = parts[k] or "", parts[k + 1].strip()
        repeat = re.match(r"(\d+)\*", spec)
        span = re.match(r"(?:\d+\*)?(\d+)(?:\.\d+)?\+", spec)
        for _ in range(int(repeat.group(1)) if repeat else 1):
            out.append((cell, int(span.group(1)) if span else 1))
    return out


def _col_count(spec: str) -> int:
    """Columns one ``cols`` entry stands for (``3*`` is three)."""
    found = re.match(r"\s*(\d+)\*", spec)
    return int(found.group(1)) if found else 1


def _cell_tag(tag: str, cell: str, span: int) -> str:
    colspan = f' colspan="{span}"' if span > 1 else ""
    return f"<{tag}{colspan}>{_cell_html(cell)}</{tag}>"


def _cell_html(cell: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", cell) if p.strip()]
    if len(paragraphs) <= 1:
        return render_inline(cell)
    return "".join(f"<p>{render_inline(p)}</p>" for p in paragraphs)


_TABLE_DELIM = re.compile(r"^[ \t]*\|={3,}[ \t]*$", re.M)


def render_asciidoc(text: str) -> AsciiDocPage:
    """Render an AsciiDoc page (the subset above) to HTML."""
    page = AsciiDocPage(html="")
    # "|=======" opens a table as "|===" does (any run of three or more "="); one spelling
    # for the converter (a table's closing line repeats its opening one)
    lines = preprocess(_TABLE_DELIM.sub("|===", text), page)
    first = next((ln for ln in lines if ln.strip()), "")
    title = _SECTION.match(first)
    if title and len(title.group(1)) == 1:
        page.title = title.group(2)
    page.html = "\n".join(_Converter(lines).blocks())
    return page
