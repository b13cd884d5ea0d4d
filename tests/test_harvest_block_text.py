"""A code block's text for the harvester: libxml2's list of text nodes, joined as
``itertext`` would give them, on any markup."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from factory.extract.candidates_markup import _TEXT_NODES, _joined_text, _parse

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
    assert len(_TEXT_NODES(pre)) == 5
    assert _joined_text(pre) == " ".join(pre.itertext()) == "abc d e"
