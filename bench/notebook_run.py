"""Measure a headless notebook run against a plain ``build`` of the same input.

Run from the project root::

    uv run python bench/notebook_run.py [--repeat 1] [--case example|scale|both]

Both runs are offline, on fixture sources the project wrote, into temporary folders: the
``example`` case is ``tests/fixtures/notebook/*.json`` (8 scopes), the ``scale`` case the
Graph-style ``tests/fixtures/scale`` pages (318 scopes, per-kind tables). The notebook run is
``factory.workbench.runner.run_notebook`` (kernel start, every cell, the executed notebook and its
HTML
export written); the build run is ``factory.research.pipeline.build`` in a fresh Python process, so
both pay their imports. Printed per case: each wall time (best of ``--repeat``), the ratio,
the executed ``.ipynb`` and HTML export sizes, and the target (a notebook run under 30 s on 2
cores).
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
CASES = {
    "example": (
        "Acme Ads",
        [
            ROOT / "tests" / "fixtures" / "notebook" / "acme_scopes.json",
            ROOT / "tests" / "fixtures" / "notebook" / "acme_legacy_scopes.json",
        ],
    ),
    "scale": (
        "Contoso Graph",
        [
            ROOT / "tests" / "fixtures" / "scale" / "contoso_graph_permissions.html",
            ROOT / "tests" / "fixtures" / "scale" / "contoso_graph_legacy.html",
        ],
    ),
}
TARGET_SECONDS = 30.0

BUILD_SCRIPT = """
import sys
from factory.research.pipeline import build
build(sys.argv[1], sources=sys.argv[4:], offline=True,
      contracts_dir=sys.argv[2], evidence_dir=sys.argv[3])
"""


def time_notebook(folder: Path, provider: str, sources: list[Path]) -> tuple[float, int, int]:
    """Seconds for one headless notebook run (the runner imported in this process), and the
    sizes of the executed notebook and its HTML export in bytes."""
    from factory.workbench.runner import run_notebook

    start = time.perf_counter()
    run = run_notebook(
        provider,
        sources=[str(s) for s in sources],
        offline=True,
        contracts_dir=folder / "contracts",
        evidence_dir=folder / "evidence",
    )
    elapsed = time.perf_counter() - start
    if run.contract_path is None:
        raise SystemExit("the notebook run saved no contract")
    return elapsed, run.notebook_path.stat().st_size, run.html_path.stat().st_size


def time_build(folder: Path, provider: str, sources: list[Path]) -> float:
    """Seconds for one ``build`` in a fresh interpreter (imports included, as for a kernel)."""
    argv = [
        sys.executable,
        "-c",
        BUILD_SCRIPT,
        provider,
        str(folder / "contracts"),
        str(folder / "evidence"),
        *map(str, sources),
    ]
    start = time.perf_counter()
    subprocess.run(argv, check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    """Run both measurements per case and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; best is kept")
    parser.add_argument("--case", choices=[*CASES, "both"], default="both")
    args = parser.parse_args()
    os.chdir(ROOT)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cores: {os.cpu_count()}  load average: {load:.1f}  repeat: {args.repeat}")
    for case in CASES if args.case == "both" else [args.case]:
        provider, sources = CASES[case]
        notebook_runs, build_times = [], []
        for _ in range(max(1, args.repeat)):
            with tempfile.TemporaryDirectory(prefix="cf-bench-") as tmp:
                build_times.append(time_build(Path(tmp) / "build", provider, sources))
                notebook_runs.append(time_notebook(Path(tmp) / "notebook", provider, sources))
        best_nb, ipynb_size, html_size = min(notebook_runs)
        best_build = min(build_times)
        verdict = "met" if best_nb < TARGET_SECONDS else "MISSED"
        print(f"[{case}] {provider}, {len(sources)} fixture files")
        print(f"  build (fresh process):    {best_build:6.2f} s")
        print(f"  notebook (headless run):  {best_nb:6.2f} s")
        print(f"  ratio notebook/build:     {best_nb / best_build:6.2f}x")
        print(f"  executed .ipynb:          {ipynb_size / 1024:7.0f} KiB")
        print(f"  HTML export:              {html_size / 1024:7.0f} KiB")
        print(f"  target < {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
