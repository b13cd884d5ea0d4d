"""Measure a headless notebook run against a plain ``build`` of the same input.

Run from the project root::

    uv run python bench/notebook_run.py [--repeat 1]

Both runs are offline, on the fixture sources the project wrote
(``tests/fixtures/notebook/*.json``), into temporary folders. The notebook run is
``factory.runner.run_notebook`` (kernel start, every cell, the executed notebook and its HTML
export written); the build run is ``factory.pipeline.build`` in a fresh Python process, so
both pay their imports. Printed: each wall time (best of ``--repeat``), the ratio, and the
target (a notebook run under 30 s on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "tests" / "fixtures" / "notebook" / "acme_scopes.json",
    ROOT / "tests" / "fixtures" / "notebook" / "acme_legacy_scopes.json",
]
PROVIDER = "Acme Ads"
TARGET_SECONDS = 30.0

BUILD_SCRIPT = """
import sys
from factory.pipeline import build
build(sys.argv[1], sources=sys.argv[4:], offline=True,
      contracts_dir=sys.argv[2], evidence_dir=sys.argv[3])
"""


def time_notebook(folder: Path) -> float:
    """Seconds for one headless notebook run (the runner imported in this process)."""
    from factory.runner import run_notebook

    start = time.perf_counter()
    run = run_notebook(
        PROVIDER,
        sources=[str(s) for s in SOURCES],
        offline=True,
        contracts_dir=folder / "contracts",
        evidence_dir=folder / "evidence",
    )
    elapsed = time.perf_counter() - start
    if run.contract_path is None:
        raise SystemExit("the notebook run saved no contract")
    return elapsed


def time_build(folder: Path) -> float:
    """Seconds for one ``build`` in a fresh interpreter (imports included, as for a kernel)."""
    argv = [
        sys.executable,
        "-c",
        BUILD_SCRIPT,
        PROVIDER,
        str(folder / "contracts"),
        str(folder / "evidence"),
        *map(str, SOURCES),
    ]
    start = time.perf_counter()
    subprocess.run(argv, check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; best is kept")
    args = parser.parse_args()
    os.chdir(ROOT)
    notebook_times, build_times = [], []
    for _ in range(max(1, args.repeat)):
        with tempfile.TemporaryDirectory(prefix="cf-bench-") as tmp:
            build_times.append(time_build(Path(tmp) / "build"))
            notebook_times.append(time_notebook(Path(tmp) / "notebook"))
    best_nb, best_build = min(notebook_times), min(build_times)
    print(f"cores: {os.cpu_count()}  repeat: {args.repeat}  sources: {len(SOURCES)} fixture files")
    print(f"build (fresh process):    {best_build:6.2f} s")
    print(f"notebook (headless run):  {best_nb:6.2f} s")
    print(f"ratio notebook/build:     {best_nb / best_build:6.2f}x")
    verdict = "met" if best_nb < TARGET_SECONDS else "MISSED"
    print(f"target < {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
