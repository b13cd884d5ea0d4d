"""The headless runner: papermill-style injection, nbclient execution, partial notebooks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from factory.errors import NotebookError
from factory.workbench.runner import (
    INJECTED_TAG,
    inject_parameters,
    notebook_parameters,
    parameters_source,
    project_root,
    run_notebook,
)

FIXTURES = Path(__file__).parent / "fixtures" / "notebook"


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.metadata.get("tags", []))


def test_injected_cell_follows_the_parameters_cell_and_replaces_an_old_one() -> None:
    nb = nbformat.read(FIXTURES / "tiny_ok.ipynb", as_version=4)
    inject_parameters(nb, {"provider": "Acme"})
    inject_parameters(nb, {"provider": "Acme Ads", "sources": ["a.md"]})
    tags = [_tags(c) for c in nb.cells]
    assert tags.count([INJECTED_TAG]) == 1
    position = tags.index(["parameters"])
    injected = nb.cells[position + 1]
    assert _tags(injected) == [INJECTED_TAG]
    assert "provider = 'Acme Ads'" in injected.source
    assert "sources = ['a.md']" in injected.source


def test_without_parameters_cell_injection_goes_first() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    inject_parameters(nb, {"x": 2})
    assert _tags(nb.cells[0]) == [INJECTED_TAG]
    assert nb.cells[1].source == "x = 1"


def test_parameters_are_absolute_and_source_is_valid_python(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text("# scopes\n")
    params = notebook_parameters(
        "Acme", sources=["page.md", "https://acme.test/scopes"], contracts_dir="c", offline=True
    )
    assert params["sources"] == [str(tmp_path / "page.md"), "https://acme.test/scopes"]
    assert params["contracts_dir"] == str(tmp_path / "c")
    assert params["search_backends"] is None  # the pipeline picks the default backends
    assert params["interactive"] is False
    namespace: dict[str, object] = {}
    exec(parameters_source(params), namespace)
    assert namespace["offline"] is True and namespace["replay_dir"] is None


def test_project_root_finds_the_checkout(tmp_path: Path) -> None:
    here = Path(__file__).resolve().parents[1]
    assert project_root(here / "tests" / "fixtures") == here
    assert project_root(tmp_path) == tmp_path.resolve()


@pytest.mark.notebook
def test_run_writes_executed_notebook_and_sanitised_html(tmp_path: Path) -> None:
    out = tmp_path / "run" / "tiny.ipynb"
    run = run_notebook(
        "Nobody Inc",
        contracts_dir=tmp_path / "contracts",
        notebook=FIXTURES / "tiny_ok.ipynb",
        output=out,
        timeout=60,
    )
    assert run.notebook_path == out and run.contract_path is None
    nb = nbformat.read(out, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "provider=Nobody Inc headless=1" in text
    assert "cwd_has_pyproject=True" in text
    page = run.html_path.read_text()
    assert run.html_path == out.with_suffix(".html")
    assert "<b>bold</b>" in page
    assert re.search(r"<script", page, re.I) is None
    assert re.search(r"<img[^>]*onerror", page, re.I) is None


@pytest.mark.notebook
def test_failed_run_keeps_partial_notebook_and_names_the_error(tmp_path: Path) -> None:
    out = tmp_path / "fail.ipynb"
    with pytest.raises(NotebookError) as info:
        run_notebook("Nobody", notebook=FIXTURES / "tiny_fail.ipynb", output=out, timeout=60)
    assert "ValueError: no luck for Nobody" in str(info.value)
    assert info.value.path == str(out)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert any(o.get("text") == "before the failure\n" for o in outputs)
    assert not any("never runs" in o.get("text", "") for o in outputs)
    assert out.with_suffix(".html").is_file()


def test_unreadable_notebook_is_a_notebook_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ipynb"
    bad.write_text("not json")
    with pytest.raises(NotebookError, match="cannot read the notebook"):
        run_notebook("Nobody", notebook=bad, output=tmp_path / "o.ipynb")
