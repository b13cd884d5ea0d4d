"""Per-host slots shared by every build of a batch: taken per request, given back once."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from factory.research.host_limits import HostLimitedTransport, HostLimits


def test_slots_are_counted_per_host() -> None:
    limits = HostLimits(2)
    assert limits.try_acquire("a:80") and limits.try_acquire("a:80")
    assert not limits.try_acquire("a:80")
    assert limits.try_acquire("b:80")  # another host has its own slots
    limits.release("a:80")
    assert limits.try_acquire("a:80")
    assert limits.peak == {"a:80": 2, "b:80": 1}
    with pytest.raises(ValueError, match="at least 1"):
        HostLimits(0)


def test_a_response_holds_its_slot_until_closed_and_an_error_gives_it_back() -> None:
    limits = HostLimits(1)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/boom":
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, content=b"body")

    async def scenario() -> None:
        transport = HostLimitedTransport(limits, httpx.MockTransport(answer))
        async with httpx.AsyncClient(transport=transport) as client:
            async with client.stream("GET", "http://docs.test/a") as response:
                assert not limits.try_acquire("docs.test:http")  # held while the body is open
                waiting = asyncio.create_task(client.get("http://docs.test/b"))
                await asyncio.sleep(0.05)
                assert not waiting.done()  # the second request waits for the slot
                assert await response.aread() == b"body"
            assert (await waiting).content == b"body"
            with pytest.raises(httpx.ConnectError):
                await client.get("http://docs.test/boom")
        assert limits.try_acquire("docs.test:http")  # every slot came back

    asyncio.run(scenario())
    assert limits.peak["docs.test:http"] == 1
