"""Extraction: one fetched official document -> scope records and auth findings.

Importing this package registers every extractor module (see ``registry``).
"""

from __future__ import annotations

from factory.extract import (  # noqa: F401  (imported to register their extractors)
    asciidoc,
    code_extract,
    discovery,
    graphql_sdl,
    html,
    jsonlist,
    markdown,
    oidc,
    openapi,
    raml,
    rst,
    stone,
    template,
)
from factory.extract.detect import detect_format, extract_document
from factory.extract.registry import get_extractor, kinds, register

__all__ = [
    "detect_format",
    "extract_document",
    "get_extractor",
    "kinds",
    "register",
]
