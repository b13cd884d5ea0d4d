"""Which columns of a table hold the scope, its description, version and kind.

A table is a scope table when a column holds scope tokens and something says they are scopes:
a header naming a scope column (Scope, Scopes, OAuth scope, Permission ...), an ambiguous
"Name"/"Value" header with scope context around the table, or (headerless) a column of
nothing but code tokens on a page that talks about scopes.

Header words are a hint; the content decides:

- a scope column's cells are token-shaped (code spans or whole-cell tokens: no spaces, scope
  syntax such as ``a.b``, ``a:b``, ``a_b``) and mostly distinct. A scope-header column that
  is not (an access-level column whose rows hold a handful of words) gives way to another
  column that is, with a note; without one, the table is read as its header says and the
  engine notes that its rows collapse;
- the description column is chosen by its header only (Description, Definition ...), and a
  column of access types, products or resources is never one: without a description column
  the descriptions are None;
- a look-alike table (claims, events, examples) under a scope page is skipped, with a note
  when its name column held tokens;
- a table the page disowns ("these roles are not OAuth scopes" just before it, or a heading
  "Access levels (not scopes)") is skipped, with a note;
- endpoint and requirement tables ("Endpoint | Required scopes") yield nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import Tag

from factory.extract.attribute_columns import heading_named_columns
from factory.extract.data_header import data_header_columns
from factory.extract.description_columns import (
    DESCRIPTION_WORDS,
    lone_description,
    points_to_scopes,
    scope_label_column,
)
from factory.extract.endpoint_column import names_apis
from factory.extract.grant_context import grant_section, uniform_scope_run
from factory.extract.html_prose_column import sole_prose_column
from factory.extract.html_table_cells import (
    NEGATIVE_CONTEXT,
    codes_only,
    names_other_things,
    plain_scope,
    uniform_grant_column,
)
from factory.extract.html_tables import (
    Cell,
    cell_scopes,
    split_code_span,
    tags_in,
)
from factory.extract.text import (
    clean_scope_token,
    detect_version,
    looks_like_scope,
    mentions_scopes,
    normalize_ws,
)
from factory.extract.value_tables import literal_column

__all__ = ["ColumnStats", "TablePlan", "column_stats", "disowns_scopes", "plan_table"]

TextOf = Callable[[Tag], str]
Grid = list[list[Cell | None]]
CellTokens = dict[int, tuple[list[str], str | None]]

# "Metascopes" (a provider's name for scopes that bundle others) names a scope column too.
_STRONG_SCOPE = re.compile(r"\b(oauth\s+)?(meta-?)?(scopes?|permissions?)(\s+names?)?\b")
_WEAK_SCOPE = frozenset({"name", "names", "value", "values", "key", "token", "identifier"})
# Endpoint pages list the scopes an operation needs ("Required scopes", Microsoft's "Least
# privileged permissions"): requirement columns, not scope lists.
_REQUIRED = re.compile(
    r"\b(required|needed|requires|necessary|least privileged|higher privileged|minimum)\b"
)
_DESC_RANKED = (
    re.compile(rf"\bdescriptions?\b|{DESCRIPTION_WORDS.pattern}"),
    re.compile(r"\bdefinitions?\b"),
    re.compile(r"grants access|provides access|\baccess\b|meaning|details|purpose|what it|summary"),
    re.compile(r"\bexplanation\b|\buser display\b|\bnotes?\b|\bdisplay (string|name)\b"),
)
# Columns that describe a scope's class, never the scope itself: not a description.
_NOT_DESCRIPTION = re.compile(
    r"^(access (types?|levels?)|types?|kinds?|levels?|products?|resources?|sub-?accounts?"
    r"|ui names?|categor(y|ies)|(scope|permission|app|application) types?|availability)$"
)
# Columns that hold example values or claims: never the scope column, whatever their content.
_NOT_SCOPE = re.compile(
    rf"\b(examples?|samples?|e\.g\.|defaults?|claims?|descriptions?|notes?)\b"
    rf"|{DESCRIPTION_WORDS.pattern}"
)
# An enumeration constant: OPENID, OFFLINE_ACCESS, OfflineAccess (never a lower-case scope).
_CONSTANT = re.compile(
    r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[A-Z][A-Z0-9]+|([A-Z][a-z0-9]+){2,}|[A-Z][a-z]+"
)
_ACCESS_WORD = re.compile(
    r"^(read|write|manage|admin|delete|create|update|view|edit|list|read[- ]only|read ?/ ?write)$"
)
_VERSION_COL = re.compile(r"^(status|version|versions|availability|lifecycle|stage|state)$")
_KIND_COL = re.compile(r"^(type|permission type|scope type|kind|access type)$")
_ENDPOINT_COL = re.compile(
    r"^(endpoints?|methods?|http methods?|paths?|urls?|routes?|requests?|operations?|apis?)$"
)
_NEGATIVE_CONTEXT = NEGATIVE_CONTEXT  # a heading naming other things
# What a look-alike table lists instead of scopes (its heading or lead says so).
_LOOKALIKE = re.compile(r"\b(claims?|events?|webhooks?|examples?|samples?)\b", re.I)
# The page says what a table lists are not scopes ("These roles are not OAuth scopes",
# "Access levels (not scopes)"). The subject must not be scopes themselves: "Scopes are not
# permissions" leads a scope table.
_DISOWNED = re.compile(
    r"\b(?:(?:are|is)\s+not|aren['\u2019]t|(?:are|is)\s+different\s+from|not\s+to\s+be"
    r"\s+confused\s+with)\s+(?:(?:the\s+same\s+as\s+)?(?:oauth|api|token|access)\s+)?"
    r"(?:scopes|permissions)\b|\(\s*not\s+(?:oauth\s+)?scopes\s*\)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ColumnStats:
    """What one column holds: filled cells, cells with scope tokens, code cells, distinct."""

    filled: int
    tokens: int
    code: int
    distinct: int

    @property
    def token_shaped(self) -> bool:
        """Most filled cells hold scope tokens."""
        return self.filled > 0 and self.tokens * 10 >= self.filled * 6

    @property
    def mostly_distinct(self) -> bool:
        """Four in five token cells (or more) hold a value no other cell holds."""
        return self.distinct * 10 >= self.tokens * 8

    @property
    def collapsed(self) -> bool:
        """Four or more token rows over fewer than half as many distinct values."""
        return self.tokens >= 4 and self.distinct * 2 < self.tokens

    @property
    def clear(self) -> bool:
        """Unmistakably a token column: nearly all cells tokens, distinct, mostly code."""
        return (
            self.filled > 0
            and self.tokens * 10 >= self.filled * 8
            and self.distinct * 10 >= self.tokens * 8
            and self.code * 2 >= self.filled
        )


@dataclass(frozen=True, slots=True)
class TablePlan:
    """How to read a scope table: the columns that hold each part, and where data starts.

    ``scope_version`` is the version the scope column's header names ("V1 Scope"); ``cells``
    caches the tokens already read from scope cells (keyed by the cell tag's id).
    """

    scope_cols: tuple[int, ...]
    desc_col: int | None
    version_col: int | None
    kind_col: int | None
    first_row: int
    scope_version: str | None = None
    cells: CellTokens = field(default_factory=dict, compare=False)


def column_stats(
    grid: Grid, first: int, col: int, text_of: TextOf, cache: CellTokens | None = None
) -> ColumnStats:
    """Count what column ``col`` holds from row ``first`` on (tokens read with ``cell_scopes``)."""
    filled = tokens = code = 0
    seen: set[tuple[str, ...]] = set()
    for row in grid[first:]:
        cell = row[col] if col < len(row) else None
        if cell is None or cell.spanned or not normalize_ws(text_of(cell.tag)):
            continue
        filled += 1
        found = cell_scopes(cell.tag, text_of)
        if cache is not None:
            cache[id(cell.tag)] = found
        if found[0]:
            tokens += 1
            seen.add(tuple(found[0]))
            code += bool(tags_in(cell.tag, {"code"}))
    return ColumnStats(filled, tokens, code, len(seen))


def plan_table(
    grid: Grid,
    header_row: bool,
    context: str,
    nearest_heading: str,
    scope_seen: bool,
    text_of: TextOf,
    lead: str = "",
) -> tuple[TablePlan | None, str | None]:
    """Decide whether a grid is a scope table and which columns hold what.

    Args:
        grid: From ``html_tables.build_grid``.
        header_row: Whether the first grid row is a header (``<thead>`` or all ``<th>``).
        context: Heading path, caption and lead paragraph text around the table.
        nearest_heading: The closest heading's text (negative words reject ambiguous tables).
        scope_seen: Whether the page talked about scopes before this table.
        text_of: The engine's text function for a tag.
        lead: The paragraph just before the table (a look-alike table's lead names claims).

    Returns:
        A plan (or None when the table is not a scope table) and a note of doubt, if any.
    """
    if not grid or not grid[0]:
        return None, None
    disowned = next((t for t in (lead, nearest_heading) if disowns_scopes(t)), None)
    if disowned:
        return None, (
            f"skipped: the page says this table's entries are not scopes "
            f"('{normalize_ws(disowned)[:100]}')"
        )
    if header_row and scope_seen and (data := data_header_columns(grid, text_of)):
        return TablePlan((data[0],), data[1], None, None, 0), None  # its header is a scope row
    headers = [normalize_ws(text_of(c.tag)).lower() if c else "" for c in grid[0]]
    if header_row and any(headers):
        return _plan_from_headers(grid, headers, context, nearest_heading, lead, text_of)
    if names_other_things(nearest_heading, lead):
        return None, None  # a headerless table under "Request parameters" / "ID token claims"
    first = 1 if header_row else 0
    # A section named "Access" or "Available grants" with only a table under it: its scope
    # column must then be a uniform run of scope tokens (grant_context).
    grant = not scope_seen and grant_section(nearest_heading)
    return _plan_from_content(grid, first, scope_seen or grant, text_of, grant), None


def disowns_scopes(text: str) -> bool:
    """Whether a sentence of ``text`` says that what it introduces is not scopes.

    "These roles are not OAuth scopes" does; "Scopes are not permissions" (scopes are its
    subject) and "`x.admin` is not a valid scope" (one token, no list) do not.
    """
    for match in _DISOWNED.finditer(text or ""):
        start = max(text.rfind(".", 0, match.start()), text.rfind(":", 0, match.start()))
        if not re.search(r"\bscopes?\b", text[start + 1 : match.start()], re.I):
            return True
    return False


def _plan_from_headers(
    grid: Grid, headers: list[str], context: str, nearest: str, lead: str, text_of: TextOf
) -> tuple[TablePlan | None, str | None]:
    if _ENDPOINT_COL.match(headers[0]) and not names_apis(grid, headers[0], text_of):
        return None, None  # an endpoint table listing required scopes
    # "Permission type" names the kind of a permission, not the permission itself.
    # "Scope description" or "Permission notes" names a column about the scope, not the scope.
    strong = [
        i
        for i, h in enumerate(headers)
        if _STRONG_SCOPE.search(h)
        and not _KIND_COL.match(h)
        and not _NOT_SCOPE.search(h)
        and not points_to_scopes(h)
    ]
    required = {i for i in strong if _REQUIRED.search(headers[i])}
    strong = [i for i in strong if i not in required]
    if required and not strong:
        return None, None  # only "Required scopes": a requirement table
    cache: CellTokens = {}
    note = None
    if strong:
        scope_cols, skipped, note = _content_check(grid, headers, strong, required, text_of, cache)
    else:
        weak = [i for i, h in enumerate(headers) if h.strip(" :*") in _WEAK_SCOPE]
        weak = weak or heading_named_columns(headers, nearest)  # "Allowed Scopes": "Attribute"
        negative = _NEGATIVE_CONTEXT.search(nearest) and not mentions_scopes(nearest)
        in_grants = bool(weak) and uniform_grant_column(grid, weak[0], nearest, text_of)
        if not weak or negative or not (mentions_scopes(context) or in_grants):
            return None, (
                _constants_note(grid, headers, weak, context, text_of)
                or _grid_note(grid, headers, context)
            )
        around = next(
            (t for t in (nearest, lead) if _LOOKALIKE.search(t) and not mentions_scopes(t)), ""
        )
        if around:
            stats = column_stats(grid, 1, weak[0], text_of)
            if not stats.token_shaped:
                return None, None
            return None, (
                f"a table whose '{headers[weak[0]]}' column holds {stats.tokens} token-shaped "
                f"values under '{normalize_ws(around)[:80]}' was read as a look-alike "
                "(claims/events/examples), not as scopes: check it"
            )
        scope_cols, skipped = [_weak_column(grid, headers, weak, text_of, cache)], []
        if literal_column(grid, scope_cols[0], text_of):
            return None, None  # "Value | Behavior" over true / false: a setting's values
    desc_col = _description_column(headers, {*scope_cols, *skipped, *required})
    if desc_col is None and len(headers) == 2 and len(skipped) == 1:
        # "Project scopes | Scope name" over "Create projects | `projects:create`": the
        # scope's own label, the one text the table gives it, is its description
        desc_col = skipped[0]
    if desc_col is None:
        desc_col = lone_description(headers, {*scope_cols, *skipped, *required})
    if desc_col is None and len(scope_cols) == 1 and not skipped:
        desc_col = sole_prose_column(grid, headers, scope_cols[0], text_of)
    if desc_col is None and len(scope_cols) == 1:
        desc_col = scope_label_column(headers, skipped, scope_cols[0])
    if desc_col is None and len(scope_cols) > 1 and not strong:
        return None, None
    version_col = next((i for i, h in enumerate(headers) if _VERSION_COL.match(h)), None)
    kind_col = next((i for i, h in enumerate(headers) if _KIND_COL.match(h)), None)
    scope_version = detect_version(headers[scope_cols[0]])
    plan = TablePlan(tuple(scope_cols), desc_col, version_col, kind_col, 1, scope_version, cache)
    return plan, note


def _content_check(
    grid: Grid,
    headers: list[str],
    strong: list[int],
    required: set[int],
    text_of: TextOf,
    cache: CellTokens,
) -> tuple[list[int], list[int], str | None]:
    """(scope columns, demoted header columns, note): the content of the strong columns."""
    stats = {i: column_stats(grid, 1, i, text_of, cache) for i in strong}
    good = [i for i in strong if stats[i].token_shaped and stats[i].mostly_distinct]
    if good:
        return good, [i for i in strong if i not in good], None
    taken = {*strong, *required}
    candidates = [
        i
        for i, h in enumerate(headers)
        if i not in taken
        and not _NOT_SCOPE.search(h)
        and not _VERSION_COL.match(h)
        and not _KIND_COL.match(h)
    ]
    best: tuple[int, ColumnStats] | None = None
    for col in candidates:
        found = column_stats(grid, 1, col, text_of, cache)
        if found.clear and (best is None or found.tokens > best[1].tokens):
            best = (col, found)
    first = strong[0]
    shown = headers[first] or f"column {first + 1}"
    if best is not None:
        col, found = best
        return (
            [col],
            strong,
            (
                f"the '{shown}' column does not hold distinct scope tokens "
                f"({stats[first].distinct} distinct values over {stats[first].filled} rows); the "
                f"scopes were read from the '{headers[col] or f'column {col + 1}'}' column, which "
                f"does ({found.distinct} distinct tokens)"
            ),
        )
    return strong, [], None


def _constants_note(
    grid: Grid, headers: list[str], weak: list[int], context: str, text_of: TextOf
) -> str | None:
    """A warning for an SDK page's scope enumeration that gives only constant names
    (``OPENID``, ``OfflineAccess``) and not the strings a client sends."""
    if not weak or not mentions_scopes(context):
        return None
    values = [normalize_ws(text_of(cell.tag)) for row in grid[1:] if (cell := row[weak[0]])]
    if len(values) < 2 or not all(_CONSTANT.fullmatch(v) for v in values):
        return None
    if all(v[1:].islower() for v in values):
        return None  # "Read", "Admin": capitalised words, not constants
    return (
        f"a table of {len(values)} constant names under '{headers[weak[0]]}' "
        f"({', '.join(values[:3])} ...) seems to enumerate scopes without their values: "
        "the scope strings are not on this page; read them from the API's own scope list"
    )


def _grid_note(grid: Grid, headers: list[str], context: str) -> str | None:
    """A warning for a resource x access grid ("Resource | read | write"): its scope names
    are composed by a rule the page states, never written out, so none is read."""
    access = [h for h in headers[1:] if _ACCESS_WORD.match(h)]
    if len(access) < 2 or len(grid) < 2 or not mentions_scopes(context):
        return None
    return (
        f"a grid of {len(grid) - 1} row(s) by access level ({', '.join(access)}) under a scope "
        "context was not read: its scope names are composed from row and column, not written "
        "on the page; compose them by the page's rule and check them"
    )


def _weak_column(
    grid: Grid, headers: list[str], weak: list[int], text_of: TextOf, cache: CellTokens
) -> int:
    """The weak column that holds the scopes: in a "Name | Value" table of an enumeration
    (``USER_READ`` | ``user:read``) the value is what a client sends, not the constant."""
    if len(weak) < 2:
        return weak[0]
    values = [i for i in weak if headers[i].strip(" :*") in ("value", "values")]
    for col in values:
        if column_stats(grid, 1, col, text_of, cache).token_shaped:
            return col
    # "Name | Key" over "Notifications | `notification`": the first is a row's title in
    # words, the one column of distinct names in code is what a client sends
    if not column_stats(grid, 1, weak[0], text_of, cache).clear:
        for col in weak[1:]:
            if column_stats(grid, 1, col, text_of, cache).clear:
                return col
    return weak[0]


def _description_column(headers: list[str], taken: set[int]) -> int | None:
    for pattern in _DESC_RANKED:
        found = [
            i
            for i, h in enumerate(headers)
            if i not in taken and pattern.search(h) and not _NOT_DESCRIPTION.match(h)
        ]
        if found:
            return found[0]
    return None


def _plan_from_content(
    grid: Grid, first: int, scope_seen: bool, text_of: TextOf, uniform: bool = False
) -> TablePlan | None:
    if not scope_seen:
        return None
    body = grid[first:]
    width = len(grid[0])
    best: int | None = None
    for col in range(width):
        cells = [r[col] for r in body if r[col] is not None and text_of(r[col].tag)]  # type: ignore[union-attr]
        pure = [c for c in cells if c and _pure_code_scope(c.tag, text_of)]
        # Plain tokens among code ones (``a.read`` here, a.write there): one column still,
        # when the whole column is then a uniform run of one shape.
        coded = {id(c) for c in pure}
        plain = [c for c in cells if c and id(c) not in coded and plain_scope(c.tag, text_of)]
        if cells and len(pure) + len(plain) >= 0.8 * len(cells) and len(pure) * 2 >= len(cells):
            best, uniform = col, uniform or bool(plain)
            break
    if best is None:
        return None
    if uniform:
        cells = [r[best] for r in body if r[best] is not None]
        tokens = [t for c in cells if c for t in cell_scopes(c.tag, text_of)[0]]
        if not uniform_scope_run(tokens):
            return None
    # Without a header nothing names a description. A lone other column is the page's only
    # per-scope information (an HTTP-method cell, as Sentry gives it); among several, only a
    # column of prose (3+ words a cell on average) is a description, never a column of
    # short labels such as a product or an access type.
    words = {
        col: [len(normalize_ws(text_of(cell.tag)).split()) for row in body if (cell := row[col])]
        for col in range(width)
        if col != best
    }
    if len(words) > 1:
        words = {col: n for col, n in words.items() if n and sum(n) >= 3 * len(n)}
    desc_col = max(words, key=lambda col: sum(words[col])) if words else None
    return TablePlan((best,), desc_col, None, None, first)


def _pure_code_scope(tag: Tag, text_of: TextOf) -> bool:
    codes = tags_in(tag, {"code"})
    if len(codes) != 1 or len(split_code_span(codes[0].get_text())) > 1:
        return codes_only(tag, codes, text_of)
    token = clean_scope_token(codes[0].get_text())
    if not looks_like_scope(token):
        return False
    if normalize_ws(text_of(tag)) == token or _first_line_is(codes[0], tag, token, text_of):
        return True
    return codes_only(tag, codes, text_of)  # "`a.read` / a.write": a pair, one name in code


_LINE_BLOCKS = frozenset({"div", "p", "li"})


def _first_line_is(code: Tag, cell: Tag, token: str, text_of: TextOf) -> bool:
    """The cell's first line holds the code token alone, later lines a label (a reST line
    block ``| ``name`` / | Product API``, rendered as one ``div.line`` a line)."""
    node = code.parent
    while node is not None and node is not cell:
        if node.name in _LINE_BLOCKS:
            if normalize_ws(text_of(node)) != token:
                return False
            return normalize_ws(text_of(cell)).startswith(token + " ")
        node = node.parent
    return False
