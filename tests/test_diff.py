"""``diff``: scope changes per source URL, between contracts, runs, and a provider's runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from factory.cli import main
from factory.fleet.diff import (
    Scope,
    Snapshot,
    contract_snapshot,
    diff_snapshots,
    snapshot_of,
    word_diff,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_HTML = ROOT / "examples" / "sources" / "example_ads_scopes.html"
A, B = "https://docs.example.com/a", "https://docs.example.com/b"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def snap(scopes: list[Scope], docs: dict[str, str], origin: str = "run") -> Snapshot:
    return Snapshot("x", origin, {s.name: s for s in scopes}, docs)


OLD = snap(
    [
        Scope("user.read", "Read the user's profile.", "read", "current", A),
        Scope("user.info", "Read basic user info.", "read", "current", A),
        Scope("video.list", "List the user's public videos.", "read", "current", A),
        Scope("video.upload", "Upload videos.", "write", "current", B),
        Scope("ads.manage", "Manage ads.", "write", "current", B),
    ],
    {A: "1" * 64, B: "2" * 64},
)
NEW = snap(
    [
        Scope("user.read", "Read the user's profile.", "read", "current", A),
        Scope("user.info.basic", "Read basic user info.", "read", "current", A),
        Scope("video.list", "List your public videos and their stats.", "read", "current", A),
        Scope("video.upload", "Upload videos.", "write", "deprecated", B),
        Scope("ads.manage", "Manage ads.", "admin", "current", B),
        Scope("user.info.stats", "Read the user's statistics.", "read", "current", A),
    ],
    {A: "3" * 64, B: "2" * 64},
)


def test_word_diff_marks_removed_and_added_words() -> None:
    assert word_diff("List the user's public videos.", "List your public videos and stats.") == (
        "List [-the user's-] {+your+} public [-videos.-] {+videos and stats.+}"
    )
    assert word_diff("same words", "same words") == "same words"


def test_each_kind_of_change_is_found_exactly_and_grouped_by_source() -> None:
    diff = diff_snapshots(OLD, NEW)
    found = {(c.change, c.name, c.old, c.new) for c in diff.changes}
    assert found == {
        ("renamed", "user.info.basic", "user.info", "user.info.basic"),
        ("added", "user.info.stats", None, "Read the user's statistics."),
        ("reworded", "video.list", "List the user's public videos.",
         "List your public videos and their stats."),
        ("version", "video.upload", "current", "deprecated"),
        ("kind", "ads.manage", "write", "admin"),
    }  # fmt: skip
    by_url = {s.url: s for s in diff.sources}
    assert (by_url[A].old_sha256, by_url[A].new_sha256, by_url[A].body) == (
        "1" * 64,
        "3" * 64,
        "changed",
    )
    assert by_url[B].body == "same"
    assert {c.name for c in by_url[B].changes} == {"video.upload", "ads.manage"}
    assert diff.summary()["renamed"] == 1 and diff.summary()["removed"] == 0
    text = diff.to_text()
    assert f"Source {A}  sha256 {'1' * 12} -> {'3' * 12} (changed)" in text
    assert "~ renamed   user.info -> user.info.basic" in text
    assert "[-the user's-] {+your+}" in text
    assert diff.behind_note is None  # runs, not an approved contract


def test_removed_scope_and_no_changes() -> None:
    smaller = snap([s for s in OLD.scopes.values() if s.name != "ads.manage"], OLD.documents)
    diff = diff_snapshots(OLD, smaller)
    assert [(c.change, c.name) for c in diff.changes] == [("removed", "ads.manage")]
    assert diff_snapshots(OLD, OLD).changes == ()
    assert "No scope changed." in diff_snapshots(OLD, OLD).to_text()


def contract(
    tmp_path: Path, name: str, scopes: list[tuple[str, str]], status: str = "draft"
) -> Path:
    data: dict[str, Any] = {
        "display_name": "Example Ads",
        "status": status,
        "sections": {"scopes": {"scopes": [
            {"scope_name": n, "description": d, "scope_type": "read"} for n, d in scopes
        ]}},
    }  # fmt: skip
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_approved_contract_behind_a_fresh_run_says_by_how_many_scopes(tmp_path: Path) -> None:
    old = contract(tmp_path, "old.json", [("a", "A."), ("b", "B.")], status="approved")
    new = contract(tmp_path, "new.json", [("a", "A, reworded."), ("c", "C."), ("d", "D.")])
    diff = diff_snapshots(contract_snapshot(old), contract_snapshot(new))
    assert diff.behind_note == "approved contract Example Ads is behind the provider by 4 scope(s)"
    same = diff_snapshots(contract_snapshot(old), contract_snapshot(old))
    assert same.behind_note == "approved contract Example Ads is up to date with the provider"


def build(tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    argv = ["build", "Example Ads", "--offline", "--source", str(source)]
    argv += ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e"), *extra]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    return out


def test_build_prints_the_diff_since_the_previous_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "scopes.html"
    page.write_bytes(EXAMPLE_HTML.read_bytes())
    first = build(tmp_path, page, capsys)
    assert "Since the previous run" not in first
    saved = tmp_path / "first_run"
    shutil.copytree(tmp_path / "e" / "EXAMPLE_ADS", saved)  # keep the first run aside
    text = EXAMPLE_HTML.read_text()
    text = text.replace("ads.billing.read", "ads.billing.view")
    text = text.replace("Sign in with an Example Ads account.", "Sign in with your account.")
    page.write_text(text)
    out = build(tmp_path, page, capsys)
    assert "Since the previous run:" in out
    assert "~ renamed   ads.billing.read -> ads.billing.view" in out
    assert "~ reworded  openid: Sign in with [-an Example Ads-] {+your+} account." in out
    # the two runs as folders, through the CLI (one with --json)
    code, out, _ = run(["diff", str(saved), str(tmp_path / "e" / "EXAMPLE_ADS"), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["summary"]["renamed"] == 1 and data["summary"]["reworded"] == 1
    (source,) = data["sources"]
    assert source["url"] == str(page) and source["body"] == "changed"
    assert source["old_sha256"] != source["new_sha256"]
    # the approved contract vs the fresh run
    approved = tmp_path / "approved.json"
    kept = json.loads((tmp_path / "c" / "EXAMPLE_ADS_CONNECTOR_CONTRACT.json").read_text())
    kept["status"] = "approved"
    kept["sections"]["scopes"]["scopes"] = kept["sections"]["scopes"]["scopes"][:5]
    approved.write_text(json.dumps(kept))
    code, out, _ = run(["diff", str(approved), str(tmp_path / "e" / "EXAMPLE_ADS")], capsys)
    assert code == 0
    assert "approved contract Example Ads is behind the provider by 3 scope(s)" in out


def test_diff_provider_compares_its_last_two_published_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "e" / "EXAMPLE_ADS"
    for run_id, scopes, sha in (("r1", ["a", "b"], "1"), ("r2", ["a", "c"], "2")):
        run_dir = folder / "runs" / run_id
        run_dir.mkdir(parents=True)
        rows = [
            {"name": n, "description": f"{n} scope.", "type": "read", "source_url": A}
            for n in scopes
        ]
        report = {"provider": "Example Ads", "scopes": rows}
        (run_dir / "report.json").write_text(json.dumps(report))
        (run_dir / "manifest.json").write_text(
            json.dumps({"documents": [{"url": A, "sha256": sha * 64}]})
        )
    lines = [
        {"time": f"2026-11-0{i}T00:00:00Z", "run": r, "outcome": "published"}
        for i, r in ((1, "r1"), (2, "r2"))
    ]
    (folder / "runs.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    code, out, _ = run(["diff", "Example Ads", "--evidence-dir", str(tmp_path / "e")], capsys)
    assert code == 0, out
    assert f"{folder}@r1 -> {folder}@r2" in out
    assert "+ added     c: c scope." in out and "- removed by the provider  b: b scope." in out
    assert f"sha256 {'1' * 12} -> {'2' * 12} (changed)" in out


def test_bad_input_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["diff", str(tmp_path / "missing.json"), str(tmp_path)], capsys)
    assert (
        code == 1 and "no such contract file or evidence folder" in err and "Traceback" not in err
    )
    (tmp_path / "x.json").write_text("[1]")
    code, _, err = run(["diff", str(tmp_path / "x.json"), str(tmp_path / "x.json")], capsys)
    assert code == 1 and "not a contract" in err
    code, _, err = run(["diff", "Example Ads", "--evidence-dir", str(tmp_path)], capsys)
    assert code == 1 and "no published run" in err
    code, _, err = run(["diff", str(tmp_path)], capsys)
    assert code == 2
    with pytest.raises(Exception, match="no such contract"):
        snapshot_of(tmp_path / "nope")
