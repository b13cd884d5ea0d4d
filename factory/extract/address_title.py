"""The title a page without title or heading takes from its address.

A fragment a site includes into its scope page (a Hugo or Jekyll include, a partial) has no
front matter title and no heading: only its address says what it lists
(``.../reference/scopes/``, ``oauth-scopes.html``). Its last path segment, read as words,
is then the page's title, and scope context when it names scopes. A page with a heading
keeps its own words: the address never overrides them.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from factory.extract.text import mentions_scopes

__all__ = ["address_title", "address_words"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_EXTENSION = re.compile(r"\.(?:md|mdx|markdown|html?|rst|adoc|txt)$", re.I)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def address_title(soup: BeautifulSoup, source_url: str | None) -> str:
    """The words of the address's last segment when they name scopes and the page has no
    heading; else "".

    Args:
        soup: The parsed page.
        source_url: The page's address (an official URL or a file path).
    """
    words = address_words(source_url)
    if not words:
        return ""
    if any(isinstance(d, Tag) and d.name in _HEADINGS for d in soup.descendants):
        return ""
    return words


def address_words(source_url: str | None) -> str:
    """The last path segment of ``source_url`` as lower-case words, when they name scopes
    (``.../oauthScopes.html`` -> "oauth scopes"); else ""."""
    if not source_url:
        return ""
    path = unquote(urlsplit(source_url).path).rstrip("/")
    segment = _EXTENSION.sub("", path.rsplit("/", 1)[-1])
    words = " ".join(re.split(r"[-_.\s]+", _CAMEL.sub(" ", segment))).strip().lower()
    return words if words and mentions_scopes(words) else ""
