"""Every option of one research, in one frozen value: :class:`ResearchOptions`.

``build``, the notebook (its parameters cell), the headless runner and ``batch`` all take a
``ResearchOptions``; the CLI makes one in a single place (``factory.cli.options``). The fetch,
render and link limits live here too, on the ground floor, so that every floor can hold them
without importing the stages that use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
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

    def to_parameters(self) -> dict[str, Any]:
        """Plain values (str, float, list, dict) for a notebook's parameters cell; the
        environment is left out (the kernel has its own)."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "env":
                continue
            if isinstance(value, FetchSettings | RenderSettings | LinkSettings):
                value = asdict(value)
            elif isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            data[f.name] = value
        return data

    @classmethod
    def from_parameters(cls, data: Mapping[str, Any]) -> ResearchOptions:
        """The inverse of :meth:`to_parameters` (unknown keys are a ``TypeError``)."""
        values = dict(data)
        settings = {"fetch": FetchSettings, "render": RenderSettings, "links": LinkSettings}
        for name, kind in settings.items():
            if isinstance(values.get(name), Mapping):
                values[name] = kind(**values[name])
        return cls(**values)

    def but(self, **changes: Any) -> ResearchOptions:
        """A copy with ``changes`` (``dataclasses.replace``)."""
        return replace(self, **changes)
