"""Wildcard families in a scope table: ``idporten:dcr*`` beside ``global/*``.

A trailing ``*`` on a scope token is usually a footnote mark (``email*`` with "* needs
review" under the table), and the cell reader drops it. But in a column where other cells
are plainly wildcard patterns (``global/*``, ``files.*``), a trailing ``*`` is a wildcard
too: dropping it would make up a name the page never gives (``idporten:dcr``). In such a
column a token is kept as written, with its ``*``, and the table warns that its patterns
stand for families of scopes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bs4 import Tag

__all__ = ["WildcardColumn"]

# A plain wildcard: a separator right before the star ("global/*", "files.*", "repo:*").
_PLAIN_WILDCARD = ("/*", ".*", ":*", "_*", "-*")


class WildcardColumn:
    """Whether a table's scope cells use ``*`` as a wildcard, and the tokens as written.

    Told the tokens the column planner already read from the scope cells (no cell is read
    again: the common table holds no wildcard and costs one pass over its tokens).
    """

    __slots__ = ("patterns", "wild")

    def __init__(self, cell_tokens: Iterable[tuple[list[str], str | None]]) -> None:
        self.wild = any(t.endswith(_PLAIN_WILDCARD) for toks, _ in cell_tokens for t in toks)
        self.patterns: list[str] = []

    def as_written(self, token: str, cell: Tag, text_of: Callable[[Tag], str]) -> str:
        """``token`` with the ``*`` its cell writes after it, in a column of wildcards."""
        if not self.wild:
            return token
        if token.endswith("*") or f"{token}*" in text_of(cell):
            token = token if token.endswith("*") else f"{token}*"
            self.patterns.append(token)
        return token

    def warning(self) -> str | None:
        """A note naming the patterns read, if any."""
        if not self.patterns:
            return None
        shown = ", ".join(dict.fromkeys(self.patterns))
        return (
            f"{len(set(self.patterns))} wildcard pattern(s) ({shown[:120]}) stand for families "
            "of scopes, not single scopes: look up their members"
        )
