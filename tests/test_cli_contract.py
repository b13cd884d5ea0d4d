"""The ``contract`` and ``validate`` commands: exit codes 0/1/2, clear messages, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from factory.cli import app, main

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "scopes" / "example_ads.json"
API_KEY_ONLY = ROOT / "examples" / "scopes" / "example_api_key_only.json"
CONTRACTS = Path(__file__).parent / "fixtures" / "contracts"
TEMPLATES = Path(__file__).parent / "fixtures" / "templates"
FILENAME = "EXAMPLE_ADS_CONNECTOR_CONTRACT.json"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the real entry point (with its FactoryError boundary); return code, out, err."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_every_option_has_help() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name in ("contract", "validate"):
        command = commands[name]
        assert command.help
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name} has no help"


def test_contract_on_the_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["contract", "Example Ads", "--scopes", str(EXAMPLE), "--contracts-dir", str(tmp_path)],
        capsys,
    )
    assert code == 0
    path = tmp_path.resolve() / FILENAME
    assert f"Contract: {path}" in out
    saved = json.loads(path.read_text())
    names = [s["scope_name"] for s in saved["sections"]["scopes"]["scopes"]]
    assert names == [r["scope_name"] for r in json.loads(EXAMPLE.read_text())]
    for name in names:
        assert name in out
    assert "https://ads.example.com/docs/oauth/scopes" in out


def test_contract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["contract", "Example Ads", "--scopes", str(EXAMPLE), "--json"]
    code, out, _ = run([*argv, "--contracts-dir", str(tmp_path)], capsys)
    assert code == 0
    data = json.loads(out)
    assert {"contract_path", "scopes", "sources", "auth_method"} <= set(data)
    assert data["contract_path"] == str(tmp_path.resolve() / FILENAME)
    assert data["auth_method"] == "oauth2"
    assert {s["version"] for s in data["scopes"]} == {"current", "deprecated"}


def test_api_key_only_provider(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["contract", "Example Keys", "--scopes", str(API_KEY_ONLY), "--auth-method", "api_key"]
    code, out, _ = run([*argv, "--contracts-dir", str(tmp_path), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["scopes"] == []
    assert any("api_key" in note for note in data["notes"])
    saved = json.loads((tmp_path / "EXAMPLE_KEYS_CONNECTOR_CONTRACT.json").read_text())
    assert saved["sections"]["byok"]["credential_fields"] == ["api_key"]


def test_env_variable_sets_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONNECTOR_FACTORY_CONTRACTS_DIR", str(tmp_path / "elsewhere"))
    code, _, _ = run(["contract", "Example Ads", "--scopes", str(EXAMPLE)], capsys)
    assert code == 0
    assert (tmp_path / "elsewhere" / FILENAME).is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        ("{oops", "not valid JSON"),
        ('{"scopes": []}', "expected a JSON list"),
        ('[{"description": "x"}]', "no scope_name"),
    ],
)
def test_bad_scopes_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    scopes = tmp_path / "scopes.json"
    if content is not None:
        scopes.write_text(content)
    argv = ["contract", "Example Ads", "--scopes", str(scopes), "--contracts-dir", str(tmp_path)]
    code, _, err = run(argv, capsys)
    assert code == 1
    assert err.startswith("error: ") and message in err
    assert not (tmp_path / FILENAME).exists()


def test_unknown_auth_method_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["contract", "Example Ads", "--scopes", str(EXAMPLE), "--auth-method", "smoke"]
    code, _, err = run([*argv, "--contracts-dir", str(tmp_path)], capsys)
    assert code == 1
    assert "unknown auth method 'smoke'" in err


def test_bad_provider_name_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["contract", "../..", "--scopes", str(EXAMPLE), "--contracts-dir", str(tmp_path)]
    code, _, err = run(argv, capsys)
    assert code == 1
    assert "invalid provider name" in err
    assert list(tmp_path.iterdir()) == []


def test_missing_scopes_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["contract", "Example Ads"], capsys)
    assert code == 2
    assert "--scopes" in err


def test_approved_contract_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    approved = json.loads((CONTRACTS / "approved.json").read_text())
    target = tmp_path / FILENAME
    target.write_text(json.dumps(approved))
    before = target.read_bytes()
    argv = ["contract", "Example Ads", "--scopes", str(EXAMPLE), "--contracts-dir", str(tmp_path)]
    code, _, err = run(argv, capsys)
    assert code == 1
    assert "not a draft" in err
    assert target.read_bytes() == before


def test_user_template_keeps_its_extra_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["contract", "Example Ads", "--scopes", str(EXAMPLE), "--contracts-dir", str(tmp_path)]
    code, _, _ = run([*argv, "--template", str(TEMPLATES / "extra_keys.json")], capsys)
    assert code == 0
    saved = json.loads((tmp_path / FILENAME).read_text())
    assert list(saved)[-1] == "product_area"
    assert saved["sections"]["byok"]["region"] == "eu"


def test_user_template_missing_fill_path_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["contract", "Example Ads", "--scopes", str(EXAMPLE), "--contracts-dir", str(tmp_path)]
    code, _, err = run([*argv, "--template", str(TEMPLATES / "missing_fill_paths.json")], capsys)
    assert code == 1
    assert "sections.byok" in err


def test_validate_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", str(CONTRACTS / "valid_example_ads.json")], capsys)
    assert code == 0
    assert out.startswith("valid: ")


@pytest.mark.parametrize("case", ["risk_level_anywhere", "firearm_set", "wrong_vault_key"])
def test_validate_prints_every_problem(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", str(CONTRACTS / f"{case}.json")], capsys)
    assert code == 1
    for path in json.loads((CONTRACTS / f"{case}.problems.json").read_text()):
        assert f"{path}: " in out
    assert "problem(s)" in err


def test_validate_reviewed_accepts_approved(capsys: pytest.CaptureFixture[str]) -> None:
    approved = str(CONTRACTS / "approved.json")
    assert run(["validate", approved], capsys)[0] == 1
    assert run(["validate", approved, "--reviewed"], capsys)[0] == 0


@pytest.mark.parametrize("name", ["not_json.json", "missing.json"])
def test_validate_unreadable_file_exits_1(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate", str(CONTRACTS / name)], capsys)
    assert code == 1
    assert err.startswith("error: ")


def test_validate_with_user_template_and_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = TEMPLATES / "extra_keys.json"
    argv = ["contract", "Example Ads", "--scopes", str(EXAMPLE), "--contracts-dir", str(tmp_path)]
    assert run([*argv, "--template", str(template)], capsys)[0] == 0
    saved = str(tmp_path / FILENAME)
    assert run(["validate", saved, "--template", str(template)], capsys)[0] == 0
    # The project's schema forbids the template's extra keys: every one is reported.
    code, out, _ = run(
        [
            "validate",
            saved,
            "--schema",
            str(ROOT / "templates" / "CONNECTOR_CONTRACT_TEMPLATE.schema.json"),
        ],
        capsys,
    )
    assert code == 1
    assert "product_area" in out and "region" in out


def test_cli_runner_usage_error() -> None:
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 2


def test_console_script_failure_is_one_clear_line() -> None:
    script = Path(sys.executable).parent / "connector-factory"
    bad = subprocess.run(
        [str(script), "validate", str(CONTRACTS / "not_json.json")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    assert bad.stderr.startswith("error: ") and "not valid JSON" in bad.stderr


def test_every_bad_item_is_reported_in_one_run_and_plain_names_get_the_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scopes = tmp_path / "scopes.json"
    items = ["files.read", {"scope_name": ""}, {"scope_name": "ok.read", "desc": "x"},
             {"scope_name": "a.read", "description": 3}]  # fmt: skip
    scopes.write_text(json.dumps(items))
    argv = ["contract", "Example Ads", "--scopes", str(scopes), "--contracts-dir", str(tmp_path)]
    code, _, err = run(argv, capsys)
    assert code == 1 and "Traceback" not in err
    assert "4 bad item(s)" in err
    assert "item 0 is the plain name 'files.read', not an object" in err
    assert "item 1 has no scope_name" in err
    assert "item 2 has unknown key(s): desc" in err
    assert "item 3: description must be a string or null" in err
    assert '{"scope_name": "files.read", "description": "..."}' in err
    assert "fields: scope_name, description, version, kind, section, source_url, locator" in err
    assert not (tmp_path / FILENAME).exists()
