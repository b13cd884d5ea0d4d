"""The next layout families of the structured reader (issue 18, third round).

Every page here is invented (``fixtures/families3/``, ``fixtures/rst/list_table_headerless``):
it shows the family, never a provider's text.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.extract.spaced_names import capitalised_style, spaced_scope_name
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures"


def _extract(relative: str) -> ExtractionResult:
    path = FIXTURES / relative
    return extract_document(
        make_document(path.read_bytes(), f"https://docs.example.test/{relative}")
    )


def _rows(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(r.scope_name, r.description) for r in result.scopes]


def _warned(result: ExtractionResult, *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in result.warnings)


def test_a_headerless_list_table_of_line_blocks_is_a_scope_table() -> None:
    result = _extract("rst/list_table_headerless.rst")
    assert _rows(result) == [
        ("brews.read", "See the brews of the tea house."),
        ("brews.write", "Start and stop brews. A started brew is added to the log of the house."),
        ("leaves.read", "See the stock of leaves."),
        ("cup-sizes.write", "Change the cup sizes offered."),
    ]
    assert {r.section for r in result.scopes} == {"Grants > Asking for grants"}


def test_a_line_block_whose_first_line_is_not_the_code_alone_is_not_a_scope_cell() -> None:
    page = (
        "Grants\n======\n\nThe grants an app may ask for.\n\n.. list-table::\n\n"
        "   * - | See ``brews.read`` here\n       | Brews API\n     - See the brews.\n"
        "   * - | See ``brews.write`` here\n       | Brews API\n     - Start brews.\n"
    )
    doc = make_document(page.encode(), "https://docs.example.test/g.rst", media_type="text/x-rst")
    assert _rows(extract_document(doc)) == []


def test_a_scope_enum_and_a_discovery_example_complete_the_declared_scopes() -> None:
    result = _extract("families3/scope_enum.yaml")
    assert _rows(result) == [
        ("pools:read", "read your pools"),
        ("pools:write", "change your pools"),
        ("openid", None),
        ("tides:read", "See the tides"),
        ("tides:forecast", "Read tide forecasts"),
        ("gauges:admin", "Manage the gauges"),
    ]
    enum = next(r for r in result.scopes if r.scope_name == "gauges:admin")
    assert enum.locator == "/components/schemas/Scopes/enum/gauges:admin"
    assert _warned(result, "4 scope(s) no security scheme declares", "/components/schemas/Scopes")


def test_a_scope_filter_enum_and_a_scope_context_enum_are_not_scopes() -> None:
    names = {r.scope_name for r in _extract("families3/scope_enum.yaml").scopes}
    assert not names & {"created_by_me", "shared_with_me", "all", "ENROLLMENT", "PORTAL"}


def test_a_spaced_title_case_name_in_a_permission_column_is_read() -> None:
    rows = _rows(_extract("families3/spaced_names.md"))
    assert rows[:5] == [
        ("Bulk SMS", "Send text messages in large batches"),
        ("Accounts", "Manage the accounts of the company"),
        ("Calendars", "Read the team calendars"),
        ("Fax Lines", "Send and receive faxes"),
        ("Voicemail", "Listen to voicemail"),
    ]


def test_a_spaced_phrase_in_a_column_of_token_scopes_is_not_read() -> None:
    names = [name for name, _ in _rows(_extract("families3/spaced_names.md"))]
    assert names[5:] == ["reef:read", "reef:write", "reef:admin"]
    assert "Coming Soon" not in names


def test_spaced_names_are_short_title_case_names_never_sentences() -> None:
    assert spaced_scope_name("**A2P SMS**") == "A2P SMS"
    assert spaced_scope_name("`Edge Functions`") == "Edge Functions"
    assert spaced_scope_name("Read the team calendars") is None
    assert spaced_scope_name("Send Text Messages In Large Batches") is None
    assert spaced_scope_name("Accounts") is None
    assert spaced_scope_name("Edge Functions.") is None
    assert capitalised_style(["Accounts", "Voicemail", "SMS"])
    assert not capitalised_style(["reef:read", "reef:write"])


def test_a_labelled_heading_names_its_scope_and_claim_tables_are_not_scopes() -> None:
    result = _extract("families3/scope_headings.md")
    assert _rows(result) == [
        ("harbour", None),
        ("tide:tables", "Read the tide tables of the user's harbour."),
        ("moorings.write", "Book and cancel moorings."),
    ]


def test_scope_query_values_are_read_when_the_page_lists_no_scopes() -> None:
    result = _extract("families3/query_scopes.md")
    assert _rows(result) == [
        ("ledger_read", None),
        ("ledger_write", None),
        ("invoice_send", None),
        ("report_view", None),
    ]
    first = result.scopes[0]
    assert first.section == "Connect an app > Send the user to the authorization page"
    assert first.locator is not None and "scope=ledger_read:org" in first.locator
    assert _warned(result, "scope= value", "(:org, :self) taken off", "check them")


def test_query_placeholders_and_single_values_give_no_scope() -> None:
    assert _extract("families3/query_placeholder.md").scopes == ()


def test_a_query_value_is_not_read_where_the_page_has_a_scope_list() -> None:
    page = (
        "# Scopes\n\nThe scopes an app may ask for:\n\n- `ledger_read`: read ledgers\n"
        "- `ledger_write`: write ledgers\n\n"
        "```\n/oauth/authorize?client_id=a&scope=ledger_read+demo_only\n```\n"
    )
    doc = make_document(page.encode(), "https://docs.example.test/s.md", media_type="text/markdown")
    assert [r.scope_name for r in extract_document(doc).scopes] == ["ledger_read", "ledger_write"]


def test_modifiers_the_page_does_not_explain_stay_on_the_name() -> None:
    page = (
        "# Connect\n\nThe app asks for scopes in its authorization request:\n\n"
        "```\n/oauth/authorize?client_id=a&scope=ledger_read:org+ledger_write:org\n```\n"
    )
    doc = make_document(page.encode(), "https://docs.example.test/c.md", media_type="text/markdown")
    result = extract_document(doc)
    assert [r.scope_name for r in result.scopes] == ["ledger_read:org", "ledger_write:org"]
    assert _warned(result, "as written")


def test_plain_snake_items_are_scopes_only_under_a_lead_that_says_scopes() -> None:
    result = _extract("families3/snake_list.md")
    assert [r.scope_name for r in result.scopes] == ["hook_read", "hook_write", "hook_retention"]
    assert _warned(result, "plain-text items without code markup", "hook_read")


def test_the_lead_of_a_snake_list_is_the_block_right_before_it() -> None:
    page = (
        "# Hooks with OAuth\n\n1. Create an application.\n\n"
        "2. Enable the following scopes for the application:\n\n"
        "+ hook_read\n+ hook_write\n\n"
        "3. The response of the token request holds these values:\n\n"
        "+ access_token\n+ refresh_token\n"
    )
    doc = make_document(page.encode(), "https://docs.example.test/h.md", media_type="text/markdown")
    assert [r.scope_name for r in extract_document(doc).scopes] == ["hook_read", "hook_write"]


def test_a_single_request_value_and_a_joined_value_in_a_sentence_are_read() -> None:
    page = (
        "# Connect\n\nApps are granted scopes.\n\n"
        " * Keep the `scope` value, or replace `dock_v1` with `dock_v1%20crane_v2` for cranes.\n"
        " * Replace `a` with `b%20c` in the `redirect` value.\n\n"
        "`https://port.example/oauth/authorize?client_id=x&scope=dock_v1&prompt=consent`\n"
    )
    doc = make_document(page.encode(), "https://docs.example.test/p.md", media_type="text/markdown")
    result = extract_document(doc)
    assert [r.scope_name for r in result.scopes] == ["dock_v1", "crane_v2"]


def test_a_one_of_scope_schema_gives_its_descriptions_in_a_swagger_2_spec() -> None:
    spec = b"""swagger: "2.0"
info: {title: Dune API, version: "1"}
paths: {}
securityDefinitions:
  oauth:
    type: oauth2
    flow: accessCode
    authorizationUrl: https://dune.example/authorize
    tokenUrl: https://dune.example/token
    scopes:
      sand:read: Read the sand
definitions:
  OAuthScope:
    description: The OAuth scopes an access token may carry.
    oneOf:
      - const: sand:read
        description: Read the sand
      - const: sand:shift
        description: Move the sand
      - const: wind:read
        title: Read the wind
"""
    doc = make_document(spec, "https://docs.example.test/dune.yaml")
    assert _rows(extract_document(doc)) == [
        ("sand:read", "Read the sand"),
        ("sand:shift", "Move the sand"),
        ("wind:read", "Read the wind"),
    ]


def test_an_enum_of_a_spec_without_a_scope_word_or_a_declared_value_is_not_read() -> None:
    spec = b"""openapi: 3.0.0
info: {title: Dune API, version: "1"}
paths: {}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://dune.example/token
          scopes: {sand:read: Read the sand}
  schemas:
    scope:
      description: Which dunes a search covers.
      enum: [dunes:mine, dunes:all]
"""
    doc = make_document(spec, "https://docs.example.test/dune.yaml")
    assert _rows(extract_document(doc)) == [("sand:read", "Read the sand")]
