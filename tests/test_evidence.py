"""The evidence store: manifest, bodies, checklist, sources, redaction and replay verification."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from factory.errors import EvidenceError
from factory.evidence.store import (
    default_evidence_dir,
    load_replay,
    redact,
    save_annotations,
    save_documents,
    write_checklist,
    write_report,
    write_sources,
)
from factory.models import Document, SearchResult


def make_doc(url: str, body: bytes, media_type: str = "text/html") -> Document:
    return Document(
        url=url,
        final_url=url,
        status=200,
        media_type=media_type,
        sha256=hashlib.sha256(body).hexdigest(),
        body=body,
        fetched_at="2026-01-02T03:04:05+00:00",
        encoding="utf-8",
    )


DOCS = (
    make_doc("https://b.example/scopes", b"<html>b</html>"),
    make_doc("https://a.example/openapi.json", b'{"openapi": "3.0.0"}', "application/json"),
)


def test_manifest_is_sorted_and_complete(tmp_path: Path) -> None:
    manifest = save_documents(tmp_path, DOCS, env={})
    entries = json.loads(manifest.read_text())["documents"]
    assert [e["url"] for e in entries] == [
        "https://a.example/openapi.json",
        "https://b.example/scopes",
    ]
    first = entries[0]
    assert set(first) == {
        "url",
        "final_url",
        "status",
        "media_type",
        "encoding",
        "fetched_at",
        "sha256",
        "size",
        "file",
        "order",
    }
    assert first["file"] == DOCS[1].sha256 + ".json"
    assert (tmp_path / first["file"]).read_bytes() == DOCS[1].body
    assert first["size"] == len(DOCS[1].body)
    # Stable: writing again gives the same bytes.
    before = manifest.read_bytes()
    save_documents(tmp_path, DOCS, env={})
    assert manifest.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))  # no temp files left behind


def test_replay_round_trip(tmp_path: Path) -> None:
    save_documents(tmp_path, DOCS, env={})
    assert load_replay(tmp_path) == DOCS  # the fetch order comes back, not the URL order


def test_replay_refuses_a_tampered_body(tmp_path: Path) -> None:
    save_documents(tmp_path, DOCS, env={})
    (tmp_path / (DOCS[0].sha256 + ".html")).write_bytes(b"<html>changed</html>")
    with pytest.raises(EvidenceError, match="sha256 mismatch"):
        load_replay(tmp_path)


def test_replay_refuses_a_missing_body_or_manifest(tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match=r"no manifest\.json"):
        load_replay(tmp_path)
    save_documents(tmp_path, DOCS, env={})
    (tmp_path / (DOCS[0].sha256 + ".html")).unlink()
    with pytest.raises(EvidenceError, match="missing"):
        load_replay(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(EvidenceError, match="unreadable manifest"):
        load_replay(tmp_path)


def test_checklist_is_reference_only_with_every_scope(tmp_path: Path) -> None:
    rows = [
        {
            "scope_name": "ads.read",
            "description": "Read your ads.",
            "versions": "v2",
            "sources": "https://a.example/s",
            "include": True,
            "note": "",
        },
        {
            "scope_name": "ads.legacy",
            "description": None,
            "versions": "legacy",
            "sources": "https://a.example/old",
            "include": False,
            "note": "only legacy/deprecated",
        },
    ]
    path = write_checklist(tmp_path, "Example Ads", "EXAMPLE_ADS", rows, env={})
    assert path.name == "EXAMPLE_ADS_SCOPE_CHECKLIST.md"
    text = path.read_text()
    assert "never be loaded as one" in text
    assert "- [ ] `ads.read`: Read your ads." in text
    assert "version: v2; source: https://a.example/s" in text
    assert "(no description on the page)" in text
    assert "note: only legacy/deprecated" in text


def test_secrets_are_redacted_everywhere(tmp_path: Path) -> None:
    env = {"BRAVE_SEARCH_API_KEY": "sk-very-secret-123", "HOME": "/home/x", "PIN_TOKEN": "ab"}
    assert redact("key=sk-very-secret-123 home=/home/x ab", env) == (
        "key=[REDACTED:BRAVE_SEARCH_API_KEY] home=/home/x ab"
    )
    leaky = make_doc("https://a.example/s?k=sk-very-secret-123", b"<p>sk-very-secret-123</p>")
    save_documents(tmp_path, [leaky], env=env)
    write_report(tmp_path, {"notes": ["used sk-very-secret-123"]}, env=env)
    write_sources(tmp_path, [SearchResult(url=leaky.url, is_official=True)], env=env)
    for file in tmp_path.iterdir():
        assert b"sk-very-secret-123" not in file.read_bytes(), file.name
    # The stored (redacted) body still verifies on replay.
    (replayed,) = load_replay(tmp_path)
    assert b"[REDACTED:BRAVE_SEARCH_API_KEY]" in replayed.body


def test_sources_and_annotations(tmp_path: Path) -> None:
    results = [
        SearchResult("https://a.example/s", "Scopes", "catalog", True, "official domain"),
        SearchResult("https://blog.other/x", "A blog", "ddgs", False, "third-party domain"),
    ]
    write_sources(
        tmp_path,
        results,
        annotations={"sources": {"https://a.example/s": {"version": "v2"}}},
        env={},
    )
    save_annotations(
        tmp_path,
        {
            "sources": {"https://a.example/s": {"note": "current list"}},
            "scopes": {"ads.read": {"version": "v2", "note": "checked"}},
        },
        env={},
    )
    data = json.loads((tmp_path / "sources.json").read_text())
    assert [s["official"] for s in data["sources"]] == [True, False]
    assert data["sources"][1]["reason"] == "third-party domain"
    assert data["annotations"]["sources"]["https://a.example/s"] == {
        "version": "v2",
        "note": "current list",
    }
    assert data["annotations"]["scopes"]["ads.read"]["note"] == "checked"


def test_default_evidence_dir(tmp_path: Path) -> None:
    assert default_evidence_dir("EXAMPLE_ADS", tmp_path) == tmp_path.resolve() / "EXAMPLE_ADS"
    assert default_evidence_dir("X").parts[-3:] == ("outputs", "evidence", "X")


def test_a_failed_evidence_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factory import atomic
    from factory.errors import EvidenceError
    from factory.evidence.store import atomic_write

    target = tmp_path / "e" / "report.json"
    atomic_write(target, b"old")

    def crash(src: object, dst: object) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(EvidenceError, match="cannot write"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_load_sources_reads_back_what_write_sources_recorded(tmp_path: Path) -> None:
    from factory.evidence.store import load_sources, write_sources
    from factory.models import SearchResult

    results = [
        SearchResult("https://a.test/s", "Scopes", "catalog", True, "official domain"),
        SearchResult("https://blog.test/x", "", "ddgs", False, "third-party: kept as a lead"),
    ]
    write_sources(tmp_path, results)
    assert load_sources(tmp_path) == results
    assert load_sources(tmp_path / "missing") is None
    (tmp_path / "sources.json").write_text("[1, 2]", encoding="utf-8")
    assert load_sources(tmp_path) is None
