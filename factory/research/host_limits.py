"""Per-host fetch limits shared by many builds running at once (``batch``).

Each ``build`` fetches with its own event loop and client, and its fetch run limits each host
to ``FetchSettings.per_host`` requests; that limit knows nothing of the other builds. A batch
of providers on one documentation host would multiply it. :class:`HostLimits` holds one
thread-safe slot counter per host for the whole batch, and :class:`HostLimitedTransport` (one
per build, wrapping that build's own ``httpx.AsyncHTTPTransport``) takes a slot before each
request and gives it back when the response body is closed. Waiting polls without blocking the
build's loop, so a cancelled fetch never keeps a slot.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable

import httpx

POLL_FIRST = 0.002  # seconds; doubled up to POLL_MAX while a host is full
POLL_MAX = 0.05


class HostLimits:
    """At most ``per_host`` requests in flight to each host, across every thread."""

    def __init__(self, per_host: int) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.per_host = per_host
        self._lock = threading.Lock()
        self._active: dict[str, int] = {}
        self.peak: dict[str, int] = {}  # the most requests seen in flight, per host

    def try_acquire(self, host: str) -> bool:
        """Take a slot for ``host`` if one is free."""
        with self._lock:
            active = self._active.get(host, 0)
            if active >= self.per_host:
                return False
            self._active[host] = active + 1
            self.peak[host] = max(self.peak.get(host, 0), active + 1)
            return True

    def release(self, host: str) -> None:
        """Give a slot back."""
        with self._lock:
            self._active[host] = max(0, self._active.get(host, 0) - 1)

    async def acquire(self, host: str) -> None:
        """Wait (without blocking the loop) until a slot for ``host`` is free, then take it."""
        delay = POLL_FIRST
        while not self.try_acquire(host):
            await asyncio.sleep(delay)
            delay = min(delay * 2, POLL_MAX)


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that gives its host slot back once, when closed."""

    def __init__(self, inner: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._inner = inner
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            if self._release is not None:
                self._release()
                self._release = None


class HostLimitedTransport(httpx.AsyncBaseTransport):
    """A build's transport that takes a shared per-host slot for every request."""

    def __init__(self, limits: HostLimits, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.limits = limits
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = f"{request.url.host}:{request.url.port or request.url.scheme}".lower()
        await self.limits.acquire(host)
        try:
            response = await self._inner.handle_async_request(request)
        except BaseException:
            self.limits.release(host)
            raise
        stream = response.stream
        if not isinstance(stream, httpx.AsyncByteStream):  # pragma: no cover - httpx contract
            self.limits.release(host)
            return response
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_ReleasingStream(stream, lambda: self.limits.release(host)),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()
