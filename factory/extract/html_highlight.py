"""Syntax-highlighting spans left out of a page's text before it is parsed.

A reference page with code samples holds tens of thousands of ``<span class=...>`` elements
inside its ``<pre>`` blocks (76,000 of 83,000 elements on a 2.5 MB page). The tree builder of
``html_soup`` already leaves them out of the tree (their text joins their parent's), but lxml
still reports each one to Python, twice: those calls were a third of an extraction.
``strip_highlighting`` removes the same spans from the text first, so lxml never sees them
and the tree built is the same.

It only removes what the builder would fold, and only where it is sure of it: the scan reads
the page the way an HTML5 tokenizer does (libxml2 2.14 follows HTML5's tokenizer) wherever a
``<pre>`` could hide: comments, ``<!...>`` and ``<?...>`` sections, the raw text of
``<script>``/``<style>``/``<textarea>``/``<title>``/... elements, and attribute values, quoted
or not, with ``>`` in them. Inside a ``<pre>`` it strips only when every tag up to the first
``</pre>`` is a ``<span>`` with no attribute but ``class`` (or none), its end tag, or
``<code>``/``</code>``; when the spans nest properly and hold only text; and when the
``<code>`` tags pair up (an end tag of an element opened outside would close the ``<pre>``).
Whenever the scan is unsure (markup it does not read the way the tokenizer would, a script
with another ``<script`` inside) it stops and leaves the rest of the page as it is: leaving
a span in is always right, since the builder folds it.

The harvester parses the page with lxml too, reading a code block's text pieces as the spans
split them: ``mark_highlighting`` turns each such span tag into an empty comment, which splits
the text the same way but builds no element (libxml2's parse drops from 70 to 30 ms on that
page). One scan, done once per extraction (``extraction_memo``), serves both pages.
"""

from __future__ import annotations

import re

from factory.extract.extraction_memo import remembered

__all__ = ["mark_highlighting", "strip_highlighting"]

_SPACE = r"[\t\n\f\r ]"
_NAME_END = r"(?=[\t\n\f\r />])"
# The rest of a tag after its first letter, up to its ``>``. A quote opens a value only
# after ``=``; such a value must close (an unclosed one runs to the end of the page in HTML5:
# the pattern fails there rather than end the tag early). Reading an ``=`` that opens no
# value (``<a ="x>y">``) as one only makes the tag longer: a ``<pre>`` inside is then missed,
# never invented.
_TAG_REST = rf"""(?:[^>"'=]++|={_SPACE}*+(?:"[^"]*+"|'[^']*+'|(?!["']))|["'])*+>"""
_RAW = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
# Everything up to the next ``<pre`` start tag (or the end, or markup the scan is unsure of),
# read in one match: the per-tag work stays in C.
_MARKUP = re.compile(
    r"(?:[^<]++"
    r"|<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"  # a bogus comment to the first ``>``: this ends later
    r"""|<!(?:[^>"']++|"[^"]*+"|'[^']*+')*+(?:>|\Z)"""
    r"|<\?.*?(?:\?>|\Z)"  # a bogus comment to the first ``>``: this ends later
    r"|</(?:>|[^A-Za-z>][^>]*+(?:>|\Z))"
    # raw text to its end tag; a second ``<script`` inside could escape that end: stop
    + "".join(
        rf"|<{name}{_NAME_END}{_TAG_REST}"
        rf"(?:(?!</{name}{_NAME_END}|<script{_NAME_END}).)*+</{name}{_NAME_END}"
        for name in _RAW.split("|")
        if name != "plaintext"  # the rest of the page is its text: stop
    )
    + rf"|<(?!(?:pre|{_RAW}){_NAME_END})[A-Za-z]{_TAG_REST}"
    rf"|</[A-Za-z]{_TAG_REST}"
    r"|<(?![A-Za-z/!?]))*+",
    re.I | re.S | re.A,  # ASCII: ``[A-Za-z]`` must not match the Kelvin sign when folded
)
_PRE_START = re.compile(rf"<pre{_NAME_END}{_TAG_REST}", re.I | re.A)
# A ``<code>`` start tag whose values hold no ``<``/``>`` (the span patterns below must not
# find a tag inside one), with no stray quote and no ``/`` outside a quoted value (libxml2
# reads ``<code/>`` as an empty element, so its end tag would close the ``<pre>``).
_CODE_START = (
    rf"""<code(?:{_SPACE}(?:[^<>"'=/]++|={_SPACE}*+(?:"[^"<>]*+"|'[^'<>]*+'|(?!["'])))*+)?>"""
)
_SPAN_OPEN = rf"""<span(?:{_SPACE}++class=(?:"[^"<>]*+"|'[^'<>]*+'))?{_SPACE}*+>"""
_SPAN_CLOSE = rf"</span{_SPACE}*+>"
# A highlighting span holding text, or text and spans that hold text (deeper nesting is rare
# in highlighters' output: such a block is left to the builder).
_SPAN = rf"{_SPAN_OPEN}(?:[^<]++|{_SPAN_OPEN}[^<]*+{_SPAN_CLOSE})*+{_SPAN_CLOSE}"
# A ``<pre>``'s content holding only text, such spans and ``<code>`` tags, up to its end.
_PRE_BODY = re.compile(
    rf"(?:[^<]++|{_SPAN}|{_CODE_START}|</code{_SPACE}*+>)*+(?=</pre{_NAME_END})", re.I | re.A
)
_SPAN_TAG = re.compile(r"</?span[^>]*+>", re.I | re.A)
_CODE_TAG = re.compile(r"<(/?)code", re.I | re.A)


def strip_highlighting(html: str) -> str:
    """``html`` without the class-only ``<span>`` tags of its ``<pre>`` blocks (text kept).

    Args:
        html: The page.

    Returns:
        The page, with those tags removed where the scan is sure of them (see the module
        docstring); the page itself when there are none.
    """
    return _spliced(html, "")


def mark_highlighting(html: str) -> str:
    """``html`` with each of those ``<span>`` tags an empty comment (``<!---->``) instead.

    lxml's parse of the result holds the same text nodes in each ``<pre>``, split where the
    spans split them (``itertext``, ``text()`` and a text serialisation read them as they
    read the spans' text; comments hold none), at under half the cost: no element is built.
    """
    return _spliced(html, _MARK)


_MARK = "<!---->"


def _spliced(html: str, mark: str) -> str:
    """``html`` with the span tags of the ``<pre>`` bodies the scan is sure of as ``mark``."""
    bodies = _highlighted_bodies(html)
    if not bodies:
        return html
    parts: list[str] = []
    done = 0
    for start, end, body in bodies:
        # a body read as sure holds no comment of its own: each mark is one of its tags
        parts += (html[done:start], body if mark == _MARK else body.replace(_MARK, mark))
        done = end
    parts.append(html[done:])
    return "".join(parts)


def _highlighted_bodies(html: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, body with each span tag as ``_MARK``) of each ``<pre>`` body of ``html``
    whose spans the scan is sure of, in page order: scanned once per extraction, for the
    structured reader's page (stripped) and the harvester's (marked)."""
    return remembered(("highlighted pre bodies", html), lambda: _scan(html))


def _scan(html: str) -> tuple[tuple[int, int, str], ...]:
    if "<span" not in html and "<SPAN" not in html.upper():
        return ()
    found: list[tuple[int, int, str]] = []
    pos = 0
    end = len(html)
    while True:
        markup = _MARKUP.match(html, pos)
        assert markup is not None  # the pattern matches the empty string
        pos = markup.end()
        if pos >= end:
            break
        start = _PRE_START.match(html, pos)
        if start is None:
            break  # markup the scan is unsure of: leave the rest as it is
        pos = start.end()
        if html[pos - 2] == "/":
            continue  # libxml2 ends a ``<pre/>`` at once: what follows is not inside it
        body = _PRE_BODY.match(html, pos)
        if body is None:
            continue  # other markup inside: read it as the rest of the page
        marked = _marked_spans(body.group())
        if marked is not None:
            found.append((pos, body.end(), marked))
        pos = body.end()
    return tuple(found)


def _marked_spans(body: str) -> str | None:
    """A ``<pre>``'s content (as ``_PRE_BODY`` reads it) with its span tags as ``_MARK``, or
    None when its ``<code>`` tags do not pair up (an end tag of an element opened outside the
    ``<pre>`` would close the ``<pre>`` there)."""
    depth = 0
    for slash in _CODE_TAG.findall(body):
        depth += -1 if slash else 1
        if depth < 0:
            return None
    if depth:
        return None
    return _SPAN_TAG.sub(_MARK, body)
