"""Honest inputs for ``contract`` and redaction by purpose (only the factory's own secrets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory import build
from factory.cli import main
from factory.evidence.runs import read_run
from factory.evidence.store import factory_secrets, load_replay, redact

HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "scopes.html"
KEY = "sk-live-0123456789abcdef"  # the value the hostile page leaks


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(info.value.code or 0), out, err


def scopes_file(tmp_path: Path, items: list[dict[str, str]]) -> Path:
    path = tmp_path / "scopes.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_duplicate_names_are_kept_once_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [
        {"scope_name": "ads.read", "description": "Read ads."},
        {"scope_name": "ads.write", "description": "Write ads."},
        {"scope_name": "ads.read", "description": "Read every ad."},
        {"scope_name": "ads.write", "description": "Write ads."},
    ]
    argv = [
        "contract",
        "Example Ads",
        "--scopes",
        str(scopes_file(tmp_path, items)),
        "--contracts-dir",
        str(tmp_path / "c"),
        "--json",
    ]
    code, out, _ = run(argv, capsys)
    assert code == 0
    data = json.loads(out)
    assert [s["name"] for s in data["scopes"]] == ["ads.read", "ads.write"]
    assert data["scopes"][0]["description"] == "Read ads."
    read_note, write_note = [n for n in data["notes"] if n.startswith("duplicate")]
    assert "item 2 repeats item 0" in read_note and "'Read ads.'" in read_note
    assert "first listing wins" in read_note and "'Read every ad.'" in read_note
    assert "item 3 repeats item 1" in write_note and "same description" in write_note


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("a b c", "whitespace outside a placeholder (<...>, {...}, [...]) at position 1"),
        ("<b>x</b>", "markup at position 0"),
        (" ads.read", "leading or trailing whitespace at position 0"),
        ("ads.read\t", "control or bidi character U+0009 at position 8"),
        ("ads.\u202eread", "control or bidi character U+202E at position 4"),
        ("x<img src=y>", "markup at position 1"),
    ],
)
def test_bad_scope_names_are_refused_with_their_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, why: str
) -> None:
    items = [{"scope_name": "ok.read"}, {"scope_name": name}]
    argv = [
        "contract",
        "Example Ads",
        "--scopes",
        str(scopes_file(tmp_path, items)),
        "--contracts-dir",
        str(tmp_path / "c"),
    ]
    code, _out, err = run(argv, capsys)
    assert code == 1
    assert "item 1" in err and why in err
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize(
    "name", ["role:<cluster-role name>:<namespace>", "projects/{project id}", "devices/[device id]"]
)
def test_documented_placeholders_stay_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    argv = [
        "contract",
        "Example Ads",
        "--scopes",
        str(scopes_file(tmp_path, [{"scope_name": name}])),
        "--contracts-dir",
        str(tmp_path / "c"),
    ]
    code, out, _ = run(argv, capsys)
    assert code == 0 and name in out


@pytest.mark.parametrize("method", [None, "oauth2"])
def test_empty_list_needs_a_non_oauth2_auth_method(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], method: str | None
) -> None:
    argv = [
        "contract",
        "Example Ads",
        "--scopes",
        str(scopes_file(tmp_path, [])),
        "--contracts-dir",
        str(tmp_path / "c"),
    ]
    argv += ["--auth-method", method] if method else []
    code, _out, err = run(argv, capsys)
    assert code == 1
    assert "lists no scopes" in err and "--auth-method" in err and "not oauth2" in err
    assert not (tmp_path / "c").exists()


def test_only_the_factorys_own_long_secrets_are_redacted() -> None:
    env = {
        "SORT_KEY": "Read",  # not the factory's, and a word
        "GITHUB_TOKEN": "ghp_abcdefghijklmnop",  # not the factory's
        "BRAVE_SEARCH_API_KEY": "short",  # too short to be a secret
        "SEARXNG_URL": "https://searx-user:searx-pass-1234@searx.example/?token=tok-98765432",
    }
    assert redact("Read short ghp_abcdefghijklmnop", env) == "Read short ghp_abcdefghijklmnop"
    labels = dict((v, k) for k, v in factory_secrets(env))
    assert set(labels) == {"searx-user", "searx-pass-1234", "tok-98765432"}
    assert redact("p=searx-pass-1234", env) == "p=[REDACTED:SEARXNG_URL credential]"


def test_ordinary_words_in_keys_do_not_corrupt_evidence(tmp_path: Path) -> None:
    env = {"SORT_KEY": "Read", "BRAVE_SEARCH_API_KEY": "brave-key-not-in-page"}
    result = build(
        "Hostile Ads",
        sources=[str(HOSTILE)],
        offline=True,
        env=env,
        contracts_dir=tmp_path / "c",
        evidence_dir=tmp_path / "e",
    )
    descriptions = [s["description"] for s in result.contract["sections"]["scopes"]["scopes"]]
    assert "Read sorted reports." in descriptions
    assert not any("REDACTED" in d for d in descriptions if "Leaked" not in d)


def test_a_secret_in_a_page_is_redacted_everywhere_and_replays_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRAVE_SEARCH_API_KEY", KEY)
    argv = [
        "build",
        "Hostile Ads",
        "--offline",
        "--source",
        str(HOSTILE),
        "--contracts-dir",
        str(tmp_path / "c"),
        "--evidence-dir",
        str(tmp_path / "e"),
    ]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert KEY not in out
    assert "secret redacted from" in out and "BRAVE_SEARCH_API_KEY x1" in out
    contract = tmp_path / "c" / "HOSTILE_ADS_CONNECTOR_CONTRACT.json"
    assert "Leaked key [REDACTED:BRAVE_SEARCH_API_KEY] in the page." in contract.read_text()
    for file in (tmp_path / "e").rglob("*"):
        if file.is_file():
            assert KEY.encode() not in file.read_bytes(), file
    provider_dir = tmp_path / "e" / "HOSTILE_ADS"
    (entry,) = read_run(provider_dir).manifest["documents"]
    assert entry["redacted"]["names"] == {"BRAVE_SEARCH_API_KEY": 1}
    assert entry["redacted"]["fetched_sha256"] != entry["sha256"]
    assert len(load_replay(provider_dir)) == 1  # the stored bytes verify
    monkeypatch.delenv("BRAVE_SEARCH_API_KEY")  # a replay elsewhere, without the key
    replayed = build(
        "Hostile Ads",
        replay_dir=provider_dir,
        contracts_dir=tmp_path / "r",
        evidence_dir=tmp_path / "re",
    )
    assert replayed.save.path.read_bytes() == contract.read_bytes()
    (again,) = json.loads((replayed.evidence_dir / "manifest.json").read_text())["documents"]
    assert again["redacted"] == entry["redacted"]  # the replay's manifest says so too
