"""The check's rows as plain data: state, badges, per-column filters, and problems per scope.

:mod:`factory.workbench.review` shows these rows in one data grid; everything that must stay
fast at hundreds of scopes (filtering, bulk include/exclude/retype, mapping a validator
problem to the scope it is about) happens here on plain objects, never on widgets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from factory.contract.decisions import (
    CANDIDATE,
    Decisions,
    fit_problems,
    included_by,
    new_since_review,
    prune_decisions,
    who_and_when,
)
from factory.contract.scope_types import SCOPE_TYPES, classify_scope
from factory.errors import ContractError, EvidenceError, Problem
from factory.evidence.standing import NEW_SINCE_REVIEW
from factory.models import ScopeRecord
from factory.research.table import LIST_SEPARATOR, is_legacy

_UNSAFE_CSS = re.compile(r"[^A-Za-z0-9_-]+")
_SCOPE_INDEX = re.compile(r"^\$\.sections\.scopes\.scopes\[(\d+)\]")
_FIRST_AT = re.compile(r"\(first at index (\d+)\)")
_DEPRECATED = re.compile(r"\b(deprecated|retired|sunset|obsolete)\b", re.I)
ALL: Final = "all"
#: The flag filter's choices besides each table flag ("candidate": the harvester's
#: candidates awaiting review; the include action includes one).
SPECIAL_FILTERS: Final = ("flagged", "problems", "deprecated", "ok", CANDIDATE)


def css_key(name: str) -> str:
    """A CSS-class-safe form of a scope name (``user.info:basic`` -> ``user-info-basic``)."""
    return _UNSAFE_CSS.sub("-", name).strip("-") or "scope"


def _text(value: Any) -> str:
    # pandas gives NaN/None for missing cells; both mean "no text".
    return value if isinstance(value, str) else ""


def _split(value: Any, sep: str = ",") -> tuple[str, ...]:
    return tuple(p.strip() for p in _text(value).split(sep) if p.strip())


@dataclass(slots=True)
class RowState:
    """One scope in the check: what the table said and what the researcher made of it."""

    key: str
    original_name: str
    description: str
    table_type: str
    include: bool
    name: str
    scope_type: str
    flags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    note: str = ""
    kind_descriptions: str = ""
    status: str = "ok"
    sources: tuple[str, ...] = ()
    other_descriptions: tuple[str, ...] = ()
    description_source: str = ""
    candidate_context: str = ""  # the candidate harvester's context (where it was found)
    haystack: str = field(default="", repr=False)  # lower-case text the search looks in

    @property
    def candidate(self) -> bool:
        """Whether the row is a harvested candidate (left out unless a person includes it)."""
        return CANDIDATE in self.flags or self.status == CANDIDATE

    @property
    def is_candidate(self) -> bool:
        """Whether the row came from the candidate harvester alone (as :attr:`candidate`)."""
        return self.candidate

    @property
    def decision(self) -> str:
        """``included`` or ``excluded``: the grid's first column."""
        return "included" if self.include else "excluded"

    @property
    def deprecated(self) -> bool:
        """Whether a version label marks the scope deprecated, retired or sunset."""
        return any(_DEPRECATED.search(v) for v in self.versions)

    @property
    def legacy(self) -> bool:
        """Whether every version label is a legacy one."""
        return bool(self.versions) and all(is_legacy(v) for v in self.versions)

    @property
    def record(self) -> ScopeRecord:
        """The scope as the table had it (original name, verbatim description)."""
        return ScopeRecord(scope_name=self.original_name, description=self.description or None)

    def badges(self) -> list[str]:
        """Short labels shown on the row: flags, deprecated/legacy, kinds, versions."""
        out = list(self.flags)
        if self.deprecated:
            out.append("deprecated")
        out += [f"kind: {k}" for k in self.kinds]
        out += [f"version: {v}" for v in self.versions]
        return out


def _candidate_context(item: Mapping[str, Any]) -> str:
    """A candidate's context: its own column when given, else what the table's note says
    after ``context:`` (see ``factory.research.table``)."""
    given = _text(item.get("candidate_context"))
    if given or _text(item.get("status")) != CANDIDATE:
        return given
    return _text(item.get("note")).partition("context: ")[2]


def rows_of(table_or_records: Any) -> list[RowState]:
    """Row states from a scope table (DataFrame), mappings or ``ScopeRecord`` objects.

    Raises:
        ContractError: an item is none of these.
    """
    if hasattr(table_or_records, "to_dict") and hasattr(table_or_records, "columns"):
        items: Iterable[Any] = table_or_records.to_dict("records")
    else:
        items = table_or_records
    rows: list[RowState] = []
    used: set[str] = set()
    for item in items:
        if isinstance(item, ScopeRecord):
            item = item.to_dict()
        if not isinstance(item, Mapping):
            raise ContractError(
                [Problem("$", f"a scope row must be a mapping, found {type(item).__name__}")],
                "cannot review these scope rows",
            )
        name, description = _text(item.get("scope_name")), _text(item.get("description"))
        base = css_key(name)
        key, n = base, 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        used.add(key)
        guess = item.get("scope_type")
        if guess not in SCOPE_TYPES:
            guess = classify_scope(name, description or None)
        include = item.get("include", True)
        row = RowState(
            key=key,
            original_name=name,
            description=description,
            table_type=str(guess),
            include=bool(include) if include is not None else True,
            name=name,
            scope_type=str(guess),
            flags=_split(item.get("flags")),
            kinds=_split(item.get("kinds") or item.get("kind")),
            versions=_split(item.get("versions") or item.get("version")),
            note=_text(item.get("note")),
            kind_descriptions=_text(item.get("kind_descriptions")),
            status=_text(item.get("status")) or "ok",
            sources=_split(item.get("sources"), LIST_SEPARATOR),
            other_descriptions=_split(item.get("other_descriptions"), LIST_SEPARATOR),
            description_source=_text(item.get("description_source")),
            candidate_context=_candidate_context(item),
        )
        row.haystack = " ".join(
            (name, description, row.note, row.kind_descriptions, *row.badges())
        ).lower()
        rows.append(row)
    return rows


@dataclass(frozen=True, slots=True)
class RowFilter:
    """What the grid shows: one filter per column, all of them must pass.

    ``name``, ``source`` and ``candidate`` are case-insensitive substrings of that column
    alone (``name="Mail"`` never matches a scope whose *description* mentions mail); ``text``
    searches names, descriptions and notes together. The others pick one value (``all``:
    any); ``candidate`` may also be ``"candidate"`` / ``"not candidate"``.
    """

    text: str = ""
    flag: str = ALL
    kind: str = ALL
    version: str = ALL
    included: str = ALL  # all, included, excluded
    name: str = ""
    type: str = ALL
    status: str = ALL
    source: str = ""
    candidate: str = ""

    def matches(self, row: RowState, problem_keys: Iterable[str] = ()) -> bool:
        """Whether ``row`` passes every part of the filter."""
        needle = self.text.strip().lower()
        if needle and needle not in row.haystack and needle not in row.name.lower():
            return False
        name = self.name.strip().lower()
        if name and name not in row.original_name.lower() and name not in row.name.lower():
            return False
        if self.type != ALL and row.scope_type != self.type:
            return False
        if self.status != ALL and row.status != self.status:
            return False
        source = self.source.strip().lower()
        if source and not any(source in s.lower() for s in row.sources):
            return False
        if not _candidate_matches(self.candidate.strip().lower(), row):
            return False
        if self.flag != ALL and not _flag_matches(self.flag, row, problem_keys):
            return False
        if self.kind != ALL and self.kind not in row.kinds:
            return False
        if self.version != ALL and self.version not in row.versions:
            return False
        return self.included == ALL or (self.included == "included") == row.include


def _candidate_matches(needle: str, row: RowState) -> bool:
    if not needle or needle == ALL:
        return True
    if needle == CANDIDATE:
        return row.is_candidate
    if needle == f"not {CANDIDATE}":
        return not row.is_candidate
    return needle in row.candidate_context.lower()


def _flag_matches(flag: str, row: RowState, problem_keys: Iterable[str]) -> bool:
    if flag == "flagged":
        return bool(row.flags) and not row.candidate
    if flag == "ok":
        return not row.flags
    if flag == "problems":
        return row.key in problem_keys
    if flag == "deprecated":
        return row.deprecated
    if flag == CANDIDATE:  # by flag or by status, as the table marks them
        return row.candidate
    return flag in row.flags


def filter_rows(
    rows: Sequence[RowState], row_filter: RowFilter, problem_keys: Iterable[str] = ()
) -> list[RowState]:
    """The rows a filter shows, in table order."""
    keys = set(problem_keys)
    return [row for row in rows if row_filter.matches(row, keys)]


def problems_by_row(
    problems: Sequence[Problem], included: Sequence[RowState]
) -> tuple[dict[str, list[str]], list[str]]:
    """Each problem attached to the scope it is about, once per field.

    Args:
        problems: the validator's problems for a contract built from ``included``.
        included: the included rows, in contract order (index ``i`` is ``scopes[i]``).

    Returns:
        ``({row key: [message ...]}, [contract-wide message ...])``; a field reported twice
        (by the schema and by the laws) keeps one message, the laws' one.
    """
    per_row: dict[str, list[str]] = {}
    seen_fields: set[tuple[str, str]] = set()
    general: list[str] = []
    # The laws' own words first: "scope name is empty" reads better than the schema's.
    for problem in sorted(problems, key=lambda p: p.message.startswith("schema:")):
        match = _SCOPE_INDEX.match(problem.path)
        if match is None or int(match.group(1)) >= len(included):
            text = str(problem)
            if text not in general:
                general.append(text)
            continue
        row = included[int(match.group(1))]
        field_path = problem.path[match.end() :] or "."
        if (row.key, field_path) in seen_fields:
            continue
        seen_fields.add((row.key, field_path))
        per_row.setdefault(row.key, []).append(_by_name(problem.message, included))
    return per_row, general


def _by_name(message: str, included: Sequence[RowState]) -> str:
    """A validator message with "first at index N" told by the scope's name instead."""

    def name(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return f"(first: {included[index].original_name})" if index < len(included) else ""

    return _FIRST_AT.sub(name, message)


def decisions_of(
    rows: Sequence[RowState],
    annotations: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None,
    note: str = "",
) -> Decisions:
    """The researcher's decisions as the rows stand: excluded, type and name changes."""
    who, when = who_and_when()
    return Decisions(
        excluded=tuple(r.original_name for r in rows if not r.include and not r.candidate),
        included=tuple(r.original_name for r in rows if r.include and r.candidate),
        scope_types={r.original_name: r.scope_type for r in rows if r.scope_type != r.table_type},
        renamed={
            r.original_name: r.name.strip() for r in rows if r.name.strip() != r.original_name
        },
        annotations={
            k: {n: dict(v) for n, v in part.items()} for k, part in (annotations or {}).items()
        },
        decided_by=who,
        decided_at=when,
        note=note,
        reviewed=tuple(r.original_name for r in rows),
    )


def apply_to_rows(
    rows: Sequence[RowState], decisions: Decisions, *, standing: bool = False
) -> tuple[list[str], list[str]]:
    """Set the rows as the decisions say (as :func:`factory.contract.decisions.apply_decisions`).

    Args:
        rows: the check's rows.
        decisions: the decisions to apply.
        standing: the provider's standing decisions: one naming a scope the rows no longer
            have is dropped (and returned), not an error.

    Returns:
        ``(names of scopes the decisions name but the rows lack, names new since the review)``;
        the new rows get the :data:`NEW_SINCE_REVIEW` flag.

    Raises:
        EvidenceError: the decisions do not fit these rows; no row is changed.
    """
    names = [r.original_name for r in rows]
    gone: list[str] = []
    if standing:
        decisions, gone = prune_decisions(decisions, names)
    problems = fit_problems(names, decisions)
    if problems:
        raise EvidenceError(
            "decisions", "decisions do not fit this scope table: " + "; ".join(problems)
        )
    new = set(new_since_review(decisions, names))
    for row in rows:
        row.include = included_by(decisions, row.original_name, row.candidate)
        row.scope_type = decisions.scope_types.get(row.original_name, row.scope_type)
        row.name = decisions.renamed.get(row.original_name, row.original_name)
        if row.original_name in new and NEW_SINCE_REVIEW not in row.flags:
            row.flags = (*row.flags, NEW_SINCE_REVIEW)
            row.haystack += f" {NEW_SINCE_REVIEW}"
    return gone, [n for n in names if n in new]
