"""The project's own checks run with the tests, so CI fails on lint, format or type errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=240
    )


@pytest.mark.parametrize(
    "command",
    [("ruff", "check", "."), ("ruff", "format", "--check", "."), ("mypy",)],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(command: tuple[str, ...]) -> None:
    result = _run(*command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_point_down_the_role_folders_with_no_circle() -> None:
    """``bench/import_graph.py`` finds no import circle and no upward import, and
    import-linter keeps the contracts of ``pyproject.toml``."""
    graph = subprocess.run(
        [sys.executable, "bench/import_graph.py"], cwd=ROOT, capture_output=True, text=True
    )
    assert graph.returncode == 0, graph.stdout
    assert "import circles: 0" in graph.stdout and "upward imports: 0" in graph.stdout
    linter = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT, capture_output=True,
        text=True, timeout=240,
    )  # fmt: skip
    assert linter.returncode == 0, linter.stdout + linter.stderr


def test_the_package_root_keeps_a_few_modules() -> None:
    flat = sorted(p.name for p in (ROOT / "factory").glob("*.py"))
    assert len(flat) <= 12, flat
