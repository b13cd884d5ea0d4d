"""Saving contracts: validated, atomic, locked, approved ones never overwritten."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from factory import atomic
from factory.contract import store
from factory.contract.builder import build_contract
from factory.contract.naming import provider_names
from factory.contract.store import (
    ENV_CONTRACTS_DIR,
    ContractChanges,
    diff_contracts,
    resolve_contracts_dir,
    save_contract,
)
from factory.contract.templates import load_template
from factory.contract.validate import validate_contract
from factory.errors import ApprovedContractError, ContractError
from factory.models import Provider, ScopeRecord

FILENAME = "EXAMPLE_ADS_CONNECTOR_CONTRACT.json"


def make(records: list[ScopeRecord], name: str = "Example Ads") -> dict[str, Any]:
    names = provider_names(name)
    return build_contract(Provider(names.display_name, names.slug, names.platform), records)


V1 = [
    ScopeRecord("campaigns.read", "Read campaigns."),
    ScopeRecord("campaigns.write", "Create campaigns."),
    ScopeRecord("reports.read", "Read reports."),
]
V2 = [
    ScopeRecord("campaigns.read", "Read campaigns, ad groups and ads."),
    ScopeRecord("reports.read", "Read reports."),
    ScopeRecord("audiences.read", "Read audiences."),
]


def test_resolve_contracts_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_CONTRACTS_DIR, raising=False)
    assert resolve_contracts_dir() == tmp_path.resolve() / "outputs" / "contracts"
    monkeypatch.setenv(ENV_CONTRACTS_DIR, str(tmp_path / "env"))
    assert resolve_contracts_dir() == (tmp_path / "env").resolve()
    assert resolve_contracts_dir(tmp_path / "arg") == (tmp_path / "arg").resolve()
    assert resolve_contracts_dir("rel").is_absolute()


def test_save_writes_the_exact_format(tmp_path: Path) -> None:
    contract = make([ScopeRecord("campaigns.read", "Lire les données « campagnes »")])
    result = save_contract(contract, contracts_dir=tmp_path)
    assert result.created is True
    assert result.path == tmp_path.resolve() / FILENAME
    text = result.path.read_bytes().decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "« campagnes »" in text  # ensure_ascii=False
    assert '\n  "contract_version": "1.0",' in text  # 2-space indent
    assert list(json.loads(text)) == list(load_template())
    assert json.loads(text) == contract
    assert result.changes == ContractChanges(added=("campaigns.read",))


def test_save_uses_template_key_order(tmp_path: Path) -> None:
    contract = make(V1)
    shuffled = dict(reversed(list(contract.items())))
    shuffled["sections"] = dict(reversed(list(contract["sections"].items())))
    path = save_contract(shuffled, contracts_dir=tmp_path).path
    saved = json.loads(path.read_text())
    assert list(saved) == list(load_template())
    assert list(saved["sections"]) == list(load_template()["sections"])


def test_env_variable_picks_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "other-repo" / "docs" / "contracts" / "connector_factory"
    monkeypatch.setenv(ENV_CONTRACTS_DIR, str(target))
    assert save_contract(make(V1)).path == target.resolve() / FILENAME


def test_invalid_contract_is_never_written(tmp_path: Path) -> None:
    contract = make(V1)
    contract["sections"]["scopes"]["scopes"][0]["risk_level"] = "high"
    contract["sections"]["byok"]["vault_key_name"] = "PROVIDER_OOPS_KEY"
    with pytest.raises(ContractError) as info:
        save_contract(contract, contracts_dir=tmp_path)
    assert {p.path for p in info.value.problems} >= {
        "$.sections.scopes.scopes[0].risk_level",
        "$.sections.byok.vault_key_name",
    }
    assert list(tmp_path.iterdir()) == []


def test_replacing_a_draft_returns_the_diff(tmp_path: Path) -> None:
    save_contract(make(V1), contracts_dir=tmp_path)
    result = save_contract(make(V2), contracts_dir=tmp_path)
    assert result.created is False
    assert result.changes == ContractChanges(
        added=("audiences.read",), removed=("campaigns.write",), changed=("campaigns.read",)
    )
    assert json.loads(result.path.read_text()) == make(V2)


def test_approved_contract_is_never_overwritten(tmp_path: Path) -> None:
    approved = make(V1)
    approved["status"] = "approved"
    path = tmp_path / FILENAME
    original = json.dumps(approved, indent=2) + "\n"
    path.write_text(original)
    with pytest.raises(ApprovedContractError) as info:
        save_contract(make(V2), contracts_dir=tmp_path)
    assert "not a draft" in str(info.value)
    assert path.read_text() == original


def test_existing_file_that_is_not_json_is_not_clobbered(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    path.write_text("precious notes, not JSON")
    with pytest.raises(ContractError, match="not valid JSON"):
        save_contract(make(V1), contracts_dir=tmp_path)
    assert path.read_text() == "precious notes, not JSON"
    path.write_text("[1, 2]")
    with pytest.raises(ContractError, match="not a contract object"):
        save_contract(make(V1), contracts_dir=tmp_path)


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_crash_in_rename_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_contract(make(V1), contracts_dir=tmp_path).path
    before = path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(ContractError, match="cannot write"):
        save_contract(make(V2), contracts_dir=tmp_path)
    assert path.read_bytes() == before
    assert _temp_files(tmp_path) == []


def test_crash_mid_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_contract(make(V1), contracts_dir=tmp_path).path
    before = path.read_bytes()

    def crash(fd: int) -> None:
        raise KeyboardInterrupt  # not an OSError: must still clean up and propagate

    monkeypatch.setattr(atomic.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        save_contract(make(V2), contracts_dir=tmp_path)
    assert path.read_bytes() == before
    assert _temp_files(tmp_path) == []


def test_saved_file_permissions_follow_umask(tmp_path: Path) -> None:
    path = save_contract(make(V1), contracts_dir=tmp_path).path
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def _save_in_process(args: tuple[str, int]) -> str:
    folder, index = args
    records = [ScopeRecord(f"scope.{index}.{n}", "x" * 2000) for n in range(50)]
    try:
        save_contract(make(records), contracts_dir=folder)
    except Exception as exc:  # reported back to the parent, which fails the test
        return f"{type(exc).__name__}: {exc}"
    return "ok"


@pytest.mark.slow
def test_concurrent_saves_leave_one_complete_file(tmp_path: Path) -> None:
    # fork where there is one: the children skip re-importing the package (seconds each).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(8) as pool:
        outcomes = pool.map(_save_in_process, [(str(tmp_path), i) for i in range(8)])
    assert outcomes == ["ok"] * 8
    saved = json.loads((tmp_path / FILENAME).read_text())
    assert validate_contract(saved) == []
    names = [s["scope_name"] for s in saved["sections"]["scopes"]["scopes"]]
    winner = names[0].split(".")[1]
    assert names == [f"scope.{winner}.{n}" for n in range(50)]
    assert _temp_files(tmp_path) == []


def test_diff_handles_malformed_old_contracts() -> None:
    assert diff_contracts({"sections": "broken"}, make(V1)).added == (
        "campaigns.read",
        "campaigns.write",
        "reports.read",
    )
    assert diff_contracts(make(V1), make(V1)) == ContractChanges()


def test_save_waits_for_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "LOCK_TIMEOUT_SECONDS", 0.2)
    lock = store.contract_lock(tmp_path / FILENAME)
    with lock, pytest.raises(ContractError, match="timed out waiting for the lock"):
        save_contract(make(V1), contracts_dir=tmp_path)
    assert not (tmp_path / FILENAME).exists()
    assert save_contract(make(V1), contracts_dir=tmp_path).created is True
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILENAME]  # no lock file beside it


def test_next_save_removes_temp_files_of_an_interrupted_one(tmp_path: Path) -> None:
    stale = tmp_path / f".{FILENAME}.0123456789abcdef.tmp"
    stale.write_text("{half")
    save_contract(make(V1), contracts_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILENAME]
