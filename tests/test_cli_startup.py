"""Start-up: commands load only what they use; usage mistakes exit 2; flags look like flags.

Import checks run in a fresh interpreter (``sys.modules`` of the test process is shared).
Times are the bench's business (``bench/startup.py``), not the tests'.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factory.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_HTML = ROOT / "examples" / "sources" / "example_ads_scopes.html"
HEAVY = ("pandas", "numpy", "httpx", "bs4", "lxml", "tldextract", "markdown_it", "rich", "ddgs")


def loaded_after(code: str) -> set[str]:
    """Top-level module names loaded by ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert loaded_after("import factory.cli") & set(HEAVY) == set()


def test_help_and_a_bad_name_load_no_heavy_library() -> None:
    help_code = (
        "from factory.cli import main\ntry:\n    main(['build', '--help'])\n"
        "except SystemExit:\n    pass"
    )
    bad_code = help_code.replace("'--help'", "''")
    assert loaded_after(help_code) & set(HEAVY) == set()
    assert loaded_after(bad_code) & set(HEAVY) == set()


def test_jsonschema_loads_without_its_format_only_packages() -> None:
    code = "from factory._jsonschema import load_jsonschema\nload_jsonschema()"
    loaded = loaded_after(code)
    assert "jsonschema" in loaded
    assert {"rfc3987_syntax", "lark", "webcolors", "isoduration"} & loaded == set()
    # the refusal lasts for the import only: the package still imports afterwards
    assert "rfc3987_syntax" in loaded_after(code + "\nimport rfc3987_syntax")


def test_schema_validator_still_reports_schema_errors() -> None:
    from factory._jsonschema import load_jsonschema, schema_validator

    validator = schema_validator({"type": "object", "required": ["a"]})
    assert [e.message for e in validator.iter_errors({})] == ["'a' is a required property"]
    with pytest.raises(load_jsonschema().SchemaError):
        schema_validator({"type": 12})


def test_unknown_search_backend_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["build", "Example Ads", "--search", "nosuch"], capsys)
    assert code == 2
    assert out == ""
    assert "unknown backend nosuch" in err
    assert "catalog" in err


def test_replay_with_source_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["build", "Example Ads", "--replay", str(tmp_path), "--source", str(EXAMPLE_HTML)]
    code, _out, err = run(argv, capsys)
    assert code == 2
    assert "--replay" in err and "--source" in err
    code, _out, err = run(["notebook", *argv[1:]], capsys)
    assert code == 2


def test_bad_name_still_exits_1_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["build", "   "], capsys)
    assert code == 1
    assert out == ""
    assert err.startswith("error: invalid provider name")


def test_offline_is_shown_as_a_plain_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["build", "--help"], capsys)
    assert code == 0
    line = next(line for line in out.splitlines() if line.strip().startswith("--offline"))
    assert "<bool>" not in line and "BOOLEAN" not in line
    assert "No network" in line


def test_deadline_help_states_the_library_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    from factory.research.fetch import FetchSettings

    code, out, _err = run(["build", "--help"], capsys)
    assert code == 0
    flat = " ".join(out.split())  # Click wraps help lines
    defaults = FetchSettings()
    assert f"redirects included; default {defaults.document_deadline:g})" in flat
    assert f"following links in all (default {defaults.total_deadline:g})" in flat


def test_a_build_that_stops_early_loads_no_table_or_extractor() -> None:
    # offline with nothing to read: refused after the pipeline loads, before any stage runs
    code = (
        "from factory.cli import main\ntry:\n    main(['build', 'Example Ads', '--offline'])\n"
        "except SystemExit:\n    pass"
    )
    assert loaded_after(code) & {"pandas", "numpy", "bs4", "lxml", "markdown_it"} == set()
