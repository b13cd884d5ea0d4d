"""What changed between two contracts or two evidence runs, scope by scope and source by source.

A :class:`Snapshot` is what is compared: the scopes of a contract file (name, description,
type) or of an evidence run (its ``report.json`` adds each scope's version and source URL; its
``manifest.json`` gives the sha256 of every fetched body). :func:`diff_snapshots` finds:

- **added** / **removed** scope names;
- **renamed**: a removed and an added scope with the same non-empty description (paired one to
  one, in order);
- **reworded**: same name, another description, with a word-level diff (``difflib``) written
  ``[-old words-]{+new words+}``;
- **version** and **kind** (scope type) changes;
- **excluded**: a scope the newer run's provider still lists but the researcher's decisions
  (its ``decisions.json``) leave out, told apart from one the provider removed.

Changes are grouped per source URL, each group carrying the sha256 of the body fetched in the
old and in the new run. An approved contract compared with a fresh run gives the line people
need: "approved contract X is behind the provider by N scopes".
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from factory.contract.decisions import DECISIONS_FILE, load_decisions
from factory.errors import EvidenceError
from factory.evidence.runs import FLAT_RUN, RunView, open_run, previous_run
from factory.research.catalog import resolve_provider
from factory.research.stages import extract_all, make_table
from factory.research.table import table_records
from factory.safeload import loads_json

NO_SOURCE: Final = "(no source recorded)"
KINDS: Final = ("added", "removed", "renamed", "reworded", "version", "kind", "excluded")
_SUMMARY_WORDS: Final = {"version": "version changed", "kind": "kind changed"}


@dataclass(frozen=True, slots=True)
class Scope:
    """One scope as a snapshot knows it (``version``/``source_url`` only from runs)."""

    name: str
    description: str = ""
    kind: str | None = None
    version: str | None = None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A contract or a run, reduced to what a diff compares."""

    label: str  # what people see: the file or folder
    origin: str  # "contract" or "run"
    scopes: Mapping[str, Scope]
    documents: Mapping[str, str] = field(default_factory=dict)  # url -> sha256 of the body
    status: str | None = None  # a contract's status (draft, approved ...)
    display_name: str | None = None
    # scope name -> "decisions of run X": left out by the researcher, not by the provider
    excluded: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScopeChange:
    """One change; ``old``/``new`` are the values that changed (name, description ...)."""

    change: str  # one of KINDS
    name: str  # the scope's name in the newer snapshot (the older one's when removed)
    old: str | None = None
    new: str | None = None
    words: str | None = None  # the word diff of a rewording
    source_url: str = NO_SOURCE

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict."""
        data = {"change": self.change, "name": self.name, "old": self.old, "new": self.new}
        return data | ({"words": self.words} if self.words is not None else {})


@dataclass(frozen=True, slots=True)
class SourceDiff:
    """The changes found under one source URL, with the sha256 of both bodies."""

    url: str
    old_sha256: str | None
    new_sha256: str | None
    changes: tuple[ScopeChange, ...] = ()

    @property
    def body(self) -> str:
        """``same``, ``changed``, ``added`` (only in the new run) or ``removed``."""
        if self.old_sha256 is None and self.new_sha256 is None:
            return "unknown"
        if self.old_sha256 is None:
            return "added"
        if self.new_sha256 is None:
            return "removed"
        return "same" if self.old_sha256 == self.new_sha256 else "changed"

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict."""
        return {
            "url": self.url,
            "body": self.body,
            "old_sha256": self.old_sha256,
            "new_sha256": self.new_sha256,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything that changed from ``old`` to ``new``."""

    old: Snapshot
    new: Snapshot
    changes: tuple[ScopeChange, ...]
    sources: tuple[SourceDiff, ...]

    def count(self, change: str) -> int:
        """How many changes of one kind (see ``KINDS``)."""
        return sum(1 for c in self.changes if c.change == change)

    @property
    def scopes_behind(self) -> int:
        """Scopes that differ: each added, removed, renamed or otherwise changed one once."""
        return len({c.name for c in self.changes})  # a removed name is never a newer name

    @property
    def behind_note(self) -> str | None:
        """The approved-contract signal, when ``old`` is a contract that is not a draft."""
        if self.old.origin != "contract" or self.old.status in (None, "draft"):
            return None
        name = self.old.display_name or self.old.label
        if not self.changes:
            return f"{self.old.status} contract {name} is up to date with the provider"
        return (
            f"{self.old.status} contract {name} is behind the provider by "
            f"{self.scopes_behind} scope(s)"
        )

    def summary(self) -> dict[str, int]:
        """Counts per kind of change, plus the scope totals."""
        counts = {kind: self.count(kind) for kind in KINDS}
        return {"old_scopes": len(self.old.scopes), "new_scopes": len(self.new.scopes), **counts}

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` object."""
        return {
            "old": {"label": self.old.label, "origin": self.old.origin, "status": self.old.status},
            "new": {"label": self.new.label, "origin": self.new.origin, "status": self.new.status},
            "summary": self.summary(),
            "behind": self.behind_note,
            "sources": [s.to_dict() for s in self.sources],
        }

    def to_text(self) -> str:
        """Plain text: the counts, then each source URL with its bodies' sha256 and changes."""
        s = self.summary()
        lines = [
            f"Diff: {self.old.label} -> {self.new.label}",
            f"Scopes: {s['old_scopes']} -> {s['new_scopes']} ("
            + ", ".join(f"{s[k]} {_SUMMARY_WORDS.get(k, k)}" for k in KINDS)
            + ")",
        ]
        if self.behind_note:
            lines.append(self.behind_note)
        for source in self.sources:
            old, new = _short(source.old_sha256), _short(source.new_sha256)
            lines.append(f"Source {source.url}  sha256 {old} -> {new} ({source.body})")
            lines.extend(f"  {_change_line(c)}" for c in source.changes)
        if not self.changes:
            lines.append("No scope changed.")
        return "\n".join(lines) + "\n"


def _short(sha: str | None) -> str:
    return sha[:12] if sha else "-"


def _change_line(c: ScopeChange) -> str:
    if c.change == "added":
        return f"+ added     {c.name}: {c.new or '(no description)'}"
    if c.change == "removed":
        return f"- removed by the provider  {c.name}: {c.old or '(no description)'}"
    if c.change == "excluded":
        return f"- excluded by the researcher ({c.new})  {c.name}: {c.old or '(no description)'}"
    if c.change == "renamed":
        return f"~ renamed   {c.old} -> {c.new}"
    if c.change == "reworded":
        return f"~ reworded  {c.name}: {c.words}"
    return f"~ {c.change:<9} {c.name}: {c.old or '-'} -> {c.new or '-'}"


def word_diff(old: str, new: str) -> str:
    """A word-level diff: unchanged words as they are, ``[-removed-]`` and ``{+added+}``."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.extend(a[i1:i2])
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(parts)


def _scope_changes(old: Snapshot, new: Snapshot) -> list[ScopeChange]:
    before, after = old.scopes, new.scopes
    added = [n for n in after if n not in before]
    removed = [n for n in before if n not in after]
    changes: list[ScopeChange] = []
    for name in list(removed):
        if name in new.excluded:  # the researcher's, not a rename by the provider
            continue
        description = before[name].description
        partner = next(
            (n for n in added if description and after[n].description == description), None
        )
        if partner is None:
            continue
        added.remove(partner)
        removed.remove(name)
        url = after[partner].source_url or NO_SOURCE
        changes.append(ScopeChange("renamed", partner, name, partner, source_url=url))
    for name in added:
        scope = after[name]
        changes.append(
            ScopeChange(
                "added", name, None, scope.description, source_url=scope.source_url or NO_SOURCE
            )
        )
    for name in removed:
        scope = before[name]
        why = new.excluded.get(name)
        changes.append(
            ScopeChange(
                "removed" if why is None else "excluded", name, scope.description, why,
                source_url=scope.source_url or NO_SOURCE,
            )
        )  # fmt: skip
    for name, scope in after.items():
        if name not in before:
            continue
        was = before[name]
        url = scope.source_url or was.source_url or NO_SOURCE
        if was.description != scope.description:
            words = word_diff(was.description, scope.description)
            changes.append(
                ScopeChange("reworded", name, was.description, scope.description, words, url)
            )
        # a contract records no version: only two runs can show a version change
        if was.version != scope.version and old.origin == new.origin == "run":
            changes.append(ScopeChange("version", name, was.version, scope.version, source_url=url))
        if was.kind != scope.kind and was.kind is not None and scope.kind is not None:
            changes.append(ScopeChange("kind", name, was.kind, scope.kind, source_url=url))
    return changes


def diff_snapshots(old: Snapshot, new: Snapshot) -> Diff:
    """Every scope change from ``old`` to ``new``, grouped per source URL."""
    changes = _scope_changes(old, new)
    urls = list(dict.fromkeys([*old.documents, *new.documents, *(c.source_url for c in changes)]))
    sources = []
    for url in urls:
        mine = tuple(c for c in changes if c.source_url == url)
        if url == NO_SOURCE and not mine:
            continue
        sources.append(SourceDiff(url, old.documents.get(url), new.documents.get(url), mine))
    return Diff(old, new, tuple(changes), tuple(sources))


def _read_json(path: Path) -> Any:
    try:
        return loads_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvidenceError(str(path), "no such file") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise EvidenceError(str(path), f"unreadable JSON ({exc})") from exc


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _opt(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def contract_snapshot(path: str | Path, data: Mapping[str, Any] | None = None) -> Snapshot:
    """A contract file (or its parsed ``data``) as a snapshot.

    Raises:
        EvidenceError: the file is unreadable or is not a contract (no scope list).
    """
    file = Path(path)
    contract = _read_json(file) if data is None else data
    scopes = (
        contract.get("sections", {}).get("scopes", {}).get("scopes")
        if isinstance(contract, dict)
        else None
    )
    if not isinstance(scopes, list):
        raise EvidenceError(str(file), "not a contract: no sections.scopes.scopes list")
    found: dict[str, Scope] = {}
    for item in scopes:
        if isinstance(item, dict) and isinstance(item.get("scope_name"), str):
            name = item["scope_name"]
            found.setdefault(
                name, Scope(name, _text(item.get("description")), _opt(item.get("scope_type")))
            )
    return Snapshot(
        label=str(file),
        origin="contract",
        scopes=found,
        status=_opt(contract.get("status")),
        display_name=_opt(contract.get("display_name")),
    )


def _reported_scopes(view: RunView) -> dict[str, Scope]:
    scopes = view.report.get("scopes") if view.report is not None else None
    if not isinstance(scopes, list):
        raise EvidenceError(str(view.folder), "not a build report: no scope list")
    found: dict[str, Scope] = {}
    for item in scopes:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            found.setdefault(
                item["name"],
                Scope(
                    item["name"],
                    _text(item.get("description")),
                    _opt(item.get("type")),
                    _opt(item.get("version")),
                    _opt(item.get("source_url")),
                ),
            )
    return found


def _replayed_scopes(view: RunView) -> dict[str, Scope]:
    """A run without a report (refused, or failed after its evidence was written): its
    verified documents extracted again, as the build did, in memory. The scope type is left
    unknown (it is the contract's rule, not the evidence's), so it never counts as a change."""
    provider = resolve_provider(view.provider_dir.name)
    records = table_records(make_table(extract_all(view.documents(), provider), provider))
    found: dict[str, Scope] = {}
    for r in records:
        found.setdefault(
            r.scope_name, Scope(r.scope_name, r.description or "", None, r.version, r.source_url)
        )
    return found


def run_snapshot(view: RunView) -> Snapshot:
    """An evidence run as a snapshot: ``report.json``'s scopes (a run without a report, such
    as a refused one: its evidence extracted again), ``manifest.json``'s bodies.

    Raises:
        EvidenceError: the manifest lists no documents, or the report or evidence is unreadable.
    """
    entries = view.manifest.get("documents")
    if not isinstance(entries, list):
        raise EvidenceError(str(view.folder), "unreadable manifest: no document list")
    documents = {
        e["url"]: e["sha256"]
        for e in entries
        if isinstance(e, dict)
        and isinstance(e.get("url"), str)
        and isinstance(e.get("sha256"), str)
    }
    found = _reported_scopes(view) if view.report is not None else _replayed_scopes(view)
    when = view.time.isoformat(timespec="seconds") if view.time else "unknown time"
    if view.run == FLAT_RUN:
        label = f"{view.folder} ({when})"
    else:
        outcome = "" if view.record.outcome == "published" else f", {view.record.outcome}"
        label = f"{view.provider_dir}@{view.run}{outcome}"
    name = view.report.get("provider") if view.report is not None else None
    return Snapshot(
        label=label, origin="run", scopes=found, documents=documents, display_name=_opt(name),
        excluded=_excluded_by_decisions(view),
    )  # fmt: skip


def _excluded_by_decisions(view: RunView) -> dict[str, str]:
    """The scopes the run's ``decisions.json`` excludes, each with where the decision is."""
    path = view.folder / DECISIONS_FILE
    if not path.is_file():
        return {}
    decisions = load_decisions(path)
    who = " ".join(p for p in (decisions.decided_by, decisions.decided_at) if p)
    label = f"decisions of run {view.run}" + (f", {who}" if who else "")
    return dict.fromkeys(decisions.excluded, label)


def snapshot_of(path: str | Path) -> Snapshot:
    """A contract file or an evidence folder (a run, or a provider folder's latest run).

    Raises:
        EvidenceError: the path does not exist or is neither.
    """
    target = Path(path).expanduser()
    if target.is_file():
        return contract_snapshot(target)
    if target.is_dir():
        return run_snapshot(open_run(target))
    raise EvidenceError(str(target), "no such contract file or evidence folder")


def since_previous(run_folder: str | Path) -> Diff | None:
    """What a build changed: the provider's published run before ``run_folder`` against it.

    ``None`` when there is no earlier published run, or either run cannot be read (a build
    then simply has nothing to compare with).
    """
    try:
        new = open_run(run_folder)
        old = previous_run(new.provider_dir, new.run)
        return None if old is None else diff_snapshots(run_snapshot(old), run_snapshot(new))
    except EvidenceError:
        return None
