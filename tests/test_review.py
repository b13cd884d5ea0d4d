"""The widget check, driven in plain Python: set ``.value``, call ``.click()``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from factory.contract.naming import provider_names
from factory.errors import ContractError
from factory.models import Document, Provider, ScopeRecord, SearchResult
from factory.workbench.review import ContractReview, css_key
from factory.workbench.views import (
    candidates_frame,
    escaped_styler,
    fetch_summary,
    is_interactive,
    provider_card,
)

XSS = '<img src=x onerror=alert(1)><script>alert("x")</script>'


def _provider(name: str = "Acme Ads") -> Provider:
    names = provider_names(name)
    return Provider(display_name=names.display_name, slug=names.slug, platform=names.platform)


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"scope_name": "openid", "description": "Sign in", "scope_type": "identity"},
            {"scope_name": "ads.read", "description": "Read ads", "scope_type": "read"},
            {"scope_name": "ads.write", "description": XSS, "scope_type": "write"},
        ]
    ).assign(include=True)


@pytest.fixture
def review(tmp_path: Path) -> ContractReview:
    return ContractReview(_provider(), _table(), contracts_dir=tmp_path)


def _names(contract: dict) -> list[str]:
    return [s["scope_name"] for s in contract["sections"]["scopes"]["scopes"]]


def test_initial_contract_has_every_included_scope_and_save_enabled(review: ContractReview) -> None:
    assert _names(review.contract) == ["openid", "ads.read", "ads.write"]
    assert review.problems == []
    assert review.save_button.disabled is False
    assert "cf-valid" in review.problems_panel._dom_classes


def test_unticking_include_drops_the_scope_and_type_override_applies(
    review: ContractReview, tmp_path: Path
) -> None:
    review.view("ads.read").include.value = False  # through the widgets, as a click would
    review.view("ads.write").scope_type.value = "admin"
    review.save_button.click()
    saved = json.loads((tmp_path / "ACME_ADS_CONNECTOR_CONTRACT.json").read_text())
    assert _names(saved) == ["openid", "ads.write"]
    assert saved["sections"]["scopes"]["scopes"][1]["scope_type"] == "admin"
    assert saved["sections"]["scopes"]["scopes"][1]["description"] == XSS  # verbatim
    assert review.last_saved is not None and review.last_saved.created
    assert "Saved" in review.status.value


def test_emptied_name_disables_save_and_click_refuses(
    review: ContractReview, tmp_path: Path
) -> None:
    review.view("ads.read").name.value = "   "
    assert review.save_button.disabled is True
    assert "cf-invalid" in review.problems_panel._dom_classes
    assert "scope name is empty" in review.problems_panel.value
    # the problem names its scope once, and its row is marked
    assert review.problems_panel.value.count("scope <b>ads.read</b>") == 1
    assert review.row_problems == {"ads-read": ["scope name is empty"]}
    assert "cf-row-problem" in review.view("ads.read").widget._dom_classes
    review.save_button.click()  # a programmatic click on a disabled button
    assert list(tmp_path.iterdir()) == []
    assert isinstance(review.last_error, ContractError)
    assert "refused" in review.status.value
    with pytest.raises(ContractError) as info:
        review.save()
    assert any("empty" in p.message for p in info.value.problems)
    assert list(tmp_path.iterdir()) == []


def test_duplicated_name_is_a_problem_and_fixing_it_reenables_save(
    review: ContractReview,
) -> None:
    review.set_row("ads.write", name="ads.read")
    assert any("duplicate" in p.message for p in review.problems)
    assert review.row_problems == {
        "ads-write": ["duplicate scope name 'ads.read' (first: ads.read)"]
    }
    assert review.save_button.disabled
    review.filter_flag.value = "problems"  # found by the filter, fixed in its detail pane
    assert [r.original_name for r in review.filtered] == ["ads.write"]
    review.select_all_filtered()
    assert review.detail.row is review.row("ads.write")
    review.detail.name.value = "ads.write"
    assert not review.save_button.disabled
    assert review.problems == []


def test_button_state_follows_validation_only(review: ContractReview) -> None:
    review.refresh()
    review.save_button.disabled = True  # a stale state from a frontend is recomputed
    review.refresh()
    assert review.save_button.disabled is False  # refresh follows validation only


def test_problems_panel_escapes_html(tmp_path: Path) -> None:
    table = _table()
    table.loc[1, "scope_name"] = XSS  # a hostile name (refused: markup), shown in the problem
    table.loc[2, "scope_name"] = XSS
    review = ContractReview(_provider(), table, contracts_dir=tmp_path)
    panel = review.problems_panel.value
    assert "markup" in panel
    assert "<img" not in panel and "<script" not in panel
    assert "&lt;img src=x onerror=alert(1)&gt;" in panel
    # Descriptions reach the page escaped.
    info = review.view(XSS).info.value
    assert "<img" not in info and "<script" not in info
    assert "&lt;img src=x onerror=alert(1)&gt;" in info


def test_change_against_existing_contract(tmp_path: Path) -> None:
    first = ContractReview(_provider(), _table(), contracts_dir=tmp_path)
    first.set_row("openid", include=False)
    first.save()
    second = ContractReview(_provider(), _table(), contracts_dir=tmp_path)
    assert second.existing_contract is not None
    changes = second.changes
    assert changes.added == ("openid",)
    assert changes.removed == ()
    assert "openid" in second.changes_panel.value
    second.set_row("ads.read", scope_type="write")
    assert second.changes.changed == ("ads.read",)


def test_on_save_callback_and_records_input(tmp_path: Path) -> None:
    seen = []
    records = [ScopeRecord("a:read", "Read A"), ScopeRecord("a:write", None)]
    review = ContractReview(_provider(), records, contracts_dir=tmp_path, on_save=seen.append)
    result = review.save()
    assert seen == [result]
    assert result.path == tmp_path / "ACME_ADS_CONNECTOR_CONTRACT.json"
    assert [r.key for r in review.rows] == ["a-read", "a-write"]
    assert "cf-include-a-read" in review.view("a:read").include._dom_classes
    assert "cf-type-a-write" in review.view("a:write").scope_type._dom_classes


def test_report_panel_shows_the_escaped_report_after_save(tmp_path: Path) -> None:
    review = ContractReview(
        _provider(),
        _table(),
        contracts_dir=tmp_path,
        report_text=lambda saved: f"Contract: {saved.path}\n{XSS}",
    )
    assert review.report_panel.value == ""  # nothing before a save
    review.save_button.click()
    assert f"Contract: {tmp_path / 'ACME_ADS_CONNECTOR_CONTRACT.json'}" in review.report_panel.value
    assert "<script>" not in review.report_panel.value
    assert "&lt;script&gt;" in review.report_panel.value
    assert "cf-report" in review.report_panel._dom_classes


def test_css_keys_are_safe_and_unique(tmp_path: Path) -> None:
    assert css_key("https://x.com/auth/drive.readonly") == "https-x-com-auth-drive-readonly"
    assert css_key("<>") == "scope"
    records = [{"scope_name": "a.b"}, {"scope_name": "a:b"}]
    review = ContractReview(_provider(), records, contracts_dir=tmp_path)
    assert [r.key for r in review.rows] == ["a-b", "a-b-2"]


def test_bad_rows_are_a_contract_error(tmp_path: Path) -> None:
    with pytest.raises(ContractError):
        ContractReview(_provider(), [42], contracts_dir=tmp_path)


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        (None, {}, True),
        (None, {"CONNECTOR_FACTORY_HEADLESS": "1"}, False),
        (True, {"CONNECTOR_FACTORY_HEADLESS": "1"}, True),
        (False, {}, False),
    ],
)
def test_is_interactive(explicit: bool | None, env: dict[str, str], expected: bool) -> None:
    assert is_interactive(explicit, env) is expected


def test_escaped_styler_escapes_cells_and_both_axes() -> None:
    frame = pd.DataFrame({XSS: [XSS]}, index=[XSS])
    rendered = escaped_styler(frame).to_html()
    assert "<img" not in rendered and "<script" not in rendered
    assert rendered.count("&lt;img src=x onerror=alert(1)&gt;") == 3


def test_provider_card_uses_the_naming_engine() -> None:
    card = provider_card(_provider("X (Twitter)"))
    assert card["slug"] == "x_twitter"
    assert card["platform key"] == "X_TWITTER"
    assert card["vault key name"] == "PROVIDER_X_TWITTER_KEY"
    assert "falls back to search" in card["known sources"]


def test_candidates_and_fetch_summary_are_plain_data() -> None:
    result = SearchResult("https://a.test/s", XSS, "catalog", True, "official domain a.test")
    frame = candidates_frame([result])
    assert list(frame.columns) == ["official", "url", "title", "backend", "reason"]
    assert frame.iloc[0]["title"] == XSS  # escaped only when rendered (escaped_styler)
    doc = Document(
        "https://a.test/s", "https://a.test/s2", 200, "text/html", "ab" * 32, b"x" * 1234, "t"
    )
    lines = fetch_summary([doc], ["fetch https://a.test/t failed: timeout"])
    assert lines == [
        f"200     1,234 B sha256:{'ab' * 32} https://a.test/s -> https://a.test/s2",
        "failed: fetch https://a.test/t failed: timeout",
    ]


def test_annotation_editor_collects_and_saves_through_the_callback() -> None:
    from factory.errors import EvidenceError
    from factory.workbench.review import AnnotationEditor

    saved = []
    editor = AnnotationEditor(
        {"https://a.test/v2": {"version": "v2", "note": ""}, XSS: {"version": "", "note": ""}},
        ["ads.read", "ads.write"],
        on_save=lambda sources, scopes: saved.append((sources, scopes)) or "ok",
    )
    editor.scope_picker.value = "ads.write"
    editor.scope_version.value, editor.scope_note.value = " legacy ", "business accounts only"
    editor.save_button.click()
    assert saved == [
        (
            {
                "https://a.test/v2": {"version": "v2", "note": ""},
                XSS: {"version": "", "note": ""},
            },
            {"ads.write": {"version": "legacy", "note": "business accounts only"}},
        )
    ]
    assert editor.last_saved == "ok"
    assert editor.status.value == (
        "Saved 1 source label(s) and 1 scope annotation(s) to the evidence folder"
    )
    editor.scope_picker.value = "ads.read"  # the fields follow the picked scope
    assert (editor.scope_version.value, editor.scope_note.value) == ("", "")
    editor.scope_picker.value = "ads.write"
    assert editor.scope_version.value == " legacy "

    def refuse(_sources: object, _scopes: object) -> None:
        raise EvidenceError("sources.json", "bad annotation(s): unknown scope 'x'")

    editor.on_save = refuse
    editor.save_button.click()  # a refusal shows in the status, never raises into the page
    assert "unknown scope" in editor.status.value


def _scale_table() -> pd.DataFrame:
    rows = [
        {"scope_name": f"r{i}.read", "description": f"Read {i}.", "scope_type": "read",
         "kinds": "delegated" if i % 2 else "application", "versions": "", "flags": "",
         "status": "ok", "note": "", "include": True}
        for i in range(400)
    ]  # fmt: skip
    rows[7].update(flags="conflict", status="flagged", note="same kind, different text")
    rows[8].update(versions="deprecated", flags="legacy-only", status="flagged")
    return pd.DataFrame(rows)


def test_filters_and_bulk_actions_at_400_rows_in_one_grid(tmp_path: Path) -> None:
    review = ContractReview(_provider(), _scale_table(), contracts_dir=tmp_path)
    assert len(review.grid.keys) == 400  # every scope in one grid, no pages
    assert review.count.value.startswith("400 of 400 scopes shown")
    review.filter_kind.value = "delegated"
    assert len(review.filtered) == 200 and len(review.grid.keys) == 200
    review.filter_name.value = "r1"  # r1, r11, r13 ... among the delegated ones
    assert all("r1" in r.original_name for r in review.filtered)
    assert review.set_filtered(False) == len(review.filtered)
    assert not review.problems and not review.row("r1.read").include
    review.filter_name.value, review.filter_kind.value = "", "all"
    review.filter_included.value = "excluded"
    assert {r.original_name for r in review.filtered} == {
        n for n in (f"r{i}.read" for i in range(1, 400, 2)) if n.startswith("r1")
    }
    review.filter_included.value = "all"
    review.filter_flag.value = "deprecated"
    review.select_all_filtered()
    assert "deprecated" in review.detail.info.value
    assert "<s>r8.read</s>" in review.detail.info.value
    review.filter_flag.value = "conflict"
    assert [r.original_name for r in review.filtered] == ["r7.read"]


def test_decisions_come_from_the_check_and_start_it_again(tmp_path: Path) -> None:
    from factory.contract.decisions import Decisions
    from factory.errors import EvidenceError

    review = ContractReview(_provider(), _table(), contracts_dir=tmp_path)
    review.set_row("ads.read", include=False)
    review.set_row("ads.write", scope_type="admin", name="ads.manage")
    decided = review.decisions({"scopes": {"openid": {"note": "sign-in"}}})
    assert decided.excluded == ("ads.read",)
    assert decided.scope_types == {"ads.write": "admin"}
    assert decided.renamed == {"ads.write": "ads.manage"}
    assert "excluded (1): ads.read" in "\n".join(decided.lines())
    again = ContractReview(_provider(), _table(), contracts_dir=tmp_path, decisions=decided)
    assert again.contract == review.contract
    stale = ContractReview(_provider(), _table(), decisions=Decisions(excluded=("nope",)))
    assert "no longer lists (not applied): nope" in stale.decisions_panel.value  # not fatal
    with pytest.raises(EvidenceError, match="two included scopes would be named"):
        ContractReview(_provider(), _table(), decisions=Decisions(renamed={"openid": "ads.read"}))


def test_contract_preview_is_collapsed_and_follows_the_check(tmp_path: Path) -> None:
    review = ContractReview(_provider(), _table(), contracts_dir=tmp_path)
    assert review.preview_box.selected_index is None and review.preview.value == ""
    review.preview_box.selected_index = 0  # opened: rendered now, escaped
    assert "&quot;scope_name&quot;: &quot;ads.read&quot;" in review.preview.value
    assert "<script>" not in review.preview.value
    review.set_row("ads.read", include=False)
    assert "&quot;ads.read&quot;" not in review.preview.value
