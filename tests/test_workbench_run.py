"""The notebook's Save commits a published evidence run, exactly as ``build`` does.

The workbench's stages run here in plain Python (no kernel): fetch from the project's own
fixture files, the check (``ContractReview``) with ``commit=WorkbenchRun.commit``, then the
run is read back, replayed with ``build --replay``, refused when the contract is approved,
and diffed against the previous run in the report section.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest

from factory.cli import main
from factory.errors import ApprovedContractError
from factory.evidence.runs import list_runs, read_run
from factory.evidence.store import follow_latest
from factory.research.pipeline import (
    auth_method_from,
    extract_all,
    fetch_sources,
    find_sources,
    make_table,
    research_notes,
    resolve,
)
from factory.research.table import table_records
from factory.workbench.review import ContractReview
from factory.workbench.run import NOT_SAVED, WorkbenchRun

FIXTURES = Path(__file__).parent / "fixtures" / "notebook"
SOURCES = [str(FIXTURES / "acme_scopes.json"), str(FIXTURES / "hostile_scopes.json")]
PROVIDER = "Acme Ads"
HOSTILE = "<img src=x onerror=alert(1)>"


def _session(tmp_path: Path, **annotations: dict[str, dict[str, str]]) -> ContractReview:
    """The notebook's sections 1-7 for the fixture provider, as its cells call them."""
    card = resolve(PROVIDER)
    search = find_sources(card, sources=SOURCES, offline=True)
    fetched = fetch_sources(card, search, offline=True)
    results = extract_all(fetched.documents, card)
    table = make_table(results, card)
    method, url = auth_method_from(results, card)
    notes = research_notes(card, table_records(table), method, url, results=results)
    workbench = WorkbenchRun(
        card, fetched.documents, search.results, table, method, notes=notes,
        evidence_dir=tmp_path / "evidence", contracts_dir=tmp_path / "contracts",
    )  # fmt: skip
    workbench.annotate(annotations.get("sources", {}), annotations.get("scopes", {}))
    return ContractReview(
        card, table, auth_method=method, contracts_dir=tmp_path / "contracts",
        commit=workbench.commit, report_text=workbench.report_text,
    )  # fmt: skip


def _workbench(review: ContractReview) -> WorkbenchRun:
    assert review.commit is not None
    owner = review.commit.__self__  # type: ignore[attr-defined]
    assert isinstance(owner, WorkbenchRun)
    return owner


def _main(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    return int(exited.value.code or 0)


def test_save_publishes_a_complete_run_that_replays_byte_for_byte(tmp_path: Path) -> None:
    review = _session(tmp_path, scopes={"campaigns.write": {"note": "checked by hand"}})
    provider_dir = tmp_path / "evidence" / "ACME_ADS"
    assert not provider_dir.exists()  # nothing is written before Save
    review.set_row("reports.read", include=False)
    review.set_row("campaigns.read", scope_type="admin")
    saved = review.save()

    run = follow_latest(provider_dir)
    assert run == _workbench(review).last.folder  # type: ignore[union-attr]
    for name in ("manifest.json", "sources.json", "decisions.json", "report.json", "run.json"):
        assert (run / name).is_file(), name
    assert "checked by hand" in (run / "ACME_ADS_SCOPE_CHECKLIST.md").read_text()
    assert "checked by hand" in (run / "sources.json").read_text()
    assert not (provider_dir / "manifest.json").exists()  # no flat writes
    view = read_run(provider_dir)
    assert view.record.outcome == "published"
    assert view.record.contract_sha256 is not None
    assert view.record.scope_count == 5
    assert view.report is not None
    assert view.report["decisions"]["excluded"] == ["reports.read"]
    assert view.report["decisions"]["scope_types"] == {"campaigns.read": "admin"}
    assert "reports.read" not in {s["name"] for s in view.report["scopes"]}

    code = _main([
        "build", PROVIDER, "--replay", str(provider_dir),
        "--decisions", str(run / "decisions.json"),
        "--contracts-dir", str(tmp_path / "replayed"), "--evidence-dir", str(tmp_path / "e2"),
        "--json",
    ])  # fmt: skip
    assert code == 0
    assert (tmp_path / "replayed" / saved.path.name).read_bytes() == saved.path.read_bytes()


def test_refused_save_leaves_latest_untouched_and_the_run_marked(tmp_path: Path) -> None:
    review = _session(tmp_path)
    saved = review.save()
    provider_dir = tmp_path / "evidence" / "ACME_ADS"
    published = os.readlink(provider_dir / "latest")
    approved = json.loads(saved.path.read_text())
    approved["status"] = "approved"
    saved.path.write_text(json.dumps(approved, indent=2))
    before = saved.path.read_bytes()

    review.set_row("posts.write", include=False)
    with pytest.raises(ApprovedContractError):
        review.save()
    review.save_button.click()  # a click shows the refusal instead of raising
    assert "approved" in review.status.value

    assert os.readlink(provider_dir / "latest") == published
    assert saved.path.read_bytes() == before
    attempts = list_runs(provider_dir, published_only=False)
    assert [r.outcome for r in attempts] == ["published", "refused", "refused"]
    refused = json.loads((provider_dir / "runs" / attempts[1].run / "run.json").read_text())
    assert refused["status"] == "refused"
    assert [r.outcome for r in list_runs(provider_dir)] == ["published"]


def test_report_section_shows_the_diff_since_the_previous_run(tmp_path: Path) -> None:
    first = _session(tmp_path)
    assert _workbench(first).report_text() == NOT_SAVED
    first.set_row("campaigns.write", include=False)
    first.save()
    assert "none (no earlier published run to compare with)" in first.report_panel.value

    second = _session(tmp_path)  # a later session starts from the published decisions
    assert not second.row("campaigns.write").include
    assert "applied the decisions of run" in second.decisions_panel.value
    second.set_row("campaigns.write", include=True)  # campaigns.write back, posts.read out
    second.set_row("posts.read", include=False)
    second.save()
    assert f"published evidence run {_workbench(second).last.folder.name}" in second.status.value  # type: ignore[union-attr]
    text = _workbench(second).report_text()
    assert "+ added     campaigns.write: Create, change and pause campaigns." in text
    run = _workbench(second).last.folder.name  # type: ignore[union-attr]
    excluded = f"- excluded by the researcher (decisions of run {run}"
    assert excluded in text and f"posts.read: Read posts {HOSTILE}" in text
    assert "removed by the provider" not in text
    panel = second.report_panel.value
    assert html.escape("+ added     campaigns.write") in panel
    assert html.escape(excluded) in panel
    assert HOSTILE not in panel  # scraped text is escaped in the page
    assert "Scopes: 5 -&gt; 5" in panel
