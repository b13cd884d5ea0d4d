"""Evidence runs: run folders, the ``latest`` pointer, the ``runs.jsonl`` index, replay, and
reading runs back (flat folders of earlier versions as one run; the index read defensively)."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from factory import build
from factory.errors import EvidenceError, ResearchError
from factory.evidence.runs import (
    last_two_runs,
    latest_run,
    list_runs,
    newest_attempt,
    open_run,
    previous_run,
    read_run,
)
from factory.evidence.store import save_annotations, save_documents
from factory.research.fetch import read_local_source

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "examples" / "sources" / "example_ads_scopes.html"
SPEC = ROOT / "examples" / "sources" / "example_ads_openapi.yaml"


def _build(tmp_path: Path, source: Path, name: str = "Example Ads"):  # type: ignore[no-untyped-def]
    return build(
        name, sources=[str(source)], offline=True,
        contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e",
    )  # fmt: skip


def test_each_build_publishes_its_own_run(tmp_path: Path) -> None:
    first = _build(tmp_path, HTML)
    second = _build(tmp_path, SPEC)
    provider_dir = tmp_path / "e" / "EXAMPLE_ADS"
    runs = list_runs(provider_dir)
    assert [r.run for r in runs] == [first.evidence_dir.name, second.evidence_dir.name]
    assert latest_run(provider_dir) == second.evidence_dir.resolve()
    contract = second.save.path
    assert runs[-1].contract_sha256 == hashlib.sha256(contract.read_bytes()).hexdigest()
    assert runs[-1].contract_path == str(contract)
    assert runs[-1].scope_count == len(second.contract["sections"]["scopes"]["scopes"])
    older = read_run(provider_dir, first.evidence_dir.name)
    assert [d.url for d in older.documents()] == [str(HTML)]  # the path as given
    assert older.report is not None and older.report["contract_path"] == str(contract)
    status = json.loads((second.evidence_dir / "run.json").read_text())
    assert status["status"] == "published"


def test_a_build_without_scopes_keeps_a_failed_run_and_publishes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><h1>Nothing here</h1><p>Welcome.</p></body></html>")
    with pytest.raises(ResearchError, match="no scopes found"):
        _build(tmp_path, page, "Emptyco")
    provider_dir = tmp_path / "e" / "EMPTYCO"
    assert latest_run(provider_dir) is None
    (record,) = list_runs(provider_dir, published_only=False)
    assert record.outcome == "failed" and "no scopes found" in record.reason
    assert list_runs(provider_dir) == []
    assert not (tmp_path / "c").exists()
    failed = provider_dir / "runs" / record.run
    assert (failed / "manifest.json").is_file()  # the evidence of the failure is kept
    with pytest.raises(EvidenceError, match="no published run"):
        read_run(provider_dir)


@pytest.mark.parametrize("which", ["provider", "run", "flat"])
def test_replay_takes_a_provider_folder_a_run_folder_or_a_flat_folder(
    tmp_path: Path, which: str
) -> None:
    live = _build(tmp_path / "live", HTML)
    folder = {
        "provider": live.evidence_dir.parent.parent,
        "run": live.evidence_dir,
        "flat": tmp_path / "flat",
    }[which]
    if which == "flat":  # the layout of earlier versions: manifest and bodies, no runs
        save_documents(folder, [read_local_source(HTML)])
    replayed = build(
        "Example Ads", replay_dir=folder, contracts_dir=tmp_path / "rc",
        evidence_dir=tmp_path / "re",
    )  # fmt: skip
    assert replayed.save.path.read_bytes() == live.save.path.read_bytes()


def test_a_torn_index_line_is_skipped(tmp_path: Path) -> None:
    _build(tmp_path, HTML)
    index = tmp_path / "e" / "EXAMPLE_ADS" / "runs.jsonl"
    with index.open("a") as handle:
        handle.write('{"run": "half-writ')
    second = _build(tmp_path, SPEC)
    runs = list_runs(tmp_path / "e" / "EXAMPLE_ADS")
    assert len(runs) == 2 and runs[-1].run == second.evidence_dir.name
    assert index.read_text().count("\n") == 3  # the torn line was closed, not glued on


def test_annotations_made_on_the_provider_folder_reach_the_next_run(tmp_path: Path) -> None:
    _build(tmp_path, HTML)
    provider_dir = tmp_path / "e" / "EXAMPLE_ADS"
    save_annotations(provider_dir, {"scopes": {"ads_read": {"note": "legacy, keep"}}})
    second = _build(tmp_path, HTML)
    sources = json.loads((second.evidence_dir / "sources.json").read_text())
    assert sources["annotations"]["scopes"]["ads_read"] == {"note": "legacy, keep"}


def test_no_lock_file_is_left_beside_the_contract(tmp_path: Path) -> None:
    _build(tmp_path, HTML)
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["EXAMPLE_ADS_CONNECTOR_CONTRACT.json"]


def _run_folder(provider_dir: Path, run_id: str, scopes: int = 0) -> Path:
    folder = provider_dir / "runs" / run_id
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text('{"documents": []}')
    (folder / "report.json").write_text(json.dumps({"scopes": [{}] * scopes}))
    return folder


def _index(provider_dir: Path, *lines: object) -> None:
    text = "".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines)
    (provider_dir / "runs.jsonl").write_text(text)


def _line(run: str, day: int, outcome: str = "published") -> dict[str, object]:
    return {"time": f"2026-11-0{day}T10:00:00.000000Z", "run": run, "outcome": outcome}


def test_a_flat_folder_is_one_published_run_timed_by_its_report(tmp_path: Path) -> None:
    save_documents(tmp_path, [read_local_source(HTML)])
    (tmp_path / "report.json").write_text('{"scopes": []}')
    os.utime(tmp_path / "report.json", (1_700_000_000, 1_700_000_000))
    (record,) = list_runs(tmp_path)
    assert (record.run, record.outcome) == ("flat", "published")
    assert latest_run(tmp_path) == tmp_path
    for view in (read_run(tmp_path), read_run(tmp_path, "flat"), open_run(tmp_path)):
        assert view.folder == tmp_path and view.provider_dir == tmp_path
        assert view.time is not None and view.time.timestamp() == 1_700_000_000
        assert [d.url for d in view.documents()] == [str(HTML)]  # the path as given
    assert newest_attempt(tmp_path) is not None
    with pytest.raises(EvidenceError, match=r"only one published run.*flat"):
        last_two_runs(tmp_path)


def test_a_missing_or_empty_folder_has_no_runs(tmp_path: Path) -> None:
    assert list_runs(tmp_path / "nothing") == [] and latest_run(tmp_path) is None
    assert newest_attempt(tmp_path) is None
    with pytest.raises(EvidenceError, match="no published run"):
        last_two_runs(tmp_path)
    with pytest.raises(EvidenceError, match="not an evidence run"):
        open_run(tmp_path)
    with pytest.raises(EvidenceError, match="no such evidence folder"):
        open_run(tmp_path / "nothing")


def test_the_index_is_read_defensively(tmp_path: Path) -> None:
    a, b, c = "20261101T100000Z-aaaa", "20261102T100000Z-bbbb", "20261103T100000Z-cccc"
    for run_id in (a, b, c):
        _run_folder(tmp_path, run_id, scopes=2)
    (tmp_path / "escape").mkdir()
    _index(
        tmp_path, _line(a, 1), "{not json", _line(b, 2),
        _line(c, 3, outcome="refused"),  # kept and listed, never compared
        _line("../escape", 4), '{"run": 7}', '{"run": "torn',
    )  # fmt: skip
    assert [r.run for r in list_runs(tmp_path)] == [a, b]
    assert [r.run for r in list_runs(tmp_path, published_only=False)] == [a, b, c]
    previous, latest = last_two_runs(tmp_path)  # no pointer: the newest published run
    assert (previous.run, latest.run) == (a, b)
    assert previous_run(tmp_path, a) is None
    refused = newest_attempt(tmp_path)
    assert refused is not None and (refused.run, refused.record.outcome) == (c, "refused")
    assert refused.report is not None and refused.provider_dir == tmp_path
    assert open_run(tmp_path / "runs" / c).record.outcome == "refused"  # a run folder, any outcome
    assert open_run(tmp_path).run == b
    with pytest.raises(EvidenceError, match=r"no published run '\.\./escape'"):
        read_run(tmp_path, "../escape")


def test_latest_is_a_symlink_or_a_file_and_ages_come_from_the_index(tmp_path: Path) -> None:
    a, b = "20261101T100000Z-a1", "20261102T100000Z-b2"
    for run_id in (a, b):
        _run_folder(tmp_path, run_id)
    _index(tmp_path, _line(a, 1), _line(b, 2))
    (tmp_path / "latest").symlink_to(Path("runs") / a)
    assert read_run(tmp_path).run == a
    with pytest.raises(EvidenceError, match="only one published run before latest"):
        last_two_runs(tmp_path)  # nothing published before the run latest names
    (tmp_path / "latest").unlink()
    (tmp_path / "latest").write_text(f"runs/{b}\n")  # where symlinks cannot be made
    view = read_run(tmp_path)
    assert view.run == b and view.time is not None
    assert view.age_seconds(view.time + timedelta(hours=2)) == 7200


def test_an_unindexed_run_folder_reads_its_own_status(tmp_path: Path) -> None:
    folder = _run_folder(tmp_path, "20261101T100000Z-dead")
    (folder / "run.json").write_text('{"status": "writing", "started": "2026-11-01T10:00:00Z"}')
    view = open_run(folder)
    assert (view.run, view.record.outcome) == ("20261101T100000Z-dead", "writing")
    assert list_runs(tmp_path) == [] and latest_run(tmp_path) is None
