"""The fleet overview: report -> table and figures, and ``notebooks/fleet.ipynb`` run headless."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from factory.errors import EvidenceError
from factory.fleet.batch import FleetReport, FleetRow, write_fleet_report
from factory.workbench.fleet_views import (
    failures_by_cause,
    figure_png,
    fleet_figures,
    fleet_frame,
    load_fleet_report,
    run_fleet_notebook,
)

HOSTILE = "<script>alert(1)</script>"
ROWS = (
    FleetRow("Alpha", "ALPHA", "ok", scopes=8, added=2, removed=1, changed=0, sources=2,
             auth_method="oauth2", flags=1, seconds=1.5),
    FleetRow("Bravo", "BRAVO", "failed", cause="fetch", error=f"fetch failed: {HOSTILE}"),
    FleetRow("Charlie", "CHARLIE", "failed", cause="no scopes", error="no scopes found"),
    FleetRow("Delta", "DELTA", "approved", cause="approved",
             behind="approved contract Delta is behind the provider by 3 scope(s)"),
)  # fmt: skip


@pytest.fixture
def report_path(tmp_path: Path) -> Path:
    json_path, _csv = write_fleet_report(
        FleetReport(ROWS, "2026-11-30T00:00:00+00:00", 2.0), tmp_path
    )
    return json_path


def test_frame_and_failures_by_cause(report_path: Path) -> None:
    frame = fleet_frame(load_fleet_report(report_path))
    assert frame["provider"].tolist() == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert frame.loc[0, "scopes"] == 8 and frame.loc[1, "scopes"] is not None
    assert failures_by_cause(frame).to_dict() == {"approved": 1, "fetch": 1, "no scopes": 1}
    png = figure_png(fleet_figures(frame))
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_unreadable_report_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text('{"rows": 3}')
    with pytest.raises(EvidenceError, match="not a fleet report"):
        run_fleet_notebook(tmp_path / "r.json")
    with pytest.raises(EvidenceError, match="unreadable fleet report"):
        load_fleet_report(tmp_path / "missing.json")


@pytest.mark.notebook
def test_fleet_notebook_runs_headless_with_table_and_figures(report_path: Path) -> None:
    out = run_fleet_notebook(report_path, timeout=120)
    assert out == report_path.with_name("fleet.ipynb") and out.with_suffix(".html").is_file()
    outputs = [o for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("behind the provider by 3 scope(s)" in h for h in html)
    assert not any(HOSTILE in h for h in html)  # scraped text is escaped
    assert any("&lt;script&gt;" in h for h in html)
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 1
    assert json.loads(report_path.read_text())["counts"]["failed"] == 2
