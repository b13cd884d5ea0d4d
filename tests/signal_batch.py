"""Signal a ``batch`` process while one of its builds is known to be running.

The build's page is held by the loopback web (``LoopbackWeb.hold``); the signal is sent once
the request has arrived, and the page is let go only once ``batch`` says it heard the signal,
so no timing decides the outcome.
"""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Callable, Sequence
from typing import Any


def signal_mid_build(
    argv: Sequence[str],
    held: Any,
    signum: signal.Signals,
    heard_line: str,
    *,
    preexec_fn: Callable[[], Any] | None = None,
) -> tuple[bool, int, str]:
    """(whether ``heard_line`` was printed, the exit code, all of stderr)."""
    process = subprocess.Popen(
        list(argv),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec_fn,
    )
    lines: list[str] = []
    heard = threading.Event()

    def read_err() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if heard_line in line:
                heard.set()

    reader = threading.Thread(target=read_err, daemon=True)
    reader.start()
    assert held.arrived.wait(300), "".join(lines)  # the held build is mid-fetch
    process.send_signal(signum)
    acknowledged = heard.wait(60)
    held.release.set()
    process.wait(timeout=120)
    reader.join(timeout=10)
    assert process.stderr is not None
    process.stderr.close()
    return acknowledged, process.returncode, "".join(lines)
