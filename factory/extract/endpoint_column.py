"""Whether a table's first column lists endpoints, or only names the APIs its scopes open.

"Endpoint | Required scope" tables list what each operation needs: they yield no scopes.
A first column headed "API" may instead name a product ("Billing API" | ``billing``): one
scope per API, a scope table. Its cells are names, never paths, URLs or HTTP methods.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import Tag

from factory.extract.html_tables import Cell
from factory.extract.text import normalize_ws

__all__ = ["names_apis"]

TextOf = Callable[[Tag], str]

_API_HEADER = re.compile(r"^apis?$")
_ENDPOINTISH = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b|\w\.\w|\w\(")
# A path: a word that starts with a slash or holds two, or a one-word cell with one ("users/me").
# A slash inside one word of a name ("I/O Events", "CI/CD Pipelines") is no path.
_PATHISH = re.compile(r"(?:^|\s)/|/\S*/")


def names_apis(grid: list[list[Cell | None]], header: str, text_of: TextOf) -> bool:
    """True when a first column headed "API" holds API names, not endpoints.

    Args:
        grid: The table's grid; row 0 is its header.
        header: The first column's header, lower-cased.
        text_of: The engine's text function for a tag.
    """
    if not _API_HEADER.match(header.strip(" :*")):
        return False
    cells = [normalize_ws(text_of(c.tag)) for row in grid[1:] if row and (c := row[0])]
    return bool(cells) and all(text and not _endpointish(text) for text in cells)


def _endpointish(text: str) -> bool:
    """Whether a first-column cell reads as an endpoint (a method, a path, a host, a call)."""
    if _ENDPOINTISH.search(text) or _PATHISH.search(text):
        return True
    return "/" in text and " " not in text
