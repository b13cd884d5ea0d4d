"""Layout families of official scope pages no reader took (outside7 development set).

Every page here is invented (``fixtures/r2b/``): it shows the family, never a provider's
text. A scope cell that gives a label, then the name in code (with a footnote number styled
as a superscript); a pipe table written without a header, whose first scope row renders as
the header; a delimiter row whose first dash a converter escaped; a first column naming the
API each scope opens; a fragment without title or heading, named by its address; a list
item that is a name and the word "scope".
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.address_title import address_title
from factory.extract.candidates import harvest, segments_of
from factory.extract.cell_labels import label_then_name
from factory.extract.detect import make_document, parse_structured
from factory.extract.endpoint_column import names_apis
from factory.extract.html_soup import parse_html
from factory.extract.html_tables import build_grid
from factory.extract.html_walk import text_of
from factory.extract.markdown_delims import unescape_delimiter_rows
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures" / "r2b"


def _extract(name: str, url: str | None = None) -> ExtractionResult:
    data = (FIXTURES / name).read_bytes()
    return extract_document(make_document(data, url or f"https://docs.example.test/{name}"))


def _text(text: str, url: str = "https://docs.example.test/page.md") -> ExtractionResult:
    return extract_document(make_document(text.encode(), url))


def _rows(result: ExtractionResult) -> dict[str, str | None]:
    return {r.scope_name: r.description for r in result.scopes}


def test_a_scope_cell_of_a_label_then_the_name_in_code_gives_the_name() -> None:
    result = _extract("labelled_cells.md")
    # the claims in the other column are no scopes; the footnote numbers are no part of names
    assert list(_rows(result)) == ["signin", "garden_profile", "harvest_history", "shed_keys"]


def test_label_then_name_needs_a_colon_and_the_span_last() -> None:
    assert label_then_name("Sign-in requests: signin", ["signin"])
    assert not label_then_name("signin lets the app sign in", ["signin"])
    assert not label_then_name("Use signin: for sign-in", ["signin"])
    assert not label_then_name("Either: a or b", ["a", "b"])


def test_a_header_row_that_is_a_scope_row_is_read_as_one() -> None:
    rows = _rows(_extract("header_row_is_scope.md"))
    assert rows == {
        "kettle.read": "Lets the app read the kettle temperature",
        "kettle.boil": "Lets the app start the kettle boiling",
        "kettle.schedule": "Lets the app plan a boil for later",
    }


def test_a_real_header_row_stays_a_header() -> None:
    page = (
        "# Scopes\n\n| Scope | What it allows the app to do |\n|-|-|\n"
        "| kettle.read | Read the kettle |\n| kettle.boil | Boil the kettle |\n"
    )
    assert list(_rows(_text(page))) == ["kettle.read", "kettle.boil"]


def test_a_headerless_table_off_a_scope_page_is_not_read() -> None:
    page = (
        "# Configuration keys\n\n| log.level | The level of the log lines written |\n|-|-|\n"
        "| log.path | The folder the log files are written to |\n"
    )
    assert not _text(page).scopes


def test_an_escaped_delimiter_row_makes_a_table_again() -> None:
    fixed, count = unescape_delimiter_rows("A | B\n\\---|---\nx | y\n")
    assert (fixed, count) == ("A | B\n---|---\nx | y\n", 1)
    code = "```\nA | B\n\\---|---\n```\n"
    assert unescape_delimiter_rows(code) == (code, 0)
    # the API column names the product: the scopes are read, with no description
    assert _rows(_extract("escaped_delimiter.md")) == {
        "https://auth.lantern.example.test/scopes/lantern": None,
        "https://auth.lantern.example.test/scopes/wick": None,
    }


def test_an_api_column_of_endpoints_is_no_column_of_api_names() -> None:
    def grid(first: str):  # type: ignore[no-untyped-def]
        table = parse_html(
            f"<table><tr><th>API</th><th>Scope</th></tr><tr><td>{first}</td>"
            "<td><code>lantern.read</code></td></tr></table>"
        ).find("table")
        return build_grid(table)

    assert names_apis(grid("Lantern API"), "api", text_of)
    assert not names_apis(grid("GET /lanterns"), "api", text_of)
    assert not names_apis(grid("lanterns.list"), "api", text_of)
    assert not names_apis(grid("Lantern API"), "endpoint", text_of)


def test_a_fragment_without_heading_takes_its_title_from_its_address() -> None:
    url = "https://docs.example.test/reference/scopes/"
    rows = _rows(_extract("fragment_bullets.md", url))
    assert rows == {
        "profile": "Read the public profile of the rider.",
        "rides": "List the rides of the rider.",
        "payouts": "Read the payouts of the rider.",
    }
    # an address that does not name scopes gives no title, and nothing is read
    assert not _extract("fragment_bullets.md", "https://docs.example.test/riders/").scopes


def test_a_page_with_a_heading_keeps_its_own_words() -> None:
    soup = parse_html("<h2>Riders</h2><ul><li><b>rides</b>: list rides</li></ul>")
    assert address_title(soup, "https://docs.example.test/oauthScopes.html") == ""
    bare = parse_html("<ul><li><b>rides</b>: list rides</li></ul>")
    assert address_title(bare, "https://docs.example.test/oauthScopes.html") == "oauth scopes"
    assert address_title(bare, None) == ""


def test_a_list_item_of_a_name_and_the_word_scope_names_it() -> None:
    result = _extract("called_scope_items.md")
    # the nested claim items are no scopes
    assert list(_rows(result)) == ["berth_read", "fuel_read", "openid", "profile"]
    page = "# Scopes\n\nThe page lists:\n\n- Public scope\n- Admin scope\n"
    assert not _text(page).scopes  # capitalised words are labels, not names


def _harvested(name: str, url: str | None = None) -> list[str]:
    """What the harvester alone finds (no structured names given)."""
    data = (FIXTURES / name).read_bytes()
    doc = make_document(data, url or f"https://docs.example.test/{name}")
    candidates, _ = harvest(segments_of(doc, "markdown", parse_structured), [])
    return [c.scope_name for c in candidates]


def test_the_harvester_alone_finds_a_fragment_named_by_its_address() -> None:
    url = "https://docs.example.test/reference/scopes/"
    # the third item has no colon after its bold name: it still leads its item
    assert _harvested("fragment_bullets.md", url) == ["profile", "rides", "payouts"]
    assert _harvested("fragment_bullets.md", "https://docs.example.test/riders/") == []


def test_the_harvester_alone_finds_labelled_names_in_a_scope_column_only() -> None:
    found = _harvested("labelled_cells.md")
    assert found[:4] == ["signin", "garden_profile", "harvest_history", "shed_keys"]
    assert "shed_code" not in found  # a claims column's "Label: `claim`" is no name


def test_the_harvester_alone_finds_name_scope_items() -> None:
    found = _harvested("called_scope_items.md")
    assert {"openid", "profile"} <= set(found)
    assert "nickname" not in found
