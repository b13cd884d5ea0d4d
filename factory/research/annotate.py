"""Source annotation: the researcher's own edits to the sources and notes on them.

Two kinds of edit, both recorded as evidence, never mixed into what the sources say:

- :func:`edit_candidates` drops a search candidate or adds a URL the researcher trusts
  (added URLs are official by the researcher's word and marked so in their reason);
- :func:`save_source_annotations` stores, per source URL and per scope, a version label and a
  note in ``sources.json`` (through :func:`factory.evidence.store.save_annotations`) and rewrites
  the scope checklist so each scope carries its label and note.

An annotation names a known source or scope and holds only ``version`` and ``note`` text;
anything else is refused with an :class:`~factory.errors.EvidenceError` before a file is
touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from factory.errors import EvidenceError
from factory.evidence.store import save_annotations, write_checklist, write_sources
from factory.models import Provider, SearchResult
from factory.research.search import SearchOutcome
from factory.research.table import LIST_SEPARATOR

ANNOTATION_KEYS: Final = ("version", "note")
ADDED_BACKEND: Final = "user"
ADDED_REASON: Final = "added by the researcher in the notebook"


@dataclass(frozen=True, slots=True)
class AnnotationFiles:
    """Where the annotations went."""

    sources_path: Path
    checklist_path: Path


def edit_candidates(
    search: SearchOutcome, *, drop: Iterable[str] = (), add: Iterable[str] = ()
) -> SearchOutcome:
    """The search outcome with the researcher's drops and additions.

    Args:
        search: candidates from :func:`factory.research.pipeline.find_sources`.
        drop: URLs to leave out (a URL that is not a candidate is refused).
        add: URLs to add as trusted sources (backend ``user``), after the candidates.

    Raises:
        EvidenceError: a dropped URL is not among the candidates.
    """
    dropped = list(dict.fromkeys(drop))
    known = {r.url for r in search.results}
    unknown = [url for url in dropped if url not in known]
    if unknown:
        raise EvidenceError("candidates", f"cannot drop URLs that are not candidates: {unknown}")
    kept = [r for r in search.results if r.url not in set(dropped)]
    present = {r.url for r in kept}
    added = [
        SearchResult(url, backend=ADDED_BACKEND, is_official=True, reason=ADDED_REASON)
        for url in dict.fromkeys(add)
        if url not in present
    ]
    notes = list(search.notes)
    if dropped:
        notes.append(f"dropped by the researcher: {', '.join(dropped)}")
    return SearchOutcome(results=(*kept, *added), notes=tuple(notes))


def default_source_annotations(
    provider: Provider, urls: Sequence[str]
) -> dict[str, dict[str, str]]:
    """A starting point: each URL with the catalog's version label for it (or ``""``)."""
    labels = {s.url: s.version or "" for s in provider.sources}
    return {url: {"version": labels.get(url, ""), "note": ""} for url in urls}


def _checked(
    annotations: Mapping[str, Any], known: set[str], what: str
) -> dict[str, dict[str, str]]:
    clean: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    for key, value in annotations.items():
        if key not in known:
            problems.append(f"unknown {what} {key!r}")
            continue
        if not isinstance(value, Mapping):
            problems.append(f"{what} {key!r}: expected a mapping of version/note")
            continue
        extra = [k for k in value if k not in ANNOTATION_KEYS]
        bad = [k for k, v in value.items() if k in ANNOTATION_KEYS and not isinstance(v, str)]
        if extra or bad:
            problems.append(f"{what} {key!r}: only text 'version' and 'note' are allowed")
            continue
        entry = {k: " ".join(str(value[k]).split()) for k in ANNOTATION_KEYS if k in value}
        if any(entry.values()):
            clean[key] = entry
    if problems:
        raise EvidenceError("sources.json", "bad annotation(s): " + "; ".join(problems))
    return clean


def _describe(entry: Mapping[str, str]) -> list[str]:
    parts = []
    if entry.get("version"):
        parts.append(f"version label: {entry['version']}")
    if entry.get("note"):
        parts.append(f"researcher: {entry['note']}")
    return parts


def annotated_rows(
    rows: Iterable[Mapping[str, Any]],
    scopes: Mapping[str, Mapping[str, str]],
    sources: Mapping[str, Mapping[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """Checklist rows with the scope's annotation, and those of its sources, in ``note``."""
    out = []
    for row in rows:
        merged = dict(row)
        parts = [str(row.get("note") or "")]
        parts.extend(_describe(scopes.get(str(row.get("scope_name")), {})))
        for url in str(row.get("sources") or "").split(LIST_SEPARATOR):
            described = _describe((sources or {}).get(url, {}))
            if described:
                parts.append(f"source {url}: " + ", ".join(described))
        merged["note"] = "; ".join(p for p in parts if p)
        out.append(merged)
    return out


def check_annotations(
    rows: Sequence[Mapping[str, Any]],
    candidates: Sequence[SearchResult],
    *,
    sources: Mapping[str, Any] | None = None,
    scopes: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, dict[str, str]]]:
    """The annotations, cleaned: ``{"sources": {url: ...}, "scopes": {name: ...}}``.

    Raises:
        EvidenceError: an annotation names an unknown source or scope or holds anything but
            text ``version``/``note``.
    """
    urls = {r.url for r in candidates} | {
        url for row in rows for url in str(row.get("sources") or "").split(LIST_SEPARATOR) if url
    }
    return {
        "sources": _checked(sources or {}, urls, "source"),
        "scopes": _checked(scopes or {}, {str(r.get("scope_name")) for r in rows}, "scope"),
    }


def save_source_annotations(
    folder: Path,
    provider: Provider,
    rows: Sequence[Mapping[str, Any]],
    candidates: Sequence[SearchResult],
    *,
    sources: Mapping[str, Any] | None = None,
    scopes: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> AnnotationFiles:
    """Record the annotations in ``sources.json`` and the scope checklist.

    Args:
        folder: the provider's evidence folder.
        provider: the resolved provider (names the checklist).
        rows: the scope table's rows (``table.to_dict("records")``).
        candidates: the search results kept (official and leads), recorded in
            ``sources.json``.
        sources: ``{url: {"version": ..., "note": ...}}`` for known source URLs.
        scopes: ``{scope_name: {"version": ..., "note": ...}}`` for scopes in ``rows``.
        env: the environment used to redact secrets from what is written.

    Raises:
        EvidenceError: an annotation names an unknown source or scope or holds anything but
            text ``version``/``note`` (nothing is written then).
    """
    checked = check_annotations(rows, candidates, sources=sources, scopes=scopes)
    source_notes, scope_notes = checked["sources"], checked["scopes"]
    folder.mkdir(parents=True, exist_ok=True)
    write_sources(folder, candidates, env=env)
    path = save_annotations(folder, {"sources": source_notes, "scopes": scope_notes}, env=env)
    checklist = write_checklist(
        folder,
        provider.display_name,
        provider.platform,
        annotated_rows(rows, scope_notes, source_notes),
        env=env,
    )
    return AnnotationFiles(sources_path=path, checklist_path=checklist)
