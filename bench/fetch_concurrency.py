"""Benchmark: 20 documents, 200 ms latency each, fetched concurrently vs sequentially.

A threaded HTTP server on 127.0.0.1 (started here, no internet) answers every GET after a
200 ms sleep. ``fetch_all`` fetches the 20 URLs once with concurrency 20 (and 20 per host)
and once with concurrency 1. Goal: the concurrent run under 2x one latency (0.4 s).

Run: ``uv run python bench/fetch_concurrency.py``
"""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from factory.research.fetch import FetchRequest, FetchSettings, fetch_all

DOCUMENTS = 20
LATENCY = 0.2


class SlowHandler(BaseHTTPRequestHandler):
    """Answers every GET with a small HTML page after ``LATENCY`` seconds."""

    def do_GET(self) -> None:
        time.sleep(LATENCY)
        body = f"<html><body><h1>{self.path}</h1></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request log lines."""


async def timed(urls: list[str], concurrency: int) -> float:
    """Seconds ``fetch_all`` takes for ``urls`` at ``concurrency`` (overall and per host)."""
    settings = FetchSettings(concurrency=concurrency, per_host=concurrency)
    requests = [FetchRequest(u, trusted=True) for u in urls]  # loopback: trusted on purpose
    start = time.perf_counter()
    outcome = await fetch_all(requests, settings=settings)
    elapsed = time.perf_counter() - start
    if outcome.errors or len(outcome.documents) != len(urls):
        raise SystemExit(f"fetch failed: {[str(e) for e in outcome.errors]}")
    return elapsed


class BenchServer(ThreadingHTTPServer):
    """A threaded server whose listen backlog holds every concurrent connection.

    The stdlib default backlog (5) drops the surplus SYNs and the client retries them a
    second later, which would measure the kernel's retry timer instead of the fetcher.
    """

    request_queue_size = 64


def main() -> None:
    """Run both measurements and print the times and their ratio."""
    server = BenchServer(("127.0.0.1", 0), SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    urls = [f"http://127.0.0.1:{port}/doc/{i}" for i in range(DOCUMENTS)]
    try:
        asyncio.run(timed(urls[:2], 2))  # warm-up: imports, first connections
        concurrent = asyncio.run(timed(urls, DOCUMENTS))
        sequential = asyncio.run(timed(urls, 1))
    finally:
        server.shutdown()
    print(f"documents: {DOCUMENTS}, latency each: {LATENCY * 1000:.0f} ms")
    print(f"concurrent (20): {concurrent:.3f} s")
    print(f"sequential (1):  {sequential:.3f} s")
    print(f"speed-up: {sequential / concurrent:.1f}x")
    goal = 2 * LATENCY
    verdict = "met" if concurrent < goal else "missed"
    print(f"goal concurrent < {goal:.1f} s (2x one latency): {verdict}")


if __name__ == "__main__":
    main()
