"""Every option of one research, in one frozen value: :class:`ResearchOptions`.

``build``, the notebook (its parameters cell), the headless runner and ``batch`` all take a
``ResearchOptions``; the CLI makes one in a single place (``factory.cli.options``). The fetch,
render and link limits live here too, on the ground floor, so that every floor can hold them
without importing the stages that use them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

#: The rendering modes: JavaScript shells only, every HTML page, or none.
RENDER_MODES = ("auto", "always", "never")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits of one fetch run; the defaults suit public documentation sites."""

    concurrency: int = 8
    per_host: int = 4
    timeout: float = 20.0
    max_redirects: int = 5
    max_tries: int = 3
    max_wait: float = 10.0  # the longest Retry-After we honour, in seconds
    backoff: float = 0.5  # first wait when the server gives no Retry-After
    max_bytes: int = 20 * 1024 * 1024
    # ``timeout`` bounds each read; these bound the whole: a server trickling one byte
    # every few seconds never trips a read timeout, but it does trip these.
    document_deadline: float = 60.0  # one document, retries and redirects included
    total_deadline: float = 100.0  # the whole research: search to plan (the build deadline)


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """``mode``: auto (JavaScript shells only), always (every HTML page) or never;
    ``timeout``: seconds one page may take to load, run and settle."""

    mode: str = "auto"
    timeout: float = 20.0


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """How far link following goes: ``depth`` steps from the searched pages, at most
    ``max_pages`` new pages in all (``depth=0`` turns it off)."""

    depth: int = 1
    max_pages: int = 20


@dataclass(frozen=True, slots=True)
class ResearchOptions:
    """Everything that decides what one research does, for every door alike.

    Attributes:
        sources: URLs or files to use instead of searching (URLs are trusted).
        replay_dir: an evidence folder to re-run from, with no network.
        offline: no network: only file ``sources`` or ``replay_dir``.
        backends: search backends in order; ``None``: the catalog and web search.
        decisions: a researcher's decisions file applied before the contract is built.
        contracts_dir: where the contract goes (see ``store.resolve_contracts_dir``).
        evidence_dir: the evidence root; a provider's folder is ``{root}/{PLATFORM}``.
        template, schema: a contract template and JSON Schema (default: the project's).
        fetch: fetch limits; ``fetch.total_deadline`` is the build deadline (every stage,
            extraction and table included), ``fetch.document_deadline`` one document's.
        render: when to render pages in headless Chromium.
        links: how far official links are followed.
        env: the environment for search keys and redaction (``None``: ``os.environ``).
    """

    sources: tuple[str, ...] = ()
    replay_dir: Path | None = None
    offline: bool = False
    backends: tuple[str, ...] | None = None
    decisions: Path | None = None
    contracts_dir: Path | None = None
    evidence_dir: Path | None = None
    template: Path | None = None
    schema: Path | None = None
    fetch: FetchSettings = field(default_factory=FetchSettings)
    render: RenderSettings = field(default_factory=RenderSettings)
    links: LinkSettings = field(default_factory=LinkSettings)
    env: Mapping[str, str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # Lists and strings from notebooks and YAML become tuples and paths, so two equal
        # requests compare equal whichever door they came through.
        object.__setattr__(self, "sources", tuple(str(s) for s in self.sources))
        if self.backends is not None:
            object.__setattr__(self, "backends", tuple(self.backends) or None)
        for name in ("replay_dir", "decisions", "contracts_dir", "evidence_dir", "template",
                     "schema"):  # fmt: skip
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value) if str(value) else None)

    @property
    def document_deadline(self) -> float:
        """Seconds one document may take in all (retries and redirects included)."""
        return self.fetch.document_deadline

    @property
    def build_deadline(self) -> float:
        """Seconds the whole research may take, every stage included."""
        return self.fetch.total_deadline

    def cli_values(self) -> dict[str, Any]:
        """The options under the CLI's names, as plain values: ``research_options(**v)``
        gives back equal options (the environment and the fetch limits other than the two
        deadlines are not among them). The headless notebook's parameters come from here."""
        return {
            "source": list(self.sources),
            "replay": _text(self.replay_dir),
            "offline": self.offline,
            "search": list(self.backends) if self.backends else None,
            "decisions": _text(self.decisions),
            "contracts_dir": _text(self.contracts_dir),
            "evidence_dir": _text(self.evidence_dir),
            "template": _text(self.template),
            "schema": _text(self.schema),
            "render": self.render.mode,
            "render_timeout": self.render.timeout,
            "link_depth": self.links.depth,
            "max_linked_pages": self.links.max_pages,
            "document_deadline": self.fetch.document_deadline,
            "build_deadline": self.fetch.total_deadline,
        }

    def but(self, **changes: Any) -> ResearchOptions:
        """A copy with ``changes`` (``dataclasses.replace``)."""
        return replace(self, **changes)


def research_options(
    *,
    source: Sequence[str] | None = None,
    replay: str | Path | None = None,
    offline: bool = False,
    search: Sequence[str] | None = None,
    decisions: str | Path | None = None,
    contracts_dir: str | Path | None = None,
    evidence_dir: str | Path | None = None,
    template: str | Path | None = None,
    schema: str | Path | None = None,
    render: str = "auto",
    render_timeout: float = 20.0,
    link_depth: int = 1,
    max_linked_pages: int = 20,
    document_deadline: float | None = None,
    build_deadline: float | None = None,
) -> ResearchOptions:
    """The one place the CLI's options become a :class:`ResearchOptions`.

    ``build``, ``notebook`` and ``batch`` take the same research options under the same
    names and pass them through here, and so does the notebook's parameters cell; a
    deadline left out keeps the library's default.
    """
    limits = FetchSettings()
    if document_deadline is not None:
        limits = replace(limits, document_deadline=document_deadline)
    if build_deadline is not None:
        limits = replace(limits, total_deadline=build_deadline)
    return ResearchOptions(
        sources=tuple(source or ()),
        replay_dir=_path(replay),
        offline=offline,
        backends=tuple(search) if search else None,
        decisions=_path(decisions),
        contracts_dir=_path(contracts_dir),
        evidence_dir=_path(evidence_dir),
        template=_path(template),
        schema=_path(schema),
        fetch=limits,
        render=RenderSettings(render, render_timeout),
        links=LinkSettings(link_depth, max_linked_pages),
    )


def _path(value: str | Path | None) -> Path | None:
    return None if value is None or str(value) == "" else Path(value)


def _text(value: Path | None) -> str | None:
    return None if value is None else str(value)


#: Keyword names of the earlier API, accepted by ``build`` and ``run_notebook``.
_RENAMED = {"fetch_settings": "fetch", "replay": "replay_dir"}


def with_overrides(options: ResearchOptions | None, fields: Mapping[str, Any]) -> ResearchOptions:
    """``options`` (defaults when None) with keyword overrides; ``None`` keeps a field."""
    changes = {_RENAMED.get(k, k): v for k, v in fields.items() if v is not None}
    base = options or ResearchOptions()
    return replace(base, **changes) if changes else base
