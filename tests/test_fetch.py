"""Fetching over loopback: fault injection, limits, charset, and the private-address guard."""

from __future__ import annotations

import asyncio
import hashlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factory.errors import FetchError
from factory.research.fetch import (
    USER_AGENT,
    FetchRequest,
    FetchSettings,
    detect_encoding,
    fetch_documents,
    read_local_source,
)

FAST = FetchSettings(timeout=2.0, backoff=0.01)


class SleepRecorder:
    """Stands in for asyncio.sleep: records the waits, sleeps not at all."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def fetch(urls: list[str], *, trusted: bool = True, **kwargs: object):  # type: ignore[no-untyped-def]
    kwargs.setdefault("settings", FAST)
    return fetch_documents([FetchRequest(u, trusted=trusted) for u in urls], **kwargs)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], str]]:
    """A one-shot TCP server on loopback running ``handler(conn)`` per connection."""
    sockets: list[socket.socket] = []
    stop = threading.Event()

    def start(handler: Callable[[socket.socket], None]) -> str:
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.2)
        sockets.append(server)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = server.accept()
                except (TimeoutError, OSError):
                    continue
                with conn:
                    conn.recv(65536)
                    handler(conn)

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{server.getsockname()[1]}/page"

    yield start
    stop.set()
    for server in sockets:
        server.close()


def test_fetches_a_page_with_user_agent_and_sha(httpserver: HTTPServer) -> None:
    body = "<html><body><h1>Scopes</h1></body></html>"
    httpserver.expect_request("/scopes", headers={"User-Agent": USER_AGENT}).respond_with_data(
        body, content_type="text/html; charset=utf-8"
    )
    outcome = fetch([httpserver.url_for("/scopes")])
    assert outcome.errors == ()
    (doc,) = outcome.documents
    assert doc.status == 200
    assert doc.media_type == "text/html"
    assert doc.encoding == "utf-8"
    assert doc.sha256 == hashlib.sha256(body.encode()).hexdigest()
    assert doc.text() == body


def test_timeout_becomes_fetch_error(raw_server) -> None:  # type: ignore[no-untyped-def]
    url = raw_server(lambda conn: time.sleep(1.5))
    outcome = fetch([url], settings=FetchSettings(timeout=0.3))
    assert outcome.documents == ()
    (error,) = outcome.errors
    assert error.url == url
    assert "timed out after 0.3s" in str(error)


def test_connection_reset_becomes_fetch_error(raw_server) -> None:  # type: ignore[no-untyped-def]
    def reset(conn: socket.socket) -> None:
        # SO_LINGER with a zero timeout makes close() send a TCP RST.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    url = raw_server(reset)
    (error,) = fetch([url]).errors
    assert error.url == url
    assert "connection" in error.reason


def test_truncated_body_becomes_fetch_error(raw_server) -> None:  # type: ignore[no-untyped-def]
    def truncate(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n"
            b"Connection: close\r\n\r\n<html>only a little"
        )

    url = raw_server(truncate)
    outcome = fetch([url])
    assert outcome.documents == ()
    assert "truncated" in outcome.errors[0].reason


def test_429_with_retry_after_is_honoured(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3"}
    )
    httpserver.expect_ordered_request("/busy").respond_with_data("ok", content_type="text/plain")
    sleeper = SleepRecorder()
    outcome = fetch([httpserver.url_for("/busy")], sleep=sleeper)
    assert [d.body for d in outcome.documents] == [b"ok"]
    assert sleeper.waits == [3.0]


def test_retry_after_is_bounded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    sleeper = SleepRecorder()
    outcome = fetch([httpserver.url_for("/busy")], sleep=sleeper)
    assert sleeper.waits == [10.0, 10.0]  # capped; three tries, two waits
    (error,) = outcome.errors
    assert error.status == 429
    assert "all 3 tries" in error.reason


def test_500_then_success_recovers(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/flaky").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_data("fine", content_type="text/plain")
    sleeper = SleepRecorder()
    outcome = fetch([httpserver.url_for("/flaky")], sleep=sleeper)
    assert outcome.errors == ()
    assert outcome.documents[0].body == b"fine"
    assert sleeper.waits == [0.01]


def test_404_is_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    sleeper = SleepRecorder()
    (error,) = fetch([httpserver.url_for("/missing")], sleep=sleeper).errors
    assert error.status == 404
    assert sleeper.waits == []


def test_redirect_loop_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    (error,) = fetch([httpserver.url_for("/a")]).errors
    assert "redirect loop" in error.reason


def test_redirects_followed_up_to_five(httpserver: HTTPServer) -> None:
    for i in range(7):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=301, headers={"Location": f"/r{i + 1}"}
        )
    httpserver.expect_request("/r3-end").respond_with_data("x")
    (error,) = fetch([httpserver.url_for("/r0")]).errors
    assert "more than 5 redirects" in error.reason
    httpserver.expect_request("/go").respond_with_data(
        "", status=308, headers={"Location": "/landed"}
    )
    httpserver.expect_request("/landed").respond_with_data("here", content_type="text/plain")
    (doc,) = fetch([httpserver.url_for("/go")]).documents
    assert doc.url.endswith("/go")
    assert doc.final_url.endswith("/landed")


def test_oversize_body_is_cut(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data("x" * 5000)

    def streamed(_request: Request) -> Response:
        return Response((b"y" * 1000 for _ in range(5)), content_type="text/plain")

    httpserver.expect_request("/stream").respond_with_handler(streamed)
    small = FetchSettings(max_bytes=1000, backoff=0.01)
    outcome = fetch([httpserver.url_for("/big"), httpserver.url_for("/stream")], settings=small)
    assert outcome.documents == ()
    assert all("body exceeds 1000 bytes" in e.reason for e in outcome.errors)
    assert len(outcome.errors) == 2


def test_wrong_charset_label_is_corrected(httpserver: HTTPServer) -> None:
    text = "<html><body>Café – accès complet</body></html>"
    httpserver.expect_request("/utf8").respond_with_data(
        text.encode("utf-8"), content_type="text/html; charset=iso-8859-1"
    )
    latin = '<html><head><meta charset="iso-8859-1"></head><body>Café</body></html>'
    httpserver.expect_request("/latin").respond_with_data(
        latin.encode("latin-1"), content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/bogus").respond_with_data(
        b"plain ascii", content_type="text/plain; charset=no-such-charset"
    )
    docs = {
        d.url.rsplit("/", 1)[1]: d
        for d in fetch([httpserver.url_for(p) for p in ("/utf8", "/latin", "/bogus")]).documents
    }
    assert docs["utf8"].encoding == "utf-8"
    assert "accès complet" in docs["utf8"].text()
    assert docs["latin"].encoding == "iso8859-1"
    assert "Café" in docs["latin"].text()
    assert docs["bogus"].encoding == "utf-8"


def test_html_sent_as_json_is_relabelled(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api.json").respond_with_data(
        "<!DOCTYPE html><html><body>Sign in</body></html>", content_type="application/json"
    )
    httpserver.expect_request("/real.json").respond_with_data(
        '{"scopes": []}', content_type="application/json"
    )
    docs = fetch([httpserver.url_for("/api.json"), httpserver.url_for("/real.json")]).documents
    assert [d.media_type for d in docs] == ["text/html", "application/json"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/x",
        "http://localhost:{port}/x",
        "http://10.1.2.3/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:{port}/x",
        "ftp://example.org/x",
    ],
)
def test_private_addresses_refused_for_untrusted(httpserver: HTTPServer, url: str) -> None:
    httpserver.expect_request("/x").respond_with_data("secret")
    target = url.format(port=httpserver.port)
    outcome = fetch([target], trusted=False)
    assert outcome.documents == ()
    (error,) = outcome.errors
    assert error.reason.startswith(("refused", "only http(s)"))
    assert len(httpserver.log) == 0  # refused before any request


def test_untrusted_redirect_to_private_is_refused() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/admin"})

    # A literal public address needs no DNS; the mock transport keeps it off the network.
    outcome = fetch(
        ["http://93.184.216.34/docs"], trusted=False, transport=httpx.MockTransport(handler)
    )
    (error,) = outcome.errors
    assert "127.0.0.1 is a loopback address" in error.reason
    assert asked == ["http://93.184.216.34/docs"]  # the private hop was never requested


def test_one_failure_never_loses_the_others(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok1").respond_with_data("one")
    httpserver.expect_request("/bad").respond_with_data("no", status=410)
    httpserver.expect_request("/ok2").respond_with_data("two")
    seen: list[tuple[int, int]] = []
    urls = [httpserver.url_for(p) for p in ("/ok1", "/bad", "/ok2", "/ok1")]
    outcome = fetch(urls, on_progress=lambda done, total, _url: seen.append((done, total)))
    assert [d.body for d in outcome.documents] == [b"one", b"two"]
    assert [e.status for e in outcome.errors] == [410]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_fetch_documents_works_inside_a_running_loop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/nb").respond_with_data("kernel")

    async def in_loop() -> bytes:
        return fetch([httpserver.url_for("/nb")]).documents[0].body

    assert asyncio.run(in_loop()) == b"kernel"


def test_read_local_source(tmp_path: Path) -> None:
    page = tmp_path / "scopes.md"
    page.write_text("# Scopes\n\n- `read_ads`: Read ads.\n", encoding="utf-8")
    doc = read_local_source(page)
    assert doc.url == str(page)  # as given, not a file:// URI of this machine
    assert doc.media_type == "text/markdown"
    assert doc.sha256 == hashlib.sha256(page.read_bytes()).hexdigest()
    with pytest.raises(FetchError, match="no such file"):
        read_local_source(tmp_path / "missing.html")


@pytest.mark.parametrize(
    ("name", "media"),
    [("scopes.rs", "text/x-rust"), ("scopes.ts", "application/typescript")],
)
def test_a_local_program_source_is_no_video_or_xml(tmp_path: Path, name: str, media: str) -> None:
    # mimetypes says application/rls-services+xml and video/mp2t: the evidence would lie
    (tmp_path / name).write_text('pub const A: &str = "a:read";\n', encoding="utf-8")
    assert read_local_source(tmp_path / name).media_type == media


def test_detect_encoding_prefers_valid_declaration() -> None:
    assert detect_encoding("é".encode("cp1252"), "text/html; charset=windows-1252") == "cp1252"
    assert detect_encoding(b"\xff\xfe\x00", "") is None
