"""One extraction's memo: computed once inside it, afresh outside, never kept after it."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from factory.extract.extraction_memo import extraction_memo, remembered


def _counter() -> tuple[list[int], Callable[[], int]]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_value_is_computed_once_inside_a_memo_and_every_time_outside() -> None:
    calls, compute = _counter()
    assert remembered("k", compute) == 1
    assert remembered("k", compute) == 2
    with extraction_memo():
        assert remembered("k", compute) == 3
        assert remembered("k", compute) == 3
    with extraction_memo():  # a new extraction: nothing kept from the last
        assert remembered("k", compute) == 4
    assert len(calls) == 4


def test_a_failure_is_not_remembered() -> None:
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("first time")
        return "ok"

    with extraction_memo():
        with pytest.raises(ValueError):
            remembered("k", flaky)
        assert remembered("k", flaky) == "ok"


def test_threads_keep_their_own_memo() -> None:
    seen: list[str] = []
    barrier = threading.Barrier(2)

    def run(name: str) -> None:
        with extraction_memo():
            remembered("page", lambda: name)
            barrier.wait()  # both memos are open at once
            seen.append(remembered("page", lambda: "other"))

    threads = [threading.Thread(target=run, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == ["a", "b"]
