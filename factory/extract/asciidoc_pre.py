"""AsciiDoc preprocessing: comments, attributes, includes and conditionals, line by line.

The first pass of ``asciidoc_blocks``: ``//`` and ``////`` comments go, ``:name: value``
entries are recorded and ``{name}`` references replaced (unknown ones stay as written),
``include::`` directives are counted and never followed, and ``ifdef``/``ifndef``/``ifeval``
blocks are kept whatever their condition, each line inside tagged with a marker that the HTML
engine maps back to the condition (the record's version annotation). Listing blocks
(``----``, ``....``) pass through verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factory.extract.markdown_pre import MARK_CLOSE, MARK_OPEN

__all__ = [
    "ANCHOR",
    "BLOCK_ATTR",
    "DELIMS",
    "MARK_CLOSE",
    "MARK_OPEN",
    "AsciiDocPage",
    "page_text",
    "preprocess",
    "resolve_attribute_refs",
]

_ATTR_ENTRY = re.compile(r"^:(!?[\w-]+!?):(?:\s+(.*))?$")
_ATTR_REF = re.compile(r"\{([\w-]+)\}")
_COND = re.compile(r"^(ifdef|ifndef|ifeval)::([^\[]*)\[(.*)\]\s*$")
_ENDIF = re.compile(r"^endif::[^\[]*\[\]\s*$")
_INCLUDE = re.compile(r"^include::")
ANCHOR = re.compile(r"^\[\[([\w:.-]+)(?:,[^\]]*)?\]\]$")
BLOCK_ATTR = re.compile(r"^\[[^\[\]]*\]$")
DELIMS = {"----": "pre", "....": "pre", "====": "div", "****": "div", "____": "div", "--": "div"}


@dataclass
class AsciiDocPage:
    """The rendered page: HTML, its title, line-marker conditions and what was left undone."""

    html: str
    title: str = ""
    conditions: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def preprocess(text: str, page: AsciiDocPage) -> list[str]:
    """Comments, attributes, includes and conditionals resolved into plain lines."""
    attrs: dict[str, str] = {}
    stack: list[str] = []
    lines: list[str] = []
    in_comment = False
    listing: str | None = None  # inside ---- or ....: lines are verbatim
    includes = 0
    for raw in text.replace("\r\n", "\n").split("\n"):
        stripped = raw.strip()
        if listing is not None or stripped in ("----", "...."):
            listing = None if stripped == listing else (listing or stripped)
            lines.append(raw)
            continue
        if stripped == "////":
            in_comment = not in_comment
            continue
        if in_comment or (stripped.startswith("//") and not stripped.startswith("///")):
            continue
        entry = _ATTR_ENTRY.match(stripped)
        if entry:
            name = entry.group(1).strip("!")
            if entry.group(1).startswith("!") or entry.group(1).endswith("!"):
                attrs.pop(name, None)
            else:
                attrs[name] = entry.group(2) or ""
            continue
        if _INCLUDE.match(stripped):
            includes += 1
            continue
        cond = _COND.match(stripped)
        if cond:
            label = f"{cond.group(1)} {cond.group(2) or cond.group(3)}".strip()
            if cond.group(1) != "ifeval" and cond.group(3):  # one-line form: ifdef::a[text]
                lines.append(_marked(cond.group(3), [*stack, label], page))
            else:
                stack.append(label)
            continue
        if _ENDIF.match(stripped):
            if stack:
                stack.pop()
            continue
        line = _ATTR_REF.sub(lambda m: attrs.get(m.group(1), m.group(0)), raw)
        lines.append(_marked(line, stack, page) if stack else line)
    if includes:
        page.warnings.append(
            f"{includes} AsciiDoc include:: directive(s) not followed: the included files are "
            "not part of this document"
        )
    if page.conditions:
        page.warnings.append(
            "AsciiDoc conditional blocks (ifdef/ifndef/ifeval) were kept whatever their "
            "condition; records inside carry the condition as their version"
        )
    return lines


def resolve_attribute_refs(text: str) -> str:
    """``{name}`` references replaced from the document's own ``:name: value`` entries, line
    by line (the lines stay where they are; unknown references stay as written)."""
    if not _ATTR_REF.search(text) or ":" not in text:
        return text
    attrs: dict[str, str] = {}
    lines = text.split("\n")
    for number, raw in enumerate(lines):
        entry = _ATTR_ENTRY.match(raw.strip())
        if entry:
            attrs[entry.group(1).strip("!")] = entry.group(2) or ""
        elif attrs and "{" in raw:
            lines[number] = _ATTR_REF.sub(lambda m: attrs.get(m.group(1), m.group(0)), raw)
    return "\n".join(lines)


# An inline macro with no target, "deprecated:[8.15]", "kbd:[Ctrl+C]", "btn:[Save]": the
# processor renders it (a badge, a key, a button); it is never a "name:[...]" token.
_TARGETLESS_MACRO = re.compile(r"(?<![\w:./-])([a-z][a-z0-9_-]*):\[([^\]\n]*)\]")


def page_text(text: str) -> str:
    """The page's text as a reader of its words sees it: attribute references resolved
    (``resolve_attribute_refs``) and each target-less inline macro written as its name and
    its attribute list apart (``deprecated:[8.15]`` -> ``deprecated [8.15]``), and each macro
    with a target as the text it shows (``plugin:credentials[Credentials Plugin]`` ->
    ``Credentials Plugin``). Delimiters of
    example, sidebar, quote and open blocks (``======``, ``****``, ``____``, ``--``) and
    continuation marks (``+``) are blank lines, so that no reader takes the line above one for a
    heading it underlines (``[NOTE]`` over ``======``); listings (``----``, ``....``) stay."""
    text = _TARGETLESS_MACRO.sub(r"\1 [\2]", resolve_attribute_refs(text))
    text = _TARGET_MACRO.sub(lambda m: m.group(3) or m.group(2), text)
    return _BLOCK_DELIMITER.sub("", text)


# An inline macro with a target, "plugin:credentials[Credentials Plugin]",
# "xref:scopes.adoc[Scopes]": the page shows its text (its target when it has none)
_TARGET_MACRO = re.compile(
    r"(?<![\w:./-])(?!link:|mailto:)([a-z][a-z0-9_-]*):(?![a-z+.-]*://|//)([^\s\[\]]+)"
    r"\[([^\]\n]*)\]"
)


_BLOCK_DELIMITER = re.compile(r"^[ \t]*(?:={4,}|\*{4,}|_{4,}|--|\+)[ \t]*$", re.MULTILINE)


def _marked(line: str, stack: list[str], page: AsciiDocPage) -> str:
    """A line inside a conditional, tagged so the HTML engine maps it back to the condition."""
    if not line.strip() or _is_structural(line):
        return line
    key = str(len(page.conditions) + 1)
    page.conditions[key] = " and ".join(stack)
    return f"{line.rstrip()}{MARK_OPEN}{key}{MARK_CLOSE}"


def _is_structural(line: str) -> bool:
    stripped = line.strip()
    return (
        stripped in DELIMS
        or stripped in ("+", "|===")
        or bool(BLOCK_ATTR.match(stripped) or ANCHOR.match(stripped))
    )
