"""``batch`` and the fleet report, against a loopback web of the project's own provider pages."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmods import load_bench
from signal_batch import signal_mid_build

from factory.cli import main
from factory.cli.batch_cmd import INTERRUPTING
from factory.fleet.batch import FleetOptions, FleetRow, run_fleet, select_providers
from factory.options import ResearchOptions
from factory.research.pipeline import build

NAMES = ("Fleet Alpha", "Fleet Bravo", "Fleet Charlie", "Fleet Delta")


fleet_web = load_bench("fleet_web")


@pytest.fixture
def web() -> Iterator[Any]:
    with fleet_web.LoopbackWeb(hosts=2) as site:
        for index, name in enumerate(NAMES):
            site.set_page(name, fleet_web.synthetic_scopes(index, 6))
        yield site


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def batch(
    tmp_path: Path, web: Any, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, dict[str, Any], str]:
    sources = web.write_sources(tmp_path / "sources.yaml")
    argv = ["batch", "--sources-file", str(sources), "--json", "--report-dir", str(tmp_path / "r")]
    argv += ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e"), *extra]
    code, out, err = run(argv, capsys)
    return code, json.loads(out), err


def rows(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["provider"]: r for r in data["rows"]}


def test_batch_builds_every_provider_and_one_failure_stops_none(
    tmp_path: Path, web: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    web.pages.clear()  # every page gone ...
    for index, name in enumerate(NAMES[:3]):  # ... and three back
        web.set_page(name, fleet_web.synthetic_scopes(index, 6))
    code, data, err = batch(tmp_path, web, capsys, "--concurrency", "3")
    assert code == 1 and "1 of 4 provider(s) failed" in err
    by_name = rows(data)
    for name in NAMES[:3]:
        assert by_name[name]["status"] == "ok"
        assert by_name[name]["scopes"] == 6 and by_name[name]["sources"] == 1
        assert by_name[name]["auth_method"] == "oauth2"
        assert by_name[name]["added"] is None  # first run: nothing to compare with
        assert Path(by_name[name]["contract_path"]).is_file()
    failed = by_name["Fleet Delta"]
    assert failed["status"] == "failed" and failed["cause"] == "no source"
    assert "404" in failed["error"]
    assert data["counts"] == {"ok": 3, "skipped": 0, "approved": 0, "failed": 1, "interrupted": 0}
    with (tmp_path / "r" / "fleet_report.csv").open() as handle:
        table = list(csv.DictReader(handle))
    assert [r["provider"] for r in table] == list(NAMES)
    assert table[3]["status"] == "failed" and table[0]["scopes"] == "6"
    saved = json.loads((tmp_path / "r" / "fleet_report.json").read_text())
    assert saved["rows"] == data["rows"]


def test_changed_pages_give_exact_diffs_and_resume_does_no_work(
    tmp_path: Path, web: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = batch(tmp_path, web, capsys)
    assert code == 0
    a, b, c, d = (fleet_web.synthetic_scopes(i, 6) for i in range(4))
    web.set_page("Fleet Alpha", [*a, ("p0.extra.read", "Read the extra things.")])  # add
    web.set_page("Fleet Bravo", b[:-1])  # remove
    web.set_page("Fleet Charlie", [*c[:2], (c[2][0], "A reworded description."), *c[3:]])  # reword
    web.set_page("Fleet Delta", d[1:], legacy=d[:1])  # move one to legacy
    code, data, _ = batch(tmp_path, web, capsys)
    assert code == 0
    by_name = rows(data)
    summaries = {n: by_name[n]["diff"]["summary"] for n in NAMES}
    expected = {
        "Fleet Alpha": "added",
        "Fleet Bravo": "removed",
        "Fleet Charlie": "reworded",
        "Fleet Delta": "version",
    }
    for name, kind in expected.items():
        nonzero = {k for k, v in summaries[name].items() if v and not k.endswith("_scopes")}
        assert nonzero == {kind}, (name, summaries[name])
        assert summaries[name][kind] == 1
    (changed,) = by_name["Fleet Delta"]["diff"]["sources"][0]["changes"]
    assert (changed["name"], changed["old"], changed["new"]) == (d[0][0], "current", "deprecated")
    (reworded,) = by_name["Fleet Charlie"]["diff"]["sources"][0]["changes"]
    assert reworded["words"].startswith("[-")
    assert (by_name["Fleet Alpha"]["added"], by_name["Fleet Bravo"]["removed"]) == (1, 1)
    assert by_name["Fleet Charlie"]["changed"] == 1 and by_name["Fleet Delta"]["changed"] == 1
    before = dict(web.pages)
    served: list[str] = []
    web.latency = 0.0
    original = fleet_web._Handler.do_GET

    def counting(handler: Any) -> None:
        served.append(handler.path)
        original(handler)

    fleet_web._Handler.do_GET = counting
    try:
        code, data, _ = batch(tmp_path, web, capsys, "--resume", "--max-age", "1h")
    finally:
        fleet_web._Handler.do_GET = original
    assert code == 0 and served == [] and web.pages == before
    assert {r["status"] for r in data["rows"]} == {"skipped"}
    assert rows(data)["Fleet Alpha"]["scopes"] == 7  # the skipped row still tells the state


def test_per_host_limit_holds_across_providers(tmp_path: Path) -> None:
    with fleet_web.LoopbackWeb(hosts=1, latency=0.05) as site:
        names = [f"Host Test {i}" for i in range(6)]
        sources = {
            n: [site.set_page(n, fleet_web.synthetic_scopes(i, 3))] for i, n in enumerate(names)
        }
        seen: list[Any] = []

        def spy(name: str, **kwargs: Any) -> Any:
            seen.append(kwargs["fetch_transport"].limits)
            return build(name, **kwargs)

        options = FleetOptions(
            sources=sources, concurrency=6, per_host=2,
            research=ResearchOptions(contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e"),
        )  # fmt: skip
        report = run_fleet(names, options, build_fn=spy)
    assert [r.status for r in report.rows] == ["ok"] * 6
    assert len({id(limits) for limits in seen}) == 1  # one limiter shared by every build
    assert list(seen[0].peak.values()) == [2]  # six providers, one host: never more than 2


def test_an_unexpected_error_and_a_stop_leave_rows_and_a_resume_continues(
    tmp_path: Path, web: Any
) -> None:
    sources = {n: [web.url(n)] for n in NAMES}
    stop = threading.Event()
    built: list[str] = []

    def flaky(name: str, **kwargs: Any) -> Any:
        built.append(name)
        if name == "Fleet Alpha":
            raise RuntimeError("boom")
        result = build(name, **kwargs)
        stop.set()  # like Ctrl-C after the second provider
        return result

    dirs = ResearchOptions(contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e")
    options = FleetOptions(sources=sources, concurrency=1, research=dirs)
    report = run_fleet(NAMES, options, stop=stop, build_fn=flaky)
    statuses = [r.status for r in report.rows]
    assert statuses == ["failed", "ok", "interrupted", "interrupted"]
    assert report.rows[0].cause == "internal (RuntimeError)" and report.interrupted
    again = FleetOptions(sources=sources, concurrency=2, resume=True, research=dirs)
    resumed = run_fleet(NAMES, again)
    assert [r.status for r in resumed.rows] == ["ok", "skipped", "ok", "ok"]
    assert not resumed.interrupted


def test_an_approved_contract_is_untouched_and_says_how_far_behind_it_is(
    tmp_path: Path, web: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data, _ = batch(tmp_path, web, capsys, "Fleet Alpha")
    assert code == 0
    path = Path(rows(data)["Fleet Alpha"]["contract_path"])
    kept = json.loads(path.read_text())
    kept["status"] = "approved"
    path.write_text(json.dumps(kept, indent=2))
    approved = path.read_bytes()
    a = fleet_web.synthetic_scopes(0, 6)
    web.set_page("Fleet Alpha", [*a[1:], ("p0.new.read", "New."), ("p0.newer.read", "Newer.")])
    code, data, _ = batch(tmp_path, web, capsys, "Fleet Alpha")
    row = rows(data)["Fleet Alpha"]
    assert code == 0 and row["status"] == "approved"
    assert row["behind"] == "approved contract Fleet Alpha is behind the provider by 3 scope(s)"
    assert path.read_bytes() == approved


def test_replay_root_rebuilds_every_provider_with_no_network(
    tmp_path: Path, web: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first, _ = batch(tmp_path, web, capsys)
    assert code == 0
    web.pages.clear()  # the web is gone: only the evidence remains
    argv = ["batch", *NAMES, "--replay-root", str(tmp_path / "e"), "--json"]
    argv += ["--contracts-dir", str(tmp_path / "c2"), "--evidence-dir", str(tmp_path / "e2")]
    code, out, _ = run([*argv, "--report-dir", str(tmp_path / "r2")], capsys)
    assert code == 0
    replayed = rows(json.loads(out))
    for name, row in rows(first).items():
        assert replayed[name]["status"] == "ok" and replayed[name]["scopes"] == row["scopes"]
        again = Path(replayed[name]["contract_path"]).read_bytes()
        assert again == Path(row["contract_path"]).read_bytes()


def test_usage_and_selection_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["batch"], capsys)[0] == 2
    assert run(["batch", "TikTok", "--max-age", "soon"], capsys)[0] == 2
    code, _, err = run(["batch", "--category", "nope"], capsys)
    assert code == 1 and "unknown category 'nope'" in err
    bad = tmp_path / "s.yaml"
    bad.write_text("TikTok: just-a-string\n")
    code, _, err = run(["batch", "--sources-file", str(bad)], capsys)
    assert code == 1 and "entry 'TikTok': expected a list of URLs or files, got str" in err
    bad.write_text("TikTok: [ok.html]\nGoogle Ads: [1234]\n")
    code, _, err = run(["batch", "--sources-file", str(bad)], capsys)
    assert code == 1 and "entry 'Google Ads': 1234 is not a URL or file name" in err
    assert select_providers(["TikTok", "tiktok", "Google Ads"]) == ["TikTok", "Google Ads"]
    social = select_providers(category="social")
    assert "TikTok" in social and len(social) == len(set(social))
    from factory.research.catalog import load_catalog

    assert len(select_providers(everything=True)) == len(load_catalog())


def test_fleet_row_csv_keeps_errors_on_one_cell() -> None:
    from factory.fleet.batch import FleetReport

    report = FleetReport((FleetRow("X", "X", "failed", error="line one\nline two"),), "t", 0.1)
    (row,) = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert row["error"] == "line one\nline two" and row["scopes"] == ""


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_resume_continues(tmp_path: Path) -> None:
    """Ctrl-C lands while Bravo's build is known to be running (its page is held); Bravo is let
    go only once batch says it heard it: no timing decides the outcome."""
    script = Path(sys.executable).parent / "connector-factory"
    with fleet_web.LoopbackWeb(hosts=1) as site:
        for index, name in enumerate(NAMES):
            site.set_page(name, fleet_web.synthetic_scopes(index, 4))
        bravo = site.hold(NAMES[1])
        argv = [
            str(script),
            "batch",
            "--sources-file",
            str(site.write_sources(tmp_path / "s.yaml")),
        ]
        argv += ["--concurrency", "1", "--report-dir", str(tmp_path / "r")]
        argv += ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e")]
        # A shell's background job (CI may run us as one) inherits SIGINT ignored, and Python
        # then installs no KeyboardInterrupt handler: give the child the default disposition.
        acknowledged, code, err = signal_mid_build(
            argv, bravo, signal.SIGINT, INTERRUPTING.strip(),
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )  # fmt: skip
        assert acknowledged, err  # before: nothing said until the running build had ended
        assert code == 130, err
        assert "re-run with --resume to continue" in err and "Traceback" not in err
        report = json.loads((tmp_path / "r" / "fleet_report.json").read_text())
        statuses = [r["status"] for r in report["rows"]]
        assert report["interrupted"]
        assert statuses == ["ok", "ok", "interrupted", "interrupted"]  # Bravo finished its write
        again = subprocess.run([*argv, "--resume"], capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
    report = json.loads((tmp_path / "r" / "fleet_report.json").read_text())
    resumed = [r["status"] for r in report["rows"]]
    assert resumed == ["skipped" if s == "ok" else "ok" for s in statuses]
