"""Requests are checked before any stage runs: nothing is fetched, started or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.contract.preflight import check_request
from factory.errors import NamingError, ResearchError, TemplateError
from factory.workbench.runner import run_notebook


def test_a_good_request_loads_template_and_schema_once() -> None:
    checked = check_request("Example Ads", sources=["page.html"], offline=True)
    assert checked.names.platform == "EXAMPLE_ADS"
    assert checked.template["status"] == "draft"
    assert checked.schema["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"offline": True}, ResearchError, "needs --source files or --replay DIR"),
        ({"replay_dir": "x", "sources": ["y"]}, ResearchError, "cannot take --source"),
        ({"template": "/nonexistent/t.json"}, TemplateError, "t.json"),
    ],
)
def test_bad_requests_are_refused(kwargs: dict[str, object], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        check_request("Example Ads", **kwargs)  # type: ignore[arg-type]


def test_bad_name_is_refused() -> None:
    with pytest.raises(NamingError):
        check_request("???")


def test_notebook_run_refuses_before_starting_a_kernel(tmp_path: Path) -> None:
    with pytest.raises(ResearchError):
        run_notebook("Example Ads", offline=True, evidence_dir=tmp_path / "e")
    # a kernel that had started would have left its partial notebook in the evidence folder
    assert not (tmp_path / "e").exists()
