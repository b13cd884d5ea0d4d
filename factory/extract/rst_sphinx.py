"""Sphinx's roles and directives for docutils, rendered as a Sphinx site serves them.

Most reStructuredText that providers publish is written for Sphinx. Plain docutils knows
neither Sphinx's roles (``:ref:``, ``:doc:``, ``:term:``, ``:guilabel:``, ``:py:func:`` ...)
nor its directives (``versionadded``, ``deprecated``, ``only``, ``glossary``, ``code-block``
...): unknown roles stay in a description as their raw markup (``See :ref:`the token page
<tokens>```) and unknown directives are dropped *with their content*, so a scope inside an
``.. only:: html`` block, or a cell's "Deprecated since version 3.0" note, is lost. Served by
Sphinx, the same page shows the role's text and the directive's content.

``register_sphinx_markup`` teaches docutils those names, producing what a Sphinx build
shows: a role's explicit title (``text <target>``) or else its target (``~a.b.c`` shows
``c``; ``:func:`` adds ``()``), as text or, for code-like roles, as a literal; version
directives as Sphinx's "Added in version 2.1." / "Deprecated since version 3.0: ..." paragraph;
container directives (``only``, ``tab``, ``glossary`` ...) as their content; index and
table-of-contents directives as nothing. Limits: a ``:doc:`` or ``:ref:`` without an explicit
title shows its target here, where Sphinx shows the linked page's or section's title.
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar

from docutils import nodes, utils
from docutils.parsers.rst import Directive, directives, roles

__all__ = ["register_sphinx_markup"]

# Roles Sphinx renders as plain text (cross references, GUI labels, terms, abbreviations).
_TEXT_ROLES = (
    "ref", "doc", "term", "numref", "keyword", "token", "abbr", "guilabel", "menuselection",
    "dfn", "download", "any", "mimetype", "newsgroup", "manpage", "std:ref", "std:doc",
    "std:term", "confval",
)  # fmt: skip
# Roles Sphinx renders as code (the domains' object references, commands, files, keys).
_CODE_ROLES = (
    "command", "file", "kbd", "samp", "option", "envvar", "program", "makevar", "regexp",
    "class", "mod", "attr", "data", "exc", "obj", "const", "type", "member", "var", "macro",
    "struct", "enum", "enumerator", "func", "meth",
)  # fmt: skip
_DOMAINS = ("py", "c", "cpp", "js", "rst", "std")
_CALLABLE = frozenset({"func", "meth", "function", "method"})
_EXPLICIT = re.compile(r"^(.+?)\s*<([^<>]+)>$", re.S)
_VERSION_LABELS = {
    "versionadded": "Added in version {}",
    "versionchanged": "Changed in version {}",
    "deprecated": "Deprecated since version {}",
    "versionremoved": "Removed in version {}",
}
_CONTAINERS = (
    "only", "tabs", "code-tab", "tab-set", "hlist", "glossary", "centered", "ifconfig", "card",
    "grid", "grid-item", "grid-item-card", "container-fluid",
)  # fmt: skip
# Titled folds: the argument is the label a served page shows above the content.
_FOLDED = ("tab", "group-tab", "tab-item", "dropdown")
_DROPPED = (
    "toctree", "index", "highlight", "currentmodule", "module", "autosummary", "automodule",
    "autoclass", "autofunction", "literalinclude", "sectionauthor", "codeauthor", "tabularcolumns",
)  # fmt: skip
_registered: list[bool] = []


def _display(name: str, text: str) -> str:
    raw = utils.unescape(text)
    explicit = _EXPLICIT.match(raw)
    if explicit:
        return explicit.group(1)
    shown = raw.lstrip("!")
    if shown.startswith("~"):
        shown = re.split(r"\.|::", shown[1:])[-1]
    if name.split(":")[-1] in _CALLABLE and not shown.endswith(")"):
        shown += "()"
    if name == "guilabel":
        shown = re.sub(r"&(?!&)", "", shown).replace("&&", "&")
    if name == "menuselection":
        shown = re.sub(r"&(?!&)", "", shown).replace("&&", "&").replace("-->", "\u2023")
    return shown


RoleResult = tuple[list[nodes.Node], list[Any]]


def _text_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *_: Any, **__: Any
) -> RoleResult:
    return [nodes.inline(rawtext, _display(name, text))], []


def _code_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *_: Any, **__: Any
) -> RoleResult:
    return [nodes.literal(rawtext, _display(name, text))], []


class _VersionChange(Directive):
    """``.. deprecated:: 3.0`` [text] [content]: Sphinx's version note paragraph."""

    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        label = _VERSION_LABELS[self.name].format(self.arguments[0])
        box = nodes.container(classes=[self.name])
        if len(self.arguments) > 1:
            text, _ = self.state.inline_text(self.arguments[1], self.lineno)
            box += nodes.paragraph("", "", *text)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, box)
        first = box.children[0] if box.children else None
        if isinstance(first, nodes.paragraph):
            first.insert(0, nodes.inline("", f"{label}: ", classes=["versionmodified"]))
        else:
            box.insert(0, nodes.paragraph("", "", nodes.inline("", f"{label}.")))
        return [box]


class _Content(Directive):
    """A directive shown as its content (``only``, ``tab``, ``glossary`` ...)."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        box = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, box)
        return list(box.children)


class _Folded(_Content):
    """A titled fold (``dropdown``, ``tab-item``, ``tab``): its content under its title.

    Served by sphinx-design or sphinx-tabs, the title is the label a reader clicks; here it
    becomes ``<details><summary>title</summary>`` around the content, the widget the HTML
    walk reads as a term and its body. Without a title it is shown as its content.
    """

    def run(self) -> list[nodes.Node]:
        shown = super().run()
        if not self.arguments:
            return shown
        title = html.escape(self.arguments[0].strip())
        return [
            nodes.raw("", f"<details><summary>{title}</summary>", format="html"),
            *shown,
            nodes.raw("", "</details>", format="html"),
        ]


class _Dropped(Directive):
    """A directive a served page shows nothing of (index entries, tables of contents)."""

    optional_arguments = 10
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        return []


class _AnyOptions(dict[str, Any]):
    """Accept every option a Sphinx extension's directive may carry (ignored)."""

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


class _Code(Directive):
    """``code-block``/``sourcecode`` with any options: the code as a literal block."""

    optional_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content)
        return [nodes.literal_block(code, code)]


def register_sphinx_markup() -> None:
    """Register Sphinx's common roles and directives with docutils (once per process)."""
    if _registered:
        return
    for name in _TEXT_ROLES:
        roles.register_local_role(name, _text_role)
    for name in _CODE_ROLES:
        roles.register_local_role(name, _code_role)
        for domain in _DOMAINS:
            roles.register_local_role(f"{domain}:{name}", _code_role)
    for name in ("function", "method"):
        roles.register_local_role(f"js:{name}", _code_role)
        roles.register_local_role(f"c:{name}", _code_role)
    for name in _VERSION_LABELS:
        directives.register_directive(name, _VersionChange)
    # non-empty: docutils reads options only when the spec is truthy
    for directive in (_Content, _Folded, _Dropped, _Code):
        directive.option_spec = _AnyOptions({"class": directives.class_option})
    for name in _CONTAINERS:
        directives.register_directive(name, _Content)
    for name in _FOLDED:
        directives.register_directive(name, _Folded)
    for name in _DROPPED:
        directives.register_directive(name, _Dropped)
    directives.register_directive("code-block", _Code)
    directives.register_directive("sourcecode", _Code)
    _registered.append(True)
