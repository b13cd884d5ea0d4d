"""Evidence runs as transactions: written whole, published only once the contract is saved.

A provider's evidence folder (``outputs/evidence/{PLATFORM}/``) holds::

    runs/{UTC time}-{short hash}/   one folder per build: manifest.json, bodies, sources.json,
                                    the checklist, report.json, and run.json (its status)
    latest                          the published run (a symlink, or a file naming it)
    runs.jsonl                      append-only index: time, run, outcome, contract path and
                                    sha256, scope count (and why, for a failed run)
    .lock                           one lock per provider over evidence and contract

A run goes ``writing`` -> ``committing`` (contract path and sha256 recorded, just before the
contract is written) -> ``published`` (index line appended, ``latest`` replaced). A refused
or failed build ends its run as ``failed`` (or ``refused``): kept, listed, never published,
and no other run is touched. :func:`recover` (run by every build under the lock) settles runs
a killed process left behind: a ``committing`` run whose contract was saved (same sha256) is
published, any other unfinished run is marked ``failed``, and leftover temp files go.

For tools built on the evidence (diff, batch, build's "since the previous run"):
:func:`list_runs`, :func:`read_run`, :func:`open_run`, :func:`previous_run`,
:func:`last_two_runs` and :func:`newest_attempt`. A flat folder of earlier versions (manifest,
bodies and report in the provider folder itself, no index) reads as one published run named
``flat``, timed by its report (written last), else its manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import filelock

from factory.atomic import atomic_write
from factory.errors import EvidenceError
from factory.evidence.store import LATEST, MANIFEST, REPORT, follow_latest
from factory.faults import fault_point
from factory.models import Document
from factory.safeload import loads_json

RUNS: Final = "runs"
INDEX: Final = "runs.jsonl"
RUN_FILE: Final = "run.json"
LOCK: Final = ".lock"
LOCK_TIMEOUT_SECONDS: Final = 300.0
OPEN_STATES: Final = ("writing", "committing")
FLAT_RUN: Final = "flat"
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+-]*$")


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One line of ``runs.jsonl``."""

    time: str
    run: str
    outcome: str  # published, failed, refused
    contract_path: str | None = None
    contract_sha256: str | None = None
    scope_count: int | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON line's object."""
        return {
            "time": self.time,
            "run": self.run,
            "outcome": self.outcome,
            "contract_path": self.contract_path,
            "contract_sha256": self.contract_sha256,
            "scope_count": self.scope_count,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class RunView:
    """A run read back: its index record, folder, manifest and report (``None`` if absent)."""

    record: RunRecord
    folder: Path
    manifest: dict[str, Any]
    report: dict[str, Any] | None

    @property
    def run(self) -> str:
        """The run's id (its folder name; ``flat`` for a flat folder)."""
        return self.record.run

    @property
    def provider_dir(self) -> Path:
        """The provider folder the run belongs to."""
        return self.folder if self.run == FLAT_RUN else self.folder.parent.parent

    @property
    def time(self) -> datetime | None:
        """When the index recorded the run (``None`` when the time is unreadable)."""
        try:
            parsed = datetime.fromisoformat(self.record.time.replace("Z", "+00:00"))
        except (AttributeError, ValueError):
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def age_seconds(self, now: datetime | None = None) -> float | None:
        """Seconds since the run (``None`` when its time is unknown)."""
        when = self.time
        return None if when is None else ((now or datetime.now(UTC)) - when).total_seconds()

    def documents(self) -> tuple[Document, ...]:
        """The run's documents, sha256-verified (see :func:`factory.evidence.store.load_replay`)."""
        from factory.evidence.store import load_replay

        return load_replay(self.folder)


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _now() -> str:
    return _stamp(datetime.now(UTC))


def provider_lock(provider_dir: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> filelock.FileLock:
    """The provider's lock (``{provider_dir}/.lock``), held over evidence and contract."""
    provider_dir.mkdir(parents=True, exist_ok=True)
    return filelock.FileLock(provider_dir / LOCK, timeout=timeout)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    try:
        atomic_write(path, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode())
    except OSError as exc:
        raise EvidenceError(str(path), f"cannot write ({exc})") from exc


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = loads_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _append_index(provider_dir: Path, record: RunRecord) -> None:
    path = provider_dir / INDEX
    line = json.dumps(record.to_dict(), sort_keys=True) + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        try:
            # A line torn by a kill is closed first, so it never glues onto the next one.
            if os.fstat(fd).st_size and not path.read_bytes().endswith(b"\n"):
                os.write(fd, b"\n")
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise EvidenceError(str(path), f"cannot append ({exc})") from exc


def _point_latest(provider_dir: Path, run_id: str) -> None:
    """Replace ``latest`` atomically: a symlink where possible, else a file naming the run."""
    target = f"{RUNS}/{run_id}"
    pointer = provider_dir / LATEST
    tmp = provider_dir / f".{LATEST}.{secrets.token_hex(8)}.tmp"
    try:
        os.symlink(target, tmp, target_is_directory=True)
    except (OSError, NotImplementedError):
        atomic_write(pointer, (target + "\n").encode())
        return
    try:
        fault_point("publish:pointer")
        os.replace(tmp, pointer)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


class EvidenceRun:
    """One build's run folder; see the module docstring for its states."""

    def __init__(self, provider_dir: Path, run_id: str) -> None:
        self.provider_dir = provider_dir
        self.run_id = run_id
        self.folder = provider_dir / RUNS / run_id
        self._status: dict[str, Any] = {"run": run_id, "started": _now(), "status": "writing"}

    def _set(self, **fields: Any) -> None:
        self._status.update(fields)
        _write_json(self.folder / RUN_FILE, self._status)

    def commit_intent(self, contract_path: Path, contract_text: str, scope_count: int) -> None:
        """Record, before the contract is written, which contract this run will back."""
        self._set(
            status="committing",
            contract_path=str(contract_path),
            contract_sha256=hashlib.sha256(contract_text.encode("utf-8")).hexdigest(),
            scope_count=scope_count,
        )

    def publish(self, reason: str = "") -> RunRecord:
        """Append the index line and point ``latest`` here; the contract is already saved."""
        status = self._status
        record = RunRecord(
            _now(), self.run_id, "published", status.get("contract_path"),
            status.get("contract_sha256"), status.get("scope_count"), reason,
        )  # fmt: skip
        fault_point("publish:before")
        # Pointer, then index line, then run.json: a kill anywhere in between leaves the run
        # "committing", and recovery publishes it again (the index keeps its last line).
        _point_latest(self.provider_dir, self.run_id)
        _append_index(self.provider_dir, record)
        self._set(status="published", published=record.time, reason=reason)
        fault_point("publish:after")
        return record

    def fail(self, reason: str, outcome: str = "failed") -> RunRecord:
        """Mark the run failed (or refused): kept and listed, never published."""
        self._set(status=outcome, reason=reason)
        record = RunRecord(_now(), self.run_id, outcome, reason=reason)
        _append_index(self.provider_dir, record)
        return record


def begin_run(provider_dir: Path, documents: Sequence[Document]) -> EvidenceRun:
    """Create a new run folder ``runs/{UTC time}-{short hash}`` (status ``writing``).

    The short hash is over the documents' sha256s, so runs of the same evidence share it.
    """
    digest = hashlib.sha256("".join(d.sha256 for d in documents).encode()).hexdigest()[:8]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    run_id = f"{stamp}-{digest}"
    for extra in range(100):
        candidate = run_id if extra == 0 else f"{run_id}-{extra}"
        try:
            (provider_dir / RUNS).mkdir(parents=True, exist_ok=True)
            (provider_dir / RUNS / candidate).mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise EvidenceError(str(provider_dir), f"cannot create a run folder ({exc})") from exc
        run = EvidenceRun(provider_dir, candidate)
        run._set()
        return run
    raise EvidenceError(str(provider_dir), "cannot find a free run folder name")


def _remove_temp_files(folder: Path) -> list[str]:
    removed = []
    for tmp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(str(tmp))
    return removed


def _contract_sha(path: str | None) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None
    except OSError:
        return None


def settle(run: EvidenceRun, reason: str = "interrupted before its contract was saved") -> str:
    """End an unfinished run: published when its contract was saved, else failed.

    A ``committing`` run whose recorded contract sha256 is the file's now backs that file,
    so it is published; anything else failed before the contract changed and is marked
    ``failed`` with ``reason``.
    """
    status = run._status
    saved = _contract_sha(status.get("contract_path"))
    if status.get("status") == "committing" and saved == status.get("contract_sha256"):
        run.publish("the contract was saved before the build stopped: " + reason)
        return f"published {run.run_id} (its contract was saved)"
    run.fail(reason)
    return f"marked {run.run_id} failed ({reason})"


def recover(provider_dir: Path) -> list[str]:
    """Settle what a killed build left behind; call it while holding :func:`provider_lock`.

    Returns:
        One line per thing done (a run published or marked failed, a temp file removed).
    """
    done = [f"removed {p}" for p in _remove_temp_files(provider_dir)]
    runs = provider_dir / RUNS
    for folder in sorted(p for p in runs.iterdir() if p.is_dir()) if runs.is_dir() else ():
        status = _read_json(folder / RUN_FILE) or {}
        if status and status.get("status") not in OPEN_STATES:
            continue
        run = EvidenceRun(provider_dir, folder.name)
        run._status.update(status)
        done.extend(f"removed {p}" for p in _remove_temp_files(run.folder))
        done.append(settle(run, "interrupted (the process died)"))
    return done


def _records(provider_dir: Path) -> list[RunRecord]:
    records = []
    try:
        lines = (provider_dir / INDEX).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    fields = RunRecord.__slots__
    for line in lines:
        try:
            data = loads_json(line)
            record = RunRecord(**{k: data[k] for k in fields if k in data})
        except (ValueError, TypeError, KeyError):
            continue  # a line torn by a kill
        if isinstance(record.run, str) and _PLAIN_NAME.match(record.run) and ".." not in record.run:
            records.append(record)  # never a path that leaves runs/
    return records


def _mtime(path: Path) -> str | None:
    try:
        return _stamp(datetime.fromtimestamp(path.stat().st_mtime, UTC))
    except OSError:
        return None


def _flat_record(provider_dir: Path) -> RunRecord | None:
    """A flat folder of earlier versions as one published run (no index, no ``runs/``)."""
    if (provider_dir / INDEX).exists() or (provider_dir / RUNS).is_dir():
        return None
    if provider_dir.parent.name == RUNS or not (provider_dir / MANIFEST).is_file():
        return None  # a run folder is not a flat folder
    time = _mtime(provider_dir / REPORT) or _mtime(provider_dir / MANIFEST) or ""
    return RunRecord(time, FLAT_RUN, "published")


def list_runs(provider_dir: str | Path, *, published_only: bool = True) -> list[RunRecord]:
    """The provider's runs from ``runs.jsonl``, oldest first, one record per run (its last
    line); failed and refused runs too when ``published_only`` is false. A flat folder is one
    published run named ``flat``."""
    folder = Path(provider_dir).expanduser()
    last: dict[str, RunRecord] = {}
    for record in _records(folder):
        last.pop(record.run, None)
        last[record.run] = record
    if not last:
        flat = _flat_record(folder)
        return [flat] if flat is not None else []
    return [r for r in last.values() if r.outcome == "published" or not published_only]


def latest_run(provider_dir: str | Path) -> Path | None:
    """The published run ``latest`` points to (a flat folder: the folder itself; no pointer:
    the index's newest published run), or ``None`` when nothing is published."""
    folder = Path(provider_dir).expanduser()
    if _flat_record(folder) is not None:
        return folder
    found = follow_latest(folder)
    if found != folder:
        return found
    published = list_runs(folder)  # no pointer (removed by hand): the newest published run
    return folder / RUNS / published[-1].run if published else None


def _view(record: RunRecord, run_folder: Path) -> RunView:
    manifest = _read_json(run_folder / MANIFEST)
    if manifest is None:
        raise EvidenceError(str(run_folder / MANIFEST), "unreadable manifest")
    return RunView(record, run_folder, manifest, _read_json(run_folder / REPORT))


def read_run(provider_dir: str | Path, run: str | None = None) -> RunView:
    """A published run (``latest`` when ``run`` is ``None``) with its manifest and report.

    Raises:
        EvidenceError: no such published run, or its manifest is unreadable.
    """
    folder = Path(provider_dir).expanduser()
    if run is None:
        latest = latest_run(folder)
        run = None if latest is None else FLAT_RUN if latest == folder else latest.name
    record = next((r for r in reversed(list_runs(folder)) if r.run == run), None)
    if record is None:
        raise EvidenceError(str(folder), f"no published run {run!r}")
    return _view(record, folder if record.run == FLAT_RUN else folder / RUNS / record.run)


def open_run(path: str | Path) -> RunView:
    """A provider folder (its published ``latest``), a flat folder, or one run folder of any
    outcome (a refused run too, e.g. to compare an approved contract with its evidence).

    Raises:
        EvidenceError: the folder is none of these, or its manifest is unreadable.
    """
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise EvidenceError(str(folder), "no such evidence folder")
    if (folder / INDEX).is_file() or (folder / RUNS).is_dir() or _flat_record(folder):
        return read_run(folder)
    if folder.parent.name == RUNS and (folder / MANIFEST).is_file():
        records = list_runs(folder.parent.parent, published_only=False)
        record = next((r for r in reversed(records) if r.run == folder.name), None)
        if record is None:  # not indexed yet: what its run.json says
            status = _read_json(folder / RUN_FILE) or {}
            outcome = str(status.get("status", "unknown"))
            record = RunRecord(str(status.get("started", "")), folder.name, outcome)
        return _view(record, folder)
    raise EvidenceError(str(folder), "not an evidence run: no manifest.json and no published run")


def previous_run(provider_dir: str | Path, run: str) -> RunView | None:
    """The published run before ``run`` in the index (``None`` when ``run`` is the first)."""
    names = [r.run for r in list_runs(provider_dir)]
    if run not in names or names.index(run) == 0:
        return None
    return read_run(provider_dir, names[names.index(run) - 1])


def last_two_runs(provider_dir: str | Path) -> tuple[RunView, RunView]:
    """The published run before ``latest``, and ``latest``: what ``diff PROVIDER`` compares.

    Raises:
        EvidenceError: fewer than two published runs (a flat folder keeps one).
    """
    folder = Path(provider_dir).expanduser()
    runs = list_runs(folder)
    latest = read_run(folder) if runs else None
    previous = previous_run(folder, latest.run) if latest is not None else None
    if latest is None or previous is None:
        kept = "no published run" if not runs else "only one published run before latest"
        hint = " (a flat evidence folder keeps one run)" if runs and runs[0].run == FLAT_RUN else ""
        raise EvidenceError(str(folder), f"{kept}{hint}: a diff needs two")
    return previous, latest


def newest_attempt(provider_dir: str | Path) -> RunView | None:
    """The last run the index names whatever its outcome (a refused one included), or the
    flat run; ``None`` when there is none or it cannot be read."""
    runs = list_runs(provider_dir, published_only=False)
    folder = Path(provider_dir).expanduser()
    for record in reversed(runs):
        with contextlib.suppress(EvidenceError):
            return _view(record, folder if record.run == FLAT_RUN else folder / RUNS / record.run)
    return None
