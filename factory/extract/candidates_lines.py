"""Marks in source text that say what a line is, for the harvester's markup reader.

A paragraph that is one bold name (``**`openid`**``, ``<p><strong>openid</strong></p>``)
opens that name's part of a page: such lines of a section are one list. A template capture
(``{% capture scope_values %}``) names the text it holds, as a heading would. A role before a
span (``:ref:`target` ``, ``{doc}`page` ``) makes it interpreted text, not code. Markdown
left in an HTML text node (a template's raw body) is to be read as Markdown. A JSX/HTML
attribute or component prop whose name speaks of scopes (``<Scopes scopes="a,b" />``,
``scope={["a", "b"]}``) holds names wherever it stands in the source.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from lxml import etree

from factory.extract.candidates_shape import Segment

__all__ = [
    "DATA_LINE",
    "LONE_EMPHASIS",
    "MARKDOWN_INSIDE",
    "ROLE_BEFORE",
    "SCOPE_NAME",
    "attribute_segments",
    "capture_name",
    "lone_strong",
]

#: A line that is one emphasised name: ``**`name`**``, ``__name__``, ``**name**``.
LONE_EMPHASIS = re.compile(r"^(\*\*|__)`?[A-Za-z0-9][^\s`*]*`?\1\s*$")
#: A data line of a literal in a template (``key: "a_read, a_write",``): a line of code.
DATA_LINE = re.compile(r"^\s+[\w\-]+:\s*([\"'])[^\"'\n]*\1,?\s*$")
#: Markdown in an HTML text node: a bullet line of code (``- `name` ``) or a fenced block.
MARKDOWN_INSIDE = re.compile(r"^[ \t]*(?:[*-][ \t]+`[^`\n]+`|```)", re.M)
#: A reStructuredText or MyST role right before a span (the literal roles are code still).
ROLE_BEFORE = re.compile(
    r"(?::(?!(?:code|literal|samp|kbd):)[\w.+\-]+(?::[\w.+\-]+)*:|\{(?!code\})[\w.+\-:]+\})\Z"
)
# A Liquid/Jinja capture, block or macro that names the text it holds, and its end
_CAPTURE = re.compile(
    r"^\s*\{%-?\s*(capture|block|macro|endcapture|endblock|endmacro)\b\s*"
    r"([\w.\-]*)[^%]*-?%\}\s*$"
)
_WORD_SEP = re.compile(r"[_.\-]+")


def capture_name(line: str) -> str | None:
    """The name a capture line opens, in words (``scope_values`` -> "scope values"); "" for
    the line that ends one; None for any other line."""
    captured = _CAPTURE.match(line)
    if captured is None:
        return None
    if captured.group(1).startswith("end"):
        return ""
    return _WORD_SEP.sub(" ", captured.group(2)).strip()


def lone_strong(el: etree._Element) -> bool:
    """Whether a paragraph is one bold name and nothing else (``<p><strong><code>x``)."""
    if len(el) != 1 or (el.text or "").strip():
        return False
    child = el[0]
    if child.tag not in ("strong", "b") or (child.tail or "").strip():
        return False
    words = " ".join(child.itertext()).split()
    return len(words) == 1 and words[0][:1].isalnum()


#: An attribute, prop or element whose name speaks of scopes: ``scopes``, ``data-scope-set``,
#: ``scopeList``; never HTML microdata's ``itemscope`` (a flag that only holds the letters).
SCOPE_NAME = re.compile(r"(?<!item)(?:scope|permission|grant|consent)", re.I)
# (no start right after a letter: a start there would have matched from that letter)
_ATTRIBUTE = re.compile(
    r"(?<![A-Za-z_])([A-Za-z_][\w\-:]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|\{([^{}]*)\})", re.DOTALL
)
_TAG_AT = re.compile(r"<([A-Za-z][\w.\-]*)")


def attribute_segments(text: str, path_at: list[str]) -> Iterator[Segment]:
    """The values of attributes and props named for scopes in a source text, with the
    heading path of their line (``path_at``, one per line)."""
    if "=" not in text:
        return
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    for found in _ATTRIBUTE.finditer(text):
        name = found.group(1)
        value = next(g for g in found.groups()[1:] if g is not None)
        if not value:
            continue
        opening = text.rfind("<", max(0, found.start() - 200), found.start())
        inside = opening >= 0 and ">" not in text[opening : found.start()]
        tag_found = _TAG_AT.match(text, opening) if inside else None
        tag = tag_found.group(1) if tag_found else ""
        if not (SCOPE_NAME.search(name) or SCOPE_NAME.search(tag)):
            continue
        line = bisect.bisect_right(starts, found.start()) - 1
        section = path_at[line] if line < len(path_at) else ""
        yield Segment(
            value,
            f"line {line + 1} <{tag} {name}>",
            "attribute",
            section,
            name,
            f"a{found.start()}",
        )
