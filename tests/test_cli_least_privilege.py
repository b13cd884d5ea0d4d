"""``connector-factory least-privilege`` and ``operations.json`` in a build's evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory.cli import main
from factory.evidence.operations import OPERATIONS_FILE, read_operations

FIXTURES = Path(__file__).parent / "fixtures" / "operations"
LANTERN = FIXTURES / "lantern_openapi.json"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_json_answer_names_scopes_and_each_operations_alternatives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["least-privilege", str(LANTERN), "-o", "listBoards", "-o", "POST /boards", "--json"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    data = json.loads(out)
    assert data["scopes"] == ["boards:write", "boards:read"]  # narrowest first
    create = data["operations"][1]
    assert create["alternatives"] == [["boards:write"], ["admin:all"]]
    assert create["used"] == ["boards:write"]
    assert "would add admin:all" in create["not_used"][0]["why"]
    assert data["operations"][0]["used"] == ["boards:read"]
    assert data["scope_details"][0] == {
        "scope": "boards:write",
        "description": "Create, change and delete your boards",
        "reach": 1,
        "read_only": False,
    }


def test_text_answer_shows_each_scopes_description(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["least-privilege", str(LANTERN), "-o", "listCards"], capsys)
    assert code == 0
    assert "admin:all  (reach 3/6)" in out
    assert "Full control of your Lantern workspace" in out
    assert "not boards:read + cards:read" in out


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ("nothing", "error: operation 'nothing': not found among the 6 operations\n"),
        ("keysOnly", "error: operation 'keysOnly': states no scope that grants it"),
    ],
)
def test_unanswerable_operation_is_one_line_and_exit_1(
    operation: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["least-privilege", str(LANTERN), "-o", operation], capsys)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_build_keeps_operations_and_the_provider_answers_from_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e")]
    argv = ["build", "Lantern Boards", "--offline", "--source", str(LANTERN), *live]
    assert run(argv, capsys)[0] == 0
    provider = tmp_path / "e" / "LANTERN_BOARDS"
    kept = read_operations(provider / "latest")
    assert kept is not None and len(kept.operations) == 6
    assert kept.descriptions["cards:read"] == "See the cards on your boards"
    again = ["--contracts-dir", str(tmp_path / "c2"), "--evidence-dir", str(tmp_path / "e2")]
    replay = ["build", "Lantern Boards", "--offline", "--replay", str(provider), *again]
    assert run(replay, capsys)[0] == 0
    first = (provider / "latest" / OPERATIONS_FILE).read_bytes()
    assert (tmp_path / "e2" / "LANTERN_BOARDS" / "latest" / OPERATIONS_FILE).read_bytes() == first
    argv = ["least-privilege", "Lantern Boards", "--evidence-dir", str(tmp_path / "e")]
    code, out, _ = run([*argv, "-o", "addCard", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["scopes"] == ["admin:all"]


def test_a_run_without_operations_json_is_read_from_its_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e")]
    argv = ["build", "Lantern Boards", "--offline", "--source", str(LANTERN), *live]
    assert run(argv, capsys)[0] == 0
    (tmp_path / "e" / "LANTERN_BOARDS" / "latest" / OPERATIONS_FILE).unlink()
    argv = ["least-privilege", "Lantern Boards", "--evidence-dir", str(tmp_path / "e")]
    code, out, _ = run([*argv, "-o", "listBoards", "--json"], capsys)
    assert code == 0 and json.loads(out)["scopes"] == ["boards:read"]


def test_a_provider_with_no_run_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["least-privilege", "Lantern Boards", "--evidence-dir", str(tmp_path), "-o", "x"]
    code, _, err = run(argv, capsys)
    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1
