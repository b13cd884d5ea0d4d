"""Layout families found on official scope pages of providers outside the corpus (issue 9).

Every page here is invented: it shows the family, never a provider's text.
"""

from __future__ import annotations

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.extract.openapi_ops import description_scopes
from factory.models import ExtractionResult


def _run(text: str, name: str = "scopes.md") -> ExtractionResult:
    media = {"md": "text/markdown", "rst": "text/x-rst"}[name.rsplit(".", 1)[1]]
    doc = make_document(text.encode(), f"https://docs.example.test/{name}", media_type=media)
    return extract_document(doc)


def _rows(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(r.scope_name, r.description) for r in result.scopes]


def _warned(result: ExtractionResult, *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in result.warnings)


def test_a_scope_description_header_is_the_description_column() -> None:
    page = (
        "# Standard scopes\n\nThe scopes a client may ask for:\n\n"
        "| Scope | Scope Description |\n| --- | --- |\n"
        "| harvest.fields | See the fields of a farm |\n| harvest.yields | See the yields |\n"
    )
    assert _rows(_run(page)) == [
        ("harvest.fields", "See the fields of a farm"),
        ("harvest.yields", "See the yields"),
    ]


def test_a_nested_list_reads_the_item_it_sits_in_not_the_outer_parameter_lead() -> None:
    page = (
        "# Tokens\n\nA viewer token is created with an access token.\n\n"
        "The request takes two parameters:\n\n"
        " - `expires_at`, the date the token ends.\n"
        " - `scopes`, an array of the token's permissions:\n"
        "    - `plan:read` The token can read plans\n"
        "    - `plan:write` The token can draw on plans\n"
    )
    result = _run(page)
    assert _rows(result) == [
        ("plan:read", "The token can read plans"),
        ("plan:write", "The token can draw on plans"),
    ]


def test_the_outer_parameter_list_itself_is_not_read_as_scopes() -> None:
    page = (
        "# Tokens\n\nThe request takes two parameters:\n\n"
        " - `expires_at`: the date the token ends.\n - `scopes`: what the token may do.\n"
    )
    assert _run(page).scopes == ()


def test_a_prose_enumeration_drops_the_combination_of_its_own_tokens() -> None:
    page = (
        "OAuth\n=====\n\nTo authorize a user, pass a scope (currently either ``read``, "
        "``write``, or ``read write``) and the redirect address.\n"
    )
    result = _run(page, "oauth.rst")
    assert _rows(result) == [("read", None), ("write", None)]
    assert _warned(result, "prose enumerations", "read, write")


def test_a_combination_alone_is_not_an_enumeration() -> None:
    page = "OAuth\n=====\n\nPass the scope ``read write`` and ``x y`` to get both.\n"
    assert _run(page, "oauth.rst").scopes == ()


def test_a_property_line_repeating_the_heading_scope_is_a_label_not_the_description() -> None:
    page = (
        "# Authorisations\n## Scopes of the archive API\n\n"
        "### archive.read\n\n**Scope**\n`archive.read`\n\n**Allows**:\n\n"
        "* to list archives\n* to read an archive\n\n"
        "### archive.seal\n\n**Scope**\n`archive.seal`\n\n"
    )
    assert _rows(_run(page)) == [
        ("archive.read", "Allows: to list archives to read an archive"),
        ("archive.seal", None),
    ]


def test_plain_text_scope_items_are_read_and_warned() -> None:
    page = (
        "Token scopes\n============\n\nThe following scopes are available:\n\n"
        "* ledger:read, ledger:write\n* invoice:write - create and change invoices\n"
        "* audit.read: read the audit trail\n"
    )
    result = _run(page, "scopes.rst")
    assert _rows(result) == [
        ("ledger:read", None),
        ("ledger:write", None),
        ("invoice:write", "create and change invoices"),
        ("audit.read", "read the audit trail"),
    ]
    assert _warned(result, "plain-text items", "ledger:read")


def test_plain_text_items_of_prose_are_not_scopes() -> None:
    page = (
        "Token scopes\n============\n\nThe following scopes are available:\n\n"
        "* Ask an administrator first.\n* See the guide for details.\n"
    )
    assert _run(page, "scopes.rst").scopes == ()


def test_a_resource_by_access_grid_is_warned_and_no_name_is_composed() -> None:
    page = (
        "Scopes\n======\n\nEach resource takes an access level as a scope, written "
        "``resource:access``.\n\n"
        "========  ====  =====\nResource  read  write\n========  ====  =====\n"
        "ledger    yes   yes\ninvoice   yes   no\n========  ====  =====\n"
    )
    result = _run(page, "grid.rst")
    assert result.scopes == ()
    assert _warned(result, "grid of 2 row(s)", "read, write")


def test_an_sdk_enumeration_of_constant_names_is_warned() -> None:
    page = (
        "# Oauth Scope\n\nOAuth 2 scopes supported by the API\n\n## Enumeration\n\n"
        "`OauthScope`\n\n## Fields\n\n| Name | Description |\n| --- | --- |\n"
        "| `OPEN_ID` | Sign the user in |\n| `OFFLINE_ACCESS` | Refresh tokens |\n"
    )
    result = _run(page)
    assert result.scopes == ()
    assert _warned(result, "2 constant names", "OPEN_ID", "without their values")


def test_a_fields_table_of_capitalised_words_is_not_called_constants() -> None:
    page = (
        "# Scopes\n\nScopes of the API.\n\n## Fields\n\n| Name | Description |\n| --- | --- |\n"
        "| Id | The id |\n| Label | The label |\n"
    )
    assert not _warned(_run(page), "constant names")


def test_a_scope_word_inside_a_code_span_does_not_start_a_scope_phrase() -> None:
    text = "Filter by `team-scope` and `org`. Requires scope `members:read`."
    assert description_scopes(text) == ["members:read"]
    assert description_scopes("Requires the `a:read` or `b:read` scope.") == ["a:read", "b:read"]
