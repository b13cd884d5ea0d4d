"""The pipeline stages and ``build`` against fixture pages served on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from factory.errors import EvidenceError, ResearchError
from factory.models import AuthFinding, ExtractionResult, ScopeRecord, SearchResult
from factory.research import pipeline, stages
from factory.research import session as session_module
from factory.research.pipeline import (
    auth_method_from,
    build,
    extract_all,
    fetch_sources,
    find_sources,
    make_table,
    resolve,
)
from factory.research.search import SearchOutcome

SITE = Path(__file__).parent / "fixtures" / "site"
TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json"}


def serve_site(server: HTTPServer) -> None:
    """Serve every fixture page under its path below ``tests/fixtures/site``."""
    for file in sorted(SITE.rglob("*.*")):
        server.expect_request("/" + file.relative_to(SITE).as_posix()).respond_with_data(
            file.read_bytes(), content_type=TYPES[file.suffix]
        )


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    serve_site(httpserver)
    return httpserver


def run_build(tmp_path: Path, name: str, sources: list[str], **kwargs: object):  # type: ignore[no-untyped-def]
    return build(
        name,
        sources=sources,
        contracts_dir=tmp_path / "contracts",
        evidence_dir=tmp_path / "evidence",
        env={},
        **kwargs,  # type: ignore[arg-type]
    )


def test_stages_one_by_one(site: HTTPServer, tmp_path: Path) -> None:
    provider = resolve("Acme Widgets")
    assert provider.platform == "ACME_WIDGETS"
    local = str(SITE / "acme" / "openapi.json")
    search = find_sources(provider, sources=[site.url_for("/acme/scopes.html"), local])
    assert [r.is_official for r in search.results] == [True, True]
    outcome = fetch_sources(provider, search)
    assert outcome.errors == ()
    assert [d.url for d in outcome.documents] == [
        local,  # the path as given
        site.url_for("/acme/scopes.html"),
    ]
    results = extract_all(outcome.documents, provider)
    assert [r.format for r in results] == ["openapi", "html"]
    assert auth_method_from(results, provider)[0] == "oauth2"
    table = make_table(results, provider).set_index("scope_name")
    assert set(table.index) == {
        "widgets:read",
        "widgets:write",
        "reports:read",
        "profile",
        "widgets",
    }
    assert table.loc["widgets:read", "status"] == "flagged"  # two different descriptions


def test_offline_without_sources_is_refused() -> None:
    with pytest.raises(ResearchError, match="--source files or --replay"):
        find_sources(resolve("Acme Widgets"), offline=True)


def test_offline_never_fetches_urls(site: HTTPServer) -> None:
    provider = resolve("Acme Widgets")
    search = find_sources(provider, sources=[site.url_for("/acme/scopes.html")])
    outcome = fetch_sources(provider, search, offline=True)
    assert outcome.documents == ()
    assert "offline" in outcome.errors[0].reason
    assert len(site.log) == 0


def test_auth_method_from_findings() -> None:
    provider = resolve("Keyonly Maps")
    key = AuthFinding("api_key", "Pass your API key.", "https://k.example/auth")
    assert auth_method_from([ExtractionResult("s", "html", auth=(key,))], provider) == (
        "api_key",
        "https://k.example/auth",
    )
    oauth = AuthFinding("oauth2", "Uses OAuth 2.0.", "https://k.example/oauth")
    both = [ExtractionResult("s", "html", auth=(key, oauth))]
    assert auth_method_from(both, provider) == ("oauth2", None)  # OAuth without scopes: doubt
    scoped = [ExtractionResult("s", "html", scopes=(ScopeRecord("a", source_url="u"),))]
    assert auth_method_from(scoped, provider) == ("oauth2", "u")


def test_build_saves_contract_and_evidence(site: HTTPServer, tmp_path: Path) -> None:
    urls = [site.url_for("/acme/scopes.html"), site.url_for("/acme/openapi.json")]
    result = run_build(tmp_path, "Acme Widgets", urls)
    path = tmp_path / "contracts" / "ACME_WIDGETS_CONNECTOR_CONTRACT.json"
    assert result.save.path == path.resolve()
    saved = json.loads(path.read_text())
    names = [s["scope_name"] for s in saved["sections"]["scopes"]["scopes"]]
    assert names == ["widgets:read", "widgets:write", "profile", "widgets", "reports:read"]
    first = saved["sections"]["scopes"]["scopes"][0]
    assert first["description"] == "Read the widgets in a workspace."  # HTML page came first
    assert saved["status"] == "draft"
    folder = result.evidence_dir  # this build's run folder, published as `latest`
    provider_dir = (tmp_path / "evidence" / "ACME_WIDGETS").resolve()
    assert folder.parent == provider_dir / "runs"
    assert (provider_dir / "latest").resolve() == folder
    manifest = json.loads((folder / "manifest.json").read_text())["documents"]
    assert sorted(e["url"] for e in manifest) == sorted(urls)
    checklist = (folder / "ACME_WIDGETS_SCOPE_CHECKLIST.md").read_text()
    assert all(f"`{n}`" in checklist for n in names)
    report = json.loads((folder / "report.json").read_text())
    assert report["contract_path"] == str(path.resolve())
    assert json.loads((folder / "sources.json").read_text())["sources"][0]["official"] is True


def test_replay_gives_a_byte_identical_contract(site: HTTPServer, tmp_path: Path) -> None:
    urls = [site.url_for("/acme/scopes.html"), site.url_for("/acme/openapi.json")]
    live = run_build(tmp_path / "live", "Acme Widgets", urls)
    requests_before = len(site.log)
    replayed = build(
        "Acme Widgets",
        replay_dir=live.evidence_dir,
        contracts_dir=tmp_path / "replay" / "contracts",
        evidence_dir=tmp_path / "replay" / "evidence",
        env={},
    )
    assert len(site.log) == requests_before  # no network on replay
    assert replayed.save.path.read_bytes() == live.save.path.read_bytes()
    # The live run's search verdicts travel with the replayed evidence.
    sources = json.loads((replayed.evidence_dir / "sources.json").read_text())["sources"]
    assert [s["backend"] for s in sources] == ["user", "user"]


def test_replay_of_tampered_evidence_writes_nothing(site: HTTPServer, tmp_path: Path) -> None:
    live = run_build(tmp_path, "Acme Widgets", [site.url_for("/acme/scopes.html")])
    body = next(live.evidence_dir.glob("*.html"))
    body.write_bytes(body.read_bytes().replace(b"widgets:read", b"widgets:READ"))
    with pytest.raises(EvidenceError, match="sha256 mismatch"):
        build("Acme Widgets", replay_dir=live.evidence_dir, contracts_dir=tmp_path / "other")
    assert not (tmp_path / "other").exists()


def test_api_key_only_provider(site: HTTPServer, tmp_path: Path) -> None:
    url = site.url_for("/keyonly/auth.html")
    result = run_build(tmp_path, "Keyonly Maps", [url])
    assert result.contract["sections"]["scopes"]["scopes"] == []
    assert result.contract["sections"]["byok"]["auth_method"] == "api_key"
    assert result.report.auth_method == "api_key"
    (note,) = [n for n in result.report.notes if "No OAuth scopes" in n]
    assert url in note


def test_no_scopes_and_no_auth_evidence_fails_without_contract(
    site: HTTPServer, tmp_path: Path
) -> None:
    url = site.url_for("/empty/index.html")
    with pytest.raises(ResearchError, match="no scopes found") as caught:
        run_build(tmp_path, "Emptyco", [url])
    assert url in str(caught.value)
    assert not (tmp_path / "contracts").exists()


def test_one_failed_source_is_a_note_not_a_failure(site: HTTPServer, tmp_path: Path) -> None:
    missing = site.url_for("/acme/missing.html")
    result = run_build(tmp_path, "Acme Widgets", [site.url_for("/acme/scopes.html"), missing])
    assert len(result.contract["sections"]["scopes"]["scopes"]) == 4
    assert any(missing in n for n in result.report.notes)


def test_searched_loopback_urls_are_refused(
    site: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.url_for("/acme/scopes.html")

    def fake_search(provider: object, **_kwargs: object) -> SearchOutcome:
        return SearchOutcome((SearchResult(url, backend="fake", is_official=True),))

    monkeypatch.setattr(stages, "search_sources", fake_search)
    monkeypatch.setattr(stages, "machine_readable_variants", lambda _url, _provider: [])
    monkeypatch.setattr(session_module, "require_network", lambda *_a, **_k: None)  # no DNS here
    with pytest.raises(ResearchError, match="loopback address") as caught:
        build("Acme Widgets", contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e", env={})
    assert url in str(caught.value)
    assert len(site.log) == 0
    assert not (tmp_path / "c").exists()


def test_no_official_source_names_what_was_tried(tmp_path: Path) -> None:
    with pytest.raises(ResearchError, match="no official source found") as caught:
        build(
            "Totally Unknown Provider Qq",
            backends=("catalog",),
            contracts_dir=tmp_path / "c",
            env={},
        )
    assert "backends tried: catalog" in str(caught.value)
    assert not (tmp_path / "c").exists()


def test_default_backends_are_the_catalog_and_web_search_for_every_provider() -> None:
    known = pipeline.resolve("TikTok")
    unknown = pipeline.resolve("Totally Unknown Provider Qq")
    assert pipeline.default_backends(known, {}) == ("catalog", "ddgs")
    assert pipeline.default_backends(unknown, {}) == ("catalog", "ddgs")
    env = {"BRAVE_SEARCH_API_KEY": "k", "SEARXNG_URL": "http://127.0.0.1:9"}
    assert pipeline.default_backends(unknown, env) == ("catalog", "ddgs", "brave", "searxng")


def test_build_without_named_backends_uses_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, ...]] = []

    def fake_search(provider: object, *, backends: tuple[str, ...], **_kw: object) -> SearchOutcome:
        seen.append(backends)
        return SearchOutcome(results=(), notes=("nothing found",))

    probed: list[list[str]] = []
    monkeypatch.setattr(stages, "search_sources", fake_search)
    monkeypatch.setattr(
        session_module, "require_network", lambda hosts, *_a, **_k: probed.append(hosts)
    )
    with pytest.raises(ResearchError, match="backends tried: catalog, ddgs"):
        build("Totally Unknown Provider Qq", contracts_dir=tmp_path / "c", env={})
    assert seen == [("catalog", "ddgs")]
    assert probed == [["duckduckgo.com"]]  # the web search host is probed before searching


def test_extract_all_uses_catalog_format_and_version(tmp_path: Path) -> None:
    from dataclasses import replace

    from factory.models import SourceRef
    from factory.research.fetch import read_local_source

    spec = read_local_source(SITE / "acme" / "openapi.json")
    page = read_local_source(SITE / "acme" / "scopes.html")
    provider = replace(
        resolve("Acme Widgets"),
        sources=(
            SourceRef(spec.url, version="v3", format="openapi"),
            SourceRef(page.url, format="openapi"),  # wrong kind: detection takes over
        ),
    )
    spec_result, page_result = extract_all([spec, page], provider)
    assert {s.version for s in spec_result.scopes} == {"v3"}
    assert page_result.format == "html"
    assert page_result.scopes[0].version == "current"  # the page's own label is kept
    broken = replace(spec, body=b"\x00\x01binary", sha256="0")
    (unreadable,) = extract_all([broken])
    assert unreadable.format == "unreadable"
    assert unreadable.warnings


def test_replay_and_sources_cannot_be_combined(tmp_path: Path) -> None:
    with pytest.raises(ResearchError, match="cannot take --source"):
        build("Acme Widgets", sources=["x.html"], replay_dir=tmp_path, contracts_dir=tmp_path)


def test_replay_search_marks_every_document_official_and_offline() -> None:
    from factory.models import Document

    doc = Document("https://a.test/s", "https://a.test/s", 200, "text/html", "0" * 64, b"", "t")
    outcome = pipeline.replay_search([doc])
    assert [(r.url, r.backend, r.is_official) for r in outcome.results] == [
        ("https://a.test/s", "replay", True)
    ]
    assert outcome.notes == ("replayed from evidence: no network",)


def test_research_notes_state_scope_less_auth_with_its_url() -> None:
    provider = pipeline.resolve("Example Keys")
    notes = pipeline.research_notes(provider, [], "api_key", "https://k.test/auth")
    assert notes == [
        "No OAuth scopes: Example Keys documents api_key authentication "
        "(https://k.test/auth); the scope list is empty by evidence."
    ]
    with pytest.raises(ResearchError, match="no evidence of a scope-less auth method"):
        pipeline.research_notes(provider, [], "oauth2", None, tried="backends tried: user")


def test_research_notes_carry_extractor_warnings_and_explain_an_empty_page() -> None:
    provider = pipeline.resolve("Example Shell")
    shell = ExtractionResult(
        "https://shell.test/scopes", "html", warnings=("page appears to be a JavaScript shell",)
    )
    many = ExtractionResult("https://m.test/x", "html", warnings=tuple(f"w{i}" for i in range(12)))
    notes = pipeline.research_notes(
        provider, [ScopeRecord("a.read")], "oauth2", None, results=[shell, many]
    )
    assert notes[0] == "warning (https://shell.test/scopes): page appears to be a JavaScript shell"
    assert notes[-1] == "... and 3 more extractor warning(s)"
    assert len(notes) == pipeline.MAX_WARNING_NOTES + 1
    with pytest.raises(ResearchError, match="JavaScript shell"):
        pipeline.research_notes(provider, [], "oauth2", None, results=[shell])
