"""The harvester's table helpers: what a table's header says, and reStructuredText list-tables.

A table whose header names claims (``Claim | Description``) and no scope or permission is a
table of what a token returns, not of what it may do: its cells are read with lowered
standing. A ``list-table`` directive holds its rows as nested bullets (``* - cell`` starts a
row, ``- cell`` the next column, indented lines continue a cell; a cell may be a line block
``| a`` / ``| b`` or several paragraphs): every line of a cell is one piece of its column, so a
table without a header row still groups its first column's names as one list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factory.extract.candidates_shape import Segment
from factory.extract.text import mentions_scopes

__all__ = [
    "CLAIMS_COLUMN",
    "CLAIMS_TABLE",
    "OTHER_COLUMN",
    "claims_table",
    "header_holds_names",
    "is_header_rule",
    "list_table",
    "other_column",
]

#: The ``lowered`` note of a cell in a table of claims.
CLAIMS_TABLE = "lowered: a cell of a table of claims (what a token returns, not a scope)"
#: The ``lowered`` note of a cell whose own column is headed by claims ("Token claim") in a
#: table that lists scopes in another column.
CLAIMS_COLUMN = "lowered: a cell of a column of claims (what a token returns, not a scope)"
_CLAIM_HEADER = re.compile(r"\bclaims?\b", re.I)
#: The ``lowered`` note of a cell whose column the table heads as another kind of name
#: (tools, endpoints, roles, events ...) beside its own column of scopes: decisive.
OTHER_COLUMN = "lowered: a column of another kind of name"
_OTHER_HEADER = re.compile(
    r"\b(?:tools?|endpoints?|methods?|operations?|functions?|calls?|apis?|events?|roles?"
    r"|routes?|paths?|urls?|commands?|webhooks?)\b",
    re.I,
)
# the line under a Markdown table's header row, or a grid table's "+====+" header rule
# (a compact "|-|-|" rule too: GitHub's tables need one hyphen a cell, between pipes)
_HEADER_RULE = re.compile(
    r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$|^\s*\+(?:=+\+)+\s*$"
    r"|^\s*\|\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$"
)
_LIST_TABLE = re.compile(r"^(\s*)\.\.\s+list-table::")
_OPTION = re.compile(r"^\s*:([\w-]+):\s*(.*)$")
_ROW = re.compile(r"^(\s*)\*\s+-\s+(.*)$|^(\s*)\*\s+-\s*$")
_NEXT_CELL = re.compile(r"^(\s*)-\s+(.*)$|^(\s*)-\s*$")
_LINE_BLOCK = re.compile(r"^\|\s+")


def is_header_rule(line: str) -> bool:
    """Whether ``line`` closes a table's header row (``| --- |`` or ``+===+``)."""
    return bool(_HEADER_RULE.match(line))


# A header cell that is a name with a separator ("user.identity"), not a column's title
_NAME_CELL = re.compile(r"`?[A-Za-z][\w-]*[.:/][\w.:/-]*\w`?")


def header_holds_names(cells: Sequence[str]) -> bool:
    """Whether a table's first row is its first scope row (a table written without a
    header: the name in its first cell is a scope, not a column's title)."""
    return bool(cells) and bool(_NAME_CELL.fullmatch(cells[0].strip()))


def other_column(label: str, header: Sequence[str]) -> str:
    """The note of a cell under ``label`` when the table heads that column as another kind of
    name than scopes (``Mapped Tools``, ``Endpoints``, ``Roles``) and another column as
    scopes: the table itself says what its names are."""
    if not label or mentions_scopes(label) or not _OTHER_HEADER.search(label):
        return ""
    if not any(mentions_scopes(h) for h in header if h != label):
        return ""
    return f"{OTHER_COLUMN} ({label[:40]!r}) beside the table's column of scopes"


def claims_table(header: Sequence[str]) -> bool:
    """Whether a header row names claims and no scope or permission."""
    return any(_CLAIM_HEADER.search(h) for h in header) and not any(
        mentions_scopes(h) for h in header
    )


def list_table(
    lines: Sequence[str], start: int, section: str, table_no: int
) -> tuple[list[Segment], int]:
    """The pieces of the ``list-table`` whose directive is ``lines[start]``, and the index of
    the first line after it (``start + 1`` when ``lines[start]`` opens none)."""
    opened = _LIST_TABLE.match(lines[start])
    if not opened:
        return [], start + 1
    indent = len(opened.group(1))
    header_rows = 0
    rows: list[list[list[tuple[int, str]]]] = []  # row -> cell -> (line index, text)
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break  # back at the directive's level: the table is over
        option = _OPTION.match(line)
        row = _ROW.match(line)
        next_cell = _NEXT_CELL.match(line)
        if row:
            rows.append([[(end, row.group(2) or "")]])
        elif next_cell and rows:
            rows[-1].append([(end, next_cell.group(2) or "")])
        elif option and not rows:
            if option.group(1) == "header-rows" and option.group(2).strip().isdigit():
                header_rows = int(option.group(2))
        elif line.strip() and rows:
            rows[-1][-1].append((end, line.strip()))
        end += 1
    first = rows[0] if header_rows and rows else []
    header = [" ".join(t for _i, t in cell).strip("| ") for cell in first]
    lowered = CLAIMS_TABLE if header and claims_table(header) else ""
    pieces: list[Segment] = []
    for row_no, cells in enumerate(rows):
        for col, cell in enumerate(cells):
            label = header[col] if col < len(header) else ""
            for index, text in cell:
                text = _LINE_BLOCK.sub("", text).strip()
                if not text:
                    continue
                where = f"line {index + 1} (list-table {table_no} column {col + 1})"
                kind = "text" if row_no < header_rows else "cell"  # a header names, never is
                group = f"lt{table_no}:{col}"
                pieces.append(Segment(text, where, kind, section, label, group, lowered=lowered))
    return pieces, end
