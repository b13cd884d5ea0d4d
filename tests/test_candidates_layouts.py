"""Layouts the harvester must read by itself (told no structured names), by principle rather
than by page: strings under keys named for scopes wherever their object stands, maps of
one-shaped names to sentences, headings named for access, the titles of disclosure widgets,
tabs and component parts, code blocks of one name a line, cells that list code spans,
headings that are names; and the look-alikes those rules must leave out (access levels,
webhook events, an SDK's constant names, an enum's members, tabs of languages, link text,
prose attributes, a record's fields).

Fixtures under ``tests/fixtures/candidates/layouts`` are invented providers written for these
tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.candidates_shape import (
    Syntax,
    heading_shaped,
    scope_shaped,
    section_names_other,
    section_speaks,
    shape_of,
)
from factory.extract.detect import parse_structured
from factory.models import Candidate
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "candidates" / "layouts"


def alone(name: str) -> dict[str, Candidate]:
    """The harvester's candidates on a fixture when told no structured names."""
    doc = load_source(str(FIXTURES / name))
    kind = extract_document(doc).format
    candidates, _ = harvest(segments_of(doc, kind, parse_structured), [])
    return {c.scope_name: c for c in candidates}


def test_a_string_under_a_key_named_for_scopes_counts_wherever_its_object_stands() -> None:
    found = alone("scope_objects.json")
    assert set(found) == {"kiln.fire", "kiln.cool", "GLAZE_MIX"}
    assert "key 'scope' speaks of scopes" in found["kiln.fire"].why
    # the record's other strings (a title, a version) are no names


def test_a_map_of_one_shaped_names_to_sentences_is_one_list() -> None:
    found = alone("described_map.yaml")
    assert set(found) == {"wheel:spin", "wheel:stop", "clay:order", "clay:return"}
    assert "among 4 tokens of its shape (w:w) in one list" in found["clay:order"].why


def test_a_record_of_word_keys_is_no_map_of_names() -> None:
    # {"name": "Studio Support", "team": ..., "hours": ...}: words to phrases, not sentences
    assert alone("info_map.yaml") == {}


def test_a_heading_named_for_grants_speaks_of_scopes_and_access_levels_do_not() -> None:
    found = alone("access_sections.md")
    assert set(found) == {"weft.read", "weft.write", "WARP_TENSION"}
    assert "section 'Loomwright API guide > Available grants'" in found["weft.read"].why
    # "Access levels" names levels; "Webhook events" lists events of one shape


@pytest.mark.parametrize(
    ("section", "speaks"),
    [
        ("Guide > Access", True),
        ("Guide > API access", True),
        ("Guide > Available grants", True),
        ("Guide > Authorization", True),
        ("Guide > Access levels", False),
        ("Guide > Authorization request parameters", False),
        ("Guide > Access tokens", False),
    ],
)
def test_headings_named_for_access_itself_speak_of_scopes(section: str, speaks: bool) -> None:
    assert section_speaks(section) is speaks


def test_a_section_that_names_other_things_is_known() -> None:
    assert section_names_other("Guide > Webhook events")
    assert section_names_other("Guide > Workspace roles")
    assert not section_names_other("Guide > Scopes and events")
    assert not section_names_other("Guide > Permissions")


def test_constant_names_lead_only_where_they_are_the_whole_piece() -> None:
    assert scope_shaped("WARP_TENSION", True)
    assert not scope_shaped("WARP_TENSION", False)  # a constant in running text or code


def test_an_sdk_s_constant_names_beside_their_values_are_no_candidates() -> None:
    found = alone("sdk_enum.md")
    assert set(found) == {"spindle:read", "spindle:write", "bobbin:read"}


def test_disclosure_summaries_are_the_titles_of_their_parts() -> None:
    source, served = alone("disclosures.md"), alone("disclosures.html")
    assert set(source) == {"harbor.moor", "harbor.cast"}
    assert {"harbor.moor", "harbor.cast"} <= set(served)


def test_tab_labels_with_a_name_s_separator_are_titles_and_words_are_controls() -> None:
    found = alone("disclosures.html")
    assert {"buoy:light", "buoy:dim"} <= set(found)
    assert not {"curl", "Python"} & set(found)


def test_a_prose_attribute_holds_no_names_and_cells_list_code_spans() -> None:
    found = alone("disclosures.html")
    assert "lighthouse.view" in found  # the element is named for scopes: its name attribute
    assert not {"every", "lighthouse", "keepers"} & set(found)  # its description's words
    assert {"dock.read", "dock.write", "tide.read"} <= set(found)


def test_component_part_titles_are_read_and_tabs_of_languages_are_not() -> None:
    found = alone("parts.mdx")
    assert set(found) == {"frond:unfurl", "frond:curl", "spore.scatter"}


def test_rst_code_directives_with_an_argument_dropdowns_tabs_and_list_table_spans() -> None:
    found = alone("blocks.rst")
    assert set(found) == {
        "Slate.Blocks.Cut",
        "Slate.Blocks.Haul",
        "Granite.Blocks.Cut",
        "marble.polish",
        "chisel.sharpen",
        "quarry.read",
        "quarry.write",
    }
    assert "Python" not in found


def test_asciidoc_listing_blocks_and_block_titles() -> None:
    found = alone("blocks.adoc")
    assert set(found) == {"grind_wheat", "grind_rye", "sift_flour", "sluice.open"}
    assert "among 3 scope-shaped tokens in one list" in found["grind_rye"].why


def test_headings_of_one_level_are_one_list_and_a_heading_wholly_in_code_leads() -> None:
    found = alone("headings.md")
    assert set(found) == {
        "https://api.saltmarsh.example/auth/reeds.cut",
        "https://api.saltmarsh.example/auth/reeds.bundle",
        "https://api.saltmarsh.example/auth/heron.watch",
        "eelgrass",
    }  # the guide's link text is an address, not a name


def test_a_cell_that_lists_code_spans_leads_with_each_and_a_phrase_is_not_split() -> None:
    found = alone("cells.md")
    assert set(found) == {"thorn.read", "thorn.write", "berry.pick"}


def test_shapes_fold_placeholders_and_headings_take_lower_case_slashes() -> None:
    assert shape_of("a:read:{id}") == shape_of("b:write:{account_key}") == "w:w:{}"
    assert heading_shaped("files/read")
    assert not heading_shaped("CI/CD")


@pytest.mark.parametrize(
    ("token", "follows"),
    [
        ("files.write", True),
        ("files.", False),  # the prefix alone goes on to nothing
        ("r_boats", True),
        ("https://auth.example/scopes/tide", True),
        ("docs.read", False),
        ("Files.write", False),  # every structured name is lower case
    ],
)
def test_the_provider_s_prefixes_match_as_one_pattern(token: str, follows: bool) -> None:
    syntax = Syntax.of(
        [
            "files.read",
            "files.list",
            "r_docks",
            "r_piers",
            "https://auth.example/scopes/harbor",
            "https://auth.example/scopes/boats",
        ]
    )
    assert syntax.follows(token) is follows


def test_urls_in_code_spans_and_part_titles_are_names_and_endpoints_are_not() -> None:
    found = alone("url_spans.md")
    assert set(found) == {
        "https://api.osprey.example/auth/nest.watch",
        "https://api.osprey.example/auth/fish.count",
        "https://api.osprey.example/auth/fish.tag",
        "https://api.osprey.example/auth/perch.list",
    }  # the authorize endpoint is where users are sent
