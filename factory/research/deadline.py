"""The research deadline: computed once when a session starts, checked by every stage.

It counts the time spent inside the session's steps (:class:`StepClock`): ``build`` runs them
back to back, so that is its wall time; in the notebook a researcher's pause between two
cells does not count against it.

``FetchSettings.total_deadline`` (``--build-deadline``) bounds the whole research: search,
fetch, rendering, link following, extraction and the table. The fetch and the browser get
what is :meth:`Deadline.left`; extraction and the table call :meth:`Deadline.check` between
units of work, so a document that is slow to read stops the research at the next document
with a message naming the stage and the document, not at some later point.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from factory.errors import ResearchError


@dataclass(frozen=True, slots=True)
class Deadline:
    """``seconds`` from ``started`` (a ``clock()`` reading); ``label`` names whose it is."""

    seconds: float
    label: str = "the build"
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    started: float = field(default=-1.0)

    def __post_init__(self) -> None:
        if self.started < 0:
            object.__setattr__(self, "started", self.clock())

    def spent(self) -> float:
        """Seconds since the start."""
        return self.clock() - self.started

    def left(self) -> float:
        """Seconds still allowed (never below a millisecond, so a limit is never zero)."""
        return max(self.seconds - self.spent(), 0.001)

    def passed(self) -> bool:
        """Whether the deadline has passed."""
        return self.spent() >= self.seconds

    def check(self, where: str) -> None:
        """Raise when the deadline has passed.

        Raises:
            ResearchError: naming ``where`` (the stage and the unit of work not started).
        """
        if self.passed():
            raise ResearchError(
                f"the build deadline of {self.seconds:g}s passed after {self.spent():.1f}s, "
                f"in {where}; raise it with --build-deadline"
            )


class StepClock:
    """A clock that runs only while a step runs (steps may nest; the outermost counts)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._spent = 0.0
        self._entered = 0.0
        self._depth = 0

    def __call__(self) -> float:
        running = self._clock() - self._entered if self._depth else 0.0
        return self._spent + running

    @contextmanager
    def running(self) -> Iterator[None]:
        """Count the time of the ``with`` block."""
        if self._depth == 0:
            self._entered = self._clock()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._spent += self._clock() - self._entered
