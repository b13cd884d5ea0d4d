"""AsciiDoc and reStructuredText pages read as what they are (fixtures written for this project)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factory.extract import detect_format, extract_document
from factory.extract.asciidoc_blocks import render_asciidoc
from factory.extract.asciidoc_inline import render_inline
from factory.extract.detect import make_document
from factory.extract.sniff import sniff_markup
from factory.models import ExtractionResult
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures"


def run(path: Path) -> ExtractionResult:
    return extract_document(load_source(str(path)))


def rows(result: ExtractionResult) -> dict[str, tuple[str | None, str | None]]:
    return {s.scope_name: (s.description, s.version) for s in result.scopes}


def test_asciidoc_page_lists_definition_lists_and_tables() -> None:
    result = run(FIXTURES / "asciidoc" / "scopes.adoc")
    assert result.format == "asciidoc"
    found = rows(result)
    assert list(found) == [
        "containers:read", "containers:write", "volumes", "networks",
        "registry:pull", "registry:push",
        "admin:users", "admin:billing", "admin:audit", "admin:regions",
        "tokens:create", "tokens:revoke",
    ]  # fmt: skip
    # bold term items: the '+' continuation blocks are the description, rendered text
    assert found["containers:read"] == (
        "Lists containers and reads their logs. See the log section and the log guide.",
        None,
    )
    assert found["volumes"] == (None, None)  # a bare item has no description
    assert found["registry:push"][0] == "Push images; implies registry:pull."
    assert found["admin:billing"][0] == "Read and change the billing plan."
    # conditional blocks are kept, their condition is the version annotation
    assert found["admin:audit"][1] == "ifdef enterprise"
    assert found["admin:regions"][1] == "ifeval {edition}==cloud"
    assert found["tokens:create"][0] == "Create personal access tokens."
    # bold words in sentences, listings, comments and settings are not scopes
    assert not {"whoami", "scope", "fake:scope", "commented:out"} & set(found)
    assert any("include::" in w for w in result.warnings)
    assert any("conditional" in w for w in result.warnings)
    assert "oauth2" in {a.method for a in result.auth}
    assert result.scopes[0].section == "Built-in scopes"


def test_asciidoc_never_reads_included_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.adoc"
    secret.write_text("* `leaked:scope` - must never be read\n", encoding="utf-8")
    page = render_asciidoc(f"= Scopes\n\nOAuth scopes:\n\ninclude::{secret}[]\n")
    assert "leaked" not in page.html
    assert page.warnings and "not followed" in page.warnings[0]


def test_asciidoc_attributes_comments_and_listings() -> None:
    page = render_asciidoc(
        ":name: Acme\n= {name} API\n// a comment\n\n----\n:x: y\n{name}\n----\n\n"
        "Uses {name} and {unknown}.\n"
    )
    assert page.title == "Acme API"
    assert "<pre>:x: y\n{name}</pre>" in page.html  # listings are verbatim
    assert "<p>Uses Acme and {unknown}.</p>" in page.html
    assert "comment" not in page.html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("`a:b` and *bold* and _it_", "<code>a:b</code> and <strong>bold</strong> and <em>it</em>"),
        ("See <<_x, the guide>>.", 'See <a href="#_x">the guide</a>.'),
        ("link:/a/b[Docs, window=_blank]", '<a href="/a/b">Docs</a>'),
        ("https://a.test/x[the spec]", '<a href="https://a.test/x">the spec</a>'),
        ("a <b> & `<c>`", "a &lt;b&gt; &amp; <code>&lt;c&gt;</code>"),
        ("snake_case_name *x*y", "snake_case_name *x*y"),
    ],
)
def test_asciidoc_inline_markup(text: str, html: str) -> None:
    assert render_inline(text) == html


def test_rst_page_through_docutils() -> None:
    result = run(FIXTURES / "rst" / "scopes.rst")
    assert result.format == "rst"
    found = rows(result)
    assert list(found) == [
        "widgets:read", "widgets:write", "profile", "admin:all", "admin:audit",
        "feed", "feed:post", "billing:read", "billing:write",
    ]  # fmt: skip
    assert found["widgets:read"] == ("Read your widgets and their settings.", None)
    assert found["profile"] == ("Read the display name you chose.", None)  # a field list
    assert found["admin:audit"] == ("(Deprecated) Read the audit trail.", "deprecated")
    assert found["feed:post"][0] == "Post to the activity feed."
    assert found["billing:write"][0] == "Pay invoices."
    # :ref: and versionadded are Sphinx markup the reader knows (rst_sphinx): no warning
    assert not any("docutils does not know" in w for w in result.warnings)


def test_rst_include_and_raw_are_never_honoured(tmp_path: Path) -> None:
    secret = tmp_path / "secret.rst"
    secret.write_text("``leaked:scope``\n    Must never be read.\n", encoding="utf-8")
    body = (
        f"Scopes\n======\n\nOAuth scopes.\n\n.. include:: {secret}\n\n.. raw:: html\n\n"
        "   <table><tr><th>Scope</th></tr><tr><td>raw:scope</td></tr></table>\n"
    )
    result = extract_document(make_document(body.encode(), "https://x.test/s.rst"))
    assert not {"leaked:scope", "raw:scope"} & set(rows(result))


@pytest.mark.parametrize(
    ("url", "media", "body", "kind"),
    [
        ("https://x.test/p.adoc", "", b"Just text.\n", "asciidoc"),
        ("https://x.test/p.rst", "", b"Just text.\n", "rst"),
        ("https://x.test/p", "text/x-rst", b"Just text.\n", "rst"),
        ("https://x.test/p", "", b"= Title\n:toc:\n\n* `a` - b\n+\nmore\n", "asciidoc"),
        ("https://x.test/p", "", b"Title\n=====\n\n.. note:: x\n\n``a``\n", "rst"),
        ("https://x.test/p", "", b"# Title\n\n```\ncode\n```\n", "markdown"),
    ],
)
def test_markup_kinds_from_extension_media_type_and_content(
    url: str, media: str, body: bytes, kind: str
) -> None:
    assert detect_format(make_document(body, url, media_type=media)) == kind


def test_sniffing_needs_two_signals() -> None:
    assert sniff_markup("A line.\n\nTerm:: definition\n") is None
    assert sniff_markup("== Section\n\nTerm:: definition\n") == "asciidoc"


def test_asciidoc_table_cell_specifiers_spans_and_noheader() -> None:
    body = (
        "= Ferry API\n\nThe OAuth scopes of the Ferry API.\n\n== Scope table\n\n"
        '[cols="1,2", options="header"]\n|===\n|Scope |Description\n'
        "|`ferry:read`\na|Read sailings.\n\nIncludes cancelled ones.\n"
        "2+|Both scopes below need an approved app.\n"
        "|`ferry:book` |Book seats.\n|===\n"
    )
    result = extract_document(make_document(body.encode(), "https://x.test/ferry.adoc"))
    found = rows(result)
    assert found["ferry:read"][0] == "Read sailings. Includes cancelled ones."
    assert found["ferry:book"][0] == "Book seats."
    assert "Both" not in " ".join(found)
    page = render_asciidoc("[%noheader]\n|===\n|a |b\n\n|c |d\n|===\n")
    assert "<th>" not in page.html and page.html.count("<tr>") == 2


_ADOC_LINES = [
    "",
    "+",
    "|===",
    "----",
    "....",
    "====",
    "--",
    "== Title",
    "= T",
    "* `a:b` - x",
    "** *bold*",
    ". step",
    "term:: text",
    "Term::",
    "|a |b",
    "2+|span",
    "a|cell",
    ":attr: v",
    "{attr}",
    "ifdef::x[]",
    "endif::[]",
    "ifeval::[1==1]",
    "include::y.adoc[]",
    "[[id]]",
    '[cols="2*"]',
    ".Title",
    "// c",
    "////",
    "plain text",
    "== X:: y",
    "<<id, t>>",
]


@pytest.mark.timeout(30)
@given(st.lists(st.sampled_from(_ADOC_LINES), max_size=40))
@settings(max_examples=300, deadline=None)
def test_asciidoc_converter_ends_on_any_mix_of_constructs(lines: list[str]) -> None:
    page = render_asciidoc("\n".join(lines))
    assert isinstance(page.html, str)
