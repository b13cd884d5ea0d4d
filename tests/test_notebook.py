"""The research notebook, executed headless through ``connector-factory notebook``.

Kernel starts cost seconds on two cores, so one successful run (module fixture) feeds most
assertions, and one failing run checks the failure path. Both are offline with fixture sources
the project wrote (``tests/fixtures/notebook/``).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from factory.cli import main

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

FIXTURES = Path(__file__).parent / "fixtures" / "notebook"
FAKE_KEY = "fake-brave-key-7Qx9Zt3Lm"
HOSTILE = ("<img src=x onerror=alert(1)>", "<script>alert('scope')</script>")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    contracts: Path
    evidence: Path


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as exited,
    ):
        main(argv)
    return int(exited.value.code or 0), out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("nb")
    contracts, evidence = base / "contracts", base / "evidence"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRAVE_SEARCH_API_KEY", FAKE_KEY)
        code, out, err = _run_cli(
            [
                "notebook",
                "Acme Ads",
                "--offline",
                "--source",
                str(FIXTURES / "acme_scopes.json"),
                "--source",
                str(FIXTURES / "hostile_scopes.json"),
                "--contracts-dir",
                str(contracts),
                "--evidence-dir",
                str(evidence),
            ]
        )
    return Run(code, out, err, contracts, evidence / "ACME_ADS")


def _outputs(path: Path) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def test_run_saves_the_contract(run: Run) -> None:
    assert run.code == 0, run.err
    path = run.contracts / "ACME_ADS_CONNECTOR_CONTRACT.json"
    # the command prints the full report: path, every scope verbatim, the sources
    assert f"Contract: {path}" in run.out
    assert "campaigns.write [write]" in run.out
    assert "description: Create, change and pause campaigns." in run.out
    assert "Sources (" in run.out
    assert f"Notebook: {run.evidence / 'ACME_ADS_research.ipynb'}" in run.out
    contract = json.loads(path.read_text())
    scopes = {s["scope_name"]: s for s in contract["sections"]["scopes"]["scopes"]}
    assert list(scopes) == [
        "profile.read",
        "campaigns.read",
        "campaigns.write",
        "reports.read",
        "posts.read",
        "posts.write",
    ]
    assert scopes["campaigns.write"]["description"] == "Create, change and pause campaigns."
    assert all(s["requires_firearm"] is False for s in scopes.values())
    assert contract["status"] == "draft"
    assert contract["sections"]["byok"]["vault_key_name"] == "PROVIDER_ACME_ADS_KEY"


def test_run_writes_the_evidence(run: Run) -> None:
    folder = run.evidence / "latest"  # the published run, as `build` leaves it
    for name in (
        "manifest.json",
        "sources.json",
        "report.json",
        "decisions.json",
        "run.json",
        "ACME_ADS_SCOPE_CHECKLIST.md",
    ):
        assert (folder / name).is_file(), name
    for name in ("ACME_ADS_research.ipynb", "ACME_ADS_research.html"):
        assert (run.evidence / name).is_file(), name
    assert not (run.evidence / "manifest.json").exists()  # nothing written the flat way
    (line,) = (run.evidence / "runs.jsonl").read_text().splitlines()
    assert json.loads(line)["outcome"] == "published"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(manifest["documents"]) == 2
    report = json.loads((folder / "report.json").read_text())
    assert report["contract_path"] == str(run.contracts / "ACME_ADS_CONNECTOR_CONTRACT.json")
    assert len(report["scopes"]) == 6
    assert "`reports.read`" in (folder / "ACME_ADS_SCOPE_CHECKLIST.md").read_text()


def test_executed_notebook_has_no_errors_and_a_plain_text_report(run: Run) -> None:
    outputs = _outputs(run.evidence / "ACME_ADS_research.ipynb")
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "mode: headless" in text
    assert "Contract: " + str(run.contracts / "ACME_ADS_CONNECTOR_CONTRACT.json") in text
    assert "  6. posts.write [write]" in text
    assert "sha256:" in text


def test_hostile_description_is_escaped_everywhere(run: Run) -> None:
    html_outputs = [
        o["data"]["text/html"]
        for o in _outputs(run.evidence / "ACME_ADS_research.ipynb")
        if "text/html" in o.get("data", {})
    ]
    assert any("&lt;img src=x onerror=alert(1)&gt;" in h for h in html_outputs)
    page = (run.evidence / "ACME_ADS_research.html").read_text()
    for fragment in (*html_outputs, page):
        for hostile in HOSTILE:
            assert hostile not in fragment
        assert re.search(r"<img[^>]*onerror", fragment, re.I) is None
    assert re.search(r"<script", page, re.I) is None


def test_secret_never_reaches_outputs_or_evidence(run: Run) -> None:
    files = [*run.evidence.rglob("*"), *run.contracts.rglob("*")]
    assert len(files) >= 8
    for file in files:
        if file.is_file():
            assert FAKE_KEY not in file.read_text(errors="replace"), file
    assert FAKE_KEY not in run.out + run.err
    # the page leaked the key: redacted before extraction, as `build` does, with a note
    contract = next(run.contracts.glob("*.json")).read_text()
    assert "[REDACTED:BRAVE_SEARCH_API_KEY]" in contract
    assert "secret redacted from" in run.out


def test_invalid_contract_fails_the_run_listing_every_problem(tmp_path: Path) -> None:
    output = tmp_path / "failed.ipynb"
    code, _out, err = _run_cli(
        [
            "notebook",
            "Acme Ads",
            "--offline",
            "--source",
            str(FIXTURES / "acme_scopes.json"),
            "--template",
            str(FIXTURES / "gating_template.json"),
            "--contracts-dir",
            str(tmp_path / "contracts"),
            "--evidence-dir",
            str(tmp_path / "evidence"),
            "--output",
            str(output),
        ]
    )
    assert code == 1
    assert "ContractError" in err
    assert "$.risk_level" in err and "$.sections.scopes.allowlist" in err
    assert not (tmp_path / "contracts" / "ACME_ADS_CONNECTOR_CONTRACT.json").exists()
    errors = [o for o in _outputs(output) if o.output_type == "error"]
    assert len(errors) == 1 and errors[0]["ename"] == "ContractError"
    assert output.with_suffix(".html").is_file()
