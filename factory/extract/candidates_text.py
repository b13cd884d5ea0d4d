"""The harvester's pieces of source text (Markdown, MDX, reStructuredText, AsciiDoc, Stone),
read line by line.

One piece per line under its heading path; fenced, literal and AsciiDoc listing blocks as
code (a block of one name a line is a list of them too); inline code spans as code;
pipe-table cells by column (a cell that goes on over bullet lines stays one cell); bullet
items by list; definition terms; headings (the headings of one level under one parent are
one list); the titles of disclosure widgets, tabs and AsciiDoc blocks (``<summary>x</summary>``,
``.. dropdown:: x``, ``.x`` before a block); and JSX/HTML attributes and component props
(``<Scopes scopes="a,b" />``, ``scope={["a", "b"]}``, a ``<TabItem value="x">``'s title).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from factory.extract.candidates_code import keyed_values
from factory.extract.candidates_fences import collapsed_fence, fence_closes, front_matter_end
from factory.extract.candidates_html_blocks import html_table_end, html_table_segments
from factory.extract.candidates_lines import (
    DATA_LINE,
    LONE_EMPHASIS,
    ROLE_BEFORE,
    attribute_segments,
    capture_name,
    tab_names,
)
from factory.extract.candidates_shape import Segment, quoted_words
from factory.extract.candidates_tables import (
    CLAIMS_COLUMN,
    CLAIMS_TABLE,
    claims_table,
    header_holds_names,
    is_header_rule,
    list_table,
    other_column,
)

__all__ = ["one_per_line", "text_segments"]


_HEADING_MD = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ADOC_HEADING = re.compile(r"^(={1,6})\s+(\S.*)$")
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ADOC_FENCE = re.compile(r"^(-{4,}|\.{4,})\s*$")
# a disclosure widget's or a tab's title on its own line: ``<summary>x</summary>``,
# ``.. dropdown:: x``, ``.. tab-item:: x``
_PART_TITLE = re.compile(
    r"^\s*<summary>\s*(.*?)\s*</summary>\s*$"
    r"|^\s*\.\.\s+(?:dropdown|tab-item|tab|details|collapse|card|accordion)::\s+(\S.*?)\s*$"
)
# an AsciiDoc block title (".name" right before a block's delimiter or after its attributes)
_BLOCK_TITLE = re.compile(r"^\.([^\s.].*?)\s*$")
_ADOC_DELIMITERS = ("====", "----", "****", "|===", "....", "____", "[")
_RST_CODE = re.compile(r"::\s*$")
# a directive (".. note::", ".. list-table::") holds content, not a literal block, unless it
# is one of the code directives
_RST_DIRECTIVE_NAME = re.compile(r"^\s*\.\.\s+([\w:-]+?)::")
_RST_CODE_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "literalinclude"})
_GRID_RULE = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")


def _opens_literal(line: str) -> bool:
    """Whether the indented lines after ``line`` are a literal (code) block: a line ending
    in ``::``, or a code directive whatever its argument (``.. code-block:: text``)."""
    directive = _RST_DIRECTIVE_NAME.match(line)
    if directive is not None:
        return directive.group(1) in _RST_CODE_DIRECTIVES
    return bool(_RST_CODE.search(line))


# Markdown/rst bullets and numbers; AsciiDoc nests by repeating the mark ("** item", ".. step")
_BULLET = re.compile(r"^\s*(?:[*+-]{1,5}|\d+[.)]|\.{1,5})\s+(.*)$")
_RST_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?:[\w:-]+::|_|\||\[)")
_TERM = re.compile(r"^(\S[^:]*?)::\s*$|^(\S.*)$")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)([^`\n]+?)(?<!`)\1(?!`)")
_HTML_CODE = re.compile(r"<code(?:\s[^>]*)?>([^<\n]{1,120})</code>", re.I)


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_TITLE = re.compile(r"^title:\s*[\"']?(.*?)[\"']?\s*$")


def _front_matter_title(lines: list[str]) -> str:
    """The ``title:`` of a YAML front matter block, if the text opens with one."""
    if not lines or lines[0].strip() != "---":
        return ""
    for line in lines[1:40]:
        if line.strip() == "---":
            return ""
        found = _TITLE.match(line)
        if found:
            return found.group(1)
    return ""


def _next_text(lines: list[str], start: int) -> str:
    """The first line of text after a heading (its underline and blank lines skipped)."""
    for line in lines[start : start + 4]:
        stripped = line.strip()
        if stripped and not _UNDERLINE.match(stripped):
            return stripped
    return ""


def _block(lines: list[str], where: str, section: str, intro: str = "") -> Iterator[Segment]:
    """A code block, and the values under its keys named for scopes."""
    code = "\n".join(lines)
    yield Segment(code, where, "block", section)
    yield from keyed_values(code, section, where)
    yield from one_per_line(code, where, section, intro)


def one_per_line(code: str, where: str, section: str, intro: str) -> Iterator[Segment]:
    """A block of three or more lines that each hold one token is a list: each line is an
    item of it (``One scope per line:`` then the names)."""
    lines = [line.strip() for line in code.splitlines() if line.strip()]
    if len(lines) < _MIN_LINES or not all(_ONE_WORD.fullmatch(line) for line in lines):
        return
    for line in lines:
        yield Segment(line, f"{where} line", "item", section, intro, f"cl{where}")


_MIN_LINES = 3
_ONE_WORD = re.compile(r"[^\s{}()\[\];=<>\"',]+")


def text_segments(
    text: str, read_html: Callable[[str], Iterator[Segment]] | None = None
) -> Iterator[Segment]:
    """The pieces of a source text (Markdown, MDX, rst, AsciiDoc, Stone), in order;
    ``read_html`` reads a raw HTML table as HTML (without it the table is read as lines)."""
    lines = [html.unescape(line) if "&" in line else line for line in text.splitlines()]
    path: list[tuple[int, str]] = []
    title = _front_matter_title(lines)
    if title:
        path.append((0, title))  # the page's own title heads every section
    path_at: list[str] = []
    levels: dict[str, int] = {}
    block: list[str] = []
    block_at = ""
    intro = ""
    fence = ""
    collapsed = False  # the open fence's block was collapsed onto wrapped lines
    literal = False
    table_no, list_no = 0, 0
    header: list[str] = []
    claims = ""
    in_table = in_list = False
    skip_to = front_matter_end(lines)  # the front matter's keys are settings, not terms
    if skip_to:
        yield from keyed_values("\n".join(lines[1 : skip_to - 1]), "", "front matter")
    lead_ins: dict[str, str] = {}  # a section's lone bold lines: the text that introduced them
    capture = ""  # a template capture's name, in words: its content's own section
    path_text = " > ".join(t for _l, t in path)  # joined again only when a heading moves it
    for i, line in enumerate(lines):
        section = path_text
        if capture:
            section = f"{section} > {capture}" if section else capture
        path_at.append(section)
        if i < skip_to:
            continue  # a list-table's lines, read as its cells
        where = f"line {i + 1}"
        stripped = line.strip()
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if fence:
            if fence_closes(stripped, fence, collapsed):
                fence = ""
                yield from _block(block, block_at, section, intro)
            else:
                block.append(line)
            continue
        if literal:
            if stripped and not line[:1].isspace():
                literal = False
                yield from _block(block, block_at, section, intro)
            else:
                block.append(line)
                continue
        opens_html = read_html is not None and "<" in stripped[:1]
        table_end = html_table_end(lines, i) if opens_html else None
        if table_end is not None:  # a raw HTML table: read as the HTML it renders to
            raw = "\n".join(text.splitlines()[i:table_end])
            yield from html_table_segments(raw, where, section, read_html)
            skip_to, in_table, in_list = table_end, False, False
            continue
        part = _PART_TITLE.match(line)
        if part is None and _BLOCK_TITLE.match(line):
            before = lines[i - 1].strip() if i else ""
            if following.strip().startswith(_ADOC_DELIMITERS) or before.startswith("["):
                part = _BLOCK_TITLE.match(line)
        if part is not None:
            # a disclosure widget's or a block's title names its part, as a heading would (a
            # tab's only with a name's separator: "curl" labels a control)
            title = next(g for g in part.groups() if g is not None).strip()
            tab = part.re is _PART_TITLE and part.lastindex == 2 and "tab" in line.split("::")[0]
            if not tab or tab_names(title):
                yield Segment(title, where, "item", section, "", f"pt{section}")
            continue
        captured = capture_name(line)
        if captured is not None:  # a capture names what it holds, as a heading would
            capture = captured
            continue
        opened = _FENCE.match(line)
        if opened is None and i and _ADOC_FENCE.match(line):
            before = lines[i - 1].strip()
            if before.startswith("[") or _BLOCK_TITLE.match(before):
                opened = _ADOC_FENCE.match(line)  # an AsciiDoc listing or literal block
        if opened:
            fence, block, block_at = opened.group(1), [], f"code block at {where}"
            collapsed = collapsed_fence(line, fence)
            continue
        heading = _HEADING_MD.match(line) or _ADOC_HEADING.match(line)
        underline = (
            i + 1 < len(lines) and stripped and _UNDERLINE.match(lines[i + 1].strip() or "x")
        )
        if heading or (underline and len(lines[i + 1].strip()) >= len(stripped) * 0.6):
            mark = lines[i + 1].strip()[:1] if i + 1 < len(lines) else ""
            level = len(heading.group(1)) if heading else levels.setdefault(mark, len(levels) + 1)
            title = heading.group(2) if heading else stripped
            while path and path[-1][0] >= level:
                path.pop()
            section = " > ".join(t for _l, t in path)  # its parent's path, not a sibling's
            if capture:
                section = f"{section} > {capture}" if section else capture
            group = f"h{level}:{section}"  # a heading per scope: its siblings are one list
            around = _next_text(lines, i + 1)
            yield Segment(title, where, "heading", section, group=group, around=around)
            path.append((level, title))
            path_text = " > ".join(t for _l, t in path)
            intro = ""
            continue
        if _RST_DIRECTIVE_NAME.match(line) and "list-table::" in line:
            table_no += 1
            pieces, skip_to = list_table(lines, i, section, table_no)
            yield from pieces
            in_table = in_list = False
            continue
        if in_table and _GRID_RULE.match(line):
            continue  # a grid table's row rule: the table goes on
        piped = stripped.startswith("|") and stripped.count("|") >= 2
        if piped or ("|" in stripped and (in_table or _TABLE_RULE.match(following))):
            # an escaped pipe ("`a` \\| `b`") stays in its cell, as a pipe table renders it
            row = stripped.strip("|").replace("\\|", "\0")
            cells = [c.strip().replace("\0", "|") for c in row.split("|")]
            kind = "cell"
            if not in_table:
                table_no, header, in_table = table_no + 1, cells, True
                claims = CLAIMS_TABLE if claims_table(cells) else ""
                if is_header_rule(following) and not header_holds_names(cells):
                    kind = "text"  # a header row names its columns, it holds no names
            for col, cell in enumerate(cells):
                label = header[col] if col < len(header) else ""
                group = f"t{table_no}:{col}"
                loc = f"{where} (table {table_no} column {col + 1})"
                lowered = claims or (CLAIMS_COLUMN if claims_table([label]) else "")
                lowered = lowered or other_column(label, header)
                yield Segment(cell, loc, kind, section, label, group, lowered=lowered)
            continue
        in_table = False
        # a reStructuredText directive, comment or target (".. note:: text") is no list item
        bullet = None if _RST_DIRECTIVE.match(line) else _BULLET.match(line)
        if not bullet and LONE_EMPHASIS.match(line) and not lines[i - 1 if i else 0].strip():
            # a paragraph that is one bold name opens that name's part of the section: the
            # section's such lines are one list, introduced by the text before the first
            lead_ins.setdefault(section, intro)
            yield Segment(stripped, where, "item", section, lead_ins[section], f"b{section}")
            intro = ""
        elif bullet:
            item = bullet.group(1)
            if not in_list or item.rstrip().endswith(":"):
                list_no, in_list = list_no + 1, True
            # the sentence that introduces the list ("Several scopes are available:")
            yield Segment(item, where, "item", section, intro, f"l{list_no}")
            if item.rstrip().endswith(":"):
                intro = item.strip()
        elif stripped and stripped != "+":
            in_list = in_list and line[:1].isspace()
            if not line[:1].isspace():
                intro = stripped if stripped.endswith(":") else ""
            # "term\n: definition" (Markdown) or "term\n   definition" (reStructuredText)
            term = following.lstrip().startswith(": ") or (
                not line[:1].isspace() and following[:1].isspace() and bool(following.strip())
            )
            adoc_term = stripped.endswith("::") and not stripped.startswith("..")
            if term or adoc_term:
                yield Segment(stripped.rstrip(":"), where, "term", section)
            else:
                # a data line of a template's literal ("key: 'a_read, a_write',") is code
                kind = "block" if DATA_LINE.match(line) else "text"
                yield Segment(line, where, kind, section)
        for code in _INLINE_CODE.finditer(line):
            if ROLE_BEFORE.search(line, 0, code.start()):
                continue  # a cross-reference (:ref:`target`, {doc}`page`), not code
            loc = f"{where} `{code.group(2)[:40]}`"
            yield Segment(code.group(2), loc, "code", section, around=line)
        for word in quoted_words(line):
            yield Segment(word, f"{where} '{word[:40]}'", "code", section, around=line)
        if "<code" in line:  # inline HTML in Markdown: <code>openid</code> is a code span
            for code in _HTML_CODE.finditer(line):
                text = html.unescape(code.group(1))
                yield Segment(text, f"{where} <code>{text[:40]}", "code", section, around=line)
        if _opens_literal(line):
            literal, block, block_at = True, [], f"code block at line {i + 2}"
    if (fence or literal) and block:  # a block the text ends in
        yield from _block(block, block_at, " > ".join(t for _l, t in path))
    yield from attribute_segments(text, path_at)
