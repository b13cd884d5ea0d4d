"""Template sources of every common engine: literal scope tables plus the page around them.

``template_tables`` reads the scopes held in literal collections that ERB/Blade/PHP loops
iterate over and cuts those loops out; ``template_render`` then writes the rest as the page
the engine would render (other loops over literal data written once per item, directives
removed, output expressions shown or replaced by a neutral placeholder), and that page is
read as Markdown (``.md``/``.mdx`` sources, ``.md.erb``, a body without HTML) or HTML by the
usual engine.
"""

from __future__ import annotations

import re
from dataclasses import replace

from factory.extract.html import decode_document, extract_from_html_text
from factory.extract.markdown import extract_markdown_text
from factory.extract.registry import register
from factory.extract.template_render import render_template, rendered_is_markdown
from factory.extract.template_tables import read_template_tables
from factory.extract.text import version_marker
from factory.models import Document, ExtractionResult, ScopeRecord

__all__ = ["extract_template"]


@register("template")
def extract_template(doc: Document) -> ExtractionResult:
    """Extract scope records from a template source whose scope table is literal data.

    Raises:
        ExtractionError: the document is empty or binary.
    """
    source = doc.final_url or doc.url
    text, warns = decode_document(doc)
    tables = read_template_tables(text)
    rendered = render_template(tables.text)
    if rendered_is_markdown(rendered.text, source):
        page = extract_markdown_text(rendered.text, source_url=source)
    else:
        page = extract_from_html_text(rendered.text, source)
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
    records, unshown = _without_placeholder_descriptions(records)
    if unshown:
        shown = ", ".join(unshown[:4]) + (
            f" and {len(unshown) - 4} more" if len(unshown) > 4 else ""
        )
        warns = [
            *warns,
            f"{len(unshown)} description(s) are template output the source does not hold "
            f"({shown}): left blank; the live page shows their text",
        ]
    return ExtractionResult(
        source=source,
        format="template",
        scopes=tuple(records),
        auth=page.auth,
        warnings=(*warns, *tables.warnings, *rendered.warnings, *page.warnings),
    )


# A description that is nothing but template placeholders ("{scopes.read}", "{desc}").
_ONLY_PLACEHOLDERS = re.compile(r"^\s*(?:\{[^{}\s]+\}\s*)+$")


def _without_placeholder_descriptions(
    records: list[ScopeRecord],
) -> tuple[list[ScopeRecord], list[str]]:
    """``records`` with descriptions that are only placeholders blanked, and those
    placeholders: a renderer without the data cannot show them, and none is a description."""
    kept: list[ScopeRecord] = []
    unshown: list[str] = []
    for record in records:
        text = record.description or ""
        if _ONLY_PLACEHOLDERS.match(text):
            unshown.append(text.strip())
            record = replace(record, description=None)
        kept.append(record)
    return kept, unshown
