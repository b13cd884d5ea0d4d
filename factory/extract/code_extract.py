"""The ``code`` kind: a JS/TS/JSX/TSX page or module, or SDK source (C#, Java, Python, PHP,
Go, Ruby, Kotlin), whose scope list is literal data.

Its literal data is read by :mod:`factory.extract.code_data`; the page it renders (its JSX
markup, read as HTML, as such a file was read before this kind existed) adds what it holds
besides (a table written out in JSX).
"""

from __future__ import annotations

from dataclasses import replace

from factory.extract.code_data import bound_scopes, to_records
from factory.extract.code_pages import (
    NO_LIST_WARNING,
    is_javascript,
    markup_of,
    source_code_bindings,
)
from factory.extract.html import decode_document, extract_from_html_text
from factory.extract.registry import register
from factory.models import Document, ExtractionResult

__all__ = ["extract_code"]


@register("code")
def extract_code(doc: Document) -> ExtractionResult:
    """Scopes held as literal data in a JS/TS/JSX/TSX source, plus what its markup shows.

    Raises:
        ExtractionError: the document is empty or binary.
    """
    source = doc.final_url or doc.url
    text, warns = decode_document(doc)
    bindings, words = source_code_bindings(doc, text)
    scopes = bound_scopes(list(bindings), words, text)
    if not is_javascript(doc):  # SDK source (C#, Java, Python ...): its data only
        return ExtractionResult(
            source, "code", tuple(to_records(scopes, source)), warnings=tuple(warns)
        )
    page = extract_from_html_text(markup_of(doc, "code", text), source, fmt="code")
    records = to_records(scopes, source)
    names = {r.scope_name for r in records}
    records += [r for r in page.scopes if r.scope_name not in names]
    warnings = [*warns, *page.warnings]
    if scopes:
        warnings = [w for w in warnings if not w.startswith(NO_LIST_WARNING)]
    return replace(page, scopes=tuple(records), warnings=tuple(warnings))
