"""The fleet: many providers researched at once, one row each, and what changed since last time.

:func:`run_fleet` runs one ordinary :func:`factory.research.pipeline.build` per provider (its own
evidence and contract) in a bounded thread pool. Why threads and not one event loop: ``build``
is synchronous end to end and runs its fetches with ``asyncio.run`` inside; one shared loop
would mean rewriting every stage as a coroutine. The work is network-bound, so threads waiting
on sockets overlap well (``bench/fleet.py`` measures it); extraction still holds the GIL. A
:class:`~factory.research.host_limits.HostLimits` shared by every build keeps the per-host fetch
limit
across providers.

Rules: one provider's failure (any exception) becomes its row and never stops the others;
``resume`` skips providers whose latest published run is younger than ``max_age`` seconds
(unless ``force``); a ``KeyboardInterrupt`` (or ``stop``) starts no new build, lets the running
ones finish their atomic writes, and marks the rest ``interrupted``, so a re-run with
``resume`` continues where this one stopped. An approved contract is never touched: its row
says how many scopes it is behind the refused run's evidence (read with
:mod:`factory.evidence.runs`, compared as ``diff`` compares them).
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Protocol

from factory._jsonschema import load_jsonschema
from factory.atomic import atomic_write
from factory.errors import ApprovedContractError, EvidenceError, FactoryError, ResearchError
from factory.evidence.runs import RunView, newest_attempt, open_run, read_run
from factory.evidence.standing import DECISIONS_NOTES
from factory.evidence.store import default_evidence_dir
from factory.fleet.diff import Diff, contract_snapshot, diff_snapshots, run_snapshot, since_previous
from factory.options import ResearchOptions
from factory.research.catalog import load_entries, resolve_provider
from factory.research.fetch import FetchSettings
from factory.research.host_limits import HostLimitedTransport, HostLimits
from factory.research.pipeline import BuildResult, build

DEFAULT_MAX_AGE: Final = 24 * 3600.0
REPORT_NAME: Final = "fleet_report"
STATUSES: Final = ("ok", "skipped", "approved", "failed", "interrupted")
ROW_FIELDS: Final = (
    "provider", "platform", "status", "scopes", "added", "removed", "changed", "sources",
    "auth_method", "flags", "seconds", "cause", "error", "behind", "note", "contract_path",
    "evidence_dir",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FleetOptions:
    """How to run the fleet: every build's research options, each provider's sources, plus
    concurrency and resume. ``research`` is what ``build`` takes (render, links, deadlines,
    decisions ...); a provider's ``sources`` or replay folder are set on it per provider."""

    research: ResearchOptions = field(default_factory=ResearchOptions)
    sources: Mapping[str, Sequence[str]] = field(default_factory=dict)  # name -> --source
    replay_root: Path | None = None  # replay each provider from ROOT/{PLATFORM}
    concurrency: int = 4
    per_host: int = FetchSettings().per_host
    resume: bool = False
    max_age: float = DEFAULT_MAX_AGE
    force: bool = False


@dataclass(frozen=True, slots=True)
class FleetRow:
    """One provider's line of the fleet report."""

    provider: str
    platform: str
    status: str  # one of STATUSES
    scopes: int | None = None
    added: int | None = None  # since the previous published run (None: no previous run)
    removed: int | None = None
    changed: int | None = None  # renamed, reworded, version or kind changed
    sources: int | None = None
    auth_method: str | None = None
    flags: int | None = None  # scope rows in doubt (flagged in the table)
    seconds: float = 0.0
    cause: str = ""  # why it failed: the error's kind (fetch, research, contract ...)
    error: str = ""
    behind: str = ""  # an approved contract's distance from the fresh evidence
    note: str = ""  # why a provider was skipped
    contract_path: str = ""
    evidence_dir: str = ""
    diff: Diff | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The row's fields (the diff as its JSON object, when there is one)."""
        data = {name: getattr(self, name) for name in ROW_FIELDS}
        data["diff"] = self.diff.to_dict() if self.diff is not None else None
        return data


@dataclass(frozen=True, slots=True)
class FleetReport:
    """Every row, in the order asked, and how the run went."""

    rows: tuple[FleetRow, ...]
    started: str
    seconds: float
    interrupted: bool = False

    def counts(self) -> dict[str, int]:
        """Rows per status."""
        return {s: sum(1 for r in self.rows if r.status == s) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """The JSON report."""
        return {
            "started": self.started,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "counts": self.counts(),
            "rows": [r.to_dict() for r in self.rows],
        }

    def to_csv(self) -> str:
        """One CSV line per provider (``ROW_FIELDS``; the diff stays in the JSON)."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=ROW_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow(
                {k: "" if v is None else v for k, v in asdict(row).items() if k in ROW_FIELDS}
            )
        return out.getvalue()


class FleetEvents(Protocol):
    """What a front end hears while the fleet runs (called from worker threads)."""

    def started(self, name: str) -> None: ...
    def progress(self, name: str, done: int, total: int, url: str) -> None: ...
    def finished(self, row: FleetRow) -> None: ...
    def stopping(self) -> None:
        """Ctrl-C was heard (on the main thread): no new build starts."""


class _Quiet:
    def started(self, name: str) -> None:
        pass

    def progress(self, name: str, done: int, total: int, url: str) -> None:
        pass

    def finished(self, row: FleetRow) -> None:
        pass

    def stopping(self) -> None:
        pass


def select_providers(
    names: Sequence[str] = (),
    *,
    everything: bool = False,
    category: str | None = None,
    catalog: Path | None = None,
) -> list[str]:
    """The providers to run: the names given, then the catalog's (all, or one category).

    Names that resolve to the same platform are run once.

    Raises:
        ResearchError: an unknown category (the message lists the known ones).
    """
    chosen = list(names)
    if everything or category:
        entries = load_entries(catalog)
        if category:
            known = sorted({e.category for e in entries if e.category})
            if category not in known:
                raise ResearchError(f"unknown category {category!r}; known: {', '.join(known)}")
            entries = tuple(e for e in entries if e.category == category)
        chosen.extend(e.display_name for e in entries)
    seen: set[str] = set()
    unique = []
    for name in chosen:
        platform = resolve_provider(name).platform
        if platform not in seen:
            seen.add(platform)
            unique.append(name)
    return unique


def failure_cause(exc: BaseException) -> str:
    """A short kind for a failure, for the report's "failures by cause"."""
    text = str(exc)
    if not isinstance(exc, FactoryError):
        return f"internal ({type(exc).__name__})"
    if "no scopes found" in text:
        return "no scopes"
    if "no official source" in text:
        return "no source"
    return type(exc).__name__.removesuffix("Error").lower() or "factory"


def _counts(diff: Diff | None) -> tuple[int | None, int | None, int | None]:
    if diff is None:
        return None, None, None
    changed = sum(diff.count(k) for k in ("renamed", "reworded", "version", "kind"))
    return diff.count("added"), diff.count("removed"), changed


def _scope_count(run: RunView) -> int | None:
    """The index's scope count; a flat run has no index line, its report has the scopes."""
    if run.record.scope_count is not None:
        return run.record.scope_count
    scopes = run.report.get("scopes") if run.report is not None else None
    return len(scopes) if isinstance(scopes, list) else None


BuildFn = Callable[..., BuildResult]


class _Fleet:
    """One fleet run's shared state: options, limits, stop flag, events, the build."""

    def __init__(
        self, options: FleetOptions, events: FleetEvents, stop: threading.Event, build_fn: BuildFn
    ) -> None:
        self.options = options
        self.events = events
        self.stop = stop
        self.build_fn = build_fn
        self.limits = HostLimits(options.per_host)

    def _kwargs(self, name: str, platform: str) -> dict[str, Any]:
        o = self.options
        research = o.research
        if o.replay_root is not None:
            replay = open_run(Path(o.replay_root) / platform).folder
            research = replace(research, replay_dir=replay, sources=())
        elif name in o.sources:
            research = replace(research, sources=tuple(o.sources[name]))
        networked = research.replay_dir is None and not research.offline
        return {
            "options": research,
            "on_progress": lambda done, total, url: self.events.progress(name, done, total, url),
            "fetch_transport": HostLimitedTransport(self.limits) if networked else None,
        }

    def _behind(self, folder: Path, error: ApprovedContractError) -> str:
        """The approved file against the refused run's evidence (what ``diff`` shows)."""
        attempt = newest_attempt(folder)
        if attempt is None or attempt.record.outcome != "refused":
            return "unknown: no evidence of the refused run"
        try:
            diff = diff_snapshots(contract_snapshot(error.path), run_snapshot(attempt))
        except FactoryError as exc:
            return f"unknown: {exc}"
        return diff.behind_note or ""

    def _fresh_run(self, folder: Path) -> RunView | None:
        """The latest published run when ``runs.jsonl`` times it within ``max_age``, else None."""
        try:
            latest = read_run(folder)
        except EvidenceError:
            return None  # nothing published (or unreadable): build it
        age = latest.age_seconds()
        return latest if age is not None and age < self.options.max_age else None

    def run_one(self, name: str) -> FleetRow:
        """Build one provider; every outcome, failure included, becomes its row."""
        begun = time.perf_counter()
        try:
            provider = resolve_provider(name)
        except FactoryError as exc:
            return FleetRow(name, "", "failed", cause=failure_cause(exc), error=str(exc))
        row = FleetRow(name, provider.platform, "interrupted")
        if self.stop.is_set():
            return row
        folder = default_evidence_dir(provider.platform, self.options.research.evidence_dir)
        o = self.options
        fresh = self._fresh_run(folder) if o.resume and not o.force else None
        if fresh is not None:
            age = fresh.age_seconds() or 0.0
            return FleetRow(
                name, provider.platform, "skipped", scopes=_scope_count(fresh),
                sources=len(fresh.manifest.get("documents") or ()),
                evidence_dir=str(fresh.folder),
                note=f"latest run is {age / 60:.0f} min old (--max-age {o.max_age / 60:.0f} min)",
            )  # fmt: skip
        self.events.started(name)
        try:
            result = self.build_fn(name, **self._kwargs(name, provider.platform))
        except ApprovedContractError as exc:
            return FleetRow(
                name, provider.platform, "approved", seconds=time.perf_counter() - begun,
                cause="approved", error=str(exc), behind=self._behind(folder, exc),
                contract_path=exc.path,
            )  # fmt: skip
        except Exception as exc:  # one provider's failure never stops the fleet
            return FleetRow(
                name, provider.platform, "failed", seconds=time.perf_counter() - begun,
                cause=failure_cause(exc), error=str(exc),
            )  # fmt: skip
        seconds = time.perf_counter() - begun
        diff = since_previous(result.evidence_dir)
        added, removed, changed = _counts(diff)
        flagged = "status" in result.table.columns and int(
            (result.table["status"] == "flagged").sum()
        )
        return FleetRow(
            name, provider.platform, "ok", scopes=len(result.report.scopes), added=added,
            removed=removed, changed=changed, sources=len(result.report.sources),
            auth_method=result.report.auth_method, flags=int(flagged), seconds=seconds,
            contract_path=str(result.save.path), evidence_dir=str(result.evidence_dir), diff=diff,
            note=decisions_note(result.report.notes),
        )  # fmt: skip


def decisions_note(notes: Sequence[str]) -> str:
    """The build's word on the standing decisions it applied (or left out), for the row."""
    return next((n for n in notes if n.startswith(DECISIONS_NOTES)), "")


SIGNAL_POLL: Final = 0.2  # s: the longest a signal caught on a worker thread waits to be handled


def _wait_awake(futures: Sequence[Future[FleetRow]]) -> None:
    """Wait for every future in short timed waits, never one untimed wait.

    Python runs signal handlers (SIGTERM's, Ctrl-C's ``KeyboardInterrupt``) on the main
    thread only. When the OS hands a process's signal to a worker thread (POSIX lets it pick
    any thread that does not block it; Linux prefers the main thread, not always), an untimed
    wait would
    keep the main thread asleep, and the handler would run only after the last build ended:
    every row ``ok`` and nothing interrupted. A timed wait wakes it at least every
    ``SIGNAL_POLL`` seconds to run what is pending.
    """
    while wait(futures, timeout=SIGNAL_POLL).not_done:
        pass


def run_fleet(
    names: Sequence[str],
    options: FleetOptions | None = None,
    *,
    events: FleetEvents | None = None,
    stop: threading.Event | None = None,
    build_fn: BuildFn = build,
) -> FleetReport:
    """Build every provider in ``names`` with at most ``options.concurrency`` at once.

    A ``KeyboardInterrupt`` while waiting (or ``stop`` set by the caller) starts no further
    build; the running ones finish; the report is returned with ``interrupted`` set.
    """
    options = options or FleetOptions()
    stop = stop or threading.Event()
    events = events or _Quiet()
    fleet = _Fleet(options, events, stop, build_fn)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    begun = time.perf_counter()
    interrupted = False

    def task(name: str) -> FleetRow:
        row = fleet.run_one(name)
        events.finished(row)
        return row

    # Load once, on this thread, what every build validates with; the loader is thread-safe
    # anyway, but the builds then start from a finished import.
    load_jsonschema()
    pool = ThreadPoolExecutor(max_workers=max(1, options.concurrency), thread_name_prefix="fleet")
    futures: list[Future[FleetRow]] = [pool.submit(task, n) for n in names]
    try:
        _wait_awake(futures)
    except KeyboardInterrupt:
        interrupted = True
        stop.set()  # queued providers return "interrupted" at once; running builds finish
        events.stopping()
        _wait_awake(futures)
    finally:
        pool.shutdown(wait=True)
    rows = tuple(f.result() for f in futures)
    interrupted = interrupted or any(r.status == "interrupted" for r in rows)
    return FleetReport(rows, started, time.perf_counter() - begun, interrupted)


def write_fleet_report(report: FleetReport, folder: Path) -> tuple[Path, Path]:
    """Write ``fleet_report.json`` and ``fleet_report.csv`` atomically; returns both paths.

    Raises:
        EvidenceError: the folder cannot be written.
    """
    folder = Path(folder).expanduser().resolve()
    paths = (folder / f"{REPORT_NAME}.json", folder / f"{REPORT_NAME}.csv")
    texts = (json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", report.to_csv())
    for path, text in zip(paths, texts, strict=True):
        try:
            atomic_write(path, text.encode("utf-8"))
        except OSError as exc:
            raise EvidenceError(str(path), f"cannot write the fleet report ({exc})") from exc
    return paths


def load_sources_map(path: Path) -> dict[str, list[str]]:
    """A YAML/JSON mapping ``provider name: [URL or file, ...]`` (sources instead of search).

    Relative file paths are taken from the mapping file's folder.

    Raises:
        ResearchError: the file is unreadable or not such a mapping.
    """
    import yaml

    from factory.safeload import loads_yaml

    try:
        data = loads_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise ResearchError(f"sources file {path}: unreadable ({exc})") from exc
    if not isinstance(data, dict):
        raise ResearchError(
            f"sources file {path}: expected a mapping of provider name to a list of sources, "
            f"got {type(data).__name__}"
        )
    for name, sources in data.items():
        if not isinstance(name, str):
            raise ResearchError(f"sources file {path}: entry {name!r}: the key must be a name")
        if not isinstance(sources, list):
            raise ResearchError(
                f"sources file {path}: entry {name!r}: expected a list of URLs or files, "
                f"got {type(sources).__name__}"
            )
        bad = [s for s in sources if not isinstance(s, str)]
        if bad:
            raise ResearchError(
                f"sources file {path}: entry {name!r}: {bad[0]!r} is not a URL or file name"
            )
    base = Path(path).expanduser().resolve().parent
    return {
        name: [s if "://" in s or Path(s).is_absolute() else str(base / s) for s in sources]
        for name, sources in data.items()
    }
