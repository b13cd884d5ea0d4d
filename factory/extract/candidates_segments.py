"""The pieces the harvester reads, per source kind: a spec's data, a page's markup (a JSX
page less its data literals), a template as written and as rendered, AsciiDoc with its
attribute references resolved, plus the literal data a page holds and, for a headless
fragment, its address as the section."""

from __future__ import annotations

from collections.abc import Iterator

from factory.extract import candidates_markup, candidates_spec
from factory.extract.candidates_data import with_data_segments
from factory.extract.candidates_named import with_address_section
from factory.extract.candidates_shape import Segment
from factory.extract.candidates_spec import Parse
from factory.extract.code_pages import markup_of
from factory.models import Document

__all__ = ["SPEC_KINDS", "segments_of"]

SPEC_KINDS = frozenset({"openapi", "google-discovery", "oidc", "json", "raml"})


def segments_of(doc: Document, kind: str, parse: Parse) -> Iterator[Segment]:
    """The pieces of ``doc`` read as its kind is (markup as text, specs as data through
    ``parse``, the structured reader's own parser)."""
    if kind in SPEC_KINDS:
        return candidates_spec.spec_segments(doc, parse)
    text = markup_of(doc, kind, doc.text())  # a JSX page: its markup, less its data and references
    if kind in ("html", "code"):  # with the literal data a page holds (scripts, exports)
        found = with_data_segments(doc, kind, candidates_markup.html_segments(text))
    elif kind == "template":
        found = with_data_segments(doc, kind, _template_segments(text))
    else:
        if kind == "asciidoc":
            from factory.extract.asciidoc_pre import page_text

            text = page_text(text)  # "{prefix}:read" as the page shows it, macros apart
        found = with_data_segments(doc, kind, candidates_markup.text_segments(text))
    return with_address_section(found, doc.final_url or doc.url)  # a fragment: its address


def _template_segments(text: str) -> Iterator[Segment]:
    """A template source read as written (names inside template literals, data no loop
    shows), then as the page it renders (loops over literal data written out as rows)."""
    from factory.extract.template_render import (
        render_template,
        rendered_is_markdown,
        template_data_view,
    )

    yield from candidates_markup.text_segments(template_data_view(text))
    shown = render_template(text).text
    if shown != text:
        read = candidates_markup.text_segments
        yield from (read if rendered_is_markdown(shown) else candidates_markup.html_segments)(shown)
