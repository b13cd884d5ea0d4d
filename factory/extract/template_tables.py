"""Template sources whose scope table is a loop over a literal collection (ERB, Blade, PHP).

Some doc sources keep a scope table as code: an HTML ``<table>`` whose rows come from
``<% [ { name: "...", key: "a, b", description: "..." }, ... ].each do |scope| %>`` (ERB) or
``@foreach ([ 'scope' => 'What it grants', ... ] as $scope => $text)`` (Blade/PHP). The live
page is the rendered HTML; when only the template is at hand, this reader takes the records
from the literal itself, without running any template code:

- an array of hashes: the *name field* is chosen by content (values that are scope tokens:
  no spaces, scope syntax such as ``a_b``, ``a:b``, ``a.b``, lower case), several tokens in
  one value (``"read_x, write_x"``) sharing the hash's description; the description is the
  field named ``description``/``desc``/``summary``/``text`` (else none), rendered from
  Markdown to its text;
- a flat map of token -> text: each key a scope, each value its description.

The loop is cut out of the page before the page itself is read (its row template is not a
row), and a warning says the records came from template literals. Lowest priority family.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from factory.extract.text import looks_like_scope

__all__ = ["LiteralScope", "TemplateTables", "read_template_tables"]

_ERB_LOOP = re.compile(
    r"<%-?\s*(?P<lit>[\[{].*?[\]}])\s*\.each(?:_with_index)?\s+do\s*\|[^|]*\|\s*-?%>"
    r"(?P<body>.*?)<%-?\s*end\s*-?%>",
    re.DOTALL,
)
_BLADE_LOOP = re.compile(
    r"@foreach\s*\(\s*(?P<lit>\[.*?\])\s+as\s+\$\w+(?:\s*=>\s*\$\w+)?\s*\)(?P<body>.*?)@endforeach",
    re.DOTALL,
)
_PHP_LOOP = re.compile(
    r"<\?php\s+foreach\s*\(\s*(?P<lit>\[.*?\]|array\(.*?\))\s+as\s+[^)]*\)\s*:\s*\?>"
    r"(?P<body>.*?)<\?php\s+endforeach;?\s*\?>",
    re.DOTALL,
)
_STRING = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'"
_VALUE = rf"{_STRING}|true|false|nil|null|-?\d+(?:\.\d+)?"
# key: value (Ruby 1.9), :key => value, "key" => value, 'key' => value (Ruby, PHP)
_PAIR = re.compile(
    rf"(?:(?P<sym>[A-Za-z_]\w*):(?!:)|:?(?P<key>{_STRING}|[A-Za-z_]\w*)\s*=>)\s*(?P<val>{_VALUE})"
)
_DESC_FIELDS = ("description", "desc", "summary", "text", "details", "definition")
_TOKEN_SYNTAX = re.compile(r"^[a-z0-9][a-z0-9]*([._:/-][a-z0-9*{}<>]+)+$|^[a-z]+$")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$|<h[1-6][^>]*>(.*?)</h[1-6]>", re.MULTILINE)
_INLINE_MARKUP = re.compile(r"</?(?:code|kbd|tt|strong|b|em|i|span)\b[^<>]*>|`")
_TEMPLATE_HINT = re.compile(r"\.each(?:_with_index)?\s+do\b|@foreach\b|<\?php\s+foreach\b")


@dataclass(frozen=True, slots=True)
class LiteralScope:
    """One scope read from a template literal."""

    name: str
    description: str | None
    section: str
    locator: str


@dataclass(frozen=True, slots=True)
class TemplateTables:
    """The page with its literal loops cut out, the scopes they held, and the warnings."""

    text: str
    scopes: tuple[LiteralScope, ...]
    warnings: tuple[str, ...]


def has_template_loops(text: str) -> bool:
    """Whether the text holds a loop a template engine runs (cheap check for detection)."""
    return bool(_TEMPLATE_HINT.search(text)) and any(
        p.search(text) for p in (_ERB_LOOP, _BLADE_LOOP, _PHP_LOOP)
    )


def _unquote(raw: str) -> Any:
    if raw[:1] in ("'", '"'):
        try:
            return ast.literal_eval(raw)  # Ruby/PHP string escapes are Python's for text
        except (ValueError, SyntaxError):
            return raw[1:-1]
    return {"true": True, "false": False, "nil": None, "null": None}.get(raw, raw)


def _hashes(literal: str) -> tuple[list[dict[str, Any]], bool]:
    """The hashes of an array of hashes (``[{...}, {...}]``), or one flat map (True)."""
    out = []
    bodies, flat = _top_level_bodies(literal)
    for body in bodies:
        pairs = {}
        for m in _PAIR.finditer(body):
            key = m.group("sym") or str(_unquote(m.group("key")))
            pairs[key] = _unquote(m.group("val"))
        if pairs:
            out.append(pairs)
    return out, flat


def _top_level_bodies(literal: str) -> tuple[list[str], bool]:
    """The bodies of the bracketed items inside a literal, strings respected; the whole
    inside when it has none (a flat map: True)."""
    inner = literal[len("array(") : -1] if literal.startswith("array(") else literal[1:-1]
    bodies: list[str] = []
    depth, start, quote, i = 0, 0, "", 0
    while i < len(inner):
        char = inner[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "{[(":
            start = i + 1 if depth == 0 else start
            depth += 1
        elif char in "}])" and depth:
            depth -= 1
            if depth == 0:
                bodies.append(inner[start:i])
        i += 1
    return (bodies, False) if bodies else ([inner], True)


def _tokens(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
    ok = parts and all(looks_like_scope(p) and _TOKEN_SYNTAX.match(p) for p in parts)
    return parts if ok else []


def _name_field(rows: list[dict[str, Any]]) -> str | None:
    """The field whose values are scope tokens in most rows (at least half)."""
    fields = {k for row in rows for k in row if k not in _DESC_FIELDS}
    best, best_count = None, 0
    for name in sorted(fields):
        count = sum(1 for row in rows if _tokens(row.get(name)))
        if count > best_count:
            best, best_count = name, count
    return best if best_count * 2 >= len(rows) else None


def _render(text: str | None) -> str | None:
    """A description written in Markdown, as the page renders it (its text)."""
    if not text:
        return None
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").renderInline(text)
    return " ".join(BeautifulSoup(html, "lxml").get_text().split()) or None


def _section(text: str, pos: int) -> str:
    found = [m.group(1) or m.group(2) for m in _HEADING.finditer(text, 0, pos)]
    return re.sub(r"<[^>]+>", "", found[-1]).strip() if found else ""


def _records(rows: list[dict[str, Any]], flat: bool, section: str, loop: int) -> list[LiteralScope]:
    out: list[LiteralScope] = []
    if flat and rows and all(_tokens(k) for k in rows[0]):
        # a flat map: token -> description
        for number, (key, value) in enumerate(rows[0].items(), start=1):
            desc = _render(value) if isinstance(value, str) else None
            out.append(LiteralScope(key, desc, section, f"template loop {loop} item {number}"))
        return out
    name = _name_field(rows)
    if name is None or any(
        _INLINE_MARKUP.search(str(row.get(k, ""))) for row in rows for k in row if k != name
    ):
        return out  # cells written with markup: the loop is rendered as the page shows it
    desc_field = next((f for f in _DESC_FIELDS if any(f in row for row in rows)), None)
    for number, row in enumerate(rows, start=1):
        raw = row.get(desc_field) if desc_field else None
        desc = _render(raw) if isinstance(raw, str) else None
        for token in _tokens(row.get(name)):
            out.append(LiteralScope(token, desc, section, f"template loop {loop} item {number}"))
    return out


def read_template_tables(text: str) -> TemplateTables:
    """Scopes held in the literal collections that template loops iterate over."""
    scopes: list[LiteralScope] = []
    cuts: list[tuple[int, int]] = []
    loops = sorted(
        (m for p in (_ERB_LOOP, _BLADE_LOOP, _PHP_LOOP) for m in p.finditer(text)),
        key=lambda m: m.start(),
    )
    for number, match in enumerate(loops, start=1):
        rows, flat = _hashes(match.group("lit"))
        found = _records(rows, flat, _section(text, match.start()), number)
        if found:
            scopes.extend(found)
            cuts.append(match.span())
    kept, last = [], 0
    for start, end in cuts:
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    warnings: tuple[str, ...] = ()
    if scopes:
        warnings = (
            f"{len(scopes)} scope(s) read from {len(cuts)} template loop(s) over literal data "
            "(ERB/Blade/PHP source, not the rendered page): check them against the live page",
        )
    return TemplateTables("".join(kept), tuple(scopes), warnings)
