"""GraphQL schemas (SDL): the scope enum's values, with their descriptions, and nothing else.

The fixture is an invented schema of an invented provider ("Example Ledger").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.errors import ExtractionError
from factory.extract import detect_format, extract_document
from factory.research.load import load_source

FIXTURE = Path(__file__).parent / "fixtures" / "graphql" / "ledger.graphqls"


def test_the_enum_a_directive_takes_as_its_scope_lists_the_scopes() -> None:
    result = extract_document(load_source(str(FIXTURE)))
    assert result.format == "graphql"
    rows = {r.scope_name: (r.description, r.version) for r in result.scopes}
    assert rows == {
        "LEDGERS": ("ledgers and their entries", None),  # a directive's text
        "PAYOUTS": ("Payouts to saved recipients", None),  # the value's own description
        "AUDIT": (None, "deprecated"),
    }
    assert [r.locator for r in result.scopes] == [
        "line 8: LEDGERS",
        "line 10: PAYOUTS",  # the name's line, not its description's
        "line 11: AUDIT",
    ]
    assert [a.method for a in result.auth] == ["oauth2"]
    # the fields a directive says need a scope are operations least-privilege reads
    assert [(o.operation_id, o.alternatives, o.via) for o in result.operations] == [
        ("Query.ledger", (("LEDGERS",),), "@needs directive"),
        ("Query.payouts", (("PAYOUTS",),), "@needs directive"),
    ]
    assert any("require one of its scopes (LEDGERS x1, PAYOUTS x1)" in w for w in result.warnings)


def test_an_enum_named_for_scopes_counts_without_a_directive(tmp_path: Path) -> None:
    schema = tmp_path / "schema.graphql"
    schema.write_text(
        'enum OAuthScope {\n  "Read ledgers"\n  READ_LEDGERS\n  WRITE_LEDGERS\n}\n'
        "enum Role {\n  OWNER\n  MEMBER\n}\n",
        encoding="utf-8",
    )
    result = extract_document(load_source(str(schema)))
    assert [(r.scope_name, r.description) for r in result.scopes] == [
        ("READ_LEDGERS", "Read ledgers"),
        ("WRITE_LEDGERS", None),
    ]


def test_a_schema_without_a_scope_enum_says_so_and_a_broken_one_is_a_clear_error(
    tmp_path: Path,
) -> None:
    plain = tmp_path / "plain.graphql"
    plain.write_text("enum Visibility {\n  PUBLIC\n  PRIVATE\n}\n", encoding="utf-8")
    result = extract_document(load_source(str(plain)))
    assert result.scopes == () and "no enum of the schema speaks of scopes" in result.warnings[0]
    broken = tmp_path / "broken.gql"
    broken.write_text("enum Scope {\n  READ\n", encoding="utf-8")
    assert detect_format(load_source(str(broken))) == "graphql"
    with pytest.raises(ExtractionError, match="not a GraphQL schema"):
        extract_document(load_source(str(broken)))
