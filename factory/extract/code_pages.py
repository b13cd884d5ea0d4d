"""Where program-source data stands: JS/TS/JSX/TSX files, MDX ``export`` blocks, HTML scripts.

- A ``.js .jsx .ts .tsx .mjs .cjs`` document is the ``code`` kind (read by
  :mod:`factory.extract.code_extract`), and so is SDK or server source in C#, Java, Python,
  PHP (a file that is PHP only), Go, Ruby or Kotlin (``.cs .java .py .php .go .rb .kt``,
  read by :mod:`factory.extract.source_bindings`).
- An MDX page's ``export const x = [...]`` blocks, and an HTML page's ``<script>`` data
  (``window.__DATA__ = {...}``, ``<script type="application/json">``, Next.js
  ``__NEXT_DATA__``), add the scopes their data holds to what the page's reader returned
  (new names only; a page that holds no such block is not touched, nor parsed again).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from factory.extract.code_data import DataScope, bound_scopes, to_records
from factory.extract.js_literals import Binding, data_bindings
from factory.extract.source_bindings import program_bindings
from factory.extract.source_comments import clean_comment
from factory.extract.source_grammars import SOURCE_LANGUAGES, language_of
from factory.models import Document, ExtractionResult

__all__ = [
    "CODE_SUFFIXES",
    "JS_SUFFIXES",
    "TYPESCRIPT_SUFFIXES",
    "code_bindings",
    "document_bindings",
    "is_javascript",
    "markup_of",
    "source_bindings",
    "source_code_bindings",
    "suffix",
    "with_source_data",
]

JS_SUFFIXES = frozenset({".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts"})
#: JS/TS and the SDK languages (``.php`` is code only when the file is PHP alone: detect).
CODE_SUFFIXES = JS_SUFFIXES | frozenset(SOURCE_LANGUAGES)
TYPESCRIPT_SUFFIXES = frozenset({".ts", ".mts", ".cts"})
_EXPORT = re.compile(r"^export\s+(?:const|let|var|default)\b", re.M)
_SCRIPT_OPEN = re.compile(r"<script\b([^>]*)>", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)
_JSON_TYPE = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.I)
_ID = re.compile(r"""\bid\s*=\s*["']?([\w\-]+)""", re.I)
# A script's data is parsed only when it may hold a scope list at all.
_MAY_HOLD = re.compile(r"scope|permission|grant|consent", re.I)
_MAX_SCRIPT = 5_000_000
#: How a page reader's warning that no scope list was recognised begins.
NO_LIST_WARNING = "the page speaks of scopes"
# The cheap test on the raw bytes before a page is decoded again.
_MAY_HOLD_BYTES = {
    "markdown": re.compile(rb"^export\s", re.M),
    "html": re.compile(rb"<script", re.I),
}
_MAX_EXPORTS = 30


def _exports(text: str) -> list[Binding]:
    """The literals of an MDX page's ``export`` statements (each parsed from its first line
    to its statement's end; the Markdown after it is not JavaScript)."""
    found: list[Binding] = []
    for match in list(_EXPORT.finditer(text))[:_MAX_EXPORTS]:
        line = text.count("\n", 0, match.start())
        bindings, _words = data_bindings("\n" * line + text[match.start() :], first_only=True)
        found += bindings
    return found


def _scripts(text: str) -> list[Binding]:
    """The literals of an HTML page's ``<script>`` blocks that may hold scopes."""
    found: list[Binding] = []
    at, number = 0, 0
    # each script's end is searched once from its start (a page of unclosed tags stays linear)
    while (opening := _SCRIPT_OPEN.search(text, at)) is not None:
        closing = _SCRIPT_CLOSE.search(text, opening.end())
        if closing is None:
            break
        number, at = number + 1, closing.end()
        attrs, body = opening.group(1), text[opening.end() : closing.start()]
        if len(body) > _MAX_SCRIPT or not _MAY_HOLD.search(body):
            continue
        line = text.count("\n", 0, opening.end())
        if _JSON_TYPE.search(attrs):
            named = _ID.search(attrs)
            name = named.group(1).replace("-", "_") if named else f"script_{number}"
            body = f"var {name} = {body.strip()};"
        bindings, _words = data_bindings("\n" * line + body)
        found += bindings
    return found


@lru_cache(maxsize=4)
def code_bindings(text: str, typescript: bool) -> tuple[tuple[Binding, ...], str]:
    """A JS/TS ``code`` document's bindings and page words, parsed once for both readers."""
    bindings, words = data_bindings(text, typescript=typescript)
    return tuple(bindings), words


def source_code_bindings(doc: Document, text: str) -> tuple[tuple[Binding, ...], str]:
    """A ``code`` document's bindings and words, by its language (JS/TS when its extension
    names no other: a module served without one)."""
    language = language_of(suffix(doc), doc.media_type)
    if language is not None:
        return program_bindings(text, language)
    return code_bindings(text, _typescript(doc))


def _typescript(doc: Document) -> bool:
    return suffix(doc) in TYPESCRIPT_SUFFIXES or doc.media_type.startswith(_TS_MEDIA)


_TS_MEDIA = "application/typescript"


def is_javascript(doc: Document) -> bool:
    """Whether a ``code`` document is JS/TS (a page whose JSX markup is read too)."""
    return language_of(suffix(doc), doc.media_type) is None


def document_bindings(doc: Document, kind: str) -> tuple[Binding, ...]:
    """The data bindings a document of ``kind`` holds (none for other kinds, or when a page
    holds no export block or script data)."""
    if kind == "code":
        return source_code_bindings(doc, doc.text())[0]
    if kind in _MAY_HOLD_BYTES and _MAY_HOLD_BYTES[kind].search(doc.body):
        return source_bindings(doc.text(), kind)
    return ()


# A JSX expression that only names a value (``{s.name}``, ``{scope.description}``): code that
# fills a cell at run time, not the cell's text.
_JSX_REFERENCE = re.compile(r"\{\s*[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*|\[\w+\])*\s*\}")


# A line that names scopes or permissions (a comment, the name a literal is bound to), not an
# import: the context the quoted values of the file stand in
_SCOPE_LINE = re.compile(
    r"^(?![ \t]*(?:import|using|use|package|namespace|require|from)\b)[^\n]*?"
    r"(?:scope|permission)[^\n]*",
    re.I | re.M,
)
# A quoted token with a separator inside that is not an upper-case constant ("orders:read")
_QUOTED_NAME = re.compile(r"([\"'])(?![A-Z0-9_]+\1)[A-Za-z0-9*][\w*{}-]*(?:[._:/-][\w*{}-]+)+\1")


def markup_of(doc: Document, kind: str, text: str) -> str:
    """The markup a page shows: for a ``code`` document, its JSX without its bound data
    literals (read as data, not as text: blanked, lines kept) and without the expressions
    that only name a value; other kinds' text as it is."""
    if kind != "code":
        return text
    if not is_javascript(doc):
        # SDK source shows no page. When the data reader finds no scope in it, the harvester
        # reads the lines that hold a quoted scope-shaped value as one block of code, so a
        # scope held where the data reader does not look (builder calls, a literal of a shape
        # it does not know) is a candidate, not a silent miss. A scope in code is a quoted
        # value, and a line that names scopes is its context: other lines (package, return,
        # magic comments, other sentences) are blank, and so are constants spelt as values
        # (``A_READ = "A_READ"``)
        bindings, words = source_code_bindings(doc, text)
        if bindings and bound_scopes(list(bindings), words, text):
            return ""  # its data gave its scopes: read as data, by both readers
        bound = {  # the lines of the literals it did read (roles, error codes): no scopes
            row
            for b in bindings
            if b.span != (0, 0)
            for row in range(text.count("\n", 0, b.span[0]), text.count("\n", 0, b.span[1]) + 1)
        }
        lines = [
            line if row not in bound and _QUOTED_NAME.search(line) else ""
            for row, line in enumerate(text.split("\n"))
        ]
        block = f"<pre>{html.escape(chr(10).join(lines), quote=False)}</pre>"
        named = _SCOPE_LINE.search(text)
        if named is None:
            return block
        # its first line that names scopes (a comment, a field) is the block's heading
        title = clean_comment(named.group(0))
        return f"<h2>{html.escape(title, quote=False)}</h2>{block}"
    bindings = code_bindings(text, _typescript(doc))[0]
    parts: list[str] = []
    at = 0
    for binding in sorted(bindings, key=lambda b: b.span):
        start, end = binding.span
        if start < at:
            continue  # inside a literal already blanked
        parts += [text[at:start], "\n" * text.count("\n", start, end)]
        at = end
    shown = _JSX_REFERENCE.sub("", "".join([*parts, text[at:]]))
    if suffix(doc) in _NO_JSX or doc.media_type.startswith(_TS_MEDIA):
        return _strings_and_comments(shown)
    return shown


# A TypeScript or ES/CommonJS module holds no JSX: the text it shows is its strings and
# comments; the rest is code (identifiers, destructuring, member access) and never a value.
_NO_JSX = TYPESCRIPT_SUFFIXES | {".mjs", ".cjs"}
_JS_SHOWN = re.compile(
    r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`", re.S
)


def _strings_and_comments(text: str) -> str:
    """``text`` with everything but its string literals and comments blanked (lines kept)."""
    parts: list[str] = []
    at = 0
    for found in _JS_SHOWN.finditer(text):
        parts += ["\n" * text.count("\n", at, found.start()), " ", found.group(0), " "]
        at = found.end()
    parts.append("\n" * text.count("\n", at))
    return "".join(parts)


def suffix(doc: Document) -> str:
    """The extension of a document's address, lower case."""
    return PurePosixPath(urlsplit(doc.final_url or doc.url).path).suffix.lower()


@lru_cache(maxsize=8)
def source_bindings(text: str, kind: str) -> tuple[Binding, ...]:
    """The data bindings an MDX/Markdown page's exports or an HTML page's scripts hold
    (empty when it has none: a cheap test first)."""
    if kind == "markdown" and "export" in text and _EXPORT.search(text):
        return tuple(_exports(text))
    if kind == "html":  # the bytes held "<script" (checked before the page was decoded)
        return tuple(_scripts(text))
    return ()


def _page_scopes(text: str, kind: str) -> list[DataScope]:
    bindings = list(source_bindings(text, kind))
    return bound_scopes(bindings, text, text) if bindings else []


def with_source_data(doc: Document, kind: str, result: ExtractionResult) -> ExtractionResult:
    """``result`` with the scopes of an MDX page's exports or an HTML page's script data
    that it lacks (the page unchanged when it holds none)."""
    if kind not in ("markdown", "html") or not _MAY_HOLD_BYTES[kind].search(doc.body):
        return result
    try:
        text = doc.text()
    except LookupError:  # an unknown charset: the page's reader said so already
        return result
    scopes = _page_scopes(text, kind)
    names = {r.scope_name for r in result.scopes}
    extra = [s for s in scopes if s.name not in names]
    if not extra:
        return result
    records = to_records(extra, result.source)
    where = "export blocks" if kind == "markdown" else "script data"
    warning = f"{len(records)} scope(s) read from the page's {where} (literal data it renders)"
    # the page's own "speaks of scopes but no list was recognised" is answered by the data
    kept = [w for w in result.warnings if not w.startswith(NO_LIST_WARNING)]
    return replace(result, scopes=(*result.scopes, *records), warnings=(*kept, warning))
