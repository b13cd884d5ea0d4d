"""A provider's evidence runs, read only: the one place ``diff`` and ``batch`` learn what a run is.

Two layouts of ``{evidence root}/{PLATFORM}/`` are read:

- **flat** (one folder is one run): ``manifest.json``, ``report.json``, ``sources.json`` and the
  bodies sit in the provider folder itself. Its time is ``report.json``'s modification time
  (the report is written last), else the manifest's.
- **runs**: ``runs/{UTC time}-{short hash}/`` holds one run each; ``runs.jsonl`` is an
  append-only index, one JSON object a line (``time``, ``run``, ``outcome``, ``contract_path``,
  ``contract_sha256``, ``scope_count``); ``latest`` (a symbolic link, or a file holding the run
  id) names the last published run.

The index is read defensively: a malformed line, a run id that is not a plain folder name, or a
run folder without ``manifest.json`` is skipped, never trusted. Only published runs count (a
refused or failed run is kept by the writer but never compared). This module is deliberately
small so it can be swapped for the evidence writer's own listing API.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from factory.errors import EvidenceError

RUNS_DIR: Final = "runs"
INDEX: Final = "runs.jsonl"
LATEST: Final = "latest"
MANIFEST: Final = "manifest.json"
REPORT: Final = "report.json"
FLAT_RUN_ID: Final = "flat"
#: ``outcome`` values that mean "published"; anything else (failed, refused ...) is not.
PUBLISHED: Final = frozenset({"published", "ok", "saved"})
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+-]*$")


@dataclass(frozen=True, slots=True)
class Run:
    """One published run of a provider: where its files are and what the index says of it."""

    run_id: str
    folder: Path  # holds manifest.json, report.json, sources.json
    time: datetime | None
    outcome: str = "published"
    contract_path: str | None = None
    contract_sha256: str | None = None
    scope_count: int | None = None

    def age_seconds(self, now: datetime | None = None) -> float | None:
        """Seconds since the run (``None`` when its time is unknown)."""
        if self.time is None:
            return None
        return ((now or datetime.now(UTC)) - self.time).total_seconds()


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _indexed_runs(provider_dir: Path) -> list[Run]:
    try:
        lines = (provider_dir / INDEX).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    runs: dict[str, Run] = {}
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a torn last line of an interrupted append
        run_id = entry.get("run") if isinstance(entry, dict) else None
        if not isinstance(run_id, str) or not _RUN_ID.match(run_id) or ".." in run_id:
            continue
        folder = provider_dir / RUNS_DIR / run_id
        outcome = str(entry.get("outcome", ""))
        if outcome not in PUBLISHED or not (folder / MANIFEST).is_file():
            runs.pop(run_id, None)  # a later line may withdraw a run
            continue
        runs[run_id] = Run(
            run_id=run_id,
            folder=folder,
            time=_parse_time(entry.get("time")) or _mtime(folder / MANIFEST),
            outcome=outcome,
            contract_path=_str_or_none(entry.get("contract_path")),
            contract_sha256=_str_or_none(entry.get("contract_sha256")),
            scope_count=_int_or_none(entry.get("scope_count")),
        )
    return list(runs.values())


def _flat_run(provider_dir: Path) -> Run | None:
    if not (provider_dir / MANIFEST).is_file():
        return None
    time = _mtime(provider_dir / REPORT) or _mtime(provider_dir / MANIFEST)
    return Run(run_id=FLAT_RUN_ID, folder=provider_dir, time=time)


def published_runs(provider_dir: str | Path) -> tuple[Run, ...]:
    """Every published run of a provider folder, oldest first (empty when there is none)."""
    folder = Path(provider_dir).expanduser()
    runs = _indexed_runs(folder)
    if runs:
        epoch = datetime.min.replace(tzinfo=UTC)
        return tuple(sorted(runs, key=lambda r: (r.time or epoch, r.run_id)))
    flat = _flat_run(folder)
    return (flat,) if flat is not None else ()


def _pointed_run(provider_dir: Path, runs: tuple[Run, ...]) -> Run | None:
    pointer = provider_dir / LATEST
    try:
        if pointer.is_symlink():
            target = pointer.resolve().name
        elif pointer.is_file():
            target = pointer.read_text(encoding="utf-8").strip()
        else:
            return None
    except (OSError, UnicodeDecodeError):
        return None
    return next((r for r in runs if r.run_id == target), None)


def latest_run(provider_dir: str | Path) -> Run | None:
    """The run ``latest`` points to when it names a published run, else the newest one."""
    folder = Path(provider_dir).expanduser()
    runs = published_runs(folder)
    if not runs:
        return None
    return _pointed_run(folder, runs) or runs[-1]


def last_two_runs(provider_dir: str | Path) -> tuple[Run, Run]:
    """The previous and the latest published run, for ``diff PROVIDER``.

    Raises:
        EvidenceError: fewer than two published runs are kept (the flat layout keeps one).
    """
    folder = Path(provider_dir).expanduser()
    runs = published_runs(folder)
    if len(runs) < 2:
        kept = "no published run" if not runs else "only one published run"
        hint = (
            " (a flat evidence folder keeps one run)" if runs and runs[0].run_id == "flat" else ""
        )
        raise EvidenceError(str(folder), f"{kept}{hint}: a diff needs two")
    latest = _pointed_run(folder, runs) or runs[-1]
    position = runs.index(latest)
    others = [r for r in runs if r is not latest]
    return (runs[position - 1] if position > 0 else others[-1]), latest


def is_run_folder(path: str | Path) -> bool:
    """Whether a folder is one run (it holds ``manifest.json``)."""
    return (Path(path) / MANIFEST).is_file()


def open_run(path: str | Path) -> Run:
    """A run folder as a ``Run``, or a provider folder's latest run.

    Raises:
        EvidenceError: the folder is neither (no manifest.json, no published run).
    """
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise EvidenceError(str(folder), "no such evidence folder")
    if (folder / INDEX).is_file() or (folder / RUNS_DIR).is_dir():
        found = latest_run(folder)
        if found is not None:
            return found
    if is_run_folder(folder):
        listed = next((r for r in _indexed_runs(folder.parent.parent) if r.folder == folder), None)
        return listed or Run(
            run_id=folder.name if folder.parent.name == RUNS_DIR else FLAT_RUN_ID,
            folder=folder,
            time=_mtime(folder / REPORT) or _mtime(folder / MANIFEST),
        )
    raise EvidenceError(str(folder), "not an evidence run: no manifest.json and no published run")


def newest_attempt(provider_dir: str | Path) -> Path | None:
    """The newest run folder whatever its outcome (a refused run included), or the flat folder.

    Run folder names start with their UTC time, so the last name in order is the newest.
    """
    folder = Path(provider_dir).expanduser()
    runs_dir = folder / RUNS_DIR
    if runs_dir.is_dir():
        candidates = sorted(p for p in runs_dir.iterdir() if is_run_folder(p))
        if candidates:
            return candidates[-1]
    return folder if is_run_folder(folder) else None
