"""AsciiDoc inline markup -> HTML: code, bold, italic, cross references, links, images.

A subset of the AsciiDoc inline syntax, enough for documentation text: ```code``` (and
```+literal+``` monospace, whose ``{braces}`` are not attribute references),
``+passthrough+``, ``*bold*``/``**bold**``, ``_italic_``/``__italic__``, ``<<id, text>>`` and
``xref:id[text]``, ``link:url[text]`` and ``https://url[text]``, ``image:path[alt]`` and a
trailing `` +`` line break. Everything else is text, HTML-escaped.
"""

from __future__ import annotations

import html
import re

__all__ = ["render_inline"]

_CODE = re.compile(
    r"(?<![\w`])`([^`\n]+?)`(?![\w`])|\+\+\+(.+?)\+\+\+|(?<![\w+])\+([^+\n]+?)\+(?![\w+])"
)
_XREF = re.compile(r"<<([^<>,\s]+)(?:\s*,\s*([^<>]+?))?>>|\bxref:([^\[\s]+)\[([^\]]*)\]")
_LINK = re.compile(r"\blink:([^\[\s]+)\[([^\]]*)\]|\b(https?://[^\s\[<>]+)\[([^\]]*)\]")
_IMAGE = re.compile(r"\bimage:{1,2}([^\[\s]+)\[([^\]]*)\]")
_STRONG = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_EMPH = re.compile(r"__(.+?)__|(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_HARD_BREAK = re.compile(r" \+$", re.MULTILINE)
_SLOT = "\ue010{}\ue011"
_SLOT_RE = re.compile("\ue010(\\d+)\ue011")


def _alt_text(raw: str) -> str:
    """The text of a macro's attribute list (``[text, window=_blank]`` -> ``text``)."""
    return raw.split(",", 1)[0].strip().strip('"')


def render_inline(text: str) -> str:
    """One block's AsciiDoc text as HTML (escaped; markup turned into elements)."""
    slots: list[str] = []

    def keep(fragment: str) -> str:
        slots.append(fragment)
        return _SLOT.format(len(slots) - 1)

    def code(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            inner = m.group(1)
            if len(inner) > 2 and inner.startswith("+") and inner.endswith("+"):
                inner = inner[1:-1]  # ``+{id}+`` inside backticks: literal monospace
            return keep(f"<code>{html.escape(inner, quote=False)}</code>")
        return keep(html.escape(m.group(2) if m.group(2) is not None else m.group(3), quote=False))

    def xref(m: re.Match[str]) -> str:
        target = m.group(1) or m.group(3)
        label = m.group(2) or m.group(4) or target
        return keep(
            f'<a href="#{html.escape(target)}">{html.escape(label.strip(), quote=False)}</a>'
        )

    def link(m: re.Match[str]) -> str:
        url = m.group(1) or m.group(3)
        label = _alt_text(m.group(2) if m.group(1) else m.group(4)) or url
        return keep(f'<a href="{html.escape(url)}">{html.escape(label, quote=False)}</a>')

    out = _CODE.sub(code, text)
    out = _XREF.sub(xref, out)
    out = _LINK.sub(link, out)
    out = _IMAGE.sub(lambda m: keep(html.escape(_alt_text(m.group(2)), quote=False)), out)
    out = html.escape(out, quote=False)
    out = _STRONG.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", out)
    out = _EMPH.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", out)
    out = _HARD_BREAK.sub("<br>", out)
    # Slots may hold slots (a link label with code): resolve until none is left.
    while _SLOT_RE.search(out):
        out = _SLOT_RE.sub(lambda m: slots[int(m.group(1))], out)
    return out
