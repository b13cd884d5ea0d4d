"""The harvester's pieces of HTML, on lxml's own tree (source text: ``candidates_text``).

One piece per block (its own text, code inside it again as code), one per table cell
(grouped by column, labelled by its header; a cell that only lists code spans keeps them as
code), one per list item (grouped by list), definition term (grouped by list), heading
(grouped by level under one parent) and part title (a disclosure's ``<summary>``, a tab's
label when it holds a name's separator), and one per attribute of an element whose tag or
attribute name speaks of scopes or permissions (prose attributes, descriptions and
tooltips, hold no names). A code block of one name a line is a list of them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from factory.extract import candidates_text
from factory.extract.candidates_code import keyed_values
from factory.extract.candidates_lines import (
    MARKDOWN_INSIDE,
    PROSE_NAME,
    SCOPE_NAME,
    lone_strong,
    tab_names,
)
from factory.extract.candidates_shape import Segment, block_counts, quoted_words
from factory.extract.candidates_tables import (
    CLAIMS_COLUMN,
    CLAIMS_TABLE,
    claims_table,
    other_column,
)
from factory.extract.candidates_text import one_per_line
from factory.extract.html_chrome import is_chrome_element, is_permalink_element
from factory.extract.html_highlight import mark_highlighting

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
    if not len(el):
        return el.text or ""  # (most cells: their text alone)
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _BLOCKS and child.tag not in _SKIP:
            parts.append(" ".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join(parts)


_JOINER = re.compile(r"\s*(?:[,;/|+&]|or|and)?\s*[.,]?\s*")


def _markdown_inside(text: str, tag: str, section: str) -> Iterator[Segment]:
    """The pieces of Markdown source that stands as an HTML element's text."""
    for seg in candidates_text.text_segments(text):
        inner = f"{section} > {seg.section}" if section and seg.section else section or seg.section
        yield replace(seg, locator=f"<{tag}> text, {seg.locator}", section=inner)


def _led_text(el: etree._Element) -> str:
    """An item's, cell's or term's own text, its leading code in backticks as the source
    writes it (a name in code markup leads it: ``<li><code>x</code>: ...``)."""
    text = _own_text(el)
    if len(el) > 1 and all(child.tag in ("code", "br") for child in el):
        # several names in code, joined by commas, "or", breaks: written as the source does
        spans = [f"`{' '.join(c.itertext()).strip()}`" for c in el if c.tag == "code"]
        joiners = [(el.text or "")] + [(c.tail or "") for c in el]
        if all(_JOINER.fullmatch(j) for j in joiners):
            return " , ".join(spans)
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


def _joined_text(el: etree._Element) -> str:
    """``" ".join(el.itertext())``, the pieces gathered by hand.

    The page is parsed with its highlighting spans as empty comments
    (``html_highlight.mark_highlighting``): a code block is one long run of siblings, which
    lxml's ``itertext`` and libxml2's XPath ``text()`` slow down on (a second for one block of
    17,000 pieces); a walk of the children reads it in milliseconds. Comments give their
    tails only, as in ``itertext``.
    """
    pieces: list[str] = []
    _text_pieces(el, pieces)
    return " ".join(pieces)


def _text_pieces(el: etree._Element, pieces: list[str]) -> None:
    if el.text:
        pieces.append(el.text)
    for child in el:
        if type(child.tag) is str:
            _text_pieces(child, pieces)
        if child.tail:
            pieces.append(child.tail)


def _part_titles(
    elements: Iterator[etree._Element] | list[etree._Element], section: str, group: str
) -> Iterator[Segment]:
    """The titles of a page's parts (disclosure summaries, tab labels), one list a group."""
    for el in elements:
        title = " ".join(" ".join(el.itertext()).split())
        if title:
            yield Segment(
                _led_text(el) if len(el) else title, "part title", "item", section, "", group
            )


def _parse(text: str) -> etree._Element | None:
    """lxml's own tree of the page (plain elements: no ``lxml.html`` class lookup per node)."""
    try:
        return etree.fromstring(
            mark_highlighting(text).encode("utf-8", "replace"),
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
    search, page header and footer) or permalink marks; a tab bar gives its tabs' labels as
    the titles of their parts.
    """
    root = _parse(text)
    if root is None:
        return
    path: list[tuple[int, str]] = []
    table_no = 0
    headers: dict[int, list[str]] = {}
    claims: dict[int, str] = {}  # a table of claims: its cells' lowered note
    cell_notes: dict[int, str] = {}  # a cell's lowered note, for the code spans in it
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
        elif attrib and attrib.get("role") == "tablist":
            # a tab bar: each tab's label is the title of its panel's part (a name, or a
            # control: "Python", "cURL")
            tabs = [
                t for t in el.iterfind(".//*[@role='tab']") if tab_names(" ".join(t.itertext()))
            ]
            yield from _part_titles(tabs, section, f"tab{id(el)}")
            held.append(el)
            continue
        elif (tag in _CHROME_TAGS or attrib) and is_chrome_element(tag, attrib, content, el):
            continue
        if len(path) != path_len:  # headings change the path: join it only then
            section, path_len = " > ".join(t for _l, t in path), len(path)
        if attrib:
            held.append(el)
            tag_named = SCOPE_NAME.search(tag)
            for name, value in attrib.items():
                # a boolean attribute written out (``itemscope="itemscope"``) lists nothing
                named = tag_named or SCOPE_NAME.search(name)
                if named and value and value != name and not PROSE_NAME.search(name):
                    loc = f"<{tag} {name}>"
                    yield Segment(value, loc, "attribute", section, name, f"@{id(el)}")
        if tag in _HEADINGS:
            level = _HEADINGS[tag]
            title = _title(el)
            while path and path[-1][0] >= level:
                path.pop()
            section = " > ".join(t for _l, t in path)  # its parent's path, not a sibling's
            after = el.getnext()  # the paragraph a heading opens may call it a scope
            around = (
                " ".join(" ".join(after.itertext()).split())[:300]
                if after is not None and after.tag == "p"
                else ""
            )
            # headings of one level under one parent are one list (a heading per scope)
            group = f"h{level}:{section}"
            loc = f"heading {title[:60]!r}"
            yield Segment(title, loc, "heading", section, group=group, around=around)
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
            lowered = claims.get(id(table), "") or (CLAIMS_COLUMN if claims_table([label]) else "")
            lowered = lowered or other_column(label, head)
            if lowered:  # its code spans stand in the same column
                held.append(el)
                cell_notes[id(el)] = lowered
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
            parent = el.getparent()
            held.append(parent)
            group = f"dl{id(parent)}"
            yield Segment(_led_text(el), "definition term", "term", section, "", group)
        elif tag == "summary":
            # a disclosure widget's title names its part, as a heading or a term would
            grand = el.getparent()
            grand = grand.getparent() if grand is not None else None
            held.append(grand)
            yield from _part_titles([el], section, f"sum{id(grand)}")
            continue
        elif tag == "pre":
            # a block the harvester would not read is not joined (C's text is the quick test)
            quick = etree.tostring(el, method="text", encoding=str, with_tail=False)
            if block_counts(section, quick):
                code = _joined_text(el)
                yield Segment(code, "code block", "block", section)
                yield from keyed_values(code, section, "code block")
                parent = el.getparent()
                intro = colon_p.get(id(parent), "") if parent is not None else ""
                yield from one_per_line(code, f"code block {id(el)}", section, intro)
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
                for word in quoted_words(own):
                    yield Segment(word, f"<{tag}> '{word[:40]}'", "code", section, around=own)
                if tag == "p" and own.rstrip().endswith(":"):
                    parent = el.getparent()
                    held.append(parent)
                    colon_p[id(parent)] = " ".join(own.split())
        if tag == "code":
            parent = el.getparent()
            around = _own_text(parent) if parent is not None else ""
            code = " ".join(el.itertext())
            note = cell_notes.get(id(parent), "") if parent is not None else ""
            yield Segment(code, "inline code", "code", section, around=around, lowered=note)
        content = content or tag in _CONTENT
        # (a slice of the children is one call; lxml's ``reversed(el)`` steps one by one,
        # six times the cost on a page of tables)
        children = el[:]
        if children:
            children.reverse()
            stack.extend([(child, table, content, heading) for child in children])


def text_segments(text: str) -> Iterator[Segment]:
    """The pieces of a source text (``candidates_text``), its raw HTML tables read by
    ``html_segments`` as the HTML they render to."""
    return candidates_text.text_segments(text, html_segments)
