"""A code block's text for the harvester: its text pieces gathered by hand, joined as
``itertext`` would give them, on any markup, and quickly on a long run of siblings."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from factory.extract.candidates_markup import _joined_text, _parse
from factory.extract.html_highlight import mark_highlighting

_PIECES = [
    "<span class='k'>", "</span>", "<span>", "<b>", "</b>", "<!-- c -->", "<?pi x?>",
    "<script>", "</script>", "<style>", "</style>", "<![CDATA[", "]]>", "&amp;", "&lt;",
    "scope", "=", "a.b", " ", "\n", "<br>", "<code>", "</code>", "<pre>", "</pre>", "x",
]  # fmt: skip
_INSIDES = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)


@given(_INSIDES)
@settings(max_examples=1500, deadline=None)
def test_joined_text_is_itertext_joined(inside: str) -> None:
    root = _parse(f"<html><body><pre>{inside}</pre></body></html>")
    assert root is not None
    for el in root.iter("pre"):
        assert _joined_text(el) == " ".join(el.itertext())


def test_side_by_side_text_nodes_are_joined_as_itertext_joins_them() -> None:
    # an XML parse keeps a CDATA section beside its text: three text nodes, one itertext piece
    pre = etree.fromstring(
        "<pre>a<![CDATA[b]]>c<i>d</i>e</pre>", etree.XMLParser(strip_cdata=False)
    )
    assert len(pre.xpath(".//text()")) == 5
    assert _joined_text(pre) == " ".join(pre.itertext()) == "abc d e"


def test_a_long_marked_code_block_is_read_in_a_moment() -> None:
    # 20,000 highlighted pieces, marked: one run of 40,000 siblings under <code> (lxml's
    # itertext and XPath text() take seconds on such a run)
    body = "".join(f'<span class="k">w{i}</span> ' for i in range(20_000))
    root = _parse(f"<html><body><pre><code>{body}</code></pre></body></html>")
    assert root is not None
    assert mark_highlighting(body) == body  # (no <pre> around it: nothing is marked)
    pre = next(root.iter("pre"))
    start = time.process_time()
    joined = _joined_text(pre)
    assert time.process_time() - start < 0.5
    assert joined.split() == [f"w{i}" for i in range(20_000)]
    assert joined == " ".join(
        etree.fromstring(f"<pre><code>{body}</code></pre>", etree.HTMLParser()).itertext()
    )
