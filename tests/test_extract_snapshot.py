"""bench/extract_snapshot.py: the equality check a speed change must pass."""

from __future__ import annotations

import json
from pathlib import Path

from benchmods import load_bench

snap = load_bench("extract_snapshot")

_PAGE = "# Widgets API\n\n## Scopes\n\n| Scope | Description |\n|--|--|\n| `widgets:read` | {d} |\n"


def _corpus(root: Path, description: str) -> Path:
    case = root / "docs" / "acme"
    case.mkdir(parents=True, exist_ok=True)
    (case / "source.md").write_text(_PAGE.format(d=description), encoding="utf-8")
    meta = {"provider": "acme", "source_file": "source.md", "official_url": "https://acme.test/"}
    (case / "case.json").write_text(json.dumps(meta), encoding="utf-8")
    (root / "docs" / "live").mkdir()
    (root / "docs" / "live" / "case.json").write_text('{"provider": "live"}', encoding="utf-8")
    return root


def test_a_snapshot_holds_every_field_of_every_record(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", "Read widgets.")
    data = snap.snapshot(corpus, fixtures=False, generated=False)
    assert list(data) == ["corpus/docs/acme"]  # a live-only case has no source to read
    (record,) = data["corpus/docs/acme"]["scopes"]
    assert record["scope_name"] == "widgets:read"
    assert record["description"] == "Read widgets."
    assert set(record) >= {"version", "kind", "section", "source_url", "locator"}
    assert "auth" in data["corpus/docs/acme"] and "warnings" in data["corpus/docs/acme"]


def test_compare_names_what_changed_and_fails(tmp_path: Path) -> None:
    old = snap.snapshot(_corpus(tmp_path / "a", "Read widgets."), fixtures=False, generated=False)
    new = snap.snapshot(_corpus(tmp_path / "b", "Read widgets!"), fixtures=False, generated=False)
    assert snap.changed_sources(old, old) == []
    assert snap.changed_sources(old, new) == ["corpus/docs/acme"]
    assert snap.changed_sources(old, {}) == ["corpus/docs/acme"]


def test_fixtures_of_other_stages_are_not_extracted() -> None:
    names = [name for name, _ in snap._fixture_runs()]
    assert "fixture/html/scope_table.html" in names
    assert "fixture/specs/stone_folder/" in names
    assert not any(n.startswith(("fixture/contracts/", "fixture/notebook/")) for n in names)
