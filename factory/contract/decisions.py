"""The researcher's decisions: what the check changed, kept as evidence and replayable.

A decisions file (``decisions.json`` in the evidence folder, or any file handed to
``--decisions``) is one JSON object::

    {
      "excluded": ["Legacy0.Read", ...],            # scope names left out of the contract
      "scope_types": {"Mail.Send": "write", ...},   # scope name -> type, where changed
      "renamed": {"Mail.Raed": "Mail.Read"},        # scope name -> name written instead
      "included": ["files.share"],                   # candidates a person included
      "annotations": {"sources": {url: {"version", "note"}}, "scopes": {...}},
      "decided_by": "ana@laptop", "decided_at": "2026-11-30T22:10:00+00:00",
      "note": "free text",
      "reviewed": ["Mail.Read", ...],               # every scope the check showed then
      "operations": ["drive.files.list", "GET /files/{fileId}"]  # what the connector calls
    }

Names are the scope table's names (before any rename). Every scope not listed in
``excluded`` is included, except the harvester's candidates (status ``candidate``): those
are included only when listed in ``included`` (an older file without it leaves them out).
Only ``excluded`` and ``scope_types`` are required. ``operations`` (written only when chosen)
are the operations the connector will call, as the least-privilege section picked them.
:func:`apply_decisions` turns a scope table into the table those decisions describe, so
``build --decisions`` and a headless notebook run give the contract the check saved, byte for
byte. A malformed file or a decision naming an unknown scope is an
:class:`~factory.errors.EvidenceError` naming every problem; nothing is written.
"""

from __future__ import annotations

import getpass
import json
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from factory.atomic import atomic_write
from factory.contract.scope_types import SCOPE_TYPES
from factory.errors import EvidenceError
from factory.safeload import loads_json

if TYPE_CHECKING:
    import pandas as pd

DECISIONS_FILE: Final = "decisions.json"
_KEYS: Final = frozenset(
    {"excluded", "scope_types", "renamed", "annotations", "decided_by", "decided_at", "note"}
    | {"reviewed", "included", "operations"}
)


@dataclass(frozen=True, slots=True)
class Decisions:
    """What a researcher decided in the check (see the module docstring for the file)."""

    excluded: tuple[str, ...] = ()
    scope_types: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    decided_by: str = ""
    decided_at: str = ""
    note: str = ""
    included: tuple[str, ...] = ()  # candidates (status "candidate") a person included
    reviewed: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()  # what the connector calls (least-privilege section)

    def summary(self) -> str:
        """``"7 excluded, 2 retyped, 0 renamed"``: the counts people read in a build's notes."""
        included = f", {len(self.included)} candidate(s) included" if self.included else ""
        return (
            f"{len(self.excluded)} excluded, {len(self.scope_types)} retyped, "
            f"{len(self.renamed)} renamed{included}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON object written to ``decisions.json`` and into ``report.json``."""
        extra = {"included": list(self.included)} if self.included else {}
        return (
            extra
            | {
                "excluded": list(self.excluded),
                "scope_types": dict(self.scope_types),
                "renamed": dict(self.renamed),
                "annotations": {k: dict(v) for k, v in self.annotations.items()},
                "decided_by": self.decided_by,
                "decided_at": self.decided_at,
                "note": self.note,
            }
            | ({"reviewed": list(self.reviewed)} if self.reviewed else {})
            | ({"operations": list(self.operations)} if self.operations else {})
        )

    def lines(self) -> list[str]:
        """The decisions as plain-text lines for the report."""
        who = " ".join(p for p in (self.decided_by, self.decided_at) if p)
        out = [f"Decisions{f' ({who})' if who else ''}:"]
        out.append(f"  excluded ({len(self.excluded)}): {', '.join(self.excluded) or 'none'}")
        changed = [f"{name} -> {kind}" for name, kind in self.scope_types.items()]
        out.append(f"  type changes ({len(changed)}): {', '.join(changed) or 'none'}")
        names = [f"{old} -> {new}" for old, new in self.renamed.items()]
        out.append(f"  renamed ({len(names)}): {', '.join(names) or 'none'}")
        if self.included:
            out.append(f"  candidates included ({len(self.included)}): {', '.join(self.included)}")
        for part in ("sources", "scopes"):
            for key, entry in self.annotations.get(part, {}).items():
                text = ", ".join(f"{k}: {v}" for k, v in entry.items() if v)
                if text:
                    out.append(f"  annotation ({part[:-1]} {key}): {text}")
        if self.operations:
            out.append(f"  operations the connector calls: {', '.join(self.operations)}")
        if self.note:
            out.append(f"  note: {self.note}")
        return out


def who_and_when(now: datetime | None = None) -> tuple[str, str]:
    """``(user@host, ISO time in UTC)`` as the machine knows them."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in a container
        user = "unknown"
    when = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    return f"{user}@{socket.gethostname()}", when


def _text_map(value: Any, what: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        problems.append(f"{what!r} must map scope names to text")
        return {}
    return {k: v.strip() for k, v in value.items()}


def decisions_from_dict(data: Any, where: str = "decisions") -> Decisions:
    """Check and read a decisions object.

    Raises:
        EvidenceError: not an object, a required key missing, an unknown key, a wrong type
            or an unknown scope type (every problem listed).
    """
    if not isinstance(data, Mapping):
        raise EvidenceError(where, "a decisions file must hold one JSON object")
    problems = [f"missing key {k!r}" for k in ("excluded", "scope_types") if k not in data]
    problems += [f"unknown key {k!r}" for k in data if k not in _KEYS]
    excluded = data.get("excluded", [])
    if not isinstance(excluded, list) or not all(isinstance(n, str) for n in excluded):
        problems.append("'excluded' must be a list of scope names")
        excluded = []
    included = data.get("included", [])
    if not isinstance(included, list) or not all(isinstance(n, str) for n in included):
        problems.append("'included' must be a list of scope names")
        included = []
    types = _text_map(data.get("scope_types", {}), "scope_types", problems)
    problems += [
        f"scope {name!r}: type {kind!r} is not one of {', '.join(SCOPE_TYPES)}"
        for name, kind in types.items()
        if kind not in SCOPE_TYPES
    ]
    renamed = _text_map(data.get("renamed", {}), "renamed", problems)
    annotations = data.get("annotations", {})
    if not isinstance(annotations, Mapping) or any(
        not isinstance(annotations.get(p, {}), Mapping) for p in ("sources", "scopes")
    ):
        problems.append("'annotations' must be {'sources': {...}, 'scopes': {...}}")
        annotations = {}
    reviewed = data.get("reviewed", [])
    if not isinstance(reviewed, list) or not all(isinstance(n, str) for n in reviewed):
        problems.append("'reviewed' must be a list of scope names")
        reviewed = []
    operations = data.get("operations", [])
    if not isinstance(operations, list) or not all(isinstance(o, str) for o in operations):
        problems.append("'operations' must be a list of operation ids or 'METHOD /path'")
        operations = []
    texts = {k: data.get(k, "") for k in ("decided_by", "decided_at", "note")}
    problems += [f"{k!r} must be text" for k, v in texts.items() if not isinstance(v, str)]
    if problems:
        raise EvidenceError(where, "bad decisions: " + "; ".join(problems))
    return Decisions(
        excluded=tuple(dict.fromkeys(excluded)),
        scope_types=types,
        renamed=renamed,
        annotations={p: dict(annotations.get(p, {})) for p in ("sources", "scopes")},
        reviewed=tuple(dict.fromkeys(reviewed)),
        **texts,
        included=tuple(dict.fromkeys(included)),
        operations=tuple(dict.fromkeys(operations)),
    )


def load_decisions(path: str | Path) -> Decisions:
    """Read and check a decisions file.

    Raises:
        EvidenceError: the file is unreadable, not JSON, or not a valid decisions object.
    """
    try:
        data = loads_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise EvidenceError(str(path), f"cannot read the decisions file ({exc})") from exc
    return decisions_from_dict(data, str(path))


def fit_problems(names: Sequence[str], decisions: Decisions) -> list[str]:
    """Why the decisions do not fit a table with these scope names (empty when they do).

    A decision naming an unknown scope, a rename to an empty name, or two included scopes
    ending with one name are problems.
    """
    known = set(names)
    problems = [
        f"{what} names unknown scope {name!r}"
        for what, given in (
            ("excluded", decisions.excluded),
            ("scope_types", decisions.scope_types),
            ("renamed", decisions.renamed),
            ("included", decisions.included),
        )
        for name in given
        if name not in known
    ]
    problems += [f"renamed scope {old!r} to an empty name" for old, new in
                 decisions.renamed.items() if not new]  # fmt: skip
    excluded = set(decisions.excluded)
    seen: set[str] = set()
    for name in (decisions.renamed.get(n, n) for n in names if n not in excluded):
        if name in seen:
            problems.append(f"two included scopes would be named {name!r}")
        seen.add(name)
    return list(dict.fromkeys(problems))


def prune_decisions(decisions: Decisions, names: Sequence[str]) -> tuple[Decisions, list[str]]:
    """The decisions less those naming a scope the table no longer has, and those names.

    Standing decisions outlive the provider's list: a scope it dropped is reported by the
    caller, never an error.
    """
    known = set(names)
    named = [*decisions.excluded, *decisions.scope_types, *decisions.renamed, *decisions.included]
    gone = list(dict.fromkeys(n for n in named if n not in known))
    if not gone:
        return decisions, []
    kept = replace(
        decisions,
        excluded=tuple(n for n in decisions.excluded if n in known),
        scope_types={n: t for n, t in decisions.scope_types.items() if n in known},
        renamed={n: r for n, r in decisions.renamed.items() if n in known},
        included=tuple(n for n in decisions.included if n in known),
    )
    return kept, gone


def new_since_review(decisions: Decisions, names: Sequence[str]) -> list[str]:
    """The names the decisions' review did not show (none when it recorded no names)."""
    if not decisions.reviewed:
        return []
    seen = set(decisions.reviewed)
    return [n for n in names if n not in seen]


#: The scope table's status of a harvested candidate (``factory.research.table``).
CANDIDATE: Final = "candidate"


def included_by(decisions: Decisions, name: str, candidate: bool) -> bool:
    """Whether the decisions include the scope: a candidate only when listed in
    ``included``, any other scope unless listed in ``excluded``."""
    if candidate:
        return name in decisions.included and name not in decisions.excluded
    return name not in decisions.excluded


def apply_decisions(table: pd.DataFrame, decisions: Decisions) -> pd.DataFrame:
    """The scope table as the decisions describe it (a copy; the table is not changed).

    Every row is included unless its name is in ``excluded``; ``scope_types`` sets types;
    ``renamed`` rewrites names last.

    Raises:
        EvidenceError: the decisions do not fit the table (see :func:`fit_problems`).
    """
    names = [str(n) for n in table["scope_name"]]
    problems = fit_problems(names, decisions)
    if problems:
        raise EvidenceError(
            "decisions", "decisions do not fit this scope table: " + "; ".join(problems)
        )
    out = table.copy()
    statuses = list(table["status"]) if "status" in table.columns else [""] * len(names)
    out["include"] = [
        included_by(decisions, n, s == CANDIDATE) for n, s in zip(names, statuses, strict=True)
    ]
    types = [decisions.scope_types.get(n, t) for n, t in zip(names, out["scope_type"], strict=True)]
    out["scope_type"] = types
    out["scope_name"] = [decisions.renamed.get(n, n) for n in names]
    return out


def write_decisions(folder: Path, decisions: Decisions) -> Path:
    """Write ``decisions.json`` into the evidence folder (atomic); returns its path."""
    path = folder / DECISIONS_FILE
    text = json.dumps(decisions.to_dict(), indent=2, ensure_ascii=False, sort_keys=True)
    atomic_write(path, (text + "\n").encode("utf-8"))
    return path
