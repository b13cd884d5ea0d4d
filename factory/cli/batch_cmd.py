"""``connector-factory batch``: many providers at once, one row each (a thin layer over fleet).

Progress goes to stderr (an overall bar and one bar per running provider, hidden when stderr
is not a terminal); the fleet table, the per-provider diffs and the report paths go to
stdout, or one JSON object with ``--json``. Exit code 0 when no provider failed, 1 when any
did (every other provider still ran), 130 after Ctrl-C and 143 after SIGTERM (both stop
alike: no new build starts, running builds finish, the fleet report is written; re-run with
``--resume`` to go on). SIGTERM is acknowledged on stderr as soon as it is handled (within
the fleet's ``SIGNAL_POLL``, while builds run). Every research option of ``build`` is
accepted and applies to each provider's build.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factory.cli.options import (
    BuildDeadlineOption,
    ContractsDirOption,
    DecisionsOption,
    DocumentDeadlineOption,
    EvidenceDirOption,
    JsonOption,
    LinkDepthOption,
    LinkPagesOption,
    OfflineOption,
    RenderOption,
    RenderTimeoutOption,
    SchemaOption,
    SearchOption,
    TemplateOption,
    research_options,
)

if TYPE_CHECKING:  # the fleet (the pipeline), rich and tqdm load inside the command
    from rich.console import Console
    from tqdm import tqdm

    from factory.fleet.batch import FleetReport, FleetRow

TERMINATING = "terminating (SIGTERM): no new build starts; the running ones finish first\n"
INTERRUPTING = "interrupted (Ctrl-C): no new build starts; the running ones finish first\n"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_age(text: str) -> float:
    """``90``, ``90s``, ``30m``, ``12h``, ``2d`` -> seconds.

    Raises:
        typer.BadParameter: anything else (a usage error, exit code 2).
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if not match:
        raise typer.BadParameter(f"{text!r} is not an age such as 90s, 30m, 12h or 2d")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


class _Bars:
    """tqdm bars: one overall, one per running provider (thread-safe through tqdm's lock)."""

    def __init__(self, total: int, slots: int) -> None:
        from tqdm import tqdm

        self._tqdm = tqdm
        self.overall = tqdm(total=total, desc="fleet", unit="provider", disable=None, position=0)
        self._free = list(range(1, slots + 1))
        self._bars: dict[str, tqdm] = {}
        self._lock = threading.Lock()

    def started(self, name: str) -> None:
        with self._lock:
            slot = self._free.pop(0) if self._free else 1
            self._bars[name] = self._tqdm(
                total=0, desc=name[:24], unit="doc", leave=False, disable=None, position=slot
            )

    def progress(self, name: str, done: int, total: int, url: str) -> None:
        bar = self._bars.get(name)
        if bar is None:
            return
        if bar.total != total:
            bar.reset(total=total)
        bar.n = done
        bar.refresh()

    def finished(self, row: FleetRow) -> None:
        with self._lock:
            bar = self._bars.pop(row.provider, None)
            if bar is not None:
                self._free.append(bar.pos if isinstance(bar.pos, int) else 1)
                bar.close()
            self.overall.set_postfix_str(f"{row.provider}: {row.status}", refresh=False)
            self.overall.update(1)

    def stopping(self) -> None:
        with self._lock:
            self._tqdm.write(INTERRUPTING.rstrip("\n"), file=sys.stderr)

    def close(self) -> None:
        for bar in list(self._bars.values()):
            bar.close()
        self.overall.close()


def render_fleet(report: FleetReport, console: Console) -> None:
    """The fleet table: one row per provider."""
    from rich.table import Table
    from rich.text import Text

    counts = ", ".join(f"{n} {s}" for s, n in report.counts().items() if n)
    table = Table(
        title=f"Fleet: {len(report.rows)} provider(s) in {report.seconds:.1f}s ({counts})"
    )
    for name in ("provider", "status", "scopes", "+", "-", "~", "sources", "auth", "flags", "s"):
        right = len(name) <= 1 or name in ("scopes", "sources", "flags")
        table.add_column(
            name, justify="right" if right else "left", no_wrap=name != "provider", min_width=4
        )
    table.add_column("error / note", overflow="fold", ratio=1)
    for r in report.rows:
        numbers = (r.scopes, r.added, r.removed, r.changed, r.sources)
        note = r.behind or (f"{r.cause}: {r.error}" if r.cause else r.error) or r.note
        note = note.splitlines()[0][:80] if note else ""  # the whole error is in the report
        table.add_row(
            Text(r.provider),
            r.status,
            *("-" if v is None else str(v) for v in numbers),
            Text(r.auth_method or "-"),
            "-" if r.flags is None else str(r.flags),
            f"{r.seconds:.1f}",
            Text(note),
        )
    console.print(table)


def batch_command(
    providers: Annotated[list[str] | None, typer.Argument(help="Provider names.")] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every provider in the catalog.")
    ] = False,
    category: Annotated[
        str | None, typer.Option("--category", help="The catalog's providers of one category.")
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Providers built at once.")
    ] = 4,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Skip providers whose latest run is younger than --max-age."),
    ] = False,
    max_age: Annotated[
        str,
        typer.Option(
            "--max-age",
            help="With --resume: how old a run may be and still count (90s, 30m, 12h, 2d).",
        ),
    ] = "24h",
    force: Annotated[
        bool, typer.Option("--force", help="With --resume: rebuild every provider anyway.")
    ] = False,
    replay_root: Annotated[
        Path | None,
        typer.Option(
            "--replay-root",
            file_okay=False,
            help="Replay each provider from ROOT/PLATFORM, no network.",
        ),
    ] = None,
    sources_file: Annotated[
        Path | None,
        typer.Option(
            "--sources-file",
            dir_okay=False,
            help="YAML/JSON mapping: provider name -> its sources (URLs or files); no search.",
        ),
    ] = None,
    offline: OfflineOption = False,
    search: SearchOption = None,
    contracts_dir: ContractsDirOption = None,
    evidence_dir: EvidenceDirOption = None,
    template: TemplateOption = None,
    schema: SchemaOption = None,
    decisions: DecisionsOption = None,
    render: RenderOption = "auto",
    render_timeout: RenderTimeoutOption = 20.0,
    link_depth: LinkDepthOption = 1,
    max_linked_pages: LinkPagesOption = 20,
    document_deadline: DocumentDeadlineOption = None,
    build_deadline: BuildDeadlineOption = None,
    report_dir: Annotated[
        Path, typer.Option("--report-dir", file_okay=False, help="Where fleet_report.json/.csv go.")
    ] = Path("outputs") / "fleet",
    notebook: Annotated[
        bool,
        typer.Option(
            "--notebook",
            help="Also execute notebooks/fleet.ipynb on the report (kept beside it, with HTML).",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Research many providers concurrently: one build, evidence and contract each."""  # fmt: skip
    from rich.console import Console

    from factory.fleet.batch import (
        DEFAULT_MAX_AGE,
        FleetOptions,
        load_sources_map,
        run_fleet,
        select_providers,
        write_fleet_report,
    )
    from factory.workbench.fleet_views import run_fleet_notebook

    age = parse_age(max_age) if max_age else DEFAULT_MAX_AGE
    sources = load_sources_map(sources_file) if sources_file is not None else {}
    names = select_providers(providers or (), everything=everything, category=category)
    if not names and sources:
        names = select_providers(list(sources))
    if not names:
        raise typer.BadParameter("name providers, or use --all, --category or --sources-file")
    research = research_options(
        offline=offline, search=search, decisions=decisions, contracts_dir=contracts_dir,
        evidence_dir=evidence_dir, template=template, schema=schema, render=render,
        render_timeout=render_timeout, link_depth=link_depth, max_linked_pages=max_linked_pages,
        document_deadline=document_deadline, build_deadline=build_deadline,
    )  # fmt: skip
    if decisions is not None:  # a bad file fails now, before any provider starts
        from factory.contract.decisions import load_decisions

        load_decisions(decisions)
    options = FleetOptions(
        research=research, sources=sources, replay_root=replay_root, concurrency=concurrency,
        resume=resume, max_age=age, force=force,
    )  # fmt: skip
    bars = _Bars(len(names), concurrency)
    stop = threading.Event()
    try:
        with _sigterm_stops(stop) as terminated:
            report = run_fleet(names, options, events=bars, stop=stop)
    finally:
        bars.close()
    json_path, csv_path = write_fleet_report(report, report_dir)
    overview = run_fleet_notebook(json_path) if notebook else None
    if as_json:
        data = {**report.to_dict(), "report_json": str(json_path), "report_csv": str(csv_path)}
        data["notebook"] = str(overview) if overview else None
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        render_fleet(report, Console(width=max(Console().width, 120)))
        for row in report.rows:
            if row.diff is not None and row.diff.changes:
                typer.echo(
                    f"\n{row.provider}: since the previous run\n{row.diff.to_text()}", nl=False
                )
        typer.echo(f"Fleet report: {json_path}\nFleet report (CSV): {csv_path}")
        if overview is not None:
            typer.echo(f"Fleet overview: {overview} (+ {overview.with_suffix('.html').name})")
    if report.interrupted or terminated:
        done = sum(1 for r in report.rows if r.status != "interrupted")
        why = "terminated (SIGTERM)" if terminated else "interrupted"
        typer.echo(
            f"{why}: {done} of {len(report.rows)} done; re-run with --resume to continue",
            err=True,
        )
        sys.exit(143 if terminated else 130)
    failed = report.counts()["failed"]
    if failed:
        typer.echo(
            f"error: {failed} of {len(report.rows)} provider(s) failed (see the report)", err=True
        )
        sys.exit(1)


class _Terminated:
    """Whether SIGTERM arrived (truthy once it did)."""

    def __init__(self) -> None:
        self.arrived = False

    def __bool__(self) -> bool:
        return self.arrived


@contextmanager
def _sigterm_stops(stop: threading.Event) -> Iterator[_Terminated]:
    """While the fleet runs, SIGTERM is a stop like Ctrl-C: ``stop`` is set, so no new build
    starts and the running ones finish their atomic writes (the handler raises nothing, so
    no write is cut short). The previous handler is restored after."""
    terminated = _Terminated()
    if threading.current_thread() is not threading.main_thread():
        yield terminated  # signal handlers can only be set on the main thread
        return

    def on_sigterm(signum: int, frame: object) -> None:
        terminated.arrived = True
        stop.set()
        with suppress(OSError):  # os.write: no buffered stream's lock taken in a handler
            os.write(2, TERMINATING.encode())

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield terminated
    finally:
        signal.signal(signal.SIGTERM, previous)


def register(app: typer.Typer) -> None:
    """Add the ``batch`` command to the app."""
    app.command("batch")(batch_command)
