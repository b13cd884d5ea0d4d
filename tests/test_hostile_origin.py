"""Trust is per origin: the scheme, host and port the user gave, never the host's other ports."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from factory.extract.detect import make_document
from factory.models import Provider
from factory.research.fetch import FetchRequest, fetch_documents
from factory.research.links import scope_links
from factory.research.origins import is_trusted, origin

UNKNOWN = Provider("Acme Widgets", "acme_widgets", "ACME_WIDGETS")


@pytest.fixture()
def other_port() -> Iterator[HTTPServer]:
    """A second loopback server: the same host as ``httpserver``, another port."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def test_origin_spells_out_the_default_port() -> None:
    assert origin("HTTP://Docs.Example.com/a") == "http://docs.example.com:80"
    assert origin("https://docs.example.com:8443/a") == "https://docs.example.com:8443"
    assert is_trusted("http://127.0.0.1:8000/x", {"http://127.0.0.1:8000"})
    assert not is_trusted("http://127.0.0.1:9000/x", {"http://127.0.0.1:8000"})
    assert not is_trusted("https://127.0.0.1:8000/x", {"http://127.0.0.1:8000"})
    assert is_trusted("http://127.0.0.1:9000/x", {"127.0.0.1"})  # a host vouched for whole


def test_redirect_to_another_port_of_the_trusted_host_is_guarded(
    httpserver: HTTPServer, other_port: HTTPServer
) -> None:
    inside = f"http://127.0.0.1:{other_port.port}/inside"
    httpserver.expect_request("/start").respond_with_data("", 302, {"Location": inside})
    other_port.expect_request("/inside").respond_with_data("private")
    start = f"http://127.0.0.1:{httpserver.port}/start"
    outcome = fetch_documents([FetchRequest(start, trusted=True)])
    (error,) = outcome.errors
    assert "loopback" in error.reason or "private" in error.reason
    assert other_port.log == []


def test_trusted_url_on_another_port_is_still_fetched_directly(
    httpserver: HTTPServer, other_port: HTTPServer
) -> None:
    httpserver.expect_request("/a").respond_with_data("one")
    other_port.expect_request("/b").respond_with_data("two")
    urls = [httpserver.url_for("/a"), f"http://127.0.0.1:{other_port.port}/b"]
    outcome = fetch_documents([FetchRequest(u, trusted=True) for u in urls])
    assert sorted(d.body for d in outcome.documents) == [b"one", b"two"]


def test_a_link_to_another_port_is_not_trusted() -> None:
    page = make_document(
        b'<a href="/auth/scopes.html">Scopes</a>'
        b'<a href="http://127.0.0.1:9000/scopes.html">More scopes</a>',
        "http://127.0.0.1:8000/index.html",
        media_type="text/html",
    )
    links = scope_links(page, UNKNOWN, trusted_hosts={origin("http://127.0.0.1:8000/")})
    assert [(link.url, link.trusted) for link in links] == [
        ("http://127.0.0.1:8000/auth/scopes.html", True)
    ]


def test_build_never_follows_a_link_to_another_port(
    httpserver: HTTPServer,
    other_port: HTTPServer,
    tmp_path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    from factory.cli import main

    secret = f"http://127.0.0.1:{other_port.port}/admin/scopes.html"
    httpserver.expect_request("/docs/scopes.html").respond_with_data(
        "<html><body><h1>OAuth scopes</h1><table><tr><th>Scope</th><th>Description</th></tr>"
        "<tr><td><code>widgets.read</code></td><td>Read widgets.</td></tr></table>"
        f'<p><a href="{secret}">More OAuth scopes</a></p></body></html>',
        content_type="text/html",
    )
    other_port.expect_request("/admin/scopes.html").respond_with_data("internal")
    source = f"http://127.0.0.1:{httpserver.port}/docs/scopes.html"  # the host of the link
    argv = ["build", "Acme Widgets", "--source", source,
            "--search", "catalog", "--render", "never", "--contracts-dir", str(tmp_path / "c"),
            "--evidence-dir", str(tmp_path / "e")]  # fmt: skip
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert info.value.code in (0, None), err
    assert "widgets.read" in out
    assert other_port.log == []
