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
