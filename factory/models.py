"""Value objects passed between the pipeline stages.

All are frozen, slotted dataclasses: comparable in tests, safe to share, cheap to build.
Every stage is a function of the previous stage's objects (see DESIGN.md).
"""

from __future__ import annotations

import codecs
from dataclasses import asdict, dataclass, field
from typing import Any, Final


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A known official scope source of a provider, from the catalog."""

    url: str
    label: str = ""
    version: str | None = None
    format: str = "auto"  # an extractor kind: html, markdown, openapi, google-discovery, ...
    machine_readable: bool = False
    # the catalog's role for it (scope-list, machine-readable, auth-guide, changelog, legacy)
    role: str = ""
    # True/False: the catalog holds/lacks proof of the source; None: not a catalog source
    verified: bool | None = None


@dataclass(frozen=True, slots=True)
class Provider:
    """A resolved provider: names from the naming engine, facts from the catalog."""

    display_name: str
    slug: str  # "google_ads"
    platform: str  # "GOOGLE_ADS"
    official_domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    # "host/path" prefixes: on a host listed here (one several providers share, such as
    # learn.microsoft.com), only pages under these paths are this provider's official pages
    official_paths: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    auth_methods: tuple[str, ...] = ()
    scope_delimiter: str | None = None
    utm_channel: str | None = None  # GA4 medium: paid_social, cpc, display, email, ...
    utm_macros: tuple[tuple[str, str], ...] = ()  # (utm field, provider macro)
    notes: str = ""
    in_catalog: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A candidate page; only ``is_official`` ones may become sources."""

    url: str
    title: str = ""
    backend: str = ""
    is_official: bool = False
    reason: str = ""
    query: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A fetched (or read, or replayed) document: the evidence extraction works on."""

    url: str
    final_url: str
    status: int
    media_type: str
    sha256: str
    body: bytes
    fetched_at: str  # ISO 8601 UTC
    encoding: str | None = None
    # A rendered DOM (factory.research.render): the sha256 of the raw HTML it was rendered from. The
    # evidence keeps both; extraction reads the rendered one in the raw one's place.
    rendered_from: str | None = None

    def text(self) -> str:
        """The body decoded: a byte-order mark wins, then the document's charset, then UTF-8."""
        return self.body.decode(bom_encoding(self.body) or self.encoding or "utf-8", "replace")


#: Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE), with the codec that
#: decodes the body and drops the mark.
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(body: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``body`` names (it wins over any charset
    label, as browsers do), or ``None`` without one."""
    return next((codec for bom, codec in _BOMS if body.startswith(bom)), None)


@dataclass(frozen=True, slots=True)
class ScopeRecord:
    """One occurrence of a scope in one official document."""

    scope_name: str
    description: str | None = None
    version: str | None = None  # current, legacy, deprecated, preview, beta, v1, v2 ...
    kind: str | None = None  # provider's permission type (delegated / application ...)
    section: str | None = None  # heading path, " > " joined
    source_url: str | None = None
    locator: str | None = None  # table 3 row 7, JSON pointer ...

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AuthFinding:
    """An auth method a source documents, with the sentence or scheme that says so."""

    method: str  # oauth2, api_key, basic, bearer, oauth1, ...
    evidence: str
    source_url: str | None = None
    locator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scope-shaped token in scope context that the structured reader did not return.

    Found by the independent harvester (``factory.extract.candidates``); shown to people for
    review, never put in a contract unless a person includes it.
    """

    scope_name: str
    locator: str  # where in the document: "line 12", "table 2 row 3 cell 1", "/paths/~1a/get"
    context: str  # the sentence or cell around it, whitespace normalised and HTML-escaped
    why: str  # the reasons it stands in scope context ("; " joined), and what lowered it

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Operation:
    """An operation a source states, with the scopes that let a client call it.

    ``alternatives`` is OR over AND: the operation may be called with every scope of any one
    alternative (OpenAPI: one security requirement; Google Discovery: each listed scope on its
    own). An empty alternative ``()`` means an OAuth token with no particular scope will do.
    """

    operation_id: str  # operationId or Discovery method id ("" when the source names none)
    method: str  # upper-case HTTP method ("" when the source names none)
    path: str
    alternatives: tuple[tuple[str, ...], ...]
    source_url: str | None = None
    locator: str | None = None
    via: str = "security"  # what stated it: security, x-<vendor>-scopes, description, table

    @property
    def label(self) -> str:
        """``"GET /files"`` (or the operation id when the source gives no method/path)."""
        return f"{self.method} {self.path}".strip() or self.operation_id

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict (alternatives as lists)."""
        return {
            "operation_id": self.operation_id,
            "method": self.method,
            "path": self.path,
            "alternatives": [list(alt) for alt in self.alternatives],
            "source_url": self.source_url,
            "locator": self.locator,
            "via": self.via,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Operation:
        """The inverse of :meth:`to_dict` (``operations.json``, ``extract --json``)."""
        return cls(
            operation_id=str(data.get("operation_id") or ""),
            method=str(data.get("method") or ""),
            path=str(data.get("path") or ""),
            alternatives=tuple(tuple(str(s) for s in alt) for alt in data["alternatives"]),
            source_url=data.get("source_url"),
            locator=data.get("locator"),
            via=str(data.get("via") or "security"),
        )


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """What one extractor found in one document."""

    source: str
    format: str
    scopes: tuple[ScopeRecord, ...] = ()
    auth: tuple[AuthFinding, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # tokens the harvester found in scope context that ``scopes`` lacks (see ``Candidate``)
    candidates: tuple[Candidate, ...] = ()
    # names in ``scopes`` the harvester never saw in scope context (role tables, example keys)
    unconfirmed: tuple[str, ...] = ()
    operations: tuple[Operation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``extract --json`` object."""
        return {
            "source": self.source,
            "format": self.format,
            "scopes": [s.to_dict() for s in self.scopes],
            "auth": [a.to_dict() for a in self.auth],
            "warnings": list(self.warnings),
            "candidates": [c.to_dict() for c in self.candidates],
            "unconfirmed": list(self.unconfirmed),
            "operations": [o.to_dict() for o in self.operations],
        }
