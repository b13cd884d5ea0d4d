"""The harvester's pieces of markup: HTML on lxml's own tree, and source text line by line.

HTML gives one piece per block (its own text, code inside it again as code), one per
table cell (grouped by column, labelled by its header), one per list item (grouped by list)
and one per attribute of an element whose tag or attribute name speaks of scopes or
permissions. Source text (Markdown, MDX, reStructuredText, AsciiDoc, Stone) gives one piece
per line under its heading path, fenced blocks as code, inline code spans as code, pipe-table
cells by column, bullet items by list, definition terms, and JSX/HTML attributes and
component props (``<Scopes scopes="a,b" />``, ``scope={["a", "b"]}``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from factory.extract.candidates_code import keyed_values
from factory.extract.candidates_lines import (
    DATA_LINE,
    LONE_EMPHASIS,
    MARKDOWN_INSIDE,
    ROLE_BEFORE,
    SCOPE_NAME,
    attribute_segments,
    capture_name,
    lone_strong,
)
from factory.extract.candidates_shape import Segment, block_counts
from factory.extract.candidates_tables import CLAIMS_TABLE, claims_table, is_header_rule, list_table
from factory.extract.html_chrome import is_chrome_element, is_permalink_element

__all__ = ["html_segments", "text_segments"]

_BLOCKS = frozenset(
    [
        "p",
        "li",
        "td",
        "th",
        "dt",
        "dd",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "caption",
        "blockquote",
        "figcaption",
        "summary",
        "label",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "nav",
        "body",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "details",
    ]
)
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_CHROME_TAGS = frozenset({"nav", "header", "footer", "form"})
# compiled once: ``el.xpath(text)`` compiles its expression at every call (a table each)
_FIRST_ROW_HEADERS = etree.XPath("(.//tr)[1]/th")
_CONTENT = frozenset({"main", "article"})


def _own_text(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _BLOCKS and child.tag not in _SKIP:
            parts.append(" ".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join(parts)


def _markdown_inside(text: str, tag: str, section: str) -> Iterator[Segment]:
    """The pieces of Markdown source that stands as an HTML element's text."""
    for seg in text_segments(text):
        inner = f"{section} > {seg.section}" if section and seg.section else section or seg.section
        yield replace(seg, locator=f"<{tag}> text, {seg.locator}", section=inner)


def _led_text(el: etree._Element) -> str:
    """An item's, cell's or term's own text, its leading code in backticks as the source
    writes it (a name in code markup leads it: ``<li><code>x</code>: ...``)."""
    text = _own_text(el)
    if len(el) and el[0].tag == "code" and not (el.text or "").strip():
        code = " ".join(el[0].itertext())
        if code.strip() and text.lstrip().startswith(code.strip()):
            return f"`{code.strip()}`{text.lstrip()[len(code.strip()) :]}"
    return text


def _lead_in(listing: etree._Element | None) -> str:
    """The text right before a list when it introduces it ("... scopes are available:")."""
    before = listing.getprevious() if listing is not None else None
    if before is None or not isinstance(before.tag, str):
        return ""
    text = " ".join(" ".join(before.itertext()).split())
    return text if text.endswith(":") else ""


def _title(el: etree._Element) -> str:
    """A heading's text without its permalink marks (``¶``, ``#``, an icon glyph)."""
    marks = [a for a in el.iter("a") if is_permalink_element(a, True)]
    if not marks:
        return " ".join(" ".join(el.itertext()).split())
    parts: list[str] = []

    def text_of(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and not any(child is m for m in marks):
                text_of(child)
            parts.append(child.tail or "")

    text_of(el)
    return " ".join(" ".join(parts).split())


# A highlighted block's text pieces as one list built by libxml2 (``itertext`` hands them
# over one by one: three times the cost on a page of code samples). The two agree unless two
# text nodes stand side by side (``itertext`` joins such a run into one piece): then itertext.
_TEXT_NODES = etree.XPath(".//text()", smart_strings=False)
_ADJACENT_TEXT = etree.XPath("boolean(.//text()[following-sibling::node()[1][self::text()]])")


def _joined_text(el: etree._Element) -> str:
    """``" ".join(el.itertext())``, faster."""
    if _ADJACENT_TEXT(el):
        return " ".join(el.itertext())
    return " ".join(_TEXT_NODES(el))


def _parse(text: str) -> etree._Element | None:
    """lxml's own tree of the page (plain elements: no ``lxml.html`` class lookup per node)."""
    try:
        return etree.fromstring(
            text.encode("utf-8", "replace"),
            etree.HTMLParser(collect_ids=False, encoding="utf-8"),
        )
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def html_segments(text: str) -> Iterator[Segment]:
    """The pieces of an HTML page, in document order.

    One walk down lxml's tree that carries its state (the table a cell is in, whether
    ``<main>``/``<article>`` holds it) instead of asking each element's ancestors. It never
    enters scripts and styles, a ``<pre>`` (read whole, as one code block: its highlighting
    spans are not walked), site chrome (``html_chrome``'s rule: navigation, table of contents,
    search, page header and footer), tab bars (their labels are controls) or permalink marks.
    """
    root = _parse(text)
    if root is None:
        return
    path: list[tuple[int, str]] = []
    table_no = 0
    headers: dict[int, list[str]] = {}
    claims: dict[int, str] = {}  # a table of claims: its cells' lowered note
    head_ids: set[int] = set()  # the header cells of every table's first row
    intros: dict[int, str] = {}
    # Elements whose id() names a group (a table, a list, an attribute's element) are held,
    # so lxml cannot free their proxies and give a later element the same id.
    held: list[etree._Element] = []
    section, path_len = "", 0
    colon_p: dict[int, str] = {}  # a parent's last paragraph that ends in ":" (a lead-in)
    lead_ins: dict[tuple[int, str], str] = {}  # the lead-in of a parent's lone bold lines
    # (element, the table it is in, inside <main>/<article>, inside a heading)
    stack: list[tuple[etree._Element, etree._Element | None, bool, bool]] = [
        (root, None, False, False)
    ]
    while stack:
        el, table, content, heading = stack.pop()
        tag = el.tag
        if type(tag) is not str or tag in _SKIP:
            continue
        attrib = el.attrib
        if tag == "a":
            if is_permalink_element(el, heading):
                continue
        elif (tag in _CHROME_TAGS or attrib) and (
            is_chrome_element(tag, attrib, content, el) or attrib.get("role") == "tablist"
        ):
            continue
        if len(path) != path_len:  # headings change the path: join it only then
            section, path_len = " > ".join(t for _l, t in path), len(path)
        if attrib:
            held.append(el)
            for name, value in attrib.items():
                # a boolean attribute written out (``itemscope="itemscope"``) lists nothing
                if value and value != name and (SCOPE_NAME.search(name) or SCOPE_NAME.search(tag)):
                    loc = f"<{tag} {name}>"
                    yield Segment(value, loc, "attribute", section, name, f"@{id(el)}")
        if tag in _HEADINGS:
            level = _HEADINGS[tag]
            title = _title(el)
            while path and path[-1][0] >= level:
                path.pop()
            after = el.getnext()  # the paragraph a heading opens may call it a scope
            around = (
                " ".join(" ".join(after.itertext()).split())[:300]
                if after is not None and after.tag == "p"
                else ""
            )
            yield Segment(title, f"heading {title[:60]!r}", "heading", section, around=around)
            path.append((level, title))
            path_len = -1
            heading = True
        elif tag == "table":
            table_no += 1
            table = el
            held.append(el)
            head_cells = _FIRST_ROW_HEADERS(el)
            headers[id(el)] = [" ".join(" ".join(c.itertext()).split()) for c in head_cells]
            claims[id(el)] = CLAIMS_TABLE if claims_table(headers[id(el)]) else ""
            held.extend(head_cells)
            head_ids.update(id(c) for c in head_cells)
        elif tag in ("td", "th"):
            row = el.getparent()
            col = row.index(el) if row is not None else 0
            head = headers.get(id(table), [])
            label = head[col] if col < len(head) else ""
            where = f"table {table_no} column {col + 1}"
            kind = "text" if id(el) in head_ids else "cell"  # a header names its column
            lowered = claims.get(id(table), "")
            group = f"{id(table)}:{col}"
            yield Segment(_led_text(el), where, kind, section, label, group, lowered=lowered)
        elif tag == "li":
            parent = el.getparent()
            key = id(parent)
            if key not in intros:
                intros[key] = _lead_in(parent)
                held.append(parent)
            yield Segment(_led_text(el), "list item", "item", section, intros[key], f"li{key}")
        elif tag == "dt":
            yield Segment(_led_text(el), "definition term", "term", section)
        elif tag == "pre":
            # a block the harvester would not read is not joined (C's text is the quick test)
            quick = etree.tostring(el, method="text", encoding=str, with_tail=False)
            if block_counts(section, quick):
                code = _joined_text(el)
                yield Segment(code, "code block", "block", section)
                yield from keyed_values(code, section, "code block")
            continue  # read whole: nothing inside is walked
        elif tag == "p" and lone_strong(el):
            # a paragraph that is one bold name opens that name's part (as in the source)
            parent = el.getparent()
            held.append(parent)
            bold = (id(parent), section)
            lead_ins.setdefault(bold, colon_p.get(id(parent), ""))
            name = " ".join(el.itertext()).strip()
            group = f"ph{bold[0]}:{section}"
            yield Segment(name, "<p> bold line", "item", section, lead_ins[bold], group)
        elif tag in _BLOCKS:
            own = _own_text(el)
            if MARKDOWN_INSIDE.search(own):
                # Markdown the page never rendered (a template's raw body): read as Markdown
                yield from _markdown_inside(own, tag, section)
            elif own.strip():
                yield Segment(own, f"<{tag}> text", "text", section)
                if tag == "p" and own.rstrip().endswith(":"):
                    parent = el.getparent()
                    held.append(parent)
                    colon_p[id(parent)] = " ".join(own.split())
        if tag == "code":
            parent = el.getparent()
            around = _own_text(parent) if parent is not None else ""
            code = " ".join(el.itertext())
            yield Segment(code, "inline code", "code", section, around=around)
        content = content or tag in _CONTENT
        for child in reversed(el):
            stack.append((child, table, content, heading))


_HEADING_MD = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ADOC_HEADING = re.compile(r"^(={1,6})\s+(\S.*)$")
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_RST_CODE = re.compile(r"::\s*$")
# a directive (".. note::", ".. list-table::") holds content, not a literal block, unless it
# is one of the code directives
_RST_DIRECTIVE_NAME = re.compile(r"^\s*\.\.\s+([\w:-]+?)::")
_RST_CODE_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "literalinclude"})
_GRID_RULE = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")


def _opens_literal(line: str) -> bool:
    """Whether the indented lines after ``line`` are a literal (code) block."""
    if not _RST_CODE.search(line):
        return False
    directive = _RST_DIRECTIVE_NAME.match(line)
    return directive is None or directive.group(1) in _RST_CODE_DIRECTIVES


# Markdown/rst bullets and numbers; AsciiDoc nests by repeating the mark ("** item", ".. step")
_BULLET = re.compile(r"^\s*(?:[*+-]{1,5}|\d+[.)]|\.{1,5})\s+(.*)$")
_RST_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?:[\w:-]+::|_|\||\[)")
_TERM = re.compile(r"^(\S[^:]*?)::\s*$|^(\S.*)$")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)([^`\n]+?)(?<!`)\1(?!`)")


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


def _block(lines: list[str], where: str, section: str) -> Iterator[Segment]:
    """A code block, and the values under its keys named for scopes."""
    code = "\n".join(lines)
    yield Segment(code, where, "block", section)
    yield from keyed_values(code, section, where)


def text_segments(text: str) -> Iterator[Segment]:
    """The pieces of a source text (Markdown, MDX, rst, AsciiDoc, Stone), in order."""
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
    literal = False
    table_no, list_no = 0, 0
    header: list[str] = []
    claims = ""
    in_table = in_list = False
    skip_to = 0
    lead_ins: dict[str, str] = {}  # a section's lone bold lines: the text that introduced them
    capture = ""  # a template capture's name, in words: its content's own section
    for i, line in enumerate(lines):
        section = " > ".join(t for _l, t in path)
        if capture:
            section = f"{section} > {capture}" if section else capture
        path_at.append(section)
        if i < skip_to:
            continue  # a list-table's lines, read as its cells
        where = f"line {i + 1}"
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
                yield from _block(block, block_at, section)
            else:
                block.append(line)
            continue
        if literal:
            if stripped and not line[:1].isspace():
                literal = False
                yield from _block(block, block_at, section)
            else:
                block.append(line)
                continue
        captured = capture_name(line)
        if captured is not None:  # a capture names what it holds, as a heading would
            capture = captured
            continue
        opened = _FENCE.match(line)
        if opened:
            fence, block, block_at = opened.group(1), [], f"code block at {where}"
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
            yield Segment(title, where, "heading", section, around=_next_text(lines, i + 1))
            path.append((level, title))
            intro = ""
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
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
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            kind = "cell"
            if not in_table:
                table_no, header, in_table = table_no + 1, cells, True
                claims = CLAIMS_TABLE if claims_table(cells) else ""
                if is_header_rule(following):
                    kind = "text"  # a header row names its columns, it holds no names
            for col, cell in enumerate(cells):
                label = header[col] if col < len(header) else ""
                group = f"t{table_no}:{col}"
                loc = f"{where} (table {table_no} column {col + 1})"
                yield Segment(cell, loc, kind, section, label, group, lowered=claims)
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
        if _opens_literal(line):
            literal, block, block_at = True, [], f"code block at line {i + 2}"
    if (fence or literal) and block:  # a block the text ends in
        yield from _block(block, block_at, " > ".join(t for _l, t in path))
    yield from attribute_segments(text, path_at)
