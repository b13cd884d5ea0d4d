"""The template pre-pass: a template source read as the page its engine would render.

Nothing is executed. The tags of every common engine (``template_syntax``) are built into a
tree of loops and conditions, and the tree is written out as text:

- a loop over literal data (written in the loop itself, bound by ``{% set %}``,
  ``{% assign %}``, ``@php $x = [...] @endphp``, ``<% x = [...] %>``, or given as the page's
  front matter, YAML or JSON) is written once per item, each output expression of the body
  replaced by the item's value: the rows, list items or headings the page shows;
- a loop over data this page does not hold is written once, its body kept as literal text;
- a condition whose test reads loop data is decided; any other keeps every branch;
- comments, includes, layouts and other statements are removed (includes are counted);
- an output expression of a literal string (``{{ 'x' }}``), or a translation key written as
  text (``@lang('Read your files')``, ``__('x')``, ``trans``, ``{{ 'x' | t }}``,
  ``{{ i18n "x" }}``), is shown as that text, as a renderer without translations shows it; a
  key that is a catalog path (``__('scopes.read')``) and any other expression become a
  neutral placeholder: the name in braces (``{scopes.read}``, ``{client.name}``), never a
  description (``template.py`` drops a description made only of placeholders, warned).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from factory.extract.template_syntax import Tag, literal, tokens

__all__ = [
    "Rendered",
    "looks_templated",
    "render_template",
    "rendered_is_markdown",
    "template_data_view",
]

_FRONT = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*(?:json)?\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.S)
# A loop or a block tag of some engine: the cheap sign that a page is a template.
_LOOP_SIGN = re.compile(
    r"\{%-?\s*for\s|\{\{#each\b|\{\{-?\s*range\s|@foreach\s*\(|\.each(?:_with_index)?\s+do\b"
    r"|\.forEach\(|<\?php\s+foreach\b"
)
_BLOCK_SIGN = re.compile(
    r"\{%-?\s*(?:if|for|set|assign|include|extends|block|endif|endfor)\b|\{\{[#/>]\s*\w"
    r"|\{\{-?\s*(?:range|if|end|template)\b|@(?:if|foreach|include|extends|section)\b|<%[=-]?\s"
)
_TRANSLATE = re.compile(
    r"^(?:__|trans|trans_choice|_|gettext|t|T|i18n|lang)\s*\(?\s*(\"[^\"]*\"|'[^']*')"
)
_FILTER_T = re.compile(r"^(\"[^\"]*\"|'[^']*')\s*\|\s*(?:t|trans|translate|i18n)\b")
# A translation key that names a place in a catalog (``scopes.read``, ``api:scope.read``),
# not text: shown as a placeholder, as a renderer without the catalog cannot show its text.
_KEY_PATH = re.compile(r"^[\w-]+(?:[.:/][\w-]+)+$")
_PATH = re.compile(r"^[$@.]?[\w.$]*(?:\[[^\]]*\]|->\w+|\.\w+)*$")


@dataclass(slots=True)
class Rendered:
    """The page as rendered, how many loops were written from data, and what was left."""

    text: str
    loops: int = 0  # loops written once per item of literal data
    includes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Node:
    tag: Tag | None  # None: the page itself
    body: list[Any] = field(default_factory=list)
    branches: list[tuple[Tag, list[Any]]] = field(default_factory=list)


_LOOP_STARTS = ("{%", "{{", "@foreach", ".each", ".forEach(", "<?php")
_BLOCK_STARTS = ("{%", "{{", "<%", "@if", "@foreach", "@include", "@extends", "@section")


def looks_templated(text: str) -> bool:
    """Whether a page holds template loops, or is full of block tags (cheap: the patterns
    are tried only where ``str.find`` sees one of their first characters). Every engine's
    page holds ``{{``, ``{%`` or ``<%`` (a Blade page without output is known by its suffix);
    a page with none of them costs three scans."""
    if "{{" not in text and "{%" not in text and "<%" not in text:
        return False
    return _count(text, _LOOP_STARTS, _LOOP_SIGN, 1) >= 1 or (
        _count(text, _BLOCK_STARTS, _BLOCK_SIGN, 3) >= 3
    )


def _count(text: str, starts: tuple[str, ...], pattern: re.Pattern[str], enough: int) -> int:
    found = 0
    for start in starts:
        at = text.find(start)
        while at >= 0:
            if pattern.match(text, at):
                found += 1
                if found >= enough:
                    return found
            at = text.find(start, at + 1)
    return found


def render_template(text: str) -> Rendered:
    """The page a template engine would show for ``text`` (see the module docstring)."""
    env: dict[str, Any] = {}
    front = _FRONT.match(text)
    if front:
        data = _front_matter(front.group(2))
        if isinstance(data, dict):
            env.update(data)
            env["page"] = env["Params"] = data
            env["Page"] = {"Params": data}
            text = text[front.end() :]
    out = Rendered("")
    root = _tree(tokens(text))
    out.text = "".join(_write(root.body, env, out))
    if out.includes:
        names = ", ".join(dict.fromkeys(out.includes[:5]))
        out.warnings.append(
            f"{len(out.includes)} template include(s)/layout(s) not followed ({names}): the "
            "rendered page shows their content, this source does not"
        )
    return out


def _front_matter(body: str) -> Any:
    from factory.safeload import loads_yaml

    try:
        return loads_yaml(body)
    except Exception:
        return None


_MAX_DEPTH = 64  # nested blocks followed; deeper openers are dropped (their bodies kept)


def _tree(items: list[str | Tag]) -> _Node:
    root = _Node(None)
    stack = [root]
    for item in items:
        top = stack[-1]
        target = top.branches[-1][1] if top.branches else top.body
        if isinstance(item, str):
            target.append(item)
        elif item.op in ("for", "if", "block") and len(stack) < _MAX_DEPTH:
            node = _Node(item)
            target.append(node)
            stack.append(node)
        elif item.op in ("elif", "else") and len(stack) > 1:
            top.branches.append((item, []))
        elif item.op == "end":
            if len(stack) > 1:
                wanted = {"for": ("for",), "if": ("if",)}.get(item.name, ())
                while (
                    wanted and len(stack) > 2 and stack[-1].tag and stack[-1].tag.op not in wanted
                ):
                    stack.pop()
                stack.pop()
        elif item.op in ("set", "out", "include"):
            target.append(item)
    return root


def _write(body: list[Any], env: dict[str, Any], out: Rendered) -> Iterator[str]:
    for item in body:
        if isinstance(item, str):
            yield item
        elif isinstance(item, Tag):
            if item.op == "set":
                name, _, expr = item.arg.partition("\x00")
                value = _value(expr, env)
                if value is not None:
                    env[name.lstrip("$")] = value
            elif item.op == "include":
                out.includes.append(item.arg.strip("'\" ") or item.name)
            elif item.op == "out":
                yield _show(item.arg, env, raw=item.name == "raw")
        elif item.tag is not None and item.tag.op == "for":
            yield from _loop(item, env, out)
        elif item.tag is not None and item.tag.op == "if":
            yield from _condition(item, env, out)
        else:
            yield from _write(item.body, env, out)
            for _tag, branch in item.branches:
                yield from _write(branch, env, out)


def _loop(node: _Node, env: dict[str, Any], out: Rendered) -> Iterator[str]:
    assert node.tag is not None
    names_raw, _, expr = node.tag.arg.partition("\x00")
    names = [n.strip().lstrip("$") for n in names_raw.split(",") if n.strip()]
    expr = re.sub(r"\.(items|iteritems|values)\(\)$|\|\s*dictsort\s*$", "", expr.strip())
    data = _value(expr, env)
    if not isinstance(data, list | tuple | dict) or not data:
        yield from _write(node.body, env, out)  # data not on this page: the body once
        return
    out.loops += 1
    items = list(data.items()) if isinstance(data, dict) else list(enumerate(data))
    for index, (key, value) in enumerate(items):
        scope = dict(env)
        pair = isinstance(data, dict)
        if len(names) >= 2:
            scope[names[0]], scope[names[1]] = key, value
        elif names and names[0] not in (".", "this"):
            scope[names[0]] = [key, value] if pair and value is not None else value
        scope["."] = scope["this"] = value
        scope["@key"], scope["@index"], scope["loop"] = key, index, {"index": index + 1}
        if isinstance(value, dict):
            scope["\x00ctx"] = value  # Handlebars/Go: bare names read the item
        yield from _write(node.body, scope, out)


def _condition(node: _Node, env: dict[str, Any], out: Rendered) -> Iterator[str]:
    assert node.tag is not None
    branches = [(node.tag, node.body), *node.branches]
    for tag, body in branches:
        if tag.op == "else":
            yield from _write(body, env, out)
            return
        decided = _test(tag, env)
        if decided is None:
            for _tag, any_body in branches:  # undecidable: every branch is kept
                yield from _write(any_body, env, out)
            return
        if decided:
            yield from _write(body, env, out)
            return


def _test(tag: Tag, env: dict[str, Any]) -> bool | None:
    """True/False when the test is a plain path into loop data, else None."""
    cond = tag.arg.strip().strip("()").strip()
    negate = tag.name in ("unless", "^")
    if cond.startswith(("not ", "!")):
        negate, cond = not negate, cond.removeprefix("not ").lstrip("!").strip()
    if ("\x00ctx" not in env and "." not in env) or not _PATH.match(cond):
        return None
    found, value = _lookup(cond, env)
    if not found:
        return None if not _reads_item(cond, env) else negate
    return bool(value) != negate


def _reads_item(path: str, env: dict[str, Any]) -> bool:
    head = re.split(r"[.\[]|->", path.lstrip("$"), maxsplit=1)[0]
    return head in env or path.startswith((".", "this"))


_RAW_FILTER = re.compile(r"\|\s*(?:safe|raw|safeHTML|markdownify|html_safe)\b|\.html_safe\b")


def _show(expr: str, env: dict[str, Any], *, raw: bool = False) -> str:
    """An output expression as the page shows it (escaped unless the engine is told not to:
    ``{{{ }}}``, ``{!! !!}``, ``| safe``, ``safeHTML``, ``<%== %>``)."""
    escape = _identity if raw or _RAW_FILTER.search(expr) else _escape
    expr = expr.strip().lstrip("=-").strip()
    for pattern in (_TRANSLATE, _FILTER_T):
        m = pattern.match(expr)
        if m:
            key = _unquote(m.group(1))
            if _KEY_PATH.match(key):  # "scopes.read": a key into a file the page lacks
                return "{" + key + "}"
            return escape(key)  # a sentence key is its own source-language text
    head = _split_filters(expr)
    value = _value(head, env)
    if value is None or isinstance(value, dict):
        name = re.sub(r"[^\w.]+", ".", head.replace("->", ".")).strip(".")
        return "{" + (name or "…") + "}" if name else "…"
    if isinstance(value, list | tuple):
        return ", ".join(escape(str(v)) for v in value)
    return escape(str(value))


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _identity(text: str) -> str:
    return text


def _split_filters(expr: str) -> str:
    """The expression before its first filter (``| upper``), outside strings."""
    quote = ""
    for i, char in enumerate(expr):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|" and expr[i : i + 2] != "||":
            return expr[:i].strip()
    return expr.strip()


def _value(expr: str, env: dict[str, Any]) -> Any:
    """A literal, or a path into the data in ``env``; None when neither."""
    split = re.match(r"^(\"[^\"]*\"|'[^']*')\s*\|\s*split:\s*(\"[^\"]*\"|'[^']*')", expr.strip())
    if split:  # Liquid: "a,b" | split: ","
        return _unquote(split.group(1)).split(_unquote(split.group(2)))
    expr = _split_filters(expr.strip())
    if expr[:1] in ("'", '"') and expr[-1:] == expr[:1] and len(expr) >= 2:
        return _unquote(expr)
    if expr[:1] in "[{(" or expr.startswith(("array(", "%w")):
        return literal(expr)
    found, value = _lookup(expr, env)
    return value if found else None


def _unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 else text


_SEGMENT = re.compile(r"\[\s*(?:'([^']*)'|\"([^\"]*)\"|:(\w+)|(\d+))\s*\]|(?:\.|->)?([\w@]+)")


def _lookup(path: str, env: dict[str, Any]) -> tuple[bool, Any]:
    """Follow ``a.b``, ``a['b']``, ``$a->b``, ``a[:b]``, ``this.b``, ``.b``, ``@key``."""
    path = path.strip().lstrip("$")
    if not _PATH.match(path):
        return False, None
    if path in (".", "this"):
        return ("." in env), env.get(".")
    parts = [next(g for g in m.groups() if g is not None) for m in _SEGMENT.finditer(path)]
    if not parts:
        return False, None
    current: Any
    context = env.get("\x00ctx")
    if path.startswith(".") and "." in env:
        current = env["."]
    elif parts[0] == "this":
        current, parts = env.get("."), parts[1:]
    elif parts[0] in env:
        current, parts = env[parts[0]], parts[1:]
    elif isinstance(context, dict) and parts[0] in context:
        current = context
    else:
        return False, None
    for part in parts:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list | tuple) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return False, None
    return True, current


_MARKDOWN_SUFFIXES = {".md", ".mdx", ".markdown"}
_HTML_ELEMENT = re.compile(
    r"<(!doctype|html|body|div|p|table|h[1-6]|ul|ol|dl|section|li|tr)\b", re.I
)
_MARKDOWN_SIGN = re.compile(r"^(#{1,6} \S|\s*\|?\s*:?-{3,}:?\s*\||\s*[-*] \S)", re.M)


def rendered_is_markdown(shown: str, source: str = "") -> bool:
    """Whether a rendered template is Markdown: by the source's suffixes, else by its body."""
    suffixes = {s.lower() for s in PurePosixPath(urlsplit(source).path).suffixes}
    return bool(suffixes & _MARKDOWN_SUFFIXES) or _markdown_body(shown)


# Quoted keys only: "name" =>, 'name' =>, :name =>, "name": (a Ruby ``key: "a, b"`` pair is
# left as written: its key names the field the scope names stand in).
_DATA_KEY = re.compile(r"(\"\w+\"|'\w+'|:\w+)(\s*=>\s*)|(\"\w+\")(\s*:\s*)")
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.S)
_YAML_KEY = re.compile(r"^(\s*(?:- )?)([\w-]+):(?=\s|$)", re.M)


def template_data_view(text: str) -> str:
    """The source as the harvester reads it: the keys of its literal data (``"name" =>``,
    ``"name":``, front matter keys) blanked, their values left where they stand, so a
    field called ``permission`` is not taken for a name. Lines stay where they are."""
    if not (_DATA_KEY.search(text) or text.startswith(("---", "+++"))):
        return text

    front = _FRONT_MATTER.match(text)
    if front:
        head = _YAML_KEY.sub(lambda m: m.group(1) + " " * (len(m.group(2)) + 1), front.group(0))
        text = head + text[front.end() :]
    return _DATA_KEY.sub(
        lambda m: " " * len(m.group(1) or m.group(3)) + (m.group(2) or m.group(4)),
        text,
    )


def _markdown_body(text: str) -> bool:
    """A rendered page with Markdown structure and no HTML block element (a ``.njk`` or
    ``.liquid`` source of a Markdown page)."""
    return not _HTML_ELEMENT.search(text) and bool(_MARKDOWN_SIGN.search(text))
