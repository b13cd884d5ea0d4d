"""The scope table: every scope record from every document merged into one row per scope.

A row keeps everything seen about a scope (versions, kinds, sections, sources) and the
description from the most authoritative source: a current list beats a legacy or deprecated
one, then the source order (the catalog's order, or the order documents were given). Other
descriptions are kept in ``other_descriptions``. Rows in doubt are *flagged* with a note, never
dropped: people decide in review (``include``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from factory.extract.text import is_no_scope_placeholder
from factory.models import ExtractionResult, ScopeRecord
from factory.scope_types import classify_scope

COLUMNS = (
    "scope_name",
    "description",
    "versions",
    "kinds",
    "sections",
    "sources",
    "other_descriptions",
    "scope_type",
    "include",
    "status",
    "note",
    "description_source",
)
#: Version labels that lose to any other label when choosing the description.
LEGACY_LABELS = frozenset({"legacy", "deprecated", "retired", "sunset", "obsolete", "old"})
LIST_SEPARATOR = " | "


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def is_legacy(version: str | None) -> bool:
    """Whether a version label marks a legacy/deprecated list."""
    words = _norm(version).lower().replace("-", " ").split()
    return any(word in LEGACY_LABELS for word in words)


@dataclass(slots=True)
class _Row:
    """The records of one scope, in authority order once sorted."""

    name: str
    first_seen: tuple[int, int, int]
    records: list[tuple[tuple[int, int, int, int], ScopeRecord]] = field(default_factory=list)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _merge(row: _Row) -> dict[str, object]:
    ranked = [record for _key, record in sorted(row.records, key=lambda item: item[0])]
    described = [r for r in ranked if _norm(r.description)]
    chosen = described[0] if described else ranked[0]
    description = _norm(chosen.description) or None
    others = _unique([_norm(r.description) for r in described if _norm(r.description)])
    others = [d for d in others if d != description]
    versions = sorted({_norm(r.version) for r in ranked if _norm(r.version)})
    notes = []
    if others:
        notes.append(f"differing descriptions ({len(others) + 1} versions of the text)")
    if description is None:
        notes.append("no description in any source")
    if all(is_legacy(r.version) for r in ranked):
        notes.append("only in legacy/deprecated lists")
    if row.name != row.name.strip() or any(ch.isspace() for ch in row.name):
        notes.append("scope name contains whitespace")
    placeholder = is_no_scope_placeholder(row.name, description)
    if placeholder:
        notes.append("looks like a no-scope placeholder: left out unless a person includes it")
    scope_type = classify_scope(row.name, description)
    return {
        "scope_name": row.name,
        "description": description,
        "versions": ", ".join(versions),
        "kinds": ", ".join(sorted({_norm(r.kind) for r in ranked if _norm(r.kind)})),
        "sections": LIST_SEPARATOR.join(_unique([_norm(r.section) for r in ranked])),
        "sources": LIST_SEPARATOR.join(_unique([r.source_url or "" for r in ranked])),
        "other_descriptions": LIST_SEPARATOR.join(others),
        "scope_type": scope_type,
        "include": not placeholder,
        "status": "flagged" if notes else "ok",
        "note": "; ".join(notes),
        "description_source": chosen.source_url or "",
    }


def build_scope_table(
    results: Sequence[ExtractionResult], source_order: Sequence[str] = ()
) -> pd.DataFrame:
    """Merge the scope records of every extraction result into one row per scope name.

    Args:
        results: extraction results, one per document.
        source_order: source URLs from most to least authoritative (the catalog's order);
            sources not listed rank after the listed ones, in ``results`` order.

    Returns:
        A DataFrame with :data:`COLUMNS`, rows in order of first appearance (by authority,
        then position in the document). Nothing is dropped; doubtful rows are ``flagged``.
    """
    order = {url: i for i, url in enumerate(source_order)}
    rows: dict[str, _Row] = {}
    for doc_index, result in enumerate(results):
        for position, record in enumerate(result.scopes):
            name = record.scope_name
            if not name:
                continue
            url = record.source_url or result.source
            source_rank = order.get(url, order.get(result.source, len(order) + doc_index))
            legacy = 1 if is_legacy(record.version) else 0
            key = (legacy, source_rank, doc_index, position)
            seen = (source_rank, doc_index, position)
            if record.source_url is None:
                record = ScopeRecord(**{**record.to_dict(), "source_url": result.source})
            row = rows.setdefault(name, _Row(name, seen))
            row.first_seen = min(row.first_seen, seen)
            row.records.append((key, record))
    ordered = sorted(rows.values(), key=lambda r: r.first_seen)
    frame = pd.DataFrame([_merge(r) for r in ordered], columns=list(COLUMNS))
    return frame.astype({"include": bool}).reset_index(drop=True)


def table_records(table: pd.DataFrame) -> list[ScopeRecord]:
    """The included rows as ``ScopeRecord`` objects, in table order (for the contract).

    Each record carries the chosen description, the first version label and section, and the
    source of the chosen description.
    """
    records = []
    for row in table.itertuples(index=False):
        if not bool(row.include):
            continue
        description = row.description if isinstance(row.description, str) else None
        records.append(
            ScopeRecord(
                scope_name=str(row.scope_name),
                description=description,
                version=(str(row.versions).split(", ")[0] or None),
                kind=(str(row.kinds).split(", ")[0] or None),
                section=(str(row.sections).split(LIST_SEPARATOR)[0] or None),
                source_url=str(row.description_source) or None,
            )
        )
    return records


def scope_type_overrides(table: pd.DataFrame) -> dict[str, str]:
    """``{scope_name: scope_type}`` for the included rows (review edits win over the rules)."""
    included = table[table["include"].astype(bool)]
    return dict(zip(included["scope_name"], included["scope_type"], strict=True))


def per_source_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many scopes each source documents, in order of first appearance."""
    counts: dict[str, int] = {}
    for sources in table["sources"]:
        for url in str(sources).split(LIST_SEPARATOR):
            if url:
                counts[url] = counts.get(url, 0) + 1
    return counts
