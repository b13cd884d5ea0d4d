"""Template tags as tokens, for every common engine, matched as text (nothing is executed).

``tokens(text)`` cuts a template source into text and tags: Jinja/Nunjucks/Twig/Liquid
(``{% %}``, ``{{ }}``, ``{# #}``), Handlebars/Mustache (``{{#each}}``, ``{{/each}}``,
``{{> partial}}``, ``{{! }}``), Go templates and Hugo (``{{ range }}``, ``{{ end }}``,
``{{/* */}}``, shortcodes ``{{< x >}}``/``{{% x %}}``), ERB/EJS (``<% %>``, ``<%= %>``),
PHP (``<?php ?>``, ``<?= ?>``) and Blade (``@foreach``, ``@if``, ``@include``, ``{!! !!}``,
``{{-- --}}``, components ``<x-...>``). Each tag becomes one :class:`Tag` whose ``op`` says
what it does to the page (``for``, ``if``, ``elif``, ``else``, ``end``, ``set``, ``out``,
``include`` or ``drop``); ``literal`` reads the data collections those tags iterate over.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import Any

from factory.extract.text import closing_bracket

__all__ = ["Tag", "literal", "tokens"]

_STRING = r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
# Where a tag may start; the tag itself is then matched by the first of _TAGS that fits.
_START = re.compile(r"\{\{|\{%|\{#|\{!!|<%|<\?(?:php\b|=)|(?<![\w.@])@[a-z]|</?x-[\w.:-]")
# (what the tag is, its pattern, the strings that close it: a pattern is tried only while one
# of them still occurs further on, so a page of unclosed tags costs linear time)
_TAGS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("drop", re.compile(r"\{\{!--.*?--\}\}|\{\{--.*?--\}\}", re.S), ("--}}",)),
    ("drop", re.compile(r"\{\{!.*?\}\}", re.S), ("}}",)),
    ("drop", re.compile(r"\{#.*?#\}", re.S), ("#}",)),
    ("drop", re.compile(r"\{\{-?\s*/\*.*?\*/\s*-?\}\}", re.S), ("*/",)),
    ("drop", re.compile(r"<%#.*?%>", re.S), ("%>",)),
    (
        "drop",
        re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S),
        ("endcomment",),
    ),
    (
        "raw",
        re.compile(
            r"\{%-?\s*(?:raw|verbatim)\s*-?%\}(.*?)\{%-?\s*end(?:raw|verbatim)\s*-?%\}", re.S
        ),
        ("endraw", "endverbatim"),
    ),
    ("drop", re.compile(r"\{\{[<%].*?[>%]\}\}", re.S), (">}}", "%}}")),  # Hugo shortcode edges
    ("stmt", re.compile(r"\{%-?(.*?)-?%\}", re.S), ("%}",)),
    ("out", re.compile(r"\{\{\{(.*?)\}\}\}|\{!!(.*?)!!\}", re.S), ("}}}", "!!}")),
    ("expr", re.compile(r"\{\{-?(.*?)-?\}\}", re.S), ("}}",)),
    ("erb", re.compile(r"<%([=-]?)(.*?)[-_]?%>", re.S), ("%>",)),
    ("php", re.compile(r"<\?(?:php\b|(=))(.*?)(?:\?>|\Z)", re.S), ("",)),
    ("drop", re.compile(r"</?x-[\w.:-]+(?:\s[^<>]*?)?/?>", re.S), (">",)),  # Blade components
)
_BLADE = re.compile(r"@(\w+)")
_BLADE_BLOCKS = {
    "foreach": "for",
    "forelse": "for",
    "for": "for",
    "while": "block",
    "if": "if",
    "unless": "if",
    "isset": "if",
    "empty": "else",  # @forelse ... @empty ... @endforelse (a bare @empty($x) opens a test)
    "auth": "if",
    "guest": "if",
    "can": "if",
    "cannot": "if",
    "env": "if",
    "production": "if",
    "switch": "if",
    "elseif": "elif",
    "else": "else",
    "case": "elif",
    "section": "block",
    "push": "block",
    "component": "block",
    "slot": "block",
    "once": "block",
    "error": "block",
    "verbatim": "block",
}
_BLADE_DROP = frozenset(
    {"include", "includeif", "includewhen", "includefirst", "each", "extends", "yield", "show"}
    | {"stop", "append", "overwrite", "csrf", "method", "break", "continue", "default"}
    | {"stack", "props", "json", "vite", "livewire", "parent", "class", "style", "endphp"}
)


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag: what it does (``op``), its argument, and the engine's name for it."""

    op: str
    arg: str = ""
    name: str = ""


class _Closers:
    """Where each closing string next occurs, found once per stretch of text (the tags are
    met in order, so every closer's search runs over the page once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, int] = {}
        self.paren_budget = 200_000  # characters unclosed Blade "(" may cost, page-wide

    def ahead(self, closer: str, at: int) -> bool:
        seen = self.found.get(closer)
        if seen is None or (seen >= 0 and seen < at):
            seen = self.text.find(closer, at)
            self.found[closer] = seen
        return seen >= 0


def tokens(text: str) -> list[str | Tag]:
    """The text cut into plain strings and :class:`Tag` objects, in order."""
    out: list[str | Tag] = []
    closers = _Closers(text)
    pos = 0
    while True:
        start = _START.search(text, pos)
        if start is None:
            break
        at = start.start()
        tag, end = _match(text, at, closers)
        if tag is None:
            out.append(text[pos : at + 1])
            pos = at + 1
            continue
        before = text[pos:at]
        after = _LINE_END.match(text, end)
        if after and _statement_alone(text, pos, at, tag, out):
            # a tag alone on its line takes the line with it (trim_blocks/lstrip_blocks),
            # so a loop inside a Markdown table or list leaves no blank line behind
            before = before[: len(before) - (at - max(text.rfind("\n", 0, at) + 1, pos))]
            end = after.end()
        out.append(before)
        out.extend(tag)
        pos = end
    out.append(text[pos:])
    return [t for t in out if t != ""]


_LINE_END = re.compile(r"[ \t]*(?:\n|\Z)")


def _statement_alone(
    text: str, pos: int, at: int, tag: list[str | Tag], out: list[str | Tag]
) -> bool:
    """Whether a statement tag (no output) stands alone on its line."""
    if not all(isinstance(t, Tag) and t.op != "out" for t in tag):
        return False
    line_start = text.rfind("\n", 0, at) + 1
    return not text[max(line_start, pos) : at].strip() and (line_start >= pos or _alone(out))


def _alone(out: list[str | Tag]) -> bool:
    """Whether what precedes on the current line is only tags and blanks."""
    for item in reversed(out):
        if isinstance(item, Tag):
            if item.op == "out":
                return False
            continue
        tail = item.rsplit("\n", 1)
        if tail[-1].strip():
            return False
        if len(tail) == 2:
            return True
    return True


def _match(text: str, at: int, closers: _Closers) -> tuple[list[str | Tag] | None, int]:
    if text[at] == "@":
        return _blade(text, at, closers)
    for kind, pattern, ends in _TAGS:
        if not any(closers.ahead(end, at) for end in ends):
            continue
        m = pattern.match(text, at)
        if m is None:
            continue
        if kind == "drop":
            return [Tag("drop")], m.end()
        if kind == "raw":
            return [m.group(1)], m.end()
        if kind == "stmt":
            return [_statement(m.group(1).strip())], m.end()
        if kind == "out":
            return [Tag("out", (m.group(1) or m.group(2) or "").strip(), "raw")], m.end()
        if kind == "expr":
            return [_expression(m.group(1).strip())], m.end()
        if kind == "erb":
            script = _script(m.group(2).strip(), output=bool(m.group(1)), marker=m.group(1))
            return [script], m.end()
        return [_php(m.group(2).strip(), output=bool(m.group(1)))], m.end()
    return None, at


_FOR_IN = re.compile(
    r"for\s+\(?\s*(?:(?:const|let|var)\s+)?([\w$, ]+?)\)?\s+(?:in|of)\s+(.+)$", re.S
)
_SET = re.compile(r"(?:set|assign|const|let|var)?\s*\$?(\w+)\s*:?=\s*(.+?);?$", re.S)
_BRANCH_WORDS = {"elif": "elif", "elsif": "elif", "elseif": "elif", "when": "elif", "else": "else"}
_INCLUDES = frozenset({"include", "extends", "import", "from", "render", "embed", "use", "partial"})


def _statement(body: str) -> Tag:
    """A Jinja/Nunjucks/Twig/Liquid ``{% ... %}`` statement."""
    word = body.split(None, 1)[0] if body else ""
    rest = body[len(word) :].strip()
    if word == "for":
        m = _FOR_IN.match(body)
        if m:
            expr = re.split(r"\s+(?:if|limit:|offset:|reversed\b)", m.group(2), maxsplit=1)[0]
            return Tag("for", f"{m.group(1).strip()}\x00{expr.strip()}", "for")
    if word in ("if", "unless", "case", "ifversion"):
        return Tag("if", "" if word == "case" else rest, word)
    if word in _BRANCH_WORDS:
        return Tag(_BRANCH_WORDS[word], rest, word)
    if word in ("endfor", "endif", "endunless", "endcase", "endifversion"):
        return Tag("end", "", word.removeprefix("end"))
    if word in ("set", "assign") and "=" in rest:
        m = _SET.match(body)
        if m:
            return Tag("set", f"{m.group(1)}\x00{m.group(2).strip()}", word)
    if word in _INCLUDES:
        return Tag("include", rest, word)
    return Tag("drop", "", word)


_HBS = re.compile(r"([#/^>]|else\b)\s*(\w*)\s*(.*)$", re.S)
_GO_RANGE = re.compile(r"range\s+(?:(\$\w+)\s*(?:,\s*(\$\w+)\s*)?:=\s*)?(.+)$", re.S)


def _expression(body: str) -> Tag:
    """A ``{{ ... }}``: a Handlebars block tag, a Go action, or an output expression."""
    hbs = _HBS.match(body)
    if hbs:
        sign, name, rest = hbs.groups()
        if sign == ">":
            return Tag("include", f"{name} {rest}".strip(), "partial")
        if sign.startswith("else"):
            return Tag("elif", f"{name} {rest}".strip(), "else") if name == "if" else Tag("else")
        if sign == "/":
            return Tag(
                "end", "", {"each": "for"}.get(name, "if" if name in ("if", "unless") else "")
            )
        if name == "each":
            return Tag("for", f"this\x00{rest.strip()}", "each")
        if name in ("if", "unless") or sign == "^":
            return Tag("if", rest.strip() or name, name or "^")
        return Tag("block", rest, name)  # #with, #each-like helpers: body kept once
    word = body.split(None, 1)[0] if body else ""
    if word == "range":
        m = _GO_RANGE.match(body)
        if m:
            names = ",".join(n for n in (m.group(1), m.group(2)) if n) or "."
            return Tag("for", f"{names}\x00{m.group(3).strip()}", "range")
    if word in ("if", "with"):
        return Tag("if", body[len(word) :].strip(), word)
    if word == "else":
        rest = body[4:].strip()
        return Tag("elif", rest.removeprefix("if").strip(), "else") if rest else Tag("else")
    if word == "end":
        return Tag("end")
    if word in ("define", "block"):
        return Tag("block", body, word)
    if word in ("template", "partial", "partialCached"):
        return Tag("include", body[len(word) :].strip().split(" ")[0].strip('"'), word)
    m = re.match(r"(\$\w+)\s*:?=\s*(.+)$", body, re.S)
    if m:
        return Tag("set", f"{m.group(1)}\x00{m.group(2)}", "go")
    return Tag("out", body)


_RB_EACH = re.compile(r"(.+?)\.each(?:_with_index|_pair)?\s+do\s*\|([^|]*)\|$", re.S)
_JS_EACH = re.compile(r"(.+?)\.forEach\(\s*(?:function\s*)?\(?([\w$, ]*)\)?\s*(?:=>)?\s*\{$", re.S)


def _script(body: str, *, output: bool, marker: str = "") -> Tag:
    """An ERB or EJS ``<% ... %>`` tag."""
    body = body.strip().rstrip(";").strip()
    if output and not re.match(r"include\b", body):
        raw = body.startswith("=") or marker == "-"  # <%== x %> (ERB), <%- x %> (EJS)
        return Tag("out", body.lstrip("="), "raw" if raw else "")
    m = _RB_EACH.match(body)
    if m:
        return Tag("for", f"{m.group(2).strip()}\x00{m.group(1).strip()}", "each")
    m = _JS_EACH.match(body)
    if m:
        return Tag("for", f"{m.group(2).strip()}\x00{m.group(1).strip()}", "each")
    js_for = re.match(r"for\s*\((.+)\)\s*\{$", body, re.S)
    m = _FOR_IN.match(js_for.group(0)[:-1].strip() if js_for else body)
    if m and (js_for or body.startswith("for ")):
        return Tag("for", f"{m.group(1).strip()}\x00{m.group(2).strip().rstrip(')')}", "for")
    word = re.split(r"[\s({]", body, maxsplit=1)[0]
    if word in ("if", "unless"):
        return Tag("if", body[len(word) :].strip(" ({"), word)
    if re.match(r"\}?\s*else\s*if\b|elsif\b", body):
        return Tag("elif", re.sub(r"^\}?\s*(else\s*if|elsif)", "", body).strip(" ({"))
    if re.match(r"\}?\s*else\b\s*\{?$", body):
        return Tag("else")
    if body in ("end", "}", "})", "}))") or re.fullmatch(r"\}\s*\)*", body):
        return Tag("end")
    if body.endswith((" do", "{")) or re.search(r"\bdo\s*(\|[^|]*\|)?$", body):
        return Tag("block", body)
    if re.match(r"include\b", body):
        return Tag("include", body[7:].strip(" ()"))
    m = _SET.match(body)
    if m and word not in ("return", "yield"):
        return Tag("set", f"{m.group(1)}\x00{m.group(2).strip()}", "set")
    return Tag("drop", body)


_PHP_FOREACH = re.compile(r"foreach\s*\((.+)\s+as\s+(.+?)\)\s*:?\s*\{?$", re.S)


def _php(body: str, *, output: bool) -> Tag:
    body = body.strip().rstrip(";").strip()
    if output or body.startswith("echo "):
        return Tag("out", body.removeprefix("echo ").strip())
    m = _PHP_FOREACH.match(body)
    if m:
        return Tag("for", f"{_as_names(m.group(2))}\x00{m.group(1).strip()}", "foreach")
    word = re.split(r"[\s(:{]", body, maxsplit=1)[0]
    if word in ("if", "elseif"):
        return Tag("if" if word == "if" else "elif", body[len(word) :].strip(" :{"), word)
    if re.fullmatch(r"\}?\s*else\s*:?\{?", body):
        return Tag("else")
    if word in ("endforeach", "endif", "endfor", "endwhile") or body == "}":
        return Tag("end")
    m = _SET.match(body)
    if m and body.startswith("$"):
        return Tag("set", f"{m.group(1)}\x00{m.group(2).strip()}", "php")
    return Tag("drop", body)


def _as_names(text: str) -> str:
    """``$key => $value`` or ``$value`` as loop variable names."""
    return ",".join(p.strip().lstrip("$") for p in text.split("=>"))


def _blade(text: str, at: int, closers: _Closers) -> tuple[list[str | Tag] | None, int]:
    m = _BLADE.match(text, at)
    if m is None:
        return None, at
    name = m.group(1).lower()
    end = m.end()
    arg = ""
    paren = re.compile(r"[ \t]*\(").match(text, end)
    if paren and closers.paren_budget > 0:
        close = _balanced(text, paren.end() - 1)
        if close is not None:
            arg, end = text[paren.end() : close].strip(), close + 1
        else:
            closers.paren_budget -= min(len(text) - paren.end(), 20000)
    if name == "php":
        if arg:
            return [_php(arg, output=False)], end
        close = text.find("@endphp", end)
        stop = close if close != -1 else len(text)
        body = text[end:stop]
        sets = [_php(s.strip(), output=False) for s in _split_statements(body)]
        return [t for t in sets if t.op == "set"] or [Tag("drop")], stop + 7 * (close != -1)
    if name in ("lang", "choice"):
        return [Tag("out", f"__({arg})")], end
    if name in ("foreach", "forelse"):
        got = re.match(r"(.+)\s+as\s+(.+)$", arg, re.S)
        if got:
            return [Tag("for", f"{_as_names(got.group(2))}\x00{got.group(1).strip()}", name)], end
    if name.startswith("end"):
        kind = _BLADE_BLOCKS.get(name[3:])
        if kind is not None or name[3:] in ("php", "forelse", "foreach"):
            return [Tag("end", "", kind or "")], end
    if name in _BLADE_BLOCKS:
        kind = _BLADE_BLOCKS[name]
        if name == "empty" and arg:
            kind = "if"
        if name == "section" and "," in arg:
            return [Tag("drop")], end  # @section('title', 'Text'): no body follows
        return [Tag(kind, arg, name)], end
    if name in _BLADE_DROP or name.startswith("include"):
        return [
            Tag("include" if name.startswith(("include", "extends", "each")) else "drop", arg)
        ], end
    return None, at


def _balanced(text: str, open_at: int) -> int | None:
    """The index of the parenthesis closing the one at ``open_at`` (strings respected)."""
    return closing_bracket(text, open_at, quotes="'\"", opens="([{", closes=")]}", limit=20000)


def _split_statements(body: str) -> list[str]:
    """PHP statements split on ``;`` outside strings and brackets."""
    out, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(body):
        if quote:
            if char == quote and body[i - 1] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == ";" and depth == 0:
            out.append(body[start:i])
            start = i + 1
    out.append(body[start:])
    return [s for s in out if s.strip()]


_LIT_STRING = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'"  # may span lines
_LIT_TOKEN = re.compile(
    rf"(?P<str>{_LIT_STRING})|(?P<arrow>=>)|(?P<array>\barray\s*\()|(?P<key>\b[A-Za-z_]\w*)\s*:(?![:=])"
    r"|(?P<sym>(?<![\w:]):[A-Za-z_]\w*)|(?P<word>\b[A-Za-z_]\w*\b)|(?P<open>[\[{(])|(?P<close>[\]})])"
)
_WORDS = {"true": "True", "false": "False", "null": "None", "nil": "None", "none": "None"}


def literal(text: str) -> Any:
    """The value of a literal collection written in JSON, Python/Jinja, Twig, PHP or Ruby
    syntax (lists, maps, strings, numbers, booleans); None when it is not a plain literal."""
    text = text.strip().rstrip(";")
    if not text or text[0] not in "[{(\"'a%":
        return None
    try:
        return json.loads(text)
    except ValueError:
        pass
    pieces: list[str] = []
    stack: list[tuple[int, str, bool]] = []  # (piece index, closing char, holds "=>")
    pos = 0
    for m in _LIT_TOKEN.finditer(text):
        pieces.append(text[pos : m.start()])
        pos = m.end()
        kind = m.lastgroup
        if kind == "str":
            pieces.append(m.group(0).replace("\r", "\\r").replace("\n", "\\n"))
        elif kind == "arrow":
            pieces.append(":")
            if stack:
                stack[-1] = (stack[-1][0], stack[-1][1], True)
        elif kind in ("array", "open"):
            char = "[" if kind == "array" else m.group(0)
            stack.append((len(pieces), {"[": "]", "{": "}", "(": ")"}[char], False))
            pieces.append("[" if kind == "array" else char)
        elif kind == "close":
            index, closing, arrow = stack.pop() if stack else (-1, m.group(0), False)
            if arrow and index >= 0:
                pieces[index] = "{"
                closing = "}"
            elif index >= 0 and pieces[index] == "[" and closing == ")":
                closing = "]"
            pieces.append(closing)
        elif kind == "key":
            pieces.append(f'"{m.group("key")}":')
        elif kind == "sym":
            pieces.append(f'"{m.group(0)[1:]}"')
        else:
            word = m.group(0)
            if word.lower() not in _WORDS:
                return None  # a name or call: not a literal
            pieces.append(_WORDS[word.lower()])
    pieces.append(text[pos:])
    try:
        return ast.literal_eval("".join(pieces))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
