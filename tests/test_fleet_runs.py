"""The fleet on the evidence runs, end to end and offline: build Example Ads twice, then ``diff``,
a refused build, and ``batch --resume`` reading ``runs.jsonl``."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from factory.cli import main
from factory.errors import EvidenceError
from factory.evidence.runs import last_two_runs, list_runs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_HTML = ROOT / "examples" / "sources" / "example_ads_scopes.html"
REMOVED = "ads.audiences.manage"
REWORDED = "ads.reports.read"
ADDED = "ads.assets.read"
OLD_WORDS = "Read performance reports for the advertiser accounts you can access."
NEW_WORDS = "Read daily performance reports for the advertiser accounts you manage."


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def changed_page(original: str) -> str:
    """The example page with one scope added, one removed and one reworded."""
    rows = original.splitlines(keepends=True)
    kept = [r for r in rows if f"<code>{REMOVED}</code>" not in r]
    assert len(kept) == len(rows) - 1
    text = "".join(kept)
    assert text.count(OLD_WORDS) == 1
    text = text.replace(OLD_WORDS, NEW_WORDS)
    anchor = "<tr><td><code>ads.billing.read</code></td>"
    added = (
        f"<tr><td><code>{ADDED}</code></td><td>Read the images and videos of your ads.</td></tr>\n"
    )
    assert text.count(anchor) == 1
    return text.replace(anchor, added + "        " + anchor)


class Site:
    """Example Ads offline, from a page the test changes, in one tmp folder."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp, self.capsys = tmp_path, capsys
        self.page = tmp_path / "scopes.html"
        self.page.write_bytes(EXAMPLE_HTML.read_bytes())
        self.folder = tmp_path / "e" / "EXAMPLE_ADS"
        self.contract = tmp_path / "c" / "EXAMPLE_ADS_CONNECTOR_CONTRACT.json"

    def dirs(self) -> list[str]:
        return ["--contracts-dir", str(self.tmp / "c"), "--evidence-dir", str(self.tmp / "e")]

    def build(self) -> tuple[int, str, str]:
        argv = ["build", "Example Ads", "--source", str(self.page), "--offline", *self.dirs()]
        return run(argv, self.capsys)

    def change(self) -> None:
        self.page.write_text(changed_page(self.page.read_text()))

    def approve(self) -> bytes:
        data = json.loads(self.contract.read_text())
        data["status"] = "approved"
        self.contract.write_text(json.dumps(data, indent=2))
        return self.contract.read_bytes()


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Site:
    return Site(tmp_path, capsys)


def test_diff_provider_reports_exactly_what_changed_between_its_last_two_runs(site: Site) -> None:
    old_sha = hashlib.sha256(site.page.read_bytes()).hexdigest()
    code, out, err = site.build()
    assert code == 0, err
    assert "Since the previous run" not in out  # a first run has nothing to compare with
    site.change()
    new_sha = hashlib.sha256(site.page.read_bytes()).hexdigest()
    code, out, err = site.build()
    assert code == 0, err
    previous, latest = last_two_runs(site.folder)
    # build's own diff: the provider's previous published run against the new one
    since = out[out.index("Since the previous run:") :]
    assert f"{site.folder}@{previous.run} -> {site.folder}@{latest.run}" in since
    assert f"+ added     {ADDED}: Read the images and videos of your ads." in since
    assert f"- removed by the provider  {REMOVED}: " in since
    assert f"~ reworded  {REWORDED}: Read {{+daily+}} performance" in since
    assert "{+manage.+}" in since and "[-can access.-]" in since
    code, out, err = run(["diff", "Example Ads", *site.dirs(), "--json"], site.capsys)
    assert code == 0, err
    (data,) = json.loads(out)  # a draft contract: only the two runs are compared
    assert data["old"]["label"] == f"{site.folder}@{previous.run}"
    assert data["new"]["label"] == f"{site.folder}@{latest.run}"
    assert data["summary"] == {
        "old_scopes": 8, "new_scopes": 8, "added": 1, "removed": 1, "renamed": 0,
        "reworded": 1, "version": 0, "kind": 0, "excluded": 0,
    }  # fmt: skip
    (source,) = data["sources"]
    assert source["url"] == str(site.page)  # the path as given
    assert (source["old_sha256"], source["new_sha256"], source["body"]) == (
        old_sha, new_sha, "changed",
    )  # fmt: skip
    changes = {(c["change"], c["name"]) for c in source["changes"]}
    assert changes == {("added", ADDED), ("removed", REMOVED), ("reworded", REWORDED)}
    reworded = next(c for c in source["changes"] if c["change"] == "reworded")
    assert (reworded["old"], reworded["new"]) == (OLD_WORDS, NEW_WORDS)
    # the sha256 in the diff are the stored bodies' own: both runs still replay
    assert [d.sha256 for d in previous.documents()] == [old_sha]
    assert [d.sha256 for d in latest.documents()] == [new_sha]


def test_a_refused_run_is_never_compared_but_shows_how_far_behind_the_approved_contract_is(
    site: Site,
) -> None:
    code, _, err = site.build()
    assert code == 0, err
    approved = site.approve()
    site.change()
    code, out, err = site.build()
    assert code == 1 and "approved" in err and "Traceback" not in err
    assert site.contract.read_bytes() == approved
    published = list_runs(site.folder)
    refused = list_runs(site.folder, published_only=False)[-1]
    assert len(published) == 1 and refused.outcome == "refused"
    with pytest.raises(EvidenceError, match="only one published run"):
        last_two_runs(site.folder)
    # diff PROVIDER: the approved contract against the latest *published* run, never the refused
    code, out, err = run(["diff", "Example Ads", *site.dirs()], site.capsys)
    assert code == 0, err
    assert refused.run not in out
    assert "approved contract Example Ads is up to date with the provider" in out
    # the approved contract against the refused run's evidence
    refused_dir = site.folder / "runs" / refused.run
    code, out, err = run(["diff", str(site.contract), str(refused_dir), "--json"], site.capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["behind"] == "approved contract Example Ads is behind the provider by 3 scope(s)"
    assert data["new"]["label"] == f"{site.folder}@{refused.run}, refused"
    summary = {k: v for k, v in data["summary"].items() if v and not k.endswith("_scopes")}
    assert summary == {"added": 1, "removed": 1, "reworded": 1}
    page, unsourced = data["sources"]  # a contract records neither sources nor bodies
    assert page["url"] == str(site.page)  # the path as given
    assert page["new_sha256"] == hashlib.sha256(site.page.read_bytes()).hexdigest()
    assert page["old_sha256"] is None
    assert {(c["change"], c["name"]) for c in page["changes"]} == {
        ("added", ADDED), ("reworded", REWORDED),
    }  # fmt: skip
    assert unsourced["url"] == "(no source recorded)"
    assert [(c["change"], c["name"]) for c in unsourced["changes"]] == [("removed", REMOVED)]
    code, out, _ = run(["diff", str(site.contract), str(refused_dir)], site.capsys)
    assert "approved contract Example Ads is behind the provider by 3 scope(s)" in out
    assert site.contract.read_bytes() == approved  # diff only reads


def _batch(site: Site, *extra: str) -> dict[str, Any]:
    sources = site.tmp / "sources.json"
    sources.write_text(json.dumps({"Example Ads": [str(site.page)]}))
    argv = ["batch", "--sources-file", str(sources), "--offline", "--json", *site.dirs()]
    code, out, err = run([*argv, "--report-dir", str(site.tmp / "r"), *extra], site.capsys)
    assert code == 0, err
    (row,) = json.loads(out)["rows"]
    return dict(row)


def test_batch_resume_skips_a_provider_whose_latest_published_run_is_fresh(site: Site) -> None:
    code, _, err = site.build()
    assert code == 0, err
    (first,) = list_runs(site.folder)
    row = _batch(site, "--resume", "--max-age", "1h")
    assert row["status"] == "skipped" and row["scopes"] == first.scope_count == 8
    assert row["evidence_dir"] == str(site.folder / "runs" / first.run)
    assert list_runs(site.folder) == [first]  # no work done
    # the age is the index's: the same run, recorded two days ago, is stale
    index = site.folder / "runs.jsonl"
    line = json.loads(index.read_text())
    line["time"] = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    index.write_text(json.dumps(line) + "\n")
    row = _batch(site, "--resume", "--max-age", "1h")
    assert row["status"] == "ok"
    older, newer = list_runs(site.folder)
    assert older.run == first.run and newer.run != first.run
    assert _batch(site, "--resume", "--max-age", "1h")["status"] == "skipped"  # the new run
