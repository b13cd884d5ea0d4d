"""The BeautifulSoup tree of a page, built at a fraction of bs4's usual cost.

bs4's lxml builder spends most of an extraction on a large page: each element costs a Python
round trip through namespace bookkeeping, attribute copies and a ``Tag``. Two savings keep
the tree every reader sees the same:

- the namespace path runs only when the parser reports namespaces (an HTML parser does not);
  ``class`` stays one string (no reader looks at class lists), so no attribute is split;
- the syntax-highlighting ``<span>`` elements inside ``<pre>`` (tens of thousands on a
  reference page with code samples: 76,000 of 83,000 elements on a 2.5 MB page) are not
  built: such a span carries nothing but a ``class``, so its text joins its parent's. The
  text every reader takes is unchanged: a span is inline (no block separator), whitespace
  inside ``<pre>`` is kept as is, and comments and other elements inside stay where they are.
"""

from __future__ import annotations

import warnings
from typing import Any

from bs4 import BeautifulSoup
from bs4.builder import LXMLTreeBuilder

__all__ = ["parse_html"]

_FOLDABLE_ATTRS = frozenset({"class"})


class _LeanBuilder(LXMLTreeBuilder):
    """bs4's lxml HTML builder with the two savings of this module."""

    def __init__(self) -> None:
        super().__init__(multi_valued_attributes=None)
        self._kept: list[bool] = []  # per open element: built (True) or folded (False)
        self._pre = 0  # open <pre> elements that were built

    def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
        if self._pre and tag == "span" and (not attrib or _FOLDABLE_ATTRS.issuperset(attrib)):
            self._kept.append(False)
            return
        self._kept.append(True)
        if tag == "pre":
            self._pre += 1
        if nsmap or len(self.nsmaps) > 1 or tag[:1] == "{" or any(k[:1] == "{" for k in attrib):
            super().start(tag, attrib, nsmap or {})
            return
        assert self.soup is not None
        self.soup.handle_starttag(
            tag, None, None, dict(attrib), namespaces=self.active_namespace_prefixes[-1]
        )

    def end(self, tag: Any) -> None:
        if not self._kept.pop():
            return
        if tag == "pre":
            self._pre -= 1
        if len(self.nsmaps) > 1 or tag[:1] == "{":
            super().end(tag)
            return
        assert self.soup is not None
        self.soup.handle_endtag(tag, None)


def parse_html(html: str) -> BeautifulSoup:
    """The page's tree (bs4 over lxml), with bs4's hints ("looks like a URL") silenced.

    Raises:
        Exception: whatever lxml or bs4 raise on hostile markup (the caller wraps it).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4's "looks like a URL/XML" hints are not errors
        return BeautifulSoup(html, builder=_LeanBuilder())
