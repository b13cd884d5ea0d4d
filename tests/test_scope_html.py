"""Evidence that reads well and stays safe: the scope table, its summary, and the export."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
from bs4 import BeautifulSoup

from factory.sanitize import safe_html
from factory.workbench.runner import clean_outputs, export_html
from factory.workbench.scope_html import (
    contract_preview_html,
    scope_summary_html,
    scope_table_html,
    short_link,
)

PAYLOAD = '<img src=x onerror="window.__cfPwned=1"><script>window.__cfPwned=2</script>'
HOSTILE_LINK = '<a href="javascript:alert(1)" onclick="x()">go</a>'


def _inert(markup: str) -> None:
    soup = BeautifulSoup(markup, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), tag
        assert not str(tag.get("href", "")).lower().startswith("javascript:"), tag


def test_safe_html_keeps_layout_and_links_but_nothing_active() -> None:
    markup = f"<h2>T</h2><table><tr><th>a</th></tr></table>{PAYLOAD}{HOSTILE_LINK}"
    markup += '<a href="https://docs.example/scopes">docs</a>'
    clean = safe_html(markup)
    _inert(clean)
    soup = BeautifulSoup(clean, "html.parser")
    assert [t.name for t in soup.find_all(["h2", "th"])] == ["h2", "th"]
    assert soup.find("a", href="https://docs.example/scopes")["rel"] == ["noopener", "noreferrer"]


def _table() -> pd.DataFrame:
    rows = [
        {"scope_name": f"s{i}.read", "description": f"Read {i}.", "scope_type": "read",
         "kinds": "delegated", "versions": "", "status": "ok", "flags": "", "note": "",
         "include": True, "sources": "https://docs.example/a/scopes | /tmp/local.html",
         "kind_descriptions": "", "other_descriptions": ""}
        for i in range(120)
    ]  # fmt: skip
    rows[3].update(description=PAYLOAD, status="flagged", flags="conflict", note="same kind")
    rows[4].update(sources="javascript:alert(1)")
    return pd.DataFrame(rows)


def test_scope_table_is_paged_headed_linked_and_inert() -> None:
    markup = scope_table_html(_table())
    _inert(markup)
    soup = BeautifulSoup(markup, "html.parser")
    blocks = soup.find_all("details")
    assert len(blocks) == 3 and blocks[0].has_attr("open") and not blocks[1].has_attr("open")
    for table in soup.find_all("table"):
        headers = [th.get_text() for th in table.find_all("th")]
        assert headers[:6] == ["scope", "description", "type", "kind", "version", "status"]
    links = soup.find_all("a", href="https://docs.example/a/scopes")
    assert len(links) == 119 and links[0].get_text() == "docs.example/…/scopes"
    assert "window.__cfPwned=2" in soup.get_text()  # shown as text, never run
    flagged = [tr for tr in soup.find_all("tr") if "background" in tr.get("style", "")]
    assert len(flagged) == 1 and "conflict" in flagged[0].get_text()
    assert "url(" not in safe_html('<p style="background:url(https://t.example/x)">p</p>')
    assert all("text-align:left" in td["style"] for td in soup.find_all("td"))


def test_summary_counts_and_short_links() -> None:
    markup = scope_summary_html(_table())
    _inert(markup)
    text = BeautifulSoup(markup, "html.parser").get_text(" ")
    assert "120 scope(s)" in text and "delegated 120" in text and "conflict 1" in text
    assert short_link("/tmp/a/b.html") == '<span title="/tmp/a/b.html">b.html</span>'
    preview = contract_preview_html({"sections": {"scopes": {"scopes": [{"d": PAYLOAD}]}}})
    _inert(preview)
    assert "1 scope(s)" in preview and preview.startswith("<details>")


def test_export_renders_markdown_and_keeps_scraped_output_inert(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Title\n\n## One\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "[source](https://docs.example/scopes)\n\n## Two"
        ),
        nbformat.v4.new_code_cell("x", outputs=[
            nbformat.v4.new_output("display_data", data={
                "text/html": PAYLOAD + HOSTILE_LINK, "text/plain": "x",
                "application/javascript": "window.__cfPwned=3",
            }),
            nbformat.v4.new_output("stream", text=PAYLOAD),
        ]),
    ]  # fmt: skip
    assert "application/javascript" not in clean_outputs(nb).cells[1].outputs[0].data
    page = export_html(nb, tmp_path / "x.html").read_text(encoding="utf-8")
    _inert(page)
    soup = BeautifulSoup(page, "html.parser")
    assert (len(soup.find_all("h1")), len(soup.find_all("h2"))) == (1, 2)
    assert [th.get_text() for th in soup.find_all("th")] == ["a", "b"]
    assert soup.find("a", href="https://docs.example/scopes") is not None
    assert "window.__cfPwned=2" in soup.get_text()  # the stream's payload, as text
