"""Raw HTML tables in Markdown/MDX pages, for both readers: the structured reader takes the
column of names in code over the column of row titles in words ("Name | Key"), and the
harvester reads the table as the HTML it renders to (a column of names under a scope
section), its title column neither a candidate nor proof of a structured name. And the
one other column of a two-column scope table, in words under a header that is a sentence's
start, is its description. A page that never names scopes gives no candidates under its
flow's "Authorization" heading; lower-case word headings under a scope heading are names.

Fixtures under ``tests/fixtures/r3`` are invented providers written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import candidates_markup, extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.candidates_html_blocks import html_table_end
from factory.extract.detect import parse_structured
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "r3"
KEYS = {"tree", "crate", "press.cider", "ox", "hive.inspect", "ladder-rental"}
TITLES = ["Trees", "Harvest crates", "Cider presses", "Oxen", "Beehives", "Ladders"]


def _segments(name: str) -> list:
    doc = load_source(str(FIXTURES / name))
    return list(segments_of(doc, "markdown", parse_structured))


def test_the_structured_reader_takes_the_key_column_over_the_title_column() -> None:
    result = extract_document(load_source(str(FIXTURES / "html_table_keys.mdx")))
    found = {s.scope_name: s.description for s in result.scopes}
    assert set(found) == KEYS
    assert found["press.cider"] == "Grants access to run the cider presses."
    assert result.candidates == ()


def test_the_harvester_alone_reads_a_raw_html_table_as_columns() -> None:
    found, _ = harvest(_segments("html_table_keys.mdx"), [])
    names = {c.scope_name for c in found}
    assert names >= KEYS
    assert not names & {*TITLES, "Everything", "colgroup"}
    crate = next(c for c in found if c.scope_name == "crate")
    assert crate.locator.startswith("line 12 (HTML table 1 column 2")
    assert "Scope list" in crate.why  # the source's heading path holds the table


def test_titles_a_reader_took_for_names_are_unconfirmed_and_the_keys_shown() -> None:
    found, unconfirmed = harvest(_segments("html_table_keys.mdx"), TITLES)
    assert {c.scope_name for c in found} >= KEYS
    # "Ladders" stands in a sentence about a scope below the table: it stays confirmed
    assert set(unconfirmed) == {"Trees", "Harvest crates", "Cider presses", "Oxen", "Beehives"}


def test_a_two_letter_code_cell_is_a_name_only_among_peers_in_code() -> None:
    text = "# Scopes\n\n| Key | Description |\n| --- | --- |\n| `ox` | Yoke oxen. |\n"
    found, _ = harvest(candidates_markup.text_segments(text), [])
    assert found == ()


def test_a_table_that_never_closes_is_read_as_text() -> None:
    lines = ["<table>", "<tr><td>a</td></tr>", "text"]
    assert html_table_end(lines, 0) is None
    assert html_table_end(["<table><tr><td>a</td></tr></table>"], 0) == 1
    assert html_table_end(["  <table>", "<table>", "</table>", "</table>", "x"], 0) == 4
    assert html_table_end(["<p>x</p>"], 0) is None


def test_a_sentence_header_beside_the_scope_column_is_its_description() -> None:
    result = extract_document(load_source(str(FIXTURES / "sentence_header.md")))
    found = {s.scope_name: s.description for s in result.scopes}
    assert found["quarry.stone.cut"] == "order cuts and cancel them"
    assert found["quarry.core"] == "Never granted to apps. Given to staff logins only."
    # a column of single words under a header that names them ("Role") describes nothing
    assert not found.get("quarry.admin")


def test_a_page_that_never_names_scopes_gives_no_candidates_under_its_flow_heading() -> None:
    found, _ = harvest(_segments("flow_only.md"), [])
    assert found == ()


def test_an_access_heading_still_speaks_on_a_page_that_names_scopes() -> None:
    found, _ = harvest(_segments("access_heading.md"), [])
    names = {c.scope_name for c in found}
    assert names == {"lamps.read", "lamps.switch", "timers.write"}
    # a table whose rows a template makes is read line by line (its data lines as code)
    assert html_table_end(["<table>", "<% rows.each do |r| %>", "</table>"], 0) is None


def test_lower_case_word_headings_under_a_scope_heading_are_candidates() -> None:
    found, _ = harvest(_segments("word_headings.md"), [])
    names = {c.scope_name for c in found}
    assert {"mash", "sparge", "cellar_log", "read_kettles"} <= names
    assert not names & {"Overview", "how", "they", "granted"}


def test_lower_case_word_headings_need_a_sibling_written_as_a_name() -> None:
    text = "# Scopes\n\n### mash\n\nStarts a mash.\n\n### sparge\n\nRinses the grain.\n"
    found, _ = harvest(candidates_markup.text_segments(text), [])
    assert found == ()


def test_a_value_column_beside_constants_in_code_is_no_title_column() -> None:
    text = (
        "# Scopes\n\n| Name | Value |\n| --- | --- |\n| `MILL_READ` | mill:read |\n"
        "| `MILL_WRITE` | mill:write |\n| `OPENID` | openid |\n"
    )
    _, unconfirmed = harvest(candidates_markup.text_segments(text), ["mill:read", "mill:write"])
    assert unconfirmed == ()
