"""The state of one walk over an HTML page: headings, leads and the scope context.

Weak scope blocks (lists, definition lists, a heading per scope, "Name"/"Value" and
headerless tables) are read only with scope context around them, in two layers:

- the page gate (``is_access_page``): the page speaks of access control somewhere (OAuth,
  authorization, access, token, permission ... see ``text.mentions_access``) or its title or
  one of its headings is about scopes;
- the block's own context (``text.mentions_scopes`` on it): for a list or table, the page
  title, its heading path, a caption and the paragraph just before it; for a heading per
  scope, the title and its *parent* headings (the page intro for a top-level heading),
  never a sibling section's heading or prose.

Strong signals (a column header "Scope"/"Permission", a per-kind property table under a
heading, a JSON scope blob) need neither.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, PageElement, Tag
from bs4 import ProcessingInstruction as PI

from factory.extract.text import detect_version, mentions_access, mentions_scopes, normalize_ws
from factory.models import ScopeRecord

__all__ = ["PageWalk", "is_access_page", "page_title", "sectioned_tags", "text_of"]

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_HEADING_SET = frozenset(_HEADINGS)
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "section",
     "article", "aside", "blockquote", "pre", "br", "hr", *_HEADINGS}
)  # fmt: skip
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, PI)
_MARK_ID = re.compile("\ue000(\\d+)\ue001")
_KIND_WORDS = re.compile(r"\b(delegated|application)\b", re.I)
_MAX_INTRO = 2000
# An API item page is titled by the item's name ("scope in std::thread - Rust", "scope()"):
# that name is not a word about access control.
_ITEM_TITLE = re.compile(
    r"^\s*([A-Za-z_][\w.:]*\s+in\s+[a-z_]\w*(::\w+)*(?=\s+[-|\u2013\u2014]\s|\s*$)|[\w.:]+\(\))"
)


def text_of(tag: Tag, block_sep: str = "\n") -> str:
    """Visible text of a tag, blocks and line breaks separated by ``block_sep`` (raw)."""
    # bs4's ``descendants`` follows ``next_element`` too; walking it here, with the node's
    # class looked up once per class, halves the cost of the most frequent call of a walk.
    contents = tag.contents
    if len(contents) == 1 and contents[0].__class__ is NavigableString:
        return str(contents[0])  # one plain string (most table cells): no walk
    parts: list[str] = []
    node = contents[0] if contents else None
    stop = after_last_descendant(tag)
    while node is not None and node is not stop:
        kind = _NODE_KINDS.get(node.__class__)
        if kind is None:
            kind = _NODE_KINDS.setdefault(node.__class__, _node_kind(node.__class__))
        if kind == _TEXT:
            parts.append(node)  # type: ignore[arg-type]  # a NavigableString is a str
        elif kind == _ELEMENT and node.name in _BLOCKS:  # type: ignore[attr-defined]
            parts.append(block_sep)
        node = node.next_element
    return "".join(parts)


def after_last_descendant(tag: Tag) -> PageElement | None:
    """The element that follows ``tag`` and all its descendants in document order."""
    last: PageElement = tag
    while isinstance(last, Tag) and last.contents:
        last = last.contents[-1]
    return last.next_element


_TEXT, _ELEMENT, _OTHER = 1, 2, 0
_NODE_KINDS: dict[type, int] = {}


def _node_kind(cls: type) -> int:
    if issubclass(cls, NavigableString):
        return _OTHER if issubclass(cls, _SKIPPED_STRINGS) else _TEXT
    return _ELEMENT if issubclass(cls, Tag) else _OTHER


def page_title(soup: BeautifulSoup, given: str | None = None) -> str:
    """The page title as scope context: ``given`` (front matter) or ``<title>``.

    An API item's name leading the title ("scope in std::thread - Rust") is dropped.
    """
    if given:
        raw = given
    else:  # a plain walk: bs4's find("title") filters every node of a page without a title
        tag = next((d for d in soup.descendants if isinstance(d, Tag) and d.name == "title"), None)
        raw = text_of(tag) if tag is not None else ""
    return _ITEM_TITLE.sub("", normalize_ws(raw)).strip()


def is_access_page(soup: BeautifulSoup, title: str, visible: str) -> bool:
    """The page-level gate of weak blocks: access words anywhere, or a scope title/heading.

    A compiler flag's "The valid scopes are:" sits on a page that never says access, OAuth,
    token or permission and has no heading about scopes: its lists are not scope lists.

    Args:
        soup: The parsed page.
        title: From ``page_title``.
        visible: The page's visible text.

    Returns:
        True when weak blocks on this page may be scope blocks.
    """
    if mentions_access(title) or mentions_access(visible) or mentions_scopes(title):
        return True
    headings = (d for d in soup.descendants if isinstance(d, Tag) and d.name in _HEADING_SET)
    return any(mentions_scopes(normalize_ws(text_of(h))) for h in headings)


# Context pieces (title, headings, lead) are joined so that no phrase spans two of them: a
# title "Kestrel sign-in" and a heading "scope" are not "in scope" (the programming sense).
_JOIN = " | "


@dataclass(slots=True)
class PageWalk:
    """Mutable state of one walk over a page (local to one extraction call)."""

    source_url: str | None
    conditions: Mapping[str, str]
    title: str = ""
    access_page: bool = True
    headings: list[tuple[int, str]] = field(default_factory=list)
    root_intro: str = ""  # paragraphs before the first heading and the first list or table
    intro_open: bool = True
    section_key: int = -1
    lead: str = ""
    scope_seen: bool = False
    tables: int = 0
    lists: int = 0
    records: list[tuple[int, int, str, ScopeRecord]] = field(default_factory=list)
    table_sections: set[int] = field(default_factory=set)
    read_tables: set[int] = field(default_factory=set)  # tables a scope heading already read
    warnings: list[str] = field(default_factory=list)  # doubt met on the way, said once each
    paragraphs: int = 0
    prose_sentences: list[str] = field(default_factory=list)  # where prose named scopes
    last_block: list[int] = field(default_factory=list)  # records of the latest list/table
    heading_keys: dict[int, int] = field(default_factory=dict)  # heading record -> its section

    def section(self) -> str | None:
        path = [text for level, text in self.headings if level >= 2]
        if not path:
            path = [text for level, text in self.headings if level == 1]
        return " > ".join(path) or None

    def heading_context(self) -> str:
        return _JOIN.join(text for _, text in self.headings)

    def block_context(self, caption: str = "") -> str:
        """What a list or table reads as its context: title, heading path, caption, lead."""
        return _JOIN.join((self.title, self.heading_context(), caption, self.lead))

    def parent_context(self, level: int) -> str:
        """A heading's context: the title and its parent headings (the page intro at the top).

        Sibling headings and the prose of a sibling's section are not context: on a page of
        headings per lint, per option or per function, one section's prose ("the lifetimes
        in scope", "a handle scope") says nothing about the next heading. Nor is a parent's
        prose: it would accept the first heading under it and not its siblings.
        """
        parents = [text for lvl, text in self.headings if lvl < level]
        return _JOIN.join([self.title, *(parents or [self.root_intro])])

    def close_to(self, level: int) -> None:
        """Leave every open section at ``level`` or deeper."""
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()

    def open_section(self, level: int, text: str, key: int) -> None:
        self.close_to(level)
        self.headings.append((level, text))
        self.intro_open = False
        self.section_key = key
        self.lead = ""
        self.last_block = []
        self.scope_seen = self.scope_seen or mentions_scopes(text)

    def add_paragraph(self, text: str) -> None:
        self.lead = text
        self.scope_seen = self.scope_seen or mentions_scopes(text)
        if self.intro_open:
            self.root_intro = (self.root_intro + " " + text)[:_MAX_INTRO]

    def nearest_heading(self) -> str:
        return self.headings[-1][1] if self.headings else ""

    def heading_version(self) -> str | None:
        for _, text in reversed(self.headings):
            label = detect_version(text)
            if label:
                return label
        return None

    def heading_kind(self) -> str | None:
        for _, text in reversed(self.headings):
            found = _KIND_WORDS.search(text)
            if found and mentions_scopes(text):
                return found.group(1).lower()
        return None

    def condition(self, raw: str) -> str | None:
        labels = [self.conditions[i] for i in _MARK_ID.findall(raw) if i in self.conditions]
        return labels[-1] if labels else None

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def add(self, kind: str, record: ScopeRecord) -> None:
        if kind in ("list", "table"):
            self.last_block.append(len(self.records))
        self.records.append((len(self.records), self.section_key, kind, record))

    def annotate_last_block(self, version: str) -> None:
        """Give the records of the latest list or table ``version`` where they have none."""
        for index in self.last_block:
            number, section, kind, record = self.records[index]
            if record.version is None:
                self.records[index] = (number, section, kind, replace(record, version=version))


def sectioned_tags(
    body: Tag, text_of: Callable[[Tag], str]
) -> Iterator[tuple[Tag, list[tuple[int, str]]]]:
    """Every tag under ``body`` but headings, in document order, with the heading path above
    it as ``(level, text)`` pairs (a heading closes those of its level and below)."""
    headings: list[tuple[int, str]] = []
    for node in body.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in _HEADINGS:
            level = int(node.name[1])
            headings = [h for h in headings if h[0] < level] + [
                (level, normalize_ws(text_of(node)))
            ]
            continue
        yield node, headings
