"""The ``connector-factory providers`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factory.cli import app, main
from factory.research.catalog import load_catalog

runner = CliRunner()


def test_providers_prints_a_table_of_the_catalog() -> None:
    result = runner.invoke(app, ["providers"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"{len(load_catalog())} provider(s) in the catalog" in result.output
    assert "TIKTOK_FOR_BUSINESS" in result.output
    assert "paid_social" in result.output


def test_providers_json_lists_every_provider_with_its_facts() -> None:
    result = runner.invoke(app, ["providers", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i["slug"] for i in items] == [p.slug for p in load_catalog()]
    meta = next(i for i in items if i["slug"] == "meta")
    assert meta["vault_key"] == "PROVIDER_META_KEY"
    assert meta["official_domains"] == ["facebook.com"]
    assert meta["utm"]["macros"]["utm_campaign"] == "{{campaign.name}}"
    assert all(i["facts_from"] for i in items)


def test_a_custom_catalog_is_validated_and_a_bad_one_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "providers.yaml"
    bad.write_text(
        "providers:\n  - display_name: Acme\n    official_domains: [acme.com]\n"
        "    sources: []\n    auth_methods: [magic]\n    facts_from: ['https://acme.com']\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit) as info:
        main(["providers", "--catalog", str(bad)])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: provider catalog")
    assert "Acme: field 'auth_methods' has unknown method 'magic'" in err
    assert "Traceback" not in err


def test_every_option_has_help_text() -> None:
    result = runner.invoke(app, ["providers", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "List the curated provider catalog" in result.output
    assert "JSON list" in result.output
    assert "instead of the packaged one" in result.output
    top = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "List the curated provider catalog" in top.output


def test_providers_lint_passes_on_the_packaged_catalog_and_prints_the_counts() -> None:
    result = runner.invoke(app, ["providers", "--lint"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    summary = result.output.strip().splitlines()[-1]
    assert f"{len(load_catalog())} provider(s)" in summary
    assert "scope-list" in summary and "proven" in summary and "0 error(s)" in summary
    assert "warning: unverified source (no proof)" in result.output


def test_providers_lint_exits_1_on_a_broken_rule(tmp_path: Path) -> None:
    bad = tmp_path / "providers.yaml"
    bad.write_text(
        "providers:\n  - display_name: Acme\n    official_domains: [acme.com]\n"
        "    sources:\n      - {url: 'https://docs.acme.com/scopes', format: html,"
        " role: scope-list, verified: true}\n"
        "    auth_methods: [oauth2]\n    facts_from: ['https://docs.acme.com/scopes']\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["providers", "--lint", "--json", "--catalog", str(bad)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and report["unverified"] == ["Acme: https://docs.acme.com/scopes"]
    assert any("derived from verified_by" in e for e in report["errors"])
    assert any("needs a proven 'scope-list'" in e for e in report["errors"])


def test_providers_shows_and_carries_each_sources_role_and_proof() -> None:
    result = runner.invoke(app, ["providers", "Slack"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "scope-list: page-copy 2026-12-07 - docs.slack.dev" in result.output
    assert "legacy: page-copy 2026-12-07 - api.slack.com" in result.output
    zendesk = runner.invoke(app, ["providers", "Zendesk"], env={"COLUMNS": "200"})
    assert "scope-list: UNVERIFIED - developer.zendesk.com" in zendesk.output
    items = json.loads(runner.invoke(app, ["providers", "--json", "Slack"]).output)
    source = next(s for s in items[0]["sources"] if "docs.slack.dev" in s["url"])
    assert source["role"] == "scope-list" and source["verified_by"] == "page-copy"
    assert source["verified_at"] == "2026-12-07" and source["verified"] is True
    assert source["evidence"]


def test_the_lint_option_has_help_text() -> None:
    result = runner.invoke(app, ["providers", "--help"], env={"COLUMNS": "200"})
    assert "Check the catalog offline" in result.output
