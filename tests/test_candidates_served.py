"""Served form = source form for the harvester: a page rendered by MkDocs (Material) gives the
candidates its Markdown source gives, read alone (told no structured names).

The sources under ``fixtures/served/harvest/mkdocs/docs`` are copies of the invented pages
of ``fixtures/candidates`` (lone bold names, code samples, URLs as names, columns of word
names); ``served_*.html`` beside them are what MkDocs made of them
(``fixtures/served/regenerate.sh harvest``): navigation, a table of contents that repeats
the headings, permalink marks, highlighted code and a search box must change no candidate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.detect import make_document, parse_structured

FIXTURES = Path(__file__).parent / "fixtures"
SERVED = FIXTURES / "served" / "harvest" / "mkdocs"
PAGES = ("bold_lines", "samples", "url_items", "word_names")


def _alone(path: Path) -> set[str]:
    doc = make_document(path.read_bytes(), f"https://docs.harvest.example/{path.name}")
    kind = extract_document(doc).format
    return {c.scope_name for c in harvest(segments_of(doc, kind, parse_structured), [])[0]}


@pytest.mark.parametrize("page", PAGES)
def test_served_page_gives_the_candidates_of_its_source(page: str) -> None:
    source = SERVED / "docs" / f"{page}.md"
    assert source.read_text(encoding="utf-8") == (FIXTURES / "candidates" / f"{page}.md").read_text(
        encoding="utf-8"
    ), "stale copy: run tests/fixtures/served/regenerate.sh harvest"
    from_source = _alone(source)
    assert from_source
    assert _alone(SERVED / f"served_{page}.html") == from_source
