"""MDX disclosure components (``<Accordion title=...>``, ``<TabItem label=...>``) as served.

An MDX site shows ``<Accordion title="files:read">Lets the app read files.</Accordion>`` as a
folded box whose label is the prop; the Markdown engine here turns unknown components into
``<aside>`` boxes and dropped every prop, so the label (the scope) was lost. Two things are
kept: the label prop, as ``data-label`` on the box (``html_disclosure`` reads it as the
widget's label), and the body's text. MDX has no indented code blocks, so the indentation of
a component's body is layout only; CommonMark would read a body indented four spaces as code,
so each component's body is dedented as a whole (relative indentation stays).
"""

from __future__ import annotations

import re
import textwrap

__all__ = ["component_label", "dedent_component_bodies"]

# Components that fold a body under a label (Mintlify, Docusaurus, Nextra, Fumadocs ...).
_FOLDING = re.compile(
    r"^(?:Accordion|Tab|TabItem|Expandable|Collapsible|Collapse|Dropdown|Toggle|Details)$"
)
_LABEL_PROPS = ("title", "label", "summary", "heading", "value")
_PROP = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\})""")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_OPEN_LINE = re.compile(r"^\s*<([A-Z][\w.]*)(?:\s(?:[^<>{}]|\{[^{}]*\})*)?>\s*$")
_CLOSE_LINE = re.compile(r"^\s*</([A-Z][\w.]*)>\s*$")


def component_label(name: str, props: str) -> str | None:
    """The label a folding component shows (its ``title``/``label``/... prop), or None."""
    if not _FOLDING.match(name.rsplit(".", 1)[-1]):
        return None
    found = {
        m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _PROP.finditer(props)
    }
    return next((found[p].strip() for p in _LABEL_PROPS if (found.get(p) or "").strip()), None)


def dedent_component_bodies(text: str) -> str:
    """Dedent the lines between each component's opening and closing line (fences kept)."""
    lines = text.split("\n")
    stack: list[tuple[str, int]] = []
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        if (opened := _OPEN_LINE.match(line)) is not None:
            stack.append((opened.group(1), i))
        elif (closed := _CLOSE_LINE.match(line)) is not None:
            while stack and stack[-1][0] != closed.group(1):
                stack.pop()  # a component left open: no body to dedent
            if stack:
                _, start = stack.pop()
                body = "\n".join(lines[start + 1 : i])
                lines[start + 1 : i] = textwrap.dedent(body).split("\n")
    return "\n".join(lines)
