"""A loopback "web" of the project's own for the fleet: provider pages on 127.0.0.N servers.

Each provider gets one HTML page (a "Current scopes" table and a "Legacy scopes (v1,
deprecated)" table) on one of a few loopback hosts (127.0.0.1, 127.0.0.2 ...; Linux routes the
whole 127/8 to loopback), so per-host limits matter as they do on real documentation hosts.
Every answer waits ``latency`` seconds first, standing in for the network. Pages can be
changed between runs (:meth:`LoopbackWeb.set_page`) to show what ``diff`` finds, or held
(:meth:`LoopbackWeb.hold`) so a test knows a build is in the middle of its fetch. Used by
``bench/fleet.py`` and by the fleet tests; nothing here touches the internet.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

Scope = tuple[str, str]  # (name, description)


def synthetic_scopes(index: int, count: int = 8) -> list[Scope]:
    """``count`` distinct scopes for provider number ``index`` (stable across runs)."""
    resources = ("campaigns", "reports", "audiences", "billing", "users", "files", "events")
    scopes = []
    for k in range(count):
        resource = resources[k % len(resources)]
        access = "read" if k % 2 == 0 else "write"
        name = f"p{index}.{resource}{k // len(resources) or ''}.{access}"
        verb = "Read" if access == "read" else "Create, edit and delete"
        scopes.append((name, f"{verb} the {resource} of the accounts you can access ({k})."))
    return scopes


FILLER = (
    "<p>Apps call the API on behalf of a user after the user grants access. Tokens expire; "
    "refresh them with the refresh token. Rate limits apply per app and per user.</p>\n"
)


def provider_page(
    title: str, current: Sequence[Scope], legacy: Sequence[Scope] = (), filler_kb: int = 0
) -> bytes:
    """An HTML scope reference: the current table, then the legacy one when there is one,
    padded with ``filler_kb`` KiB of prose (real reference pages are mostly prose)."""

    def table(rows: Sequence[Scope]) -> str:
        body = "".join(
            f"<tr><td><code>{html.escape(n)}</code></td><td>{html.escape(d)}</td></tr>\n"
            for n, d in rows
        )
        head = "<thead><tr><th>Scope</th><th>Description</th></tr></thead>"
        return f"<table>{head}<tbody>\n{body}</tbody></table>\n"

    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}"
        f" OAuth scopes</title></head><body><main><h1>{html.escape(title)} OAuth scopes</h1>",
        "<p>The API uses OAuth 2.0; request only the scopes your app needs.</p>",
        FILLER * (filler_kb * 1024 // len(FILLER)),
        "<h2>Current scopes (v2)</h2>",
        table(current),
    ]
    if legacy:
        parts += ["<h2>Legacy scopes (v1, deprecated)</h2>", table(legacy)]
    parts.append("</main></body></html>\n")
    return "".join(parts).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: _Host

    def do_GET(self) -> None:
        time.sleep(self.server.web.latency)
        hold = self.server.web.holds.get((self.server.address, self.path))
        if hold is not None:
            hold.arrived.set()
            hold.release.wait(hold.limit)
        body = self.server.web.pages.get((self.server.address, self.path))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request log lines."""


class _Host(ThreadingHTTPServer):
    request_queue_size = 128  # the default (5) drops SYNs under load: we'd time kernel retries
    daemon_threads = True

    def __init__(self, address: str, web: LoopbackWeb) -> None:
        super().__init__((address, 0), _Handler)
        self.address = address
        self.web = web


@dataclass(frozen=True)
class Hold:
    """A page whose answers wait for ``release`` (at most ``limit`` s); ``arrived`` is set
    when a request for it comes in, so a test knows that provider's build is running."""

    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    limit: float = 120.0


@dataclass
class LoopbackWeb:
    """Provider pages spread over ``hosts`` loopback servers, each answer after ``latency`` s."""

    hosts: int = 4
    latency: float = 0.0
    filler_kb: int = 0
    pages: dict[tuple[str, str], bytes] = field(default_factory=dict)
    holds: dict[tuple[str, str], Hold] = field(default_factory=dict)
    _servers: list[_Host] = field(default_factory=list)
    _homes: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (address, path)

    def __enter__(self) -> LoopbackWeb:
        for n in range(self.hosts):
            server = _Host(f"127.0.0.{n + 1}", self)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def __exit__(self, *exc: object) -> None:
        for held in self.holds.values():
            held.release.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def set_page(self, name: str, current: Sequence[Scope], legacy: Sequence[Scope] = ()) -> str:
        """Publish (or replace) a provider's page; returns its URL."""
        if name not in self._homes:
            slot = len(self._homes) % len(self._servers)
            path = f"/{len(self._homes)}/scopes.html"
            self._homes[name] = (self._servers[slot].address, path)
        address, path = self._homes[name]
        self.pages[(address, path)] = provider_page(name, current, legacy, self.filler_kb)
        return self.url(name)

    def hold(self, name: str) -> Hold:
        """Hold a published provider page's answers until the returned hold is released."""
        held = self.holds[self._homes[name]] = Hold()
        return held

    def url(self, name: str) -> str:
        """A provider's page URL."""
        address, path = self._homes[name]
        port = next(s.server_address[1] for s in self._servers if s.address == address)
        return f"http://{address}:{port}{path}"

    def write_sources(self, path: Path) -> Path:
        """The ``--sources-file`` naming every provider's page."""
        data = {name: [self.url(name)] for name in self._homes}
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path
