"""Highlighting spans taken out of a page's text before the parse: the same tree, less work."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_extract_html_soup import _links

from factory.extract import html_highlight, html_soup
from factory.extract.candidates_markup import _joined_text
from factory.extract.detect import extract_document, make_document
from factory.extract.html import _closed_block_gaps, extract_from_html_text
from factory.extract.html_highlight import mark_highlighting, strip_highlighting
from factory.extract.html_soup import parse_html
from factory.extract.html_walk import text_of


def _folded_unstripped(page: str) -> BeautifulSoup:
    """The tree the builder makes of the page as it is (it folds the spans itself)."""
    return BeautifulSoup(page, builder=html_soup._DirectBuilder())


def _mostly(
    common: st.SearchStrategy[str], rare: st.SearchStrategy[str], odds: int
) -> st.SearchStrategy[str]:
    """``common``, and one time in ``odds + 1`` ``rare``."""
    return st.tuples(st.integers(0, odds), common, rare).map(lambda t: t[2] if t[0] == 0 else t[1])


# Text as pages hold it: entities (some spelling out tags), bare ampersands and angle
# brackets, white space of every kind, non-ASCII letters (the Kelvin sign folds to "k").
_PLAIN = st.sampled_from(
    [
        "GET",
        "scope",
        "=",
        '"',
        "'",
        ">",
        " ",
        "\n",
        "\n\n  ",
        "\t",
        "widgets:read",
        "&amp;",
        "&lt;span class=&quot;x&quot;&gt;",
        "&#60;pre&#62;",
        "&nbsp;",
        "a & b",
        "caf\u00e9",
        "\u212a",
    ]
)
_TEXT = _mostly(
    _PLAIN,
    st.sampled_from(
        [
            "a < b",
            "x<1",
            "<\u212aelvin>",
            "<\u017fcript>",
            "</>",
            "</ 1>",
        ]
    ),
    40,
)
_SPAN_OPEN = st.sampled_from(
    [
        '<span class="k">',
        "<span class='s2'>",
        "<span>",
        '<SPAN CLASS="n">',
        '<span class="a b">',
        '<span  class="p" >',
        '<span id="anchor" class="x">',  # not a highlighting span: kept
        '<span data-scope="a:b">',
        "<span class=unquoted>",
        '<span class="q>r">',
        "<span/>",
    ]
)
_SPAN_CLOSE = st.sampled_from(["</span>", "</SPAN>", "</span >"])
# Markup that may hide a <pre> or a span from an HTML tokenizer, or end one early.
_TRICKY = st.sampled_from(
    [
        "<!-- <pre><span class='a'>c</span></pre> -->",
        "<!--> <pre><span class=a>x</span></pre>",
        "<!---> <span>y</span> -->",
        "<!-- a --!> <pre><span class='b'>z</span></pre>",
        "<![CDATA[<pre><span class='c'>x</span></pre>]]>",
        "<![CDATA[ a>b ]]>",
        "<?php echo '<pre><span class=\"d\">x</span></pre>'; ?>",
        "<div title=\"a>b <pre><span class='x'>\">after</div>",
        "<a href='x>y' data-x=\"<pre>\">link</a>",
        "<p data-x=a>b>unquoted</p>",
        '<p a="unclosed>value',
        '<p ="x>y">odd name</p>',
        '<p b"c="d>e">quote in name</p>',
        "<script>var s = '<pre><span class=\"k\">x</span></pre>';</script>",
        "<script><!--<script>x</script><pre><span>y</span></pre>--></script>",
        "<style>pre > span { color: red }</style>",
        "<textarea><pre><span class='k'>t</span></pre></textarea>",
        "<title><pre><span>t</span></pre></title>",
        "<noscript><pre><span class='n'>n</span></pre></noscript>",
        "<xmp><span class='x'>x</span></xmp>",
        "<plaintext><pre><span class='x'>x</span></pre>",
        "<!DOCTYPE html>",
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x>y">',
        "</code>",
        "</pre>",
        "</span>",
        "<br>",
        "<b>bold",
        "</b>",
    ]
)


_FOLDABLE = st.sampled_from(
    ['<span class="k">', "<span class='s2'>", "<span>", '<SPAN CLASS="n">', '<span  class="p" >']
)


def _wrap(parts: tuple[str, list[str], str]) -> str:
    return parts[0] + "".join(parts[1]) + parts[2]


# What a highlighter writes inside a <pre>: text in spans, nested; now and then a span the
# builder keeps, a <code>, or tags that do not pair up.
_HIGHLIGHTED = st.recursive(
    _TEXT,
    lambda inner: _mostly(
        st.tuples(_FOLDABLE, st.lists(inner, max_size=4), _SPAN_CLOSE).map(_wrap),
        st.one_of(
            st.tuples(_SPAN_OPEN, st.lists(inner, max_size=3), _SPAN_CLOSE).map(_wrap),
            st.tuples(st.just("<code>"), st.lists(inner, max_size=3), st.just("</code>")).map(
                _wrap
            ),
            st.tuples(
                st.sampled_from(["<code>", "</code>", "", "<span class='k'>"]),
                st.lists(inner, max_size=3),
                st.sampled_from(["</code>", "", "</span>"]),
            ).map(_wrap),
        ),
        8,
    ),
    max_leaves=12,
)


def _pre(code: str, children: list[str], attrs: str, close: str) -> str:
    return f"<pre{attrs}>{code}{''.join(children)}{'</code>' if code else ''}{close}"


_PRE = st.builds(
    _pre,
    st.sampled_from(
        ["", "<code>", '<code class="language-php">', "<code>", "<code title='a>b'>", "<code/>"]
    ),
    st.lists(_mostly(_HIGHLIGHTED, _TRICKY, 25), max_size=6),
    st.sampled_from(["", "", ' class="highlight php"', "  data-x='1>2'", "/", ' title="<b>"']),
    st.sampled_from(["</pre>", "</pre>", "</PRE>", "</pre >", ""]),
)
_BLOCK = st.recursive(
    _mostly(_PRE, st.one_of(_TEXT, _TRICKY, _HIGHLIGHTED), 3),
    lambda inner: st.one_of(
        st.builds(lambda cs: f"<table><tr><td>{''.join(cs)}</td></tr></table>", st.lists(inner)),
        st.builds(lambda cs: f"<table>{''.join(cs)}</table>", st.lists(inner, max_size=3)),
        st.builds(lambda cs: f"<p>{''.join(cs)}</p>", st.lists(inner, max_size=3)),
        st.builds(lambda cs: f"<pre>{''.join(cs)}</pre>", st.lists(inner, max_size=3)),
        st.builds(lambda cs: f'<span class="k">{"".join(cs)}</span>', st.lists(inner)),
    ),
    max_leaves=10,
)
_PAGES = st.builds(
    lambda head, parts: head + "".join(parts),
    st.sampled_from(["", "<!DOCTYPE html><html><body>", "<html><head><title>T</title></head>"]),
    st.lists(_BLOCK, max_size=6),
)


@given(_PAGES)
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_stripping_builds_the_same_tree_and_text(page: str) -> None:
    stripped = strip_highlighting(page)
    event("spans stripped" if stripped != page else "left as it is")
    ours, reference = _folded_unstripped(stripped), _folded_unstripped(page)
    assert _links(ours) == _links(reference)
    assert ours.get_text() == BeautifulSoup(page, "lxml").get_text()
    for sep in ("\n", "\n\n"):
        assert text_of(ours, sep) == text_of(reference, sep)


_CODE_SAMPLE = (
    '<h2>Scopes</h2><pre class="highlight json"><code><span class="p">{</span>\n  '
    '<span class="s2">"scope"</span><span class="p">:</span> '
    '<span class="s2">"<span class="n">widgets</span>:read"</span>\n<span class="p">}'
    "</span></code></pre><p>The <code>widgets:read</code> scope reads widgets.</p>"
)


def test_the_spans_of_a_code_sample_are_stripped_and_its_text_kept() -> None:
    stripped = strip_highlighting(_CODE_SAMPLE)
    assert "<span" not in stripped and "</span" not in stripped
    assert '<pre class="highlight json"><code>{\n  "scope": "widgets:read"\n}</code></pre>' in (
        stripped
    )
    assert _links(parse_html(_CODE_SAMPLE)) == _links(_folded_unstripped(_CODE_SAMPLE))


@pytest.mark.parametrize(
    "page",
    [
        # a <pre> the tokenizer never sees as an element
        "<!-- <pre><span class='a'>x</span></pre> -->",
        "<div title=\"<pre><span class='a'>x</span></pre>\">t</div>",
        "<script>var s = '<pre><span class=\"k\">x</span></pre>';</script>",
        "<textarea><pre><span class='k'>t</span></pre></textarea>",
        # spans the builder keeps, or that nest with an element opened elsewhere
        '<pre><span id="anchor" class="x">kept</span></pre>',
        '<span class="k"><pre>a</span>b</pre>',
        '<code><pre><span class="k">a</span></code><span class="k">b</span></pre>',
        '<pre><span class="k"><code>a</span></code></pre>',
        '<pre/><span class="k">a</span></pre>',
        '<pre><code/><span class="k">a</span></code></pre>',
        '<code><pre><span class="k">a</span></code><code><span class="k">b</span></pre>',
        # too deep to read in one pattern: left to the builder
        '<pre><span class="a"><span class="b"><span class="c">x</span></span></span></pre>',
        # markup the scan is unsure of: the rest of the page is left as it is
        "<p a=\"unclosed><pre><span class='k'>x</span></pre>",
        "<plaintext><pre><span class='k'>x</span></pre>",
    ],
)
def test_what_is_not_surely_a_highlighting_span_is_left_in(page: str) -> None:
    assert strip_highlighting(page) == page


def test_a_page_reads_the_same_to_the_html_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (
        "<h2>Permissions</h2><table><tr><th>Scope</th><th>Description</th></tr>"
        '<tr><td><code>widgets:read</code></td><td>Reads <span class="x">widgets</span>.'
        '</td></tr></table><pre><code><span class="k">GET</span> /widgets?scope='
        '<span class="s">widgets:write</span></code></pre>'
    )
    assert strip_highlighting(page) != page
    with_strip = extract_from_html_text(page, "https://example.test/p")
    monkeypatch.setattr(html_soup, "strip_highlighting", lambda html: html)
    assert extract_from_html_text(page, "https://example.test/p") == with_strip
    assert [s.scope_name for s in with_strip.scopes] == ["widgets:read"]


def _lxml_tree(page: str) -> etree._Element | None:
    try:
        return etree.fromstring(page.encode(), etree.HTMLParser(collect_ids=False))
    except etree.ParserError:  # an empty page
        return None


@given(_PAGES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_marking_gives_lxml_the_same_text_pieces(page: str) -> None:
    # the harvester's parse: each span tag an empty comment, each block's pieces kept
    marked = mark_highlighting(page)
    event("spans marked" if marked != page else "left as it is")
    assert marked.replace("<!---->", "") == strip_highlighting(page) or marked == page
    ours, reference = _lxml_tree(marked), _lxml_tree(page)
    if reference is None:
        assert ours is None
        return
    assert ours is not None
    assert etree.tostring(ours, method="text", encoding=str) == etree.tostring(
        reference, method="text", encoding=str
    )
    pres = list(reference.iter("pre"))
    assert [_joined_text(pre) for pre in ours.iter("pre")] == [
        " ".join(pre.itertext()) for pre in pres
    ]


@given(st.lists(_BLOCK, max_size=6).map("\n".join))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_closing_block_gaps_leaves_the_highlighting_as_it_finds_it(page: str) -> None:
    # the HTML reader strips the page as given, then closes the gaps between block tags
    page = page.replace("</p>", "</p>\n\n").replace("<table>", "<table>\n")
    assert strip_highlighting(_closed_block_gaps(page)) == _closed_block_gaps(
        strip_highlighting(page)
    )


def test_one_scan_serves_both_readers_of_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    page = f"<html><body>{_CODE_SAMPLE}</body></html>"
    scans: list[int] = []
    scan = html_highlight._scan
    monkeypatch.setattr(html_highlight, "_scan", lambda html: (scans.append(1), scan(html))[1])
    doc = make_document(page.encode(), "https://example.test/scopes.html", media_type="text/html")
    found = extract_document(doc)
    assert len(scans) == 1
    assert "widgets:read" in [s.scope_name for s in found.scopes]
    extract_document(doc)
    assert len(scans) == 2  # nothing is kept from one extraction to the next
