"""Benchmark: ``batch`` from a cold process, many times, at two concurrencies (no internet).

Each run is a fresh ``connector-factory batch`` process over ``--providers`` local providers
(one page each on a loopback web, ``--latency`` s per answer), so every lazy import happens
while the fleet's threads race for it, as for a user. Printed per concurrency: how many runs
had every provider ``ok``, the failures seen, and the median and best wall time, then the
ratio of the two medians. Nothing is asserted by timing.

Run: ``uv run python bench/fleet_cold.py [--runs 10] [--providers 20] [--latency 0.2]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fleet_web import LoopbackWeb, synthetic_scopes

CLI = Path(sys.executable).parent / "connector-factory"


def one_batch(sources: Path, concurrency: int) -> tuple[float, int, int, list[str]]:
    """(wall seconds, providers ok, providers, distinct errors) of one cold ``batch`` run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        argv = [str(CLI), "batch", "--sources-file", str(sources), "--json"]
        argv += ["--concurrency", str(concurrency), "--report-dir", str(out / "r")]
        argv += ["--contracts-dir", str(out / "c"), "--evidence-dir", str(out / "e")]
        begun = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, timeout=900)
        wall = time.perf_counter() - begun
        rows = json.loads(done.stdout)["rows"]
    errors = sorted({str(r.get("error")) for r in rows if r["status"] != "ok"})
    return wall, sum(r["status"] == "ok" for r in rows), len(rows), errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--providers", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", default="1,8", help="comma-separated")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    medians: dict[int, float] = {}
    with LoopbackWeb(hosts=2, latency=args.latency) as site, tempfile.TemporaryDirectory() as t:
        for index in range(args.providers):
            site.set_page(f"Cold P{index:02d}", synthetic_scopes(index, 6))
        sources = site.write_sources(Path(t) / "sources.yaml")
        for level in levels:
            walls, complete, errors = [], 0, set()
            for _ in range(args.runs):
                wall, ok, total, errs = one_batch(sources, level)
                walls.append(wall)
                complete += ok == total
                errors.update(errs)
            medians[level] = statistics.median(walls)
            print(
                f"concurrency {level}: {complete}/{args.runs} runs with all {args.providers} ok; "
                f"wall median {medians[level]:.2f} s, best {min(walls):.2f} s"
                + (f"; errors: {sorted(errors)}" if errors else "")
            )
    if len(levels) == 2:
        a, b = levels
        print(f"median wall, concurrency {a} / concurrency {b}: {medians[a] / medians[b]:.2f}x")


if __name__ == "__main__":
    main()
