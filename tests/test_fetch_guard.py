"""Deadlines on every fetch and the private-address guard on every hop, on loopback only."""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from benchmods import load_bench
from pytest_httpserver import HTTPServer

from factory.cli import main
from factory.research import fetch as fetch_module
from factory.research.fetch import FetchRequest, FetchSettings, fetch_documents

Handler = Callable[[socket.socket], None]


@pytest.fixture()
def trickle_server() -> Iterator[Callable[[float], str]]:
    """A loopback server that promises a body and sends one byte every ``gap`` seconds."""
    stops: list[threading.Event] = []

    def start(gap: float) -> str:
        url, stop = load_bench("trickle_deadline").trickle_server(gap)
        stops.append(stop)
        return url

    yield start
    for stop in stops:
        stop.set()


def test_a_trickling_server_hits_the_document_deadline(trickle_server) -> None:  # type: ignore[no-untyped-def]
    url = trickle_server(0.2)
    settings = FetchSettings(document_deadline=1.0, timeout=5.0)
    began = time.monotonic()
    outcome = fetch_documents([FetchRequest(url, trusted=True)], settings=settings)
    spent = time.monotonic() - began
    (error,) = outcome.errors
    assert url in str(error)
    said = re.search(r"gave up after (\d+\.\d)s", error.reason)  # more when loaded
    assert said and 1.0 <= float(said.group(1)) < 10 and "document deadline" in error.reason
    assert 0.9 < spent < 3.0  # the per-read timeout (5 s) never fired


def test_the_run_deadline_bounds_every_document(trickle_server) -> None:  # type: ignore[no-untyped-def]
    urls = [trickle_server(0.2) + "?a", trickle_server(0.2) + "?b"]
    settings = FetchSettings(document_deadline=30.0, total_deadline=1.0, timeout=5.0)
    began = time.monotonic()
    outcome = fetch_documents([FetchRequest(u, trusted=True) for u in urls], settings=settings)
    assert time.monotonic() - began < 3.0
    assert [e.url for e in outcome.errors] == urls
    assert all("deadline for all documents (1s) passed" in e.reason for e in outcome.errors)


def test_build_with_a_trickling_source_fails_naming_url_and_time(  # type: ignore[no-untyped-def]
    trickle_server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = trickle_server(0.3)
    began = time.monotonic()
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "Example Ads", "--source", url, "--document-deadline", "1",
              "--build-deadline", "60", "--contracts-dir", str(tmp_path / "c"),
              "--evidence-dir", str(tmp_path / "e")])  # fmt: skip
    assert exit_info.value.code == 1
    assert time.monotonic() - began < 30.0  # startup included; the fetch took 1 s
    err = capsys.readouterr().err
    spent = re.search(r"gave up after (\d+\.\d)s", err)  # 1.0 s, more on a loaded machine
    assert url in err and spent and 1.0 <= float(spent.group(1)) < 10
    assert not (tmp_path / "c").exists() and not (tmp_path / "e").exists()


def test_defaults_stop_a_trickle_within_two_minutes() -> None:
    # bench/trickle_deadline.py measures this against a real trickling server.
    settings = FetchSettings()
    assert settings.document_deadline <= settings.total_deadline < 120


def test_trusted_url_redirecting_to_another_private_host_is_refused(
    httpserver: HTTPServer,
) -> None:
    other = f"http://localhost:{httpserver.port}/inside"
    httpserver.expect_request("/start").respond_with_data("", 302, {"Location": other})
    httpserver.expect_request("/inside").respond_with_data("private")
    start = f"http://127.0.0.1:{httpserver.port}/start"  # the user gave 127.0.0.1
    outcome = fetch_documents([FetchRequest(start, trusted=True)])
    (error,) = outcome.errors
    assert "localhost" in error.reason or "loopback" in error.reason
    assert [r.path for r, _ in httpserver.log] == ["/start"]


def test_trusted_url_redirect_on_its_own_host_is_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data("", 301, {"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("moved")
    outcome = fetch_documents([FetchRequest(httpserver.url_for("/old"), trusted=True)])
    assert [d.body for d in outcome.documents] == [b"moved"]


def test_dns_rebinding_cannot_reach_a_private_address(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/x").respond_with_data("internal")
    answers = [["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]]

    async def rebinding(host: str, port: int) -> list[str]:
        return answers.pop(0)

    monkeypatch.setattr(fetch_module, "_resolve", rebinding)
    url = f"http://docs.rebind.test:{httpserver.port}/x"
    outcome = fetch_documents([FetchRequest(url)])
    (error,) = outcome.errors
    assert "127.0.0.1 is a loopback address" in error.reason
    assert len(httpserver.log) == 0


def test_the_connection_goes_to_the_checked_address(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/x").respond_with_data("pinned")
    looked_up: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return ["127.0.0.1"]

    # Pretend loopback is public: the name cannot resolve in tests (no DNS), so a fetch that
    # succeeds connected to the address the guard resolved and checked.
    monkeypatch.setattr(fetch_module, "_resolve", resolve)
    monkeypatch.setattr(fetch_module, "_blocked_reason", lambda a: ipaddress.ip_address(a) and None)
    outcome = fetch_documents([FetchRequest(f"http://docs.pinned.test:{httpserver.port}/x")])
    assert [d.body for d in outcome.documents] == [b"pinned"]
    assert looked_up == ["docs.pinned.test", "docs.pinned.test"]  # the hop check, the connect
