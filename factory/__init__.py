"""connector-factory: provider name -> evidence-backed draft connector contract.

The public API is exactly ``__all__``; notebooks and the CLI use nothing else.
"""

from __future__ import annotations

from factory.errors import (
    ApprovedContractError,
    ContractError,
    EvidenceError,
    ExtractionError,
    FactoryError,
    FetchError,
    NamingError,
    NotebookError,
    Problem,
    ResearchError,
    SearchError,
    TemplateError,
)
from factory.models import (
    AuthFinding,
    Document,
    ExtractionResult,
    Provider,
    ScopeRecord,
    SearchResult,
    SourceRef,
)
from factory.naming import Names, contract_path, provider_names

__all__ = [
    "ApprovedContractError",
    "AuthFinding",
    "ContractError",
    "Document",
    "EvidenceError",
    "ExtractionError",
    "ExtractionResult",
    "FactoryError",
    "FetchError",
    "Names",
    "NamingError",
    "NotebookError",
    "Problem",
    "Provider",
    "ResearchError",
    "ScopeRecord",
    "SearchError",
    "SearchResult",
    "SourceRef",
    "TemplateError",
    "contract_path",
    "provider_names",
]
