"""Hostile page text made harmless in every medium: checklist, terminal, extraction, validate."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from factory.cli import main
from factory.contract.builder import build_contract
from factory.contract.validate import validate_contract
from factory.evidence.store import checklist_text
from factory.models import ScopeRecord
from factory.research.catalog import resolve_provider
from factory.research.fetch import read_local_source
from factory.research.pipeline import extract_all
from factory.textsafe import clean_text, markdown_code, markdown_text, terminal_safe

HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "scopes.html"
#: Payloads a page may carry, each with what must never survive into people's media.
MARKDOWN_PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "[click](javascript:alert(3))",
    "![pixel](http://a.example/t.png)",
    "<a href='javascript:x'>a</a>",
    "**bold** _em_ `code` ~~gone~~",
    "<!-- hidden --> &lt;b&gt;entity&lt;/b&gt;",
    "line one\n# heading\n- item",
]
TERMINAL_PAYLOADS = [
    "\x1b]0;owned\x07",  # OSC: set the window title
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[31mred\x1b[0m",  # CSI colours
    "\x1b[2J\x1b[H",  # CSI clear screen
    "\x07\x00\x08\x7f",  # BEL, NUL, BS, DEL
    "\x9b31m\x9d0;t\x9c",  # 8-bit CSI and OSC
    "\u202edesrever\u202c \u2066iso\u2069",  # bidi override and isolates
]


def _rendered(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).render(markdown)


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_checklist_renders_page_text_as_text(payload: str) -> None:
    rows = [{"scope_name": f"x`{payload}", "description": payload, "note": payload}]
    html = _rendered(checklist_text(payload, "HOSTILE", rows))
    for live in ("<img", "<script", "<a href", "<!--", "<strong", "<em", "<del"):
        assert live not in html, (payload, live)
    assert html.count("<h1") == 1  # the checklist's own title only
    assert 'href="javascript' not in html and "<a " not in html
    assert html.count("<li>") == 2 * 1  # one scope item and its one detail line, no more


def test_markdown_helpers_keep_the_text() -> None:
    assert markdown_text("a < b & c") == "a &lt; b &amp; c"
    assert _rendered(markdown_text("a *b* [c](d)")).strip() == "<p>a *b* [c](d)</p>"
    assert _rendered(markdown_code("x`y")).strip() == "<p><code>x`y</code></p>"


@pytest.mark.parametrize("payload", TERMINAL_PAYLOADS)
def test_terminal_output_drops_control_and_escape_sequences(payload: str) -> None:
    shown = terminal_safe(f"before {payload} after\nnext\tline")
    assert not any(ord(c) < 32 and c not in "\n\t" for c in shown)
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u202e\u202c\u2066\u2069" for c in shown)
    assert shown.startswith("before ") and shown.endswith(" after\nnext\tline")
    assert "owned" not in shown and "evil.example" not in shown


def test_build_output_and_contract_carry_no_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build", "Hostile Ads", "--offline", "--source", str(HOSTILE), "--contracts-dir",
              str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e")])  # fmt: skip
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "description: Terminal title red bell end." in out
    assert "removed control/bidi characters (U+0007, U+001B)" in out
    saved = (tmp_path / "c" / "HOSTILE_ADS_CONNECTOR_CONTRACT.json").read_text()
    assert "\\u001b" not in saved and "\x1b" not in saved
    assert validate_contract(json.loads(saved)) == []
    checklist = next((tmp_path / "e" / "HOSTILE_ADS" / "latest").glob("*_CHECKLIST.md"))
    html = _rendered(checklist.read_text())
    assert "<img" not in html and "<script" not in html


def test_extraction_refuses_bidi_names_and_cleans_descriptions_with_a_note(
    tmp_path: Path,
) -> None:
    source = tmp_path / "scopes.json"
    hostile = [
        {"scope": "ads.re\u202ead", "description": "Read ads."},
        {"scope": "ads.write", "description": "Write \u202esda\u202c ads\x00\x1b[2J."},
    ]
    source.write_text(json.dumps(hostile))
    (result,) = extract_all([read_local_source(source)])
    (record,) = result.scopes  # the bidi name is refused as written, never made "ads.read"
    assert record.scope_name == "ads.write"
    assert record.description == "Write sda ads."
    assert any("U+202E" in w and "'ads.re\\u202ead'" in w for w in result.warnings)
    assert any("U+202E" in w and "'ads.write'" in w for w in result.warnings)


def test_clean_text_names_what_it_removed() -> None:
    assert clean_text("plain\ttext\n") == ("plain\ttext\n", ())
    assert clean_text("a\x1b[1mb\u202ec") == ("abc", ("U+001B", "U+202E"))


def _contract() -> dict[str, Any]:
    return build_contract(resolve_provider("Example Ads"), [ScopeRecord("ads.read", "Read.")])


@pytest.mark.parametrize("bad", ["Exa\x00mple Ads", "Example\x1b[31m Ads", "Example \u202eAds"])
def test_validate_rejects_controls_and_bidi_in_display_name(bad: str) -> None:
    contract = copy.deepcopy(_contract())
    contract["display_name"] = bad
    problems = validate_contract(contract)
    assert any(p.path == "$.display_name" and "control or bidi" in p.message for p in problems)


@pytest.mark.parametrize(
    "name", ["a b c", "<b>x</b>", " ads.read", "ads.read ", "ads.\u202eread", "ads\x00read"]
)
def test_validate_rejects_bad_scope_names(name: str) -> None:
    contract = copy.deepcopy(_contract())
    contract["sections"]["scopes"]["scopes"][0]["scope_name"] = name
    problems = validate_contract(contract)
    assert any(p.path.endswith("[0].scope_name") for p in problems), problems


@pytest.mark.parametrize(
    "name", ["role:<cluster-role name>:<namespace>", "projects/{project id}", "devices/[device id]"]
)
def test_validate_accepts_documented_placeholders(name: str) -> None:
    contract = copy.deepcopy(_contract())
    contract["sections"]["scopes"]["scopes"][0]["scope_name"] = name
    assert validate_contract(contract) == []


def test_validate_rejects_controls_in_descriptions_and_oauth2_without_scopes() -> None:
    contract = copy.deepcopy(_contract())
    contract["sections"]["scopes"]["scopes"][0]["description"] = "Read\x1b]0;t\x07."
    assert any(p.path.endswith("[0].description") for p in validate_contract(contract))
    contract["sections"]["scopes"]["scopes"] = []
    (problem,) = validate_contract(contract)
    assert "oauth2 contract needs at least one scope" in problem.message
