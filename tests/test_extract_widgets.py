"""Layouts the layout fuzzer found unread: disclosure widgets, grant-word sections, cells of
several scopes, code blocks of one scope per line, look-alike headerless tables.

Every page is invented (``fixtures/widgets/``): it shows the family, never a provider's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.extract.grant_context import grant_section, uniform_scope_run
from factory.extract.html_tables import split_code_span
from factory.extract.markdown_pre import preprocess_markdown
from factory.models import ExtractionResult

FIXTURES = Path(__file__).parent / "fixtures" / "widgets"


def _extract(name: str) -> ExtractionResult:
    path = FIXTURES / name
    return extract_document(
        make_document(path.read_bytes(), f"https://docs.example.test/widgets/{name}")
    )


def _rows(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(r.scope_name, r.description) for r in result.scopes]


def test_details_widgets_under_a_scope_heading_are_scopes_and_a_faq_is_not() -> None:
    assert _rows(_extract("details.md")) == [
        ("kilns.read", "See the kilns of a studio and their firing schedules."),
        ("kilns.write", "Start, pause and stop a firing."),
        ("glazes.read", "See the glaze recipes of a studio."),
    ]


def test_mdx_accordions_and_tab_items_give_their_label_prop_and_body() -> None:
    result = _extract("components.mdx")
    assert _rows(result) == [
        ("wheels:read", "See the potter's wheels of a studio."),
        ("wheels:write", "Book a wheel for a session. A booking holds for one hour."),
        ("studios:read", "See the studios you belong to."),
        ("studios:admin", "Change the opening hours of a studio."),
    ]  # the curl/python tabs of code samples are not scopes
    assert result.scopes[0].locator == "definition list 1 item 1"


def test_an_indented_component_body_is_text_not_an_indented_code_block() -> None:
    page = '## Permissions\n\n<Accordion title="a:b">\n\n    Lets the app do b.\n\n</Accordion>\n'
    markdown = preprocess_markdown(page).markdown
    assert '<aside data-component="Accordion" data-label="a:b">' in markdown
    assert "\nLets the app do b." in markdown


def test_aria_tabs_pair_each_tab_with_its_panel_by_id_and_skip_code_sample_tabs() -> None:
    result = _extract("aria_tabs.html")
    assert _rows(result) == [
        ("Clay.Stock.Read", "See the clay in stock."),
        ("Clay.Stock.Write", "Change the clay in stock."),
        ("Clay.Orders.Send", "Send an order of clay to a supplier."),
    ]
    assert {r.section for r in result.scopes} == {"Available grants"}


def test_sphinx_design_dropdowns_and_tab_items_keep_their_titles() -> None:
    assert _rows(_extract("folds.rst")) == [
        ("firing.read", "See the firing log of a kiln."),
        ("firing.write", "Add an entry to the firing log."),
        ("moulds.read", "See the moulds of a studio."),
        ("moulds.write", "Add or retire a mould."),
    ]


def test_asciidoc_collapsibles_multi_cells_listings_and_no_parameter_or_claim_tables() -> None:
    result = _extract("collapsible.adoc")
    assert _rows(result) == [
        ("glazes:mix", "Mix a glaze from a recipe."),
        ("glazes:fire", "Fire a glazed piece."),
        ("pieces:read", "See and list the pieces of a studio."),
        ("pieces:list", "See and list the pieces of a studio."),
        ("pieces:sell", "Sell a piece and ship it."),
        ("pieces:ship", "Sell a piece and ship it."),
        ("pieces:tag:{studio_id}", "Tag the pieces of one studio."),
        ("shelves:read", None),
        ("shelves:write", None),
        ("shelves:clear", None),
    ]  # client_id, redirect_uri, state, sub, family_name: parameter and claim tables


def test_headings_per_scope_under_a_grant_section_but_not_parameter_headings() -> None:
    result = _extract("grant_headings.md")
    assert _rows(result) == [
        ("TOOLS_READ", "See the tools of a studio."),
        ("TOOLS_LEND", "Lend a tool to another studio."),
        ("TOOLS_RETURN", "Mark a lent tool as returned."),
    ]


def test_a_markdown_cell_of_several_scopes_gives_each() -> None:
    assert [name for name, _ in _rows(_extract("table_multi.md"))] == [
        "easels:read", "easels:list", "easels:move", "easels:fold", "easels:paint",
        "easels:clean", "easels:sell",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Available grants", True),
        ("API access", True),
        ("Authorization", True),
        ("OAuth 2.0 authorization:", True),
        ("Authorization code flow", False),
        ("Access tokens", False),
        ("Overview", False),
    ],
)
def test_a_grant_section_is_a_grant_word_with_at_most_a_qualifier(
    heading: str, expected: bool
) -> None:
    assert grant_section(heading) is expected


def test_a_uniform_run_needs_three_tokens_of_one_shape_and_no_protocol_names() -> None:
    assert uniform_scope_run(["a.read", "a.write", "b.read"])
    assert not uniform_scope_run(["a.read", "a.write"])
    assert not uniform_scope_run(["client_id", "redirect_uri", "response_type"])
    assert not uniform_scope_run(["a.read", "B_WRITE", "c:list", "https://x.test/d"])


def test_a_code_span_splits_only_into_punctuated_scope_tokens() -> None:
    assert split_code_span("a.read b.write") == ["a.read", "b.write"]
    assert split_code_span("read write") == ["read write"]
    assert split_code_span("a.read") == ["a.read"]


def test_lists_and_name_tables_under_a_grant_section_but_not_oauth_error_codes() -> None:
    assert _rows(_extract("grant_lists.md")) == [
        ("w_kiln", "Fire a kiln."),
        ("r_kiln", "See the firing log."),
        ("d_kiln", "Retire a kiln."),
        ("clay.order", "Order clay."),
        ("clay.count", "Count the clay in stock."),
        ("clay.return", "Return unused clay."),
    ]


def test_list_items_that_name_their_scope_last_in_parentheses() -> None:
    assert _rows(_extract("trailing.md")) == [
        ("orders.read", "Read the orders of a studio"),
        ("orders.write", "Place and cancel orders"),
        ("orders.refund", "Refund an order"),
    ]


def test_a_run_of_custom_scope_elements_gives_their_name_and_description_attributes() -> None:
    assert _rows(_extract("scope_elements.html")) == [
        ("brushes.read", "See the brushes of a studio."),
        ("brushes.write", "Add or retire a brush."),
    ]
