"""Scope lists kept in SDK or server source other than JS: C# enums and constants, Java enums,
Python enums and dicts, PHP arrays and class constants, Go const blocks and maps, Ruby hashes
and Doorkeeper calls, Kotlin enums and ``mapOf``, Rust enums with serde renames, Swift enums
with raw values; lists and maps a function returns or that
statements fill one literal at a time (the structured reader and the harvester).

Every fixture under ``tests/fixtures/codesrc`` is an invented file of an invented provider.
The scope is always the string literal, never the identifier; a generated doc comment
("Enum Ledgerread for value: ledger:read") is no description.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import detect_format, extract_document
from factory.extract.detect import make_document
from factory.models import ExtractionResult
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "codesrc"

_IDENTIFIERS = {"LedgerRead", "LEDGER_READ", "ExampleScope", "Scopes", "ScopeLedgerRead"}
_IDENTIFIERS |= {"LedgerWrite", "PayoutsSend"}
_NEVER = _IDENTIFIERS | {
    "owner",
    "member",
    "admin",
    "viewer",
    "https://auth.example.test/oauth/token",
}


def _extract(name: str) -> ExtractionResult:
    body = (FIXTURES / name).read_bytes()
    return extract_document(make_document(body, f"https://sdk.example.test/src/{name}"))


def _rows(result: ExtractionResult) -> dict[str, str | None]:
    return {r.scope_name: r.description for r in result.scopes}


_LEDGER_READ = "Read the ledger entries of a workspace."
_EXPECTED: dict[str, dict[str, str | None]] = {
    "example_scopes.cs": {
        "ledger:read": None,  # "Enum Ledgerread for value: ledger:read" is boilerplate
        "ledger:write": None,
        "invoices:manage": "Read and change the invoices of every workspace.",
        "reports:export": "Export reports as CSV files.",
        "profile.read": "Read the profile of the signed-in user.",
        "profile.write": None,
        "offline_access": None,
        "vault:read": "Read secrets from the vault.",
        "vault:write": "Write secrets to the vault.",
        "audit.view": None,
    },
    "ExampleScopes.java": {
        "ledger:read": _LEDGER_READ,
        "ledger:write": "Create and change ledger entries.",
        "ledger:admin": None,  # "Gets or sets LEDGER_ADMIN"
        "invoices.read": "Read invoices.",
        "invoices.write": None,
        "profile": None,
        "reports.export": "Export reports as CSV files.",
        "reports.view": "View reports.",
    },
    "example_scopes.py": {
        "ledger:read": _LEDGER_READ,  # the docstring under the member
        "ledger:write": None,
        "ledger:admin": "Create and change ledger entries.",  # "#:" above the member
        "invoices.read": "Read invoices.",
        "invoices.write": "Create and send invoices.",
        "profile": None,
        "reports.export": None,  # SCOPE_* module constants
        "reports.view": None,
    },
    "ExampleScopes.php": {
        "ledger:read": _LEDGER_READ,
        "ledger:write": None,
        "invoices.read": "Read invoices.",
        "invoices.write": "Create and send invoices.",
        "profile": None,
        "reports.export": None,
        "reports.view": None,
    },
    "scopes.go": {
        "ledger:read": "ScopeLedgerRead reads the ledger entries of a workspace.",
        "ledger:write": "Create and change ledger entries.",  # its trailing comment
        "ledger:admin": None,
        "invoices.read": "Read invoices.",
        "invoices.write": "Create and send invoices.",
        "profile": None,
    },
    "scopes.rb": {
        "ledger:read": _LEDGER_READ,
        "ledger:write": "Create and change ledger entries.",
        "invoices.read": "Read invoices.",
        "profile": None,
        "reports.export": None,
        "reports.view": None,
    },
    "AuthServiceProvider.php": {  # Passport::tokensCan([...]), setDefaultScope([...])
        "ledger-read": "Read the entries of every ledger",
        "payouts-send": "Send payouts to saved recipients",
    },
    "ledger_scope_enum.ts": {  # a TypeScript enum: its values; "Role" speaks of no scopes
        "ledger:read": "Read the entries of every ledger.",
        "ledger:write": None,
    },
    "doorkeeper.rb": {"public": None, "write": None, "ledger:read": None, "admin.users": None},
    "StaticInitScopes.java": {  # a static initializer fills the map call by call
        "orders:read": "Read orders and their line items.",
        "orders:write": "Create and update orders.",
        "customers:read": "Read customer profiles.",
        "refunds:write": "Issue refunds.",
    },
    "ScopeCatalog.cs": {"ledger.read": None, "ledger.write": None, "payouts.send": None},
    "scope_catalog.php": {  # a method returns the map
        "ledger:read": "Read the entries of every ledger.",
        "ledger:write": "Create and change ledger entries.",
        "payouts:send": "Send payouts to saved recipients.",
    },
    "keyed_scopes.py": {  # SCOPES["a"] = "b", statement by statement
        "ledger:read": "Read the entries of every ledger.",
        "ledger:write": "Create and change ledger entries.",
    },
    "ledger_scopes.rs": {  # serde renames, consts in a module, a body that ends in vec![...]
        "ledger:read": "Read the entries of every ledger.",
        "ledger:write": "Create and change ledger entries.",
        "payouts:send": None,
        "reports:export": "Export reports as CSV files.",
        "reports:view": "View reports.",
    },
    "LedgerScope.swift": {  # an enum's raw values, a struct's static lets
        "ledger:read": "Read the entries of every ledger.",
        "ledger:write": "Create and change ledger entries.",
        "payouts:send": None,
        "reports:export": "Export reports as CSV files.",
        "reports:view": "View reports.",
    },
    "ledger_scope.dart": {  # an enhanced enum's constructor arguments (Java's shape)
        "ledger:read": "Read the entries of every ledger.",
        "ledger:write": "Create and change ledger entries.",
        "payouts:send": None,
    },
    "route_scopes.rb": {  # a map named for scopes whose values list no names: its keys
        "read": None,
        "write": None,
        "payouts_send": None,
        "push": None,
    },
    "merged_scopes.py": {  # a dict, then more of it merged in by .update({...})
        "ledger.read": "Read the entries of every ledger.",
        "ledger.write": "Create and change ledger entries.",
    },
    "ledger_scope_union.ts": {  # a union of string types; a map of identifiers to its names
        "ledger:read": "read the entries of every ledger",
        "ledger:write": "create and change ledger entries",
        "payouts:send": None,
    },
    "ExampleScopes.kt": {
        "ledger:read": _LEDGER_READ,
        "ledger:write": None,
        "invoices.read": None,
        "profile": None,
        "reports.export": "Export reports as CSV files.",
        "reports.view": "View reports.",
    },
}


@pytest.mark.parametrize("name", sorted(_EXPECTED))
def test_sdk_source_scopes_are_its_string_literals(name: str) -> None:
    result = _extract(name)
    assert result.format == "code"
    assert _rows(result) == _EXPECTED[name]
    assert not {r.scope_name for r in result.scopes} & _NEVER
    # the harvester reads the same data: nothing left over, nothing unconfirmed
    assert not result.candidates
    assert not result.unconfirmed


@pytest.mark.parametrize("name", ["ErrorOnly.cs", "HttpSetup.cs"])
def test_error_codes_addresses_headers_and_hosts_are_no_scopes(name: str) -> None:
    result = _extract(name)
    assert result.scopes == ()
    assert result.candidates == ()


def test_groups_of_permission_records_give_the_records_not_the_group_names() -> None:
    result = _extract("grouped_permissions.ts")
    assert _rows(result) == {
        "ledgers.read": "Read ledgers",
        "ledgers.write": "Write ledgers",
        "payouts.read": "Read payouts",
    }
    assert [r.section for r in result.scopes] == ["Ledgers", "Ledgers", "Payouts"]
    # a record's roles are its attribute, not a scope list
    assert not {c.scope_name for c in result.candidates} & {"admin", "viewer"}


@pytest.mark.parametrize(
    "suffix", [".cs", ".java", ".py", ".go", ".rb", ".kt", ".php", ".rs", ".swift", ".dart"]
)
def test_sdk_source_is_the_code_kind(suffix: str) -> None:
    body = b"<?php\nconst A = 'a';\n" if suffix == ".php" else b"x = 1\n"
    doc = make_document(body, f"https://sdk.example.test/scopes{suffix}")
    assert detect_format(doc) == "code"


def test_svelte_and_vue_components_are_pages_with_script_data() -> None:
    body = b'<script>\nconst scopes = [{ name: "a:read", description: "Read a." }];\n</script>\n'
    for suffix in (".svelte", ".vue"):
        doc = make_document(body, f"https://docs.example.test/Scopes{suffix}")
        assert detect_format(doc) == "html"


def test_a_served_page_about_a_source_file_stays_a_page() -> None:
    body = b"<!doctype html><html><body><h1>scopes.py</h1></body></html>"
    doc = make_document(body, "https://git.example.test/sdk/blob/main/scopes.py")
    assert detect_format(doc) == "html"


def test_php_that_mixes_markup_stays_a_page() -> None:
    body = b"<?php $title = 'Scopes'; ?>\n<html><body><h1>Scopes</h1></body></html>\n"
    doc = make_document(body, "https://sdk.example.test/scopes.php")
    assert detect_format(doc) != "code"


@pytest.mark.parametrize("name", ["example_scopes.cs", "grouped_permissions.ts", "scopes.go"])
def test_a_file_read_under_its_official_address_keeps_its_language(name: str) -> None:
    # the official address has no extension: the file's own extension names its language
    doc = load_source(str(FIXTURES / name), source_url="https://docs.example.test/oauth/scopes/")
    assert detect_format(doc) == "code"
    assert extract_document(doc).scopes


def test_scopes_the_data_reader_does_not_reach_are_candidates_not_lost() -> None:
    """Builder calls (``Scope.named("a").describedAs("b")``) are no literal data, and the one
    literal the file binds (its roles) gives no scope: the harvester reads the file's quoted
    values as code under its first line that names scopes (its doc comment), so its scopes
    are candidates, and neither the package line nor the roles are."""
    result = extract_document(load_source(str(FIXTURES / "BuilderScopes.java")))
    assert result.scopes == ()
    found = {c.scope_name for c in result.candidates}
    assert {"orders:read", "orders:write", "customers:read", "refunds:write"} <= found
    assert not found & {"com.example.sdk", "owner", "member", "billing.admin"}
    assert {c.why for c in result.candidates} == {
        "section 'OAuth scopes of the Example Orders API.' speaks of scopes"
    }
    assert any("candidate" in w for w in result.warnings)
