"""Every door runs the same session with the same options, on the recorded loopback web.

``build`` and the headless notebook give byte-identical contracts and the same evidence
documents for an index page that links to a scope page plus a page that needs JavaScript;
every build option (render, links, deadlines, decisions) reaches the notebook's and batch's
builds; SIGTERM stops ``batch`` as Ctrl-C does. Needs Chromium for the rendering.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmods import load_bench
from loopweb import LoopWeb
from signal_batch import signal_mid_build

from factory.cli import main
from factory.evidence.store import follow_latest
from factory.research.pipeline import build
from factory.research.render import INSTALL_COMMAND, find_browser
from factory.workbench.runner import run_notebook

PROVIDER = "Loopweb Ads"
PLATFORM = "LOOPWEB_ADS"
fleet_web = load_bench("fleet_web")
needs_browser = pytest.mark.skipif(find_browser() is None, reason=f"no Chromium: {INSTALL_COMMAND}")


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopWeb]:
    with LoopWeb() as served:
        monkeypatch.setenv("CONNECTOR_FACTORY_CATALOG", str(served.catalog(tmp_path)))
        monkeypatch.setenv("CONNECTOR_FACTORY_TRUSTED_HOSTS", "127.0.0.1")
        yield served


@pytest.fixture()
def trickle() -> Iterator[Callable[[float], str]]:
    """A loopback server that promises a body and sends one byte every ``gap`` seconds."""
    stops: list[threading.Event] = []

    def start(gap: float) -> str:
        url, stop = load_bench("trickle_deadline").trickle_server(gap)
        stops.append(stop)
        return url

    yield start
    for stop in stops:
        stop.set()


def documents(evidence: Path) -> list[tuple[str, bool]]:
    """The published run's evidence documents: URL, and whether it is a rendered DOM."""
    manifest = json.loads((follow_latest(evidence / PLATFORM) / "manifest.json").read_text())
    return [(d["url"], "rendered_from" in d) for d in manifest["documents"]]


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@needs_browser
@pytest.mark.notebook
def test_build_and_notebook_give_the_same_contract_and_evidence(
    web: LoopWeb, tmp_path: Path
) -> None:
    index, shell = web.url("/loopweb/permissions/index.html"), web.url("/loopweb/app/scopes.html")
    built = build(PROVIDER, sources=[index, shell], contracts_dir=tmp_path / "bc",
                  evidence_dir=tmp_path / "be")  # fmt: skip
    ran = run_notebook(PROVIDER, sources=[index, shell], contracts_dir=tmp_path / "nc",
                       evidence_dir=tmp_path / "ne", timeout=180)  # fmt: skip
    assert ran.contract_path is not None
    assert ran.contract_path.read_bytes() == built.save.path.read_bytes()
    listed = documents(tmp_path / "be")
    assert documents(tmp_path / "ne") == listed
    urls = [u for u, _ in listed]
    assert web.url("/loopweb/permissions/ads.html") in urls  # a followed official link
    assert (shell, True) in listed  # the rendered DOM of the JavaScript page
    names = {s["scope_name"] for s in built.contract["sections"]["scopes"]["scopes"]}
    assert {"ads.campaigns.read", "app.campaigns.write"} <= names
    report = json.loads(ran.report_path.read_text()) if ran.report_path else {}
    assert report.get("notes") == list(built.report.notes)


def _options_args(tmp_path: Path, web: LoopWeb) -> list[str]:
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps({"excluded": ["ads.campaigns.write"], "scope_types": {}}))
    return ["--render", "never", "--link-depth", "0", "--decisions", str(decisions),
            "--build-deadline", "90", "--document-deadline", "30"]  # fmt: skip


def _sources(web: LoopWeb) -> list[str]:
    return [web.url(f"/loopweb/{p}") for p in
            ("permissions/index.html", "permissions/ads.html", "app/scopes.html")]  # fmt: skip


def _check_options_took_effect(web: LoopWeb, evidence: Path, contracts: Path) -> None:
    # --link-depth 0: no linked page; --render never: no rendered DOM
    assert sorted(documents(evidence)) == sorted((u, False) for u in _sources(web))
    contract = json.loads(next(contracts.glob("*_CONNECTOR_CONTRACT.json")).read_text())
    names = [s["scope_name"] for s in contract["sections"]["scopes"]["scopes"]]
    assert "ads.campaigns.read" in names and "ads.campaigns.write" not in names  # --decisions


def test_every_build_option_reaches_batch(
    web: LoopWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str], trickle: Any
) -> None:
    mapping = tmp_path / "sources.yaml"
    mapping.write_text(json.dumps({PROVIDER: _sources(web)}))
    base = ["batch", "--sources-file", str(mapping), "--json", "--report-dir", str(tmp_path / "r")]
    code, out, err = cli([*base, "--contracts-dir", str(tmp_path / "c"), "--evidence-dir",
                          str(tmp_path / "e"), *_options_args(tmp_path, web)], capsys)  # fmt: skip
    assert code == 0, err
    _check_options_took_effect(web, tmp_path / "e", tmp_path / "c")
    mapping.write_text(json.dumps({PROVIDER: [_sources(web)[1], trickle(0.3)]}))
    code, out, err = cli([*base, "--contracts-dir", str(tmp_path / "c2"), "--evidence-dir",
                          str(tmp_path / "e2"), "--build-deadline", "1"], capsys)  # fmt: skip
    (row,) = json.loads(out)["rows"]
    assert code == 1 and row["status"] == "failed"
    assert "the build deadline of 1s passed" in row["error"]


@pytest.mark.notebook
def test_every_build_option_reaches_the_notebook(
    web: LoopWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str], trickle: Any
) -> None:
    sources = [arg for url in _sources(web) for arg in ("--source", url)]
    dirs = ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e")]
    code, _out, err = cli(["notebook", PROVIDER, *sources, *dirs,
                          *_options_args(tmp_path, web)], capsys)  # fmt: skip
    assert code == 0, err
    _check_options_took_effect(web, tmp_path / "e", tmp_path / "c")
    slow = ["--source", _sources(web)[1], "--source", trickle(0.3)]
    dirs = ["--contracts-dir", str(tmp_path / "c2"), "--evidence-dir", str(tmp_path / "e2")]
    code, _out, err = cli(["notebook", PROVIDER, *slow, *dirs, "--build-deadline", "1"], capsys)
    assert code == 1 and "the build deadline of 1s passed" in err


@pytest.mark.slow
def test_sigterm_stops_batch_like_ctrl_c(tmp_path: Path) -> None:
    """The signal lands while Bravo's build is known to be running (its page is held), and
    Bravo is let go only once batch says it heard the signal: no timing in the outcome."""
    script = Path(sys.executable).parent / "connector-factory"
    names = ("Term Alpha", "Term Bravo", "Term Charlie", "Term Delta")
    with fleet_web.LoopbackWeb(hosts=1) as site:
        for index, name in enumerate(names):
            site.set_page(name, fleet_web.synthetic_scopes(index, 4))
        bravo = site.hold("Term Bravo")
        argv = [str(script), "batch", "--sources-file", str(site.write_sources(tmp_path / "s"))]
        argv += ["--concurrency", "1", "--report-dir", str(tmp_path / "r")]
        argv += ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e")]
        acknowledged, code, err = signal_mid_build(
            argv, bravo, signal.SIGTERM, "terminating (SIGTERM)"
        )
    assert acknowledged, err
    assert code == 143, err
    assert "terminated (SIGTERM): 2 of 4 done" in err and "re-run with --resume" in err
    assert "Traceback" not in err
    report = json.loads((tmp_path / "r" / "fleet_report.json").read_text())
    statuses = [r["status"] for r in report["rows"]]
    assert report["interrupted"]
    assert statuses == ["ok", "ok", "interrupted", "interrupted"]  # Bravo finished, whole
    for row in report["rows"][:2]:
        assert Path(row["contract_path"]).is_file()
