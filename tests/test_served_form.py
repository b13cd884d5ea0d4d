"""Served form = source form: a page rendered by a docs site generator gives its source's scopes.

The sources under ``fixtures/served/<generator>/`` are invented pages of one invented
provider; ``served*.html`` beside them are what MkDocs (Material), Sphinx (furo, alabaster,
sphinx_rtd_theme), Asciidoctor and Docusaurus made of them (``fixtures/served/regenerate.sh``).
The served pages add navigation, a table of contents repeating the headings, permalink marks
after headings, search boxes and scripts: none of it may change the scopes, their
descriptions or their version notes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.models import ExtractionResult

SERVED = Path(__file__).parent / "fixtures" / "served"
SCOPES = {
    "garden.read", "garden.write", "garden:harvest", "water.schedule", "water.history",
    "shed.tools", "shed.admin", "compost.read", "compost.turn", "seeds.order", "seeds.swap",
}  # fmt: skip
PAIRS = [
    ("mkdocs/docs/scopes.md", "mkdocs/served.html"),
    ("sphinx/scopes.rst", "sphinx/served_furo.html"),
    ("sphinx/scopes.rst", "sphinx/served_alabaster.html"),
    ("sphinx/scopes.rst", "sphinx/served_sphinx_rtd_theme.html"),
    ("asciidoctor/scopes.adoc", "asciidoctor/served.html"),
    ("docusaurus/docs/scopes.mdx", "docusaurus/served.html"),
]


def _extract(relative: str) -> ExtractionResult:
    url = f"https://docs.larkspur.example/{relative}"
    return extract_document(make_document((SERVED / relative).read_bytes(), url))


def _scopes(result: ExtractionResult) -> list[tuple[str, str | None, str | None]]:
    return sorted((r.scope_name, r.description, r.version) for r in result.scopes)


@pytest.mark.parametrize(("source", "served"), PAIRS, ids=[p[1] for p in PAIRS])
def test_served_page_gives_the_scopes_and_descriptions_of_its_source(
    source: str, served: str
) -> None:
    if not (SERVED / served).is_file():
        pytest.fail(f"{served} missing: run tests/fixtures/served/regenerate.sh")
    from_source, from_served = _extract(source), _extract(served)
    assert {name for name, _, _ in _scopes(from_source)} == SCOPES
    assert _scopes(from_served) == _scopes(from_source)
    assert from_served.format == "html"
    assert not [w for w in from_served.warnings if w not in from_source.warnings]


@pytest.mark.parametrize("served", [p[1] for p in PAIRS])
def test_served_pages_carry_the_chrome_the_test_is_about(served: str) -> None:
    page = (SERVED / served).read_text(encoding="utf-8")
    assert "<script" in page or served.startswith("asciidoctor")  # Asciidoctor has none
    assert page.count("compost.read") >= 2 or "toc" in page  # a table of contents
    marks = ("\u00b6", "&para;", 'class="anchor"', "hash-link", "\uf0c1")  # \uf0c1: an icon font
    assert any(mark in page for mark in marks)


def test_site_chrome_goes_but_content_headers_and_real_links_stay() -> None:
    page = b"""<html><head><title>Wren API scopes</title></head><body>
    <nav class="toc"><ul><li><a href="#a"><code>wren.read</code></a></li>
    <li><a href="#b"><code>wren.fly</code></a></li><li><code>wren.nest</code></li></ul></nav>
    <article><header><h1>Wren OAuth scopes</h1></header>
    <h2 id="a"><code>wren.read</code><a class="headerlink" href="#a">#</a></h2>
    <p>Read wrens, see <a href="#b">wren.fly</a>.</p>
    <h2 id="b"><code>wren.fly</code> <a href="#b">\xc2\xb6</a></h2><p>Let wrens fly.</p>
    </article><footer><ul><li><code>wren.footer</code></li></ul></footer></body></html>"""
    result = extract_document(make_document(page, "https://docs.wren.example/scopes.html"))
    assert _scopes(result) == [
        ("wren.fly", "Let wrens fly.", None),
        ("wren.read", "Read wrens, see wren.fly.", None),
    ]
