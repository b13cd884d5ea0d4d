"""The widget check, proven in a real browser: JupyterLab in headless Chromium.

Each case copies ``notebooks/connector_factory.ipynb`` into the server's root with an
``injected-parameters`` cell (papermill's convention) that points it at the offline fixture
``tests/fixtures/ui/quillpost_scopes.html`` (a fictional provider's scope page) and at a
contracts folder of its own. The test opens the copy in a fresh, reset workspace, runs every
cell through the command palette, waits on the kernel's idle indicator and for the review
widget, then works the widgets the way a researcher does: the DOM classes come from
``factory/review.py``'s docstring (``cf-include-<key>``, ``cf-type-<key>``, ``cf-name-<key>``,
``cf-problems``, ``cf-save``, ``cf-status``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import nbformat
import pytest
from playwright.sync_api import Locator, Page, expect

from factory import contract_path
from factory.validate import validate_contract

from .conftest import PROJECT, SCREENSHOTS, JupyterServer

pytestmark = pytest.mark.ui

NOTEBOOK = PROJECT / "notebooks" / "connector_factory.ipynb"
PROVIDER = "Quillpost"
SCOPE_PAGE = "quillpost_scopes.html"
# The fixture page's scopes and their verbatim descriptions.
FIXTURE_SCOPES = {
    "profile.basic": "Read the user's display name, handle and avatar.",
    "notes.read": "Read the user's notes and notebooks.",
    "notes.write": "Create, edit and delete the user's notes.",
    "tags.list": "List the tags the user has created.",
    "workspace.admin": "Manage members and settings of the user's shared workspaces.",
}
RUN_TIMEOUT_MS = 45_000
KERNEL_TIMEOUT_MS = 30_000


@dataclass(frozen=True, slots=True)
class ReviewNotebook:
    """A parameterised copy of the workbench notebook inside the server's root."""

    name: str  # path relative to the server's root
    contracts_dir: Path

    @property
    def contract(self) -> Path:
        """Where Save writes the provider's contract."""
        return contract_path(PROVIDER, self.contracts_dir)


def _kernelspec(server: JupyterServer) -> dict[str, str]:
    # The exact spec the server offers: a name or display name it does not know makes
    # JupyterLab ask for a kernel in a dialog instead of starting one.
    specs = httpx.get(
        f"{server.base_url}/api/kernelspecs", params={"token": server.token}, timeout=5
    ).json()
    name = specs["default"]
    spec = specs["kernelspecs"][name]["spec"]
    return {"name": name, "display_name": spec["display_name"], "language": spec["language"]}


def parameters_source(root: Path, contracts_dir: Path) -> str:
    """The ``injected-parameters`` cell: offline fixture sources, a private contracts folder."""
    values: dict[str, Any] = {
        "provider": PROVIDER,
        "sources": [str(root / "fixtures" / SCOPE_PAGE)],
        "replay_dir": None,
        "offline": True,
        "contracts_dir": str(contracts_dir),
        "template": None,
        "search_backends": [],
        "interactive": True,
    }
    return "# Parameters\n" + "".join(f"{key} = {value!r}\n" for key, value in values.items())


def write_review_notebook(server: JupyterServer, case: str) -> ReviewNotebook:
    """Copy the workbench notebook into the server's root with this case's parameters."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    contracts_dir = server.root_dir / f"contracts_{case}"
    contracts_dir.mkdir()
    injected = nbformat.v4.new_code_cell(
        parameters_source(server.root_dir, contracts_dir),
        metadata={"tags": ["injected-parameters"]},
    )
    tagged = [i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", [])]
    assert tagged, f"{NOTEBOOK.name} has no cell tagged 'parameters'"
    notebook.cells.insert(tagged[0] + 1, injected)
    notebook.metadata["kernelspec"] = _kernelspec(server)
    name = f"review_{case}.ipynb"
    nbformat.write(notebook, server.root_dir / name)
    return ReviewNotebook(name, contracts_dir)


class LabNotebook:
    """Drives one notebook in the JupyterLab page with keystrokes."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self, server: JupyterServer, name: str) -> None:
        """Open ``name`` alone in a unique, reset workspace and wait for its kernel."""
        workspace = f"ui-{uuid.uuid4().hex[:12]}"
        self.page.goto(server.lab_url(name, workspace))
        self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
        self.wait_idle(KERNEL_TIMEOUT_MS)

    def wait_idle(self, timeout_ms: float) -> None:
        """Wait until a kernel is attached and its execution indicator says idle."""
        self.page.wait_for_function(
            """() => {
                const kernel = document.querySelector('.jp-NotebookPanel .jp-KernelName');
                const state = document.querySelector(
                    '.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
                return kernel && !/No Kernel/.test(kernel.textContent)
                    && state && state.dataset.status === 'idle';
            }""",
            timeout=timeout_ms,
        )

    def run_all(self) -> None:
        """Run every cell through the command palette, then wait until each one has run."""
        self.page.locator(".jp-NotebookPanel .jp-Notebook").click(position={"x": 5, "y": 5})
        self.page.keyboard.press("Control+Shift+C")
        palette = self.page.locator(".lm-CommandPalette-input")
        palette.wait_for()
        palette.fill("Run All Cells")
        self.page.locator(".lm-CommandPalette-item", has_text="Run All Cells").first.wait_for()
        self.page.keyboard.press("Enter")
        # Done when the kernel is idle again and every code cell has an execution count (the
        # counts avoid the race where the indicator is still idle before the first cell), or
        # a cell failed (Run All stops there, later cells never get a count).
        self.page.wait_for_function(
            """() => {
                const panel = document.querySelector('.jp-NotebookPanel');
                const state = panel.querySelector('.jp-Notebook-ExecutionIndicator');
                if (!state || state.dataset.status !== 'idle') return false;
                const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                const errors = [...panel.querySelectorAll(
                    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')];
                return (prompts.length > 0
                        && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)))
                    || errors.some(e => /Traceback/.test(e.textContent));
            }""",
            timeout=RUN_TIMEOUT_MS,
        )

    def tracebacks(self) -> list[str]:
        """The text of every error output (a traceback) in the notebook."""
        errors = self.page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        return [text for text in errors.all_inner_texts() if "Traceback" in text]


def scope_key(page: Page, scope_name: str) -> str:
    """The CSS key review.py gave a scope, found through the name field's value."""
    for field in page.locator("[class*='cf-name-'] input").all():
        if field.input_value() == scope_name:
            owner = field.locator("xpath=ancestor::*[contains(@class, 'cf-name-')][1]")
            classes = (owner.get_attribute("class") or "").split()
            return next(c.removeprefix("cf-name-") for c in classes if c.startswith("cf-name-"))
    raise AssertionError(f"no review row shows scope {scope_name!r}")


def widget(page: Page, role: str, key: str, inner: str) -> Locator:
    """One control of a scope's row (``role`` is include, name or type)."""
    return page.locator(f".cf-{role}-{key} {inner}")


@pytest.fixture
def review(
    jupyter_server: JupyterServer, lab_page: Page, request: pytest.FixtureRequest
) -> Iterator[tuple[LabNotebook, ReviewNotebook]]:
    """The workbench notebook, parameterised and run in the browser up to the review widget."""
    case = request.node.name.removeprefix("test_")
    notebook = write_review_notebook(jupyter_server, case)
    lab = LabNotebook(lab_page)
    lab.open(jupyter_server, notebook.name)
    lab.run_all()
    assert not lab.tracebacks(), "\n\n".join(lab.tracebacks())
    lab_page.locator(".cf-review").wait_for()
    yield lab, notebook


def test_review_edits_are_saved_and_valid(review: tuple[LabNotebook, ReviewNotebook]) -> None:
    lab, notebook = review
    page = lab.page
    problems = page.locator(".cf-problems")
    save = page.locator(".cf-save")
    expect(problems).to_have_class(_has("cf-valid"))
    expect(save).to_be_enabled()

    dropped, retyped = "tags.list", "notes.read"
    widget(page, "include", scope_key(page, dropped), "input[type=checkbox]").uncheck()
    type_select = widget(page, "type", scope_key(page, retyped), "select")
    new_type = "other" if type_select.input_value() != "other" else "admin"
    type_select.select_option(new_type)

    # The kernel answers each edit: the panel stays valid (green) and Save stays enabled.
    expect(problems).to_have_class(_has("cf-valid"))
    expect(problems).to_contain_text("valid")
    expect(save).to_be_enabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".cf-review").screenshot(path=SCREENSHOTS / "review_before_save.png")
    assert not notebook.contract.exists()

    save.click()
    expect(page.locator(".cf-status")).to_contain_text("Saved", timeout=15_000)
    page.locator(".cf-review").screenshot(path=SCREENSHOTS / "review_after_save.png")

    saved = json.loads(notebook.contract.read_text(encoding="utf-8"))
    scopes = {s["scope_name"]: s for s in saved["sections"]["scopes"]["scopes"]}
    assert set(scopes) == set(FIXTURE_SCOPES) - {dropped}
    assert scopes[retyped]["scope_type"] == new_type
    assert all(s["description"] == FIXTURE_SCOPES[name] for name, s in scopes.items())
    assert saved["status"] == "draft"
    assert validate_contract(saved) == []
    assert lab.tracebacks() == []


def test_invalid_review_cannot_be_saved(review: tuple[LabNotebook, ReviewNotebook]) -> None:
    lab, notebook = review
    page = lab.page
    problems = page.locator(".cf-problems")
    save = page.locator(".cf-save")
    expect(save).to_be_enabled()

    widget(page, "name", scope_key(page, "notes.write"), "input").fill("")
    expect(problems).to_have_class(_has("cf-invalid"))
    expect(problems).to_contain_text("scope name is empty")
    expect(save).to_be_disabled()

    widget(page, "name", scope_key(page, "tags.list"), "input").fill("notes.read")
    expect(problems).to_contain_text("duplicate scope name 'notes.read'")
    expect(save).to_be_disabled()

    # A forced click on the disabled button must not reach the kernel's save.
    save.click(force=True)
    page.wait_for_timeout(1_000)
    expect(save).to_be_disabled()
    assert not notebook.contract.exists()
    assert list(notebook.contracts_dir.iterdir()) == []
    assert lab.tracebacks() == []


def _has(css_class: str) -> re.Pattern[str]:
    """A class-attribute matcher for one CSS class among others."""
    return re.compile(rf"(^|\s){re.escape(css_class)}(\s|$)")
