"""The harvester on literal data in program source: candidates the structured reader missed.

Fixtures are invented pages of invented providers (``tests/fixtures/codesrc``).
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.detect import make_document, parse_structured
from factory.models import Document

FIXTURES = Path(__file__).parent / "fixtures" / "codesrc"


def _doc(name: str) -> Document:
    return make_document((FIXTURES / name).read_bytes(), f"https://docs.example.test/{name}")


def test_described_peers_in_a_neutral_array_are_candidates() -> None:
    result = extract_document(_doc("harvest_only.jsx"))
    assert result.scopes == ()  # no scope word names the data: the structured reader misses it
    found = {c.scope_name: c for c in result.candidates}
    assert set(found) == {"buoys.read", "buoys.calibrate", "alerts.subscribe"}
    candidate = found["buoys.read"]
    assert candidate.locator == "line 5: rows[0].key"
    assert "among 3 tokens of its shape" in candidate.why
    assert "Read the position and readings" in candidate.context
    assert any("3 candidate scope(s)" in w for w in result.warnings)


def test_the_harvester_alone_finds_data_under_scope_names() -> None:
    doc = _doc("constants.ts")
    candidates, _unconfirmed = harvest(segments_of(doc, "code", parse_structured), [])
    names = {c.scope_name for c in candidates}
    assert {"orders:read", "orders:write", "stock:read", "webhooks:manage"} <= names
    assert {"invoices:read", "invoices:pay"} <= names
    # routes, error messages and the API's address are no candidates
    assert not names & {"/orders", "rate_limited", "not_found", "server_error"}
    why = next(c.why for c in candidates if c.scope_name == "orders:read")
    assert "speaks of scopes" in why


def test_data_named_for_other_kinds_is_no_candidate() -> None:
    doc = _doc("distractors_only.jsx")
    candidates, _unconfirmed = harvest(segments_of(doc, "code", parse_structured), [])
    names = {c.scope_name for c in candidates}
    assert not names & {"incident.opened", "incident.closed", "new_charts", "live_refresh"}


def test_structured_names_from_script_data_are_confirmed() -> None:
    result = extract_document(_doc("script_data.html"))
    assert result.unconfirmed == ()
    assert not {c.scope_name for c in result.candidates} & {"page_view", "copy_code"}


def test_jsx_value_references_are_no_candidates() -> None:
    result = extract_document(_doc("react_page.tsx"))
    names = {c.scope_name for c in result.candidates}
    assert not names & {"scope.name", "scope.description", "ERROR_CODES"}


def test_a_prop_that_names_the_pages_own_data_is_no_candidate() -> None:
    result = extract_document(_doc("export_page.mdx"))
    assert len(result.scopes) == 3
    assert "permissions" not in {c.scope_name for c in result.candidates}
