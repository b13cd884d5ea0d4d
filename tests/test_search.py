"""Official-source search: the official filter, variants, the backend registry and backends.

HTTP backends run against ``httpx.MockTransport``; ddgs against an injected fake. No internet.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from factory.errors import CatalogError, SearchError
from factory.models import Provider
from factory.research.backends import unregister
from factory.research.catalog import load_catalog, resolve_provider
from factory.research.search import (
    Hit,
    backend_names,
    machine_readable_variants,
    official_verdict,
    queries_for,
    register_backend,
    search_sources,
)

SECRET = "brave-secret-key-0123456789"
TIKTOK = resolve_provider("TikTok")
META = resolve_provider("Meta")


@pytest.mark.parametrize(
    ("url", "provider", "official"),
    [
        ("https://developers.tiktok.com/doc/tiktok-api-scopes", TIKTOK, True),
        ("https://tiktok.com/legal", TIKTOK, True),
        ("https://open.tiktokapis.com/v2/", TIKTOK, True),
        ("https://developers.TikTok.com/doc/x", TIKTOK, True),
        ("https://tiktok.com.evil.io/doc/tiktok-api-scopes", TIKTOK, False),
        ("https://developers.tiktok.com.evil.io/doc", TIKTOK, False),
        ("https://faketiktok.com/doc", TIKTOK, False),
        ("https://tiktok-scopes.com/doc", TIKTOK, False),
        ("https://developers.facebook.com/docs/permissions", META, True),
        ("https://developers.facebook.com.example.org/docs/permissions", META, False),
        ("https://medium.com/@someone/tiktok-oauth", TIKTOK, False),
        ("http://127.0.0.1/doc", TIKTOK, False),
        ("ftp://developers.tiktok.com/doc", TIKTOK, False),
    ],
)
def test_official_filter(url: str, provider: Provider, official: bool) -> None:
    verdict, reason = official_verdict(url, provider)
    assert verdict is official
    assert reason


def test_verdict_reasons_name_the_rule_and_the_domain() -> None:
    assert official_verdict("https://developers.tiktok.com/doc/a", TIKTOK)[1] == (
        "registrable domain tiktok.com is an official TikTok domain"
    )
    assert official_verdict("https://medium.com/a", TIKTOK)[1] == (
        "third-party domain medium.com: kept as a lead"
    )
    assert "evil.io" in official_verdict("https://tiktok.com.evil.io/", TIKTOK)[1]


def test_catalog_listed_url_off_domain_is_official_but_its_neighbours_are_not() -> None:
    pinterest = resolve_provider("Pinterest")
    listed = next(s.url for s in pinterest.sources if "githubusercontent" in s.url)
    verdict, reason = official_verdict(listed, pinterest)
    assert verdict and "listed in the catalog" in reason
    other = listed.replace("v5/openapi.json", "v5/other.json")
    assert official_verdict(other, pinterest)[0] is False


def test_every_catalog_source_passes_the_official_filter() -> None:
    for provider in load_catalog():
        for source in provider.sources:
            assert official_verdict(source.url, provider)[0], (provider.slug, source.url)


def test_unknown_provider_uses_the_name_rule() -> None:
    acme = resolve_provider("Acme CRM")
    verdict, reason = official_verdict("https://developer.acme.com/oauth", acme)
    assert verdict and "carries the name" in reason
    assert official_verdict("https://acmecrm.io/docs", acme)[0]
    assert not official_verdict("https://blog.example.com/acme-crm", acme)[0]
    assert not official_verdict("https://acme.com.evil.io/", acme)[0]


def test_variants_of_an_official_page() -> None:
    variants = machine_readable_variants("https://developers.tiktok.com/doc/scopes/", TIKTOK)
    assert variants == [
        "https://developers.tiktok.com/doc/scopes.md",
        "https://developers.tiktok.com/llms.txt",
        "https://developers.tiktok.com/.well-known/openid-configuration",
    ]


def test_variants_include_devsite_markdown_and_catalog_json_endpoints() -> None:
    youtube = resolve_provider("YouTube")
    page = "https://developers.google.com/youtube/data/guides/authentication"
    assert f"{page}.md.txt" in machine_readable_variants(page, youtube)
    reddit = resolve_provider("Reddit")
    variants = machine_readable_variants("https://www.reddit.com/dev/api/oauth", reddit)
    assert "https://www.reddit.com/api/v1/scopes.json" in variants


def test_no_variants_for_third_party_pages_or_for_files() -> None:
    assert machine_readable_variants("https://medium.com/post", TIKTOK) == []
    reddit = resolve_provider("Reddit")
    variants = machine_readable_variants("https://www.reddit.com/api/v1/scopes.json", reddit)
    assert not any(v.endswith(".md") for v in variants)
    assert "https://www.reddit.com/api/v1/scopes.json" not in variants


def test_registry_lists_the_builtin_backends_and_accepts_new_ones() -> None:
    assert {"catalog", "ddgs", "brave", "searxng"} <= set(backend_names())

    @register_backend("fixed", web=False)
    def fixed(provider: Provider, queries: Any, ctx: Any) -> list[Hit]:
        return [Hit("https://medium.com/a", "lead", queries[0])]

    try:
        outcome = search_sources(TIKTOK, backends=("fixed",), env={})
    finally:
        unregister("fixed")
    assert [r.backend for r in outcome.results] == ["fixed"]
    assert outcome.results[0].query == "TikTok OAuth scopes"
    assert "fixed" not in backend_names()


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(SearchError, match="unknown search backend"):
        search_sources(TIKTOK, backends=("altavista",), env={})


def test_catalog_backend_gives_official_sources_without_network() -> None:
    outcome = search_sources(TIKTOK, env={})
    assert [r.url for r in outcome.results] == [s.url for s in TIKTOK.sources]
    assert all(r.is_official and r.backend == "catalog" for r in outcome.results)
    assert outcome.notes == ()


def test_backends_without_key_or_url_are_skipped_with_a_note() -> None:
    outcome = search_sources(TIKTOK, backends=("brave", "searxng"), env={})
    assert outcome.results == ()
    assert outcome.notes == (
        "search backend 'brave' skipped: BRAVE_SEARCH_API_KEY is not set",
        "search backend 'searxng' skipped: SEARXNG_URL is not set",
    )


def test_catalog_backend_skips_an_unknown_provider() -> None:
    outcome = search_sources(resolve_provider("Acme CRM"), env={})
    assert outcome.results == ()
    assert "not in the provider catalog" in outcome.notes[0]


def test_catalog_backend_says_when_a_provider_has_no_listed_source() -> None:
    # a catalog entry without sources (the packaged catalog no longer has one: Zendesk got its)
    listed = Provider("Acme Desk", "acme_desk", "ACME_DESK", ("acme.example",), in_catalog=True)
    outcome = search_sources(listed, env={})
    assert outcome.results == ()
    assert outcome.notes == (
        "search backend 'catalog' skipped: the catalog lists no official source for Acme Desk",
    )


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_brave_backend_sends_the_key_in_a_header_and_filters_results() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        rows = [
            {"title": "Lead", "url": "https://medium.com/tiktok-scopes"},
            {"title": "Scopes", "url": "https://developers.tiktok.com/doc/tiktok-api-scopes/"},
            {"title": "Evil", "url": "https://tiktok.com.evil.io/scopes"},
        ]
        return httpx.Response(200, json={"web": {"results": rows}})

    with _client(handler) as client:
        outcome = search_sources(
            TIKTOK,
            backends=("catalog", "brave"),
            env={"BRAVE_SEARCH_API_KEY": SECRET},
            http_client=client,
        )
    assert len(seen) == len(queries_for(TIKTOK))
    assert all(r.headers["X-Subscription-Token"] == SECRET for r in seen)
    assert all(SECRET not in str(r.url) for r in seen)
    assert seen[0].url.params["q"] == "TikTok OAuth scopes"
    urls = [r.url for r in outcome.results]
    # The catalog already had the scopes page: the trailing-slash copy is a duplicate.
    assert urls.count("https://developers.tiktok.com/doc/tiktok-api-scopes") == 1
    assert not any(u.endswith("tiktok-api-scopes/") for u in urls)
    flags = [r.is_official for r in outcome.results]
    assert flags == sorted(flags, reverse=True)  # official first
    assert {r.url for r in outcome.leads} == {
        "https://medium.com/tiktok-scopes",
        "https://tiktok.com.evil.io/scopes",
    }
    blob = json.dumps([[r.url, r.title, r.reason, r.query] for r in outcome.results])
    assert SECRET not in blob and SECRET not in " ".join(outcome.notes)


def test_a_failing_backend_becomes_a_note_and_the_others_continue() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, text="boom")

    with _client(handler) as client:
        outcome = search_sources(
            TIKTOK,
            backends=("brave", "catalog"),
            env={"BRAVE_SEARCH_API_KEY": SECRET},
            http_client=client,
        )
    assert outcome.notes == ("search backend 'brave': HTTP 500",)
    assert len(outcome.official) == len(TIKTOK.sources)


def test_network_errors_become_notes_without_leaking_the_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # A library that echoes the credential in its message must not leak it.
        raise httpx.ConnectError(f"connection refused (token {SECRET})", request=request)

    with _client(handler) as client:
        outcome = search_sources(
            TIKTOK, backends=("brave",), env={"BRAVE_SEARCH_API_KEY": SECRET}, http_client=client
        )
    assert outcome.results == ()
    assert "ConnectError" in outcome.notes[0]
    assert SECRET not in outcome.notes[0]


def test_searxng_backend_reads_the_json_api() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        rows = [
            {"url": f"https://developers.tiktok.com/doc/page-{i}", "title": "p"} for i in range(5)
        ]
        return httpx.Response(200, json={"results": rows})

    with _client(handler) as client:
        outcome = search_sources(
            TIKTOK,
            backends=("searxng",),
            env={"SEARXNG_URL": "https://searx.example/"},
            http_client=client,
            max_results=3,
        )
    assert seen[0].url.path == "/search"
    assert seen[0].url.params["format"] == "json"
    assert [r.url for r in outcome.results] == [
        f"https://developers.tiktok.com/doc/page-{i}" for i in range(3)
    ]
    assert all(r.is_official and r.backend == "searxng" for r in outcome.results)


def test_searxng_non_json_answer_becomes_a_note() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>not json</html>")

    with _client(handler) as client:
        outcome = search_sources(
            TIKTOK,
            backends=("searxng",),
            env={"SEARXNG_URL": "https://s.example"},
            http_client=client,
        )
    assert outcome.notes == ("search backend 'searxng': the response is not JSON",)


class FakeDDGS:
    """Stands in for ``ddgs.DDGS``: records queries, returns canned rows."""

    queries: ClassVar[list[tuple[str, int]]] = []

    def text(self, query: str, max_results: int = 10) -> list[dict[str, str]]:
        FakeDDGS.queries.append((query, max_results))
        return [
            {"title": "Scopes", "href": "https://developers.tiktok.com/doc/tiktok-api-scopes"},
            {"title": "Blog", "href": "https://dev.to/someone/tiktok", "body": "..."},
        ]


def test_ddgs_backend_uses_the_injected_factory() -> None:
    FakeDDGS.queries = []
    outcome = search_sources(
        TIKTOK, backends=("ddgs",), ddgs_factory=FakeDDGS, max_results=4, env={}
    )
    assert FakeDDGS.queries == [(q, 4) for q in queries_for(TIKTOK)]
    assert [(r.url, r.is_official) for r in outcome.results] == [
        ("https://developers.tiktok.com/doc/tiktok-api-scopes", True),
        ("https://dev.to/someone/tiktok", False),
    ]
    assert outcome.results[1].reason == "third-party domain dev.to: kept as a lead"


def test_ddgs_failure_becomes_a_note() -> None:
    class Broken:
        def text(self, query: str, max_results: int = 10) -> list[dict[str, str]]:
            raise RuntimeError("rate limited")

    outcome = search_sources(TIKTOK, backends=("ddgs", "catalog"), ddgs_factory=Broken, env={})
    assert "rate limited" in outcome.notes[0] and "'ddgs'" in outcome.notes[0]
    assert outcome.results and all(r.backend == "catalog" for r in outcome.results)


def test_queries_name_the_provider() -> None:
    assert queries_for(META) == ("Meta OAuth scopes", "Meta API permissions reference")


@pytest.mark.parametrize(
    ("provider", "url", "official"),
    [
        ("LinkedIn", "https://learn.microsoft.com/en-us/linkedin/marketing/getting-access", True),
        ("LinkedIn", "https://learn.microsoft.com/de-de/linkedin/shared/authentication", True),
        ("LinkedIn", "https://learn.microsoft.com/en-us/graph/permissions-reference", False),
        ("LinkedIn", "https://www.linkedin.com/developers/apps", True),  # its own domain
        ("Microsoft Graph", "https://learn.microsoft.com/en-us/graph/permissions-reference", True),
        ("Microsoft Graph", "https://learn.microsoft.com/en-us/linkedin/marketing/x", False),
        ("Azure DevOps", "https://learn.microsoft.com/en-us/azure/devops/integrate/x", True),
        ("Azure DevOps", "https://learn.microsoft.com/en-us/azure/storage/x", False),
        ("Google Ads", "https://developers.google.com/google-ads/api/docs/oauth/internals", True),
        ("Google Ads", "https://developers.google.com/identity/protocols/oauth2/scopes", True),
        ("Google Ads", "https://developers.google.com/youtube/v3/guides/auth", False),
        ("Google Ads", "https://support.google.com/google-ads/answer/6305348", True),
    ],
)
def test_shared_hosts_count_only_the_providers_paths(
    provider: str, url: str, official: bool
) -> None:
    verdict, reason = official_verdict(url, resolve_provider(provider))
    assert verdict is official, reason
    if not official:
        assert "shared by several providers" in reason


def test_official_paths_must_sit_on_an_official_domain(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.yaml"
    bad.write_text(
        "schema_version: 1\nproviders:\n"
        "  - display_name: Acme\n    official_domains: [acme.com]\n"
        "    official_paths: [docs.other.org/acme, acme.com]\n"
        "    sources: []\n    auth_methods: [oauth2]\n"
        "    facts_from: ['https://acme.com/docs']\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(bad)
    assert sum("official_paths" in p for p in caught.value.problems) == 2
