"""The BeautifulSoup tree of a page, built at a fraction of bs4's usual cost.

bs4's lxml builder spent most of an extraction: for each element and string lxml reports,
``BeautifulSoup`` runs a chain of bookkeeping methods (``handle_starttag``, ``endData``,
``object_was_parsed`` with its linkage fixer walking up the open elements, ``_popToTag``),
about ten times the cost of lxml's parse itself. Here the builder takes lxml's events and
links the same ``Tag`` and ``NavigableString`` objects itself, in one step each, following
bs4's rules exactly: an element and a string are linked to their parent, the element
before them and their previous sibling; a run of text becomes one string; a string of
ASCII white space outside ``<pre>``/``<textarea>`` becomes one space or line break; strings
inside ``<script>``, ``<style>``, ``<template>``, ``<rt>``, ``<rp>`` get bs4's classes; an
end tag closes the open elements down to its own (none when it is not open). A page whose
parser reports namespaces (never an HTML parser) is left to bs4's own builder.

One saving changes the tree without changing any text a reader takes: the
syntax-highlighting ``<span>`` elements inside ``<pre>`` (tens of thousands on a reference
page with code samples: 76,000 of 83,000 elements on a 2.5 MB page) are not built. Such a
span carries nothing but a ``class``, so its text joins its parent's: a span is inline (no
block separator), white space inside ``<pre>`` is kept as is, and comments and other
elements inside stay where they are. Attributes are bs4's as usual (``class`` a list).
``html_highlight`` takes most of those spans out of the page's text before lxml reads it (so
lxml reports none of them to Python); the builder folds whatever it leaves.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, PageElement, Tag
from bs4.builder._lxml import LXMLTreeBuilder

from factory.extract.html_highlight import strip_highlighting

__all__ = ["parse_html"]

_FOLDABLE_ATTRS = frozenset({"class"})
_ASCII_SPACES = BeautifulSoup.ASCII_SPACES  # a string of these alone strips to ""


class _Namespaced(Exception):
    """The parser reported namespaces: bs4's own builder handles those."""


class _DirectBuilder(LXMLTreeBuilder):
    """bs4's lxml HTML builder that links the tree itself (see the module docstring)."""

    def __init__(self, *, fold_highlighting: bool = True) -> None:
        super().__init__()
        self._fold = fold_highlighting
        self.reset()

    def reset(self) -> None:
        """A fresh walk (bs4 calls this before each parse attempt)."""
        super().reset()
        self._open: list[Tag] = [self.soup] if self.soup is not None else []
        self._counts: Counter[str] = Counter()  # open elements by name
        self._kept: list[bool] = []  # per start event: built (True) or folded (False)
        self._preserve: list[Tag] = []  # open elements that keep white space as is
        self._containers: list[Tag] = []  # open elements whose strings get a special class
        self._text: list[str] = []  # text since the last element boundary
        # lxml takes the target's ``data`` once per parse: given the list's own ``append``,
        # the ~100,000 text events of a 2.5 MB page call no Python function at all
        self.data = self._text.append  # type: ignore[method-assign, assignment]
        self._last: PageElement | None = None  # the element or string linked last
        self._pre = 0  # open <pre> elements
        self._empty: dict[str, bool] = {}  # the builder's answer by element name
        # the fields every element of this parse shares (``_new_tag`` sets the rest)
        self._tag_fields: dict[str, Any] = {
            "parser_class": self.soup.__class__ if self.soup is not None else None,
            "namespace": None,
            "prefix": None,
            "sourceline": None,
            "sourcepos": None,
            "attribute_value_list_class": self.attribute_value_list_class,
            "known_xml": self.is_xml,
            "next_element": None,
            "next_sibling": None,
            "hidden": False,
            "cdata_list_attributes": self.cdata_list_attributes,
            "preserve_whitespace_tags": self.preserve_whitespace_tags,
        }

    def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
        # a highlighting span first: most of a reference page's elements (a span's name
        # holds no namespace, so the namespace test below would not stop it)
        if (
            self._pre
            and tag == "span"
            and self._fold
            and not nsmap
            and (not attrib or _FOLDABLE_ATTRS.issuperset(attrib))
        ):
            self._kept.append(False)
            return
        if nsmap or tag[:1] == "{":
            raise _Namespaced(tag)
        self._kept.append(True)
        attrs = dict(attrib) if attrib else {}  # (lxml's empty mapping copies slowly)
        if attrs and any(key[:1] == "{" for key in attrs):
            raise _Namespaced(tag)
        if self._text:  # (most element boundaries have no text pending: no call)
            self._flush()
        parent = self._open[-1]
        element = self._new_tag(tag, attrs, parent)
        self._last = element
        parent.contents.append(element)
        self._open.append(element)
        self._counts[tag] += 1
        if tag in self.preserve_whitespace_tags:
            self._preserve.append(element)
        if tag in self.string_containers:
            self._containers.append(element)
        if tag == "pre":
            self._pre += 1

    def _new_tag(self, name: str, attrs: dict[str, Any], parent: Tag) -> Tag:
        """``Tag(soup, self, name, None, None, attrs, parent, last, namespaces=...)``: the
        same fields set in one step (bs4's ``__init__`` asks the builder for each; a third of
        the parse on a page of 8,000 elements)."""
        tag: Tag = Tag.__new__(Tag)
        fields = tag.__dict__
        fields.update(self._tag_fields)
        fields["name"] = name
        fields["_namespaces"] = self.active_namespace_prefixes[-1] or {}
        # (bs4 splits ``class`` and its kin into lists in place: an empty dict is kept as is)
        fields["attrs"] = self._replace_cdata_list_attribute_values(name, attrs) if attrs else attrs
        fields["contents"] = []
        previous = self._last
        fields["previous_element"] = previous
        if previous is not None:
            previous.next_element = tag
        siblings = parent.contents
        before = siblings[-1] if siblings else None
        fields["previous_sibling"] = before
        if before is not None:
            before.next_sibling = tag
        fields["parent"] = parent
        empty = self._empty.get(name)
        if empty is None:
            empty = self._empty[name] = self.can_be_empty_element(name)
        fields["can_be_empty_element"] = empty
        container = self.string_containers.get(name)
        fields["interesting_string_types"] = (
            {container} if container is not None else Tag.MAIN_CONTENT_STRING_TYPES
        )
        if name == "meta":
            self.set_up_substitutions(tag)  # a declared charset, as bs4 marks it
        return tag

    def end(self, tag: Any) -> None:
        if not self._kept.pop():
            return
        if self._text:
            self._flush()
        if not self._counts[tag]:
            return  # bs4 ignores an end tag whose element is not open
        while len(self._open) > 1:
            closed = self._open.pop()
            self._counts[closed.name] -= 1
            if self._preserve and closed is self._preserve[-1]:
                self._preserve.pop()
            if self._containers and closed is self._containers[-1]:
                self._containers.pop()
            if closed.name == "pre":
                self._pre -= 1
            if closed.name == tag:
                break

    def data(self, data: Any) -> None:
        """A run of text (``reset`` replaces this method by the pending list's ``append``)."""
        self._text.append(data)

    def comment(self, text: Any) -> None:
        self._flush()
        self._text.append(text)
        self._flush(Comment)

    def doctype(self, name: str, pubid: str, system: str) -> None:
        self._flush()
        self._text.append(Doctype._string_for_name_and_ids(name, pubid, system))
        self._flush(Doctype)

    def pi(self, target: str, data: str) -> None:
        self._flush()
        self._text.append(target + " " + data)
        self._flush(self.processing_instruction_class)

    def close(self) -> None:
        self._flush()
        assert self.soup is not None
        self.soup._most_recent_element = self._last
        super().close()

    def _flush(self, container: type[NavigableString] | None = None) -> None:
        """bs4's ``endData``: the pending text becomes one string of the right class."""
        if not self._text:
            return
        text = "".join(self._text)
        self._text.clear()  # the same list: ``data`` appends to it
        if not self._preserve and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        cls = container or NavigableString
        if self._containers and cls is NavigableString:
            cls = self.string_containers.get(self._containers[-1].name, cls)
        # ``cls(text)`` then ``setup(parent, last)``, its fields set at once (bs4 links a
        # new string twice: first to nothing)
        string = str.__new__(cls, text)
        parent = self._open[-1]
        siblings = parent.contents
        before = siblings[-1] if siblings else None
        last = self._last
        string.__dict__.update(
            hidden=False, parent=parent, previous_element=last, next_element=None,
            next_sibling=None, previous_sibling=before,
        )  # fmt: skip
        if last is not None:
            last.next_element = string
        if before is not None:
            before.next_sibling = string
        self._last = string
        siblings.append(string)


def parse_html(
    html: str, *, fold_highlighting: bool = True, edit: Callable[[str], str] | None = None
) -> BeautifulSoup:
    """The page's tree (bs4 over lxml), with bs4's hints ("looks like a URL") silenced.

    Args:
        html: The page.
        fold_highlighting: Leave out the class-only ``<span>`` elements inside ``<pre>``.
        edit: A change to the page's text before it is parsed, made after the highlighting
            is taken out; it must not touch what lies inside a ``<pre>`` (the harvester's
            parse of the page shares the scan for highlighting, which reads the page as given).

    Raises:
        Exception: whatever lxml or bs4 raise on hostile markup (the caller wraps it).
    """
    edit = edit or _unchanged
    # the spans the builder would fold, taken out of the text first: lxml reports none of them
    text = edit(strip_highlighting(html) if fold_highlighting else html)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4's "looks like a URL/XML" hints are not errors
        try:
            return BeautifulSoup(text, builder=_DirectBuilder(fold_highlighting=fold_highlighting))
        except _Namespaced:
            return BeautifulSoup(edit(html), "lxml")


def _unchanged(text: str) -> str:
    return text
