"""Where a least-privilege question reads its operations: one document, or a provider's
latest published evidence run.

A run written since operations became evidence holds ``operations.json``; an older run's
documents are extracted again (the same extractors, so the same operations).
"""

from __future__ import annotations

from pathlib import Path

from factory.errors import ResearchError
from factory.evidence.operations import OperationsEvidence, operations_evidence, read_operations
from factory.research.fetch import is_url

__all__ = ["is_document_source", "operations_from_document", "operations_from_provider"]


def is_document_source(source: str) -> bool:
    """Whether ``source`` names a document (a URL or an existing path), not a provider."""
    return is_url(source) or Path(source).exists()


def operations_from_document(
    source: str, *, format_: str = "auto", source_url: str | None = None
) -> OperationsEvidence:
    """The operations one document (file or URL) states.

    Raises:
        ExtractionError, FetchError: the document cannot be read.
        ResearchError: it states no operations.
    """
    from factory.extract import extract_document
    from factory.research.load import load_source

    result = extract_document(load_source(source, source_url=source_url), format_)
    found = operations_evidence([result])
    if found is None:
        raise ResearchError(
            f"{source}: states no operations (only OpenAPI/Swagger specs, Google Discovery "
            "documents and pages with an endpoint-to-scope table do)"
        )
    return found


def operations_from_provider(
    name: str, *, evidence_dir: str | Path | None = None
) -> tuple[OperationsEvidence, Path]:
    """The operations of a provider's latest published run, and that run's folder.

    Raises:
        EvidenceError: the provider has no published run.
        ResearchError: the run's documents state no operations.
    """
    from factory.evidence.runs import read_run
    from factory.evidence.store import default_evidence_dir
    from factory.research.catalog import resolve_provider
    from factory.research.pipeline import extract_all
    from factory.research.render import current_documents

    provider = resolve_provider(name)
    run = read_run(default_evidence_dir(provider.platform, evidence_dir))
    found = read_operations(run.folder)
    if found is None:  # a run from before operations were kept: read its documents again
        found = operations_evidence(extract_all(current_documents(run.documents()), provider))
    if found is None:
        raise ResearchError(
            f"{provider.display_name}: the latest run ({run.folder}) states no operations; "
            "give a spec or a Discovery document as SOURCE"
        )
    return found, run.folder
