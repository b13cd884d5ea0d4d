"""What one ``extract_document`` call computes once for all its readers.

The structured reader and the harvester read the same document: a spec's parse, or the scan
of an HTML page for its highlighting spans, serves both. The memo lives only for one call
(a context variable: each thread and each call has its own), so nothing is kept between
documents; outside a call every question is answered afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["extraction_memo", "remembered"]

_T = TypeVar("_T")
_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("extraction_memo", default=None)


@contextmanager
def extraction_memo() -> Iterator[None]:
    """A fresh memo for the readers of one document, dropped when the block ends."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def remembered(key: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()``, computed once per ``key`` within one memo (every time outside one).

    A computation that raises is not remembered: the next reader asks again.
    """
    memo = _MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]
