"""The contract file: a symbolic link is refused saying so."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.cli import main
from factory.contract.naming import contract_path
from factory.errors import ContractError

ROOT = Path(__file__).parents[1]
EXAMPLE_SCOPES = ROOT / "examples" / "scopes" / "example_ads.json"
FILENAME = "EXAMPLE_ADS_CONNECTOR_CONTRACT.json"


def test_a_symlinked_contract_is_refused_saying_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "contracts"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}")
    (folder / FILENAME).symlink_to(elsewhere)
    argv = ["contract", "Example Ads", "--scopes", str(EXAMPLE_SCOPES), "--contracts-dir",
            str(folder)]  # fmt: skip
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert info.value.code == 1
    assert "symbolic link" in err and "invalid provider name" not in err
    assert elsewhere.read_text() == "{}" and (folder / FILENAME).is_symlink()
    with pytest.raises(ContractError, match="symbolic link"):
        contract_path("Example Ads", folder)
