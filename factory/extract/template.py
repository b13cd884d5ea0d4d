"""Template sources (ERB, Blade, PHP): literal scope tables plus the page around them.

``template_tables`` reads the scopes held in literal collections that template loops iterate
over and cuts those loops out; the rest of the page is read as Markdown (``.md``/``.mdx``
sources, ``.md.erb``) or HTML (everything else) by the usual engine.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from factory.extract.html import decode_document, extract_from_html_text
from factory.extract.markdown import extract_markdown_text
from factory.extract.registry import register
from factory.extract.template_tables import read_template_tables
from factory.extract.text import version_marker
from factory.models import Document, ExtractionResult, ScopeRecord

__all__ = ["extract_template"]

_MARKDOWN_SUFFIXES = {".md", ".mdx", ".markdown"}


@register("template")
def extract_template(doc: Document) -> ExtractionResult:
    """Extract scope records from a template source whose scope table is literal data.

    Raises:
        ExtractionError: the document is empty or binary.
    """
    source = doc.final_url or doc.url
    text, warns = decode_document(doc)
    tables = read_template_tables(text)
    suffixes = {s.lower() for s in PurePosixPath(urlsplit(source).path).suffixes}
    if suffixes & _MARKDOWN_SUFFIXES:
        page = extract_markdown_text(tables.text, source_url=source)
    else:
        page = extract_from_html_text(tables.text, source)
    records = [
        ScopeRecord(
            scope_name=found.name,
            description=found.description,
            version=version_marker(found.description),
            section=found.section or None,
            source_url=source,
            locator=found.locator,
        )
        for found in tables.scopes
    ]
    names = {r.scope_name for r in records}
    records += [r for r in page.scopes if r.scope_name not in names]
    return ExtractionResult(
        source=source,
        format="template",
        scopes=tuple(records),
        auth=page.auth,
        warnings=(*warns, *tables.warnings, *page.warnings),
    )
