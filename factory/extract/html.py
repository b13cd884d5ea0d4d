"""HTML extractor: scope tables, lists, definition lists, heading-per-scope pages, JSON blobs.

One engine for every document kind that renders to HTML (the Markdown extractor renders and
calls ``extract_from_html_text``). The page is walked once in document order with
BeautifulSoup (lxml), keeping the heading path; every block that documents scopes becomes
records. Nothing in the page is executed: scripts are only read as JSON data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bs4 import BeautifulSoup, Tag

from factory.errors import ExtractionError
from factory.extract.address_title import address_title
from factory.extract.auth_text import find_auth_in_text
from factory.extract.cell_badges import BadgedColumns
from factory.extract.description_columns import points_to_scopes
from factory.extract.detect import check_text_body
from factory.extract.grant_context import grant_headings, grant_list, privilege_list
from factory.extract.html_attrs import attribute_tables
from factory.extract.html_blocks import (
    heading_description,
    heading_scopes,
    json_script_records,
    list_records,
)
from factory.extract.html_chrome import strip_site_chrome
from factory.extract.html_code_lines import code_lines_as_lists
from factory.extract.html_columns import plan_table
from factory.extract.html_disclosure import unfold_disclosures
from factory.extract.html_finish import finish_walk, on_code_block
from factory.extract.html_kinds import heading_kind_table
from factory.extract.html_label_headings import LEAD_ATTRIBUTE, promote_label_paragraphs
from factory.extract.html_props import property_table_scope
from factory.extract.html_prose import prose_in_list, prose_in_paragraph, prose_in_table
from factory.extract.html_soup import parse_html
from factory.extract.html_tables import (
    Cell,
    blocks_after,
    bold_header,
    build_grid,
    cell_scopes,
    cell_text,
    children_named,
    has_ancestor,
    tags_in,
)
from factory.extract.html_walk import PageWalk, is_access_page, page_title, text_of
from factory.extract.other_kinds import heading_names_other
from factory.extract.query_scopes import query_records
from factory.extract.registry import register
from factory.extract.requirement_scopes import requirement_records
from factory.extract.scope_parameter import names_scope_parameter
from factory.extract.spaced_names import SpacedNames
from factory.extract.text import (
    described_by_type,
    detect_version,
    mentions_scopes,
    normalize_ws,
    version_marker,
)
from factory.extract.wildcard_cells import WildcardColumn
from factory.models import Document, ExtractionResult, ScopeRecord

__all__ = ["decode_document", "extract_from_html_text", "extract_html"]

# Line breaks right after a block's end or a table/list's start are no text of the page (the
# walk separates blocks itself); a rendered page has tens of thousands of them, and each is a
# string bs4 builds: dropping them saves ~0.07 s of a 400 KB page.
_BLOCK_GAPS = re.compile(
    r"(</(?:p|li|td|th|tr|thead|tbody|table|ul|ol|h[1-6]|blockquote)>"
    r"|<(?:tr|thead|tbody|table|ul|ol)>)\n+(?=<)"
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_KIND_WORDS = re.compile(r"\b(delegated|application)\b", re.I)
_NEGATIVE_LIST_LEAD = re.compile(
    r"\b(parameters?|fields?|arguments?|headers?|errors?|attributes?|propert(?:y|ies))\b"
    r"|\btypes?\s+of\s+(?:the\s+)?scopes?\b",
    re.I,
)
_SIGNATURE = re.compile(r"[\w$]\(([^()]*)\)")
_PLURAL_SCOPES = re.compile(r"\b(scopes|permissions)\b", re.I)
_SHELL_IDS = ("root", "app", "__next", "__nuxt", "svelte", "main-app")


def decode_document(doc: Document) -> tuple[str, list[str]]:
    """The document's text, leniently decoded (bad bytes become U+FFFD, with a warning).

    Raises:
        ExtractionError: the body is over the size cap, empty or binary.
    """
    check_text_body(doc)
    warns: list[str] = []
    try:
        text = doc.text()
    except LookupError:
        warns.append(f"unknown charset {doc.encoding!r}; decoded as UTF-8")
        text = doc.body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(10, len(text) // 100):
        warns.append(f"{bad} characters could not be decoded; the charset may be wrong")
    return text, warns


@register("html")
def extract_html(doc: Document) -> ExtractionResult:
    """Extract scope records and auth findings from an HTML page.

    Raises:
        ExtractionError: the document is empty, binary or cannot be parsed.
    """
    text, warns = decode_document(doc)
    result = extract_from_html_text(text, doc.final_url or doc.url)
    return ExtractionResult(
        source=result.source,
        format="html",
        scopes=result.scopes,
        auth=result.auth,
        warnings=(*warns, *result.warnings),
    )


def extract_from_html_text(
    html: str,
    source_url: str | None = None,
    *,
    conditions: Mapping[str, str] | None = None,
    fmt: str = "html",
    title: str | None = None,
) -> ExtractionResult:
    """Extract scopes and auth findings from HTML text (the one engine for HTML and Markdown).

    Args:
        html: The page.
        source_url: Recorded on every record and finding.
        conditions: Line-marker id -> version condition, from the Markdown preprocessor.
        fmt: The ``format`` reported in the result.
        title: The page title when the page has no ``<title>`` (Markdown front matter).

    Returns:
        Records in document order; a warning when the page is only a JavaScript shell.

    Raises:
        ExtractionError: the HTML cannot be parsed at all.
    """
    source = source_url or "<html>"
    try:
        soup = parse_html(html, edit=_closed_block_gaps)
    except Exception as exc:  # lxml/bs4 raise assorted errors on hostile markup
        raise ExtractionError(source, f"unparseable HTML: {exc}") from exc
    # a fragment without title or heading: its address names what it lists
    page = page_title(soup, title) or address_title(soup, source_url)
    walk = PageWalk(source_url, conditions or {}, title=page)
    walk.scope_seen = mentions_scopes(walk.title)
    unseen = tags_in(soup, {"script", "style", "noscript", "template"})  # one walk for all
    script_tags = [tag for tag in unseen if tag.name == "script"]
    json_records, json_warns = json_script_records(soup, source_url, script_tags)
    scripts = len(script_tags)
    for tag in unseen:
        tag.decompose()
    strip_site_chrome(soup)  # navigation, tables of contents, permalink marks: not the page
    unfold_disclosures(soup)  # details, tabs, accordions: the definition lists they show
    code_lines_as_lists(soup)  # a code block of one scope per line: the list it is
    attribute_tables(soup)  # scope lists held in element attributes, as the tables they show
    promote_label_paragraphs(soup)  # "**`name`**" alone on a line, one per scope: headings
    body = soup.body or soup
    visible = normalize_ws(text_of(body))
    walk.access_page = is_access_page(soup, walk.title, visible)
    try:
        _walk_blocks(soup, walk)
    except RecursionError as exc:
        raise ExtractionError(source, "markup is nested too deeply to read") from exc
    records = finish_walk(walk) + json_records
    warns = [*json_warns, *walk.warnings]
    if not records and walk.access_page and mentions_scopes(visible):
        records = query_records(body, text_of, walk.source_url, warns)
    if walk.access_page and mentions_scopes(visible):
        records = requirement_records(body, text_of, walk.source_url, warns, records)
    if not records and _is_js_shell(soup, visible, scripts):
        warns.append(
            "page appears to be a JavaScript shell (no rendered content): fetch a rendered copy "
            "or a machine-readable source"
        )
    elif not records and walk.access_page and (about := _scope_heading(soup, walk.title)):
        warns.append(
            f"the page speaks of scopes ('{about[:80]}') but no scope list, table or heading "
            "was recognised on it: its layout (or a template that renders it) is not read"
        )
    auth = find_auth_in_text(text_of(body, "\n\n"), source_url)
    return ExtractionResult(source, fmt, tuple(records), tuple(auth), tuple(warns))


def _closed_block_gaps(html: str) -> str:
    """The page without the line breaks between block tags. None lies in a ``<pre>`` body
    whose highlighting is stripped (only spans and code tags stand there): closing them
    before or after the stripping gives one page."""
    return _BLOCK_GAPS.sub(r"\1", html)


def _scope_heading(soup: BeautifulSoup, title: str) -> str | None:
    """The title or first heading that speaks of scopes (in the plural: a list of them)."""
    for text in [title, *(normalize_ws(text_of(h)) for h in tags_in(soup, set(_HEADINGS)))]:
        if _PLURAL_SCOPES.search(text) and mentions_scopes(text):
            return text
    return None


def _is_js_shell(soup: BeautifulSoup, visible: str, scripts: int) -> bool:
    mount = any(soup.find(id=name) is not None for name in _SHELL_IDS)
    return len(visible) < 200 and (scripts > 0 or mount)


def _walk_blocks(soup: BeautifulSoup, walk: PageWalk) -> None:
    # a plain walk: bs4's find_all filter costs ~0.2 s on a 400 KB page
    for tag in tags_in(soup, {*_HEADINGS, "table", "ul", "ol", "dl", "p", "pre"}):
        name = tag.name
        if name != "table" and has_ancestor(tag, "table") is not None:
            continue
        if name == "pre":
            on_code_block(tag, walk)
        elif name in _HEADINGS:
            _on_heading(tag, walk)
        elif name == "p":
            if has_ancestor(tag, "aside") is None:
                prose_in_paragraph(tag, walk)
                walk.add_paragraph(normalize_ws(text_of(tag)))
        elif name == "table":
            if _nested_too_deep(tag):
                walk.warn(_DEEP_TABLES)
                continue
            walk.tables += 1
            walk.intro_open = False
            walk.last_block = []
            _on_table(tag, walk)
        else:
            walk.lists += 1
            walk.intro_open = False
            if has_ancestor(tag, "li") is None:
                walk.last_block = []  # a nested list belongs to the block it sits in
            _on_list(tag, walk)


#: Tables inside more tables than this are not read: each table reads the text of all it
#: holds, so 1,500 nested tables took 27 s; real layout tables nest two or three deep.
MAX_TABLE_NESTING = 16
_DEEP_TABLES = f"tables nested more than {MAX_TABLE_NESTING} deep were not read"


def _nested_too_deep(table: Tag) -> bool:
    depth, node = 0, table.parent
    while node is not None:
        if node.name == "table":
            depth += 1
            if depth > MAX_TABLE_NESTING:
                return True
        node = node.parent
    return False


def _on_heading(tag: Tag, walk: PageWalk) -> None:
    level = int(tag.name[1])
    raw = text_of(tag)
    text = normalize_ws(raw)
    context = f"{walk.parent_context(level)} {tag.get(LEAD_ATTRIBUTE) or ''}"
    scopes = heading_scopes(tag, text_of)
    kinds = heading_kind_table(tag, text_of) if scopes else []
    in_grants = bool(scopes) and grant_headings(tag, walk.headings, text_of)  # "API access"
    if not (kinds or (walk.access_page and (mentions_scopes(context) or in_grants))):
        scopes = []
    if scopes:
        desc, marker = heading_description(tag, text_of, frozenset(t for t, _ in scopes))
        anchor = tag.get("id")
        locator = f"heading {tag.name}#{anchor}" if anchor else f"heading {tag.name} {text}"
        walk.close_to(level)
        # One record per kind when a per-kind table documents the heading's scope.
        per_kind: list[tuple[str | None, str | None]] = [(k, d) for k, d, _ in kinds]
        per_kind = per_kind or [(walk.heading_kind(), desc)]
        walk.read_tables.update(id(table) for _, _, table in kinds)
        for token, cell_marker in scopes:
            walk.heading_keys[len(walk.records)] = id(tag)
            version = (
                cell_marker or marker or version_marker(desc) or walk.condition(raw)
                or walk.heading_version()
            )  # fmt: skip
            for kind, kind_desc in per_kind:
                walk.add(
                    "heading",
                    ScopeRecord(
                        token, kind_desc, version, kind, walk.section(), walk.source_url,
                        f"{locator} {kind}" if kinds else locator,
                    ),
                )  # fmt: skip
    walk.open_section(level, text, id(tag))


def _on_table(table: Tag, walk: PageWalk) -> None:
    if id(table) in walk.read_tables:
        return
    grid = build_grid(table)
    if not grid:
        return
    # The grid already holds the first row (bs4's find() is slow on big pages).
    first_cell = next((c for c in grid[0] if c is not None), None)
    first_tr = first_cell.tag.parent if first_cell is not None else None
    header_row = bool(
        first_tr is not None
        and (
            first_tr.name == "thead"
            or has_ancestor(first_tr, "thead", table) is not None
            or all(c.name == "th" for c in children_named(first_tr, {"td", "th"}))
            or bold_header(children_named(first_tr, {"td", "th"}), text_of)
        )
    )
    caption_tag = next(iter(children_named(table, {"caption"})), None)
    caption = normalize_ws(text_of(caption_tag)) if caption_tag else ""
    # Off an access page, only a strong header (a "Scope" column) makes a scope table.
    context = walk.block_context(caption) if walk.access_page else ""
    if _on_property_table(table, grid, header_row, caption, context, walk):
        return
    seen = walk.scope_seen and walk.access_page
    nearest = walk.nearest_heading()
    plan, note = plan_table(grid, header_row, context, nearest, seen, text_of, walk.lead)
    if (
        plan is not None
        and heading_names_other(nearest)
        and not (header_row and mentions_scopes(" ".join(text_of(c.tag) for c in grid[0] if c)))
    ):  # "Access levels", "Error codes": a table of another kind, not named scopes
        plan, note = None, f"skipped: a look-alike table under {nearest[:60]!r}"
    if note:
        walk.warn(f"table {walk.tables}: {note}")
    if plan is None:
        if header_row and any(points_to_scopes(text_of(c.tag).lower()) for c in grid[0] if c):
            # a table of addresses of scope lists documents the section's scopes elsewhere:
            # its lists are prose there, as beside a scope table
            walk.table_sections.add(walk.section_key)
        prose_in_table(grid, walk)
        return
    walk.table_sections.add(walk.section_key)
    base_version = detect_version(caption) or walk.heading_version()
    base_kind = _kind_from(caption) or walk.heading_kind()
    names: set[str] = set()
    rows = 0
    # A name with a space ("Edge Functions") only in a headed table with descriptions.
    spaced = SpacedNames(grid, text_of) if header_row and plan.desc_col is not None else None
    wildcards = WildcardColumn(plan.cells.values())  # the scope cells' tokens, as read
    badges = BadgedColumns(grid, plan.first_row, text_of)
    for number, row in enumerate(grid[plan.first_row :], start=1):
        tr = next((c.tag.parent for c in row if c is not None), None)
        condition = walk.condition(text_of(tr)) if tr is not None and walk.conditions else None
        desc = cell_text(row, plan.desc_col) or None
        version = detect_version(cell_text(row, plan.version_col))
        kind = cell_text(row, plan.kind_col).lower() or None
        found = False
        for col in plan.scope_cols:
            cell = row[col]
            if cell is None or cell.spanned:
                continue
            cached = plan.cells.get(id(cell.tag))
            tokens, marker = cached if cached is not None else cell_scopes(cell.tag, text_of)
            badged = badges.split(cell, col) if len(tokens) == 1 else None
            if badged is not None:  # "`restricted` payments": the badge labels the name
                tokens, marker = [badged[0]], marker or badged[1]
            if not tokens and spaced is not None and desc:
                name = spaced.name(cell, col, plan.first_row)
                tokens = [name] if name else []
            for token in tokens:
                token = wildcards.as_written(token, cell.tag, text_of)
                found = True
                names.add(token)
                label = (
                    marker or version or version_marker(desc) or plan.scope_version
                    or condition or base_version
                )  # fmt: skip
                walk.add(
                    "table",
                    ScopeRecord(
                        token, desc, label, kind or base_kind, walk.section(), walk.source_url,
                        f"table {walk.tables} row {number}",
                    ),
                )  # fmt: skip
        rows += found
    if wildcards.warning():
        walk.warn(f"table {walk.tables}: {wildcards.warning()}")
    if rows >= 4 and len(names) * 2 < rows and plan.kind_col is None:
        walk.warn(
            f"table {walk.tables}: its {rows} rows collapse onto {len(names)} scope names "
            f"({', '.join(sorted(names)[:5])}): the scope column may be the wrong one"
        )


def _on_property_table(
    table: Tag,
    grid: list[list[Cell | None]],
    header_row: bool,
    caption: str,
    context: str,
    walk: PageWalk,
) -> bool:
    """Read a vertical label/value table documenting one scope; True when it was one."""
    found = property_table_scope(grid, header_row, text_of)
    if found is None or not (found.strong or mentions_scopes(context)):
        return False
    walk.table_sections.add(walk.section_key)
    desc = found.description
    if not found.described:
        # Without a description row the paragraph right after the table describes the
        # scope; a title row ("Application Scope") is only the console's label.
        desc = _paragraph_after(table) or desc
    version = found.version or version_marker(desc) or detect_version(caption)
    version = version or walk.heading_version()
    kind = found.kind or _kind_from(caption) or walk.heading_kind()
    walk.add(
        "table",
        ScopeRecord(
            found.scope_name, desc, version, kind, walk.section(), walk.source_url,
            f"table {walk.tables} row {found.row}",
        ),
    )  # fmt: skip
    return True


def _paragraph_after(table: Tag) -> str | None:
    """The text of the paragraph right after a table (None when another block comes first)."""
    names = ["p", "table", "ul", "ol", "dl", "pre", *_HEADINGS]
    for block in blocks_after(table, names, 3):
        if has_ancestor(block, "table") is table:
            continue
        if block.name != "p" or has_ancestor(block, "aside") is not None:
            return None
        return normalize_ws(text_of(block)) or None
    return None


def _kind_from(text: str) -> str | None:
    found = _KIND_WORDS.search(text or "")
    return found.group(1).lower() if found else None


def _on_list(tag: Tag, walk: PageWalk) -> None:
    context = walk.block_context()
    owner = has_ancestor(tag, "li")
    lead = walk.lead
    if owner is not None and mentions_scopes(item := _item_lead(owner)):
        # a nested list reads the item it sits in ("`scopes`, an array of permissions:"),
        # not the lead of the outer list ("The request takes two parameters:")
        context, lead = f"{context} {item}", item
    scope_context = (
        mentions_scopes(context)
        or grant_list(tag, walk.nearest_heading(), text_of)
        or privilege_list(tag, walk.nearest_heading(), text_of)
    )
    negative_lead = _NEGATIVE_LIST_LEAD.search(lead) and not names_scope_parameter(lead)
    if not (walk.access_page and scope_context) or negative_lead:
        prose_in_list(tag, walk)
        return
    nearest = walk.nearest_heading()
    if _NEGATIVE_LIST_LEAD.search(nearest) and not mentions_scopes(nearest):
        return
    if heading_names_other(nearest):
        return  # "Scope errors", "Events your scopes let you receive": other kinds of name
    prefix = "definition list" if tag.name == "dl" else "list"
    params = _signature_params(nearest)
    items = list(list_records(tag, text_of, bare_snake=mentions_scopes(_text_before(tag))))
    typed = sum(1 for _n, (_t, desc, *_r) in items if desc and described_by_type(desc))
    if len(items) >= 2 and typed * 2 >= len(items):
        prose_in_list(tag, walk)
        return  # items described by data types: attributes or settings
    if not items:
        prose_in_list(tag, walk)
    _warn_plain(tag, [(n, t) for n, (t, *_) in items], walk)
    for number, (token, desc, marker, raw) in items:
        if token in params:
            continue  # the arguments of the call the heading names: a parameter list
        version = marker or version_marker(desc) or walk.condition(raw) or walk.heading_version()
        walk.add(
            "list",
            ScopeRecord(
                token, desc, version, walk.heading_kind(), walk.section(), walk.source_url,
                f"{prefix} {walk.lists} item {number}",
            ),
        )  # fmt: skip


def _text_before(tag: Tag) -> str:
    """The text of the block right before a list (the last item of a list before it): what
    the list's own lead says, not a paragraph further up."""
    block = next((s for s in tag.previous_siblings if isinstance(s, Tag)), None)
    if block is not None and block.name in ("ol", "ul"):
        block = next(iter(children_named(block, {"li"})[-1:]), None)
    return normalize_ws(text_of(block)) if block is not None else ""


def _warn_plain(tag: Tag, items: list[tuple[int, str]], walk: PageWalk) -> None:
    """Warn about scopes read from list items without code markup (weaker evidence)."""
    if tag.name == "dl":
        return
    lis = children_named(tag, {"li"})
    plain = [t for n, t in items if not tags_in(lis[n - 1], {"code", "strong", "b"})]
    if plain:
        walk.warn(
            f"list {walk.lists}: {len(plain)} scope(s) read from plain-text items without "
            f"code markup ({', '.join(plain[:4])}{' ...' if len(plain) > 4 else ''}): "
            "check them against the page"
        )


def _item_lead(item: Tag) -> str:
    """A list item's own text before its nested lists."""
    parts: list[str] = []
    for child in item.children:
        if isinstance(child, Tag) and child.name in ("ul", "ol", "dl"):
            break
        parts.append(child.get_text() if isinstance(child, Tag) else str(child))
    return normalize_ws("".join(parts))


def _signature_params(heading: str) -> frozenset[str]:
    """The parameter names of a call-signature heading (``has(scope[, reference])``)."""
    found = _SIGNATURE.search(heading)
    return frozenset(re.findall(r"[A-Za-z_$][\w$]*", found.group(1))) if found else frozenset()
