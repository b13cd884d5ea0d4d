"""A provider's runs: today's flat folder and the runs/ + runs.jsonl layout, read defensively."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from factory.errors import EvidenceError
from factory.provider_runs import (
    last_two_runs,
    latest_run,
    newest_attempt,
    open_run,
    published_runs,
)


def run_folder(root: Path, run_id: str) -> Path:
    folder = root / "runs" / run_id
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text('{"documents": []}')
    (folder / "report.json").write_text('{"scopes": []}')
    return folder


def index(root: Path, *lines: object) -> None:
    text = "".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines)
    (root / "runs.jsonl").write_text(text)


def entry(run: str, time: str, outcome: str = "published", scopes: int = 3) -> dict[str, object]:
    return {"time": time, "run": run, "outcome": outcome, "contract_path": "/c.json",
            "contract_sha256": "ab" * 32, "scope_count": scopes}  # fmt: skip


def test_flat_folder_is_one_run_timed_by_its_report(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"documents": []}')
    (tmp_path / "report.json").write_text("{}")
    os.utime(tmp_path / "report.json", (1_700_000_000, 1_700_000_000))
    runs = published_runs(tmp_path)
    assert [r.run_id for r in runs] == ["flat"]
    assert runs[0].folder == tmp_path
    assert runs[0].time is not None and runs[0].time.timestamp() == 1_700_000_000
    assert latest_run(tmp_path) == runs[0]
    assert open_run(tmp_path).run_id == "flat"
    with pytest.raises(EvidenceError, match=r"only one published run.*flat"):
        last_two_runs(tmp_path)


def test_empty_or_missing_folder_has_no_runs(tmp_path: Path) -> None:
    assert published_runs(tmp_path / "nothing") == ()
    assert latest_run(tmp_path) is None
    with pytest.raises(EvidenceError, match="no published run"):
        last_two_runs(tmp_path)
    with pytest.raises(EvidenceError, match="not an evidence run"):
        open_run(tmp_path)


def test_index_keeps_published_runs_and_skips_everything_doubtful(tmp_path: Path) -> None:
    a = "2026-11-01T10:00:00Z-aaaa111"
    b = "2026-11-02T10:00:00Z-bbbb222"
    c = "2026-11-03T10:00:00Z-cccc333"
    for run_id in (a, b, c):
        run_folder(tmp_path, run_id)
    (tmp_path / "runs" / "escape").mkdir()
    index(
        tmp_path,
        entry(b, "2026-11-02T10:00:00Z", scopes=5),
        "{not json",
        entry(a, "2026-11-01T10:00:00Z"),
        entry(c, "2026-11-03T10:00:00Z", outcome="refused"),  # kept by the writer, never compared
        entry("../escape", "2026-11-04T10:00:00Z"),  # not a plain folder name
        entry("2026-11-05-missing", "2026-11-05T10:00:00Z"),  # no folder
        '{"run": 7}',
    )
    runs = published_runs(tmp_path)
    assert [r.run_id for r in runs] == [a, b]  # oldest first, by time
    assert runs[1].scope_count == 5 and runs[1].contract_sha256 == "ab" * 32
    previous, latest = last_two_runs(tmp_path)
    assert (previous.run_id, latest.run_id) == (a, b)
    assert open_run(tmp_path).run_id == b
    assert open_run(tmp_path / "runs" / a).run_id == a
    assert newest_attempt(tmp_path) == tmp_path / "runs" / c  # the refused one, for approved diffs


def test_latest_pointer_wins_as_a_symlink_or_a_file(tmp_path: Path) -> None:
    a, b = "2026-11-01T10:00:00Z-a1", "2026-11-02T10:00:00Z-b2"
    for run_id in (a, b):
        run_folder(tmp_path, run_id)
    index(tmp_path, entry(a, "2026-11-01T10:00:00Z"), entry(b, "2026-11-02T10:00:00Z"))
    (tmp_path / "latest").symlink_to(Path("runs") / a)
    assert latest_run(tmp_path).run_id == a  # type: ignore[union-attr]
    previous, latest = last_two_runs(tmp_path)
    assert (previous.run_id, latest.run_id) == (b, a)
    (tmp_path / "latest").unlink()
    (tmp_path / "latest").write_text(b + "\n")
    assert latest_run(tmp_path).run_id == b  # type: ignore[union-attr]
    (tmp_path / "latest").write_text("nonsense")
    assert latest_run(tmp_path).run_id == b  # type: ignore[union-attr]


def test_run_age(tmp_path: Path) -> None:
    run_folder(tmp_path, "r1")
    index(tmp_path, entry("r1", "2026-11-01T10:00:00+00:00"))
    run = latest_run(tmp_path)
    assert run is not None and run.time is not None
    assert run.age_seconds(run.time.replace(hour=12)) == 7200
