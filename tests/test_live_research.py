"""Live research on a recorded loopback web: search always, follow links, catalog freshness.

The web is ``tests/fixtures/web`` served by ``tests/loopweb.py`` on 127.0.0.1, with a
SearXNG-like search backend; ``CONNECTOR_FACTORY_TRUSTED_HOSTS`` vouches for 127.0.0.1 (the
address guard refuses loopback otherwise). ddgs is never asked here: it would leave the
machine.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopweb import LEAD, MOVED, NEW_HOME, LoopWeb

from factory.cli import main
from factory.errors import ResearchError
from factory.research.links import LinkSettings
from factory.research.pipeline import build
from factory.research.reach import require_network, resolve_hosts


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopWeb]:
    with LoopWeb() as served:
        monkeypatch.setenv("CONNECTOR_FACTORY_CATALOG", str(served.catalog(tmp_path)))
        monkeypatch.setenv("CONNECTOR_FACTORY_TRUSTED_HOSTS", "127.0.0.1")
        monkeypatch.setenv("SEARXNG_URL", served.base)
        yield served


def out_dirs(tmp_path: Path, name: str) -> dict[str, Path]:
    return {"contracts_dir": tmp_path / name / "c", "evidence_dir": tmp_path / name / "e"}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_web_search_finds_the_page_a_stale_catalog_lost(web: LoopWeb, tmp_path: Path) -> None:
    result = build("Loopweb Ads", backends=("catalog", "searxng"), **out_dirs(tmp_path, "a"))
    names = [s["scope_name"] for s in result.contract["sections"]["scopes"]["scopes"]]
    assert names == ["loopweb.ads.read", "loopweb.ads.write", "loopweb.billing.read"]
    assert result.report.sources == (web.url(NEW_HOME),)
    notes = "\n".join(result.report.notes)
    assert "1 from the catalog only, 1 from web search (searxng) only" in notes
    assert f"found by web search (searxng), not in the catalog: {web.url(NEW_HOME)}" in notes
    assert f"fetch {web.url(MOVED)} failed (HTTP 404)" in notes  # the stale entry, not silent
    assert web.searches  # the search backend was asked although the catalog lists a source
    recorded = json.loads((result.evidence_dir / "sources.json").read_text())["sources"]
    backends = {s["url"]: (s["backend"], s["official"]) for s in recorded}
    assert backends[web.url(MOVED)] == ("catalog", True)
    assert backends[web.url(NEW_HOME)] == ("searxng", True)
    assert backends[LEAD] == ("searxng", False)  # the official filter is the only gate
    assert LEAD not in "".join(web.requests)


def test_a_url_both_backends_found_names_both(
    web: LoopWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (tmp_path / "catalog.yaml").read_text().replace(MOVED, NEW_HOME)
    (tmp_path / "catalog.yaml").write_text(text)
    monkeypatch.setenv("CONNECTOR_FACTORY_CATALOG", str(tmp_path / "catalog.yaml"))
    from factory.research.catalog import _load_cached

    _load_cached.cache_clear()
    result = build("Loopweb Ads", backends=("catalog", "searxng"), **out_dirs(tmp_path, "b"))
    assert [r.backend for r in result.search.official] == ["catalog+searxng"]
    assert "0 from web search (searxng) only, 1 from both" in result.report.notes[0]


def test_without_web_search_the_catalog_still_serves_and_says_so(
    web: LoopWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEARXNG_URL", "http://127.0.0.1:9")  # nothing listens there
    result = build("Loopweb Reporting", backends=("catalog", "searxng"), **out_dirs(tmp_path, "c"))
    names = [s["scope_name"] for s in result.contract["sections"]["scopes"]["scopes"]]
    assert {"reporting.insights.read", "reporting.exports.create"} <= set(names)
    unavailable = [n for n in result.report.notes if n.startswith("web search unavailable")]
    assert len(unavailable) == 1
    assert "searxng" in unavailable[0] and "only the catalog's sources were used" in unavailable[0]


def test_search_catalog_keeps_the_catalog_alone(web: LoopWeb, tmp_path: Path) -> None:
    with pytest.raises(ResearchError, match="no official source could be fetched"):
        build("Loopweb Ads", backends=("catalog",), **out_dirs(tmp_path, "d"))
    assert web.searches == []


def test_an_index_page_leads_to_its_three_product_pages(web: LoopWeb, tmp_path: Path) -> None:
    index = web.url("/loopweb/permissions/index.html")
    result = build("Loopweb Ads", sources=[index], **out_dirs(tmp_path, "e"))
    pages = [web.url(f"/loopweb/permissions/{p}.html") for p in ("ads", "reporting", "audiences")]
    assert result.report.sources == (index, *pages)
    by_source = {}
    for scope in result.report.scopes:
        by_source.setdefault(scope["source_url"], []).append(scope["name"])
    assert by_source == {
        pages[0]: ["ads.campaigns.read", "ads.campaigns.write"],
        pages[1]: ["reporting.insights.read", "reporting.exports.create"],
        pages[2]: ["audiences.lists.manage"],
    }
    for page in pages:
        assert f"{page}: found via link from {index}" in result.report.notes
    recorded = json.loads((result.evidence_dir / "sources.json").read_text())["sources"]
    linked = [s for s in recorded if s["backend"] == "link"]
    assert [s["url"] for s in linked] == pages
    assert all(s["reason"] == f"found via link from {index}" for s in linked)
    # not followed: no scope words, another site, an image
    assert not any(
        p.startswith(("/loopweb/blog", "/loopweb/permissions/logo")) for p in web.requests
    )
    manifest = json.loads((result.evidence_dir / "manifest.json").read_text())["documents"]
    assert {d["url"] for d in manifest} == {index, *pages}


def test_link_following_is_bounded(web: LoopWeb, tmp_path: Path) -> None:
    index = web.url("/loopweb/permissions/index.html")
    with pytest.raises(ResearchError, match="no scopes found"):  # the index alone has none
        build(
            "Loopweb Ads", sources=[index], links=LinkSettings(depth=0), **out_dirs(tmp_path, "f")
        )
    capped = build(
        "Loopweb Ads", sources=[index], links=LinkSettings(max_pages=2), **out_dirs(tmp_path, "g")
    )
    assert len(capped.report.sources) == 3


def test_replay_of_a_followed_run_needs_no_network(web: LoopWeb, tmp_path: Path) -> None:
    index = web.url("/loopweb/permissions/index.html")
    live = build("Loopweb Ads", sources=[index], **out_dirs(tmp_path, "h"))
    served = len(web.requests)
    replay = build("Loopweb Ads", replay_dir=live.evidence_dir, contracts_dir=tmp_path / "h2")
    assert len(web.requests) == served
    assert replay.save.path.read_bytes() == live.save.path.read_bytes()


def test_providers_check_reports_dead_moved_and_scopeless_sources(
    web: LoopWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(["providers", "--check", "--json"], capsys)
    assert code == 1
    checks = {(c["provider"], c["verdict"]): c for c in json.loads(out)}
    assert set(checks) == {
        ("Loopweb Ads", "dead"),
        ("Loopweb Reporting", "moved"),
        ("Loopweb Reporting", "scope-less"),
    }
    assert checks["Loopweb Ads", "dead"]["url"] == web.url(MOVED)
    assert "404" in checks["Loopweb Ads", "dead"]["detail"]
    moved = checks["Loopweb Reporting", "moved"]
    assert moved["final_url"] == web.url("/loopweb/permissions/reporting.html")
    assert "JavaScript shell" in checks["Loopweb Reporting", "scope-less"]["detail"]
    code, out, _err = run(["providers", "--check", "Loopweb Ads"], capsys)
    assert code == 1 and "dead" in out and "Loopweb Reporting" not in out


def test_providers_check_of_a_healthy_source_exits_0(
    web: LoopWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(catalog.read_text().replace(MOVED, NEW_HOME))
    code, out, _err = run(
        ["providers", "--check", "Loopweb Ads", "--catalog", str(catalog)], capsys
    )
    assert code == 0
    assert "ok" in out and "3 scope record(s)" in out


def test_unknown_provider_to_check_is_one_clear_error(
    web: LoopWeb, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(["providers", "--check", "Nosuch Provider"], capsys)
    assert code == 1
    assert "'Nosuch Provider' is not a provider in the catalog" in err


# --------------------------------------------------------------------------- first contact


def test_no_network_stops_at_once_with_the_next_steps(capsys: pytest.CaptureFixture[str]) -> None:
    start = time.monotonic()  # the suite's guard: no host name resolves here
    code, out, err = run(["build", "TikTok", "--evidence-dir", "/nonexistent"], capsys)
    assert time.monotonic() - start < 5
    assert code == 1 and out == ""
    assert err.startswith("error: no network: none of the 2 host name(s) needed resolves")
    assert "--offline --source FILE" in err
    assert "--replay outputs/evidence/TIKTOK" in err


def test_local_files_need_no_network_even_without_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = (
        Path(__file__).resolve().parents[1] / "examples" / "sources" / "example_ads_scopes.html"
    )
    # a catalog provider: its catalog hosts must not be probed when files were given
    argv = ["build", "TikTok", "--source", str(example), "--contracts-dir", str(tmp_path)]
    code, out, err = run([*argv, "--evidence-dir", str(tmp_path / "e")], capsys)
    assert code == 0, err
    assert "no network" not in err and "Scopes (8):" in out


def test_a_resolver_that_hangs_is_cut_at_the_deadline() -> None:
    def hang(_host: str) -> object:
        time.sleep(30)
        return None

    start = time.monotonic()
    answers = resolve_hosts(["a.example", "b.example"], deadline=0.3, resolve=hang)
    assert time.monotonic() - start < 1.0
    assert answers == {"a.example": "no answer within 0.3 s", "b.example": "no answer within 0.3 s"}
    with pytest.raises(ResearchError, match="no network"):
        require_network(["a.example"], "hint", deadline=0.2, resolve=hang)


def test_one_resolving_host_is_enough() -> None:
    def some(host: str) -> object:
        if host == "bad.example":
            raise OSError("Name or service not known")
        return None

    require_network(["bad.example", "good.example"], "hint", resolve=some)  # no error
    require_network([], "hint", resolve=some)  # nothing to resolve: nothing to say
