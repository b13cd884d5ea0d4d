"""Label paragraphs that stand as headings: ``**`name`**`` alone on a line, one per scope.

Some pages give each scope a paragraph holding only the scope in bold code, followed by
what it grants (a table of claims, a sentence), instead of a heading. A reader sees
headings; the walk saw paragraphs and nothing scope-shaped. Such paragraphs become headings
one level below the heading they sit under (``h2`` at the top of a page) before the walk,
so the heading reader reads them with the same context rules as ``### `name```: the page's
intro or parent heading must speak of scopes. At least two on a page: one bold token alone
is emphasis, a run of them is a layout.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from factory.extract.html_tables import has_ancestor, tags_in

__all__ = ["LEAD_ATTRIBUTE", "promote_label_paragraphs"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD = frozenset({"strong", "b"})
_MIN_LABELS = 2
_MAX_LEAD = 400
LEAD_ATTRIBUTE = "data-label-lead"
_INSIDE = ("li", "td", "th", "dd", "aside", "blockquote")


def _only_child(tag: Tag) -> Tag | None:
    """The one element a tag holds, with nothing but whitespace around it."""
    found: Tag | None = None
    for child in tag.children:
        if isinstance(child, NavigableString):
            if str(child).strip():
                return None
        elif isinstance(child, Tag):
            if found is not None:
                return None
            found = child
    return found


def _is_label(paragraph: Tag) -> bool:
    bold = _only_child(paragraph)
    if bold is None or bold.name not in _BOLD:
        return False
    if any(has_ancestor(paragraph, name) is not None for name in _INSIDE):
        return False  # a label inside a cell or an item belongs to that block
    code = _only_child(bold)
    return code is not None and code.name == "code" and bool(code.get_text().strip())


def promote_label_paragraphs(soup: BeautifulSoup) -> int:
    """Turn label paragraphs into headings in place (see the module docstring). Each keeps
    the paragraph that introduced the run of labels under its heading ("These are the
    scopes ...:") as its ``data-label-lead``: that is what a reader takes the labels for.

    Returns:
        How many paragraphs became headings.
    """
    level = 1
    lead = ""
    run_lead: str | None = None
    labels: list[tuple[Tag, int, str]] = []
    for tag in tags_in(soup, {*_HEADINGS, "p"}):
        if tag.name in _HEADINGS:
            level, lead, run_lead = int(tag.name[1]), "", None
        elif _is_label(tag):
            run_lead = lead if run_lead is None else run_lead
            labels.append((tag, min(level + 1, 6), run_lead))
        elif run_lead is None:
            lead = tag.get_text(" ", strip=True)
    if len(labels) < _MIN_LABELS:
        return 0
    for tag, depth, intro in labels:
        tag.name = f"h{depth}"
        if intro:
            tag[LEAD_ATTRIBUTE] = intro[:_MAX_LEAD]
    return len(labels)
