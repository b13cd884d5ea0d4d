"""Layouts the harvester reads by itself (told no structured names): a JSON Schema whose root
is the scope enum, scope-keyed values in code samples, bold-code lines that each open a scope's
section, template captures named for scopes; and look-alikes that stay out (identifiers of
code, feature flags, wildcard patterns, reStructuredText cross-references).

Fixtures under ``tests/fixtures/candidates`` are invented providers written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import candidates_markup, extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.detect import parse_structured
from factory.models import Candidate
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "candidates"


def alone(name: str) -> dict[str, Candidate]:
    """The harvester's candidates on a fixture when told no structured names."""
    doc = load_source(str(FIXTURES / name))
    kind = extract_document(doc).format
    candidates, _ = harvest(segments_of(doc, kind, parse_structured), [])
    return {c.scope_name: c for c in candidates}


def test_a_schema_whose_root_is_the_scope_enum_gives_its_named_items() -> None:
    found = alone("scope_enum.json")
    assert set(found) == {"openid", "inkwells", "nib_sharpen", "offline_access"}
    assert "scopes a Quillmark client may ask for" in found["inkwells"].why
    assert found["nib_sharpen"].context == "Sharpen nibs on the user's behalf"


def test_an_enum_described_as_a_scope_of_something_else_is_no_scope_list() -> None:
    # "scope" in its description, but nothing ties its bare values to OAuth or a token
    assert alone("level_enum.json") == {}


def test_values_under_keys_named_for_scopes_in_code_samples_are_candidates() -> None:
    found = alone("samples.md")
    # a discovery document's list: an example, but three values in one list
    assert {"openid", "frond", "offline_access"} <= set(found)
    assert "key 'scopes_supported' speaks of scopes" in found["frond"].why
    assert "request/response example" in found["frond"].why
    assert '"scopes_supported"' in found["frond"].context
    # a call's keyword argument and a YAML list under a key named for scopes
    assert {"spores", "rhizome", "canopy", "understory"} <= set(found)
    # claims are no scopes; a single value of a response example stands too low
    assert not {"sub", "frondname", "lonely", "retries"} & set(found)


def test_lone_bold_names_under_a_lead_in_about_scopes_are_one_list() -> None:
    found = alone("bold_lines.md")
    assert set(found) == {"openid", "parcels", "urn:pebblepost:scope:depots"}
    assert "lead-in" in found["parcels"].why
    assert "among 3 scope-shaped tokens in one list" in found["openid"].why
    # the claims of the tables under them stay out (parcel_eta); "Note" is no name


def test_lone_bold_names_need_the_lead_in_or_structured_company() -> None:
    text = "Some fields:\n\n**`alpha_one`**\n\nText.\n\n**`beta_two`**\n\nText.\n\n**`gamma_x`**\n"
    assert harvest(candidates_markup.text_segments(text), [])[0] == ()


def test_a_template_capture_named_for_scopes_is_a_section_about_scopes() -> None:
    found = alone("capture.md")
    assert set(found) == {"openid", "nest", "talon:sharpen", "perch"}
    assert "'Kestrel sign-in > grant scope values' speaks of scopes" in found["nest"].why


def test_a_capture_ends_where_its_end_tag_stands() -> None:
    text = "{% capture scope_list %}\n- `a_b`\n{% endcapture %}\n{% set n = 1 %}\n- `c_d`\n"
    sections = {s.text: s.section for s in candidates_markup.text_segments(text)}
    assert sections["a_b"] == "scope list"
    assert sections["c_d"] == ""  # after its end; a set tag opens nothing


def test_markdown_left_in_an_html_page_is_read_as_markdown() -> None:
    # the same page taken as HTML (a template served raw): its text nodes hold the Markdown
    page = (FIXTURES / "capture.md").read_text(encoding="utf-8")
    found, _ = harvest(candidates_markup.html_segments(f"<html><body>{page}</body></html>"), [])
    assert {c.scope_name for c in found} == {"openid", "nest", "talon:sharpen", "perch"}


def test_identifiers_flags_options_and_wildcards_are_no_candidates() -> None:
    text = (FIXTURES / "lookalikes.md").read_text(encoding="utf-8")
    structured = ["pond_read", "pond_write", "dam_build"]
    found = {c.scope_name: c for c in harvest(candidates_markup.text_segments(text), structured)[0]}
    # the real names beside them are still candidates
    assert {"pond_fish", "all_write"} <= set(found)
    for name in ("pond_fish_v2", "pond_cache", "pond_*_write", "*_read"):
        assert name not in found, found.get(name)
    for name in ("request.scope_set", "request.context", "request.user"):
        assert not [c for c in found if c.startswith(name)], found


def test_a_cross_reference_role_is_no_code_span() -> None:
    text = "Scopes\n======\n\nPer :ref:`lake_rules`, ask for ``lake:swim`` or :code:`lake:dive`.\n"
    codes = [s.text for s in candidates_markup.text_segments(text) if s.where == "code"]
    assert "lake_rules" not in codes
    assert "lake:dive" in codes


def test_lines_of_a_scope_schema_description_that_open_with_a_value_are_candidates() -> None:
    found = alone("scope_lines.yaml")
    assert set(found) == {"hedge:read", "hedge:trim", "berries"}
    assert "GrantScope / description" in found["berries"].why
    assert found["hedge:trim"].context.startswith("`hedge:trim` lets the app trim")


def test_urls_written_as_code_that_lead_list_items_are_candidates() -> None:
    found = alone("url_items.md")
    assert set(found) == {
        "https://id.heronry.example/apps/nests",
        "https://id.heronry.example/apps/nests#read",
        "https://id.heronry.example/account/wings",
    }  # a link, a file and an endpoint in a sentence are no names


def test_a_permission_column_of_words_gives_its_names() -> None:
    found = alone("word_names.md")
    assert {"Burrows", "EditTrails", "Den Alerts", "AI"} <= set(found)
    assert "a whole cell of a column of 4 names" in found["AI"].why
    # display names beside a column of identifiers label them; levels are no names
    assert not {"Basic Den Data", "Trail Data", "Read", "Write", "Admin"} & set(found)
    assert {"den:basic:read", "trail:read"} <= set(found)


def test_a_host_name_in_a_sentence_about_scopes_is_no_candidate() -> None:
    text = "# Sign-in\n\nThe server at auth2.kestrel.tech grants the `nest.read` scope.\n"
    found = {c.scope_name for c in harvest(candidates_markup.text_segments(text), [])[0]}
    assert found == {"nest.read"}


def test_data_lines_of_a_template_literal_in_a_scope_section_are_read_as_code() -> None:
    found = alone("data_lines.md")
    assert set(found) == {"read_hives", "write_hives", "read_queens"}  # not the prose's
    assert "section 'Token scopes > Hives' speaks of scopes" in found["read_queens"].why
