"""Served form = source form for the third round of layout families.

The sources under ``fixtures/served/families3/`` are copies of the invented family pages
(``fixtures/families3/*.md``, ``fixtures/rst/list_table_headerless.rst``); ``served_*.html``
beside them are what MkDocs (Material) and Sphinx (furo, alabaster) made of them
(``fixtures/served/regenerate.sh families3``). Permalink marks after the ``Scope: 'x'``
headings, navigation, tables of contents, highlighted code blocks and scripts must change
neither the scopes nor their descriptions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures"
SERVED = FIXTURES / "served" / "families3"
PAGES = ("spaced_names", "scope_headings", "query_scopes", "snake_list")
PAIRS = [(f"mkdocs/docs/{p}.md", f"mkdocs/served_{p}.html") for p in PAGES] + [
    ("sphinx/grants.rst", f"sphinx/served_{theme}.html") for theme in ("furo", "alabaster")
]
# The second reader's own notes (candidates, names it never saw in context) are its business.
_HARVESTER_NOTES = ("candidate scope(s)", "never seen in scope context")


def _extract(relative: str) -> ExtractionResult:
    url = f"https://docs.kettle.example/{relative}"
    return extract_document(make_document((SERVED / relative).read_bytes(), url))


def _scopes(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return sorted((r.scope_name, r.description) for r in result.scopes)


def _reader_warnings(result: ExtractionResult) -> list[str]:
    return [w for w in result.warnings if not any(n in w for n in _HARVESTER_NOTES)]


@pytest.mark.parametrize(("source", "served"), PAIRS, ids=[p[1] for p in PAIRS])
def test_served_family_page_gives_the_scopes_of_its_source(source: str, served: str) -> None:
    from_source, from_served = _extract(source), _extract(served)
    assert from_source.scopes
    assert _scopes(from_served) == _scopes(from_source)
    assert from_served.format == "html"
    assert _reader_warnings(from_served) == _reader_warnings(from_source)


@pytest.mark.parametrize(
    ("copy", "original"),
    [(f"mkdocs/docs/{p}.md", f"families3/{p}.md") for p in PAGES]
    + [("sphinx/grants.rst", "rst/list_table_headerless.rst")],
)
def test_the_served_sources_are_the_family_fixtures(copy: str, original: str) -> None:
    assert (SERVED / copy).read_bytes() == (FIXTURES / original).read_bytes()


@pytest.mark.parametrize("served", [p[1] for p in PAIRS])
def test_served_family_pages_carry_permalinks_and_navigation(served: str) -> None:
    page = (SERVED / served).read_text(encoding="utf-8")
    assert "<script" in page
    assert "search" in page.lower()  # a search box or its script
    assert "\u00b6" in page or "&para;" in page
