"""connector-factory: provider name -> evidence-backed draft connector contract.

The public API is exactly ``__all__``; notebooks and the CLI use nothing else. Names load
lazily (PEP 562) so that ``import factory`` stays light: pandas, httpx, ipywidgets and
nbclient are imported only when the stage that needs them is first used.

The stages, in pipeline order, composed by one ``ResearchSession`` (which ``build`` and the
notebook both run)::

    resolve -> search -> fetch -> expand -> redact -> extract -> table -> plan
            -> validate_contract / ContractReview -> commit (``build``, or the notebook's Save)
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
    "Names": "factory.contract.naming",
    "contract_path": "factory.contract.naming",
    "provider_names": "factory.contract.naming",
    # catalog and search
    "CatalogEntry": "factory.research.catalog",
    "load_catalog": "factory.research.catalog",
    "load_entries": "factory.research.catalog",
    "resolve_provider": "factory.research.catalog",
    "SearchOutcome": "factory.research.search",
    "check_sources": "factory.research.catalog_check",
    "official_verdict": "factory.research.search",
    "search_sources": "factory.research.search",
    # fetch and evidence
    "FetchOutcome": "factory.research.fetch",
    "FetchRequest": "factory.research.fetch",
    "fetch_documents": "factory.research.fetch",
    "default_evidence_dir": "factory.evidence.store",
    "load_replay": "factory.evidence.store",
    "save_documents": "factory.evidence.store",
    "write_report": "factory.evidence.store",
    # after the fetch: render JavaScript pages, follow official links
    "LinkSettings": "factory.research.links",
    "RenderSettings": "factory.research.render",
    "expand_research": "factory.research.expand",
    # extraction
    "detect_format": "factory.extract",
    "extract_document": "factory.extract",
    "load_source": "factory.research.load",
    # scope table
    "build_scope_table": "factory.research.table",
    "per_source_counts": "factory.research.table",
    "table_records": "factory.research.table",
    # contract
    "KNOWN_AUTH_METHODS": "factory.contract.builder",
    "build_contract": "factory.contract.builder",
    "load_scope_records": "factory.contract.builder",
    "classify_scope": "factory.contract.scope_types",
    "load_schema": "factory.contract.templates",
    "load_template": "factory.contract.templates",
    "validate_contract": "factory.contract.validate",
    "ContractChanges": "factory.contract.store",
    "SaveResult": "factory.contract.store",
    "diff_contracts": "factory.contract.store",
    "resolve_contracts_dir": "factory.contract.store",
    "save_contract": "factory.contract.store",
    "Report": "factory.evidence.report",
    "build_report": "factory.evidence.report",
    # every option of a research, and the one session that runs its stages
    "ResearchOptions": "factory.options",
    "research_options": "factory.options",
    "ResearchSession": "factory.research.session",
    # the pipeline, stage by stage and in one call
    "BuildResult": "factory.research.pipeline",
    "auth_method_from": "factory.research.pipeline",
    "build": "factory.research.pipeline",
    "extract_all": "factory.research.pipeline",
    "fetch_sources": "factory.research.pipeline",
    "redact_documents": "factory.research.pipeline",
    "find_sources": "factory.research.pipeline",
    "make_table": "factory.research.pipeline",
    "replay_search": "factory.research.pipeline",
    "research_notes": "factory.research.pipeline",
    "resolve": "factory.research.pipeline",
    # notebook workbench
    "default_source_annotations": "factory.research.annotate",
    "edit_candidates": "factory.research.annotate",
    "save_source_annotations": "factory.research.annotate",
    "AnnotationEditor": "factory.workbench.review",
    "ContractReview": "factory.workbench.review",
    "connector_calls_view": "factory.workbench.privilege_view",
    "candidates_frame": "factory.workbench.views",
    "escaped_styler": "factory.workbench.views",
    "fetch_summary": "factory.workbench.views",
    "fetch_with_progress": "factory.workbench.views",
    "is_interactive": "factory.workbench.views",
    "provider_card": "factory.workbench.views",
    "review_problems_text": "factory.workbench.views",
    "contract_preview_html": "factory.workbench.scope_html",
    "safe_html": "factory.sanitize",
    "scope_summary_html": "factory.workbench.scope_html",
    "scope_table_html": "factory.workbench.scope_html",
    "Decisions": "factory.contract.decisions",
    "apply_decisions": "factory.contract.decisions",
    "load_decisions": "factory.contract.decisions",
    "write_decisions": "factory.contract.decisions",
    "WorkbenchRun": "factory.workbench.run",
    "NotebookRun": "factory.workbench.runner",
    "project_root": "factory.workbench.runner",
    "run_notebook": "factory.workbench.runner",
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
