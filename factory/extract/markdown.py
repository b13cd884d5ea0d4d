"""Markdown / MDX extractor: preprocess templates, render to HTML, reuse the HTML engine.

One engine, not two: the Markdown is rendered with markdown-it-py (CommonMark + tables,
raw HTML kept) and read by ``extract_from_html_text``. Liquid version conditions survive
rendering as line markers and become each record's version annotation.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from factory.extract.html import decode_document, extract_from_html_text
from factory.extract.markdown_pre import preprocess_markdown
from factory.extract.registry import register
from factory.models import Document, ExtractionResult

__all__ = ["extract_markdown", "extract_markdown_text", "render_markdown"]


def render_markdown(markdown: str) -> str:
    """Render plain Markdown (CommonMark, pipe tables, strikethrough, raw HTML) to HTML."""
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return parser.render(markdown)


def extract_markdown_text(
    text: str,
    *,
    source_url: str | None = None,
    includes_root: Path | None = None,
    fmt: str = "markdown",
) -> ExtractionResult:
    """Extract scopes and auth findings from Markdown/MDX text.

    Args:
        text: The Markdown as stored (front matter, Liquid, Hugo shortcodes, MDX allowed).
        source_url: Recorded on every record.
        includes_root: Folder to resolve ``{% data ... %}`` includes from (GitHub docs
            layout: ``data/variables``, ``data/reusables``, ``data/features``); None leaves
            them verbatim and warns.
        fmt: The ``format`` reported in the result.

    Returns:
        The records the HTML engine finds in the rendered page, plus preprocessing warnings.
    """
    pre = preprocess_markdown(text, includes_root=includes_root)
    html = render_markdown(pre.markdown)
    result = extract_from_html_text(
        html, source_url, conditions=pre.conditions, fmt=fmt, title=pre.title
    )
    return ExtractionResult(
        source=result.source,
        format=fmt,
        scopes=result.scopes,
        auth=result.auth,
        warnings=(*pre.warnings, *result.warnings),
    )


@register("mdx")
@register("markdown")
def extract_markdown(doc: Document) -> ExtractionResult:
    """Extract scope records from a Markdown or MDX document.

    Raises:
        ExtractionError: the document is empty, binary or cannot be parsed.
    """
    text, warns = decode_document(doc)
    fmt = "mdx" if (doc.final_url or doc.url).lower().split("?")[0].endswith(".mdx") else "markdown"
    result = extract_markdown_text(text, source_url=doc.final_url or doc.url, fmt=fmt)
    return ExtractionResult(
        source=result.source,
        format=result.format,
        scopes=result.scopes,
        auth=result.auth,
        warnings=(*warns, *result.warnings),
    )
