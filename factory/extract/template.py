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
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from factory.extract.html import decode_document, extract_from_html_text
from factory.extract.markdown import extract_markdown_text
from factory.extract.registry import register
from factory.extract.template_render import render_template
from factory.extract.template_tables import read_template_tables
from factory.extract.text import version_marker
from factory.models import Document, ExtractionResult, ScopeRecord

__all__ = ["extract_template", "rendered_page", "template_data_view"]

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
    rendered = render_template(tables.text)
    suffixes = {s.lower() for s in PurePosixPath(urlsplit(source).path).suffixes}
    if suffixes & _MARKDOWN_SUFFIXES or _markdown_body(rendered.text):
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
    return ExtractionResult(
        source=source,
        format="template",
        scopes=tuple(records),
        auth=page.auth,
        warnings=(*warns, *tables.warnings, *rendered.warnings, *page.warnings),
    )


_HTML_ELEMENT = re.compile(
    r"<(!doctype|html|body|div|p|table|h[1-6]|ul|ol|dl|section|li|tr)\b", re.I
)
_MARKDOWN_SIGN = re.compile(r"^(#{1,6} \S|\s*\|?\s*:?-{3,}:?\s*\||\s*[-*] \S)", re.M)


def rendered_page(text: str, source: str = "") -> tuple[str, bool]:
    """The page a template source renders (its ERB/Blade/PHP literal loops left in), and
    whether it is Markdown (by the source's suffixes, else by its body)."""
    shown = render_template(text).text
    suffixes = {s.lower() for s in PurePosixPath(urlsplit(source).path).suffixes}
    return shown, bool(suffixes & _MARKDOWN_SUFFIXES) or _markdown_body(shown)


# Quoted keys only: "name" =>, 'name' =>, :name =>, "name": (a Ruby ``key: "a, b"`` pair is
# left as written: its key names the field the scope names stand in).
_DATA_KEY = re.compile(r"(\"\w+\"|'\w+'|:\w+)(\s*=>\s*)|(\"\w+\")(\s*:\s*)")
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.S)
_YAML_KEY = re.compile(r"^(\s*(?:- )?)([\w-]+):(?=\s|$)", re.M)


def template_data_view(text: str) -> str:
    """The source as the harvester reads it: the keys of its literal data (``"name" =>``,
    ``"name":``, front matter keys) blanked, their values left where they stand, so a
    field called ``permission`` is not taken for a name. Lines stay where they are."""
    if not (_DATA_KEY.search(text) or text.startswith(("---", "+++"))):
        return text

    front = _FRONT_MATTER.match(text)
    if front:
        head = _YAML_KEY.sub(lambda m: m.group(1) + " " * (len(m.group(2)) + 1), front.group(0))
        text = head + text[front.end() :]
    return _DATA_KEY.sub(
        lambda m: " " * len(m.group(1) or m.group(3)) + (m.group(2) or m.group(4)),
        text,
    )


def _markdown_body(text: str) -> bool:
    """A rendered page with Markdown structure and no HTML block element (a ``.njk`` or
    ``.liquid`` source of a Markdown page)."""
    return not _HTML_ELEMENT.search(text) and bool(_MARKDOWN_SIGN.search(text))
