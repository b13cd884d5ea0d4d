"""Liquid ``{% capture NAME %}`` blocks, shown where the page uses them.

A Jekyll page may write a block of Markdown once, in a capture at the top, and show it
further down: passed to an include (``{% include accordion.html content=NAME %}``) or
printed (``{{ NAME | markdownify }}``), often inside the page's raw HTML, where Markdown is
not rendered. Read as stored, the block sits above the page, out of its section, and the
place that shows it is an include nobody resolves: a scope list kept in a capture was read
nowhere. Here each capture is taken out of the text and, where a tag uses it, replaced by
the block rendered to HTML (the include's ``title`` first, as the accordion shows it), so
the list stands under the heading of the parameter it documents. A capture no tag uses is
left in place, without its tags. Nothing is executed: tags are matched as text.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Capture", "find_captures", "show_captures"]

# Every pattern is bounded to one line and a few hundred characters: a page of thousands
# of unclosed tags must cost linear time, not a scan to the end of the page per tag.
_CAPTURE_TAG = re.compile(r"\{%-?\s*(capture|endcapture)\b[ \t]*([\w-]*)[ \t]*-?%\}[ \t]*\n?")
_INCLUDE = re.compile(r"\{%-?\s*include\s+([^\s%]+)([^\n]{0,400}?)-?%\}")
_ARG = re.compile(r"([\w-]+)\s*=\s*(\"[^\"\n]*\"|'[^'\n]*'|[\w.-]+)")
_OUTPUT = re.compile(r"\{\{-?\s*([\w-]+)\s*(?:\|[^{}\n]{0,300})?-?\}\}")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Capture:
    """One captured block: its name and Markdown body (dedented)."""

    name: str
    body: str


def find_captures(text: str) -> tuple[str, dict[str, Capture]]:
    """The text without its capture blocks, and the blocks by name (the last one wins, as
    Liquid assigns). A capture never closed is left as it is."""
    captures: dict[str, Capture] = {}
    parts: list[str] = []
    kept = 0
    opening: re.Match[str] | None = None
    for tag in _CAPTURE_TAG.finditer(text):
        if tag.group(1) == "capture" and tag.group(2):
            opening = tag
        elif tag.group(1) == "endcapture" and opening is not None:
            name = opening.group(2)
            body = textwrap.dedent(text[opening.end() : tag.start()]).strip("\n")
            captures[name] = Capture(name, body)
            parts.extend([text[kept : opening.start()], f"\ue004{name}\ue005\n"])
            kept, opening = tag.end(), None
    parts.append(text[kept:])
    return "".join(parts), captures


def show_captures(
    text: str, captures: dict[str, Capture], render: Callable[[str], str]
) -> tuple[str, list[str]]:
    """Replace the tags that use a capture by its rendered block; put unused ones back.

    Args:
        text: The text ``find_captures`` returned (a placeholder where each block was).
        captures: The blocks by name.
        render: Preprocessed Markdown to HTML (the page's own renderer).

    Returns:
        The text, and the names of the captures shown where a tag uses them.
    """
    used: list[str] = []

    def shown(name: str, title: str | None, in_markdown: bool) -> str:
        used.append(name)
        head = f"<p>{html.escape(title)}</p>\n" if title else ""
        body = _BLANK_LINES.sub("\n", render(captures[name].body).strip())
        block = f'<div data-capture="{html.escape(name)}">\n{head}{body}\n</div>'
        return f"\n\n{block}\n\n" if in_markdown else block

    def include(match: re.Match[str]) -> str:
        args = {k: v.strip("\"'") for k, v in _ARG.findall(match.group(2))}
        named = [v for k, v in _ARG.findall(match.group(2)) if v in captures and k != "title"]
        if not named:
            return match.group(0)
        return shown(named[0], args.get("title"), _in_markdown(text, match))

    def output(match: re.Match[str]) -> str:
        name = match.group(1)
        return shown(name, None, _in_markdown(text, match)) if name in captures else match.group(0)

    text = _INCLUDE.sub(include, text)
    text = _OUTPUT.sub(output, text)

    def unused(match: re.Match[str]) -> str:
        name = match.group(1)
        return "" if name in used or name not in captures else captures[name].body

    return re.sub("\ue004([\\w-]+)\ue005", unused, text), used


def _in_markdown(text: str, match: re.Match[str]) -> bool:
    """Whether a tag stands in Markdown: alone on its line, indented less than a code block.
    Then the HTML is a block of its own; deeper or inline, it sits in the page's raw HTML,
    where a blank line would end the HTML block and turn what follows into a code block."""
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    end = len(text) if end < 0 else end
    before = text[start : match.start()]
    alone = not (before.strip() or text[match.end() : end].strip())
    return alone and len(before) < 4
