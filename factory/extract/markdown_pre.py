"""Markdown preprocessing: Liquid, Hugo shortcodes and MDX turned into plain Markdown/HTML.

Docs sites template their Markdown. Before rendering, this module:

- tracks Liquid conditions (``{% ifversion ghes %}`` ... ``{% else %}`` ... ``{% endif %}``)
  and DocFX moniker ranges (``::: moniker range="..."`` ... ``::: moniker-end``) line by
  line; a line under a condition gets an invisible marker the HTML engine maps back to the
  condition, which becomes the record's version annotation. Conditions opened and
  closed inside one line (inline text variants) are kept verbatim, as the page source shows;
- leaves ``{% data ... %}`` includes verbatim (with a warning) unless an includes folder is
  given, then resolves variables and reusables from it (YAML read with ``safe_load``);
- writes MDX components that hold scopes in their props (``<Scopes scopes="a,b" />``) as the
  ``Scope | Description`` table the site renders (see ``component_props``);
- shows content tabs (``=== "Label"`` with an indented body) as their label and body;
- turns Hugo shortcodes, MDX components, Docusaurus/DocFX ``:::note`` admonitions and
  GitBook ``{% hint %}`` blocks into ``<aside>`` boxes, links or version badges (a box line
  never joins a table as a row), and drops MDX imports/exports and comments;
- warns about includes it cannot resolve: DocFX ``[!INCLUDE ...]``, mdBook ``{{#include}}``,
  MkDocs snippets ``--8<-- "file"``, MDX partials (``import X from './_x.mdx'`` used as
  ``<X />``),
  Hugo ``{{% content %}}``/``{{< include >}}`` and Liquid ``{% include %}`` lines are
  dropped from the text and named in a warning (the rendered page holds their content;
  this copy does not).

Nothing is executed: every template construct is matched by regular expressions as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml

from factory.extract.component_props import replace_scope_components
from factory.extract.liquid_capture import find_captures, show_captures
from factory.extract.mdx_disclosure import component_label, dedent_component_bodies
from factory.safeload import loads_yaml

__all__ = ["Preprocessed", "preprocess_markdown"]

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(\n|\Z)", re.S)
# ``title: X`` (YAML) or ``title = "X"`` (TOML); quotes are not part of the title.
_TITLE = re.compile(r"^\s*title\s*[:=][ \t]*([\"']?)(.*?)\1[ \t]*$", re.M)
_LIQUID = re.compile(r"\{%-?\s*(\w+)\s*(.{0,400}?)\s*-?%\}")
_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_OPENERS = frozenset({"if", "ifversion", "unless", "for", "case"})
_CLOSERS = frozenset({"endif", "endunless", "endfor", "endcase"})
_BRANCHES = frozenset({"else", "elsif", "when"})
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_HEADING_ATTR = re.compile(r"^(\s{0,3}#{1,6}\s.*?)\s*\{\s*[#:.][^{}]*\}\s*$")
# A content tab of Python-Markdown sites (pymdownx.tabbed: ``=== "Label"``, body indented).
_TAB = re.compile(r"^(\s*)===(\+|!)?\s+\"([^\"]*)\"\s*$")
_DOCFX_BLOCK = re.compile(
    r"^\s*:::\s*(moniker-end|moniker|zone-end|zone)\b\s*(?:range|pivot|target)?\s*=?\s*"
    r"\"?([^\"]*)\"?\s*$",
    re.IGNORECASE,
)
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*/?\s*[>%]\}\}")
_VERSION_WORDS = frozenset({"deprecated", "beta", "preview", "legacy", "alpha", "experimental"})
_MDX_IMPORT = re.compile(r"^\s*(import|export)\s+[^\n]*$")
_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)
_JSX = re.compile(r"<(/?)([A-Z][\w.]*)((?:[^<>{}]|\{[^{}]*\})*?)(/?)>")
_KEY = re.compile(r"^[\w.-]+$")
# Liquid block tags of doc platforms (GitBook hint/tabs/code, Jekyll include ...): not
# conditions, not data includes. On a line of their own they are box edges, never text.
_BOX_OPEN = frozenset({"hint", "tabs", "tab", "code", "swagger", "columns", "column", "stepper"})
_LIQUID_LINE = re.compile(r"^\s*\{%-?\s*(\w[\w-]*)\b(.*?)-?%\}\s*$")
_ADMONITION = re.compile(r"^\s*:{3,}\s*([A-Za-z][\w-]*)?[^:]*?(:{3,})?\s*$")
# "(?:>\s*)?" rather than ">?\s*": two adjacent "\s*" made a deeply indented line cost
# quadratic time (1,000 nested list items took 4 s).
_DOCFX_INCLUDE = re.compile(r"^\s*(?:>\s*)?\[!INCLUDE\s*\[[^\]]*\]\(([^)]*)\)\s*\]\s*$", re.I)
# Hugo shortcodes that pull another file's content in ("{{% content "x.md" %}}").
_HUGO_INCLUDE = re.compile(
    r"\{\{[<%]\s*(content|include|readfile|snippet|embed|import)\b\s*(.*?)\s*/?\s*[>%]\}\}"
)
_MDBOOK_INCLUDE = re.compile(r"^\s*\{\{#(?:include|rustdoc_include)\s+([^}]*)\}\}\s*$")
# pymdownx.snippets (MkDocs): ``--8<-- "file.md"`` on a line of its own.
_SNIPPET = re.compile(r"^\s*-{1,2}8<-{1,2}\s+[\"']?([^\"'\s]+)[\"']?\s*$")
_MAX_INCLUDE_DEPTH = 3


@dataclass(slots=True)
class Preprocessed:
    """Plain Markdown ready to render, the line-marker conditions, and what was left undone."""

    markdown: str
    conditions: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    title: str | None = None  # the front matter's title: the page title a browser shows


def preprocess_markdown(
    text: str,
    *,
    includes_root: Path | None = None,
    render: Callable[[str], str] | None = None,
) -> Preprocessed:
    """Turn templated Markdown/MDX into plain Markdown (see the module docstring).

    Args:
        text: The source as stored.
        includes_root: A folder holding ``data/variables/*.yml``, ``data/reusables/**.md``
            and ``data/features/*.yml`` (GitHub docs layout); None leaves includes as text.
        render: The page's Markdown renderer; given, Liquid captures are shown rendered
            where a tag uses them (``liquid_capture``), else they stay where they are.

    Returns:
        The Markdown, the condition of each marker id, and warnings.
    """
    out = Preprocessed("")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = _FRONT_MATTER.match(text)
    if front:
        found = _TITLE.search(front.group(0))
        out.title = found.group(2).strip() if found else None
    text = _FRONT_MATTER.sub("", text, count=1)
    unresolved: list[str] = []
    includes: list[str] = []
    out.markdown = _templates(text, out, _Context(includes_root, render, includes, unresolved))
    if unresolved:
        names = ", ".join(sorted(set(unresolved))[:5])
        out.warnings.append(
            f"{len(unresolved)} Liquid include(s) left unresolved ({names}); "
            "pass an includes folder to resolve them"
        )
    if includes:
        out.warnings.append(_unresolved_warning(includes))
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    root: Path | None
    render: Callable[[str], str] | None
    includes: list[str]  # includes left unresolved, the page's and its captures' alike
    unresolved: list[str]  # data includes not found under ``root``


def _templates(text: str, out: Preprocessed, ctx: _Context) -> str:
    """The template constructs of a page (or of a captured block) turned into Markdown."""
    text = _COMMENT.sub("", text)
    text = _RAW.sub(lambda m: m.group(1), text)
    if ctx.render is not None:
        text, captures = find_captures(text)
        if captures:
            render = ctx.render

            def shown(body: str) -> str:
                return render(_templates(body, out, ctx))

            text, _shown = show_captures(text, captures, shown)
    text = _resolve_includes(text, ctx.root, ctx.unresolved, 0)
    text = _conditions(text, out, ctx.root)
    ctx.includes.extend(m.group(2).strip() for m in _HUGO_INCLUDE.finditer(text))
    text = _shortcodes(text)
    text = _mdx(text, ctx.includes)
    text = _boxes(text, ctx.includes)
    text = _tabs(text)
    return "\n".join(_HEADING_ATTR.sub(r"\1", line) for line in text.split("\n"))


_SCOPE_NAMED = re.compile(r"scope|permission|grant", re.I)


def _unresolved_warning(includes: list[str]) -> str:
    """One warning for the includes left unresolved; those whose name or arguments speak
    of scopes first, and said to be where the page's scopes may be."""
    scoped = [name for name in dict.fromkeys(includes) if _SCOPE_NAMED.search(name)]
    rest = [name for name in dict.fromkeys(includes) if name not in scoped]
    names = ", ".join([*scoped, *sorted(rest)][:5])
    where = f" ({len(scoped)} named for scopes)" if scoped else ""
    return (
        f"{len(includes)} include(s) left unresolved ({names}){where}: the rendered page shows "
        "their content, this copy does not, and scopes they document may be missed here"
    )


def _resolve_includes(text: str, root: Path | None, missing: list[str], depth: int) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(1) != "data":
            return match.group(0)
        name = match.group(2).strip().split()[0] if match.group(2).strip() else ""
        value = _lookup(root, name) if root is not None and depth < _MAX_INCLUDE_DEPTH else None
        if value is None:
            missing.append(name or "?")
            return match.group(0)
        inline = match.start() > 0 and text[match.start() - 1] != "\n"
        value = _resolve_includes(value.strip(), root, missing, depth + 1)
        return " ".join(value.split("\n")) if inline else value

    return _LIQUID.sub(replace, text)


def _lookup(root: Path | None, name: str) -> str | None:
    """``variables.product.x`` from ``data/variables/product.yml``; ``reusables.a.b`` from
    ``data/reusables/a/b.md``. Only names of word characters; never outside the folder."""
    if root is None or not _KEY.match(name) or ".." in name:
        return None
    head, _, rest = name.partition(".")
    base = (root / "data") if (root / "data").is_dir() else root
    try:
        if head == "reusables":
            path = (base / "reusables" / rest.replace(".", "/")).with_suffix(".md")
            if path.resolve().is_relative_to(base.resolve()) and path.is_file():
                return path.read_text(encoding="utf-8", errors="replace")
            return None
        file_part, _, key_path = rest.partition(".")
        path = base / head / f"{file_part}.yml"
        if not path.is_file() or not path.resolve().is_relative_to(base.resolve()):
            return None
        value: Any = loads_yaml(path.read_text(encoding="utf-8", errors="replace"))
        for key in key_path.split(".") if key_path else []:
            value = value.get(key) if isinstance(value, dict) else None
        return str(value) if isinstance(value, str | int | float) else None
    except (OSError, ValueError, yaml.YAMLError):
        return None


def _feature_versions(root: Path | None, name: str) -> str | None:
    if root is None or not _KEY.match(name):
        return None
    base = (root / "data") if (root / "data").is_dir() else root
    path = base / "features" / f"{name}.yml"
    try:
        data = loads_yaml(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, ValueError, yaml.YAMLError):
        return None
    versions = data.get("versions") if isinstance(data, dict) else None
    return ", ".join(str(v) for v in versions) if isinstance(versions, dict) else None


def _conditions(text: str, out: Preprocessed, root: Path | None) -> str:
    stack: list[str] = []
    lines: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        docfx = None if in_fence else _DOCFX_BLOCK.match(line)
        if docfx:
            # DocFX (Microsoft Learn) blocks: a moniker range is a version condition like
            # {% ifversion %}; zone pivots only pick a tab, so they are dropped.
            if docfx.group(1).lower() == "moniker":
                stack.append(f"moniker {docfx.group(2)}".strip())
            elif docfx.group(1).lower() == "moniker-end" and stack:
                stack.pop()
            lines.append("")
            continue
        unmatched = _unmatched(list(_LIQUID.finditer(line)))
        if not unmatched:
            lines.append(_mark(line, stack, out, in_fence))
            continue
        # Tags before any text change the condition of this line; tags after it, of the next.
        leading = [m for m in unmatched if _only_tags(line[: m.start()])]
        trailing = [m for m in unmatched if m not in leading]
        content = line
        for match in reversed(unmatched):
            content = content[: match.start()] + content[match.end() :]
        for match in leading:
            _apply(match, stack, root)
        if content.strip():
            lines.append(_mark(content, stack, out, in_fence))
        for match in trailing:
            _apply(match, stack, root)
    return "\n".join(lines)


def _only_tags(prefix: str) -> bool:
    return not _LIQUID.sub("", prefix).strip()


def _unmatched(tags: list[re.Match[str]]) -> list[re.Match[str]]:
    """Tags not balanced inside the line: those open or close a block spanning lines."""
    open_stack: list[re.Match[str]] = []
    paired: set[int] = set()
    branches: list[re.Match[str]] = []
    for match in tags:
        name = match.group(1)
        if name in _OPENERS:
            open_stack.append(match)
        elif name in _CLOSERS:
            if open_stack:
                opener = open_stack.pop()
                paired.update({id(opener), id(match)})
                paired.update(id(b) for b in branches if b.start() > opener.start())
        elif name in _BRANCHES:
            branches.append(match)
    relevant = _OPENERS | _CLOSERS | _BRANCHES
    return [m for m in tags if m.group(1) in relevant and id(m) not in paired]


def _apply(match: re.Match[str], stack: list[str], root: Path | None) -> None:
    name, args = match.group(1), " ".join(match.group(2).split())
    if name in _OPENERS:
        label = f"{name} {args}".strip()
        if name == "ifversion":
            versions = _feature_versions(root, args)
            label = f"{label} ({versions})" if versions else label
        stack.append(label)
    elif name in _CLOSERS:
        if stack:
            stack.pop()
    elif stack:
        top = stack.pop()
        base = top.removeprefix("not (").removesuffix(")")
        stack.append(f"not ({base})" if name == "else" else f"{name} {args}".strip())


def _mark(line: str, stack: list[str], out: Preprocessed, in_fence: bool) -> str:
    """Tag a conditional line with a marker the HTML engine maps back to the condition."""
    stripped = line.strip()
    if (
        not stack
        or in_fence
        or not stripped
        or stripped.startswith("<")
        or _FENCE.match(line)
        or _DELIMITER_ROW.match(line)
        or _SETEXT.match(line)
    ):
        return line
    key = str(len(out.conditions) + 1)
    out.conditions[key] = " and ".join(stack)
    marker = f"{MARK_OPEN}{key}{MARK_CLOSE}"
    body = line.rstrip()
    if body.endswith("|") and not body.endswith("\\|"):
        return body[:-1] + marker + "|"
    return body + marker


def _tabs(text: str) -> str:
    """Content tabs (``=== "Label"`` then a body indented by four) as the label and the body.

    The site shows each tab's label and its body as Markdown; left as they are, the indented
    body is a code block and its tables and lists are not read.
    """
    if "===" not in text:
        return text  # no tab: every line stays as it is
    lines = text.split("\n")
    out: list[str] = []
    depth: list[int] = []  # indentation of the open tabs' bodies
    in_fence = False
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        while depth and line.strip() and indent < depth[-1]:
            depth.pop()
        cut = depth[-1] if depth else 0
        body = line[cut:] if line[:cut].strip() == "" else line.lstrip(" ")
        if _FENCE.match(body):
            in_fence = not in_fence
        tab = None if in_fence else _TAB.match(body)
        if tab:
            out.extend(["", f'<p data-tab="true">{tab.group(3)}</p>', ""])
            depth.append(cut + len(tab.group(1)) + 4)
            continue
        out.append(body)
    return "\n".join(out)


def _boxes(text: str, includes: list[str]) -> str:
    """Admonitions and Liquid box tags become ``<aside>`` boxes; unresolved includes go
    (named in one warning by the caller, added to ``includes``)."""
    lines: list[str] = []
    depth = 0
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            lines.append(line)
            continue
        include = _DOCFX_INCLUDE.match(line) or _MDBOOK_INCLUDE.match(line) or _SNIPPET.match(line)
        liquid = _LIQUID_LINE.match(line)
        admonition = _ADMONITION.match(line)
        if include:
            includes.append(include.group(1).strip())
            lines.append("")
        elif liquid and liquid.group(1) == "include":
            includes.append(liquid.group(2).strip())
            lines.append("")
        elif liquid and liquid.group(1).removeprefix("end") in _BOX_OPEN:
            opening = not liquid.group(1).startswith("end")
            depth += 1 if opening else -1
            lines.append("\n<aside>\n" if opening else "\n</aside>\n")
        elif admonition and not admonition.group(2):
            if admonition.group(1):
                depth += 1
                lines.append(f'\n<aside data-admonition="{admonition.group(1).lower()}">\n')
            elif depth > 0:
                depth -= 1
                lines.append("\n</aside>\n")
            else:
                lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)


def _shortcodes(text: str) -> str:
    closing = {m.group(3) for m in _SHORTCODE.finditer(text) if m.group(2)}

    def replace(match: re.Match[str]) -> str:
        is_close, name, args = bool(match.group(2)), match.group(3), match.group(4)
        alone = _alone(text, match)
        if name in ("relref", "ref"):
            quoted = re.search(r"\"([^\"]*)\"|'([^']*)'", args)
            return (quoted.group(1) or quoted.group(2) or "") if quoted else ""
        if is_close:
            return "\n\n</aside>\n\n" if alone else "</aside>"
        if name in closing:
            box = f'<aside data-shortcode="{name}">'
            return f"\n\n{box}\n\n" if alone else box
        if name.lower() in _VERSION_WORDS:
            return f"({name.lower()})"
        return ""

    return _SHORTCODE.sub(replace, text)


def _alone(text: str, match: re.Match[str]) -> bool:
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    end = len(text) if end < 0 else end
    return not (text[start : match.start()].strip() or text[match.end() : end].strip())


def _mdx(text: str, includes: list[str]) -> str:
    text, partials = replace_scope_components(_MDX_COMMENT.sub("", text))
    text = dedent_component_bodies(text)  # MDX bodies are never indented code
    includes.extend(partials)
    lines: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE.match(line):
            lines.append(line)
            continue
        if _MDX_IMPORT.match(line) and not line.startswith((" " * 4, "\t")):
            continue
        lines.append(_JSX.sub(_jsx_replacement(line), line))
    return "\n".join(lines)


def _jsx_replacement(line: str) -> Any:
    alone = len(_JSX.findall(line)) == 1 and _JSX.sub("", line).strip() == ""

    def replace(match: re.Match[str]) -> str:
        closing, name, self_closing = match.group(1), match.group(2), match.group(4)
        if self_closing:
            return ""
        label = None if closing else component_label(name, match.group(3))
        shown = f' data-label="{escape(label)}"' if label else ""  # a folded box's label
        tag = "</aside>" if closing else f'<aside data-component="{name}"{shown}>'
        return f"\n\n{tag}\n\n" if alone else tag

    return replace
