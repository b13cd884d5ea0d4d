"""The layout fuzzer itself (``bench/layout_fuzz.py``): its pages are what its key says, it is
seeded, and its scorer counts misses, candidates, noise and silence as documented.

These tests check the bench, never today's extraction figures.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from benchmods import load_bench

from factory.extract.asciidoc_pre import resolve_attribute_refs

fuzz = load_bench("layout_fuzz")
pages = load_bench("layout_fuzz_pages")
words = load_bench("layout_fuzz_words")

SEEDS = (1, 2, 7)


def all_pages() -> list:
    return [pages.generate(s, f, lay) for s in SEEDS for f, lay in pages.cells()]


def test_every_planted_name_occurs_verbatim_and_no_distractor_is_a_scope() -> None:
    for page in all_pages():
        assert 3 <= len(page.scopes) <= 60, (page.fmt, page.layout)
        assert len(set(page.scopes)) == len(page.scopes)
        # AsciiDoc-with-attributes pages write a shared prefix as "{p-area}": resolved here
        text = resolve_attribute_refs(page.text) if page.fmt == "asciidoc-attrs" else page.text
        for name in page.scopes:
            assert name in text, (page.fmt, page.layout, page.seed, name)
        assert not set(page.distractors) & set(page.scopes)


def test_cells_cover_every_format_and_the_layout_families() -> None:
    formats = {f for f, _ in pages.cells()}
    assert formats == {
        "markdown",
        "mdx",
        "html",
        "html-site",
        "rst",
        "asciidoc",
        "blade",
        "jinja",
        "handlebars",
        "erb",
        "hugo",
        "asciidoc-attrs",
        "openapi",
        "raml",
        "json",
        "yaml",
        "tsx",  # program source: scope lists held as data (layout_fuzz_code)
        "js-const",
        "html-script-json",
        *("sdk-cs", "sdk-java", "sdk-py", "sdk-php", "sdk-go", "sdk-rb", "sdk-kt", "sdk-rs"),
        "sdk-swift",
    }
    layouts = {lay for _, lay in pages.cells()}
    assert {
        "table-multi",
        "table-endpoint",
        "prose",
        "code-sample",
        "code-lines",
        "props",
        "accordion",
        "tabs",
        "vendor-ext",
        "op-security",
        "pairs",
        "group-headings",
    } <= layouts
    assert ("rst", "props") not in pages.cells()  # component props only where components exist


def test_pages_are_seeded_and_varied() -> None:
    a, b = pages.generate(4, "html", "table"), pages.generate(4, "html", "table")
    assert a == b
    assert pages.generate(5, "html", "table").text != a.text
    shapes = {p.shape for p in all_pages()}
    # every scope syntax turns up over a few seeds, and the template pages' placeholder one
    assert len(shapes) == len(words.SHAPES) + 1
    sections = {w for p in all_pages() for w in words.SECTION_WORDS if f"{w}" in p.text}
    assert len(sections) >= 5
    assert any(p.distractors for p in all_pages())


def test_descriptions_have_3_to_20_words() -> None:
    import random

    rng = random.Random(3)
    lengths = {len(words.description(rng).split()) for _ in range(400)}
    assert min(lengths) == 3 and max(lengths) == 20


def test_data_and_spec_pages_parse() -> None:
    for page in all_pages():
        if page.fmt in ("json", "openapi") and page.ext == ".json":
            assert json.loads(page.text)
        elif page.fmt in ("yaml", "raml", "openapi"):
            assert yaml.safe_load(page.text)


def test_html_site_pages_carry_chrome_and_a_toc_repeating_headings() -> None:
    page = pages.generate(1, "html-site", "headings")
    assert '<nav class="md-nav">' in page.text and 'role="search"' in page.text
    assert 'class="headerlink"' in page.text and '<aside class="toc">' in page.text


def test_score_page_counts_a_planted_miss_and_where_it_shows() -> None:
    key = {"a.read", "a.write", "b.read"}
    quiet = fuzz.score_page(key, {"a.read", "a.write"}, set(), [], set())
    assert (quiet.found, quiet.missed, quiet.missed_in_candidates) == (2, 1, 0)
    assert quiet.silent and not quiet.complete
    shown = fuzz.score_page(key, {"a.read", "a.write"}, {"b.read", "x.y"}, ["..."], {"b.read"})
    assert shown.missed_in_candidates == 1 and shown.blind_found == 1
    assert not fuzz.score_page(key, {"a.read"}, set(), ["b.read is not read"], set()).silent
    warned = fuzz.score_page(key, set(), set(), ["2 candidate scope(s) ..."], set())
    assert not warned.silent
    extra = fuzz.score_page(key, key | {"email"}, {"c.read"}, [], set())
    assert extra.false_positives == 1 and extra.complete and extra.candidates == 1


def test_a_name_the_page_does_not_hold_is_counted_missed_by_read_page() -> None:
    page = pages.generate(1, "openapi", "flows")
    ghost = replace(page, scopes=(*page.scopes, "ghost.never"))
    score = fuzz.read_page(ghost)
    assert score.expected == len(page.scopes) + 1
    assert score.missed >= 1 and score.found <= len(page.scopes)


def test_run_sums_the_same_pages_by_cell_format_and_shape() -> None:
    cells, by_format, by_shape = fuzz.run(3, 2, "json", None)
    assert [c.layout for c in cells] == list(pages.SPEC_LAYOUTS["json"])
    assert [c.pages for c in by_format] == [6, 2, 2, 2]  # json, then its three layouts
    assert sum(c.pages for c in by_shape) == 6
    assert sum(c.expected for c in by_shape) == sum(c.expected for c in cells)


def test_cell_totals_and_noise_only_on_complete_pages() -> None:
    cell = fuzz.CellScore("f", "l")
    cell.add(fuzz.score_page({"a", "b"}, {"a", "b"}, {"c"}, [], set()))  # complete, 1 candidate
    cell.add(fuzz.score_page({"d", "e"}, {"d"}, {"x", "y"}, [], set()))  # incomplete: no noise
    figures = cell.figures()
    assert figures["noise"] == pytest.approx(0.5)
    assert figures["recall"] == pytest.approx(0.75)
    assert figures["audit"] == 0.0 and cell.silent == 1


def test_main_prints_the_table_and_saves_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = fuzz.main(
        [
            "--per-cell",
            "2",
            "--format",
            "asciidoc",
            "--layout",
            "code-lines",
            "--examples",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "asciidoc   code-lines" in out and "TOTAL" in out
    assert "by format, then by layout:" in out and "by scope shape:" in out
    for saved in tmp_path.glob("*.adoc"):
        key = json.loads(saved.with_name(saved.name + ".key.json").read_text())
        assert all(name in saved.read_text() for name in key["scopes"])
    assert fuzz.main(["--format", "nothing"]) == 1


def test_pair_and_family_pages_and_realistic_distractors() -> None:
    pairs = [pages.generate(s, "markdown", "pairs") for s in SEEDS]
    # names of one resource written together in one item, cell or heading
    assert any(f"{p.scopes[0]}` / `{p.scopes[1]}" in p.text or "/ " in p.variant for p in pairs)
    family = pages.generate(1, "html", "group-headings")
    assert "<h3" in family.text and "<code>" in family.text
    distractors = {d for p in all_pages() for d in p.distractors}
    # access levels, token and grant types, error codes, event types beside the scopes
    assert distractors & set(words.ACCESS_LEVELS) and distractors & set(words.TOKEN_TYPES)
    assert distractors & set(words.GRANT_TYPES) and distractors & set(words.SCOPE_ERRORS)
    assert any(d.endswith(("created", "message", "synced", "moved")) for d in distractors)
