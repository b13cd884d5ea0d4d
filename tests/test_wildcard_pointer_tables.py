"""A column of addresses of scope lists is no scope column (and its section's lists stay
prose); a trailing ``*`` in a column of wildcard patterns is a wildcard, kept as written."""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.description_columns import points_to_scopes
from factory.extract.detect import make_document
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "r2a"


def test_pointer_table_and_wildcard_families() -> None:
    doc = load_source(str(FIXTURES / "pointer_and_wildcards.md"), source_url="https://x.test/p.md")
    result = extract_document(doc)
    assert [s.scope_name for s in result.scopes] == [
        "openid",
        "canal:read",
        "brightwater:locks*",
        "brightwater:tolls*",
        "registry/*",
    ]
    assert any("3 wildcard pattern(s)" in w for w in result.warnings)
    # the stripped forms are the same names, not candidates
    assert "brightwater:locks" not in {c.scope_name for c in result.candidates}
    assert "brightwater:locks*" not in result.unconfirmed


def test_a_footnote_star_is_still_dropped_without_wildcards_beside_it() -> None:
    page = (
        "# Scopes\n\n| Scope | Description |\n|---|---|\n| `mail.read`* | Reads mail |\n"
        "| `mail.send` | Sends mail |\n\n\\* needs a review by the provider\n"
    )
    result = extract_document(make_document(page.encode(), "https://x.test/f.md"))
    assert [s.scope_name for s in result.scopes] == ["mail.read", "mail.send"]


def test_points_to_scopes() -> None:
    assert points_to_scopes("url to list of scopes")
    assert points_to_scopes("link to the scopes")
    assert not points_to_scopes("scope")
    assert not points_to_scopes("oauth scopes")
