"""The scope table: every scope record from every document merged into one row per scope.

A row keeps everything seen about a scope (versions, kinds, sections, sources) and the
description from the most authoritative source: a current list beats a legacy or deprecated
one, then the source order (the catalog's order, or the order documents were given).

Texts that differ between a permission's *kinds* (delegated vs application) are per-kind
descriptions, kept in ``kind_descriptions`` and not a doubt. Rows in real doubt are *flagged*
(``flags`` names each doubt, see :data:`FLAG_REASONS`; ``note`` says it in words), never
dropped: people decide in review (``include``). Texts that contradict the chosen one for the
same kind (or a kind-less text that matches no kind) are kept in ``other_descriptions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from factory.contract.decisions import CANDIDATE as DECISIONS_CANDIDATE
from factory.contract.scope_types import classify_scope
from factory.extract.text import is_no_scope_placeholder
from factory.models import ExtractionResult, ScopeRecord

COLUMNS = (
    "scope_name",
    "description",
    "versions",
    "kinds",
    "sections",
    "sources",
    "other_descriptions",
    "kind_descriptions",
    "scope_type",
    "include",
    "status",
    "flags",
    "note",
    "description_source",
)
#: Version labels that lose to any other label when choosing the description.
LEGACY_LABELS = frozenset({"legacy", "deprecated", "retired", "sunset", "obsolete", "old"})
#: Each flag a row can carry (the ``flags`` column, comma-joined) and what it means.
FLAG_REASONS = {
    "conflict": "same kind, different text across sources",
    "no-description": "no description in any source",
    "legacy-only": "only in legacy/deprecated lists",
    "whitespace": "scope name contains whitespace",
    "placeholder": "looks like a no-scope placeholder: left out unless a person includes it",
    "prose": "found only in running text, not in a scope list",
    "per-operation": "found only in a per-operation requirement list",
    "no-scope-context": "the second reader never saw it where the page speaks of scopes (a role, "
    "access level, event name or example key?)",
    DECISIONS_CANDIDATE: "not read as a scope; the second reader found it in scope context: "
    "left out unless a person includes it",
}
#: The status (and flag) of a candidate row (see :func:`build_scope_table`).
CANDIDATE = DECISIONS_CANDIDATE
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


def _origin(record: ScopeRecord) -> str:
    """Where in its page a record was found, from its locator: list, prose or operation."""
    where = (record.locator or "").lower()
    if where.startswith(("paragraph", "prose", "text", "sentence")):
        return "prose"
    if "operation" in where or where.startswith(("/paths", "#/paths")):
        return "per-operation"
    return "list"


def _kind_texts(described: list[ScopeRecord]) -> tuple[dict[str, str], list[str]]:
    """Per kind, the first (most authoritative) text; and the texts that contradict it.

    A kind-less record agrees when its text is any kind's text (a page without kinds quoting
    one of them); a text that differs within one kind, or matches no kind, is a conflict.
    """
    per_kind: dict[str, str] = {}
    for record in described:
        kind = _norm(record.kind).lower()
        if kind:
            per_kind.setdefault(kind, _norm(record.description))
    conflicts = []
    for record in described:
        text, kind = _norm(record.description), _norm(record.kind).lower()
        known = [per_kind[kind]] if kind else list(per_kind.values())
        if known and text not in known:
            conflicts.append(text)
    if not per_kind:  # no kinds at all: every distinct text after the first disagrees
        conflicts = _unique([_norm(r.description) for r in described])[1:]
    return per_kind, _unique(conflicts)


def _merge(row: _Row, unconfirmed: frozenset[str] = frozenset()) -> dict[str, object]:
    ranked = [record for _key, record in sorted(row.records, key=lambda item: item[0])]
    described = [r for r in ranked if _norm(r.description)]
    chosen = described[0] if described else ranked[0]
    description = _norm(chosen.description) or None
    per_kind, conflicts = _kind_texts(described)
    kind_descriptions = (
        [f"{kind}: {text}" for kind, text in sorted(per_kind.items())]
        if len(set(per_kind.values())) > 1
        else []
    )
    versions = sorted({_norm(r.version) for r in ranked if _norm(r.version)})
    flags: list[str] = []
    if conflicts:
        flags.append("conflict")
    if description is None:
        flags.append("no-description")
    if all(is_legacy(r.version) for r in ranked):
        flags.append("legacy-only")
    if row.name != row.name.strip() or any(ch.isspace() for ch in row.name):
        flags.append("whitespace")
    placeholder = is_no_scope_placeholder(row.name, description)
    if placeholder:
        flags.append("placeholder")
    origins = {_origin(r) for r in ranked}
    if origins == {"prose"} or origins == {"per-operation"}:
        flags.append(origins.pop())
    if row.name in unconfirmed:
        flags.append("no-scope-context")
    notes = [FLAG_REASONS[f] for f in flags]
    if conflicts:
        notes[0] += f" ({len(conflicts) + 1} versions of the text)"
    scope_type = classify_scope(row.name, description)
    return {
        "scope_name": row.name,
        "description": description,
        "versions": ", ".join(versions),
        "kinds": ", ".join(sorted({_norm(r.kind) for r in ranked if _norm(r.kind)})),
        "sections": LIST_SEPARATOR.join(_unique([_norm(r.section) for r in ranked])),
        "sources": LIST_SEPARATOR.join(_unique([r.source_url or "" for r in ranked])),
        "other_descriptions": LIST_SEPARATOR.join(conflicts),
        "kind_descriptions": LIST_SEPARATOR.join(kind_descriptions),
        "scope_type": scope_type,
        "include": not placeholder,
        "status": "flagged" if flags else "ok",
        "flags": ", ".join(flags),
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
        then position in the document), then the harvester's candidates that no document
        returned as a scope (status ``candidate``, ``include`` False). Nothing is dropped;
        doubtful rows are ``flagged``.
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
    unconfirmed = _unconfirmed(results)
    merged = [_merge(r, unconfirmed) for r in ordered]
    merged += _candidate_rows(results, set(rows))
    frame = pd.DataFrame(merged, columns=list(COLUMNS))
    return frame.astype({"include": bool}).reset_index(drop=True)


def _unconfirmed(results: Sequence[ExtractionResult]) -> frozenset[str]:
    """Names the harvester never saw in scope context in any document that has them."""
    doubted: set[str] = set()
    confirmed: set[str] = set()
    for result in results:
        flagged = set(result.unconfirmed)
        for record in result.scopes:
            (doubted if record.scope_name in flagged else confirmed).add(record.scope_name)
    return frozenset(doubted - confirmed)


def _candidate_rows(
    results: Sequence[ExtractionResult], taken: set[str]
) -> list[dict[str, object]]:
    """One excluded row per candidate no document returned as a scope, in document order."""
    rows: dict[str, dict[str, object]] = {}
    for result in results:
        for found in result.candidates:
            name = found.scope_name
            if name in taken:
                continue
            if name in rows:
                row = rows[name]
                if result.source not in str(row["sources"]).split(LIST_SEPARATOR):
                    row["sources"] = f"{row['sources']}{LIST_SEPARATOR}{result.source}"
                continue
            rows[name] = {
                "scope_name": name,
                "description": None,
                "versions": "",
                "kinds": "",
                "sections": found.locator,
                "sources": result.source,
                "other_descriptions": "",
                "kind_descriptions": "",
                "scope_type": classify_scope(name, None),
                "include": False,
                "status": CANDIDATE,
                "flags": CANDIDATE,
                "note": f"{FLAG_REASONS[CANDIDATE]}; why: {found.why}; context: {found.context}",
                "description_source": "",
            }
    return list(rows.values())


def candidate_count(table: pd.DataFrame) -> int:
    """How many rows of the table are candidates awaiting review (not included)."""
    if "status" not in table.columns:
        return 0
    waiting = (table["status"] == CANDIDATE) & ~table["include"].astype(bool)
    return int(waiting.sum())


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
    kept = table[table["status"] != CANDIDATE] if "status" in table.columns else table
    for sources in kept["sources"]:
        for url in str(sources).split(LIST_SEPARATOR):
            if url:
                counts[url] = counts.get(url, 0) + 1
    return counts
