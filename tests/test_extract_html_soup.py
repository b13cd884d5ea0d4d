"""The lean tree builder: cheaper than bs4's lxml builder, the same text for every reader."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Comment, PageElement, Tag

from factory.extract import html_soup
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


_AWKWARD = (
    '<!DOCTYPE html><?php echo "x"; ?><html><head><meta charset="utf-8"><title>T &amp; '
    "co</title><style>p { color: red }</style><script>var a = '<p>';</script></head>\n"
    "<body>\n  <!-- lead -->\n<p>One<p>two <b>bold <i>both</b> italic</i></div>\n"
    "<ul>\n <li>a\n <li>b <code>x:y</code>\n</ul>  \t\n<pre>\n  kept  \n<span>s</span> </pre>"
    "<textarea>  \n </textarea><template><p>t</p></template><ruby>k<rp>(</rp><rt>r</rt></ruby>"
    '<table><tr><td>1<table><tr><td colspan="2">in</td></tr></table></td></tr>'
    '<tr><th rowspan="2">h</th></tr></table><br><img src="a.png" alt="a"><hr>'
    "<noscript><p>no</p></noscript><dl><dt>t<dd>d</dl></body></html>\n  trailing text"
)


_LINK_FIELDS = frozenset(
    {"parent", "contents", "next_element", "previous_element", "next_sibling", "previous_sibling"}
)


def _links(root: BeautifulSoup) -> list[tuple[object, ...]]:
    """Every node of a tree with its class, name, attributes and text, and its five links
    as positions in document order: two trees agree exactly when these lists do."""
    nodes: list[PageElement] = [root, *root.descendants]
    index = {id(n): i for i, n in enumerate(nodes)}

    def at(node: PageElement | None) -> int | None:
        return None if node is None else index[id(node)]

    out: list[tuple[object, ...]] = []
    for node in nodes:
        if isinstance(node, Tag):
            out.append((type(node), node.name, node.prefix, dict(node.attrs), node.hidden))
            out.append((node.can_be_empty_element, node.interesting_string_types))
            if node is not root:  # every other field bs4's ``Tag.__init__`` sets
                fields = {k: repr(v) for k, v in vars(node).items() if k not in _LINK_FIELDS}
                out.append(tuple(sorted(fields.items())))
        else:
            out.append((type(node), str(node)))
            fields = {k: repr(v) for k, v in vars(node).items() if k not in _LINK_FIELDS}
            out.append(tuple(sorted(fields.items())))
        links = (node.parent, node.next_element, node.previous_element, node.next_sibling)
        out.append((*map(at, links), at(node.previous_sibling)))
    return out


@pytest.mark.parametrize(
    "page",
    [
        _AWKWARD,
        _HIGHLIGHTED,
        "",
        "plain text only",
        "<p>unclosed <b>bold",
        "</div></p>stray ends<p>then</p>",
        "<table><td>cell without a row</td></table><li>loose item",
    ],
)
def test_the_tree_is_bs4s_own_node_for_node(page: str) -> None:
    ours = parse_html(page, fold_highlighting=False)
    theirs = BeautifulSoup(page, "lxml")
    assert _links(ours) == _links(theirs)
    assert str(ours) == str(theirs)


def test_a_tree_can_be_changed_as_bs4s_can() -> None:
    soup = parse_html(_AWKWARD)
    for tag in [t for t in soup.descendants if isinstance(t, Tag) and t.name == "script"]:
        tag.decompose()
    theirs = BeautifulSoup(_AWKWARD, "lxml")
    for tag in theirs.find_all("script"):
        tag.decompose()
    assert text_of(soup) == text_of(theirs)


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


def test_attributes_are_bs4s_own() -> None:
    soup = parse_html('<div class="a  b" id="x" data-scopes="r w"><p>t</p></div>')
    div = _tags(soup, "div")[0]
    assert div.attrs == {"class": ["a", "b"], "id": "x", "data-scopes": "r w"}


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


def test_a_namespaced_event_leaves_the_page_to_bs4s_builder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # lxml's HTML parser never reports namespaces; were it to, bs4's builder has the rules.
    def namespaced(self: object, tag: str, attrib: object, nsmap: object = None) -> None:
        raise html_soup._Namespaced(tag)

    monkeypatch.setattr(html_soup._DirectBuilder, "start", namespaced)
    soup = parse_html(_HIGHLIGHTED)
    assert type(soup.builder).__name__ == "LXMLTreeBuilder"
    assert text_of(soup) == text_of(BeautifulSoup(_HIGHLIGHTED, "lxml"))


def test_text_events_go_straight_to_the_pending_list() -> None:
    builder = html_soup._DirectBuilder()
    pending = builder._text
    assert builder.data == pending.append  # lxml calls list.append: no Python frame per run
    soup = BeautifulSoup("<p>one <b>two</b> three</p>", builder=builder)
    assert soup.p is not None and soup.p.get_text() == "one two three"
