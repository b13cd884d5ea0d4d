"""Scope pairs, family headings and the names of other kinds beside scopes.

Every page here is invented (``fixtures/pairs/``): it shows the family, never a provider's
text. A list item, table cell or heading that names the scopes of one resource together
(``read_x / write_x``) gives every name with the item's description; a backticked family
heading over its scopes is a group; access levels, token and grant types, error codes, event
types, capabilities, flags and resource words are neither scopes nor candidates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.detect import make_document, parse_structured
from factory.extract.other_kinds import heading_names_other
from factory.extract.scope_pairs import pair_tokens
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"


def _doc(name: str):  # type: ignore[no-untyped-def]
    path = FIXTURES / name
    return make_document(path.read_bytes(), f"https://docs.example.test/{name}")


def _extract(name: str) -> ExtractionResult:
    return extract_document(_doc(name))


def _rows(result: ExtractionResult) -> dict[str, str | None]:
    return {r.scope_name: r.description for r in result.scopes}


def test_every_name_of_a_pair_item_with_the_shared_description() -> None:
    result = _extract("pairs_list.md")
    rows = _rows(result)
    assert list(rows) == [
        "read_orders",
        "write_orders",
        "read_parcels",
        "write_parcels",
        "read_ledgers",
        "write_ledgers",
        "read_tills",
        "write_tills",
        "read_staff",
    ]
    assert rows["read_orders"] == rows["write_orders"] == "Read or change the orders of the shop."
    # the description below the names (a line break in the item), verbatim, shared
    assert rows["write_ledgers"] == "Read or change ledger entries and their lines."
    # the nested lists of resource names are no scopes and no candidates
    assert not result.candidates


def test_pairs_in_table_cells_and_headings_in_code_or_not() -> None:
    result = _extract("pairs_places.html")
    rows = _rows(result)
    assert {"read_crates", "write_crates", "read_carts", "write_carts"} <= set(rows)
    assert rows["read_notes"] == rows["write_notes"] == "Read or change order notes."
    assert rows["write_crates"] == "Read or change crates."
    assert len(rows) == 11 and not result.candidates


def test_the_harvester_alone_takes_every_name_of_a_pair() -> None:
    doc = _doc("pairs_list.md")
    found, _ = harvest(segments_of(doc, "markdown", parse_structured), [])
    names = {c.scope_name for c in found}
    assert {"read_orders", "write_orders", "read_tills", "write_tills", "write_ledgers"} <= names


@pytest.mark.parametrize(
    ("text", "names", "rest"),
    [
        ("`a_x` / `b_x`: text", ["a_x", "b_x"], ": text"),
        ("a_x, b_x - text", ["a_x", "b_x"], " - text"),
        ("a:x | `b` and c.x", ["a:x", "b", "c.x"], ""),
    ],
)
def test_pair_tokens(text: str, names: list[str], rest: str) -> None:
    codes = [part.strip("`") for part in text.split() if part.startswith("`")]
    assert pair_tokens(text.replace("`", ""), [c.rstrip("`:") for c in codes]) == (names, rest)


def test_no_pair_in_words_a_single_name_or_wildcards() -> None:
    assert pair_tokens("Orders and notes", []) is None
    assert pair_tokens("a_x: read the x", []) is None
    assert pair_tokens("issues/*, labels/* routes", []) is None


def test_a_family_heading_is_a_group_unless_the_page_describes_it_as_a_scope() -> None:
    result = _extract("group_headings.md")
    rows = _rows(result)
    assert "grid" not in rows  # a heading over grid:read and grid:write
    # its own row under the heading says what it is (one record, the row's description)
    assert rows["tiles"] == "Full access to tiles, read and write."
    assert [r.scope_name for r in result.scopes].count("tiles") == 1
    # a heading described by a sentence of its own is a scope
    assert rows["bricks"] == "Full access to bricks and everything under them."
    assert not result.candidates


def test_names_of_other_kinds_beside_scopes_are_no_scopes_nor_candidates() -> None:
    result = _extract("noise.md")
    names = [r.scope_name for r in result.scopes]
    assert names == [
        "ledger:read",
        "ledger:write",
        "wallet:read",
        "wallet:write",
        "issue:read",
        "issue:write",
    ]
    # the one scope the page names only in a sentence stays a candidate
    assert [c.scope_name for c in result.candidates] == ["kiln:sync"]


@pytest.mark.parametrize(
    ("heading", "other"),
    [
        ("Scope errors", True),
        ("Events your scopes let you receive", True),
        ("Capabilities and flags", True),
        ("Access levels", True),
        ("Permission levels", False),
        ("Issues & Events", False),
        ("Reference > Event.Read.All", False),
        ("Scopes", False),
    ],
)
def test_headings_that_name_other_kinds(heading: str, other: bool) -> None:
    assert heading_names_other(heading) is other


def test_a_query_scope_value_written_with_spaces_gives_every_name() -> None:
    # with the noise gone, a request line is the only place these names stand
    page = (
        "# Ferrow\n\n## Scopes\n\nAsk for every scope your app needs:\n\n```http\n"
        "GET https://auth.ferrow.example/authorize?client_id=abc&scope=kiln/read kiln/write"
        " vat/read&state=xyz\n```\n"
    )
    doc = make_document(page.encode(), "https://docs.example.test/request.md")
    found, _ = harvest(segments_of(doc, "markdown", parse_structured), [])
    assert {"kiln/read", "kiln/write", "vat/read"} <= {c.scope_name for c in found}


def test_a_headerless_table_of_pairs_with_names_in_code_or_not() -> None:
    rows = "".join(
        f"<tr><td>{a} / {b}</td><td>Read or change the {r}.</td></tr>"
        for a, b, r in [
            ("<code>Vat.Logs.Read</code>", "Vat.Logs.Write", "vat logs"),
            ("Kiln.Plans.Read", "<code>Kiln.Plans.Write</code>", "kiln plans"),
            ("Tub.Notes.Read", "Tub.Notes.Write", "tub notes"),
            ("<code>Jar.Items.Read</code>", "<code>Jar.Items.Write</code>", "jar items"),
        ]
    )
    page = f"<h1>Ferrow</h1><h2>Scopes</h2><p>The scopes:</p><table>{rows}</table>"
    doc = make_document(page.encode(), "https://docs.example.test/headerless.html")
    rows_found = _rows(extract_document(doc))
    assert len(rows_found) == 8
    assert (
        rows_found["Kiln.Plans.Read"]
        == rows_found["Kiln.Plans.Write"]
        == "Read or change the kiln plans."
    )
