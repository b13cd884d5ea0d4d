"""One research session and one options object behind every door (fast, no browser, no kernel).

The doors on the loopback web (build against the notebook, options through batch and the
notebook, SIGTERM) are in ``test_session_doors.py``.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest

from factory.cli import main
from factory.errors import ResearchError
from factory.evidence.store import redact
from factory.models import Document, Provider
from factory.options import (
    FetchSettings,
    LinkSettings,
    RenderSettings,
    ResearchOptions,
    research_options,
    with_overrides,
)
from factory.research import stages
from factory.research.backends import (
    Hit,
    backend_hosts,
    backend_names,
    register_backend,
    unregister,
    web_backends,
)
from factory.research.deadline import Deadline
from factory.research.pipeline import build
from factory.research.session import ResearchSession
from factory.research.stages import extract_all, redact_documents

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sources" / "example_ads_scopes.html"


def _page(text: str, url: str = "https://acme.test/scopes") -> Document:
    body = text.encode()
    sha = hashlib.sha256(body).hexdigest()
    return Document(url, url, 200, "text/html", sha, body, "2026-01-01T00:00:00Z", "utf-8")


def test_a_new_backend_is_one_registration_and_its_key_is_redacted() -> None:
    key = "acme-search-key-0123456789"
    env = {"ACME_SEARCH_KEY": key, "ACME_SEARCH_URL": "https://u:acme-pass-98765@s.acme.test/"}
    page = _page(f"<p>leaked {key} and acme-pass-98765 here</p>")
    assert redact_documents([page], env)[1] == {}  # not registered: not a factory secret

    @register_backend(
        "acme", rank=40, needs=("ACME_SEARCH_KEY",), hosts=("api.acme-search.test",),
        host_vars=("ACME_SEARCH_URL",), secret_vars=("ACME_SEARCH_KEY",),
        secret_url_vars=("ACME_SEARCH_URL",),
    )  # fmt: skip
    def acme(provider: Provider, queries: Any, ctx: Any) -> list[Hit]:
        return []

    try:
        documents, records, notes = redact_documents([page], env)
        assert "acme" in backend_names()
        assert web_backends(env) == ("ddgs", "acme")  # switched on by its variable, in rank
        assert backend_hosts(["acme"], env) == ["api.acme-search.test", "s.acme.test"]
        assert redact(f"x {key} y", env) == "x [REDACTED:ACME_SEARCH_KEY] y"
    finally:
        unregister("acme")
    body = documents[0].body.decode()
    assert key not in body and "acme-pass-98765" not in body
    assert records[documents[0].sha256]["names"] == {
        "ACME_SEARCH_KEY": 1, "ACME_SEARCH_URL credential": 1,
    }  # fmt: skip
    assert notes and "ACME_SEARCH_KEY x1" in notes[0]
    assert redact(f"x {key} y", env) == f"x {key} y"  # unregistered again
    assert "acme" not in backend_names()


def test_cli_options_become_one_options_object_and_back() -> None:
    options = research_options(
        source=["a.html"], offline=True, search=["catalog"], decisions="d.json",
        render="never", render_timeout=5, link_depth=0, max_linked_pages=3,
        document_deadline=7, build_deadline=9,
    )  # fmt: skip
    assert options == ResearchOptions(
        sources=("a.html",), offline=True, backends=("catalog",), decisions=Path("d.json"),
        fetch=FetchSettings(document_deadline=7, total_deadline=9),
        render=RenderSettings("never", 5), links=LinkSettings(0, 3),
    )  # fmt: skip
    assert research_options(**options.cli_values()) == options
    assert options.build_deadline == 9 and options.document_deadline == 7
    # the earlier keyword names still work, and None keeps a field
    assert with_overrides(options, {"fetch_settings": FetchSettings(), "replay_dir": None}) == (
        options.but(fetch=FetchSettings())
    )


def test_extraction_checks_the_deadline_between_documents() -> None:
    docs = [_page("<p>a</p>", "https://acme.test/1"), _page("<p>b</p>", "https://acme.test/2")]
    clock = iter([0.0, 0.0, 5.0, 5.0, 5.0]).__next__
    deadline = Deadline(1.0, clock=clock)
    with pytest.raises(ResearchError) as raised:
        extract_all(docs, deadline=deadline)
    message = str(raised.value)
    assert "build deadline of 1s passed after 5.0s" in message
    assert "in extraction, before document 2 of 2 (https://acme.test/2)" in message


def test_the_build_deadline_covers_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow document (say an alias bomb) stops the build at the next document, with its
    evidence kept in a run marked failed, instead of holding the build for minutes."""
    real = stages._extract

    def slow(doc: Document, kind: str) -> Any:
        time.sleep(1.6)
        return real(doc, kind)

    monkeypatch.setattr(stages, "_extract", slow)
    sources = [str(EXAMPLE), str(EXAMPLE.with_name("example_ads_openapi.yaml"))]
    options = ResearchOptions(
        sources=tuple(sources), offline=True, fetch=FetchSettings(total_deadline=1.5),
        contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e",
    )  # fmt: skip
    ResearchSession("Example Ads", options).resolve()  # the catalog loaded: time is extraction's
    began = time.monotonic()
    with pytest.raises(ResearchError, match=r"in extraction, before document 2 of 2"):
        build("Example Ads", options)
    assert time.monotonic() - began < 8
    assert not (tmp_path / "c").exists()  # nothing saved; the evidence run is marked failed
    index = (tmp_path / "e" / "EXAMPLE_ADS" / "runs.jsonl").read_text().splitlines()
    runs = [json.loads(line) for line in index]
    assert runs[-1]["outcome"] == "failed"


def test_session_steps_run_in_order_and_build_matches_them(tmp_path: Path) -> None:
    options = ResearchOptions(
        sources=(str(EXAMPLE),), offline=True, contracts_dir=tmp_path / "c",
        evidence_dir=tmp_path / "e",
    )  # fmt: skip
    session = ResearchSession("Example Ads", options)
    plan = session.plan()  # runs every step before it
    assert session.search().results[0].backend == "user"
    assert [d.url for d in session.documents] == [str(EXAMPLE)]
    assert len(session.table()) == len(plan.records) > 0
    result = build("Example Ads", options)
    assert result.contract == plan.contract
    assert result.report.notes == plan.notes


def test_notebook_without_network_names_the_next_steps_before_a_kernel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    began = time.monotonic()
    with pytest.raises(SystemExit) as exited:
        main(["notebook", "Nobody Inc", "--contracts-dir", str(tmp_path / "c"),
              "--evidence-dir", str(tmp_path / "e")])  # fmt: skip
    err = capsys.readouterr().err
    assert exited.value.code == 1 and time.monotonic() - began < 10
    assert "no network" in err and "--offline --source FILE" in err and "--replay" in err
    assert not (tmp_path / "e").exists()  # no kernel ran, nothing written


def test_a_pause_between_notebook_cells_does_not_count_against_the_deadline(
    tmp_path: Path,
) -> None:
    options = ResearchOptions(
        sources=(str(EXAMPLE),), offline=True, fetch=FetchSettings(total_deadline=1.0),
        contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e",
    )  # fmt: skip
    ResearchSession("Example Ads", options).plan()  # warm: the catalog and the extractors
    session = ResearchSession("Example Ads", options)
    session.search()
    time.sleep(1.2)  # a researcher reading the candidates
    assert session.plan().records  # the steps themselves took well under a second
    assert session.deadline.spent() < 1.0
