"""A rebuild that replaces what a person changed in a draft says so and keeps the old file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory.cli import main
from factory.contract.store import ContractChanges, diff_contracts
from factory.evidence.report import Report

PAGE = "# Scopes\n\n| Scope | Description |\n|---|---|\n| `ads.read` | Read ads. |\n"


def _build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    page = tmp_path / "scopes.md"
    page.write_text(PAGE)
    argv = [
        "build",
        "Example Ads",
        "--offline",
        "--source",
        str(page),
        "--contracts-dir",
        str(tmp_path / "c"),
        "--evidence-dir",
        str(tmp_path / "e"),
    ]
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert info.value.code in (0, None), err
    return out


def _hand_edit(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text())
    data["sections"]["kpi_mappings"]["mappings"] = {"cpc": "cost / clicks"}
    data["sections"]["budgets"]["daily_limit"] = 50
    data["reviewer_note"] = "checked by Ana"
    path.write_text(json.dumps(data, indent=2))
    return data


def test_rebuild_names_the_hand_edits_it_replaces_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _build(tmp_path, capsys)
    contract = tmp_path / "c" / "EXAMPLE_ADS_CONNECTOR_CONTRACT.json"
    edited = _hand_edit(contract)
    out = _build(tmp_path, capsys)
    for path in ("$.reviewer_note", "$.sections.budgets.daily_limit",
                 "$.sections.kpi_mappings.mappings"):  # fmt: skip
        assert f"replaced: {path}" in out, out
    assert "previous_contract.json" in out
    kept = next((tmp_path / "e" / "EXAMPLE_ADS" / "latest").glob("previous_contract.json"))
    assert json.loads(kept.read_text()) == edited
    report = json.loads(
        next((tmp_path / "e" / "EXAMPLE_ADS" / "latest").glob("report.json")).read_text()
    )
    assert "$.reviewer_note" in report["changes"]["replaced"]


def test_a_plain_rebuild_replaces_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _build(tmp_path, capsys)
    out = _build(tmp_path, capsys)
    assert "replaced:" not in out
    assert not list((tmp_path / "e" / "EXAMPLE_ADS" / "latest").glob("previous_contract.json"))


def test_diff_lists_leaf_paths_outside_the_scope_list() -> None:
    old = {"a": {"b": 1, "c": [1, 2]}, "x": 1, "sections": {"scopes": {"scopes": [1]}}}
    new = {"a": {"b": 2, "c": [1, 2]}, "sections": {"scopes": {"scopes": [2]}}}
    assert diff_contracts(old, new).replaced == ("$.a.b", "$.x")


def test_report_round_trips_replaced_paths() -> None:
    changes = ContractChanges(replaced=("$.reviewer_note",))
    report = Report("Example Ads", "EXAMPLE_ADS", "/c/X.json", "oauth2", changes=changes)
    assert Report.from_dict(report.to_dict()).changes == changes
    assert "replaced: $.reviewer_note" in report.to_text()
