"""The next layout families of the structured reader (issue 18, fourth round).

Every page here is invented (``fixtures/families4/``): it shows the family, never a
provider's text.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.extract.markdown import extract_markdown_text
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures" / "families4"


def _extract(name: str) -> ExtractionResult:
    path = FIXTURES / name
    return extract_document(make_document(path.read_bytes(), f"https://docs.example.test/{name}"))


def _rows(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(r.scope_name, r.description) for r in result.scopes]


def _names(result: ExtractionResult) -> list[str]:
    return [r.scope_name for r in result.scopes]


def _warned(result: ExtractionResult, *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in result.warnings)


def test_a_json_schema_whose_root_is_the_scope_enum_of_objects_is_read() -> None:
    result = _extract("grant_enum.json")
    assert _rows(result) == [
        ("kettle.boil", "Boil water in the house kettle"),
        ("kettle.pour", "Pour from the kettle into a cup"),
        ("leaves_read", "See the leaves in stock"),
    ]
    assert [r.locator for r in result.scopes] == ["/enum/0", "/enum/1", "/enum/2"]
    assert not _warned(result, "no scope list recognised")


def test_an_array_schema_enum_takes_its_descriptions_from_the_parallel_list() -> None:
    result = _extract("grant_enum_side.json")
    assert _rows(result) == [
        ("cups:read", "See your cups"),
        ("cups:write", "Add and break cups"),
        ("saucers:read", "See your saucers"),
    ]
    assert result.scopes[0].locator == "/items/enum/0"


def test_a_schema_enum_of_one_of_const_branches_is_read() -> None:
    page = (
        b'{"title": "OAuth scope", "oneOf": [{"const": "pot:fill", "description": "Fill the pot"},'
        b' {"const": "pot:empty", "description": "Empty the pot"}]}'
    )
    result = extract_document(make_document(page, "https://docs.example.test/scope.json"))
    assert _rows(result) == [("pot:fill", "Fill the pot"), ("pot:empty", "Empty the pot")]


def test_a_schema_enum_takes_its_descriptions_from_value_lines_of_its_description() -> None:
    page = (
        b'{"title": "OAuth scopes", "description": "Scopes a teapot app may ask for:\\n'
        b'`pot:fill`: Fill the pot.\\n- pot:empty - Empty  the pot.\\nlid: not in the enum.",'
        b' "enum": ["pot:fill", "pot:empty", "pot:warm"]}'
    )
    result = extract_document(make_document(page, "https://docs.example.test/scope.json"))
    assert _rows(result) == [
        ("pot:fill", "Fill the pot."),
        ("pot:empty", "Empty  the pot."),  # as written
        ("pot:warm", None),
    ]


def test_a_schema_enum_that_does_not_call_itself_scopes_is_named_not_read() -> None:
    result = _extract("colour_enum.json")
    assert result.scopes == ()
    assert _warned(result, "4 value(s)", "celadon", "not read as scopes")


def test_a_schema_enum_of_the_scope_of_a_report_is_no_scope_list() -> None:
    page = (
        b'{"type": "string", "description": "The scope of a tea report: how much it covers",'
        b' "enum": [{"name": "daily"}, {"name": "weekly"}, {"name": "full_log"}]}'
    )
    result = extract_document(make_document(page, "https://docs.example.test/level.json"))
    assert result.scopes == ()
    assert _warned(result, "daily, weekly, full_log", "not read as scopes")


def test_a_title_and_a_heading_are_no_phrase_together() -> None:
    # "Pot sign-in" then the heading "scope": not "in scope", the programming sense
    page = (
        "---\ntitle: Pot sign-in\n---\n<div>\n  <h4>scope</h4>\n"
        "  <p>The values being requested.</p>\n\n- `pot:fill`\n- `pot:empty`\n\n</div>\n"
    )
    result = extract_markdown_text(page, source_url="https://docs.example.test/i")
    assert _names(result) == ["pot:fill", "pot:empty"]


def test_a_heading_that_only_groups_a_list_of_scopes_is_no_scope() -> None:
    names = _names(_extract("group_headings.md"))
    assert "teahouse" not in names
    assert "teahouse.example/api" in names
    assert {"profile", "offline_access"} <= set(names)


def test_a_heading_over_its_own_family_of_scopes_is_a_group() -> None:
    # "### reports" over `reports:read` and `reports:write`, with no row of its own and no
    # description, names the family (pages group their scopes so), not a scope
    names = _names(_extract("group_headings.md"))
    assert {"reports:read", "reports:write"} <= set(names)
    assert "reports" not in names


def test_bold_code_label_paragraphs_after_a_scope_intro_are_scope_headings() -> None:
    result = _extract("label_headings.md")
    assert _names(result) == ["kettle", "urn:teahouse:scope:cups", "saucer"]
    # the claims of each scope's table are not scopes, nor the claims a sentence lists
    assert not set(_names(result)) & {"sub", "cups", "cup_sizes", "leaf_colour", "steep_time"}
    # a rule ends the last label's section: the closing note describes no scope
    assert dict(_rows(result))["saucer"] == "See the owner's saucers."


def test_one_bold_code_paragraph_is_emphasis_not_a_heading() -> None:
    page = "# Tea scopes\n\nThe scopes:\n\n**`kettle`**\n\nA lone bold word.\n"
    assert _names(extract_markdown_text(page, source_url="https://docs.example.test/a")) == []


def test_label_paragraphs_without_scope_context_are_no_scopes() -> None:
    page = "# Recipes\n\nOur blends:\n\n**`assam`**\n\nMalty.\n\n**`darjeeling`**\n\nFloral.\n"
    assert _names(extract_markdown_text(page, source_url="https://docs.example.test/b")) == []


def test_an_enumeration_that_opens_by_naming_claims_is_not_scopes() -> None:
    page = (
        "# Scopes\n\nThe scopes of the tea house are below.\n\n"
        "Other [standard claims](https://claims.example.test) include `leaf_colour`, "
        "`steep_time`, and `water_hardness` will be also included in the `kettle` scope.\n"
    )
    assert _names(extract_markdown_text(page, source_url="https://docs.example.test/c")) == []


def test_an_enumeration_of_scopes_is_still_read() -> None:
    page = (
        "# Scopes\n\nThe scopes of the tea house are below.\n\n"
        "Available scopes include `kettle`, `saucer` and `teacup`.\n"
    )
    result = extract_markdown_text(page, source_url="https://docs.example.test/d")
    assert _names(result) == ["kettle", "saucer", "teacup"]


def test_a_discovery_example_adds_the_scopes_only_it_names() -> None:
    result = _extract("discovery_example.md")
    assert _names(result) == ["teapots:read", "teapots:pour", "openid", "offline_access"]
    openid = result.scopes[2]
    assert openid.section == "Discovery"
    assert openid.locator == "discovery example /scopes_supported/0"
    assert _warned(result, "2 scope(s) read from the scopes_supported", "openid, offline_access")


def test_a_json_sample_with_scopes_supported_but_no_discovery_keys_is_not_read() -> None:
    assert "kitchen_sink" not in _names(_extract("discovery_example.md"))


def test_a_liquid_capture_is_read_where_an_include_shows_it() -> None:
    result = _extract("jekyll_capture.md")
    assert _rows(result) == [
        ("openid", "(required)"),
        ("teacup", None),
        ("teacup:size", None),
        ("saucer:colour", None),
    ]
    section = "Authorization > Request parameters > scope"
    assert {r.section for r in result.scopes} == {section}
    # the include the capture stood in is resolved; the other one is named, as a place
    # where scopes may be missed
    assert not _warned(result, "accordion.html")
    assert _warned(result, "1 include(s) left unresolved", "request_sample.md", "may be missed")


def test_a_capture_printed_with_an_output_tag_stands_where_it_is_printed() -> None:
    page = (
        "{% capture pot_scopes %}\n- `pot:fill`: Fill the pot.\n- `pot:empty`: Empty the pot.\n"
        "{% endcapture %}\n\n<div>\n  <h2>Teapot API</h2>\n  <p>How apps ask for access.</p>\n"
        "  <h3>Scopes</h3>\n      {{ pot_scopes | markdownify }}\n</div>\n"
    )
    result = extract_markdown_text(page, source_url="https://docs.example.test/e")
    assert _rows(result) == [("pot:fill", "Fill the pot."), ("pot:empty", "Empty the pot.")]
    assert {r.section for r in result.scopes} == {"Teapot API > Scopes"}


def test_a_capture_no_tag_uses_stays_where_it_was_written() -> None:
    page = (
        "# Teapot scopes\n\n{% capture spare %}\n- `pot:fill`: Fill the pot.\n"
        "- `pot:empty`: Empty the pot.\n{% endcapture %}\n"
    )
    result = extract_markdown_text(page, source_url="https://docs.example.test/f")
    assert _names(result) == ["pot:fill", "pot:empty"]


def test_an_include_named_for_scopes_is_said_to_hold_them() -> None:
    page = "# Tea\n\nThe scopes:\n\n{% include snippets/tea_scopes.md %}\n"
    result = extract_markdown_text(page, source_url="https://docs.example.test/g")
    assert _warned(result, "tea_scopes.md", "1 named for scopes", "may be missed")


def test_the_label_column_beside_the_scope_column_is_its_description() -> None:
    page = (
        "# Teapot OAuth\n\n## Supported scopes\n\n"
        "| **Pot scopes** | **Scope name** |\n| :--- | :--- |\n"
        "| Fill pots | `urn:tea:pots:fill` |\n| Empty pots | `urn:tea:pots:empty` |\n"
    )
    result = extract_markdown_text(page, source_url="https://docs.example.test/h")
    assert _rows(result) == [
        ("urn:tea:pots:fill", "Fill pots"),
        ("urn:tea:pots:empty", "Empty pots"),
    ]
