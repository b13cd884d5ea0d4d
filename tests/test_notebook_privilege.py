"""The notebook's "What will the connector call?" section, headless: the operations a
decisions file chose are answered, shown and recorded again by the Save, so a replay of the
same decisions gives the same contract and the same ``decisions.json``."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from factory import run_notebook

FIXTURE = Path(__file__).parent / "fixtures" / "operations" / "inkwell_discovery.json"
NOTES = "https://auth.inkwell.example/notes"


def _published_decisions(evidence: Path) -> dict[str, object]:
    (platform,) = [p for p in evidence.iterdir() if p.is_dir()]
    return json.loads((platform / "latest" / "decisions.json").read_text())


@pytest.mark.notebook
@pytest.mark.slow
def test_chosen_operations_are_answered_and_replay_byte_for_byte(tmp_path: Path) -> None:
    # The researcher chose two operations and kept the answer's scope only.
    decided = {
        "excluded": [f"{NOTES}.readonly", f"{NOTES}.sketches.readonly", f"{NOTES}.own",
                     "https://auth.inkwell.example/profile"],
        "scope_types": {},
        "operations": ["inkwell.notes.create", "inkwell.notes.margins.list"],
    }  # fmt: skip
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps(decided))
    contracts = []
    for attempt in ("a", "b"):
        done = run_notebook(
            "Inkwell Notes", sources=[str(FIXTURE)], offline=True, decisions=str(decisions),
            contracts_dir=str(tmp_path / attempt / "c"), evidence_dir=str(tmp_path / attempt / "e"),
            output=tmp_path / attempt / "run.ipynb",
        )  # fmt: skip
        assert done.contract_path is not None
        contracts.append(done.contract_path.read_bytes())
        saved = _published_decisions(tmp_path / attempt / "e")
        assert saved["operations"] == decided["operations"]
        nb = nbformat.read(done.notebook_path, as_version=4)
        (cell,) = [c for c in nb.cells if "connector_calls_view" in c.source]
        shown = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        # notes.own would cover both operations only with notes.readonly: notes alone is smaller
        assert "1 scope(s)" in shown and f"{NOTES}</td>" in shown, shown[:400]
    assert contracts[0] == contracts[1]
    names = [s["scope_name"] for s in json.loads(contracts[0])["sections"]["scopes"]["scopes"]]
    assert names == [NOTES]
