"""Served form = source form for the layout fuzzer's families (disclosure widgets, grant
sections, cells of several scopes, scopes named last).

The sources under ``fixtures/served/widgets/`` are copies of the invented pages in
``fixtures/widgets/``; ``served_*.html`` beside them are what MkDocs (Material, with
``pymdownx.details``) and Sphinx (furo, with sphinx-design's ``dropdown`` and ``tab-set``)
made of them (``fixtures/served/regenerate.sh widgets``). Served widgets are not the
source's: sphinx-design serves a tab set as radio inputs, labels and content blocks, a
dropdown as ``<details>`` with icons; the scopes and descriptions must not change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures"
SERVED = FIXTURES / "served" / "widgets"
PAGES = ("details", "grant_lists", "grant_headings", "table_multi", "trailing")
PAIRS = [(f"mkdocs/docs/{p}.md", f"mkdocs/served_{p}.html") for p in PAGES] + [
    ("sphinx/folds.rst", "sphinx/served_furo.html")
]


def _extract(relative: str) -> ExtractionResult:
    url = f"https://docs.potters-row.example/{relative}"
    return extract_document(make_document((SERVED / relative).read_bytes(), url))


def _scopes(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(r.scope_name, r.description) for r in result.scopes]


@pytest.mark.parametrize(("source", "served"), PAIRS, ids=[p[1] for p in PAIRS])
def test_served_family_page_gives_the_scopes_of_its_source(source: str, served: str) -> None:
    from_source, from_served = _extract(source), _extract(served)
    assert from_source.scopes
    assert _scopes(from_served) == _scopes(from_source)
    assert from_served.format == "html"


@pytest.mark.parametrize(
    ("copy", "original"),
    [(f"mkdocs/docs/{p}.md", f"widgets/{p}.md") for p in PAGES]
    + [("sphinx/folds.rst", "widgets/folds.rst")],
)
def test_the_served_sources_are_the_family_fixtures(copy: str, original: str) -> None:
    assert (SERVED / copy).read_bytes() == (FIXTURES / original).read_bytes()
