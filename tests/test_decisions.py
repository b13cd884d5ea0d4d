"""Decisions are evidence: read, checked, applied, and replayed to the same contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory.cli import main
from factory.contract.decisions import (
    Decisions,
    apply_decisions,
    decisions_from_dict,
    load_decisions,
    write_decisions,
)
from factory.errors import EvidenceError
from factory.research.fetch import read_local_source
from factory.research.pipeline import build, extract_all, make_table
from factory.workbench.review import ContractReview

FIXTURES = Path(__file__).parent / "fixtures" / "scale"
SOURCES = [
    str(FIXTURES / "contoso_graph_permissions.html"),
    str(FIXTURES / "contoso_graph_legacy.html"),
]
PROVIDER = "Contoso Graph"


def _main(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    return int(exited.value.code or 0)


def test_bad_decisions_name_every_problem(tmp_path: Path) -> None:
    with pytest.raises(EvidenceError) as info:
        decisions_from_dict({"excluded": "Mail.Read", "scope_types": {"a": "danger"}, "x": 1})
    text = str(info.value)
    for part in ("'excluded' must be a list", "'danger' is not one of", "unknown key 'x'"):
        assert part in text
    bad = tmp_path / "d.json"
    bad.write_text("{not json")
    with pytest.raises(EvidenceError, match="cannot read the decisions file"):
        load_decisions(bad)


def test_apply_decisions_and_refuse_what_does_not_fit() -> None:
    table = make_table(extract_all([read_local_source(s) for s in SOURCES]))
    decided = Decisions(
        excluded=("Legacy0.Read",),
        scope_types={"Mail.Read": "admin"},
        renamed={"Agreement.Read": "agreement.read"},
    )
    out = apply_decisions(table, decided).set_index("scope_name")
    assert not out.loc["Legacy0.Read", "include"]
    assert out.loc["Mail.Read", "scope_type"] == "admin"
    assert "agreement.read" in out.index and "Agreement.Read" not in out.index
    assert table["include"].all()  # the table itself is untouched
    with pytest.raises(EvidenceError) as info:
        apply_decisions(table, Decisions(excluded=("Nope",), renamed={"Mail.Read": "Mail.Send"}))
    assert "excluded names unknown scope 'Nope'" in str(info.value)
    assert "two included scopes would be named 'Mail.Send'" in str(info.value)


def test_check_decisions_replay_to_the_same_contract_byte_for_byte(tmp_path: Path) -> None:
    first = build(
        PROVIDER, sources=SOURCES, offline=True,
        contracts_dir=tmp_path / "c1", evidence_dir=tmp_path / "e1",
    )  # fmt: skip
    review = ContractReview(first.provider, first.table, contracts_dir=tmp_path / "c2")
    review.filter_text.value = "legacy"  # filter, then bulk-exclude every filtered row
    assert review.set_filtered(False) >= 6
    review.set_row("Mail.Send", scope_type="admin")
    review.set_row("Agreement.Read", name="agreement.read")
    saved = review.save()
    decided = review.decisions({"sources": {}, "scopes": {"Mail.Send": {"note": "checked"}}})
    path = write_decisions(tmp_path / "e2", decided)
    assert load_decisions(path) == decided
    assert "Legacy0.Read" in decided.excluded and decided.decided_by and decided.decided_at

    code = _main([
        "build", PROVIDER, "--offline", *(a for s in SOURCES for a in ("--source", s)),
        "--contracts-dir", str(tmp_path / "c3"), "--evidence-dir", str(tmp_path / "e3"),
        "--decisions", str(path), "--json",
    ])  # fmt: skip
    assert code == 0
    replayed = (tmp_path / "c3" / saved.path.name).read_bytes()
    assert replayed == saved.path.read_bytes()
    evidence = tmp_path / "e3" / "CONTOSO_GRAPH" / "latest"  # the published run
    report = json.loads((evidence / "report.json").read_text(encoding="utf-8"))
    assert report["decisions"]["scope_types"] == {"Mail.Send": "admin"}
    assert json.loads((evidence / "decisions.json").read_text())["excluded"] == list(
        decided.excluded
    )


def test_cli_refuses_a_bad_decisions_file_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "d.json"
    bad.write_text(json.dumps({"excluded": []}))
    code = _main([
        "build", PROVIDER, "--offline", "--source", SOURCES[0],
        "--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e"),
        "--decisions", str(bad),
    ])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert "missing key 'scope_types'" in err and "Traceback" not in err
    assert not (tmp_path / "c").exists() and not (tmp_path / "e").exists()


def test_notebook_refuses_a_bad_decisions_file_before_the_kernel(tmp_path: Path) -> None:
    from factory.workbench.runner import run_notebook

    bad = tmp_path / "d.json"
    bad.write_text(json.dumps({"excluded": [1], "scope_types": {}}))
    with pytest.raises(EvidenceError, match="'excluded' must be a list of scope names"):
        run_notebook(PROVIDER, sources=SOURCES, offline=True, output=tmp_path / "o.ipynb",
                     decisions=bad)  # fmt: skip
    assert not (tmp_path / "o.ipynb").exists()
