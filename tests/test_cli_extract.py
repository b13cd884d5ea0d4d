"""The ``connector-factory extract`` command: JSON and table output, clear failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory.cli import main

SPECS = Path(__file__).parent / "fixtures" / "specs"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_json_output_is_the_extraction_result(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["extract", str(SPECS / "swagger2.json"), "--json", "--source-url", "https://l.test/s"],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "source", "format", "scopes", "auth", "warnings", "candidates", "unconfirmed",
        "operations",
    }  # fmt: skip
    assert data["source"] == "https://l.test/s"
    assert data["format"] == "openapi"
    assert [s["scope_name"] for s in data["scopes"]] == ["read", "write"]
    assert data["scopes"][0]["source_url"] == "https://l.test/s"
    assert {a["method"] for a in data["auth"]} == {"oauth2", "basic"}


def test_table_output_shows_scopes_auth_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["extract", str(SPECS / "ref_scheme.json")], capsys)
    assert code == 0
    assert "3 scope(s)" in out
    assert "write:thing" in out
    assert "Beta" in out
    assert "auth methods documented" in out
    assert "warning: scope 'read:ghost:granular'" in out


def test_markup_in_descriptions_is_shown_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "s.json"
    spec.write_text(json.dumps({"a:b": "[bold]not markup[/bold] here"}), encoding="utf-8")
    code, out, _ = run(["extract", str(spec), "--format", "json"], capsys)
    assert code == 0
    assert "[bold]not markup[/bold]" in out


def test_stone_folder_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["extract", str(SPECS / "stone_folder"), "--json"], capsys)
    assert code == 0
    assert [s["scope_name"] for s in json.loads(out)["scopes"]] == [
        "account_info.write",
        "members.read",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the document is empty"),
        (b"\x00\x01\x02binary", "binary content"),
        (b'{"openapi": "3.0.0", "paths": {', "malformed JSON"),
    ],
)
def test_unreadable_input_exits_1_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = run(["extract", str(bad)], capsys)
    assert code == 1
    assert err.startswith("error: ")
    assert message in err
    assert "Traceback" not in out + err


def test_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["extract", str(tmp_path / "missing.yaml")], capsys)
    assert code == 1
    assert "cannot read file" in err


def test_wrong_forced_format_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["extract", str(SPECS / "oidc.json"), "--format", "openapi"], capsys)
    assert code == 1
    assert "not an OpenAPI/Swagger document" in err


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["extract", str(SPECS / "oidc.json"), "--format", "pdf"], capsys)
    assert code == 2
    assert "'pdf' is not one of" in err


def test_help_documents_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["extract", "--help"], capsys)
    assert code == 0
    for text in ("--format", "--source-url", "--json", "Stone folder", "google-discovery"):
        assert text in out


def test_includes_folder_resolves_liquid_data(capsys: pytest.CaptureFixture[str]) -> None:
    markdown = Path(__file__).parent / "fixtures" / "markdown"
    argv = ["extract", str(markdown / "liquid.md"), "--json"]
    code, out, _ = run([*argv, "--includes", str(markdown / "includes")], capsys)
    assert code == 0
    resolved = {s["scope_name"]: s["description"] for s in json.loads(out)["scopes"]}
    assert resolved["site_admin"] == "Administer Example Server."
    code, out, _ = run(argv, capsys)
    unresolved = json.loads(out)
    assert (
        "{% data variables.product.server %}"
        in {s["scope_name"]: s["description"] for s in unresolved["scopes"]}["site_admin"]
    )
    assert any("include" in w for w in unresolved["warnings"])
