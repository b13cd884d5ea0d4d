"""A served docs page's site chrome, removed before the walk: the page reads as its source.

Site generators (MkDocs Material, Sphinx themes, Docusaurus, Asciidoctor, ReadTheDocs) wrap a
page's content in chrome: the site navigation, a table of contents that repeats every heading
as a list of links, a search box, a header and footer, and a permalink mark inside each
heading (``¶``, ``#``, an empty anchor). Left in, the table of contents reads as a second list
of the scopes that have headings, and a heading "``a.read``¶" is no longer a bare scope token.
``strip_site_chrome`` removes them so that the served page gives what its source gives.

Only chrome is removed: navigation landmarks (``<nav>``, ``role=navigation|search``),
elements whose class or id names a known table-of-contents, sidebar or search container of
these generators, a page-level ``<header>``/``<footer>`` (not one inside the content), search
forms, and heading anchors whose text is only a permalink mark.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

__all__ = ["strip_site_chrome"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LANDMARK_ROLES = frozenset({"navigation", "search", "banner", "contentinfo"})
# Class or id tokens of chrome containers (MkDocs Material, Sphinx: furo, alabaster, RTD,
# pydata, book; Docusaurus; Asciidoctor; GitBook-like sites). Whole tokens only.
_CHROME_NAMES = frozenset(
    {"toc", "toc2", "toc-drawer", "toc-tree", "toc-tree-container", "toc-sticky",
     "table-of-contents", "tableofcontents", "page-toc", "on-this-page", "localtoc",
     "md-sidebar", "md-header", "md-footer", "md-search", "md-tabs", "md-nav",
     "sidebar-drawer", "sidebar-container", "sphinxsidebar", "sphinxsidebarwrapper",
     "wy-nav-side", "wy-nav-top", "rst-versions", "related", "bd-sidebar",
     "bd-sidebar-primary", "bd-sidebar-secondary", "bd-toc", "navbar", "theme-doc-toc-desktop",
     "theme-doc-toc-mobile", "theme-doc-sidebar-container", "pagination-nav",
     "theme-doc-breadcrumbs", "breadcrumbs", "skip-to-content", "search", "searchbox",
     "search-button", "header-article", "footer", "mobile-header", "back-to-top"}
)  # fmt: skip
_KEEP = frozenset({"html", "body", "main", "article"})
_CONTENT = frozenset({"main", "article"})
_PERMALINK = re.compile(r"^[\s\u00b6#\u00a7\U0001f517]*$|^(permalink|link|anchor)$", re.I)
_ANCHOR_CLASSES = frozenset(
    {"headerlink", "anchor", "hash-link", "header-anchor", "anchorjs-link", "anchor-link",
     "heading-anchor", "permalink"}
)  # fmt: skip


def strip_site_chrome(soup: BeautifulSoup) -> int:
    """Remove site chrome and heading permalink marks from a parsed page (in place).

    Returns:
        How many elements were removed.
    """
    doomed: list[Tag] = []
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.name in _KEEP:
            continue
        if _is_chrome(tag) or _is_permalink(tag):
            doomed.append(tag)
    removed = 0
    for tag in doomed:
        if tag.parent is not None and not any(tag in d.parents for d in doomed if d is not tag):
            tag.decompose()
            removed += 1
    return removed


def _is_chrome(tag: Tag) -> bool:
    if tag.name == "nav" or str(tag.get("role") or "").lower() in _LANDMARK_ROLES:
        return True
    if tag.name in ("header", "footer"):
        return not any(p.name in _CONTENT for p in tag.parents)
    if tag.name == "form" and tag.find("input", attrs={"type": "search"}) is not None:
        return True
    names = {*_tokens(tag.get("class")), *_tokens(tag.get("id"))}
    return bool(names & _CHROME_NAMES)


def _is_permalink(tag: Tag) -> bool:
    if tag.name != "a" or not str(tag.get("href") or "").startswith("#"):
        return False
    if not any(p.name in _HEADINGS for p in tag.parents) and not (
        set(_tokens(tag.get("class"))) & _ANCHOR_CLASSES
    ):
        return False
    return bool(_PERMALINK.match(tag.get_text()))


def _tokens(value: object) -> list[str]:
    if isinstance(value, str):
        return value.lower().split()
    if isinstance(value, list):
        return [str(v).lower() for v in value]
    return []
