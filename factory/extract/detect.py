"""Format detection, document loading and the one entry point ``extract_document``.

``detect_format`` picks an extractor kind from the extension, the media type and the content
(JSON/YAML keys, Stone keywords, HTML tags); ``extract_document`` runs the registered
extractor for that kind; ``load_source`` turns a file, a Stone folder or (for the CLI) an
http(s) URL into a ``Document`` (URLs go through ``factory.fetch``, the network module).
The helpers ``decode_text`` and ``parse_structured`` are shared by the machine-readable
extractors so that every one of them refuses bad input (empty, binary, wrong encoding,
truncated, too deep) with the same clear ``ExtractionError``.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import threading
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml
import yaml_rs

from factory.errors import ExtractionError
from factory.extract.registry import get_extractor
from factory.models import Document, ExtractionResult

#: Documents above this size are refused: the largest real spec seen (GitHub's full REST
#: description) is ~10 MB, so 30 MB leaves room while keeping memory and time bounded.
MAX_DOCUMENT_BYTES = 30 * 1024 * 1024

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C loader: ~10x faster
_STONE_RE = re.compile(r"^namespace\s+\w+", re.MULTILINE)
_STONE_ROUTE_RE = re.compile(r"^route\s+\S+", re.MULTILINE)
_YAML_SPEC_RE = re.compile(r"^[\"']?(openapi|swagger)[\"']?\s*:", re.MULTILINE)
_HTML_RE = re.compile(r"<(!doctype\s+html|html|head|body|table|div|meta|title)\b", re.IGNORECASE)
_EXTENSION_KINDS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".txt": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".stone": "stone",
}
_MEDIA_KINDS = {
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/mdx": "markdown",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/x-stone": "stone",
}
_MEDIA_TYPES = {".md": "text/markdown", ".mdx": "text/markdown", ".yaml": "application/yaml"}
_MEDIA_TYPES |= {".yml": "application/yaml", ".stone": "text/x-stone", ".json": "application/json"}


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
        raise ExtractionError(_name(doc), _too_big(len(body)))
    if not body.strip():
        raise ExtractionError(_name(doc), "the document is empty")
    utf16 = body.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in body[:8192]:
        raise ExtractionError(_name(doc), "binary content (NUL bytes), not a text document")
    return body


def decode_text(doc: Document) -> str:
    """The document's text, refusing empty, binary and undecodable bodies.

    Raises:
        ExtractionError: the body is empty, binary (NUL bytes) or not valid in its charset.
    """
    body = check_text_body(doc)
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = doc.encoding or "utf-8-sig"
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
    (YAML 1.1 documents, duplicate keys), so PyYAML has the last word on malformed input."""
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, RecursionError, ValueError):
        return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader (C or Python)


#: detect_format parses a JSON/YAML document to classify it; the extractor that runs next on
#: the same Document object takes that parse instead of parsing again (one entry per thread,
#: handed over once).
_HANDOFF = threading.local()


def _hand_over(doc: Document, data: Any) -> Any:
    _HANDOFF.entry = (doc, data)
    return data


def parse_structured(doc: Document, text: str | None = None) -> Any:
    """Parse a JSON or YAML document (JSON when it starts with ``{`` or ``[``).

    A document ``detect_format`` has just parsed is not parsed again: its value is handed to
    this call once (for the same ``Document`` object, in the same thread).

    Raises:
        ExtractionError: malformed, truncated or too deeply nested input.
    """
    entry = getattr(_HANDOFF, "entry", None)
    if entry is not None:
        _HANDOFF.entry = None
        if text is None and entry[0] is doc:
            return entry[1]
    text = decode_text(doc) if text is None else text
    stripped = text.lstrip()
    try:
        if stripped[:1] in ("{", "["):
            return json.loads(stripped)
        return _load_yaml(stripped)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ExtractionError(_name(doc), f"malformed JSON ({exc.msg} at {where})") from exc
    except yaml.YAMLError as exc:
        raise ExtractionError(_name(doc), f"malformed YAML: {exc}") from exc
    except RecursionError as exc:
        raise ExtractionError(_name(doc), "structure nested too deeply to parse") from exc


def _classify(data: Any) -> str | None:
    """The kind of a parsed JSON/YAML value (None for a scalar)."""
    if isinstance(data, dict):
        if "openapi" in data or "swagger" in data:
            return "openapi"
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
        ExtractionError: empty, binary, undecodable or unparseable input.
    """
    text = decode_text(doc)
    ext = _extension(doc)
    media = doc.media_type.split(";")[0].strip().lower()
    head = text.lstrip()[:4096]
    if ext == ".stone":
        return "stone"
    if ext == ".json" or media.endswith(("/json", "+json")) or head[:1] in ("{", "["):
        kind = _classify(_hand_over(doc, parse_structured(doc, text)))
        if kind is None:
            raise ExtractionError(_name(doc), "JSON holds a single value, not a document")
        return kind
    if ext in (".yaml", ".yml") or media.endswith(("/yaml", "/x-yaml")):
        if _YAML_SPEC_RE.search(head):
            return "openapi"  # skip a full parse: the extractor parses it once
        kind = _classify(_hand_over(doc, parse_structured(doc, text)))
        if kind is None:
            raise ExtractionError(_name(doc), "YAML holds a single value, not a document")
        return kind
    if ext in _EXTENSION_KINDS:
        return _EXTENSION_KINDS[ext]
    if media in _MEDIA_KINDS:
        return _MEDIA_KINDS[media]
    if _YAML_SPEC_RE.match(head):
        return "openapi"
    if head[:1] != "<" and _STONE_RE.search(text) and _STONE_ROUTE_RE.search(text):
        return "stone"
    if _HTML_RE.search(head[:1024]):
        return "html"
    # Plain text: Markdown is a superset of it (llms.txt copies of doc pages are Markdown).
    return "markdown"


def extract_document(doc: Document, kind: str = "auto") -> ExtractionResult:
    """Extract scopes and auth findings from one document.

    Args:
        doc: the document (fetched, read from disk or replayed).
        kind: an extractor kind, or ``"auto"`` to detect it.

    Raises:
        ExtractionError: unreadable input or an unknown kind.
    """
    if len(doc.body) > MAX_DOCUMENT_BYTES:
        raise ExtractionError(_name(doc), _too_big(len(doc.body)))
    chosen = detect_format(doc) if kind == "auto" else kind
    extractor = get_extractor(chosen)
    try:
        return extractor(doc)
    except RecursionError as exc:
        raise ExtractionError(_name(doc), "document nested too deeply to extract") from exc


def _too_big(size: int) -> str:
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


def load_source(source: str, *, source_url: str | None = None) -> Document:
    """Read ``source`` (a file, a Stone folder or an http(s) URL) into a ``Document``.

    Args:
        source: a file path, a folder of ``.stone`` files, or an http(s) URL.
        source_url: the official URL the file was taken from (recorded on the records).

    Raises:
        ExtractionError: a missing, unreadable or over-size file or folder.
        FetchError: a URL that cannot be fetched.
    """
    from factory.fetch import is_url

    if is_url(source):
        return _fetch(source)
    path = Path(source)
    if path.is_dir():
        from factory.extract.stone import read_stone_folder

        doc = read_stone_folder(path)
        if source_url:
            return make_document(doc.body, source_url, media_type=doc.media_type)
        return doc
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise ExtractionError(source, _too_big(size))
        body = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(source, f"cannot read file: {exc.strerror or exc}") from exc
    media = _MEDIA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or ""
    url = source_url or path.resolve().as_uri()
    return make_document(body, url, media_type=media, final_url=url)


def _fetch(url: str) -> Document:
    # Only factory.fetch touches the network: a URL given on the command line is trusted,
    # and is cut at the extraction size cap rather than the research default.
    from factory.fetch import FetchRequest, FetchSettings, fetch_documents

    outcome = fetch_documents(
        [FetchRequest(url, trusted=True)], settings=FetchSettings(max_bytes=MAX_DOCUMENT_BYTES)
    )
    if outcome.errors:
        raise outcome.errors[0]
    return outcome.documents[0]
