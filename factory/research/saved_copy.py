"""The official URL of a saved copy of a page, when the copy says it.

A page saved from a browser keeps where it came from: Chromium writes a ``<!-- saved from
url=(0042)https://... -->`` mark at the top, and most documentation pages carry ``<link
rel="canonical">`` or ``<meta property="og:url">``. :func:`official_url_of_copy` reads those
(the first 256 KiB of the file) so that views can show a local source as the official page it
is a copy of, while the evidence keeps the path as given.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from bs4 import BeautifulSoup

_HEAD_BYTES: Final = 256 * 1024
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.I)


def _web(url: str | None) -> str | None:
    url = (url or "").strip()
    return url if url.startswith(("https://", "http://")) and " " not in url else None


def official_url_in(text: str) -> str | None:
    """The URL a saved page names as its own (saved-from mark, canonical link, og:url)."""
    mark = _SAVED_FROM.search(text[:4096])
    if mark:
        return _web(mark.group(1))
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all("link", href=True):
        rel: Any = tag.get("rel") or []
        if "canonical" in (rel if isinstance(rel, list) else [rel]):
            return _web(str(tag["href"]))
    meta = soup.find("meta", attrs={"property": "og:url"})
    return _web(str(meta.get("content"))) if meta is not None else None


def official_url_of_copy(path: str | Path) -> str | None:
    """The official URL of a local file source, when the file says it (``None`` otherwise)."""
    file = Path(path).expanduser()
    try:
        stat = file.stat()
    except OSError:
        return None
    return _cached(str(file.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _cached(path: str, _mtime: int, _size: int) -> str | None:
    if not path.lower().endswith((".html", ".htm", ".xhtml")):
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    return official_url_in(head.decode("utf-8", errors="replace"))
