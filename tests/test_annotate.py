"""Source annotation: candidate edits and version labels/notes kept in the evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory.errors import EvidenceError
from factory.models import Provider, SearchResult, SourceRef
from factory.research.annotate import (
    default_source_annotations,
    edit_candidates,
    save_source_annotations,
)
from factory.research.search import SearchOutcome

DOCS = "https://developers.acme.test/scopes"
LEGACY = "https://developers.acme.test/legacy"
PROVIDER = Provider(
    display_name="Acme Ads",
    slug="acme_ads",
    platform="ACME_ADS",
    sources=(SourceRef(DOCS, label="Scopes", version="v2"),),
)
ROWS = [
    {"scope_name": "ads.read", "description": "Read ads", "versions": "v2", "sources": DOCS},
    {
        "scope_name": "ads.write",
        "description": "Change ads",
        "versions": "",
        "sources": f"{DOCS} | {LEGACY}",
        "note": "differing descriptions",
    },
]
CANDIDATES = (
    SearchResult(DOCS, "Scopes", "catalog", True, "official domain acme.test"),
    SearchResult(LEGACY, "Legacy", "catalog", True, "official domain acme.test"),
    SearchResult("https://blog.example/acme", "A blog", "ddgs", False, "third-party domain"),
)


def test_edit_candidates_drops_and_adds() -> None:
    search = SearchOutcome(results=CANDIDATES, notes=("catalog only",))
    edited = edit_candidates(search, drop=[LEGACY], add=["https://acme.test/extra", DOCS])
    assert [r.url for r in edited.results] == [
        DOCS,
        "https://blog.example/acme",
        "https://acme.test/extra",
    ]
    added = edited.results[-1]
    assert added.is_official and added.backend == "user" and "researcher" in added.reason
    assert edited.notes == ("catalog only", f"dropped by the researcher: {LEGACY}")


def test_dropping_an_unknown_url_is_refused() -> None:
    with pytest.raises(EvidenceError, match="not candidates"):
        edit_candidates(SearchOutcome(results=CANDIDATES, notes=()), drop=["https://x.test"])


def test_default_annotations_use_catalog_labels() -> None:
    assert default_source_annotations(PROVIDER, [DOCS, LEGACY]) == {
        DOCS: {"version": "v2", "note": ""},
        LEGACY: {"version": "", "note": ""},
    }


def test_annotations_reach_sources_json_and_checklist(tmp_path: Path) -> None:
    files = save_source_annotations(
        tmp_path,
        PROVIDER,
        ROWS,
        CANDIDATES,
        sources={LEGACY: {"version": "v1 (legacy)", "note": "  kept for   old apps "}},
        scopes={"ads.write": {"note": "business accounts only"}, "ads.read": {"note": ""}},
    )
    data = json.loads(files.sources_path.read_text())
    assert [s["url"] for s in data["sources"]] == [r.url for r in CANDIDATES]
    assert data["annotations"]["sources"] == {
        LEGACY: {"version": "v1 (legacy)", "note": "kept for old apps"}
    }
    assert data["annotations"]["scopes"] == {"ads.write": {"note": "business accounts only"}}
    checklist = files.checklist_path.read_text()
    assert files.checklist_path.name == "ACME_ADS_SCOPE_CHECKLIST.md"
    write_line = checklist.splitlines()[
        checklist.splitlines().index("- [ ] `ads.write`: Change ads") + 1
    ]
    assert "differing descriptions" in write_line
    assert "researcher: business accounts only" in write_line
    assert f"source {LEGACY}: version label: v1 (legacy), researcher: kept for old apps" in (
        write_line
    )


@pytest.mark.parametrize(
    ("sources", "scopes", "message"),
    [
        ({"https://unknown.test": {"note": "x"}}, {}, "unknown source"),
        ({}, {"nope": {"note": "x"}}, "unknown scope"),
        ({}, {"ads.read": {"risk": "high"}}, "only text 'version' and 'note'"),
        ({}, {"ads.read": "just a string"}, "expected a mapping"),
    ],
)
def test_bad_annotations_write_nothing(
    tmp_path: Path, sources: dict, scopes: dict, message: str
) -> None:
    with pytest.raises(EvidenceError, match=message):
        save_source_annotations(
            tmp_path, PROVIDER, ROWS, CANDIDATES, sources=sources, scopes=scopes
        )
    assert list(tmp_path.iterdir()) == []
