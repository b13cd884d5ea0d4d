"""Names beside scopes that their column header, list lead-in or sentence calls something
else: no candidates (APIs, client types, claims, the protocol's name, a grammar's terms)."""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.candidates_labels import label_notes
from factory.extract.candidates_tables import header_holds_names, is_header_rule
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "r2a"


def test_names_beside_scopes_are_no_candidates() -> None:
    doc = load_source(str(FIXTURES / "noise_beside_scopes.md"), source_url="https://x.test/n.md")
    result = extract_document(doc)
    names = ["openid", "beacon:read", "beacon:write", "lamp:read", "lamp:write"]
    assert [s.scope_name for s in result.scopes] == names
    assert [c.scope_name for c in result.candidates] == []


def test_label_notes() -> None:
    assert label_notes("kiosk", "cell", "Client Type", "", "")
    assert label_notes("lampinfo", "cell", "Reachable APIs", "", "")
    assert not label_notes("lamp:read", "cell", "Scope", "", "")
    assert not label_notes("x", "cell", "Scope type", "", "")  # the header names scopes
    assert label_notes("amr", "item", "These claims are the following:", "", "")
    assert label_notes("oAuth2.0", "text", "", "", "")
    assert label_notes("owner", "code", "", "The ", " is a name")
    assert not label_notes("owner", "code", "", "The ", " scope is required")
    assert label_notes("lumenbank", "code", "", "names it (such as ", ")")
    assert not label_notes("lamp:read", "code", "", "(such as ", ")")
    # a parenthesis that is the name alone is how a list item gives its scope
    assert not label_notes("orchards", "code", "", "Reads the orchards (`", "`)")
    assert label_notes("harbours", "code", "", "(`docks` or `", "`)")
    # a header that is itself a name (a URL with "api" in it) names no other kind
    assert not label_notes("x", "cell", "https://api.example/auth/x.read", "", "")


def test_compact_header_rule_and_a_header_that_is_a_name() -> None:
    assert is_header_rule("|-|-|")
    assert is_header_rule("| :- | -: |")
    assert not is_header_rule("-")
    assert header_holds_names(["user.identity", "Allows reading the user"])
    assert not header_holds_names(["Scope", "Description"])
