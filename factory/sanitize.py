"""One allow-list sanitiser (nh3) for anything shown as HTML, live and in the export.

:func:`safe_html` keeps tags for layout, tables, headings and links only: no script, no event
handler, no ``javascript:`` URL; links keep only ``http``/``https``/``mailto`` targets and get
``rel="noopener noreferrer"``; inline styles keep a short list of layout properties. The
notebook's HTML views (:mod:`factory.workbench.scope_html`) and the HTML export
(:func:`factory.workbench.runner.export_html`) both go through it. Kept apart from the views so the
export does not import pandas.
"""

from __future__ import annotations

from typing import Final

TAGS: Final = frozenset(
    {"a", "b", "i", "s", "em", "strong", "code", "pre", "p", "br", "span", "div", "small",
     "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot",
     "tr", "th", "td", "caption", "colgroup", "col", "details", "summary", "hr", "blockquote",
     "sup", "sub", "dl", "dt", "dd"}
)  # fmt: skip
ATTRIBUTES: Final = {
    "*": {"class", "id", "title", "style", "lang"},
    "a": {"href"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "details": {"open"},
    "col": {"span"},
}
STYLE_PROPERTIES: Final = frozenset(
    {"background-color", "color", "border", "border-left", "border-bottom",
     "padding", "margin", "width", "min-width", "max-width", "max-height", "overflow",
     "text-align", "vertical-align", "white-space", "display", "font-size", "font-weight",
     "font-family", "height", "line-height", "border-collapse", "border-radius", "word-break",
     "flex-flow", "flex-wrap", "gap", "table-layout", "overflow-wrap"}
)  # fmt: skip
#: What a whole exported page may hold besides :data:`TAGS`: the template's frame and CSS.
PAGE_TAGS: Final = frozenset({"html", "head", "body", "title", "meta", "style", "main"})


def safe_html(markup: str, *, page: bool = False) -> str:
    """``markup`` with everything but layout, tables, headings and links removed (nh3).

    Args:
        markup: HTML to clean.
        page: a whole page from the exporter's template: its frame and ``<style>`` sheets
            are kept too (outputs were already cleaned one by one without them).
    """
    import nh3

    tags = set(TAGS) | (set(PAGE_TAGS) if page else set())
    attributes = {k: set(v) for k, v in ATTRIBUTES.items()}
    if page:
        attributes["meta"] = {"charset", "name", "content"}
    return nh3.clean(
        markup,
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script"} if page else {"script", "style"},
        # ammonia cannot filter a whole <style> sheet: pages keep the template's CSS, and
        # the outputs in them were filtered one by one already.
        filter_style_properties=None if page else set(STYLE_PROPERTIES),
        link_rel="noopener noreferrer",
    )
