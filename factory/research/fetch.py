"""Fetch official documents: bounded, polite, and honest about every failure.

``fetch_all`` takes :class:`FetchRequest` objects and an ``httpx.AsyncClient`` (or a
transport to build one) and returns a :class:`FetchOutcome`: every document that arrived and a
:class:`~factory.errors.FetchError` for every one that did not. One failed page never loses the
others. Concurrency is bounded overall and per host; 429/5xx answers are retried with backoff
(``Retry-After`` honoured, bounded); redirects are followed by hand (at most 5, loops refused)
so that every hop passes the private-address guard (a user's URL is trusted on its own origin
only); the default transport resolves each host once and connects to exactly the address it
checked (:func:`guarded_transport`); bodies are streamed and cut at a size limit. Each
document has a total deadline and the run has one (:class:`FetchSettings`), so a server
that trickles bytes cannot hold a build for ever. ``read_local_source`` turns a
``--source FILE`` into a ``Document``.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import hashlib
import ipaddress
import mimetypes
import re
import socket
import threading
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from factory.errors import FetchError
from factory.media_types import MEDIA_TYPES
from factory.models import Document, bom_encoding
from factory.options import FetchSettings  # defined on the ground floor; imported from here too
from factory.research.origins import connect_key, origin

USER_AGENT = "connector-factory/0.1 (+research of official OAuth scope docs)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

Progress = Callable[[int, int, str], None]
Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One URL to fetch; ``trusted`` URLs (the user's ``--source``) skip the address guard
    while they stay on their own origin (host and port): a redirect or link elsewhere, the
    same host on another port included, is guarded like any URL."""

    url: str
    trusted: bool = False


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """Every document that arrived (request order) and every failure."""

    documents: tuple[Document, ...] = ()
    errors: tuple[FetchError, ...] = ()


def utc_now() -> datetime:
    """The current time in UTC (the default clock)."""
    return datetime.now(UTC)


def _blocked_reason(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    checks = (
        ("loopback", ip.is_loopback),
        ("private", ip.is_private),
        ("link-local", ip.is_link_local),
        ("reserved", ip.is_reserved),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
    )
    for label, hit in checks:
        if hit:
            return f"refused: {address} is a {label} address"
    return None


async def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (one look-up; tests replace it)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def public_address(host: str, port: int, url: str) -> str:
    """The address to connect to for ``host``: resolved once, every answer checked.

    Raises:
        FetchError: the host cannot be resolved, or any address it resolves to is private,
            loopback, link-local, reserved or multicast.
    """
    try:
        reason = _blocked_reason(host)
    except ValueError:  # a host name, not a literal address: resolve it
        try:
            addresses = await _resolve(host, port)
        except OSError as exc:
            raise FetchError(url, f"cannot resolve host {host!r} ({exc})") from exc
        reason = next((r for r in map(_blocked_reason, addresses) if r), None)
        if reason is None and addresses:
            return addresses[0]
        reason = reason or f"host {host!r} resolves to no address"
    if reason:
        raise FetchError(url, reason)
    return host


async def check_public_url(url: str) -> None:
    """Refuse a URL whose host is (or resolves to) a non-public address.

    Raises:
        FetchError: the scheme is not http(s), the host cannot be resolved, or any address
            it resolves to is private, loopback, link-local, reserved or multicast.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "only http(s) URLs with a host can be fetched")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    await public_address(parts.hostname, port, url)


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to public addresses, and to exactly the address it checked.

    A host name is resolved once, every answer is checked, and the connection goes to the
    checked address (TLS still verifies the host name), so a DNS answer that changes between
    the check and the connect (rebinding) cannot reach a private address. Hosts the user gave
    (``--source`` URLs) are trusted on their own port only; hosts vouched for as a whole
    (``$CONNECTOR_FACTORY_TRUSTED_HOSTS``) on every port.
    """

    def __init__(self, trusted: frozenset[str]) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._trusted = trusted  # bare hosts and "host:port" pairs

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        target = host
        if host.lower() not in self._trusted and f"{host.lower()}:{port}" not in self._trusted:
            try:
                target = await public_address(host, port, f"{host}:{port}")
            except FetchError as exc:
                raise httpcore.ConnectError(exc.reason) from exc
        return await self._inner.connect_tcp(
            target, port, timeout=timeout, local_address=local_address,
            socket_options=socket_options,
        )  # fmt: skip

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(trusted_hosts: Sequence[str] = ()) -> httpx.AsyncHTTPTransport:
    """httpx's transport with :class:`_GuardedBackend` under it (the default of ``fetch_all``).

    ``trusted_hosts`` are the origins of the user's own URLs (see :func:`origin`) and bare
    hosts vouched for as a whole, connected to without the guard.
    """
    transport = httpx.AsyncHTTPTransport()
    # httpx has no public hook for the network backend: swap the pool it built for one that
    # uses ours (same defaults otherwise).
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        network_backend=_GuardedBackend(frozenset(connect_key(t) for t in trusted_hosts)),
    )
    return transport


def _retry_wait(response: httpx.Response, attempt: int, settings: FetchSettings) -> float:
    """Seconds to wait before the next try: ``Retry-After`` if given, else exponential."""
    header = response.headers.get("retry-after", "").strip()
    wait = settings.backoff * (2 ** (attempt - 1))
    if header:
        try:
            wait = float(header)
        except ValueError:
            with contextlib.suppress(TypeError, ValueError):
                wait = (parsedate_to_datetime(header) - utc_now()).total_seconds()
    return max(0.0, min(wait, settings.max_wait))


def _charset_candidates(body: bytes, content_type: str) -> list[str]:
    found: list[str] = []
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            found.append(value.strip().strip("\"'"))
    head = body[:4096].decode("ascii", errors="ignore")
    for pattern in (
        r"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)",
        r"<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)",
    ):
        match = re.search(pattern, head, re.IGNORECASE)
        if match:
            found.append(match.group(1))
    return found


def detect_encoding(body: bytes, content_type: str = "") -> str | None:
    """The charset of a body: the header's, else the document's own declaration.

    Servers do mislabel pages: a non-ASCII body that is valid UTF-8 is UTF-8 whatever the
    label says (other charsets almost never form valid UTF-8 sequences), and a declared
    charset that is unknown or cannot decode the body is skipped. ``None`` means nothing
    decoded cleanly. A byte-order mark wins over every label.
    """
    marked = bom_encoding(body)
    if marked is not None:
        with contextlib.suppress(UnicodeDecodeError):
            body.decode(marked)
            return marked
    if not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
    for name in [*_charset_candidates(body, content_type), "utf-8"]:
        try:
            codec = codecs.lookup(name).name
            body.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
        return codec
    return None


def sniff_media_type(body: bytes, declared: str) -> str:
    """The media type, corrected when the body plainly is HTML but is labelled otherwise."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    looks_html = head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))
    if looks_html and "html" not in declared:
        return "text/html"
    return declared or "application/octet-stream"


async def _read_body(response: httpx.Response, url: str, settings: FetchSettings) -> bytes:
    length = response.headers.get("content-length")
    limit = settings.max_bytes
    if length and length.isdigit() and int(length) > limit:
        raise FetchError(url, f"body exceeds {limit} bytes (Content-Length {length})")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(url, f"body exceeds {limit} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    encoded = response.headers.get("content-encoding", "identity").lower() != "identity"
    if length and length.isdigit() and not encoded and len(body) != int(length):
        reason = f"truncated body: {len(body)} of {length} bytes"
        raise FetchError(url, reason, response.status_code)
    return body


@dataclass(slots=True)
class _Run:
    """The shared state of one ``fetch_all`` call."""

    client: httpx.AsyncClient
    settings: FetchSettings
    sleep: Sleep
    clock: Clock
    overall: asyncio.Semaphore
    hosts: dict[str, asyncio.Semaphore]

    def host_gate(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        if host not in self.hosts:
            self.hosts[host] = asyncio.Semaphore(self.settings.per_host)
        return self.hosts[host]


async def _get_once(run: _Run, request: FetchRequest) -> Document:
    """One GET with redirects followed by hand; retries are the caller's business."""
    url = request.url
    seen = {url}
    given = origin(url)
    for _hop in range(run.settings.max_redirects + 1):
        # Trust covers the origin the user gave; a hop to any other (another port of the
        # same host included) is checked.
        if not request.trusted or origin(url) != given:
            await check_public_url(url)
        async with (
            run.host_gate(url),
            run.client.stream(
                "GET", url, headers={"User-Agent": USER_AGENT}, timeout=run.settings.timeout
            ) as response,
        ):
            status = response.status_code
            if status in REDIRECT_STATUSES and "location" in response.headers:
                target = urljoin(url, response.headers["location"])
                if target in seen:
                    raise FetchError(request.url, f"redirect loop at {target}", status)
                seen.add(target)
                url = target
                continue
            if status in RETRY_STATUSES:
                raise _Retryable(response)
            if status >= 400:
                raise FetchError(request.url, f"server answered {status}", status)
            body = await _read_body(response, request.url, run.settings)
            content_type = response.headers.get("content-type", "")
            declared = content_type.split(";")[0].strip().lower()
            return Document(
                url=request.url,
                final_url=str(response.url),
                status=status,
                media_type=sniff_media_type(body, declared),
                sha256=hashlib.sha256(body).hexdigest(),
                body=body,
                fetched_at=run.clock().isoformat(timespec="seconds"),
                encoding=detect_encoding(body, content_type),
            )
    raise FetchError(request.url, f"more than {run.settings.max_redirects} redirects")


class _Retryable(Exception):
    """A 429/5xx answer that may succeed on a later try."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


async def _fetch_one(run: _Run, request: FetchRequest) -> Document:
    """Fetch one URL with bounded retries and its document deadline (counted from the moment
    it gets a fetch slot, so waiting behind other documents does not use it up); every
    failure becomes a ``FetchError``."""
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(None) as budget:
            return await _tries(run, request, budget)
    except TimeoutError:
        started = (budget.when() or loop.time()) - run.settings.document_deadline
        raise FetchError(
            request.url,
            f"gave up after {loop.time() - started:.1f}s: the document deadline is "
            f"{run.settings.document_deadline:g}s (the server sends too slowly)",
        ) from None


async def _tries(run: _Run, request: FetchRequest, budget: asyncio.Timeout) -> Document:
    """The tries of one document; the first fetch slot starts its deadline (``budget``)."""
    url = request.url
    loop = asyncio.get_running_loop()
    for attempt in range(1, run.settings.max_tries + 1):
        try:
            async with run.overall:
                if budget.when() is None:
                    budget.reschedule(loop.time() + run.settings.document_deadline)
                return await _get_once(run, request)
        except _Retryable as retry:
            status = retry.response.status_code
            if attempt == run.settings.max_tries:
                raise FetchError(
                    url, f"server answered {status} on all {attempt} tries", status
                ) from None
            await run.sleep(_retry_wait(retry.response, attempt, run.settings))
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out after {run.settings.timeout:g}s") from exc
        except httpx.RemoteProtocolError as exc:
            raise FetchError(url, f"connection broken or body truncated ({exc})") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(url, "too many redirects") from exc
        except httpx.TransportError as exc:
            raise FetchError(url, f"connection failed ({type(exc).__name__}: {exc})") from exc
    raise FetchError(url, "no try was made")  # pragma: no cover - max_tries >= 1


async def fetch_all(
    requests: Sequence[FetchRequest],
    *,
    client: httpx.AsyncClient | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    settings: FetchSettings | None = None,
    on_progress: Progress | None = None,
    sleep: Sleep = asyncio.sleep,
    clock: Clock = utc_now,
) -> FetchOutcome:
    """Fetch every request concurrently; never lose one page to another's failure.

    Args:
        requests: the URLs to fetch (duplicates are fetched once).
        client: an open ``httpx.AsyncClient``; when ``None`` one is made (with ``transport``)
            and closed here.
        transport: the transport for the client made here (tests pass a mock).
        settings: concurrency, timeout, retry and size limits.
        on_progress: called as ``on_progress(done, total, url)`` after each URL finishes.
        sleep: the wait between retries (tests pass a fast one).
        clock: gives ``fetched_at``.

    Returns:
        Documents in request order, and one ``FetchError`` per URL that failed.
    """
    settings = settings or FetchSettings()
    first: dict[str, FetchRequest] = {}
    for request in requests:
        first.setdefault(request.url, request)
    unique = list(first.values())
    owned = client is None
    if client is None and transport is None:
        trusted = [origin(r.url) for r in unique if r.trusted]
        transport = guarded_transport(trusted)
    active = client or httpx.AsyncClient(transport=transport, follow_redirects=False)
    run = _Run(active, settings, sleep, clock, asyncio.Semaphore(settings.concurrency), {})
    done = 0
    loop = asyncio.get_running_loop()
    end = loop.time() + settings.total_deadline

    async def task(request: FetchRequest) -> Document | FetchError:
        nonlocal done
        begun = loop.time()
        try:
            async with asyncio.timeout_at(end):
                result: Document | FetchError = await _fetch_one(run, request)
        except FetchError as exc:
            result = exc
        except TimeoutError:
            result = FetchError(
                request.url,
                f"gave up after {loop.time() - begun:.1f}s: the deadline for all documents "
                f"({settings.total_deadline:g}s) passed",
            )
        done += 1
        if on_progress is not None:
            on_progress(done, len(unique), request.url)
        return result

    try:
        results = await asyncio.gather(*(task(r) for r in unique))
    finally:
        if owned:
            await active.aclose()
    documents = tuple(r for r in results if isinstance(r, Document))
    errors = tuple(r for r in results if isinstance(r, FetchError))
    return FetchOutcome(documents, errors)


def fetch_documents(requests: Sequence[FetchRequest], **kwargs: Any) -> FetchOutcome:
    """Synchronous ``fetch_all`` (same arguments), safe inside a running loop (Jupyter)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(fetch_all(requests, **kwargs))
    # A notebook kernel already runs a loop: run ours in a worker thread instead.
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = asyncio.run(fetch_all(requests, **kwargs))
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="connector-factory-fetch")
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


_LOCAL_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".json": "application/json",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".xml": "application/xml",
}


def is_url(source: str) -> bool:
    """Whether a source is an http(s) URL to fetch (else it is a local file or folder)."""
    return re.match(r"https?://", source, re.IGNORECASE) is not None


def read_local_source(path: str | Path, *, clock: Clock = utc_now) -> Document:
    """Read a ``--source FILE`` (or a Stone folder) as a ``Document``; no network.

    The document's URL is the path as the user gave it (``examples/x.html``), never this
    machine's absolute ``file://`` URI: it lands in the evidence, the report and the scope
    records, which people share. A folder is handed to the Stone extractor's reader when that
    module provides one (``read_stone_folder``).

    Raises:
        FetchError: the path does not exist, is an unreadable file, or is a folder no reader
            understands.
    """
    source = Path(path).expanduser()
    if not source.exists():
        raise FetchError(str(path), "no such file or folder")
    resolved = source.resolve()
    if resolved.is_dir():
        from factory.extract import stone  # local: only folders need it

        reader = getattr(stone, "read_stone_folder", None)
        if reader is None:
            raise FetchError(str(path), "a folder is only readable as a Stone spec folder")
        document: Document = reader(resolved)
        return replace(document, url=str(path), final_url=str(path))
    try:
        body = resolved.read_bytes()
    except OSError as exc:
        raise FetchError(str(path), f"cannot read the file ({exc})") from exc
    suffix = resolved.suffix.lower()
    declared = (
        _LOCAL_TYPES.get(suffix)
        or MEDIA_TYPES.get(suffix)  # program source: .ts is no video, .rs no rls-services
        or mimetypes.guess_type(resolved.name)[0]
        or ""
    )
    given = str(path)
    return Document(
        url=given,
        final_url=given,
        status=200,
        media_type=sniff_media_type(body, declared),
        sha256=hashlib.sha256(body).hexdigest(),
        body=body,
        fetched_at=clock().isoformat(timespec="seconds"),
        encoding=detect_encoding(body),
    )
