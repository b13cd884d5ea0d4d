"""AsciiDoc extractor: the page is converted to HTML and read by the HTML engine.

See ``asciidoc_blocks`` for the subset converted and why no external processor is used.
Conditional blocks survive conversion as line markers (as Liquid conditions do for Markdown)
and become each record's version annotation.
"""

from __future__ import annotations

from factory.extract.asciidoc_blocks import render_asciidoc
from factory.extract.html import decode_document, extract_from_html_text
from factory.extract.registry import register
from factory.models import Document, ExtractionResult

__all__ = ["extract_asciidoc"]


@register("asciidoc")
def extract_asciidoc(doc: Document) -> ExtractionResult:
    """Extract scope records from an AsciiDoc page.

    Raises:
        ExtractionError: the document is empty or binary.
    """
    source = doc.final_url or doc.url
    text, warns = decode_document(doc)
    page = render_asciidoc(text)
    result = extract_from_html_text(
        page.html, source, conditions=page.conditions, fmt="asciidoc", title=page.title or None
    )
    return ExtractionResult(
        source=result.source,
        format="asciidoc",
        scopes=result.scopes,
        auth=result.auth,
        warnings=(*warns, *page.warnings, *result.warnings),
    )
