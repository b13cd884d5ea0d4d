"""Served form = source form for the fourth round of layout families.

``fixtures/served/families4/mkdocs/docs/`` holds copies of the invented family pages
(``fixtures/families4/*.md``); ``served_*.html`` beside them are what MkDocs (Material) made
of them (``fixtures/served/regenerate.sh families4``). Permalink marks after the label
headings' neighbours, navigation, a table of contents, a highlighted JSON example and
scripts must change neither the scopes nor their descriptions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures"
SERVED = FIXTURES / "served" / "families4" / "mkdocs"
PAGES = ("label_headings", "group_headings", "discovery_example")
# The second reader's own notes (candidates, names it never saw in context) are its business.
_HARVESTER_NOTES = ("candidate scope(s)", "never seen in scope context")


def _extract(relative: str) -> ExtractionResult:
    url = f"https://docs.teahouse.example/{relative}"
    return extract_document(make_document((SERVED / relative).read_bytes(), url))


def _scopes(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return sorted((r.scope_name, r.description) for r in result.scopes)


def _reader_warnings(result: ExtractionResult) -> list[str]:
    return [w for w in result.warnings if not any(n in w for n in _HARVESTER_NOTES)]


@pytest.mark.parametrize("page", PAGES)
def test_served_family_page_gives_the_scopes_of_its_source(page: str) -> None:
    from_source = _extract(f"docs/{page}.md")
    from_served = _extract(f"served_{page}.html")
    assert from_source.scopes
    assert _scopes(from_served) == _scopes(from_source)
    assert from_served.format == "html"
    assert _reader_warnings(from_served) == _reader_warnings(from_source)


@pytest.mark.parametrize("page", PAGES)
def test_the_served_sources_are_the_family_fixtures(page: str) -> None:
    copy = (SERVED / "docs" / f"{page}.md").read_bytes()
    assert copy == (FIXTURES / "families4" / f"{page}.md").read_bytes()


@pytest.mark.parametrize("page", PAGES)
def test_served_family_pages_carry_permalinks_and_navigation(page: str) -> None:
    served = (SERVED / f"served_{page}.html").read_text(encoding="utf-8")
    assert "<script" in served
    assert "search" in served.lower()
    assert "\u00b6" in served or "&para;" in served
