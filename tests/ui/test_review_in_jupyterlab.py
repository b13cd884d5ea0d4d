"""The widget check, proven in a real browser: JupyterLab in headless Chromium.

The module copies ``notebooks/connector_factory.ipynb`` into the server's root with an
``injected-parameters`` cell (papermill's convention) that points it at the offline fixture
``tests/fixtures/ui/quillpost_scopes.html`` (a fictional provider's scope page) and at a
contracts folder of its own, opens it in a fresh, reset workspace, runs every cell through the
command palette and waits on the kernel's idle indicator and the execution counts. Each test
then gets an untouched review widget (the cells from ``ContractReview(`` down are re-run for
the next test, far cheaper than a second kernel) and works it the way a researcher does. The
DOM classes come from ``factory/review.py``'s docstring (``cf-include-<key>``,
``cf-type-<key>``, ``cf-name-<key>``, ``cf-problems``, ``cf-save``, ``cf-status``).

Run All to ready is written to ``outputs/measurements/ui_example.json``. Screenshots of the
check land in ``outputs/screenshots/`` (``review_invalid.png``,
``review_before_save.png``, ``review_after_save.png``)."""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import nbformat
import pytest
from playwright.sync_api import Locator, Page, expect

from factory import contract_path
from factory.contract.validate import validate_contract
from factory.evidence.store import follow_latest

from .conftest import PROJECT, SCREENSHOTS, JupyterServer

# A hard bound over the bounded waits below (the whole module takes ~20 s on 2 cores).
pytestmark = [pytest.mark.ui, pytest.mark.timeout(180)]

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
# The notebook cell that builds the review widget (re-run for a fresh widget per test).
CHECK_CELL_TEXT = "ContractReview("
RUN_TIMEOUT_MS = 45_000
MEASUREMENTS = PROJECT / "outputs" / "measurements"  # Run All to ready, for the closing note
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
        "evidence_dir": str(contracts_dir.parent / f"evidence_{contracts_dir.name}"),
        "template": None,
        "schema": None,
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
        self.panel = page.locator(".jp-NotebookPanel")

    def open(self, server: JupyterServer, name: str) -> None:
        """Open ``name`` alone in a unique, reset workspace and wait for its kernel."""
        workspace = f"ui-{uuid.uuid4().hex[:12]}"
        self.page.goto(server.lab_url(name, workspace))
        self.panel.locator(".jp-Notebook .jp-Cell").first.wait_for()
        self.page.wait_for_function(
            """() => {
                const kernel = document.querySelector('.jp-NotebookPanel .jp-KernelName');
                const state = document.querySelector(
                    '.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
                return kernel && !/No Kernel/.test(kernel.textContent)
                    && state && state.dataset.status === 'idle';
            }""",
            timeout=KERNEL_TIMEOUT_MS,
        )

    def command(self, label: str) -> None:
        """Run a JupyterLab command by its label through the command palette (Ctrl+Shift+C)."""
        self.page.keyboard.press("Control+Shift+C")
        palette = self.page.locator(".lm-CommandPalette-input")
        palette.wait_for()
        palette.fill(label)
        item = self.page.locator(".lm-CommandPalette-item.lm-mod-active")
        expect(item.locator(".lm-CommandPalette-itemLabel")).to_have_text(label)
        self.page.keyboard.press("Enter")

    def run_all(self, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
        """Run every cell ("Run All Cells"), then wait until each one has run."""
        self.panel.locator(".jp-InputPrompt").first.click()
        self.command("Run All Cells")
        self.wait_done({}, timeout_ms)

    def run_from(self, text: str) -> None:
        """Run the first code cell containing ``text`` and every cell below it."""
        cell = self.panel.locator(".jp-CodeCell", has_text=text).first
        prompt = cell.locator(".jp-InputPrompt")
        before = prompt.inner_text()
        prompt.click()
        self.command("Run Selected Cell and All Below")
        self.wait_done({"index": self._index(cell), "before": before})

    def _index(self, cell: Locator) -> int:
        return int(
            cell.evaluate(
                "c => [...document.querySelectorAll('.jp-NotebookPanel .jp-Cell')].indexOf(c)"
            )
        )

    def wait_done(self, since: dict[str, Any], timeout_ms: int = RUN_TIMEOUT_MS) -> None:
        """Wait until the kernel is idle and the cells (from ``since['index']``) have run.

        The execution counts avoid the race where the indicator is still idle before the first
        cell starts (for a re-run, the first cell's count must differ from ``since['before']``).
        A failed cell also ends the wait: the run stops there and later cells never get a count.
        """
        self.page.wait_for_function(
            """since => {
                const panel = document.querySelector('.jp-NotebookPanel');
                const state = panel.querySelector('.jp-Notebook-ExecutionIndicator');
                if (!state || state.dataset.status !== 'idle') return false;
                const errors = [...panel.querySelectorAll(
                    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')];
                if (errors.some(e => /Traceback/.test(e.textContent))) return true;
                const cells = [...panel.querySelectorAll('.jp-Cell')]
                    .slice(since.index || 0)
                    .filter(c => c.classList.contains('jp-CodeCell'));
                const counts = cells.map(c => c.querySelector('.jp-InputPrompt').textContent);
                return counts.length > 0
                    && counts.every(t => /\\[\\d+\\]/.test(t))
                    && counts[0] !== since.before;
            }""",
            arg=since,
            timeout=timeout_ms,
        )
        errors = self.tracebacks()
        if errors:
            pytest.fail("a notebook cell failed in JupyterLab:\n\n" + "\n\n".join(errors))

    def tracebacks(self) -> list[str]:
        """The text of every error output (a traceback) in the notebook."""
        errors = self.panel.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        return [text for text in errors.all_inner_texts() if "Traceback" in text]


def scope_key(page: Page, scope_name: str) -> str:
    """Show a scope in the check's detail pane (filter its name, select the filtered row) and
    return the CSS key review.py gave it."""
    page.locator(".cf-filter-name input").fill(scope_name)
    expect(page.locator(".cf-count")).to_contain_text("1 of ")
    page.locator(".cf-select-filtered").click()
    detail = page.locator(".cf-detail")
    expect(detail).to_contain_text(scope_name)
    expect(detail).to_have_class(re.compile(r"\bcf-row-"))
    classes = (detail.get_attribute("class") or "").split()
    return next(c.removeprefix("cf-row-") for c in classes if c.startswith("cf-row-") and
                c != "cf-row-problem")  # fmt: skip


def widget(page: Page, role: str, key: str, inner: str) -> Locator:
    """One control of a scope's row (``role`` is include, name or type)."""
    return page.locator(f".cf-{role}-{key} {inner}")


@dataclass(slots=True)
class Workbench:
    """The workbench notebook open in the page; ``fresh`` while its review is untouched."""

    lab: LabNotebook
    notebook: ReviewNotebook
    fresh: bool = True


@pytest.fixture(scope="module")
def workbench(jupyter_server: JupyterServer, lab_page: Page) -> Workbench:
    """The workbench notebook, parameterised, opened and run once for the module."""
    notebook = write_review_notebook(jupyter_server, "workbench")
    lab = LabNotebook(lab_page)
    lab.open(jupyter_server, notebook.name)
    start = time.perf_counter()
    lab.run_all()
    expect(lab_page.locator(".cf-review")).to_have_count(1)
    figures = {"scopes": len(FIXTURE_SCOPES), "run_all_to_ready_s": time.perf_counter() - start}
    MEASUREMENTS.mkdir(parents=True, exist_ok=True)
    (MEASUREMENTS / "ui_example.json").write_text(json.dumps(figures), encoding="utf-8")
    return Workbench(lab, notebook)


@pytest.fixture
def review(workbench: Workbench) -> Workbench:
    """A review widget no other test has touched: the check cells re-run when needed.

    Re-running from the cell that builds ``ContractReview`` costs a second or two, where a
    second notebook would cost a kernel start and a full run.
    """
    if not workbench.fresh:
        workbench.lab.run_from(CHECK_CELL_TEXT)
    workbench.fresh = False
    expect(workbench.lab.page.locator(".cf-review")).to_have_count(1)
    return workbench


# The panel's computed colours: what a person sees as green (valid) and red (invalid).
GREEN = "rgb(232, 245, 233)"
RED = "rgb(255, 235, 238)"


def test_invalid_review_cannot_be_saved(review: Workbench) -> None:
    page, contracts_dir = review.lab.page, review.notebook.contracts_dir
    problems, save = page.locator(".cf-problems"), page.locator(".cf-save")
    before = _files(contracts_dir)
    expect(problems).to_have_class(_has("cf-valid"))
    expect(save).to_be_enabled()

    widget(page, "name", scope_key(page, "notes.write"), "input").fill("")
    expect(problems).to_have_class(_has("cf-invalid"))
    expect(problems).to_contain_text("scope name is empty")
    expect(problems.locator(".cf-panel")).to_have_css("background-color", RED)
    expect(save).to_be_disabled()

    widget(page, "name", scope_key(page, "tags.list"), "input").fill("notes.read")
    expect(problems).to_contain_text("duplicate scope name 'notes.read'")
    expect(save).to_be_disabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".cf-review").screenshot(path=SCREENSHOTS / "review_invalid.png")

    # Even a forced click on the disabled button must not save; the wait gives a click that
    # did reach the kernel the time to write.
    save.click(force=True)
    page.wait_for_timeout(1_000)
    expect(save).to_be_disabled()
    expect(page.locator(".cf-status")).not_to_contain_text("Saved")
    assert _files(contracts_dir) == before
    assert review.lab.tracebacks() == []


def test_review_edits_are_saved_and_valid(review: Workbench) -> None:
    page, contract = review.lab.page, review.notebook.contract
    problems, save = page.locator(".cf-problems"), page.locator(".cf-save")
    expect(problems).to_have_class(_has("cf-valid"))
    expect(save).to_be_enabled()

    dropped, retyped = "tags.list", "notes.read"
    widget(page, "include", scope_key(page, dropped), "input[type=checkbox]").uncheck()
    type_select = widget(page, "type", scope_key(page, retyped), "select")
    new_type = "other" if type_select.input_value() != "other" else "admin"
    type_select.select_option(new_type)

    # The kernel answers each edit: the panel stays valid (green) and Save stays enabled.
    expect(problems).to_have_class(_has("cf-valid"))
    expect(problems).to_contain_text("the contract is valid")
    expect(problems.locator(".cf-panel")).to_have_css("background-color", GREEN)
    expect(save).to_be_enabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".cf-review").screenshot(path=SCREENSHOTS / "review_before_save.png")

    save.click()
    expect(page.locator(".cf-status")).to_contain_text(f"Saved {contract}", timeout=15_000)
    # The report under Save and section 8's copy both follow the saved contract, no re-run.
    reports = page.locator(".cf-report")
    expect(reports).to_have_count(2)
    for report in (reports.first, reports.last):
        expect(report).to_contain_text(f"Contract: {contract}")
        expect(report).not_to_contain_text(f". {dropped} [")
        expect(report).to_contain_text(f"excluded (1): {dropped}")
        expect(report).to_contain_text("Since the previous run:")
    page.locator(".cf-review").screenshot(path=SCREENSHOTS / "review_after_save.png")

    saved = json.loads(contract.read_text(encoding="utf-8"))
    scopes = {s["scope_name"]: s for s in saved["sections"]["scopes"]["scopes"]}
    assert set(scopes) == set(FIXTURE_SCOPES) - {dropped}
    assert scopes[retyped]["scope_type"] == new_type
    assert {name: s["description"] for name, s in scopes.items()} == {
        name: text for name, text in FIXTURE_SCOPES.items() if name != dropped
    }
    assert saved["status"] == "draft"
    assert validate_contract(saved) == []
    assert review.lab.tracebacks() == []


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (to prove nothing was written)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _published(provider_dir: Path) -> Path | None:
    """The provider's published run folder (``None`` before the first Save)."""
    return follow_latest(provider_dir) if (provider_dir / "latest").exists() else None


def _has(css_class: str) -> re.Pattern[str]:
    """A class-attribute matcher for one CSS class among others."""
    return re.compile(rf"(^|\s){re.escape(css_class)}(\s|$)")


def test_annotations_edited_in_the_page_reach_the_evidence(workbench: Workbench) -> None:
    page = workbench.lab.page
    editor = page.locator(".cf-annotations")
    expect(editor).to_have_count(1)
    # Scopes sit behind a picker: choose one by name, then label it.
    picker = editor.locator(".cf-annotation-scope input")
    picker.fill("notes.write")
    picker.press("Enter")
    row = editor.locator(".widget-hbox", has=page.locator(".cf-annotation-scope"))
    row.locator(".cf-annotation-version input").fill("v2")
    row.locator(".cf-annotation-note input").fill("needs the write review")
    row.locator(".cf-annotation-note input").press("Enter")
    expect(editor).to_contain_text("notes.write: v2, needs the write review")
    editor.locator(".cf-annotations-save").click()
    status = editor.locator(".cf-annotations-status")
    expect(status).to_contain_text("and 1 scope annotation(s) to sources.json")

    # The labels reach the evidence run the check's Save publishes.
    contracts_dir = workbench.notebook.contracts_dir
    provider_dir = contracts_dir.parent / f"evidence_{contracts_dir.name}" / "QUILLPOST"
    before = _published(provider_dir)
    page.locator(".cf-save").click()
    deadline = time.monotonic() + 15  # the status may still say "Saved" from an earlier Save
    while _published(provider_dir) == before and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    evidence = _published(provider_dir)
    assert evidence is not None and evidence != before  # each Save publishes a new run
    sources = json.loads((evidence / "sources.json").read_text(encoding="utf-8"))
    assert "needs the write review" in json.dumps(sources)
    checklist = (evidence / "QUILLPOST_SCOPE_CHECKLIST.md").read_text(encoding="utf-8")
    assert "needs the write review" in checklist
    assert workbench.lab.tracebacks() == []
