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
from typing import Any

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
_CHROME_TAGS = frozenset({"nav", "header", "footer", "form"})
_CONTENT = frozenset({"main", "article"})
# Marks: pilcrow, hash, section sign, link emoji, invisible characters, and icon-font glyphs
# of the Private Use Area (sphinx_rtd_theme's U+F0C1); U+E000/U+E001 are the Markdown
# preprocessor's own line markers, never a mark.
_PERMALINK = re.compile(
    r"^[\s\u00b6#\u00a7\u200b-\u200d\ufeff\ue002-\uf8ff\U0001f517]*$"
    r"|^(permalink|link|anchor)$",
    re.I,
)
_ANCHOR_CLASSES = frozenset(
    {"headerlink", "anchor", "hash-link", "header-anchor", "anchorjs-link", "anchor-link",
     "heading-anchor", "permalink"}
)  # fmt: skip


def strip_site_chrome(soup: BeautifulSoup) -> int:
    """Remove site chrome and heading permalink marks from a parsed page (in place).

    One plain walk with a cheap test first (bs4's ``find_all`` and ``Tag.get`` cost several
    times more on a 2.5 MB page).

    Returns:
        How many elements were removed.
    """
    doomed: list[Tag] = []
    for node in soup.descendants:
        if type(node) is not Tag:
            continue
        name, attrs = node.name, node.attrs
        if name == "a":
            if _is_permalink(node):
                doomed.append(node)
        elif (name in _CHROME_TAGS or (attrs and _chrome_attrs(attrs))) and _is_chrome(node):
            doomed.append(node)
    removed = 0
    for tag in doomed:
        if not tag.decomposed:  # not inside chrome removed before it
            tag.decompose()
            removed += 1
    return removed


def _chrome_attrs(attrs: dict[str, Any]) -> bool:
    classes = attrs.get("class")
    if classes and not _CHROME_NAMES.isdisjoint(classes):
        return True
    ident = attrs.get("id")
    return bool(attrs.get("role")) or (isinstance(ident, str) and ident.lower() in _CHROME_NAMES)


def _is_chrome(tag: Tag) -> bool:
    name, attrs = tag.name, tag.attrs
    if name in _KEEP:
        return False
    if name == "nav" or str(attrs.get("role") or "").lower() in _LANDMARK_ROLES:
        return True
    if name in ("header", "footer"):
        # a page-level header or footer; one inside the content, or one holding a heading or
        # a table (a bare page's only title), is content
        return not any(p.name in _CONTENT for p in tag.parents) and not _holds_content(tag)
    if name == "form":
        return tag.find("input", attrs={"type": "search"}) is not None
    return _chrome_attrs({k: v for k, v in attrs.items() if k != "role"})


def _holds_content(tag: Tag) -> bool:
    return any(
        type(d) is Tag and (d.name in _HEADINGS or d.name == "table") for d in tag.descendants
    )


def _is_permalink(tag: Tag) -> bool:
    href = tag.attrs.get("href")
    if not isinstance(href, str) or not href.startswith("#"):
        return False
    classes = tag.attrs.get("class") or ()
    if not any(c in _ANCHOR_CLASSES for c in classes) and not any(
        p.name in _HEADINGS for p in tag.parents
    ):
        return False
    return bool(_PERMALINK.match(tag.get_text()))
