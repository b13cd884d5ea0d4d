"""Every reader of JSON/YAML input answers a too-deep or bomb-shaped file with one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory.cli import main
from factory.errors import FactoryError

ROOT = Path(__file__).parents[1]
EXAMPLE_SCOPES = ROOT / "examples" / "scopes" / "example_ads.json"
DEEP_JSON = {
    "arrays-200000": "[" * 200_000 + "]" * 200_000,
    "objects-5000": '{"a":' * 5_000 + "1" + "}" * 5_000,
    "objects-300": '{"a":' * 300 + "1" + "}" * 300,  # parses, overflows recursive readers
}
YAML_BOMB = (
    'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
    + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "providers: *i\n"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str], lines: int = 1) -> tuple[int, str]:
    """Exit code and stderr of the real entry point; stderr holds ``lines`` lines."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == lines, err[:2000]
    return int(info.value.code or 0), err


@pytest.fixture(params=sorted(DEEP_JSON))
def deep(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "deep.json"
    path.write_text(DEEP_JSON[request.param])
    return path


def test_validate_deep_json(deep: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["validate", str(deep)], capsys)
    assert code == 1 and err.startswith("error: ") and "levels deep" in err


def test_validate_deep_value_inside_a_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(
            [
                "contract",
                "Example Ads",
                "--scopes",
                str(EXAMPLE_SCOPES),
                "--contracts-dir",
                str(tmp_path),
            ]
        )
    capsys.readouterr()
    contract = next(tmp_path.glob("*.json"))
    data = json.loads(contract.read_text())
    data["sections"]["kpi_mappings"] = json.loads(DEEP_JSON["objects-300"])
    contract.write_text(json.dumps(data))
    code, err = run(["validate", str(contract)], capsys)
    assert code == 1 and "levels deep" in err


def test_contract_scopes_file_deep(
    deep: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["contract", "Example Ads", "--scopes", str(deep), "--contracts-dir", str(tmp_path)]
    code, err = run(argv, capsys)
    assert code == 1 and "levels deep" in err
    assert not list(tmp_path.glob("*_CONNECTOR_CONTRACT.json"))


def test_contract_over_a_deep_existing_file(
    deep: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "EXAMPLE_ADS_CONNECTOR_CONTRACT.json").write_text(deep.read_text())
    argv = [
        "contract",
        "Example Ads",
        "--scopes",
        str(EXAMPLE_SCOPES),
        "--contracts-dir",
        str(tmp_path),
    ]
    code, err = run(argv, capsys)
    assert code == 1 and "levels deep" in err
    assert (tmp_path / "EXAMPLE_ADS_CONNECTOR_CONTRACT.json").read_text() == deep.read_text()


def test_contract_with_a_deep_template(
    deep: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "contract",
        "Example Ads",
        "--scopes",
        str(EXAMPLE_SCOPES),
        "--contracts-dir",
        str(tmp_path),
        "--template",
        str(deep),
    ]
    code, err = run(argv, capsys)
    assert code == 1 and "levels deep" in err


def test_build_with_deep_decisions(
    deep: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "scopes.md"
    page.write_text("# Scopes\n\n| Scope | Description |\n|---|---|\n| `ads.read` | Read ads. |\n")
    argv = [
        "build",
        "Example Ads",
        "--offline",
        "--source",
        str(page),
        "--decisions",
        str(deep),
        "--contracts-dir",
        str(tmp_path / "c"),
        "--evidence-dir",
        str(tmp_path / "e"),
    ]
    code, err = run(argv, capsys)
    assert code == 1 and "levels deep" in err


def test_build_replay_of_a_deep_manifest(
    deep: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "manifest.json").write_text(deep.read_text())
    argv = [
        "build",
        "Example Ads",
        "--replay",
        str(folder),
        "--contracts-dir",
        str(tmp_path / "c"),
        "--evidence-dir",
        str(tmp_path / "e"),
    ]
    code, err = run(argv, capsys)
    assert code == 1 and "levels deep" in err


@pytest.mark.parametrize("content", ["objects-5000", "bomb"])
def test_catalog_override_deep_or_bomb(
    content: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from factory.research import catalog

    path = tmp_path / "catalog.yaml"
    path.write_text(YAML_BOMB if content == "bomb" else DEEP_JSON[content])
    monkeypatch.setenv(catalog.CATALOG_ENV, str(path))
    catalog_cache = getattr(catalog, "_cached_catalog", None)
    if catalog_cache is not None:
        catalog_cache.cache_clear()
    code, err = run(["providers"], capsys, lines=2)  # the catalog lists its problems
    assert code == 1 and ("levels deep" in err or "alias" in err)


@pytest.mark.parametrize("content", ["objects-5000", "bomb"])
def test_batch_sources_file_deep_or_bomb(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(YAML_BOMB if content == "bomb" else DEEP_JSON[content])
    argv = [
        "batch",
        "Example Ads",
        "--sources-file",
        str(path),
        "--offline",
        "--report-dir",
        str(tmp_path / "r"),
        "--evidence-dir",
        str(tmp_path / "e"),
        "--contracts-dir",
        str(tmp_path / "c"),
    ]
    code, err = run(argv, capsys)
    assert code == 1 and ("levels deep" in err or "alias" in err)


def test_library_readers_raise_factory_errors(deep: Path, tmp_path: Path) -> None:
    from factory.contract.decisions import load_decisions
    from factory.evidence.operations import read_operations
    from factory.evidence.store import load_replay
    from factory.workbench.fleet_views import load_fleet_report

    (tmp_path / "manifest.json").write_text(deep.read_text())
    (tmp_path / "operations.json").write_text(deep.read_text())
    for call in (
        lambda: load_decisions(deep),
        lambda: load_replay(tmp_path),
        lambda: load_fleet_report(deep),
        lambda: read_operations(tmp_path),
    ):
        with pytest.raises(FactoryError, match="levels deep"):
            call()
