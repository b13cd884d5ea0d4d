"""Layout families of the outside10 dev round, each on an invented provider's page:

- a definition list of code-span terms under a heading that names privileges (AsciiDoc
  ``name::`` lists with ``+`` continuations, Markdown ``term`` / ``: definition``, rst
  definition lists): a scope list, each description the definition's text (in AsciiDoc, the
  item's own text: blocks attached by ``+`` are remarks on it);
- a leading ``*:`` wildcard segment (``*:read``) is a scope's shape (``*.yaml`` is a glob);
- a "Claims" column of sentences is what the page says of each scope (a list of claim names
  is not);
- an AsciiDoc file opening with ``[[anchor]]`` is not tried as JSON, and its target-less
  inline macros (``deprecated:[2.1]``) are not harvested as names.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.asciidoc_pre import page_text
from factory.extract.text import looks_like_scope, version_marker
from factory.models import ExtractionResult
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "o10"


def run(name: str, url: str | None = None) -> ExtractionResult:
    return extract_document(load_source(str(FIXTURES / name), source_url=url))


def described(result: ExtractionResult) -> list[tuple[str, str | None]]:
    return [(s.scope_name, s.description) for s in result.scopes]


def test_asciidoc_privilege_list_reads_terms_with_first_paragraph() -> None:
    result = run("privileges.adoc", "https://x.test/vault/privileges.html")
    assert described(result) == [
        ("all", "Every operation on a store, like sealing, unsealing and rotating keys."),
        (
            "rotate_keys",
            "Privileges to rotate the keys of a store. See key rotation for the schedule.",
        ),
        ("seal", "Privileges to seal a store."),
        ("read_audit", "Read-only access to the audit trail of a store.deprecated[2.4]"),
    ]  # the "Settings" list of code terms is no privilege list
    assert [s.version for s in result.scopes] == [None, None, None, "deprecated"]
    assert not any("JSON" in w for w in result.warnings)
    assert not any("deprecated" in c.scope_name for c in result.candidates)


def test_markdown_and_rst_definition_lists_of_privileges() -> None:
    expected = [
        ("dig", "Privilege to dig in a pit."),
        ("haul", "Privilege to haul stone out of a pit."),
        ("survey", "Read-only access to the survey maps of a pit."),
    ]
    assert described(run("privileges_deflist.md")) == expected
    assert described(run("privileges_deflist.rst")) == expected


def test_leading_wildcard_segment_is_a_scope_shape() -> None:
    assert looks_like_scope("*:read")
    assert not looks_like_scope("*.yaml")
    assert not looks_like_scope("*")
    found = described(run("permissions_wildcard.md"))
    assert found[:2] == [
        ("*:read", "Read access to everything."),
        ("*:write", "Write access to everything."),
    ]
    names = [n for n, _ in found]
    assert names == ["*:read", "*:write", "docks:read", "docks:write", "cranes:read"]


def test_claims_column_of_sentences_describes_its_scopes() -> None:
    assert described(run("claims_sentences.md")) == [
        ("openid", "(required) Returns the uid claim, which identifies the user."),
        ("lantern:profile", "Returns claims of the user's profile, including nick and avatar."),
        ("lantern:email", "Returns the mail claim, which holds the user's email address."),
        ("lantern:badges", None),  # a list of claim names, not a sentence
        ("lantern:teams", None),
    ]


def test_asciidoc_badge_macro_marks_a_version() -> None:
    assert version_marker("Reads the trail.deprecated[2.4]") == "deprecated"
    assert version_marker("Reads the trail. beta[] More.") == "beta"
    assert page_text("deprecated:[2.1] Also grants x.") == "deprecated [2.1] Also grants x."
    linked = "See link:https://x.test/a[the page]."
    assert page_text(linked) == linked


def test_an_asciidoc_macro_with_a_target_is_the_text_it_shows(tmp_path: Path) -> None:
    assert page_text("Needs plugin:vault-keys[Vault Keys plugin] too.") == (
        "Needs Vault Keys plugin too."
    )
    assert page_text("See xref:scopes.adoc[] first.") == "See scopes.adoc first."
    page = tmp_path / "permissions.adoc"
    page.write_text(
        "= Example Vault permissions\n\n== Permissions\n\n"
        "`vault:read`:: Read secrets.\n`vault:write`:: Write secrets.\n\n"
        "Rotating keys needs the plugin:vault-keys[Vault Keys plugin] and `vault:rotate`.\n",
        encoding="utf-8",
    )
    result = extract_document(load_source(str(page)))
    found = {c.scope_name for c in result.candidates}
    assert "vault:rotate" in found
    assert not any("[" in name or name.startswith("plugin:") for name in found), found
