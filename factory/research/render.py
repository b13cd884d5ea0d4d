"""Render JavaScript pages in headless Chromium (Playwright), under the fetch stage's rules.

A page that is only a JavaScript shell (the HTML extractor says so) holds no scopes until a
browser runs it. :func:`render_documents` loads each such page in the system's Chromium:

- the page's own HTML is served from the fetched body (the evidence), not fetched again;
- every other request the page makes, and every redirect hop of it, passes the
  private-address guard (:func:`factory.research.fetch.check_public_url`) unless its host is trusted
  (the user's ``--source`` hosts, ``$CONNECTOR_FACTORY_TRUSTED_HOSTS``); a refused request
  is aborted and noted;
- the page must settle (no network traffic for half a second) within the deadline, or it
  fails with a ``FetchError`` naming the deadline;
- the rendered DOM becomes a ``Document`` whose ``rendered_from`` is the raw HTML's sha256:
  the evidence keeps both, extraction reads the rendered one in the raw one's place
  (:func:`current_documents`), and replay reads the stored DOM (no browser on replay).

No browser installed -> no rendering, and one note with the install command.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from factory.errors import FetchError
from factory.models import Document, ExtractionResult
from factory.options import RenderSettings  # defined on the ground floor; imported from here too
from factory.research.fetch import REDIRECT_STATUSES, check_public_url
from factory.research.origins import is_trusted

RENDER_MODES = ("auto", "always", "never")
MAX_REDIRECTS = 5
INSTALL_COMMAND = "apt-get install chromium"
BROWSER_ENV = "CONNECTOR_FACTORY_CHROMIUM"
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: The extractor's warning for a page that is only a JavaScript shell.
SHELL_WARNING = "JavaScript shell"
# No background traffic of Chromium's own (updates, sync, safe browsing): on a closed
# network it only slows start-up, and the factory's requests are the page's requests.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-domain-reliability",
    "--metrics-recording-only",
)


@dataclass(frozen=True, slots=True)
class RenderOutcome:
    """Rendered DOMs (``rendered_from`` set), pages that failed, and notes for the report."""

    documents: tuple[Document, ...] = ()
    errors: tuple[FetchError, ...] = ()
    notes: tuple[str, ...] = ()


def find_browser(env: Mapping[str, str] | None = None) -> str | None:
    """The Chromium to use: ``$CONNECTOR_FACTORY_CHROMIUM``, else the first on ``PATH``."""
    env = os.environ if env is None else env
    chosen = env.get(BROWSER_ENV, "").strip()
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return next((p for p in map(shutil.which, _BROWSER_NAMES) if p), None)


def is_shell(result: ExtractionResult) -> bool:
    """Whether the extractor found a document to be a JavaScript shell."""
    return any(SHELL_WARNING in warning for warning in result.warnings)


def wants_render(doc: Document, result: ExtractionResult, mode: str) -> bool:
    """Whether a fetched page should be rendered under ``mode``."""
    if mode == "never" or doc.rendered_from or "html" not in doc.media_type:
        return False
    return mode == "always" or is_shell(result)


def current_documents(documents: Sequence[Document]) -> list[Document]:
    """The documents extraction reads: a raw page with a rendered twin gives way to it."""
    rendered = {d.rendered_from for d in documents if d.rendered_from}
    return [d for d in documents if d.sha256 not in rendered or d.rendered_from]


def render_documents(
    documents: Sequence[Document],
    *,
    settings: RenderSettings | None = None,
    trusted_hosts: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
) -> RenderOutcome:
    """Render every document in headless Chromium (see the module docstring).

    Returns:
        One rendered ``Document`` per page that settled, a ``FetchError`` per page that did
        not, and notes: requests refused by the address guard, or the missing browser.
    """
    if not documents:
        return RenderOutcome()
    settings = settings or RenderSettings()
    browser = find_browser(env)
    if browser is None:
        return RenderOutcome(
            notes=(
                f"{len(documents)} JavaScript page(s) not rendered: no Chromium found; "
                f"install it with `{INSTALL_COMMAND}` (or set {BROWSER_ENV})",
            )
        )
    box: dict[str, Any] = {}
    allowed = frozenset(h.lower() for h in trusted_hosts)

    def work() -> None:  # a thread of its own: safe inside a notebook's running loop
        try:
            box["value"] = asyncio.run(_render_all(documents, browser, settings, allowed))
        except Exception as exc:  # re-raised below, in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="connector-factory-render")
    worker.start()
    worker.join()
    if "error" in box:
        error = box["error"]
        note = f"JavaScript page(s) not rendered: Chromium at {browser} failed ({error})"
        return RenderOutcome(notes=(note.splitlines()[0],))
    outcome: RenderOutcome = box["value"]
    return outcome


async def _render_all(
    documents: Sequence[Document], browser_path: str, settings: RenderSettings, allowed: frozenset
) -> RenderOutcome:
    from playwright.async_api import async_playwright

    rendered: list[Document] = []
    errors: list[FetchError] = []
    notes: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=browser_path,
            headless=True,
            args=list(CHROMIUM_ARGS),
            timeout=settings.timeout * 1000,  # a browser that never starts fails too
        )
        try:
            for doc in documents:
                try:
                    page_doc, blocked = await asyncio.wait_for(
                        _render_one(browser, doc, settings, allowed), settings.timeout
                    )
                except TimeoutError:
                    errors.append(
                        FetchError(
                            doc.url, f"rendering did not settle within {settings.timeout:g}s"
                        )
                    )
                    continue
                rendered.append(page_doc)
                notes += [f"rendering {doc.url}: blocked {b}" for b in blocked]
        finally:
            await browser.close()
    return RenderOutcome(tuple(rendered), tuple(errors), tuple(notes))


async def _render_one(
    browser: Any, doc: Document, settings: RenderSettings, allowed: frozenset
) -> tuple[Document, list[str]]:
    page_url = doc.final_url or doc.url
    blocked: list[str] = []
    allowed_hosts = allowed

    async def route(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if url.split("#")[0] == page_url.split("#")[0]:  # the page itself: the evidence body
            content_type = doc.media_type + (f"; charset={doc.encoding}" if doc.encoding else "")
            await route.fulfill(status=200, body=doc.body, headers={"content-type": content_type})
            return
        if parts.scheme in ("data", "blob", "about"):
            await route.continue_()
            return
        # Redirects are followed here, hop by hop through the guard: Playwright does not
        # route a redirect's next hop back through this handler.
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            if not is_trusted(current, allowed_hosts):
                try:
                    await check_public_url(current)
                except FetchError as exc:
                    blocked.append(f"{current} ({exc.reason})")
                    await route.abort("blockedbyclient")
                    return
            response = await route.fetch(url=current, max_redirects=0)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                await route.fulfill(response=response)
                return
            current = urljoin(current, location)
        blocked.append(f"{url} (more than {MAX_REDIRECTS} redirects)")
        await route.abort("failed")

    context = await browser.new_context(service_workers="block")
    try:
        await context.route("**/*", route)
        page = await context.new_page()
        await page.goto(page_url, wait_until="load")
        await page.wait_for_load_state("networkidle")
        html = await page.content()
    finally:
        await context.close()
    body = html.encode("utf-8")
    rendered = Document(
        url=doc.url,
        final_url=doc.final_url,
        status=doc.status,
        media_type="text/html",
        sha256=hashlib.sha256(body).hexdigest(),
        body=body,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        encoding="utf-8",
        rendered_from=doc.sha256,
    )
    return rendered, blocked
