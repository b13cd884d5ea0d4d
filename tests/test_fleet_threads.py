"""Builds in threads from a cold process: no provider's outcome may depend on another's thread.

Each case starts a fresh interpreter, so every lazy import happens while the threads race
for it (an already warm test process would hide exactly the failures these look for).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from benchmods import load_bench

fleet_web = load_bench("fleet_web")
CLI = Path(sys.executable).parent / "connector-factory"


@pytest.mark.slow
def test_batch_of_twenty_at_concurrency_eight_succeeds_every_time(tmp_path: Path) -> None:
    with fleet_web.LoopbackWeb(hosts=2) as site:
        for index in range(20):
            site.set_page(f"Thread P{index:02d}", fleet_web.synthetic_scopes(index, 4))
        sources = site.write_sources(tmp_path / "sources.yaml")
        for trial in range(3):
            out = tmp_path / f"t{trial}"
            argv = [str(CLI), "batch", "--sources-file", str(sources), "--concurrency", "8"]
            argv += ["--json", "--report-dir", str(out / "r"), "--contracts-dir", str(out / "c")]
            argv += ["--evidence-dir", str(out / "e")]
            done = subprocess.run(argv, capture_output=True, text=True, timeout=240)
            rows = json.loads(done.stdout)["rows"]
            failed = {r["provider"]: r["error"] for r in rows if r["status"] != "ok"}
            assert done.returncode == 0 and not failed, (trial, failed)
            assert len(list((out / "c").glob("*_CONNECTOR_CONTRACT.json"))) == 20


# The builds call ``build`` directly (not ``run_fleet``, which loads the shared modules before
# its threads start), with the interpreter switching threads as often as it can.
SHAKEN = textwrap.dedent(
    """
    import sys, json, threading
    sys.setswitchinterval(1e-6)
    from factory.research.pipeline import build

    results = {}

    def one(index, source, root):
        try:
            built = build(f"Shaken {index}", sources=[source], offline=True,
                          contracts_dir=f"{root}/c", evidence_dir=f"{root}/e")
            results[index] = len(built.table)
        except BaseException as exc:
            results[index] = f"{type(exc).__name__}: {exc}"

    source, root = sys.argv[1], sys.argv[2]
    threads = [threading.Thread(target=one, args=(i, source, root)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(results))
    """
)


@pytest.mark.slow
def test_builds_in_threads_under_a_tiny_switch_interval_all_succeed(tmp_path: Path) -> None:
    page = tmp_path / "scopes.html"
    page.write_bytes(fleet_web.provider_page("Shaken", fleet_web.synthetic_scopes(1, 5)))
    for trial in range(2):
        root = tmp_path / f"t{trial}"
        done = subprocess.run(
            [sys.executable, "-c", SHAKEN, str(page), str(root)],
            capture_output=True, text=True, timeout=240,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)
        assert results == {str(i): 5 for i in range(6)}, (trial, results)
