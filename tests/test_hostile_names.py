"""One rule for invisible and bidi characters in names, at every door: refuse with the
name as written and the character's position; never drop or alter a name silently."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from factory.cli import main
from factory.contract.builder import build_contract
from factory.contract.naming import provider_names
from factory.contract.scope_names import scope_name_problems
from factory.contract.validate import validate_contract
from factory.errors import NamingError
from factory.models import ScopeRecord
from factory.research.catalog import resolve_provider
from factory.research.fetch import read_local_source
from factory.research.pipeline import extract_all

ZERO_WIDTH = "ads\u200b.write"  # U+200B at position 3
BIDI = "ads.\u202eread"  # U+202E at position 4


def _results(tmp_path: Path, name: str, text: str) -> tuple[list[str], list[str]]:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    results = extract_all([read_local_source(source)])
    return [r.scope_name for res in results for r in res.scopes], [
        w for res in results for w in res.warnings
    ]


DOORS = {
    "markdown": (
        "scopes.md",
        "# Scopes\n\n| Scope | Description |\n|---|---|\n"
        "| `ads.read` | Read ads. |\n| `{name}` | Odd one. |\n",
    ),
    "html": (
        "scopes.html",
        "<html><body><h1>OAuth scopes</h1><table><tr><th>Scope</th><th>Description</th></tr>"
        "<tr><td><code>ads.read</code></td><td>Read ads.</td></tr>"
        "<tr><td><code>{name}</code></td><td>Odd one.</td></tr></table></body></html>",
    ),
    "json": ("scopes.json", None),
}


@pytest.mark.parametrize("door", sorted(DOORS))
@pytest.mark.parametrize(
    ("name", "code", "where"), [(ZERO_WIDTH, "U+200B", 3), (BIDI, "U+202E", 4)]
)
def test_extraction_refuses_the_name_as_written_with_its_position(
    tmp_path: Path, door: str, name: str, code: str, where: int
) -> None:
    filename, template = DOORS[door]
    if template is None:
        rows = [
            {"scope": "ads.read", "description": "Read ads."},
            {"scope": name, "description": "x"},
        ]
        text = json.dumps(rows, ensure_ascii=False)
    else:
        text = template.replace("{name}", name)
    names, warnings = _results(tmp_path, filename, text)
    assert names == ["ads.read"]  # never "ads.write" nor "ads.read" made from the odd one
    said = [w for w in warnings if repr(name) in w]
    assert said and code in said[0] and f"position {where}" in said[0], warnings


def test_invisible_characters_at_a_token_edge_are_whitespace(tmp_path: Path) -> None:
    names, _ = _results(
        tmp_path, "s.md", "| Scope | Description |\n|---|---|\n| `\u200bads.read\u200b` | Read. |\n"
    )
    assert names == ["ads.read"]


def test_descriptions_still_lose_controls_with_a_note(tmp_path: Path) -> None:
    rows = [{"scope": "ads.read", "description": "Read \u202esda\u202c ads\x00."}]
    names, warnings = _results(tmp_path, "s.json", json.dumps(rows))
    assert names == ["ads.read"]
    assert any("U+202E" in w and "description" in w for w in warnings)


@pytest.mark.parametrize(("name", "code"), [(ZERO_WIDTH, "U+200B"), ("a\u2060b", "U+2060")])
def test_scope_name_problems_name_zero_width_characters(name: str, code: str) -> None:
    (problem,) = scope_name_problems(name)
    assert code in problem and "position" in problem


@pytest.mark.parametrize("bad", ["Exam\u200bple Ads", "Example\ufeff Ads", "Example \u202eAds"])
def test_provider_names_refuse_invisible_and_bidi_characters(bad: str) -> None:
    with pytest.raises(NamingError, match="position"):
        provider_names(bad)


def test_validate_refuses_a_zero_width_display_name() -> None:
    contract = copy.deepcopy(
        build_contract(resolve_provider("Example Ads"), [ScopeRecord("ads.read", "Read.")])
    )
    contract["display_name"] = "Exam\u200bple Ads"
    problems = validate_contract(contract)
    assert any(p.path == "$.display_name" and "U+200B" in p.message for p in problems)


def test_build_refuses_a_zero_width_provider_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "scopes.md"
    page.write_text("| Scope | Description |\n|---|---|\n| `ads.read` | Read ads. |\n")
    argv = [
        "build",
        "Exam\u200bple Ads",
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
    err = capsys.readouterr().err
    assert info.value.code == 1 and "U+200B" in err
    assert not (tmp_path / "c").exists()
