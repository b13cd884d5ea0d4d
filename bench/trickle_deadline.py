"""Benchmark: how long a build waits on a server that trickles one byte every few seconds.

A raw TCP server on 127.0.0.1 (started here, no internet) promises 100 000 bytes and sends
one every ``GAP`` seconds, so no single read ever times out (the per-read timeout is 20 s).
``connector-factory build --source URL`` runs in a subprocess with the default deadlines and
with the given ``--document-deadline``/``--build-deadline`` values, side by side; each row
prints the time to the failure (interpreter start-up included), the fetch time the error
reports, the exit code and whether the error names the URL. Goal: with the defaults, the
build fails within 120 s.

Run: ``uv run python bench/trickle_deadline.py [--gap 3] [--quick]``
(``--quick`` skips the default-deadline row, which takes about a minute).
"""

from __future__ import annotations

import argparse
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

LIMIT = 120.0
CLI = "import sys; from factory.cli import main; main(sys.argv[1:])"


def trickle_server(gap: float) -> tuple[str, threading.Event]:
    """Start the server; return its URL and the event that stops it."""
    stop = threading.Event()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)

    def serve_one(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            conn.sendall(b"Content-Length: 100000\r\n\r\n")
            while not stop.wait(gap):
                try:
                    conn.sendall(b"<")
                except OSError:
                    return

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()
        server.close()

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{server.getsockname()[1]}/slow", stop


def run_build(url: str, options: list[str]) -> tuple[float, int, str]:
    """Run ``build`` in a subprocess; return seconds to exit, exit code and stderr."""
    with tempfile.TemporaryDirectory() as work:
        command = [
            sys.executable, "-c", CLI, "build", "Trickle Docs", "--source", url,
            "--contracts-dir", f"{work}/c", "--evidence-dir", f"{work}/e", *options,
        ]  # fmt: skip
        began = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        return time.monotonic() - began, done.returncode, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gap", type=float, default=3.0, help="seconds between two bytes")
    parser.add_argument("--quick", action="store_true", help="skip the default deadlines")
    args = parser.parse_args()
    url, stop = trickle_server(args.gap)
    rows = [("--document-deadline 5 --build-deadline 30", ["--document-deadline", "5",
             "--build-deadline", "30"])]  # fmt: skip
    if not args.quick:
        rows.insert(0, ("defaults (60 s per document, 100 s per build)", []))
    print(f"server: 1 byte every {args.gap:g} s at {url}; limit {LIMIT:g} s")
    print(f"{'deadlines':48} {'seconds':>8} {'fetch s':>8} {'exit':>5} {'names URL':>10}")
    try:
        for label, options in rows:
            seconds, code, err = run_build(url, options)
            given = re.search(r"gave up after ([0-9.]+)s", err)
            fetch = given.group(1) if given else "-"
            print(f"{label:48} {seconds:8.1f} {fetch:>8} {code:5d} {url in err!s:>10}")
            if not options:
                print(
                    f"defaults within {LIMIT:g} s: {seconds < LIMIT} ({seconds / LIMIT:.2f} of it)"
                )
    finally:
        stop.set()


if __name__ == "__main__":
    main()
