"""Every error the factory raises on purpose.

The tree::

    FactoryError                      base of every expected failure
    ├── NamingError(name, reason)     a provider name no slug can be made from
    ├── TemplateError(path, reason)   a template or schema that cannot be used
    ├── ContractError(problems)       a contract that breaks the schema or the laws
    │   └── ApprovedContractError     refusing to overwrite a contract that is not a draft
    ├── ExtractionError(source, reason)  a document no extractor can read
    ├── NotebookError(path, reason)   a headless notebook run failed (partial notebook kept)
    ├── PrivilegeError(operation, reason)  an operation not found, or no declared scope grants it
    └── ResearchError                 research found nothing usable
        ├── FetchError(url, status, reason)  one URL could not be fetched
        ├── SearchError(backend, reason)     a search backend failed
        ├── CatalogError(path, problems)     the provider catalog breaks its schema
        └── EvidenceError(path, reason)      an evidence folder or manifest is unusable

Library code raises these (wrapping library errors with ``raise ... from exc``);
the CLI and the notebook turn them into one clear message. The library never prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class FactoryError(Exception):
    """Base of every expected failure; its ``str`` is the message shown to people."""


class NamingError(FactoryError):
    """A provider name from which no safe slug can be made."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        shown = name if len(name) <= 60 else name[:57] + "..."
        super().__init__(f"invalid provider name {shown!r}: {reason}")


class TemplateError(FactoryError):
    """A contract template or schema that cannot be read or used."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"template {path}: {reason}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem: where (a JSON path such as ``$.sections.byok``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ContractError(FactoryError):
    """A contract that breaks the schema or the laws; carries *every* problem found."""

    def __init__(self, problems: Iterable[Problem], message: str | None = None) -> None:
        self.problems = tuple(problems)
        head = message or f"contract is invalid ({len(self.problems)} problem(s))"
        lines = [head, *(f"  - {p}" for p in self.problems)]
        super().__init__("\n".join(lines))


class ApprovedContractError(ContractError):
    """Refusing to overwrite an existing contract whose status is not ``draft``."""

    def __init__(self, path: str, status: object) -> None:
        self.path = path
        self.status = status
        super().__init__(
            [Problem("$.status", f"existing contract has status {status!r}")],
            f"refusing to overwrite {path}: it is not a draft (status {status!r})",
        )


class ExtractionError(FactoryError):
    """A document that no extractor can read (empty, binary, malformed, unknown kind)."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"cannot extract scopes from {source}: {reason}")


class NotebookError(FactoryError):
    """A headless notebook run failed; the partial executed notebook is kept at ``path``."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"notebook run failed (partial notebook kept at {path}): {reason}")


class PrivilegeError(FactoryError):
    """A least-privilege question the evidence cannot answer, naming the operation."""

    def __init__(self, operation: str, reason: str) -> None:
        self.operation = operation
        self.reason = reason
        super().__init__(f"operation {operation!r}: {reason}")


class ResearchError(FactoryError):
    """Research found nothing usable (no official source, nothing fetched)."""


class FetchError(ResearchError):
    """One URL could not be fetched; says what happened to which URL."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = url
        self.status = status
        self.reason = reason
        code = f" (HTTP {status})" if status is not None else ""
        super().__init__(f"fetch {url} failed{code}: {reason}")


class SearchError(ResearchError):
    """A search backend failed or is not configured."""

    def __init__(self, backend: str, reason: str) -> None:
        self.backend = backend
        self.reason = reason
        super().__init__(f"search backend {backend!r}: {reason}")


class EvidenceError(ResearchError):
    """An evidence folder or manifest that cannot be read or replayed."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"evidence {path}: {reason}")


class CatalogError(ResearchError):
    """A catalog file that cannot be read or breaks the schema; lists every problem."""

    def __init__(self, path: str, problems: Iterable[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        lines = [f"provider catalog {path} is invalid ({len(self.problems)} problem(s))"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))
