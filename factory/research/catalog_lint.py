"""The offline lint of the catalog: shape, roles, proof, official domains, duplicates.

Loading (:mod:`factory.research.catalog`) refuses what the pipeline cannot use; the lint
holds the curation rules on top (``connector-factory providers --lint``, run in the tests on
the packaged catalog):

- every source has a role, and a ``machine-readable`` one is flagged ``machine_readable``;
- proof comes whole: ``verified_by`` with a ``verified_at`` date that is not in the future,
  and the repository/path as ``evidence`` when an official repository is the proof;
  ``verified`` is derived from that proof and may no longer be written by hand;
- every source URL is on one of the provider's official domains (and under its official
  paths on a host it shares with others); no URL twice in one entry; no slug twice;
- every provider has a proven ``scope-list`` or ``machine-readable`` source, or, when it
  documents no scope strings (``scopes_kind: none`` or ``permission_groups``), a proven
  ``auth-guide`` page that says so.

A source without proof is not an error (the catalog may carry a lead it could not prove
yet); it is listed as a warning so that the number stays visible.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from factory.errors import CatalogError
from factory.research.catalog import default_catalog_path, load_entries
from factory.research.catalog_schema import (
    PROOF_KINDS,
    SCOPE_ROLES,
    SOURCE_ROLES,
    CatalogEntry,
    CatalogSource,
    is_loopback_host,
)
from factory.safeload import loads_yaml

#: Hosts of code repositories: a source there is official when its proof names the
#: provider's own repository (``evidence: owner/repo ...``).
CODE_HOSTS = frozenset({"github.com", "raw.githubusercontent.com"})
#: Providers with no list of scope strings to point at: no scopes at all (API keys, all-or-
#: nothing OAuth), or permission groups ticked in a console. Their proof is the official page
#: that says so.
NO_LIST_KINDS = frozenset({"none", "permission_groups"})
SOURCE_KEYS = frozenset(
    {"url", "label", "version", "format", "machine_readable", "role"}
    | {"verified_by", "verified_at", "evidence"}
)


@dataclass(frozen=True, slots=True)
class LintReport:
    """What the lint found, and the counts a catalog maintainer reports."""

    path: str
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    providers: int = 0
    sources: int = 0
    roles: tuple[tuple[str, int], ...] = ()
    proven: int = 0
    unverified: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "path": self.path,
            "ok": self.ok,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "providers": self.providers,
            "sources": self.sources,
            "roles": dict(self.roles),
            "proven": self.proven,
            "unverified": list(self.unverified),
        }


def lint_catalog(path: Path | None = None, *, today: dt.date | None = None) -> LintReport:
    """Lint a catalog file (the catalog in use when ``path`` is None); never raises for a bad
    catalog: every problem is in the report's ``errors``."""
    where = Path(path) if path is not None else default_catalog_path()
    day = today or dt.datetime.now(dt.UTC).date()
    errors: list[str] = []
    try:
        entries = load_entries(where)
    except CatalogError as exc:
        return LintReport(str(where), errors=tuple(exc.problems))
    errors.extend(_raw_key_problems(where))
    slugs = Counter(e.slug for e in entries)
    errors.extend(f"slug {s!r} is used by {n} providers" for s, n in slugs.items() if n > 1)
    unverified: list[str] = []
    for entry in entries:
        errors.extend(_entry_problems(entry, day))
        unverified.extend(f"{entry.display_name}: {s.url}" for s in entry.sources if not s.verified)
    sources = [s for e in entries for s in e.sources]
    roles = Counter(s.role or "(none)" for s in sources)
    return LintReport(
        path=str(where),
        errors=tuple(errors),
        warnings=tuple(f"unverified source (no proof) - {u}" for u in unverified),
        providers=len(entries),
        sources=len(sources),
        roles=tuple((r, roles[r]) for r in (*SOURCE_ROLES, "(none)") if roles[r]),
        proven=sum(1 for s in sources if s.verified),
        unverified=tuple(unverified),
    )


def _raw_key_problems(path: Path) -> list[str]:
    # The loader ignores keys it does not know; the lint names them (a hand-written
    # ``verified`` flag above all: it is derived from the proof now).
    data = loads_yaml(path.read_text(encoding="utf-8"))  # bounded like the loader
    problems: list[str] = []
    for item in data.get("providers", []) if isinstance(data, Mapping) else []:
        who = item.get("display_name", "?") if isinstance(item, Mapping) else "?"
        raw_sources = item.get("sources", []) if isinstance(item, Mapping) else []
        for n, raw in enumerate(raw_sources if isinstance(raw_sources, list) else []):
            extra = sorted(set(raw) - SOURCE_KEYS) if isinstance(raw, Mapping) else []
            for key in extra:
                why = (
                    "is derived from verified_by/verified_at: remove it"
                    if key == "verified"
                    else "is not a source field"
                )
                problems.append(f"{who}: field 'sources[{n}].{key}' {why}")
    return problems


def _entry_problems(entry: CatalogEntry, today: dt.date) -> list[str]:
    who = entry.display_name
    problems: list[str] = []
    seen: set[str] = set()
    for n, source in enumerate(entry.sources):
        field_ = f"{who}: field 'sources[{n}]'"
        if source.url in seen:
            problems.append(f"{field_} repeats {source.url}")
        seen.add(source.url)
        problems.extend(f"{field_} {p}" for p in _source_problems(entry, source, today))
    proven = [s for s in entry.sources if s.verified]
    if not any(s.role in SCOPE_ROLES for s in proven) and not (
        entry.scopes_kind in NO_LIST_KINDS and any(s.role == "auth-guide" for s in proven)
    ):
        problems.append(
            f"{who}: needs a proven 'scope-list' or 'machine-readable' source (or, with "
            f"scopes_kind {' or '.join(sorted(NO_LIST_KINDS))}, a proven 'auth-guide' page "
            "that says how access is granted instead)"
        )
    return problems


def _source_problems(entry: CatalogEntry, source: CatalogSource, today: dt.date) -> list[str]:
    problems: list[str] = []
    if not source.role:
        problems.append(f"needs a role (one of {', '.join(SOURCE_ROLES)})")
    if source.role == "machine-readable" and not source.machine_readable:
        problems.append("has role 'machine-readable' but machine_readable: false")
    if (source.verified_by is None) != (source.verified_at is None):
        problems.append("needs both verified_by and verified_at (or neither)")
    if source.verified_by is not None and source.verified_by not in PROOF_KINDS:
        problems.append(f"has unknown verified_by {source.verified_by!r}")
    if source.verified_at is not None:
        try:
            when = dt.date.fromisoformat(source.verified_at)
        except ValueError:
            problems.append(f"has verified_at {source.verified_at!r}: expected YYYY-MM-DD")
        else:
            if when > today:
                problems.append(f"has verified_at {source.verified_at} in the future")
    if source.verified_by == "official-repo" and "/" not in source.evidence:
        problems.append("is proven by an official repository: name it as evidence (owner/repo)")
    if not _on_official_domain(entry, source):
        problems.append(f"has {source.url}, which is not on an official domain or path")
    return problems


def _on_official_domain(entry: CatalogEntry, source: CatalogSource) -> bool:
    # The build's own rule (official domains, paths on a shared host), without its
    # "listed in the catalog" fallback, which would make every listed URL official.
    from factory.research.search import official_verdict  # the search stage's rule

    host = (urlsplit(source.url).hostname or "").lower()
    if is_loopback_host(host):
        return True
    if host in CODE_HOSTS:
        # a file in the provider's own repository: the evidence names that repository
        repo = "/".join(urlsplit(source.url).path.strip("/").split("/")[:2]).lower()
        return bool(repo) and repo in source.evidence.lower()
    official, _ = official_verdict(source.url, replace(entry.provider, sources=()))
    return official
