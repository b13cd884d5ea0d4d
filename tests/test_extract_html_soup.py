"""The lean tree builder: cheaper than bs4's lxml builder, the same text for every reader."""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment, Tag

from factory.extract.html_soup import parse_html
from factory.extract.html_walk import text_of

_HIGHLIGHTED = (
    "<html><head><title>Invented API</title></head><body><h2>Scopes</h2>"
    '<pre class="highlight"><code><span class="k">GET</span> <span class="s">/v1/widgets</span>'
    '\n  <span class="n"><span class="p">scope</span>=<span>widgets:read</span></span>'
    "<!-- a note --> <b>bold</b>\n\n</code></pre>"
    '<p>Text <span class="hint">outside</span> a block.</p>'
    '<pre><span id="anchor" class="x">kept</span> <span data-scope="a:b">kept too</span></pre>'
    "</body></html>"
)


def _tags(soup: BeautifulSoup, name: str) -> list[Tag]:
    return [t for t in soup.descendants if isinstance(t, Tag) and t.name == name]


def test_highlighting_spans_inside_pre_are_not_built() -> None:
    soup = parse_html(_HIGHLIGHTED)
    first_pre = _tags(soup, "pre")[0]
    assert _tags(first_pre, "span") == []
    assert [t.name for t in _tags(first_pre, "b")] == ["b"]  # other elements stay
    comments = [s for s in first_pre.descendants if isinstance(s, Comment)]
    assert comments == [" a note "]


def test_spans_outside_pre_or_with_other_attributes_are_kept() -> None:
    soup = parse_html(_HIGHLIGHTED)
    kept = [(s.get("id"), s.get("data-scope"), s.get_text()) for s in _tags(soup, "span")]
    assert kept == [(None, None, "outside"), ("anchor", None, "kept"), (None, "a:b", "kept too")]


def test_text_is_the_text_of_bs4s_own_lxml_tree() -> None:
    ours = parse_html(_HIGHLIGHTED)
    theirs = BeautifulSoup(_HIGHLIGHTED, "lxml")
    for sep in ("\n", "\n\n"):
        assert text_of(ours, sep) == text_of(theirs, sep)
    assert ours.get_text() == theirs.get_text()
    code = _tags(ours, "code")[0]
    assert code.get_text() == "GET /v1/widgets\n  scope=widgets:read bold\n\n"


def test_class_stays_one_string_and_other_attributes_are_untouched() -> None:
    soup = parse_html('<div class="a  b" id="x" data-scopes="r w"><p>t</p></div>')
    div = _tags(soup, "div")[0]
    assert div.attrs == {"class": "a  b", "id": "x", "data-scopes": "r w"}


def test_namespaced_markup_reads_as_with_bs4() -> None:
    page = (
        '<html><body><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/'
        '1999/xlink"><use xlink:href="#i"/><text>scope</text></svg><p>after</p></body></html>'
    )
    ours, theirs = parse_html(page), BeautifulSoup(page, "lxml")
    assert text_of(ours) == text_of(theirs)
    assert [(t.name, dict(t.attrs)) for t in ours.descendants if isinstance(t, Tag)] == [
        (t.name, dict(t.attrs)) for t in theirs.descendants if isinstance(t, Tag)
    ]
