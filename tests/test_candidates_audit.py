"""The harvester's audit recall and noise: layouts the structured reader may miss give their
names as candidates (reStructuredText list-tables, ``scope=`` query strings, enums of
scope-named schemas, headings that name a scope, phrases in a column of structured names),
and look-alikes (claim tables, OpenID Connect claim names, access-level enums) stand lower.
Structured names written as templates or in a scope section's headings are confirmed.

Fixtures under ``tests/fixtures/candidates`` are invented providers written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import candidates_markup, extract_document
from factory.extract.candidates import Segment, harvest, segments_of
from factory.extract.candidates_shape import lead_token, tokens
from factory.extract.candidates_tables import claims_table, list_table
from factory.extract.candidates_words import named_in_heading, what_else
from factory.extract.detect import parse_structured
from factory.models import Candidate
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "candidates"


def candidates_of(name: str) -> dict[str, Candidate]:
    """The harvester's candidates on a fixture told no structured names: the second reader
    is measured on its own (the structured reader may read the same layout too)."""
    doc = load_source(str(FIXTURES / name))
    kind = extract_document(doc).format
    candidates, _ = harvest(segments_of(doc, kind, parse_structured), [])
    return {c.scope_name: c for c in candidates}


def test_list_table_cells_without_header_row_are_candidates() -> None:
    found = candidates_of("listtable.rst")
    assert {"hives.read", "hives.write", "frames.read"} <= set(found)
    assert "list-table 1 column 1" in found["frames.read"].locator  # the last row, at the end
    assert "Permissions" in found["hives.read"].why


def test_list_table_groups_lines_by_column_and_reads_header_rows() -> None:
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - Claim",
        "     - Meaning",
        "   * - | ``sap_level``",
        "       | Trees",
        "     - How much sap.",
        "       Second line.",
        "after",
    ]
    pieces, end = list_table(lines, 0, "Scopes", 1)
    assert end == 9
    assert [(p.text, p.where, p.group) for p in pieces] == [
        ("Claim", "text", "lt1:0"),
        ("Meaning", "text", "lt1:1"),
        ("``sap_level``", "cell", "lt1:0"),
        ("Trees", "cell", "lt1:0"),
        ("How much sap.", "cell", "lt1:1"),
        ("Second line.", "cell", "lt1:1"),
    ]
    assert all(p.lowered for p in pieces)  # a header of claims and no scope column
    assert pieces[2].label == "Claim"


def test_a_directive_body_is_content_and_a_final_literal_block_is_read() -> None:
    text = "Scopes\n======\n\n.. note::\n   Ask for ``moss.read``.\n\nExample::\n\n   moss.grow\n"
    pieces = list(candidates_markup.text_segments(text))
    assert ("moss.read", "code") in [(p.text, p.where) for p in pieces]  # not a code block
    assert [p.text.strip() for p in pieces if p.where == "block"] == ["moss.grow"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("   scope=tree_read:self+tree_write:account", ["tree_read:self", "tree_write:account"]),
        ("?scope=a.read%20b.write&x=1", ["a.read", "b.write"]),
        ('"scope=c.read,c.write"', ["c.read", "c.write"]),
    ],
)
def test_a_scope_query_value_is_split_into_its_names(text: str, names: list[str]) -> None:
    found = [t for t, _o in tokens(text)]
    assert all(n in found for n in names)
    assert not any("+" in t or "%" in t for t in found)


def test_query_string_names_in_a_code_block_are_candidates() -> None:
    found = candidates_of("query.md")
    assert {"tree_read:self", "tree_write:account", "harvest_send"} <= set(found)
    assert {"basket_read", "basket_write"} <= set(found)


def test_enum_of_a_schema_named_for_scopes_gives_candidates() -> None:
    found = candidates_of("enum.yaml")
    assert {"lantern:write", "wick:trim", "beacon"} <= set(found)
    assert "Scopes / enum" in found["wick:trim"].why
    # an access level of a response field: its enum is bare words no sentence ties to a token
    assert "read_only" not in found and "read_write" not in found


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Scope: 'ink'", "ink"),
        ("Permission - `files.read`", "files.read"),
        ("The `profile` scope", "profile"),
        ("orders.read scope", "orders.read"),
        ("Scopes", None),
        ("Available scopes", None),
        ("Scope: client_id", None),  # the protocol's own words
    ],
)
def test_named_in_heading(title: str, name: str | None) -> None:
    assert named_in_heading(title) == name


def test_headings_name_scopes_and_claim_tables_stand_lower() -> None:
    found = candidates_of("claims.md")
    assert {"ink", "quill:sharpen"} <= set(found)
    assert "its heading names it a scope" in found["ink"].why
    # cells of the claim tables, and an OpenID Connect claim name in a sentence
    assert not {"given_name", "nib_size", "parchment", "sheet_count"} & set(found)
    assert "inkwell_fill" in found  # the same sentence's other name keeps its standing


def test_html_claim_table_cells_stand_lower_than_scope_table_cells() -> None:
    page = (FIXTURES / "claims.html").read_text(encoding="utf-8")
    candidates, _ = harvest(candidates_markup.html_segments(page), [])
    found = [c.scope_name for c in candidates]
    assert "reef_survey" in found
    assert "reef_depth" not in found
    assert not {"claim", "scope"} & set(found)  # header cells name their columns


def test_claims_table_needs_a_claim_column_and_no_scope_column() -> None:
    assert claims_table(["Claim", "Field", "Description"])
    assert not claims_table(["Scope", "Claims released"])
    assert not claims_table(["Name", "Description"])


def _column(cells: list[str], header: str = "Permission") -> list[Segment]:
    return [Segment(c, f"line {i}", "cell", "Access", header, "t1:0") for i, c in enumerate(cells)]


def test_a_phrase_cell_among_structured_names_is_a_candidate() -> None:
    column = _column(["**Garden Beds**", "**Trellis**", "**Compost**", "Read only"])
    candidates, _ = harvest(column, ["Trellis", "Compost"])
    assert [c.scope_name for c in candidates] == ["Garden Beds", "Read only"]
    assert "2 structured names" in candidates[0].why


def test_a_phrase_cell_without_structured_names_beside_it_is_no_candidate() -> None:
    candidates, _ = harvest(_column(["**Garden Beds**", "Read only"]), ["Trellis"])
    assert candidates == ()


def test_template_names_in_a_scope_table_are_confirmed() -> None:
    text = (
        "Scopes\n======\n\n| Scope | Description |\n| --- | --- |\n"
        "| ``<read/write>:hives`` | Hives |\n| ``<read/write>:frames`` | Frames |\n"
    )
    names = ["<read/write>:hives", "<read/write>:frames"]
    _, unconfirmed = harvest(candidates_markup.text_segments(text), names)
    assert unconfirmed == ()
    # the same names nowhere in scope context stay unconfirmed
    _, unconfirmed = harvest(candidates_markup.text_segments("# Roles\n\nNone here.\n"), names)
    assert unconfirmed == tuple(names)


def test_a_bare_heading_under_a_scope_section_confirms_its_structured_name() -> None:
    text = "# Scopes\n\n### combs\n\nThis one opens combs.\n\n### jars:seal\n\nSeals jars.\n"
    _, unconfirmed = harvest(candidates_markup.text_segments(text), ["combs", "jars:seal"])
    assert unconfirmed == ()
    _, unconfirmed = harvest(
        candidates_markup.text_segments("# Events\n\n### combs\n"), ["combs", "jars:seal"]
    )
    assert "combs" in unconfirmed


@pytest.mark.parametrize(
    ("before", "after", "noun"),
    [
        ("an `", "` claim is included", "claim"),
        ("users with the `", "` attribute set", "attribute"),
        ("listed in the [`", "`](../conf.md#x) configuration option", "option"),
        ("in the `", "` node module", "module"),
        ("request the claim ", "} to be asserted", "claim"),
    ],
)
def test_what_else_the_words_around_call_a_token(before: str, after: str, noun: str) -> None:
    note = what_else(before, after)
    assert note is not None and f"calls it a {noun}" in note


@pytest.mark.parametrize(
    ("before", "after", "note"),
    [
        ("-d '{\"", '":["a"]}', "a key of a JSON object"),
        ('{"', '": {"on": true}', "a key of a JSON object"),
        ('{"', '": "Read the hives"', None),  # a map of names to descriptions
        ("<%= ", "(text: x) %>", "a call in code"),
        ("Request the `", "` scope to read", None),
        ("Request the `", "` scope parameter", None),  # "scope" between is the token's kind
        ("Use `", "` to read nests.", None),
    ],
)
def test_what_else_keys_calls_and_plain_sentences(
    before: str, after: str, note: str | None
) -> None:
    found = what_else(before, after)
    assert found == note or (note is not None and found is not None and note in found)


def test_a_token_the_sentence_calls_something_else_is_no_candidate() -> None:
    text = (
        "# Scopes\n\nAn `orchard_id` claim is included when you ask for the `orchard:read` "
        "scope.\n\nUsers with the `can_prune` attribute may ask for it.\n"
    )
    candidates, _ = harvest(candidates_markup.text_segments(text), [])
    found = {c.scope_name for c in candidates}
    assert "orchard:read" in found
    assert not {"orchard_id", "can_prune"} & found


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("`urn:hive:admin:*`", "urn:hive:admin:*"),
        ("`read_*` - every read scope", "read_*"),
        ("**honey.read**", "honey.read"),
    ],
)
def test_a_wildcard_after_a_separator_stays_in_the_lead(text: str, lead: str) -> None:
    assert lead_token(text) == lead


def test_a_wildcard_name_in_a_scope_heading_is_confirmed() -> None:
    text = "# Scopes\n\n### `urn:hive:admin:*`\n\nThis scope opens every hive.\n"
    _, unconfirmed = harvest(candidates_markup.text_segments(text), ["urn:hive:admin:*", "a:b"])
    assert unconfirmed == ("a:b",)


def test_two_structured_names_in_one_line_of_a_scope_section_are_confirmed() -> None:
    text = '# Token scopes\n\n<% [\n  { key: "read_combs, write_combs" },\n] %>\n'
    names = ["read_combs", "write_combs", "read_jars"]
    _, unconfirmed = harvest(candidates_markup.text_segments(text), names)
    assert unconfirmed == ("read_jars",)
    _, unconfirmed = harvest(candidates_markup.text_segments(text.replace("scopes", "x")), names)
    assert unconfirmed == tuple(names)


def test_names_in_a_negative_line_are_not_confirmed_by_standing_together() -> None:
    text = "# Token scopes\n\nNote that read_combs and write_combs are not scopes.\n"
    _, unconfirmed = harvest(candidates_markup.text_segments(text), ["read_combs", "write_combs"])
    assert unconfirmed == ("read_combs", "write_combs")


def test_a_list_table_without_rows_gives_nothing() -> None:
    assert list_table([".. list-table::", "   :header-rows: 1", ""], 0, "", 1) == ([], 3)
    assert list_table(["plain"], 0, "", 1) == ([], 1)


def test_words_that_call_a_token_a_claim_outweigh_every_reason() -> None:
    segments = [
        Segment("Scopes", "heading", "heading"),
        Segment(
            "With the `urn:grove:tree` scope a client can request the claim urn:grove:trees:x.",
            "line 3",
            "text",
            "Scopes",
        ),
    ]
    found = {c.scope_name for c in harvest(segments, ["urn:grove:tree", "urn:grove:leaf"])[0]}
    assert "urn:grove:trees:x" not in found  # section, sentence and syntax: still a claim


def test_a_json_map_of_names_to_descriptions_keeps_its_standing() -> None:
    block = '{\n  "hive:read": "Read hives",\n  "hive:seal": "Seal hives"\n}'
    segments = [Segment(block, "code block at line 3", "block", "Scopes")]
    found = harvest(segments, ["hive:read", "hive:list"])[0]
    assert [c.scope_name for c in found] == ["hive:seal"]
    fields = '{\n  "hive:seal": ["a"],\n  "hive:open": {"on": true}\n}'
    segments = [Segment(fields, "code block at line 3", "block", "Scopes")]
    assert harvest(segments, ["hive:read", "hive:list"])[0] == ()


def test_a_phrase_beside_names_with_separators_is_a_label_not_a_name() -> None:
    column = _column(["``comb.read``", "Combs API", "``comb.write``", "Combs API"])
    assert harvest(column, ["comb.read", "comb.write"])[0] == ()


def test_structured_names_with_a_shared_modifier_are_no_candidates() -> None:
    line = "scope=hive_read:self+hive_write:self+jar_read:self+jar_read:group+nectar_send"
    segments = [
        Segment(line, "code block at line 3", "block", "Scopes"),
        Segment("self", "line 9", "cell", "Scopes", "Modifier", "t1:0"),
        Segment("group", "line 10", "cell", "Scopes", "Modifier", "t1:0"),
    ]
    taken = ["hive_read", "hive_write", "jar_read", "comb_seal"]
    found, unconfirmed = harvest(segments, taken)
    # one modifier on three names: its forms, the words of its column and the forms with
    # them are the names themselves; the names written only with the modifier are confirmed
    assert [c.scope_name for c in found] == ["nectar_send"]
    assert unconfirmed == ("comb_seal",)
    alone = [Segment(line, "code block at line 3", "block", "Scopes")]
    found, _ = harvest(alone, taken)
    assert "jar_read:group" in [c.scope_name for c in found]  # a column no shared one is in


def test_a_resource_on_bare_verbs_is_no_modifier() -> None:
    line = "scope=read:combs+write:combs+admin:combs"
    segments = [Segment(line, "code block at line 3", "block", "Scopes")]
    found = [c.scope_name for c in harvest(segments, ["read", "write", "admin"])[0]]
    assert found == ["read:combs", "write:combs", "admin:combs"]


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Ask for <read/write>:combs to use combs.", "<read/write>:combs"),
        ("| ``<read|write>:jars`` | Jars |", "<read|write>:jars"),
    ],
)
def test_an_angle_placeholder_opens_a_template_token(text: str, token: str) -> None:
    assert token in [t for t, _o in tokens(text)]
    assert token in [t for t, _o in tokens(text, separated=True)]


@pytest.mark.parametrize("text", ["line<br>:x", "<code>:x</code>", "<b>read</b>"])
def test_an_html_tag_opens_no_token(text: str) -> None:
    assert not any(t.startswith("<") for t, _o in tokens(text))


def test_a_template_name_is_a_candidate_as_written() -> None:
    text = (
        "# Scopes\n\n| Scope | Description |\n| --- | --- |\n| ``<read/write>:hives`` | Hives |\n"
    )
    found = [c.scope_name for c in harvest(candidates_markup.text_segments(text), [])[0]]
    assert found == ["<read/write>:hives"]


SCOPE_HEADINGS_MD = (
    "# Scopes\n\n### combs\n\nThis scope opens the combs.\n\n"
    "### smokers\n\nSmokers calm the bees.\n"
)
SCOPE_HEADINGS_HTML = (
    "<html><body><main><h1>Scopes</h1><h3>combs</h3><p>This scope opens the combs.</p>"
    "<h3>smokers</h3><p>Smokers calm the bees.</p></main></body></html>"
)


@pytest.mark.parametrize(
    "segments",
    [
        lambda: candidates_markup.text_segments(SCOPE_HEADINGS_MD),
        lambda: candidates_markup.html_segments(SCOPE_HEADINGS_HTML),
    ],
)
def test_a_bare_heading_the_next_sentence_calls_a_scope_is_a_candidate(segments) -> None:  # type: ignore[no-untyped-def]
    found = harvest(segments(), [])[0]
    assert [c.scope_name for c in found] == ["combs"]
    assert "calls it a scope" in found[0].why
