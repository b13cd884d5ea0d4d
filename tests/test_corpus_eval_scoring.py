"""The corpus measurement's scoring functions, on small synthetic cases (no corpus read)."""

from __future__ import annotations

from types import ModuleType

import pytest
from benchmods import load_bench


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench("corpus_eval")


CASE = {
    "auth_method": "oauth2",
    "liquid_variables": {"product.name": "Acme Cloud"},
    "expected_scopes": [
        {"scope_name": "repo", "description": "Grants **full** access to `repo` data."},
        {"scope_name": "admin", "description": "Manage [{% data variables.product.name %}](/x)."},
        {"scope_name": "old", "description": None, "version": "deprecated (since 3.5)"},
        {"scope_name": "gone", "description": "Never found."},
    ],
    "optional_scopes": [{"scope_name": "(no scope)"}],
    "distractors": ["X-OAuth-Scopes"],
}


def test_normalise_description_removes_markup_only(bench: ModuleType) -> None:
    norm = bench.normalise_description
    assert norm("Grants **full**  access to `repo`\n data.") == "Grants full access to repo data."
    assert norm("See [the docs](https://x.test) &amp; <b>more</b>") == "See the docs & more"
    assert norm("w\\_member\\_social {{< hint >}}x") == "w_member_social x"
    assert norm("Use {% data variables.a %}.", {"a": "Acme"}) == "Use Acme."
    assert norm("snake_case_name stays") == "snake_case_name stays"
    assert norm("Docs.<br>Includes x.") == "Docs. Includes x."
    assert norm("Endpoints:\n* `GET /a`\n* GET /b") == "Endpoints: GET /a GET /b"
    assert norm(None) == ""


def test_reference_style_links_normalise_to_their_text(bench: ModuleType) -> None:
    norm = bench.normalise_description
    assert norm("Grants the [Admin API].") == norm("Grants the Admin API.")
    assert norm("See [the guide][guide] first.") == "See the guide first."


def test_score_case_counts_hits_misses_and_false_positives(bench: ModuleType) -> None:
    records = [
        {"scope_name": "repo", "description": "Grants full access to repo data."},
        {"scope_name": "admin", "description": "Manage Acme Cloud."},
        {"scope_name": "old", "description": None, "version": "Deprecated"},
        {"scope_name": "(no scope)", "description": "neutral"},
        {"scope_name": "X-OAuth-Scopes", "description": None},
    ]
    score = bench.score_case(CASE, records, ["oauth2"], 0.5)
    assert (score.expected, score.found, score.false_positives) == (4, 3, 1)
    assert score.recall == 0.75
    assert score.precision == 0.75
    assert (score.descriptions, score.descriptions_exact) == (2, 2)
    assert (score.versions, score.versions_ok) == (1, 1)
    assert score.auth_ok is None  # an OAuth case: no auth-method check
    assert "false positive (distractor): 'X-OAuth-Scopes'" in score.shortfalls
    assert "missed: 'gone'" in score.shortfalls


def test_wrong_description_and_missing_version_are_shortfalls(bench: ModuleType) -> None:
    records = [
        {"scope_name": "repo", "description": "Grants access."},
        {"scope_name": "old", "description": None, "version": None},
    ]
    score = bench.score_case(CASE, records, [], 0.0)
    assert (score.descriptions, score.descriptions_exact) == (1, 0)
    assert score.version_rate == 0
    assert any(s.startswith("description differs: 'repo'") for s in score.shortfalls)


def test_api_key_case_needs_the_method_stated(bench: ModuleType) -> None:
    case = {"auth_method": "api_key", "expected_scopes": []}
    assert bench.score_case(case, [], ["basic", "api_key"], 0.0).auth_ok is True
    missed = bench.score_case(case, [], ["oauth2"], 0.0)
    assert missed.auth_ok is False
    assert missed.recall is None and missed.precision is None


def test_totals_are_micro_averages(bench: ModuleType) -> None:
    a = bench.CaseScore(expected=10, found=9, returned=9, seconds=1.0)
    b = bench.CaseScore(expected=90, found=90, returned=91, false_positives=1, seconds=2.0)
    total = bench.totals([a, b])
    assert total["recall"] == "99.0%"
    assert total["precision"] == "99.0%"
    assert total["seconds"] == 3.0


def test_baseline_keeps_tables_with_a_scope_column(bench: ModuleType) -> None:
    page = bench._markdown_html(
        "| Scope | Description |\n| --- | --- |\n| `a.read` | Read **a**. |\n\n"
        "| Endpoint | Method |\n| --- | --- |\n| /x | GET |\n"
    )
    assert bench.baseline_records(page) == [{"scope_name": "a.read", "description": "Read a."}]
    assert bench.baseline_records("<p>no tables</p>") == []


def test_generated_speed_documents_have_the_promised_size(bench: ModuleType) -> None:
    page = bench.markdown_page(tables=130)
    assert page.count("| Scope | Description |") == 130
    assert 180_000 < len(page) < 260_000


def test_a_description_where_the_page_gives_none_is_counted(bench: ModuleType) -> None:
    case = {"expected_scopes": [{"scope_name": "a.read", "description": None}]}
    records = [{"scope_name": "a.read", "description": "Sub-Account"}]
    score = bench.score_case(case, records, [], 0.0)
    assert score.wrong_column == 1
    assert score.silent  # a wrong description and no warning
    score.warnings = 1
    assert not score.silent


def test_rows_collapsed_onto_few_names_are_counted(bench: ModuleType) -> None:
    records = [
        {"scope_name": name, "locator": f"table 2 row {i}"}
        for i, name in enumerate(["read", "write", "read", "read", "write", "read"], start=1)
    ]
    records.append({"scope_name": "x.y", "locator": "table 3 row 1"})
    assert bench.collapsed_tables(records) == ["table 2"]
    score = bench.score_case({"expected_scopes": []}, records, [], 0.0)
    assert score.collapsed_tables == 1
    assert score.silent  # doubtful and no warning
    score.warnings = 1
    assert not score.silent


def test_per_kind_rows_sharing_a_name_are_not_collapsed(bench: ModuleType) -> None:
    records = [
        {"scope_name": f"S{i}.Read", "kind": kind, "locator": f"table 1 row {2 * i + k}"}
        for i in range(4)
        for k, kind in enumerate(("delegated", "application"))
    ]
    assert bench.collapsed_tables(records) == []


def test_asciidoc_references_and_links_normalise_to_their_text(bench: ModuleType) -> None:
    source = "See the <<_token_guide, Token guide>> and https://a.test/x[the spec, window=_blank]."
    rendered = "See the Token guide and the spec."
    assert bench.normalise_description(source) == rendered
    assert bench.normalise_description("Read <<faq>> or link:/docs/a[docs].") == "Read faq or docs."


def test_audit_counts_missed_names_among_candidates_and_noise(bench: ModuleType) -> None:
    records = [{"scope_name": "repo"}, {"scope_name": "admin"}]
    missing = bench.score_case(CASE, records, [], 0.0)
    bench.score_audit(missing, CASE, records, ["old", "x.y"], ["a warning"], ["repo", "gone"])
    assert (missing.missed, missing.missed_in_candidates) == (2, 1)
    assert missing.audit_recall == 0.5 and missing.noise is None  # not a complete document
    assert missing.hidden == 1  # 'gone': neither a candidate nor named in a warning
    assert missing.blind_found == 2
    everything = [{"scope_name": n} for n in ("repo", "admin", "old", "gone")]
    complete = bench.score_case(CASE, everything, [], 0.0)
    bench.score_audit(complete, CASE, everything, ["a.b"], [])
    assert complete.noise == 0.25 and complete.hidden == 0
    total = bench.totals([missing, complete])
    assert total["audit_recall"] == "50.0% (1/2)"
    assert total["noise"] == "25.0% (1/4 on 1 complete)"
    assert total["hidden_misses"] == 1
