"""The recorded loopback "web" of ``tests/fixtures/web`` and a SearXNG-like search backend.

:class:`LoopWeb` serves the fixture files on 127.0.0.1 (``{base}`` in a file becomes the
server's base URL), answers ``/loopweb/old-scopes.html`` with 404 (a page gone from its old home),
redirects ``/loopweb/reporting-scopes.html`` to its new home, and
answers ``/search?q=...&format=json`` like a SearXNG instance: the moved page's new home and
a third-party lead. Threaded, so a page that keeps polling never blocks the others. Used by
the tests and by ``bench/live_research.py``; it never touches the internet.
"""

from __future__ import annotations

import json
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
MOVED = "/loopweb/old-scopes.html"
REDIRECTED = "/loopweb/reporting-scopes.html"
NEW_HOME = "/loopweb/scopes-v2.html"
LEAD = "https://partner.example.net/loopweb-oauth-scopes"


class LoopWeb:
    """A running loopback web; use as a context manager."""

    def __init__(self, root: Path = WEB) -> None:
        self.root = root
        self.requests: list[str] = []
        self.searches: list[str] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                web.requests.append(self.path)
                status, body, kind = web.answer(self.path)
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", body.decode())
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        """The absolute URL of a path on this web."""
        return self.base + path

    def answer(self, raw_path: str) -> tuple[int, bytes, str]:
        """``(status, body, content type)`` for a request path."""
        parts = urlsplit(raw_path)
        if parts.path == "/search":
            query = parse_qs(parts.query).get("q", [""])[0]
            self.searches.append(query)
            results = [
                {"url": self.url(NEW_HOME), "title": "OAuth scopes - Loopweb Ads"},
                {"url": LEAD, "title": "Loopweb OAuth scopes explained (blog)"},
            ]
            return (
                200,
                json.dumps({"query": query, "results": results}).encode(),
                "application/json",
            )
        if parts.path == "/loopweb/app/hop":  # a same-host request redirected to a private host
            return 302, b"http://10.255.0.2/hop", "text/plain"
        if parts.path == REDIRECTED:  # a page that moved with a redirect
            return 301, b"/loopweb/permissions/reporting.html", "text/plain"
        if parts.path == MOVED:
            return 404, b"<h1>Not found</h1>", "text/html"
        file = (self.root / parts.path.lstrip("/")).resolve()
        if self.root not in file.parents or not file.is_file():
            return 404, b"not found", "text/plain"
        body = file.read_bytes().replace(b"{base}", self.base.encode())
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("json", "javascript")):
            kind += "; charset=utf-8"
        return 200, body, kind

    def catalog(self, folder: Path) -> Path:
        """Write the fixture catalog with this web's base URL into ``folder``."""
        text = (self.root / "catalog.yaml").read_text(encoding="utf-8")
        path = folder / "catalog.yaml"
        path.write_text(text.replace("{base}", self.base), encoding="utf-8")
        return path

    def __enter__(self) -> LoopWeb:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
