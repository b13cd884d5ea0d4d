"""Format detection and the one entry point ``extract_document``.

``detect_format`` picks an extractor kind from the extension, the media type and the content
(JSON/YAML keys, Stone keywords, HTML tags); ``extract_document`` runs the registered
extractor for that kind. Loading a file, folder or URL is ``factory.research.load``'s job.
The helpers ``decode_text`` and ``parse_structured`` are shared by the machine-readable
extractors so that every one of them refuses bad input (empty, binary, wrong encoding,
truncated, too deep) with the same clear ``ExtractionError``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml
import yaml_rs

from factory.errors import ExtractionError
from factory.extract.candidates_reconcile import with_candidates
from factory.extract.code_pages import JS_SUFFIXES, with_source_data
from factory.extract.extraction_memo import extraction_memo, remembered
from factory.extract.openapi_fragment import spec_fragment
from factory.extract.registry import get_extractor
from factory.extract.sniff import sniff_markup
from factory.extract.source_grammars import language_of
from factory.extract.template_render import looks_templated, render_template
from factory.extract.template_tables import has_template_loops
from factory.models import Document, ExtractionResult, bom_encoding
from factory.safeload import MAX_ALIAS_NODES, ShapeError, loads_yaml

#: Documents above this size are refused: the largest real spec seen (GitHub's full REST
#: description) is ~10 MB, so 30 MB leaves room while keeping memory and time bounded.
MAX_DOCUMENT_BYTES = 30 * 1024 * 1024

#: Specs nest deeper than contracts (schemas inside schemas); still far from the stack's end.
MAX_SPEC_DEPTH = 200
_STONE_RE = re.compile(r"^namespace\s+\w+", re.MULTILINE)
_STONE_ROUTE_RE = re.compile(r"^route\s+\S+", re.MULTILINE)
_YAML_SPEC_RE = re.compile(r"^[\"']?(openapi|swagger)[\"']?\s*:", re.MULTILINE)
# A JSON spec whose first key is "openapi"/"swagger" (how generators write them): the kind is
# known without parsing, so a 5 MB spec is parsed once, by its extractor.
_JSON_SPEC_RE = re.compile(r'^\{\s*"(openapi|swagger)"\s*:')
_JSON_DISCOVERY_RE = re.compile(
    r'^\{\s*"(kind"\s*:\s*"discovery#restDescription"|discoveryVersion")'
)
_HTML_RE = re.compile(r"<(!doctype\s+html|html|head|body|table|div|meta|title)\b", re.IGNORECASE)
_EXTENSION_KINDS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".txt": "markdown",
    ".html": "html",
    ".htm": "html",
    ".svelte": "html",  # markup with <script> data (read as a page's script data)
    ".vue": "html",
    ".xhtml": "html",
    ".stone": "stone",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".asc": "asciidoc",
    ".rst": "rst",
    ".rest": "rst",
}
_MEDIA_KINDS = {
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/mdx": "markdown",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/x-stone": "stone",
    "text/asciidoc": "asciidoc",
    "text/x-asciidoc": "asciidoc",
    "text/x-rst": "rst",
    "text/prs.fallenstein.rst": "rst",
    "application/raml+yaml": "raml",
}
_CODE_MEDIA = frozenset(
    {"application/javascript", "text/javascript", "application/typescript", "text/jsx"}
)
# A JS/TS module's first statement: an import, an export, a directive or a declaration
# (comments before it allowed).
_JS_SIGNS = re.compile(
    r"(?:(?://[^\n]*|/\*.*?\*/)\s*)*"
    r"(?:import\s[^\n]*\bfrom\s*['\"]|import\s+['\"]|export\s+(?:default|const|let|function|async)\b"
    r"|module\.exports\b|['\"]use (?:client|strict)['\"]"
    r"|(?:const|let|var)\s+[A-Za-z_$][\w$]*\s*(?::[^=\n]+)?=)",
    re.S,
)
_HTML_ELEMENT = re.compile(
    r"<(!doctype|html|head|body|div|p|table|h[1-6]|ul|ol|section|article|main|span|a|br)\b", re.I
)
_MARKDOWN_SIGNS = re.compile(r"^(#{1,6} \S|\s*\|?\s*:?-{3,}:?\s*\|)", re.M)
# Source markup a local file declares by its own extension: it wins over the extension of the
# official URL it was taken from (an .rst or .md source of a page served as .html).
_SOURCE_MARKUP = ("markdown", "asciidoc", "rst")


def _name(doc: Document) -> str:
    return doc.final_url or doc.url or "document"


def check_text_body(doc: Document) -> bytes:
    """The body of a document that can be text: not over the size cap, not empty, not binary.

    Shared by every extractor (strict ones decode it exactly, page extractors leniently).

    Raises:
        ExtractionError: the body is over ``MAX_DOCUMENT_BYTES``, empty, or binary (NUL bytes
            outside a UTF-16 byte-order mark).
    """
    body = doc.body
    if len(body) > MAX_DOCUMENT_BYTES:
        raise ExtractionError(_name(doc), too_big(len(body)))
    if not body.strip():
        raise ExtractionError(_name(doc), "the document is empty")
    if bom_encoding(body) is None and b"\x00" in body[:8192]:
        raise ExtractionError(_name(doc), _nul_reason(body[:8192]))
    return body


def _nul_reason(head: bytes) -> str:
    """Why a body with NUL bytes is not read: UTF-16/32 text without a byte-order mark
    (NULs in every other or every fourth byte) is named as such, else binary."""
    for width, name in ((2, "UTF-16"), (4, "UTF-32")):
        for offset in range(width):
            lane = head[offset::width]
            others = bytes(b for i, b in enumerate(head) if i % width != offset)
            if lane and lane.count(0) > 0.9 * len(lane) and others.count(0) < 0.1 * len(others):
                return (
                    f"looks like {name} text without a byte-order mark or charset: not read "
                    "(save it with a BOM, or serve it with its charset)"
                )
    return "binary content (NUL bytes), not a text document"


def decode_text(doc: Document) -> str:
    """The document's text, refusing empty, binary and undecodable bodies.

    Raises:
        ExtractionError: the body is empty, binary (NUL bytes) or not valid in its charset.
    """
    body = check_text_body(doc)
    encoding = bom_encoding(body) or doc.encoding or "utf-8-sig"  # a byte-order mark wins
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        shown = doc.encoding or "UTF-8"
        raise ExtractionError(
            _name(doc), f"not valid {shown} text (wrong encoding or binary?): {exc}"
        ) from exc


def _load_yaml(text: str) -> Any:
    """YAML through yaml-rs (Rust; ~20x faster than PyYAML's C loader on a 5 MB spec, with
    bounded alias expansion), falling back to PyYAML's safe loader for what yaml-rs refuses
    (YAML 1.1 documents, duplicate keys), so PyYAML has the last word on malformed input.

    An alias bomb refused by yaml-rs is refused outright (PyYAML would build it as shared
    lists that every later walk expands); PyYAML's value is bounded the same way
    (:func:`factory.safeload.loads_yaml`)."""
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, RecursionError, ValueError) as exc:
        if "alias" in str(exc) and "limit" in str(exc):
            raise ShapeError(
                f"aliases expand the document past {MAX_ALIAS_NODES:,} added nodes (an alias bomb?)"
            ) from exc
    return loads_yaml(text, max_depth=MAX_SPEC_DEPTH)


def parse_structured(doc: Document, text: str | None = None) -> Any:
    """Parse a JSON or YAML document (JSON when it starts with ``{`` or ``[``).

    Within one ``extract_document`` call a document is parsed once, whoever asks (the
    structured reader and the harvester read one parse of a spec).

    Raises:
        ExtractionError: malformed, truncated or too deeply nested input.
    """
    return remembered(("structured", doc.sha256), lambda: _parse_structured(doc, text))


def _parse_structured(doc: Document, text: str | None = None) -> Any:
    text = decode_text(doc) if text is None else text
    stripped = text.lstrip()
    try:
        if stripped[:1] in ("{", "["):
            return json.loads(stripped)
        return _load_yaml(stripped)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ExtractionError(_name(doc), f"malformed JSON ({exc.msg} at {where})") from exc
    except ShapeError as exc:
        raise ExtractionError(_name(doc), f"refused: {exc}") from exc
    except ValueError as exc:  # a number past Python's 4,300-digit conversion limit
        raise ExtractionError(_name(doc), f"unreadable JSON value ({exc})") from exc
    except yaml.YAMLError as exc:
        raise ExtractionError(_name(doc), f"malformed YAML: {exc}") from exc
    except RecursionError as exc:
        raise ExtractionError(_name(doc), "structure nested too deeply to parse") from exc


def _classify(data: Any) -> str | None:
    """The kind of a parsed JSON/YAML value (None for a scalar)."""
    if isinstance(data, dict):
        if "openapi" in data or "swagger" in data or spec_fragment(data) is not None:
            return "openapi"  # a whole spec, or a part of one (a bare security scheme ...)
        if "discoveryVersion" in data or data.get("kind") == "discovery#restDescription":
            return "google-discovery"
        if "scopes_supported" in data and ("issuer" in data or "authorization_endpoint" in data):
            return "oidc"
        return "json"
    if isinstance(data, list):
        return "json"
    return None


def _extension(doc: Document) -> str:
    path = urlsplit(doc.final_url or doc.url).path
    return PurePosixPath(path).suffix.lower()


def detect_format(doc: Document) -> str:
    """The extractor kind for ``doc``, from its extension, media type and content.

    Raises:
        ExtractionError: empty, binary, undecodable input, or a document declared JSON/YAML
            (by extension or media type) that cannot be parsed.
    """
    return _detect(doc)[0]


def _detect(doc: Document) -> tuple[str, list[str]]:
    """(kind, warnings): a document that only *looks* like JSON falls through with a warning;
    one taken for HTML that holds Markdown is read as Markdown, with a warning."""
    text = decode_text(doc)
    kind, warnings = _detect_text(doc, text)
    if kind in ("html", "markdown") and (_template_suffix(doc) or _templated(kind, text)):
        return "template", warnings  # .blade.php, .j2, .njk, .hbs, .erb ... or by content
    if kind == "html" and _is_markdown_body(text):
        # An mdBook/Docusaurus source behind a ".html" address: read what it is, and say so.
        warnings.append("the document was taken for HTML but holds Markdown; read as Markdown")
        return "markdown", warnings
    return kind, warnings


_TEMPLATE_SUFFIXES = frozenset(
    {".blade", ".j2", ".jinja", ".jinja2", ".njk", ".nunjucks", ".twig", ".hbs", ".handlebars"}
    | {".mustache", ".erb", ".ejs", ".liquid", ".gohtml", ".gotmpl", ".tmpl", ".tpl"}
)
_CODE_BLOCKS = re.compile(r"<(pre|code)\b.*?</\1>|^\s*(```|~~~).*?^\s*\2", re.S | re.M | re.I)


def _template_suffix(doc: Document) -> bool:
    path = PurePosixPath(urlsplit(doc.final_url or doc.url).path)
    return bool({s.lower() for s in path.suffixes[-2:]} & _TEMPLATE_SUFFIXES)


def _templated(kind: str, text: str) -> bool:
    """An HTML or Markdown page that is a template source: its loops iterate over literal
    data it holds (front matter, ``set``/``assign``), or (HTML) it is full of block tags
    outside its code samples. Pages without template tags never get this far."""
    if not looks_templated(text):
        return False
    bare = _CODE_BLOCKS.sub("", text)
    if not looks_templated(bare):
        return False
    return kind == "html" or render_template(bare).loops > 0


def _is_markdown_body(text: str) -> bool:
    """No HTML element in the first 8 KB, but Markdown headings or a pipe table."""
    head = text[:8192]
    return not _HTML_ELEMENT.search(head) and bool(_MARKDOWN_SIGNS.search(head))


_PHP_CLOSE = re.compile(r"\?>\s*\S")


def _php_only(head: str, text: str) -> bool:
    """A ``.php`` file that is PHP alone (a class, a config array), not a template that
    mixes markup with ``<?php ... ?>`` blocks."""
    return head.startswith("<?php") and not _PHP_CLOSE.search(text)


def _detect_text(doc: Document, text: str) -> tuple[str, list[str]]:
    ext = _extension(doc)
    media = doc.media_type.split(";")[0].strip().lower()
    head = text.lstrip()[:4096]
    warnings: list[str] = []
    if ext == ".stone":
        return "stone", warnings
    if ext == ".raml" or head.startswith("#%RAML") or media == "application/raml+yaml":
        return "raml", warnings  # RAML's first line names it: "#%RAML 1.0 SecurityScheme"
    if ext in (".graphql", ".graphqls", ".gql") or media == "application/graphql":
        return "graphql", warnings  # a GraphQL schema (SDL)
    language = language_of(ext, media)
    served_page = media in ("text/html", "application/xhtml+xml") or (
        head[:1] == "<" and not head.startswith("<?php")
    )  # a repository's page about the file, not the file
    if language is not None and not served_page and (language != "php" or _php_only(head, text)):
        return "code", warnings  # SDK or server source: enums, constants, lists, maps
    if ("<%" in text or "@foreach" in text or "<?php" in text) and has_template_loops(text):
        return "template", warnings  # a scope table kept as a loop over literal data
    declared_json = ext == ".json" or media.endswith(("/json", "+json"))
    # An AsciiDoc page opens with "[[anchor]]" or "[source]": a file declared as source
    # markup is not tried as JSON (nor warned about) for its first bracket.
    declared_markup = _MEDIA_KINDS.get(media) in _SOURCE_MARKUP
    if declared_json or (head[:1] in ("{", "[") and not declared_markup):
        if _JSON_SPEC_RE.match(head):
            return "openapi", warnings  # the extractor parses it, once
        if _JSON_DISCOVERY_RE.match(head):
            return "google-discovery", warnings
        try:
            kind = _classify(parse_structured(doc, text))
        except ExtractionError as exc:
            if declared_json:
                raise
            warnings.append(f"starts like JSON but is not ({exc.reason}); read as text instead")
        else:
            if kind is None:
                raise ExtractionError(_name(doc), "JSON holds a single value, not a document")
            return kind, warnings
    elif ext in (".yaml", ".yml") or media.endswith(("/yaml", "/x-yaml")):
        if _YAML_SPEC_RE.search(head):
            return "openapi", warnings  # skip a full parse: the extractor parses it once
        kind = _classify(parse_structured(doc, text))
        if kind is None:
            raise ExtractionError(_name(doc), "YAML holds a single value, not a document")
        return kind, warnings
    if _MEDIA_KINDS.get(media) in _SOURCE_MARKUP:
        return _MEDIA_KINDS[media], warnings
    if ext in _EXTENSION_KINDS:
        return _EXTENSION_KINDS[ext], warnings
    if ext in JS_SUFFIXES or media in _CODE_MEDIA:
        return "code", warnings  # a page or module whose scope list is literal data
    if media in _MEDIA_KINDS:
        return _MEDIA_KINDS[media], warnings
    if _YAML_SPEC_RE.match(head):
        return "openapi", warnings
    if head[:1] != "<" and _JS_SIGNS.match(head) and not _MARKDOWN_SIGNS.search(head):
        return "code", warnings  # a module served without its extension (raw text/plain)
    if head[:1] != "<" and _STONE_RE.search(text) and _STONE_ROUTE_RE.search(text):
        return "stone", warnings
    if _HTML_RE.search(head[:1024]):
        return "html", warnings
    markup = sniff_markup(text)
    if markup is not None:
        return markup, warnings
    # Plain text: Markdown is a superset of it (llms.txt copies of doc pages are Markdown).
    return "markdown", warnings


def extract_document(doc: Document, kind: str = "auto") -> ExtractionResult:
    """Extract scopes and auth findings from one document.

    Args:
        doc: the document (fetched, read from disk or replayed).
        kind: an extractor kind, or ``"auto"`` to detect it.

    Raises:
        ExtractionError: unreadable input or an unknown kind.
    """
    if len(doc.body) > MAX_DOCUMENT_BYTES:
        raise ExtractionError(_name(doc), too_big(len(doc.body)))
    chosen, warnings = _detect(doc) if kind == "auto" else (kind, [])
    extractor = get_extractor(chosen)
    try:
        with extraction_memo():
            result = extractor(doc)
            result = with_source_data(doc, chosen, result)  # MDX exports, HTML script data
            result = with_candidates(doc, chosen, result, parse_structured)  # the second reader
    except RecursionError as exc:
        raise ExtractionError(_name(doc), "document nested too deeply to extract") from exc
    if chosen in ("html", "markdown") and not result.operations:
        from factory.extract.endpoint_tables import endpoint_operations

        result = replace(result, operations=tuple(endpoint_operations(doc, chosen)))
    if warnings:
        return replace(result, warnings=(*warnings, *result.warnings))
    return result


def too_big(size: int) -> str:
    cap = MAX_DOCUMENT_BYTES // (1024 * 1024)
    return f"document is {size / 1e6:.1f} MB, over the {cap} MB size cap"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_document(
    body: bytes, url: str, *, media_type: str = "", final_url: str | None = None
) -> Document:
    """A ``Document`` for bytes read locally (status 200, fetched now)."""
    return Document(
        url=url,
        final_url=final_url or url,
        status=200,
        media_type=media_type,
        sha256=hashlib.sha256(body).hexdigest(),
        body=body,
        fetched_at=_now(),
    )
