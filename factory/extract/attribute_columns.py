"""A scope table whose name column is headed by a generic word the heading explains.

"Allowed Scopes" over "Attribute | Notes": the heading just above the table says what its rows
are, so a first column headed "Attribute" (or "Field", "Parameter") is its name column. The
same header under any other heading ("User attributes", "Request parameters") is not read:
only a heading that itself names scopes makes the word a scope column.
"""

from __future__ import annotations

import re

from factory.extract.text import mentions_scopes

__all__ = ["heading_named_columns"]

_GENERIC = re.compile(r"^(attributes?|fields?|parameters?|entries|entry|items?)$")
_LOOKALIKE = re.compile(r"\b(claims?|events?|webhooks?|examples?|samples?|parameters?)\b", re.I)


def heading_named_columns(headers: list[str], nearest_heading: str) -> list[int]:
    """The first column when its generic header is explained by a scope heading, else ``[]``.

    Args:
        headers: The table's header texts, lower-cased.
        nearest_heading: The closest heading's text.
    """
    if not headers or not _GENERIC.match(headers[0].strip(" :*")):
        return []
    if not mentions_scopes(nearest_heading) or _LOOKALIKE.search(nearest_heading):
        return []
    return [0]
