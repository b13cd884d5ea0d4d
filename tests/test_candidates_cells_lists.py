"""The harvester on table cells, lists of names and code samples of real-page shapes:
badge cells, answer and label columns, collapsed code fences, front matter, query strings,
camelCase and wildcard names in lists, property paths, JSON samples and "types such as".

Fixtures under ``tests/fixtures/o6`` are invented providers written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.extract import candidates_markup, extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.candidates_cells import label_columns
from factory.extract.candidates_fences import collapsed_fence, fence_closes, front_matter_end
from factory.extract.candidates_lists import camel_name, property_path
from factory.extract.candidates_shape import tokens
from factory.extract.candidates_words import what_else
from factory.extract.detect import make_document, parse_structured
from factory.extract.markdown import render_markdown
from factory.models import Candidate
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "o6"


def alone(name: str) -> dict[str, Candidate]:
    """The harvester's candidates on a fixture when told no structured names."""
    doc = load_source(str(FIXTURES / name))
    kind = extract_document(doc).format
    return {c.scope_name: c for c in harvest(segments_of(doc, kind, parse_structured), [])[0]}


def beside(name: str) -> dict[str, Candidate]:
    """The candidates beside the structured reader's names."""
    result = extract_document(load_source(str(FIXTURES / name)))
    return {c.scope_name: c for c in result.candidates}


def test_collapsed_fences_do_not_swallow_the_scope_table() -> None:
    found = alone("collapsed_tabs.mdx")
    assert set(found) == {"kilns.read", "kilns.fire", "glaze.mix", "clay", "kilnlogs"}
    assert "column 'Scope name' speaks of scopes" in found["kilnlogs"].why
    assert "restricted" in found["kilnlogs"].context  # the cell as written


def test_beside_the_structured_names_a_collapsed_mdx_page_gives_no_noise() -> None:
    result = extract_document(load_source(str(FIXTURES / "collapsed_tabs.mdx")))
    assert "kilnlogs" in {s.scope_name for s in result.scopes}
    # no front matter key, no answer or audience cell, no PHP key, no "&state"
    assert result.candidates == ()
    assert not [w for w in result.warnings if "never seen in scope context" in w]


def test_badge_cells_front_matter_and_label_columns_give_no_noise() -> None:
    found = beside("badge_table.md")
    assert not {"sidebar", "order", "yes", "operator", "partner", "restricted"} & set(found)


def test_a_badge_cell_leads_with_its_bare_name() -> None:
    found = alone("badge_table.md")
    assert {"coins", "coin_vaults", "tickets"} <= set(found)
    assert "restricted" not in found


def test_camel_case_and_wildcard_names_count_in_a_list_of_names() -> None:
    found = alone("smart_lists.md")
    assert {"patient/*.rs", "user/*.cruds", "hearthUser", "launch"} <= set(found)
    assert {"hearthName", "phoneNumber"} <= set(found)  # a table's name column
    # a setting's values, its name in prose and its property path are none
    assert not {"true", "false", "unset", "showPicker", "yes", "no"} & set(found)
    assert not [n for n in found if n.startswith("ClientSettings")]


def test_a_camel_case_word_alone_in_a_scope_section_is_no_candidate() -> None:
    text = "# Scopes\n\nSet `retryCount` to retry, or list `pageSize` items.\n"
    assert harvest(candidates_markup.text_segments(text), [])[0] == ()


def test_json_sample_keys_and_sentences_under_permissions_are_no_names() -> None:
    found = beside("json_permissions.md")
    assert not {"label", "Stack", "open", "crates", "and", "Manage", "depot"} & set(found)
    assert not {"parcels", "depot-east"} & set(found)  # "data types such as", "channel"
    assert {"parcels.read", "crates.write"} <= set(found)  # a client's list stays


@pytest.mark.parametrize(
    ("line", "fence", "collapsed", "closes"),
    [
        ("```", "```", False, True),
        ("````", "```", False, True),
        ("```json", "```", False, False),
        ("$x->go(); ```", "```", True, True),
        ("$x->go(); ```", "```", False, False),
    ],
)
def test_fence_closes(line: str, fence: str, collapsed: bool, closes: bool) -> None:
    assert fence_closes(line, fence, collapsed) is closes


def test_collapsed_fence_and_front_matter_end() -> None:
    assert collapsed_fence("    ```bash curl -X POST \\", "```")
    assert not collapsed_fence("```bash", "```")
    assert front_matter_end(["---", "title: A", "side:", "  order: 1", "---", "# A"]) == 5
    assert front_matter_end(["# A", "---"]) == 0


def test_a_query_parameter_glued_to_a_name_is_cut_at_the_ampersand() -> None:
    found = [t for t, _ in tokens("scope=a.read b.write&state=xyz")]
    assert "b.write" in found
    assert not [t for t in found if "&" in t]


def test_label_columns_and_answer_words() -> None:
    text = (
        "## Scopes\n\n| Scope | Default | Tier |\n| --- | --- | --- |\n"
        "| mill.read | yes | miller |\n| mill.grind | no | miller |\n"
        "| flour.bag | no | miller |\n| sacks | required | baker |\n"
    )
    found = {c.scope_name for c in harvest(candidates_markup.text_segments(text), [])[0]}
    assert {"mill.read", "mill.grind", "flour.bag", "sacks"} <= found
    assert not {"yes", "required", "miller", "baker"} & found


def test_label_columns_need_few_values_repeated() -> None:
    class Seen:
        def __init__(self, token: str, group: str) -> None:
            from factory.extract.candidates_shape import Segment

            self.token, self.lead = token, True
            self.seg = Segment(token, "x", "cell", "", "", group)

    names = [Seen(n, "t1:0") for n in ("a.read", "a.write", "b.read", "b.read")]
    labels = [Seen(n, "t1:2") for n in ("user", "user", "user", "app")]
    assert label_columns([*names, *labels]) == {"t1:2"}


def test_camel_name_and_property_path() -> None:
    assert camel_name("birthDate") and not camel_name("birthdate")
    assert not camel_name("client_id") and not camel_name("Accounts")
    assert property_path("Client.signInForm.showPicker")
    assert not property_path("okta.eventHooks.read")


def test_what_else_calls_a_php_key_and_a_kind_such_as() -> None:
    assert what_else("[ '", "' =>\n  'f00dcafe99', ") is not None
    assert what_else('{"', '": "Read your files."}') is None  # a map to descriptions
    assert what_else("certain data types, such as `", "` and more") is not None
    assert what_else("use scopes such as `", "` and more") is None


@pytest.mark.parametrize("name", ["badge_table.md", "collapsed_tabs.mdx", "json_permissions.md"])
def test_the_served_page_gives_the_same_names_and_no_badge_or_kind_noise(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    page = f"<html><body>{render_markdown(text)}</body></html>".encode()
    served = extract_document(
        make_document(page, "https://x.example/p.html", media_type="text/html")
    )
    source = extract_document(load_source(str(FIXTURES / name)))
    assert [s.scope_name for s in served.scopes] == [s.scope_name for s in source.scopes]
    noise = {"restricted", "beta", "parcels", "crates", "depot-east", "yes", "partner"}
    assert not noise & {c.scope_name for c in served.candidates}
