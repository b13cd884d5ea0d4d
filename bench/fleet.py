"""Benchmark: the fleet on a loopback web of the project's own (no internet).

1. The 48 catalog providers, one page each (``--page-kb`` KiB, ``--latency`` s per answer, on
   ``--hosts`` loopback hosts, sources given through a sources file): the sum of 48 sequential
   ``build`` calls in one process vs one ``batch`` (``run_fleet``), the ratio, and peak memory;
   then the same batch again with ``resume`` (near zero work).
2. Four pages changed (a scope added, one removed, one reworded, one moved to legacy), the
   batch re-run, and each provider's diff checked against exactly that change.
3. Synthetic fleets (``--scale``, default 100,200,400 providers) for time and memory growth.

Each phase runs in a child process so its peak RSS (``resource.getrusage``) is its own; the
child first builds one warm-up provider so imports are not counted. Figures are printed side by
side; nothing is asserted by timing.

Run: ``uv run python bench/fleet.py [--latency 0.15] [--concurrency 16] [--scale 100,200,400]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from fleet_web import LoopbackWeb, synthetic_scopes

SCOPES = 12
WARMUP = "Fleet Warmup"


def rss_mib() -> float:
    """Peak resident memory of this process so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """One phase, in this (child) process: warm up, then run and measure."""
    from factory.fleet.batch import FleetOptions, load_sources_map, run_fleet
    from factory.options import ResearchOptions
    from factory.research.pipeline import build

    sources = load_sources_map(Path(spec["sources"]))
    root = Path(spec["root"])
    scratch = root / "warmup"
    build(WARMUP, sources=sources[WARMUP], contracts_dir=scratch, evidence_dir=scratch)
    names = spec["names"]
    base = rss_mib()
    cpu = time.process_time()
    start = time.perf_counter()
    result: dict[str, Any] = {}
    if spec["phase"] == "sequential":
        for name in names:
            build(name, sources=sources[name], contracts_dir=root / "c", evidence_dir=root / "e")
    else:
        options = FleetOptions(
            sources=sources, concurrency=spec["concurrency"], resume=spec["resume"],
            research=ResearchOptions(contracts_dir=root / "c", evidence_dir=root / "e"),
        )  # fmt: skip
        report = run_fleet(names, options)
        result["counts"] = report.counts()
        result["diffs"] = {
            r.provider: r.diff.summary()
            for r in report.rows
            if r.diff is not None and r.diff.changes
        }
        result["diff_changes"] = {
            r.provider: [c.to_dict() for c in r.diff.changes]
            for r in report.rows
            if r.diff is not None and r.diff.changes
        }
    result.update(seconds=time.perf_counter() - start, rss_base=base, rss_peak=rss_mib())
    result["cpu"] = time.process_time() - cpu
    return result


def phase(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one phase in a child process and return its figures."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def catalog_names() -> list[str]:
    from factory.research.catalog import load_entries

    return [e.display_name for e in load_entries()]


def publish(web: LoopbackWeb, names: list[str]) -> None:
    web.set_page(WARMUP, synthetic_scopes(999, SCOPES))
    for index, name in enumerate(names):
        web.set_page(name, synthetic_scopes(index, SCOPES))


def mem(r: dict[str, Any], size: int) -> str:
    peak, grown = r["rss_peak"], r["rss_peak"] - r["rss_base"]
    cpu = r["cpu"] / size * 1000
    return f"CPU {cpu:5.0f} ms/provider   {peak:.0f} MiB peak ({grown:+.0f} over warm start)"


def catalog_fleet(args: argparse.Namespace, tmp: Path) -> None:
    names = catalog_names()
    with LoopbackWeb(hosts=args.hosts, latency=args.latency, filler_kb=args.page_kb) as web:
        publish(web, names)
        sources = str(web.write_sources(tmp / "sources.yaml"))
        common = {"names": names, "sources": sources, "concurrency": args.concurrency}
        seq = phase({**common, "phase": "sequential", "root": str(tmp / "seq"), "resume": False})
        fleet = phase({**common, "phase": "batch", "root": str(tmp / "fleet"), "resume": False})
        again = phase({**common, "phase": "batch", "root": str(tmp / "fleet"), "resume": True})
        print(f"{len(names)} catalog providers, 1 page of ~{args.page_kb} KiB each, "
              f"{args.latency * 1000:.0f} ms per answer, {args.hosts} loopback hosts")  # fmt: skip
        print(f"  sequential builds (sum): {seq['seconds']:7.2f} s   {mem(seq, len(names))}")
        label = f"batch --concurrency {args.concurrency}:"
        print(
            f"  {label:<25}{fleet['seconds']:7.2f} s   {mem(fleet, len(names))}   {fleet['counts']}"
        )
        print(f"  ratio sequential / batch: {seq['seconds'] / fleet['seconds']:.1f}x")
        print(f"  batch --resume:          {again['seconds']:7.3f} s   {again['counts']}")
        changes = {
            names[0]: ("added", lambda s: [*s, (f"{s[0][0]}.extra", "Read the extra things.")], ()),
            names[1]: ("removed", lambda s: s[:-1], ()),
            names[2]: ("reworded", lambda s: [(s[0][0], "A reworded description."), *s[1:]], ()),
            names[3]: ("version", lambda s: s[1:], "legacy"),
        }
        for name, (_kind, change, legacy) in changes.items():
            scopes = synthetic_scopes(names.index(name), SCOPES)
            web.set_page(name, change(scopes), scopes[:1] if legacy else ())
        after = phase({**common, "phase": "batch", "root": str(tmp / "fleet"), "resume": False})
    print("  after changing 4 pages (add, remove, reword, move to legacy), batch again:")
    for name, (kind, _change, _legacy) in changes.items():
        summary = after["diffs"].get(name, {})
        found = {k: v for k, v in summary.items() if v and not k.endswith("_scopes")}
        verdict = "exact" if found == {kind: 1} else "WRONG"
        print(f"    {name:<24} expected 1 {kind:<8} found {found}  -> {verdict}")
    others = sorted(set(after["diffs"]) - set(changes))
    print(f"    providers with a diff that were not changed: {others or 'none'}")


def scale(args: argparse.Namespace, tmp: Path) -> None:
    print(f"synthetic fleets, 1 page of ~{args.page_kb} KiB each, {args.latency * 1000:.0f} ms, "
          f"concurrency {args.concurrency}:")  # fmt: skip
    first: tuple[int, dict[str, Any]] | None = None
    for size in (int(n) for n in args.scale.split(",") if n):
        names = [f"Synthetic {i:04d}" for i in range(size)]
        with LoopbackWeb(hosts=args.hosts, latency=args.latency, filler_kb=args.page_kb) as web:
            publish(web, names)
            spec = {"names": names, "sources": str(web.write_sources(tmp / f"s{size}.yaml")),
                    "concurrency": args.concurrency, "phase": "batch",
                    "root": str(tmp / f"scale{size}"), "resume": False}  # fmt: skip
            r = phase(spec)
        first = first or (size, r)
        per = r["seconds"] / size * 1000
        grow = (r["seconds"] / first[1]["seconds"]) / (size / first[0])
        print(f"  {size:4d} providers: {r['seconds']:7.2f} s ({per:5.1f} ms/provider, "
              f"time/size vs first {grow:.2f})   {mem(r, size)}")  # fmt: skip


def cpu_per_page_size(tmp: Path, sizes: tuple[int, ...] = (0, 50, 400), rounds: int = 5) -> None:
    """CPU of one build from a local page of each size: the fixed cost and the cost per KiB."""
    from fleet_web import provider_page

    from factory.research.pipeline import build

    page = tmp / "page.html"
    print("CPU of one build vs page size (local file, no network, in one process):")
    figures = []
    for kb in sizes:
        page.write_bytes(provider_page("Size", synthetic_scopes(1, SCOPES), (), kb))
        build(WARMUP, sources=[str(page)], contracts_dir=tmp / "cpu", evidence_dir=tmp / "cpu")
        start = time.process_time()
        for n in range(rounds):
            build(f"Size Test {n}", sources=[str(page)], contracts_dir=tmp / "cpu",
                  evidence_dir=tmp / "cpu")  # fmt: skip
        ms = (time.process_time() - start) / rounds * 1000
        figures.append((page.stat().st_size / 1024, ms))
        print(f"  {page.stat().st_size / 1024:6.0f} KiB page: {ms:6.0f} ms CPU per build")
    (kb0, ms0), (kb1, ms1) = figures[0], figures[-1]
    print(f"  fixed ~{ms0:.0f} ms per build, ~{(ms1 - ms0) / (kb1 - kb0):.2f} ms per KiB of HTML")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--latency", type=float, default=0.15)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--page-kb", type=int, default=50)
    parser.add_argument("--scale", default="100,200,400")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        catalog_fleet(args, Path(tmp))
        scale(args, Path(tmp))
        cpu_per_page_size(Path(tmp))


if __name__ == "__main__":
    main()
