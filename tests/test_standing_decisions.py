"""Decisions stand: a plain build applies the provider's latest published decisions and says so."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from factory.cli import main
from factory.contract.decisions import Decisions, prune_decisions, write_decisions
from factory.evidence.runs import read_run
from factory.evidence.standing import (
    NEW_SINCE_REVIEW,
    StandingDecisions,
    apply_standing,
    resolve_decisions,
)
from factory.fleet.diff import diff_snapshots, run_snapshot
from factory.models import Provider
from factory.research.pipeline import build
from factory.workbench.review import ContractReview

FIXTURES = Path(__file__).parent / "fixtures" / "scale"
SOURCES = [
    str(FIXTURES / "contoso_graph_permissions.html"),
    str(FIXTURES / "contoso_graph_legacy.html"),
]
PROVIDER = "Contoso Graph"


def _table(*names: str) -> pd.DataFrame:
    return pd.DataFrame(
        [{"scope_name": n, "description": f"{n} text", "scope_type": "read", "include": True,
          "flags": "", "status": "ok"} for n in names]
    )  # fmt: skip


def test_prune_drops_decisions_about_scopes_the_provider_no_longer_lists() -> None:
    decided = Decisions(excluded=("a", "gone"), scope_types={"old": "admin", "b": "write"})
    kept, gone = prune_decisions(decided, ["a", "b"])
    assert kept.excluded == ("a",) and kept.scope_types == {"b": "write"}
    assert gone == ["gone", "old"]
    assert prune_decisions(kept, ["a", "b"]) == (kept, [])


def test_apply_standing_reports_stale_decisions_and_flags_new_scopes() -> None:
    decided = Decisions(
        excluded=("a.read", "gone.read"), scope_types={"b.read": "admin"},
        decided_by="ana@laptop", reviewed=("a.read", "b.read", "gone.read"),
    )  # fmt: skip
    applied = apply_standing(
        _table("a.read", "b.read", "c.read"), StandingDecisions(decided, "the decisions of run R1")
    )
    assert list(applied.table["include"]) == [False, True, True]
    assert list(applied.table["scope_type"]) == ["read", "admin", "read"]
    assert list(applied.table["flags"]) == ["", "", NEW_SINCE_REVIEW]
    assert applied.gone == ("gone.read",) and applied.new == ("c.read",)
    assert applied.notes[0] == (
        "applied the decisions of run R1: 1 excluded, 1 retyped, 0 renamed (decided by ana@laptop)"
    )
    assert "no longer lists (not applied): gone.read" in applied.notes[1]
    assert f"1 scope(s) {NEW_SINCE_REVIEW}: c.read" == applied.notes[2]
    assert applied.decisions is not None and applied.decisions.excluded == ("a.read",)


def test_resolve_decisions_latest_file_or_none(tmp_path: Path) -> None:
    folder = tmp_path / "ACME"
    assert resolve_decisions(None, folder) == StandingDecisions(None)  # nothing published
    path = write_decisions(tmp_path, Decisions(excluded=("x",)))
    from_file = resolve_decisions(str(path), folder)
    assert from_file.decisions is not None and from_file.decisions.excluded == ("x",)
    assert from_file.origin == f"the decisions file {path}"
    assert resolve_decisions("none", folder) == StandingDecisions(None, skipped="")
    given = Decisions(excluded=("y",))
    assert resolve_decisions(given, folder).decisions is given


def test_the_check_applies_standing_decisions_and_shows_what_it_did() -> None:
    provider = Provider(display_name="Acme", slug="acme", platform="ACME")
    decided = Decisions(excluded=("a.read", "gone.read"), reviewed=("a.read", "gone.read"))
    review = ContractReview(
        provider,
        _table("a.read", "b.read"),
        decisions=StandingDecisions(decided, "the decisions of run R1"),
    )
    assert not review.row("a.read").include and review.row("b.read").include
    assert NEW_SINCE_REVIEW in review.row("b.read").flags
    panel = review.decisions_panel.value
    assert "applied the decisions of run R1: 1 excluded" in panel
    assert "gone.read" in panel and "new since the last review: b.read" in panel
    review.filter_flag.value = NEW_SINCE_REVIEW  # the new scopes are one filter away
    assert [r.original_name for r in review.filtered] == ["b.read"]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    return int(exited.value.code or 0), capsys.readouterr().out


def test_a_plain_build_after_a_review_keeps_it_and_diff_tells_who_left_scopes_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = {"contracts_dir": tmp_path / "c", "evidence_dir": tmp_path / "e"}
    first = build(PROVIDER, sources=SOURCES, offline=True, **where)
    review = ContractReview(first.provider, first.table, contracts_dir=tmp_path / "scratch")
    review.filter_name.value = "Mail"  # names only: People.Read's "mail" text stays out
    mail = [r.original_name for r in review.filtered]
    assert mail and all("Mail" in n for n in mail)
    review.select_all_filtered()
    assert review.set_selected(include=False) == len(mail)
    review.view("Calendars.Read").scope_type.value = "admin"
    reviewed = build(PROVIDER, sources=SOURCES, offline=True, decisions=review.decisions(), **where)
    run, before = reviewed.evidence_dir.name, reviewed.save.path.read_bytes()

    args = ["build", PROVIDER, "--offline", *(a for s in SOURCES for a in ("--source", s)),
            "--contracts-dir", str(where["contracts_dir"]),
            "--evidence-dir", str(where["evidence_dir"])]  # fmt: skip
    code, out = _run(args, capsys)  # a plain build, as CI runs it
    assert code == 0
    assert f"applied the decisions of run {run}: {len(mail)} excluded, 1 retyped" in out
    assert reviewed.save.path.read_bytes() == before  # the same contract, byte for byte
    contract = json.loads(reviewed.save.path.read_text(encoding="utf-8"))
    names = {s["scope_name"] for s in contract["sections"]["scopes"]["scopes"]}
    assert not names & set(mail)
    latest = read_run(where["evidence_dir"] / first.provider.platform)
    diff = diff_snapshots(run_snapshot(read_run(latest.provider_dir, first.evidence_dir.name)),
                          run_snapshot(latest))  # fmt: skip
    assert diff.count("excluded") == len(mail) and diff.count("removed") == 0
    assert f"excluded by the researcher (decisions of run {latest.run}" in diff.to_text()

    code, out = _run([*args, "--decisions", "none"], capsys)
    assert code == 0 and "started fresh (--decisions none): the decisions of run" in out
    contract = json.loads(reviewed.save.path.read_text(encoding="utf-8"))
    assert set(mail) <= {s["scope_name"] for s in contract["sections"]["scopes"]["scopes"]}


def test_batch_rows_say_which_decisions_their_build_applied() -> None:
    from factory.fleet.batch import decisions_note

    notes = ("source x fetched", "applied the decisions of run R1: 2 excluded, 0 retyped")
    assert decisions_note(notes) == notes[1]
    assert decisions_note(("started fresh (--decisions none): ...",)).startswith("started fresh")
    assert decisions_note(("nothing about decisions",)) == ""


def test_the_notebook_gets_none_as_none_and_no_decisions_as_latest(tmp_path: Path) -> None:
    from factory.workbench.runner import notebook_parameters

    assert notebook_parameters("Acme")["decisions"] is None  # the latest published ones
    assert notebook_parameters("Acme", decisions="none")["decisions"] == "none"
    path = tmp_path / "d.json"
    assert notebook_parameters("Acme", decisions=path)["decisions"] == str(path.resolve())
