"""The fault suite: builds killed at chosen points, concurrent builds, refused builds.

Each build runs in a forked subprocess (the test's imports are shared, so a build takes a
fraction of a second) that SIGKILLs itself at a named point (``CONNECTOR_FACTORY_KILL_AT``,
see ``factory.faults``); the refused build runs through the real CLI in a fresh interpreter.
After every fault the same things must hold: the published evidence (``latest``) replays to
the saved contract byte for byte, no temp file is left once the next build (its recovery
step) has run, earlier published runs are untouched, and the killed run is listed as failed,
or as published when it died after its contract was saved (that contract is what its
evidence backs).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factory import build
from factory.evidence.runs import list_runs, provider_lock, read_run, recover

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "examples" / "sources" / "example_ads_scopes.html"
SPEC = ROOT / "examples" / "sources" / "example_ads_openapi.yaml"
CONTRACT = "EXAMPLE_ADS_CONNECTOR_CONTRACT.json"
#: Kill points before the contract's rename: the old contract stays, the run fails.
BEFORE_SAVE = ("evidence:before", "evidence:during", "evidence:after", "contract:before",
               "contract:during")  # fmt: skip
#: Kill points after it: the new contract is saved, recovery publishes the run.
AFTER_SAVE = ("contract:after", "publish:before", "publish:pointer", "publish:after")
ROUNDS = int(os.environ.get("FAULT_ROUNDS", "3"))  # rounds of 8 concurrent builds
CLI = "import sys; from factory.cli import main; main(sys.argv[1:])"


def _command(source: Path, base: Path) -> list[str]:
    return [
        sys.executable, "-c", CLI, "build", "Example Ads", "--offline", "--source", str(source),
        "--contracts-dir", str(base / "c"), "--evidence-dir", str(base / "e"),
    ]  # fmt: skip


def _spawn(source: Path, base: Path, kill_at: str | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "CONNECTOR_FACTORY_KILL_AT"}
    if kill_at:
        env["CONNECTOR_FACTORY_KILL_AT"] = kill_at
    return subprocess.Popen(
        _command(source, base), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _child(source: Path, base: Path, kill_at: str | None) -> None:
    if kill_at:
        os.environ["CONNECTOR_FACTORY_KILL_AT"] = kill_at
    build(
        "Example Ads", sources=[str(source)], offline=True,
        contracts_dir=base / "c", evidence_dir=base / "e",
    )  # fmt: skip


def _fork(source: Path, base: Path, kill_at: str | None = None) -> multiprocessing.Process:
    process = multiprocessing.get_context("fork").Process(
        target=_child, args=(source, base, kill_at)
    )
    process.start()
    return process


def _wait(processes: list[multiprocessing.Process]) -> list[int | None]:
    for process in processes:
        process.join(timeout=300)
        if process.is_alive():  # a hung build fails the test, and is not left running
            process.kill()
            process.join()
    return [p.exitcode for p in processes]


def _tree_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _temp_files(base: Path) -> list[Path]:
    return [p for p in base.rglob(".*.tmp")]


def _replay_bytes(provider_dir: Path, work: Path) -> bytes:
    replayed = build(
        "Example Ads", replay_dir=provider_dir, contracts_dir=work / "c", evidence_dir=work / "e"
    )
    return replayed.save.path.read_bytes()


def _assert_consistent(base: Path, work: Path) -> None:
    """``latest`` replays to the saved contract byte for byte; nothing temporary is left."""
    provider_dir = base / "e" / "EXAMPLE_ADS"
    saved = (base / "c" / CONTRACT).read_bytes()
    assert _replay_bytes(provider_dir, work) == saved
    latest = read_run(provider_dir)
    assert latest.record.contract_sha256 == hashlib.sha256(saved).hexdigest()
    assert _temp_files(base) == []
    assert sorted(p.name for p in (base / "c").iterdir()) == [CONTRACT]  # no lock, no temp


@pytest.fixture()
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published build from the HTML page, to be copied into each scenario."""
    base = tmp_path_factory.mktemp("baseline")
    build(
        "Example Ads", sources=[str(HTML)], offline=True,
        contracts_dir=base / "c", evidence_dir=base / "e",
    )  # fmt: skip
    return base


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst, symlinks=True)
    return dst


def test_kill_at_every_point_leaves_published_evidence_that_backs_the_contract(
    baseline: Path, tmp_path: Path
) -> None:
    points = (*BEFORE_SAVE, *AFTER_SAVE)
    bases = {p: _copy(baseline, tmp_path / p.replace(":", "-")) for p in points}
    old_contract = (baseline / "c" / CONTRACT).read_bytes()
    old_run = read_run(baseline / "e" / "EXAMPLE_ADS")
    old_hashes = _tree_hashes(old_run.folder)
    # One build per kill point, each in its own copy of the baseline.
    codes = {p: _wait([_fork(SPEC, bases[p], kill_at=p)])[0] for p in points}
    assert codes == {p: -9 for p in points}
    for point in points:
        base = bases[point]
        provider_dir = base / "e" / "EXAMPLE_ADS"
        contract = (base / "c" / CONTRACT).read_bytes()
        assert (contract == old_contract) is (point in BEFORE_SAVE), point
        if point in BEFORE_SAVE:  # nothing published changed: consistent at once
            assert read_run(provider_dir).record.run == old_run.record.run
            assert _replay_bytes(provider_dir, tmp_path / "now" / point) == contract
        with provider_lock(provider_dir):  # what the next build does first
            recover(provider_dir)
        if point == "contract:during":  # the killed save's temp file: the next save removes it
            assert _wait([_fork(HTML, base)]) == [0]
        _assert_consistent(base, tmp_path / "replay" / point)
        runs = {r.run: r.outcome for r in list_runs(provider_dir, published_only=False)}
        killed = [r for r in runs if r != old_run.record.run]
        outcome = "failed" if point in BEFORE_SAVE else "published"
        assert runs[killed[0]] == outcome, (point, runs)
        assert _tree_hashes(old_run.folder) == old_hashes, point  # a published run never changes


def test_an_approved_contract_refuses_the_build_and_keeps_its_evidence(
    baseline: Path, tmp_path: Path
) -> None:
    base = _copy(baseline, tmp_path / "approved")
    path = base / "c" / CONTRACT
    approved = json.loads(path.read_text())
    approved["status"] = "approved"
    path.write_text(json.dumps(approved, indent=2, ensure_ascii=False) + "\n")
    before = path.read_bytes()
    provider_dir = base / "e" / "EXAMPLE_ADS"
    published = read_run(provider_dir)
    proc = _spawn(SPEC, base)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert b"approved" in err
    assert path.read_bytes() == before
    assert read_run(provider_dir).record.run == published.record.run  # latest unchanged
    outcomes = [r.outcome for r in list_runs(provider_dir, published_only=False)]
    assert outcomes == ["published", "refused"]
    # The published evidence still rebuilds the approved contract (as its draft).
    approved["status"] = "draft"
    draft = (json.dumps(approved, indent=2, ensure_ascii=False) + "\n").encode()
    assert _replay_bytes(provider_dir, tmp_path / "replay") == draft
    assert _temp_files(base) == []


def test_concurrent_builds_from_different_sources_stay_consistent(
    baseline: Path, tmp_path: Path
) -> None:
    base = _copy(baseline, tmp_path / "concurrent")
    provider_dir = base / "e" / "EXAMPLE_ADS"
    for round_number in range(ROUNDS):
        codes = _wait([_fork(SPEC if i % 2 else HTML, base) for i in range(8)])
        assert codes == [0] * 8, round_number
        _assert_consistent(base, tmp_path / "replay" / str(round_number))
    assert len(list_runs(provider_dir)) == 1 + 8 * ROUNDS
