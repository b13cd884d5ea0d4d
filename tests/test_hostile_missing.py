"""A scope without a description reads as missing in every medium, never as ``nan``."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from factory.cli import main
from factory.evidence.report import Report
from factory.evidence.store import checklist_text
from factory.textsafe import NO_DESCRIPTION, present_text
from factory.workbench.scope_html import scope_table_html
from factory.workbench.views import escaped_styler

MISSING = [None, math.nan, float("nan"), pd.NA, pd.NaT]


@pytest.mark.parametrize("value", MISSING, ids=repr)
def test_present_text_reads_missing_values_as_empty(value: object) -> None:
    assert present_text(value) == ""


def test_present_text_keeps_real_values() -> None:
    assert [present_text(v) for v in ("nan", 0, "Read ads.")] == ["nan", "0", "Read ads."]


def _frame() -> pd.DataFrame:
    # One row with every optional cell missing, as pandas writes them after a merge.
    return pd.DataFrame(
        [
            {"scope_name": "ads.read", "description": "Read ads.", "versions": "v1",
             "sources": "https://a.example/s", "note": "", "status": "ok"},
            {"scope_name": "ads.write", "description": math.nan, "versions": math.nan,
             "sources": math.nan, "note": math.nan, "status": "ok"},
        ]
    )  # fmt: skip


def test_checklist_names_a_missing_description() -> None:
    text = checklist_text("Example Ads", "EXAMPLE_ADS", _frame().to_dict("records"))
    assert "nan" not in text.replace("never", "")
    assert f"`ads.write`: {NO_DESCRIPTION}" in text


def test_notebook_views_name_a_missing_description() -> None:
    html = scope_table_html(_frame())
    assert "nan" not in html.lower().replace("never", "")
    assert NO_DESCRIPTION in html
    styled = escaped_styler(_frame()).to_html()
    assert ">nan<" not in styled


def test_report_names_a_missing_description() -> None:
    report = Report(
        provider="Example Ads",
        platform="EXAMPLE_ADS",
        contract_path="/c/EXAMPLE_ADS_CONNECTOR_CONTRACT.json",
        auth_method="oauth2",
        scopes=({"name": "ads.write", "type": "write", "description": None},),
    )
    assert f"description: {NO_DESCRIPTION}" in report.to_text()


def test_build_output_names_a_missing_description(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "scopes.md"
    page.write_text(
        "# Scopes\n\n| Scope | Description |\n|---|---|\n"
        "| `ads.read` | Read ads. |\n| `ads.write` |  |\n"
    )
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
    out = capsys.readouterr().out
    assert info.value.code in (0, None)
    assert f"description: {NO_DESCRIPTION}" in out
    checklist = next((tmp_path / "e").rglob("*_SCOPE_CHECKLIST.md")).read_text()
    assert f"`ads.write`: {NO_DESCRIPTION}" in checklist
    assert ": nan" not in checklist
