"""The workbench at real scale, in JupyterLab in headless Chromium: 318 scopes.

The notebook runs on the project's own Graph-style fixture (``tests/fixtures/scale``: 312
permissions with per-kind tables, 432 name/kind pairs, plus a legacy list). The check is worked
as a researcher would: search, filter by flag, exclude every filtered row at once, find a
problem by its scope name and fix it, Save. The decisions are read back from the evidence
folder, replayed headless (``run_notebook(decisions=...)``) to the same contract byte for
byte, and the exported HTML is opened in Chromium: headings, header cells, working links, and
the fixture's injected payload inert.

Measured figures (Run All to ready, filter and bulk response in the page) are written to
``outputs/measurements/ui_scale.json`` and printed; ``review_scale.png`` lands in
``outputs/screenshots/``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_httpserver import HTTPServer

from factory import contract_path, run_notebook
from factory.evidence.store import follow_latest

from .conftest import PROJECT, SCREENSHOTS, JupyterServer
from .test_review_in_jupyterlab import MEASUREMENTS, LabNotebook, _has, _kernelspec

pytestmark = [pytest.mark.ui, pytest.mark.timeout(420)]

NOTEBOOK = PROJECT / "notebooks" / "connector_factory.ipynb"
SCALE = PROJECT / "tests" / "fixtures" / "scale"
PAGES = ("contoso_graph_permissions.html", "contoso_graph_legacy.html")
PROVIDER = "Contoso Graph"
PLATFORM = "CONTOSO_GRAPH"
RUN_ALL_TIMEOUT_MS = 150_000


def fixture_names() -> list[str]:
    """Every scope name of the two fixture pages, in page order, without repeats."""
    text = "".join((SCALE / page).read_text(encoding="utf-8") for page in PAGES)
    found = re.findall(r"<h3 id=\"[^\"]+\">([^<]+)</h3>|<td><code>([^<]+)</code></td>", text)
    return list(dict.fromkeys(a or b for a, b in found))


def delegated_count() -> int:
    """How many permissions the generator gave a delegated form (its own rule)."""
    spec = importlib.util.spec_from_file_location("make_fixture", SCALE / "make_fixture.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    count = len(module.permissions())
    return sum(1 for i in range(count) if i < module.BOTH_KINDS or i % 2 == 1)


def write_notebook(server: JupyterServer) -> tuple[str, Path, Path]:
    """The workbench notebook over the scale fixture; returns (name, contracts, evidence)."""
    folder = server.root_dir / "scale"
    folder.mkdir(exist_ok=True)
    for page in PAGES:
        shutil.copy(SCALE / page, folder / page)
    contracts, evidence = server.root_dir / "contracts_scale", server.root_dir / "evidence_scale"
    values: dict[str, Any] = {
        "provider": PROVIDER,
        "sources": [str(folder / page) for page in PAGES],
        "offline": True,
        "contracts_dir": str(contracts),
        "evidence_dir": str(evidence),
        "search_backends": [],
        "interactive": True,
    }
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    source = "".join(f"{k} = {v!r}\n" for k, v in values.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    tagged = next(
        i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", [])
    )
    notebook.cells.insert(tagged + 1, cell)
    notebook.metadata["kernelspec"] = _kernelspec(server)
    nbformat.write(notebook, server.root_dir / "scale.ipynb")
    return "scale.ipynb", contracts, evidence


# In the page: change a control, then resolve with the milliseconds until the count label
# shows the expected text (a MutationObserver: no polling interval in the figure).
_RESPOND_JS = """async ([selector, kind, value, expected]) => {
    const control = document.querySelector(selector);
    const label = document.querySelector('.cf-count');
    const done = new Promise(resolve => {
        const start = performance.now();
        const seen = () => label.textContent.includes(expected);
        const observer = new MutationObserver(() => {
            if (seen()) { observer.disconnect(); resolve(performance.now() - start); }
        });
        observer.observe(label, {subtree: true, childList: true, characterData: true});
        if (kind === 'click') control.click();
        else {
            control.value = value;
            control.dispatchEvent(new Event(kind, {bubbles: true}));
        }
        setTimeout(() => { observer.disconnect(); resolve(-1); }, 20000);
    });
    return await done;
}"""


def respond_s(page: Page, selector: str, kind: str, value: str, expected: str) -> float:
    """Seconds from changing a control in the page until the count label reads ``expected``.

    ``kind`` is the DOM event to send (``input``, ``change``) or ``click``.
    """
    elapsed_ms = page.evaluate(_RESPOND_JS, [selector, kind, value, expected])
    assert elapsed_ms >= 0, f"the page never showed {expected!r}"
    return float(elapsed_ms) / 1000


def test_scale_check_decisions_and_export(
    jupyter_server: JupyterServer, lab_page: Page, chromium: Browser, httpserver: HTTPServer
) -> None:
    page, names = lab_page, fixture_names()
    total = len(names)
    assert total > 300
    name, contracts, evidence = write_notebook(jupyter_server)
    lab = LabNotebook(page)
    lab.open(jupyter_server, name)
    start = time.perf_counter()
    lab.run_all(RUN_ALL_TIMEOUT_MS)
    count = page.locator(".cf-count")
    expect(count).to_contain_text(f"{total} of {total} scopes shown", timeout=30_000)
    figures: dict[str, Any] = {"scopes": total, "run_all_to_ready_s": time.perf_counter() - start}
    # The scope table in Lab: headed, left-aligned, paged; the summary above it.
    view = page.locator(".cf-scope-view")
    expect(view.locator("details")).to_have_count(-(-total // 50))
    expect(view.locator("table").first.locator("th")).to_have_count(7)
    expect(view.locator("td").first).to_have_css("text-align", "left")
    expect(page.locator(".jp-OutputArea-output", has_text="318 scope(s)").first).to_be_visible()
    view.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".jp-NotebookPanel").screenshot(path=SCREENSHOTS / "scope_table_lab.png")
    widgets_in_page = page.locator(".cf-review .jupyter-widgets").count()
    figures["check_widgets_in_page"] = widgets_in_page

    # Search: every matching row, found by text; the rows shown carry their names as text.
    mail = [n for n in names if n.lower().startswith("mail.")]
    search = page.locator(".cf-filter-text input")
    figures["filter_text_s"] = respond_s(
        page, ".cf-filter-text input", "input", "mail.", f"{len(mail)} of {total} scopes shown"
    )
    expect(page.locator(".cf-review [class*='cf-info-']").first).to_contain_text("Mail.")
    search.fill("")

    # Filter by flag, then exclude every filtered row at once.
    flag = page.locator(".cf-filter-flag select")
    figures["filter_flag_s"] = respond_s(
        page, ".cf-filter-flag select", "change", "legacy-only", f"6 of {total} scopes shown"
    )
    expect(flag).to_have_value("legacy-only")
    figures["bulk_exclude_s"] = respond_s(
        page, ".cf-exclude-filtered", "click", "", f"{total - 6} included, 6 excluded"
    )
    legacy = [n for n in names if n.startswith("Legacy")]
    flag.select_option("all")

    # A problem names its scope; the "problems" filter finds its row; fixing it re-enables Save.
    problems, save = page.locator(".cf-problems"), page.locator(".cf-save")
    search.fill("Mail.Send")
    page.locator(".cf-name-Mail-Send input").fill("")
    expect(problems).to_have_class(_has("cf-invalid"))
    expect(problems).to_contain_text("scope Mail.Send (named ''): scope name is empty")
    expect(problems.locator("li")).to_have_count(1)  # one message, not one per checker
    expect(save).to_be_disabled()
    search.fill("")
    expect(count).to_contain_text(f"{total} of {total} scopes shown")
    # The README picture: the check at scale, a problem named by its scope above the rows.
    page.locator(".cf-review").evaluate("e => e.scrollIntoView({block: 'start'})")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".jp-NotebookPanel").screenshot(path=SCREENSHOTS / "review_scale.png")
    # Problems and Save stay in view while the rows scroll past.
    page.locator(".cf-review [class*='cf-info-']").last.scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()
    expect(problems).to_be_in_viewport()
    flag.select_option("problems")
    expect(count).to_contain_text(f"1 of {total} scopes shown")
    row = page.locator(".cf-row-problem")
    expect(row).to_have_count(1)
    row.locator("input[type=text]").fill("Mail.Send")
    expect(problems).to_have_class(_has("cf-valid"))
    flag.select_option("all")
    expect(count).to_contain_text(f"{total} of {total} scopes shown")  # one change at a time
    kind = page.locator(".cf-filter-kind select")
    kind.select_option("delegated")
    expect(count).to_contain_text(f"{delegated_count()} of {total} scopes shown")
    kind.select_option("all")
    type_select = page.locator(".cf-type-Mail-Send select")
    search.fill("Mail.Send")
    type_select.select_option("admin")
    search.fill("")
    expect(save).to_be_enabled()
    save.click()
    expect(page.locator(".cf-status")).to_contain_text("Saved", timeout=30_000)
    reports = page.locator(".cf-report")
    expect(reports.last).to_contain_text("excluded (6)")  # section 8 follows the Save

    # The decisions are evidence: decisions.json and report.json.
    folder = follow_latest(evidence / PLATFORM)  # the run the Save published
    decisions = json.loads((folder / "decisions.json").read_text(encoding="utf-8"))
    assert sorted(decisions["excluded"]) == sorted(legacy)
    assert decisions["scope_types"] == {"Mail.Send": "admin"}
    assert decisions["decided_by"] and decisions["decided_at"]
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert report["decisions"]["excluded"] == decisions["excluded"]
    assert len(report["scopes"]) == total - 6
    saved = contract_path(PROVIDER, contracts)
    assert lab.tracebacks() == []

    # Replayed headless from evidence + decisions, sources now served over loopback HTTP.
    for page_name in PAGES:
        httpserver.expect_request(f"/{page_name}").respond_with_data(
            (SCALE / page_name).read_bytes(), content_type="text/html; charset=utf-8"
        )
    urls = [httpserver.url_for(f"/{p}") for p in PAGES]
    start = time.perf_counter()
    run = run_notebook(
        PROVIDER, sources=urls, contracts_dir=contracts.parent / "contracts_replay",
        evidence_dir=contracts.parent / "evidence_replay", decisions=folder / "decisions.json",
    )  # fmt: skip
    figures["headless_notebook_s"] = time.perf_counter() - start
    assert run.contract_path is not None
    assert run.contract_path.read_bytes() == saved.read_bytes()
    figures["ipynb_bytes"] = run.notebook_path.stat().st_size
    figures["html_bytes"] = run.html_path.stat().st_size

    # The export, opened in Chromium: readable and inert.
    export = chromium.new_page()
    try:
        export.goto(run.html_path.as_uri())
        shown = export.evaluate(
            """() => ({
                h1: document.querySelectorAll('h1').length,
                h2: document.querySelectorAll('h2').length,
                scopeTables: [...document.querySelectorAll('table.cf-scope-table')]
                    .map(t => t.querySelectorAll('thead th').length),
                links: [...document.querySelectorAll('a[href]')].map(a => a.href),
                scripts: document.querySelectorAll('script').length,
                handlers: [...document.querySelectorAll('*')].filter(
                    e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                imgs: document.querySelectorAll('img').length,
                pwned: window.__cfPwned === undefined ? null : window.__cfPwned,
                payloadAsText: document.body.innerText.includes('window.__cfPwned=2'),
                height: document.body.scrollHeight,
            })"""
        )
        export.screenshot(path=SCREENSHOTS / "export_scale.png")
    finally:
        export.close()
    figures["export"] = {k: v for k, v in shown.items() if k != "links"}
    figures["export"]["links"] = len(shown["links"])
    MEASUREMENTS.mkdir(parents=True, exist_ok=True)
    (MEASUREMENTS / "ui_scale.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(json.dumps(figures, indent=2))
    assert shown["h1"] == 1 and shown["h2"] >= 9
    assert len(shown["scopeTables"]) == -(-total // 50)
    assert set(shown["scopeTables"]) == {7}
    for url in urls:  # every source is a working link
        assert url in shown["links"]
    assert shown["scripts"] == 0 and shown["handlers"] == 0 and shown["imgs"] == 0
    assert shown["pwned"] is None and shown["payloadAsText"]
