"""Which links are worth following: official, and about scopes (no network here)."""

from __future__ import annotations

from factory.extract.detect import make_document
from factory.models import Provider
from factory.research.fetch import FetchOutcome
from factory.research.links import LinkSettings, follow_links, scope_links

PROVIDER = Provider("Example Ads", "example_ads", "EXAMPLE_ADS", official_domains=("example.com",))
PAGE = """<html><body><h1>Developers</h1>
<a href="/docs/oauth/scopes">All OAuth scopes</a>
<a href="https://docs.example.com/reference">Permissions reference</a>
<a href="https://docs.example.com/reference#top">Permissions reference again</a>
<a href="https://docs.example.com/pricing">Pricing</a>
<a href="https://blog.other.net/example-ads-scopes">Example Ads scopes explained</a>
<a href="/img/permissions.png">Permissions diagram</a>
<a href="mailto:help@example.com">Authorization help</a>
</body></html>"""


def doc(body: str, url: str, media: str = "text/html"):  # type: ignore[no-untyped-def]
    return make_document(body.encode(), url, media_type=media)


def test_only_official_scope_links_are_kept() -> None:
    links = scope_links(doc(PAGE, "https://developers.example.com/start"), PROVIDER)
    assert [(link.url, link.text) for link in links] == [
        ("https://developers.example.com/docs/oauth/scopes", "All OAuth scopes"),
        ("https://docs.example.com/reference", "Permissions reference"),
    ]
    assert all(link.from_url == "https://developers.example.com/start" for link in links)
    assert not any(link.trusted for link in links)


def test_the_users_host_counts_as_official() -> None:
    unknown = Provider("Acme Widgets", "acme_widgets", "ACME_WIDGETS")
    page = doc('<a href="/auth/permissions.html">Scopes</a><a href="https://x.net/scopes">Scopes</a>',
               "http://127.0.0.1:8000/index.html")  # fmt: skip
    assert scope_links(page, unknown) == []  # an IP host carries no name: not official
    links = scope_links(page, unknown, trusted_hosts={"127.0.0.1"})
    assert [(link.url, link.trusted) for link in links] == [
        ("http://127.0.0.1:8000/auth/permissions.html", True)
    ]


def test_markdown_links_are_read_too() -> None:
    page = doc("See [the scope list](https://docs.example.com/scopes.md) and [pricing](/p).",
               "https://docs.example.com/index.md", "text/markdown")  # fmt: skip
    assert [link.url for link in scope_links(page, PROVIDER)] == [
        "https://docs.example.com/scopes.md"
    ]


def test_depth_and_page_cap_bound_the_fetching() -> None:
    asked: list[list[str]] = []

    def fetch(requests):  # type: ignore[no-untyped-def]
        asked.append([r.url for r in requests])
        pages = [doc(f'<a href="/scopes/{len(asked)}-{i}">more scopes</a>', r.url)
                 for i, r in enumerate(requests)]  # fmt: skip
        return FetchOutcome(tuple(pages), ())

    start = doc(PAGE, "https://developers.example.com/start")
    one = follow_links(PROVIDER, [start], fetch)
    assert len(asked) == 1 and len(one.documents) == 2
    assert [r.reason for r in one.results] == [
        "found via link from https://developers.example.com/start"
    ] * 2
    asked.clear()
    deep = follow_links(PROVIDER, [start], fetch, settings=LinkSettings(depth=3, max_pages=3))
    assert len(deep.documents) == 3  # the cap, whatever the depth
