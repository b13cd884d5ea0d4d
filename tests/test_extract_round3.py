"""Requirement tables as a page's list, attribute-qualified names, AsciiDoc tables with long
delimiters and bold headers, and the harvester's parts of names (access levels, grid labels,
wildcard families, claim columns, JSON keys of examples).

Fixtures under ``tests/fixtures/round3`` are invented providers written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.candidates_confirm import NameParts, part_of_names
from factory.extract.text import looks_like_scope
from factory.models import ExtractionResult
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "round3"


def extracted(name: str) -> ExtractionResult:
    return extract_document(load_source(str(FIXTURES / name)))


def names(result: ExtractionResult) -> set[str]:
    return {r.scope_name for r in result.scopes}


def candidates(result: ExtractionResult) -> set[str]:
    return {c.scope_name for c in result.candidates}


def test_method_tables_are_the_list_of_a_page_that_has_no_other() -> None:
    result = extracted("method_scopes.md")
    assert names(result) == {
        "LK.Kettles",
        "LK.Kettles.Read",
        "LK.Kettles.Write",
        "LK.Telemetry",
        "LK.Timers.Write",
    }
    assert not candidates(result)
    assert any("method/endpoint requirement tables" in w for w in result.warnings)
    record = next(r for r in result.scopes if r.scope_name == "LK.Telemetry")
    assert record.description is None
    assert record.section is not None and "Kettles" in record.section


def test_a_scope_page_with_its_own_table_leaves_its_method_tables_alone() -> None:
    result = extracted("scope_page_with_method_table.md")
    assert names(result) == {"pond:read", "pond:write", "heron:read", "heron:write"}
    assert not any("requirement tables" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("token", "shaped"),
    [
        ("Render/Layer=harbour:piers", True),
        ("Export/format=png", True),
        ("scope=read", False),
        ("/x=y", False),
        ("a/b=", False),
    ],
)
def test_attribute_qualified_names_are_scope_shaped_and_queries_are_not(
    token: str, shaped: bool
) -> None:
    assert looks_like_scope(token) is shaped


def test_asciidoc_table_with_long_delimiters_and_bold_header_is_read() -> None:
    result = extracted("qualified.adoc")
    described = {r.scope_name: r.description for r in result.scopes}
    assert described == {
        "Render": "Render any layer",
        "Render/Layer=harbour:piers": "Render the piers layer",
        "Export/format=png": "Export as PNG",
    }


def test_parts_of_names_claims_and_example_keys_are_no_candidates() -> None:
    result = extracted("parts.md")
    assert names(result) == {
        "fen.boats.read",
        "fen.boats.manage",
        "fen.docks.read",
        "fen.docks.manage",
    }
    found = candidates(result)
    for noise in (
        "read",
        "manage",
        "fen.*",
        "boat_names",
        "dock_list",
        "dock_owner",
        "error_description",
    ):
        assert noise not in found


def test_part_of_names_rules() -> None:
    parts = NameParts.of({"x.files.read", "x.files.write", "x.users.read"})
    assert "part of 2 structured names" in part_of_names("read", parts)
    assert "family" in part_of_names("x.files.*", parts)
    assert part_of_names("write", parts) == ""  # one holder, no grid of peers
    assert "part of" in part_of_names("write", parts, {"files", "users", "x"})
    assert part_of_names("admin", parts) == ""
    flat = NameParts.of({"read", "write", "x.read"})
    assert part_of_names("read", flat) == ""  # flat names: words are names there
