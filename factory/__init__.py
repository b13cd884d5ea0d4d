"""connector-factory: provider name -> evidence-backed draft connector contract.

The public API is exactly ``__all__``; notebooks and the CLI use nothing else. Names load
lazily (PEP 562) so that ``import factory`` stays light: pandas, httpx, ipywidgets and
nbclient are imported only when the stage that needs them is first used.

The stages, in pipeline order::

    resolve -> find_sources -> fetch_sources -> extract_all -> make_table
            -> build_contract -> validate_contract / ContractReview -> save_contract
            -> build_report                     (or all of it: ``build``)
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "ApprovedContractError": "factory.errors",
    "CatalogError": "factory.errors",
    "ContractError": "factory.errors",
    "EvidenceError": "factory.errors",
    "ExtractionError": "factory.errors",
    "FactoryError": "factory.errors",
    "FetchError": "factory.errors",
    "NamingError": "factory.errors",
    "NotebookError": "factory.errors",
    "Problem": "factory.errors",
    "ResearchError": "factory.errors",
    "SearchError": "factory.errors",
    "TemplateError": "factory.errors",
    # value objects
    "AuthFinding": "factory.models",
    "Document": "factory.models",
    "ExtractionResult": "factory.models",
    "Provider": "factory.models",
    "ScopeRecord": "factory.models",
    "SearchResult": "factory.models",
    "SourceRef": "factory.models",
    # naming engine
    "Names": "factory.naming",
    "contract_path": "factory.naming",
    "provider_names": "factory.naming",
    # catalog and search
    "CatalogEntry": "factory.catalog",
    "load_catalog": "factory.catalog",
    "load_entries": "factory.catalog",
    "resolve_provider": "factory.catalog",
    "SearchOutcome": "factory.search",
    "check_sources": "factory.catalog_check",
    "official_verdict": "factory.search",
    "search_sources": "factory.search",
    # fetch and evidence
    "FetchOutcome": "factory.fetch",
    "FetchRequest": "factory.fetch",
    "fetch_documents": "factory.fetch",
    "default_evidence_dir": "factory.evidence",
    "load_replay": "factory.evidence",
    "save_documents": "factory.evidence",
    "write_report": "factory.evidence",
    # after the fetch: render JavaScript pages, follow official links
    "LinkSettings": "factory.links",
    "RenderSettings": "factory.render",
    "expand_research": "factory.expand",
    # extraction
    "detect_format": "factory.extract",
    "extract_document": "factory.extract",
    "load_source": "factory.extract",
    # scope table
    "build_scope_table": "factory.table",
    "per_source_counts": "factory.table",
    "table_records": "factory.table",
    # contract
    "KNOWN_AUTH_METHODS": "factory.contract",
    "build_contract": "factory.contract",
    "load_scope_records": "factory.contract",
    "classify_scope": "factory.scope_types",
    "load_schema": "factory.templates",
    "load_template": "factory.templates",
    "validate_contract": "factory.validate",
    "ContractChanges": "factory.store",
    "SaveResult": "factory.store",
    "diff_contracts": "factory.store",
    "resolve_contracts_dir": "factory.store",
    "save_contract": "factory.store",
    "Report": "factory.report",
    "build_report": "factory.report",
    # the pipeline, stage by stage and in one call
    "BuildResult": "factory.pipeline",
    "auth_method_from": "factory.pipeline",
    "build": "factory.pipeline",
    "extract_all": "factory.pipeline",
    "fetch_sources": "factory.pipeline",
    "redact_documents": "factory.pipeline",
    "find_sources": "factory.pipeline",
    "make_table": "factory.pipeline",
    "replay_search": "factory.pipeline",
    "research_notes": "factory.pipeline",
    "resolve": "factory.pipeline",
    # notebook workbench
    "default_source_annotations": "factory.annotate",
    "edit_candidates": "factory.annotate",
    "save_source_annotations": "factory.annotate",
    "AnnotationEditor": "factory.review",
    "ContractReview": "factory.review",
    "candidates_frame": "factory.views",
    "escaped_styler": "factory.views",
    "fetch_summary": "factory.views",
    "is_interactive": "factory.views",
    "provider_card": "factory.views",
    "review_problems_text": "factory.views",
    "contract_preview_html": "factory.scope_html",
    "safe_html": "factory.sanitize",
    "scope_summary_html": "factory.scope_html",
    "scope_table_html": "factory.scope_html",
    "Decisions": "factory.decisions",
    "apply_decisions": "factory.decisions",
    "load_decisions": "factory.decisions",
    "write_decisions": "factory.decisions",
    "WorkbenchRun": "factory.workbench_run",
    "NotebookRun": "factory.runner",
    "project_root": "factory.runner",
    "run_notebook": "factory.runner",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'factory' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
