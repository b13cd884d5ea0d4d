"""``operations.json``: the operations a run's documents state, kept as evidence.

One JSON object, written by the evidence transaction (:func:`factory.evidence.publish.commit_run`)
beside ``report.json``::

    {
      "operations": [{"operation_id", "method", "path", "alternatives": [[scope, ...], ...],
                      "source_url", "locator", "via"}, ...],
      "scopes": {scope name: description or null, ...}
    }

``alternatives`` is OR over AND (see :class:`factory.models.Operation`). ``scopes`` holds
every scope the documents declare (first description wins), so a least-privilege answer read
back from a run shows the same descriptions as one made from the documents. The file is
written only when some document states operations; replaying a run writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from factory.errors import EvidenceError
from factory.models import ExtractionResult, Operation
from factory.safeload import loads_json

OPERATIONS_FILE: Final = "operations.json"

__all__ = ["OPERATIONS_FILE", "OperationsEvidence", "operations_evidence", "read_operations"]


@dataclass(frozen=True, slots=True)
class OperationsEvidence:
    """The operations of a run's documents and the scopes (with descriptions) they declare."""

    operations: tuple[Operation, ...]
    scopes: tuple[tuple[str, str | None], ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``operations.json`` object."""
        return {
            "operations": [op.to_dict() for op in self.operations],
            "scopes": dict(self.scopes),
        }

    @property
    def descriptions(self) -> dict[str, str | None]:
        """Scope name -> description."""
        return dict(self.scopes)


def operations_evidence(results: Sequence[ExtractionResult]) -> OperationsEvidence | None:
    """The operations every result states, in document order (``None`` when there are none)."""
    operations = tuple(op for result in results for op in result.operations)
    if not operations:
        return None
    scopes: dict[str, str | None] = {}
    for result in results:
        for record in result.scopes:
            if not scopes.get(record.scope_name):
                scopes[record.scope_name] = record.description
    return OperationsEvidence(operations, tuple(scopes.items()))


def from_dict(data: Mapping[str, Any], where: str) -> OperationsEvidence:
    """An ``operations.json`` object read back.

    Raises:
        EvidenceError: the object does not have the shape above.
    """
    try:
        operations = tuple(Operation.from_dict(item) for item in data["operations"])
        scopes = tuple((str(k), v) for k, v in dict(data.get("scopes") or {}).items())
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise EvidenceError(where, f"not an operations file ({exc!r})") from exc
    return OperationsEvidence(operations, scopes)


def read_operations(folder: str | Path) -> OperationsEvidence | None:
    """A run folder's ``operations.json`` (``None`` when the run has none).

    Raises:
        EvidenceError: the file is unreadable or malformed.
    """
    path = Path(folder) / OPERATIONS_FILE
    if not path.is_file():
        return None
    try:
        data = loads_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # ValueError: malformed, or refused by its shape
        raise EvidenceError(str(path), f"cannot read ({exc})") from exc
    if not isinstance(data, dict):
        raise EvidenceError(str(path), "not a JSON object")
    return from_dict(data, str(path))
