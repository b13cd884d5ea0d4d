"""bench/extract_speed.py: its three figures are printed, on pages the test writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmods import load_bench

speed = load_bench("extract_speed")

_PAGE = (
    "<html><head><title>Invented API scopes</title></head><body><h2>OAuth scopes</h2>"
    "<table><tr><th>Scope</th><th>Description</th></tr>"
    "<tr><td><code>gizmos:read</code></td><td>Read gizmos.</td></tr>"
    "<tr><td><code>gizmos:write</code></td><td>Change gizmos.</td></tr></table>"
    '<pre><code><span class="k">GET</span> <span class="s">/gizmos</span></code></pre>'
    "</body></html>"
)


def test_the_largest_corpus_page_is_found_by_size(tmp_path: Path) -> None:
    assert speed.largest_corpus_page(tmp_path) is None
    for name, size in (("small", 10), ("big", 500), ("mid", 100)):
        (tmp_path / "docs" / name).mkdir(parents=True)
        (tmp_path / "docs" / name / "source.html").write_text("x" * size, encoding="utf-8")
    (tmp_path / "docs" / "markdown").mkdir()
    (tmp_path / "docs" / "markdown" / "source.md").write_text("x" * 900, encoding="utf-8")
    assert speed.largest_corpus_page(tmp_path) == tmp_path / "docs" / "big" / "source.html"


def test_the_bench_prints_every_figure_with_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs" / "acme").mkdir(parents=True)
    (tmp_path / "docs" / "acme" / "source.html").write_text(_PAGE, encoding="utf-8")
    args = ["--permissions", "6", "--repeat", "1", "--corpus", str(tmp_path)]
    assert speed.main(args) == 0
    out = capsys.readouterr().out
    assert "records found 12 (distinct name/kind 12), descriptions exact 12/12" in out
    assert "graph-size HTML page (bench/graph_fixture.py)" in out
    assert "target < 0.3 s" in out
    assert "largest corpus page (acme," in out and "2 records" in out
    assert "pandas.read_html (lxml)" in out and "target <= 3x" in out


def test_without_a_corpus_the_ratio_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    speed.pandas_ratio_figures(tmp_path, 1)
    assert "no HTML source" in capsys.readouterr().out
