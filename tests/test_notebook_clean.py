"""The committed notebook: no outputs (nbstripout), a papermill parameters cell, thin cells."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from factory.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PARAMETERS = {
    "provider",
    "sources",
    "replay_dir",
    "offline",
    "contracts_dir",
    "evidence_dir",
    "decisions",
    "operations",
    "template",
    "schema",
    "search_backends",
    "interactive",
    "render",
    "render_timeout",
    "link_depth",
    "max_linked_pages",
    "document_deadline",
    "build_deadline",
}
#: Stage functions the notebook must not call: its cells run the session's steps instead.
STAGE_FUNCTIONS = {
    "resolve", "find_sources", "fetch_sources", "fetch_documents", "expand_research",
    "redact_documents", "extract_all", "extract_document", "make_table", "build_scope_table",
    "auth_method_from", "research_notes", "replay_search", "load_replay", "edit_candidates",
    "load_decisions", "apply_decisions", "build_contract", "search_sources", "load_template",
    "load_schema", "default_source_annotations",
}  # fmt: skip
#: Besides ``factory``, cells may import only the standard library and display helpers.
ALLOWED_IMPORTS = {"json", "os", "pandas", "IPython", "tqdm"}


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_notebooks_exist() -> None:
    assert [p.name for p in NOTEBOOKS] == ["connector_factory.ipynb", "fleet.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path: Path) -> None:
    verify = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--verify", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert all(not c.outputs and c.execution_count is None for c in _code_cells(path))


def test_gitattributes_strip_notebooks() -> None:
    lines = (ROOT / ".gitattributes").read_text().splitlines()
    assert "*.ipynb filter=nbstripout" in lines
    assert "*.ipynb diff=ipynb" in lines


def test_parameters_cell_defines_every_parameter() -> None:
    cells = _code_cells(ROOT / "notebooks" / "connector_factory.ipynb")
    tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    names = {
        target.id
        for node in ast.parse(tagged[0].source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert names == PARAMETERS


def test_cells_import_only_the_factory_package() -> None:
    imported = set()
    for cell in _code_cells(ROOT / "notebooks" / "connector_factory.ipynb"):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert "factory" in imported
    assert imported - {"factory"} <= ALLOWED_IMPORTS


def test_notebook_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["notebook", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "Run the research notebook headless" in out
    for option in ("--source", "--replay", "--offline", "--search", "--output", "--template"):
        assert option in out


def test_cells_call_the_session_steps_not_the_stage_functions() -> None:
    called: set[str] = set()
    session_steps: list[str] = []
    for cell in _code_cells(ROOT / "notebooks" / "connector_factory.ipynb"):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if isinstance(owner, ast.Name) and owner.id == "cf":
                    called.add(node.func.attr)
                if isinstance(owner, ast.Name) and owner.id == "session":
                    session_steps.append(node.func.attr)
    assert not called & STAGE_FUNCTIONS, sorted(called & STAGE_FUNCTIONS)
    steps = ["resolve", "search", "fetch", "expand", "redact", "extract", "table", "plan"]
    # fetch runs through the progress helper (cf.fetch_with_progress) with the session
    order = [s for s in session_steps if s in steps]
    assert order == [s for s in steps if s != "fetch"], order
    assert "fetch_with_progress" in called and "ResearchSession" in called
