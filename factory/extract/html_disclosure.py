"""Disclosure widgets (details, tabs, accordions) read as the definition lists they show.

Doc sites fold long scope lists into widgets: ``<details><summary>scope</summary>text
</details>`` (Markdown and HTML, Asciidoctor's ``[%collapsible]``, sphinx-design's
``dropdown``), ARIA tabs (``role="tab"`` labels, ``role="tabpanel"`` bodies, as Docusaurus
serves them), radio tabs (sphinx-design's ``tab-set``, Material for MkDocs' content tabs) and
MDX components left in the rendered HTML (``<Accordion title="scope">``, ``<TabItem
label="scope">``, ``<Tab title=...>``). Each widget is a term and its body, so a run of them is
rewritten as one ``<dl>`` of ``<dt>label</dt><dd>body</dd>``, which the page walk reads as any
definition list: only under a heading or lead that speaks of scopes, only when at least half
of the terms are scope tokens. A widget whose label is not one token (a question, "Show
example") is left as it is; the tables and lists inside every widget are read as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from factory.extract.html_tables import children_named, tags_in
from factory.extract.text import (
    clean_scope_token,
    looks_like_scope,
    normalize_ws,
    without_placeholders,
)

__all__ = ["unfold_disclosures"]

# MDX/JSX components (lower-cased by the HTML parser) that fold a body under a label, and the
# props that carry the label, first found wins.
_COMPONENT_NAMES = frozenset(
    {"accordion", "tab", "tabitem", "expandable", "collapsible", "collapse", "dropdown", "toggle"}
)
_COMPONENTS = re.compile("^(?:" + "|".join(sorted(_COMPONENT_NAMES)) + ")$")
# The element names a widget may have (the walk's first, cheap filter).
_WIDGET_NAMES = frozenset({"details", "aside", "div", "ul", "ol", "nav"}) | _COMPONENT_NAMES
_LABEL_PROPS = ("title", "label", "summary", "heading", "value", "data-label")
_HOLDERS = frozenset({"ul", "ol", "dl", "table"})
_TITLE_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z]+)*")
_PUNCTUATED = re.compile(r"\w[._:/]\w")


def unfold_disclosures(soup: BeautifulSoup) -> int:
    """Rewrite runs of disclosure widgets whose labels are scope tokens as definition lists.

    Args:
        soup: The parsed page; changed in place.

    Returns:
        How many widgets were rewritten.
    """
    if not any(_may_hold_widget(t) for t in tags_in(soup, _WIDGET_NAMES)):
        return 0  # one walk for the usual page, which has none
    count = 0
    for tablist in tags_in(soup, {"div", "ul", "ol", "nav"}):
        if not tablist.decomposed and tablist.get("role") == "tablist" and tablist.parent:
            count += _aria_tabs(soup, tablist)
    for box in tags_in(soup, {"div"}):
        if box.decomposed or box.parent is None:
            continue
        classes: list[str] = box.get("class") or []  # type: ignore[assignment]
        if "sd-tab-set" in classes or "tabbed-set" in classes:
            count += _radio_tabs(soup, box)
    folded = [t for t in tags_in(soup, {"details"}) if t.parent is not None]
    folded += [
        t
        for t in soup.descendants
        if isinstance(t, Tag)
        and (_COMPONENTS.match(t.name) or (t.name == "aside" and t.get("data-label")))
    ]
    chosen = [w for w in folded if _label_of(w) is not None and _describes(_body(w))]
    count += _fold_runs(soup, chosen)
    return count


def _may_hold_widget(tag: Tag) -> bool:
    """Whether ``tag`` is one that ``unfold_disclosures`` looks at (a cheap first test)."""
    name = tag.name
    if name == "details" or _COMPONENTS.match(name):
        return True
    if name == "aside":
        return bool(tag.get("data-label"))
    if name in ("div", "ul", "ol", "nav") and tag.get("role") == "tablist":
        return True
    classes = tag.get("class") or () if name == "div" else ()
    return "sd-tab-set" in classes or "tabbed-set" in classes


def _token(text: str) -> str | None:
    """The label as a scope token, or None: one token, not a capitalised word ("Owls",
    "Python": a tab's title) nor an all-capitals word without an underscore ("CURL")."""
    token = clean_scope_token(normalize_ws(text))
    if not token or " " in without_placeholders(token) or not looks_like_scope(token):
        return None
    if _TITLE_WORD.fullmatch(token) or (token.isupper() and not _PUNCTUATED.search(token)):
        return None
    return token


def _label_of(widget: Tag) -> str | None:
    if widget.name == "details":
        summary = next(iter(children_named(widget, {"summary"})), None)
        return None if summary is None else _token(summary.get_text(" "))
    for prop in _LABEL_PROPS:
        value = widget.get(prop)
        if isinstance(value, str) and value.strip():
            return _token(value)
    return None


def _body(widget: Tag) -> list[PageElement]:
    return [c for c in widget.contents if not (isinstance(c, Tag) and c.name == "summary")]


def _describes(parts: list[PageElement]) -> bool:
    """A body that describes its label: not only code samples, and no list or table of its
    own (a widget holding a scope list is a box around the list, which is read as it is)."""
    if any(isinstance(p, Tag) and (p.name in _HOLDERS or tags_in(p, _HOLDERS)) for p in parts):
        return False
    return not _only_code(parts)


def _only_code(parts: Iterable[PageElement]) -> bool:
    """A body that is nothing but code blocks: a tab of request samples ("curl", "python")."""
    text = ""
    for part in parts:
        if isinstance(part, Tag):
            if part.name == "pre" or tags_in(part, {"pre"}):
                continue
            text += part.get_text(" ")
        elif type(part) is NavigableString:
            text += str(part)
    return not text.strip()


def _fold_runs(soup: BeautifulSoup, widgets: list[Tag]) -> int:
    """Each run of sibling widgets (only blank text between them) becomes one ``<dl>``."""
    chosen = {id(w) for w in widgets}
    done: set[int] = set()
    count = 0
    for widget in widgets:
        if id(widget) in done or widget.parent is None:
            continue
        run = [widget]
        for sib in widget.next_siblings:
            if isinstance(sib, Tag):
                if id(sib) not in chosen:
                    break
                run.append(sib)
            elif str(sib).strip():
                break
        done.update(id(w) for w in run)
        pairs = [(_label_of(w) or "", _body(w)) for w in run]
        _replace(soup, run, pairs)
        count += len(run)
    return count


def _replace(
    soup: BeautifulSoup, run: list[Tag], pairs: Iterable[tuple[str, list[PageElement]]]
) -> None:
    dl = soup.new_tag("dl", attrs={"data-folded": "1"})
    for label, body in pairs:
        dt = soup.new_tag("dt")
        code = soup.new_tag("code")
        code.string = label
        dt.append(code)
        dd = soup.new_tag("dd")
        for part in list(body):
            if isinstance(part, Tag):
                dd.append(part.extract())
            elif type(part) is NavigableString:  # not a comment or a doctype
                dd.append(str(part))
        dl.append(dt)
        dl.append(dd)
    run[0].insert_before(dl)
    for widget in run:
        widget.decompose()


def _aria_tabs(soup: BeautifulSoup, tablist: Tag) -> int:
    """``role="tab"`` labels paired with ``role="tabpanel"`` bodies (by id, else in order)."""
    tabs = [t for t in tablist.descendants if isinstance(t, Tag) and t.get("role") == "tab"]
    scope = tablist.parent
    while scope is not None and not _panels(scope, tablist):
        scope = scope.parent if scope.parent is not None and scope.name != "body" else None
    if not tabs or scope is None:
        return 0
    panels = _panels(scope, tablist)
    by_id = {p.get("id"): p for p in panels if p.get("id")}
    if all(t.get("aria-controls") in by_id for t in tabs):
        panels = [by_id[str(t.get("aria-controls"))] for t in tabs]
    return _tabs_to_list(soup, tablist, tabs, panels)


def _panels(scope: Tag, tablist: Tag) -> list[Tag]:
    return [
        p
        for p in scope.descendants
        if isinstance(p, Tag) and p.get("role") == "tabpanel" and tablist not in p.parents
    ]


def _radio_tabs(soup: BeautifulSoup, box: Tag) -> int:
    """sphinx-design (``label.sd-tab-label`` + ``div.sd-tab-content``) and Material's
    ``div.tabbed-labels`` + ``div.tabbed-content > div.tabbed-block`` tab sets."""
    labels = [t for t in tags_in(box, {"label"}) if _nearest_set(t) is box]
    panels = [
        t
        for t in tags_in(box, {"div"})
        if _nearest_set(t) is box and {"sd-tab-content", "tabbed-block"} & set(t.get("class") or [])
    ]
    if not labels:
        return 0
    return _tabs_to_list(soup, box, labels, panels)


def _nearest_set(tag: Tag) -> Tag | None:
    for parent in tag.parents:
        if {"sd-tab-set", "tabbed-set"} & set(parent.get("class") or []):
            return parent
    return None


def _tabs_to_list(soup: BeautifulSoup, anchor: Tag, tabs: list[Tag], panels: list[Tag]) -> int:
    labels = [_token(t.get_text(" ")) for t in tabs]
    if len(panels) != len(tabs) or sum(x is not None for x in labels) * 2 < len(labels):
        return 0
    if sum(not _describes(list(p.contents)) for p in panels) * 2 >= len(panels):
        return 0  # code sample tabs ("curl", "python"), or tabs around lists of their own
    pairs = [
        (lab or normalize_ws(t.get_text(" ")), list(p.contents))
        for lab, t, p in zip(labels, tabs, panels, strict=True)
    ]
    holder = soup.new_tag("div")
    anchor.insert_before(holder)
    _replace(soup, [holder], pairs)
    for tag in [anchor, *panels]:
        if tag.parent is not None:
            tag.decompose()
    return len(tabs)
