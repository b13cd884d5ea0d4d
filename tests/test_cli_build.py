"""``connector-factory build``: the whole path through the CLI, against loopback fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from factory.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_HTML = ROOT / "examples" / "sources" / "example_ads_scopes.html"
EXAMPLE_SPEC = ROOT / "examples" / "sources" / "example_ads_openapi.yaml"
SITE = Path(__file__).parent / "fixtures" / "site"
TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json"}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the console entry point; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    for file in sorted(SITE.rglob("*.*")):
        httpserver.expect_request("/" + file.relative_to(SITE).as_posix()).respond_with_data(
            file.read_bytes(), content_type=TYPES[file.suffix]
        )
    return httpserver


def dirs(tmp_path: Path) -> list[str]:
    return ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e")]


def test_offline_example_prints_every_scope_path_and_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["build", "Example Ads", "--offline", "--source", str(EXAMPLE_HTML)]
    argv += ["--source", str(EXAMPLE_SPEC), *dirs(tmp_path)]
    code, out, _err = run(argv, capsys)
    assert code == 0
    contract = tmp_path / "c" / "EXAMPLE_ADS_CONNECTOR_CONTRACT.json"
    assert f"Contract: {contract.resolve()}" in out
    saved = json.loads(contract.read_text())["sections"]["scopes"]["scopes"]
    assert len(saved) == 8
    for scope in saved:  # every scope, verbatim, on screen
        assert f" {scope['scope_name']} [" in out
        assert scope["description"] in out
    assert f"  - {EXAMPLE_HTML}\n" in out  # the paths as given, not file:// URIs
    assert f"  - {EXAMPLE_SPEC}\n" in out
    assert "file://" not in out
    assert f"Evidence: {(tmp_path / 'e' / 'EXAMPLE_ADS').resolve() / 'runs'}" in out


def test_json_output_is_the_report_plus_evidence_dir(
    site: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.url_for("/acme/scopes.html")
    code, out, _err = run(
        ["build", "Acme Widgets", "--source", url, *dirs(tmp_path), "--json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    run_dir = Path(data["evidence_dir"])
    assert run_dir.parent == (tmp_path / "e" / "ACME_WIDGETS").resolve() / "runs"
    assert (run_dir.parent.parent / "latest").resolve() == run_dir
    assert [s["name"] for s in data["scopes"]] == [
        "widgets:read",
        "widgets:write",
        "profile",
        "widgets",
    ]
    assert data["sources"] == [url]
    assert data["auth_method"] == "oauth2"


def test_replay_through_the_cli_is_byte_identical(
    site: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = ["--source", site.url_for("/acme/scopes.html")]
    urls += ["--source", site.url_for("/acme/openapi.json")]
    assert run(["build", "Acme Widgets", *urls, *dirs(tmp_path / "live")], capsys)[0] == 0
    evidence = tmp_path / "live" / "e" / "ACME_WIDGETS"
    served = len(site.log)
    argv = ["build", "Acme Widgets", "--offline", "--replay", str(evidence)]
    assert run([*argv, *dirs(tmp_path / "again")], capsys)[0] == 0
    assert len(site.log) == served
    name = "ACME_WIDGETS_CONNECTOR_CONTRACT.json"
    live = (tmp_path / "live" / "c" / name).read_bytes()
    assert (tmp_path / "again" / "c" / name).read_bytes() == live


def test_api_key_only_provider_gets_an_empty_scope_list(
    site: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.url_for("/keyonly/auth.html")
    code, out, _err = run(["build", "Keyonly Maps", "--source", url, *dirs(tmp_path)], capsys)
    assert code == 0
    assert "Auth method: api_key" in out
    assert "Scopes (0):" in out
    assert f"No OAuth scopes: Keyonly Maps documents api_key authentication ({url})" in out


def test_no_official_source_exits_1_naming_what_was_tried(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["build", "Unlisted Provider Zz", "--search", "catalog", *dirs(tmp_path)]
    code, out, err = run(argv, capsys)
    assert code == 1
    assert out == ""
    assert err.startswith("error: no official source found for Unlisted Provider Zz")
    assert "backends tried: catalog" in err
    assert not (tmp_path / "c").exists()


def test_failed_fetch_exits_1_with_no_partial_contract(
    site: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.expect_request("/acme/gone.html").respond_with_data("gone", status=404)
    url = site.url_for("/acme/gone.html")
    code, _out, err = run(["build", "Acme Widgets", "--source", url, *dirs(tmp_path)], capsys)
    assert code == 1
    assert "no official source could be fetched" in err
    assert url in err
    assert f"fetch {url} failed (HTTP 404): server answered 404" in err
    assert not (tmp_path / "c").exists()


def test_offline_refuses_url_sources(
    site: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.url_for("/acme/scopes.html")
    argv = ["build", "Acme Widgets", "--offline", "--source", url, *dirs(tmp_path)]
    code, _out, err = run(argv, capsys)
    assert code == 1
    assert "not fetched: offline" in err
    assert len(site.log) == 0


def test_build_has_help_for_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["build", "--help"], capsys)
    assert code == 0
    for option in ("--source", "--replay", "--offline", "--search", "--contracts-dir",
                   "--evidence-dir", "--template", "--schema", "--json"):  # fmt: skip
        assert option in out


def test_bad_template_fails_before_any_evidence_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "template.json"
    bad.write_text("not json", encoding="utf-8")
    evidence = tmp_path / "evidence"
    code, _, err = run(
        ["build", "Example Ads", "--offline", "--source", str(EXAMPLE_HTML), "--template",
         str(bad), "--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(evidence)],
        capsys,
    )  # fmt: skip
    assert code == 1
    assert "not valid JSON" in err
    assert not evidence.exists()
    assert not (tmp_path / "c").exists()
