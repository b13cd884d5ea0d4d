"""Benchmark: command start-up and offline builds, the code before this branch vs now.

Cases: ``--help``, a rejected empty name, the offline example build, an offline build of a
Graph-size page (about 300 permission names in per-kind tables, written by
``bench/graph_fixture.py``) and, on a machine without network only, a first contact
(``build TikTok``: how long until it says it cannot reach the web). Each case runs
``--runs`` times as a *pair*: the old code, then the new code, in the same interpreter and
virtual environment (so the same compiled site-packages), with ``PYTHONDONTWRITEBYTECODE=1``
for both (the project's own modules are compiled afresh every run either way). Wall-clock
and CPU (user + system) seconds per process are printed as min / median / max, with the
ratio of the medians, side by side; on a shared machine the CPU figures move less with the
load than the wall-clock ones.

The old code is a ``git archive`` of ``--before`` (default: the merge base of HEAD and
``main``) unpacked into a temporary folder and put first on ``PYTHONPATH``; nothing in the
working tree is stashed or switched.

Run: ``uv run python bench/startup.py [--runs 7] [--before REV]``
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from graph_fixture import write_graph_fixture

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sources" / "example_ads_scopes.html"
ENTRY = "import sys\nfrom factory.cli import main\nmain(sys.argv[1:])"


def git(*args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True).stdout


def unpack(rev: str, into: Path) -> Path:
    """The project's tree at ``rev``, unpacked into ``into``."""
    with tarfile.open(fileobj=BytesIO(git("archive", rev))) as archive:
        archive.extractall(into, filter="data")
    return into


def timed(argv: Sequence[str], pythonpath: Path | None, cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one process running the CLI."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "100"}
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", ENTRY, *argv], cwd=cwd, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr}")
    return elapsed, cpu


#: Times a plain json.loads of a big generated OpenAPI spec (mostly schemas, as real ones
#: are) and extract_document(doc, "auto")
#: of the same bytes (which detects, then extracts) in one process; prints both medians.
PARSE_PROBE = """
import json, statistics, sys, time
from factory.extract import extract_document
from factory.extract.detect import make_document
paths = {f"/v1/things{i}": {"get": {"operationId": f"get{i}", "description": "x" * 400,
         "responses": {"200": {"description": "ok"}}}} for i in range(200)}
schemas = {f"Thing{i}": {"type": "object", "description": "y" * 200, "properties": {
           f"field{j}": {"type": "string", "description": "z" * 80} for j in range(40)}}
           for i in range(600)}
flows = {"authorizationCode": {"authorizationUrl": "https://a.test/a", "tokenUrl": "https://a.test/t",
         "scopes": {f"thing{i}.read": f"Read thing {i}." for i in range(300)}}}
spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
        "components": {"schemas": schemas,
                       "securitySchemes": {"oauth": {"type": "oauth2", "flows": flows}}}}
body = json.dumps(spec).encode()
calls = []
real_loads = json.loads
def counting(*args, **kwargs):
    calls.append(1)
    return real_loads(*args, **kwargs)
plain, full = [], []
for _ in range(5):
    t = time.perf_counter(); json.loads(body); plain.append(time.perf_counter() - t)
    doc = make_document(body, "https://a.test/spec.json")
    json.loads = counting
    t = time.perf_counter(); extract_document(doc, "auto"); full.append(time.perf_counter() - t)
    json.loads = real_loads
print(len(body), statistics.median(plain), statistics.median(full), len(calls) // 5)
"""


def parse_ratio(pythonpath: Path | None, cwd: Path) -> tuple[int, float, float, int]:
    """``(bytes, plain parse s, detect + extract s, json.loads calls)`` of the probe.

    ``cwd`` must not be the project folder: ``python -c`` puts the working folder first on
    ``sys.path``, where it would shadow ``pythonpath``.
    """
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    out = subprocess.run(
        [sys.executable, "-c", PARSE_PROBE],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]), int(out[3])


def offline_machine() -> bool:
    """Whether this machine resolves no public name (the first-contact case then runs)."""
    try:
        socket.getaddrinfo("developers.tiktok.com", 443)
    except OSError:
        return True
    return False


def summary(times: list[float]) -> str:
    return f"{min(times):5.2f} / {statistics.median(times):5.2f} / {max(times):5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="paired runs per case")
    parser.add_argument("--before", default=None, help="git revision of the old code")
    args = parser.parse_args()
    before_rev = args.before or git("merge-base", "HEAD", "main").decode().strip()
    with tempfile.TemporaryDirectory(prefix="cf-startup-") as tmp:
        work = Path(tmp)
        old = unpack(before_rev, work / "before")
        graph = write_graph_fixture(work / "graph_permissions.html")
        out = ["--evidence-dir", str(work / "evidence"), "--contracts-dir", str(work / "c")]
        cases = {
            "--help": ["--help"],
            "build '' (bad name)": ["build", ""],
            "offline example build": ["build", "Example Ads", "--offline", "--source",
                                      str(EXAMPLE), *out],
            "Graph-size offline build": ["build", "Example Graph", "--offline", "--source",
                                         str(graph), *out],
        }  # fmt: skip
        if offline_machine():  # first contact without network: only where there is none
            cases["build TikTok (no network)"] = ["build", "TikTok", *out]
        else:
            print("network available: the first-contact (no network) case is skipped")
        print(f"before: {before_rev[:10]}  after: working tree  runs: {args.runs} pairs")
        print(f"python: {sys.executable}  cores: {os.cpu_count()}")
        print(f"load average at start: {os.getloadavg()[0]:.1f}")
        head = f"{'case':26} {'':4} {'before min/med/max s':>22} {'after min/med/max s':>22}"
        print(f"{head} {'ratio':>6}")
        for label, argv in cases.items():
            before: list[tuple[float, float]] = []
            after: list[tuple[float, float]] = []
            timed(argv, old, work)  # warm the page cache and the evidence folders once
            timed(argv, None, work)
            for _ in range(args.runs):
                before.append(timed(argv, old, work))
                after.append(timed(argv, None, work))
            for index, kind in enumerate(("wall", "cpu")):
                old_s = [t[index] for t in before]
                new_s = [t[index] for t in after]
                ratio = statistics.median(old_s) / statistics.median(new_s)
                name = label if index == 0 else ""
                print(f"{name:26} {kind:4} {summary(old_s):>22} {summary(new_s):>22} {ratio:5.1f}x")
        print(
            f"load average at end: {os.getloadavg()[0]:.1f} (2 cores: above 2, others share them)"
        )
        print("\nauto-detected JSON spec: detect + extract vs one plain json.loads (medians of 5)")
        for label, tree in (("before", old), ("after", None)):
            size, plain, full, parses = parse_ratio(tree, work)
            print(
                f"  {label:6} {size / 1e6:.1f} MB: {parses} parse(s); plain {plain * 1000:.0f} ms,"
                f" detect + extract {full * 1000:.0f} ms = {full / plain:.2f}x a plain parse"
            )


if __name__ == "__main__":
    main()
