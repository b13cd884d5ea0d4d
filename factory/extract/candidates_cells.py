"""Table cells as the harvester reads them: labels of a row, and badges before a name.

(And one look that is never a name wherever it stands: a program's property path, see
``candidates_lists.property_path``.)

A scope table's other columns say something *about* each row: whether it is granted by
default or needs the user's consent (``yes``/``no``, ``true``/``false``, ``required``/
``optional``), who may ask for it or what kind it is (``merchant`` in seven rows, ``feature``
in two). Their cells are bare words, the shape a scope written as a word has, and the section
speaks of scopes; taken for names they are the harvester's commonest noise beside a table.

- An *answer word* is never a candidate, wherever it stands.
- A *label column* is a table column whose lead tokens are a few words repeated down the rows
  (at most four distinct, each in two rows or more on average) under a header that does not
  name scopes: its cells are labels. A column of names is mostly distinct, even where a name
  repeats once per kind, and names with separators (``files.read``) are never labels.
- A *badge cell* opens with one plain word in code before one bare token
  (```restricted` payments``); in a column whose other names are bare tokens the bare token
  is the cell's name and the code its badge, as the structured reader takes it
  (``cell_badges``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from factory.extract.candidates_confirm import SEPARATOR_CHARS, Seen
from factory.extract.candidates_lists import property_path
from factory.extract.candidates_shape import Segment

__all__ = ["ANSWER_WORDS", "badge_names", "label_columns", "without_non_names"]

#: The values a yes/no, default or requirement column holds.
ANSWER_WORDS = frozenset(
    {"yes", "no", "true", "false", "required", "optional", "unset", "n/a", "none", "null"}
)
_MAX_LABELS = 4  # distinct values a column of labels holds at most
_NAMES_HEADER = re.compile(r"scope|permission|name|grant", re.I)


def label_columns(found: Iterable[Seen]) -> set[str]:
    """The table-column groups whose lead tokens are a few labels repeated down the rows."""
    cells: dict[str, list[str]] = {}
    named: set[str] = set()  # columns of names: a header naming them, a name with a separator
    for seen in found:
        seg = seen.seg
        if not (seen.lead and seg.where == "cell" and seg.group):
            continue
        cells.setdefault(seg.group, []).append(seen.token.lower())
        if _NAMES_HEADER.search(seg.label) or SEPARATOR_CHARS.intersection(seen.token):
            named.add(seg.group)
    labels: set[str] = set()
    for group, values in cells.items():
        distinct = len(set(values))
        if group in named or len(values) < 3 or distinct > _MAX_LABELS:
            continue
        if len(values) >= 2 * distinct:
            labels.add(group)
    return labels


_T = TypeVar("_T", bound=Seen)


def without_non_names(found: list[_T], taken: set[str]) -> list[_T]:
    """``found`` less answer words, the cells of label columns and programs' property paths
    (structured names stay: the harvester confirms them wherever they stand)."""
    labels = label_columns(found)
    return [
        seen
        for seen in found
        if seen.token in taken
        or not (
            seen.token.lower() in ANSWER_WORDS
            or (seen.lead and seen.seg.where == "cell" and seen.seg.group in labels)
            or property_path(seen.token)
        )
    ]


_BADGE_CELL = re.compile(r"[*_ ]*`([A-Za-z][A-Za-z\-]{1,23})`\s+([^\s`|]+?)[*_ ]*")
_BARE_CELL = re.compile(r"[*_ ]*[^\s`*_][^\s`]*?[*_ ]*")


def badge_names(segments: Iterable[Segment]) -> Iterator[Segment]:
    """``segments`` with each badge cell of a column of bare names read as its bare name (the
    cell's text stays its context)."""
    pieces = list(segments)
    badged = {
        id(seg): found
        for seg in pieces
        if seg.where == "cell" and "`" in seg.text and (found := _BADGE_CELL.fullmatch(seg.text))
    }
    if not badged:  # most pages: nothing more to read
        yield from pieces
        return
    filled: dict[str, int] = {}
    bare: dict[str, int] = {}
    for seg in pieces:
        if seg.where == "cell" and seg.group and seg.text.strip():
            filled[seg.group] = filled.get(seg.group, 0) + 1
            bare[seg.group] = bare.get(seg.group, 0) + bool(_BARE_CELL.fullmatch(seg.text))
    badge = ("", "")  # the last badge cell's badge and name: its code span is the badge
    for seg in pieces:
        found = badged.get(id(seg))
        if found is not None and 2 * bare.get(seg.group, 0) > filled.get(seg.group, 0):
            badge = (found.group(1), found.group(2))
            yield replace(seg, text=found.group(2), around=seg.around or seg.text)
        elif not (seg.where == "code" and seg.text == badge[0] and badge[1] in seg.around):
            yield seg
