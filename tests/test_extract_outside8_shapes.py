"""Outside8 shapes (round 4, part A), for both readers: a code span that lists scopes joined
by commas (``openid,read_orgs``) is that many names; a "Metascopes" column is a scope column;
an "APIs" column whose names hold a slash ("Q/A Haulage") names APIs, not paths; a table headed
"Attribute | Notes" right under a heading that names scopes lists scopes; a list led by "the
values of the scope parameter" lists scopes although its lead says "parameter".

Fixtures under ``tests/fixtures/r4a`` are invented providers written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.comma_spans import comma_listed
from factory.extract.detect import parse_structured
from factory.extract.scope_parameter import names_scope_parameter
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "r4a"
COMMA = {"openid", "wick.read", "glass_studio", "LanternID", "oil_orders", "depot.manifestFlags"}


def _read(name: str) -> dict[str, str | None]:
    result = extract_document(load_source(str(FIXTURES / name)))
    return {s.scope_name: s.description for s in result.scopes}


def _blind(name: str, kind: str) -> set[str]:
    doc = load_source(str(FIXTURES / name))
    found, _ = harvest(segments_of(doc, kind, parse_structured), [])
    return {c.scope_name for c in found}


def test_a_comma_joined_code_span_is_a_list_of_names() -> None:
    assert comma_listed("openid,LanternID, oil_orders") == ["openid", "LanternID", "oil_orders"]
    assert comma_listed("openid") == []
    assert comma_listed("f(a, b)") == []  # code, not names
    assert comma_listed("read the docs, then write") == []  # a phrase


def test_the_structured_reader_splits_comma_joined_scope_cells() -> None:
    result = extract_document(load_source(str(FIXTURES / "comma_scopes.md")))
    assert {s.scope_name for s in result.scopes} == COMMA
    assert result.candidates == ()
    assert not any("never seen in scope context" in w for w in result.warnings)


def test_the_harvester_alone_reads_each_name_of_a_comma_joined_span() -> None:
    assert _blind("comma_scopes.md", "markdown") >= COMMA  # "LanternID" too, in its span


def test_a_metascopes_column_under_api_names_with_a_slash_is_read() -> None:
    found = _read("metascopes.md")
    assert set(found) == {
        f"https://auth.quarrytel.example/m/{n}"
        for n in ("haul_reader", "route_sdk", "cutter_sdk", "polish_sdk")
    }
    assert set(found.values()) == {None}  # the API column names the API, not the scope


def test_an_attribute_table_under_a_scope_heading_lists_scopes() -> None:
    found = _read("attribute_table.md")
    assert found == {
        "deck:write": "Change deck plans and berth lists.",
        "tickets": "Sell, refund or move tickets.",
        "tides": "Read the tide tables.",
    }  # the same header under "Token response" lists no scopes


def test_a_list_of_the_scope_parameters_values_lists_scopes() -> None:
    found = _read("scope_parameter.rst")
    assert set(found) == {"kinship", "ledger"}  # not the request parameters further down
    assert found["kinship"] == "with this value the client obtains the family record:"


def test_only_the_scope_parameter_makes_a_parameter_lead_a_scope_lead() -> None:
    assert names_scope_parameter("In case of using the scope parameter, these values work:")
    assert names_scope_parameter("Allowed values of the parameter `scope`:")
    assert not names_scope_parameter("The token request takes these parameters:")
    assert not names_scope_parameter("The scope parameter is required.")
