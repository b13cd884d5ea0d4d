"""The check's grid model: per-column filters, selection, bulk actions and the detail pane."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from factory.contract.naming import provider_names
from factory.contract.wordings import kind_wordings
from factory.evidence.store import checklist_text
from factory.models import Provider
from factory.research.table import LIST_SEPARATOR
from factory.workbench.review import ContractReview
from factory.workbench.review_grid import grid_frame, short_source

HOSTILE = "<img src=x onerror=alert(1)>"
DOCS = "https://docs.contoso.example/permissions"
LEGACY = "https://docs.contoso.example/legacy-scopes"


def _provider() -> Provider:
    names = provider_names("Contoso Mail")
    return Provider(display_name=names.display_name, slug=names.slug, platform=names.platform)


def _rows() -> pd.DataFrame:
    base = {"scope_type": "read", "include": True, "flags": "", "status": "ok", "versions": "",
            "kinds": "", "sources": DOCS, "description_source": DOCS, "note": "",
            "other_descriptions": "", "kind_descriptions": ""}  # fmt: skip
    rows = [
        {"scope_name": "Mail.Read", "description": "Read the user's mailbox."},
        {"scope_name": "Mail.Send", "description": "Send messages as the user.",
         "scope_type": "write", "kinds": "application, delegated",
         "kind_descriptions": "application: Send messages as any user."
         + LIST_SEPARATOR + "delegated: Send messages as the user."},
        {"scope_name": "People.Read", "description": "Read people the user mails with."},
        {"scope_name": "User.ReadBasic.All", "description": "Read basic profiles and e-mail."},
        {"scope_name": "Files.Read", "description": f"Read files. {HOSTILE}",
         "flags": "conflict", "status": "flagged", "sources": DOCS + LIST_SEPARATOR + LEGACY,
         "other_descriptions": "Read every file in the tenant."},
        {"scope_name": "Notes.Export", "description": "", "status": "candidate",
         "include": False, "candidate_context": "Call export with the Notes.Export scope.",
         "sources": "/tmp/saved/notes.html", "description_source": "/tmp/saved/notes.html"},
    ]  # fmt: skip
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.fixture
def review(tmp_path: Path) -> ContractReview:
    return ContractReview(_provider(), _rows(), contracts_dir=tmp_path)


def _shown(review: ContractReview) -> list[str]:
    return [r.original_name for r in review.filtered]


def test_the_name_filter_looks_at_names_only(review: ContractReview) -> None:
    review.filter_name.value = "mail"
    assert _shown(review) == ["Mail.Read", "Mail.Send"]  # not People.Read nor User.ReadBasic.All
    assert review.grid.keys == ["Mail-Read", "Mail-Send"]
    review.filter_name.value = ""
    review.filter_text.value = "mail"  # the free search still reads descriptions too
    assert _shown(review) == ["Mail.Read", "Mail.Send", "People.Read", "User.ReadBasic.All"]


def test_every_column_has_its_filter(review: ContractReview) -> None:
    review.filter_type.value = "write"
    assert _shown(review) == ["Mail.Send"]
    review.filter_type.value = "all"
    review.filter_kind.value = "application"
    assert _shown(review) == ["Mail.Send"]
    review.filter_kind.value = "all"
    review.filter_status.value = "flagged"
    assert _shown(review) == ["Files.Read"]
    review.filter_status.value = "all"
    review.filter_source.value = "legacy"
    assert _shown(review) == ["Files.Read"]
    review.filter_source.value = ""
    review.filter_candidate.value = "candidate"
    assert _shown(review) == ["Notes.Export"]
    review.filter_candidate.value = "not candidate"
    assert "Notes.Export" not in _shown(review)
    review.filter_candidate.value = "all"
    review.filter_included.value = "excluded"
    assert _shown(review) == ["Notes.Export"]
    assert review.count.value.startswith("1 of 6 scopes shown; 5 included, 1 excluded")


def test_select_filtered_then_exclude_include_or_retype_the_selection(
    review: ContractReview,
) -> None:
    review.filter_name.value = "Mail"
    assert review.select_all_filtered() == 2
    assert [r.original_name for r in review.selected] == ["Mail.Read", "Mail.Send"]
    assert review.count.value.endswith("2 selected")
    assert review.set_selected(include=False) == 2
    names = [s["scope_name"] for s in review.contract["sections"]["scopes"]["scopes"]]
    assert names == ["People.Read", "User.ReadBasic.All", "Files.Read"]
    assert review.set_selected(scope_type="admin") == 2
    assert {review.row(n).scope_type for n in ("Mail.Read", "Mail.Send")} == {"admin"}
    assert review.set_selected(include=True) == 2
    review.filter_name.value = ""  # another filter: the old selection no longer applies
    assert review.selected == []
    review.select(["Notes.Export"])  # include a candidate
    assert review.set_selected(include=True) == 1
    scopes = review.contract["sections"]["scopes"]["scopes"]
    assert "Notes.Export" in [s["scope_name"] for s in scopes]


def test_the_selection_follows_the_grids_own_sort(review: ContractReview) -> None:
    review.grid.widget._visible_rows = [5, 4, 3, 2, 1, 0]  # the page sorted the grid backwards
    review.grid.widget.selections = [{"r1": 0, "c1": 0, "r2": 1, "c2": 9}]  # top two lines
    assert [r.original_name for r in review.selected] == ["Notes.Export", "Files.Read"]
    assert review.detail.row is review.row("Files.Read")  # the last one selected is shown


def test_detail_shows_both_wordings_of_a_conflict_with_their_sources(
    review: ContractReview,
) -> None:
    info = review.view("Files.Read").info.value
    assert "Conflict: 2 wordings" in info
    assert "Read every file in the tenant." in info and "Read files. &lt;img" in info
    assert HOSTILE not in info  # escaped
    assert f'<a href="{LEGACY}"' in info and f'<a href="{DOCS}"' in info
    assert "cf-row-problem" not in review.detail.widget._dom_classes


def test_detail_says_which_kind_wording_went_into_the_contract(review: ContractReview) -> None:
    info = review.view("Mail.Send").info.value
    assert "the contract keeps the delegated wording" in info
    assert "<b>delegated</b> (<b>in the contract</b>): Send messages as the user." in info
    other = "<b>application</b> (not in the contract, shown only): Send messages as any user."
    assert other in info


def test_detail_shows_a_candidates_context_and_annotations(tmp_path: Path) -> None:
    review = ContractReview(_provider(), _rows(), contracts_dir=tmp_path)
    review.annotations = {"Notes.Export": {"note": "ask the vendor", "version": ""}}
    info = review.view("Notes.Export").info.value
    assert "candidate harvester" in info and "Call export with the Notes.Export scope." in info
    assert "<b>annotation</b>: note: ask the vendor" in info
    assert "<code>/tmp/saved/notes.html</code>" in info  # a local file: shown, not a link


def test_name_edits_in_the_detail_pane_reach_the_contract_and_the_problems(
    review: ContractReview,
) -> None:
    review.view("Mail.Read").name.value = "Mail.Send"
    problem = "duplicate scope name 'Mail.Send' (first: Mail.Read)"
    assert review.row_problems == {"Mail-Send": [problem]}
    assert review.save_button.disabled
    review.view("Mail.Read").name.value = "Mail.Read"
    assert not review.save_button.disabled


def test_grid_frame_is_plain_text_per_column() -> None:
    review = ContractReview(_provider(), _rows())
    frame = grid_frame(review.rows)
    assert list(frame.columns)[:3] == ["decision", "name", "type"]
    assert frame.loc["Notes-Export", "decision"] == "excluded"
    assert frame.loc["Files-Read", "source"] == (
        "docs.contoso.example/permissions | docs.contoso.example/legacy-scopes"
    )
    assert short_source("/tmp/saved/notes.html") == "notes.html"


def test_the_checklist_says_which_kind_wording_the_contract_keeps() -> None:
    rows = _rows().to_dict("records")
    text = checklist_text("Contoso Mail", "CONTOSO_MAIL", rows)
    assert (
        "the contract keeps the delegated wording; not in the contract: application: "
        "Send messages as any user." in text
    )
    assert kind_wordings("", "x") is None
    assert LIST_SEPARATOR == " | "  # the wordings module reads the table's separator


def test_the_provider_card_shows_its_sources_as_links() -> None:
    from factory.research.catalog import resolve_provider
    from factory.workbench.views import escaped_styler, provider_card

    card = provider_card(resolve_provider("Microsoft Graph"))
    frame = pd.DataFrame(card.items(), columns=["field", "value"]).set_index("field")
    rendered = escaped_styler(frame).to_html()
    urls = [u for u in card["known sources"].split() if u.startswith("https://")]
    assert urls and all(f'<a href="{u}" target="_blank"' in rendered for u in urls)
    hostile = escaped_styler(pd.DataFrame({"v": [f'see https://x.example/"{HOSTILE}']})).to_html()
    assert "<img" not in hostile and '<a href="https://x.example/"' in hostile


def test_the_export_shows_a_saved_copy_as_its_official_url_and_wraps_long_names(
    tmp_path: Path,
) -> None:
    from factory.research.saved_copy import official_url_in
    from factory.workbench.scope_html import scope_table_html

    official = "https://docs.contoso.example/graph/permissions"
    copy = tmp_path / "permissions.html"
    copy.write_text(f'<html><head><link rel="canonical" href="{official}"></head></html>')
    bare = tmp_path / "bare.html"
    bare.write_text("<html><body>no origin</body></html>")
    long_name = "UserAuthenticationMethod.ReadWrite.All.VeryLongSuffixWithoutBreaks"
    table = _rows().assign(sources=[str(copy), str(bare), DOCS, DOCS, DOCS, DOCS])
    table.loc[0, "scope_name"] = long_name
    page = scope_table_html(table)
    assert f'<a href="{official}"' in page and "(saved copy: permissions.html)" in page
    assert 'title="' in page and "bare.html" in page  # no origin known: the file's name
    assert "table-layout:fixed" in page and "overflow-wrap:anywhere" in page
    assert "<script" not in page
    assert official_url_in(f"<!-- saved from url=(0042){official} -->\n<html>") == official
    assert official_url_in('<meta property="og:url" content="javascript:alert(1)">') is None


def test_an_exclusion_updates_cells_not_the_whole_grid(review: ContractReview) -> None:
    data = review.grid.widget._data
    review.select(["Mail.Read"])
    review.set_selected(include=False)
    assert review.grid.widget._data is data  # the same data, one cell changed in place
    assert list(data["data"]["decision"])[:2] == ["excluded", "included"]
    review.select(["People.Read", "User.ReadBasic.All", "Files.Read"] * 3)
    review.set_selected(include=False)  # a few cells: still updated in place
    assert review.grid.widget._data is data
    review.filter_name.value = "Mail"  # a filter: one transform on the key, no data sent
    assert review.grid.widget._data is data
    assert review.grid.widget._transforms == [
        {"type": "filter", "column": "key", "operator": "in", "value": ["Mail-Read", "Mail-Send"]}
    ]
    review.grid.widget._transforms = [{"type": "sort", "column": "type", "desc": False}]
    review.filter_name.value = ""  # every row again: the page's own sort stays
    assert review.grid.widget._transforms == [{"type": "sort", "column": "type", "desc": False}]


def test_a_harvested_candidate_shows_its_context_and_can_be_included(tmp_path: Path) -> None:
    from factory.contract.decisions import Decisions, prune_decisions

    row = {"scope_name": "pages.share", "description": None, "scope_type": "other",
           "include": False, "status": "candidate", "flags": "candidate", "sources": DOCS,
           "note": "found by the candidate harvester; why: speaks of scopes; "
                   "context: <Props scopes={['pages.share']} />"}  # fmt: skip
    review = ContractReview(_provider(), pd.concat([_rows(), pd.DataFrame([row])]))
    review.filter_flag.value = "candidate"
    assert _shown(review) == ["Notes.Export", "pages.share"]
    info = review.view("pages.share").info.value
    assert "Context: &lt;Props scopes={[&#x27;pages.share&#x27;]} /&gt;" in info
    review.select(["pages.share"])
    assert review.set_selected(include=True) == 1
    assert review.decisions().included == ("pages.share",)
    kept, gone = prune_decisions(Decisions(included=("pages.share", "old.one")), ["pages.share"])
    assert kept.included == ("pages.share",) and gone == ["old.one"]
