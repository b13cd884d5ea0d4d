"""reStructuredText extractor: docutils renders the page to HTML, the HTML engine reads it.

docutils (the reference reST parser) does the parsing: sections, definition lists, bullet
lists, simple/grid/list tables and field lists come out as the HTML they are. Two choices
make the HTML say what the reST says in the terms the HTML engine reads:

- inline literals (````token````) become ``<code>``, the element a scope token sits in on
  every other page (docutils' HTML5 writer would emit ``<span class="docutils literal">``);
- a field list (``:Scope: ``a```` / ``:Description: text``) becomes a two-column label/value
  table, as docutils' own HTML4 writer renders it, so it reads as the property table it is.

Sphinx's common roles and directives are rendered as a Sphinx site shows them
(``rst_sphinx``): most published reST is written for Sphinx.

Untrusted input is rendered safely: ``include``/``raw`` directives and file insertion are off,
no configuration file is read, and nothing docutils reports stops the run (unknown Sphinx
roles stay as their text; unknown directives are dropped and counted in a warning).
"""

from __future__ import annotations

import io
from typing import Any

from docutils import nodes
from docutils.core import publish_parts
from docutils.writers import html5_polyglot

from factory.errors import ExtractionError
from factory.extract.html import decode_document, extract_from_html_text
from factory.extract.registry import register
from factory.extract.rst_sphinx import register_sphinx_markup
from factory.models import Document, ExtractionResult

__all__ = ["extract_rst", "render_rst"]

_SETTINGS: dict[str, Any] = {
    "file_insertion_enabled": False,  # no include::, no :file: options: nothing read from disk
    "raw_enabled": False,
    "_disable_config": True,
    "doctitle_xform": False,  # keep the top title as a heading of the page
    "report_level": 5,  # no system messages in the output
    "halt_level": 5,  # never stop
    "syntax_highlight": "none",
    "input_encoding": "unicode",
    "output_encoding": "unicode",
    "embed_stylesheet": False,
    "stylesheet_path": "",
}


class _Translator(html5_polyglot.HTMLTranslator):
    """The HTML5 translator with ``<code>`` literals and field lists as label/value tables."""

    def visit_literal(self, node: nodes.literal) -> None:
        self.body.append(f"<code>{self.encode(node.astext())}</code>")
        raise nodes.SkipNode

    def visit_field_list(self, node: nodes.field_list) -> None:
        self.body.append('<table class="field-list">\n<tbody>\n')

    def depart_field_list(self, node: nodes.field_list) -> None:
        self.body.append("</tbody>\n</table>\n")

    def visit_field(self, node: nodes.field) -> None:
        self.body.append("<tr>")

    def depart_field(self, node: nodes.field) -> None:
        self.body.append("</tr>\n")

    def visit_field_name(self, node: nodes.field_name) -> None:
        self.body.append("<th>")

    def depart_field_name(self, node: nodes.field_name) -> None:
        self.body.append("</th>")

    def visit_field_body(self, node: nodes.field_body) -> None:
        self.body.append("<td>")

    def depart_field_body(self, node: nodes.field_body) -> None:
        self.body.append("</td>")


class _Writer(html5_polyglot.Writer):
    def __init__(self) -> None:
        super().__init__()
        self.translator_class = _Translator


def render_rst(text: str, source: str = "<rst>") -> tuple[str, str, list[str]]:
    """Render reST to an HTML fragment.

    Returns:
        (HTML body, document title or "", warnings).

    Raises:
        ExtractionError: docutils could not render the text at all.
    """
    register_sphinx_markup()
    stream = io.StringIO()
    settings = {**_SETTINGS, "warning_stream": stream, "report_level": 3}
    try:
        parts = publish_parts(text, writer=_Writer(), settings_overrides=settings)
    except Exception as exc:  # docutils raises assorted errors on hostile input
        raise ExtractionError(source, f"reStructuredText could not be rendered: {exc}") from exc
    # With report_level 3 the errors also land in the body as system messages: render again
    # quietly for the page, and keep the count as a warning.
    problems = stream.getvalue().count("(ERROR/3)") + stream.getvalue().count("(SEVERE/4)")
    if problems:
        parts = publish_parts(text, writer=_Writer(), settings_overrides=_SETTINGS)
    warnings = []
    if problems:
        warnings.append(
            f"{problems} reStructuredText construct(s) docutils does not know (Sphinx roles or "
            "directives, broken markup) were dropped or kept as text"
        )
    title = nodes.Text(parts.get("title", "")).astext()
    return str(parts["body"]), title, warnings


@register("rst")
def extract_rst(doc: Document) -> ExtractionResult:
    """Extract scope records from a reStructuredText page.

    Raises:
        ExtractionError: the document is empty, binary or cannot be rendered.
    """
    source = doc.final_url or doc.url
    text, warns = decode_document(doc)
    html, title, render_warns = render_rst(text, source)
    result = extract_from_html_text(html, source, fmt="rst", title=title or None)
    return ExtractionResult(
        source=result.source,
        format="rst",
        scopes=result.scopes,
        auth=result.auth,
        warnings=(*warns, *render_warns, *result.warnings),
    )
