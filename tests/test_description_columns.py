"""Description columns beyond English header words: "Beschreibung", "설명", and the lone
column right of the scopes in a two-column table (unless its header names another thing)."""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.description_columns import lone_description
from factory.models import ExtractionResult
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "r2a"


def run(name: str) -> ExtractionResult:
    return extract_document(load_source(str(FIXTURES / name), source_url=f"https://x.test/{name}"))


def described(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(s.scope_name, s.description) for s in result.scopes]


def test_german_description_header_names_the_description_column() -> None:
    assert described(run("german_description.md")) == [
        ("fahrplan:lesen", "Darf Fahrpläne lesen."),
        ("fahrplan:schreiben", "Darf Fahrpläne ändern."),
        ("wagen:buchen", "Darf Wagen reservieren."),
    ]


def test_korean_description_header_is_a_description_not_a_scope_column() -> None:
    assert described(run("korean_description.md")) == [
        ("garden:read", "정원 정보를 읽습니다."),
        ("garden:write", "정원 정보를 바꿉니다."),
        ("seed:read", None),  # an empty cell: no description
    ]


def test_lone_column_right_of_the_scopes_is_their_description() -> None:
    found = described(run("lone_column.md"))
    assert found[:3] == [
        ("fjordline:ferries", "ferries"),
        ("fjordline:tickets.read", "tickets (GET)"),
        ("fjordline:tickets.write", "tickets (POST, DELETE)"),
    ]
    # "Function | OAuth Scope": a label left of the scopes; "Scope | Claims": another thing
    assert all(desc is None for _name, desc in found[3:])


def test_lone_description_rules() -> None:
    assert lone_description(["scope", "limited to /api/x"], {0}) == 1
    assert lone_description(["scope", "claims"], {0}) is None
    assert lone_description(["scope", "type"], {0}) is None
    assert lone_description(["method", "scope"], {1}) is None
    assert lone_description(["scope", "what", "notes"], {0}) is None
