"""Evidence runs: run folders, the ``latest`` pointer, the ``runs.jsonl`` index, replay."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from factory import build
from factory.errors import EvidenceError, ResearchError
from factory.evidence import save_annotations, save_documents
from factory.evidence_runs import latest_run, list_runs, read_run
from factory.fetch import read_local_source

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
    assert [d.url for d in older.documents()] == [HTML.resolve().as_uri()]
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
