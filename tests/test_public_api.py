"""The public API is exactly ``factory.__all__``, every name resolves, and import stays light."""

from __future__ import annotations

import subprocess
import sys

import factory

EXPECTED = {
    "AnnotationEditor", "ApprovedContractError", "AuthFinding", "CatalogEntry",
    "KNOWN_AUTH_METHODS", "load_entries",
    "LinkSettings", "RenderSettings", "check_sources", "expand_research",
    "BuildResult", "CatalogError", "ContractChanges",
    "ContractError", "ContractReview", "Document", "EvidenceError", "ExtractionError",
    "ExtractionResult", "FactoryError", "FetchError", "FetchOutcome", "FetchRequest", "Names",
    "NamingError", "NotebookError", "NotebookRun", "Problem", "Provider", "Report",
    "ResearchError", "SaveResult", "ScopeRecord", "SearchError", "SearchOutcome", "SearchResult",
    "SourceRef", "TemplateError", "auth_method_from", "build", "build_contract", "build_report",
    "build_scope_table", "candidates_frame", "classify_scope", "contract_path",
    "default_evidence_dir", "default_source_annotations", "detect_format", "diff_contracts",
    "edit_candidates", "escaped_styler", "extract_all", "extract_document", "fetch_documents",
    "fetch_sources", "fetch_summary", "find_sources", "is_interactive", "load_catalog",
    "load_replay", "load_schema", "load_scope_records", "load_source", "load_template",
    "make_table", "official_verdict", "per_source_counts", "project_root", "provider_card",
    "provider_names", "replay_search", "research_notes", "resolve", "resolve_contracts_dir",
    "resolve_provider", "review_problems_text", "run_notebook", "save_contract",
    "save_documents", "save_source_annotations", "search_sources", "table_records",
    "validate_contract", "write_report", "WorkbenchRun", "redact_documents",
    "contract_preview_html", "safe_html", "scope_summary_html", "scope_table_html",
    "Decisions", "apply_decisions", "load_decisions", "write_decisions",
    "ResearchOptions", "research_options", "ResearchSession", "fetch_with_progress",
    "connector_calls_view",
}  # fmt: skip


def test_all_is_pinned() -> None:
    assert set(factory.__all__) == EXPECTED
    assert len(factory.__all__) == len(EXPECTED)


def test_every_public_name_resolves() -> None:
    for name in factory.__all__:
        assert getattr(factory, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        factory.not_a_public_name  # noqa: B018
    except AttributeError as exc:
        assert "not_a_public_name" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_import_factory_stays_light() -> None:
    code = (
        "import sys, factory; heavy = {'pandas', 'httpx', 'ipywidgets', 'nbclient', 'bs4'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
