"""SIGTERM is honoured while builds run even when the OS hands it to a worker thread.

POSIX delivers a process's signal to any thread that does not block it; Python runs the
handler on the main thread only, so the fleet's main thread must not sleep in one untimed
wait. The build here sends SIGTERM to its own (worker) thread, then waits for the stop the
handler sets: with an untimed wait the handler ran only after every build had ended.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmods import load_bench

from factory.cli.batch_cmd import TERMINATING, _sigterm_stops
from factory.fleet.batch import SIGNAL_POLL, FleetOptions, run_fleet
from factory.options import ResearchOptions
from factory.research.pipeline import build

NAMES = ("Signal Alpha", "Signal Bravo", "Signal Charlie")
fleet_web = load_bench("fleet_web")
pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="POSIX only")


@pytest.fixture
def web() -> Iterator[Any]:
    with fleet_web.LoopbackWeb(hosts=1) as site:
        for index, name in enumerate(NAMES):
            site.set_page(name, fleet_web.synthetic_scopes(index, 3))
        yield site


def test_sigterm_caught_on_a_worker_thread_stops_the_fleet_while_a_build_runs(
    tmp_path: Path, web: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    stop = threading.Event()
    heard: list[bool] = []

    def signalled(name: str, **kwargs: Any) -> Any:
        if name == NAMES[0]:
            signal.pthread_kill(threading.get_ident(), signal.SIGTERM)  # to this worker only
            heard.append(stop.wait(50 * SIGNAL_POLL))  # the handler runs while this build does
        return build(name, **kwargs)

    dirs = ResearchOptions(contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e")
    options = FleetOptions(sources={n: [web.url(n)] for n in NAMES}, concurrency=1, research=dirs)
    with _sigterm_stops(stop) as terminated:
        report = run_fleet(NAMES, options, stop=stop, build_fn=signalled)
    assert heard == [True]  # before: False, the handler ran after the last build
    assert terminated and report.interrupted
    assert [r.status for r in report.rows] == ["ok", "interrupted", "interrupted"]
    assert TERMINATING in capfd.readouterr().err
