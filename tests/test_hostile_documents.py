"""Documents that cost without bound: alias bombs and deep nesting, refused in one clear line."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from factory.cli import main
from factory.errors import ExtractionError
from factory.extract.detect import extract_document, make_document, parse_structured
from factory.safeload import ShapeError, check_shape, loads_json, loads_yaml


def alias_bomb(levels: int, *, duplicate_key: bool = False) -> str:
    """A "billion laughs" OpenAPI spec under 1 KB: each level lists the one below nine times.

    The oauth2 scheme declares no scopes, so the extractor walks the whole document looking
    for scopes named in prose: the walk that never ended before.
    """
    lines = ["openapi: 3.0.0", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    if duplicate_key:
        lines.append("a0: again")  # yaml-rs refuses duplicate keys: PyYAML reads this one
    flows = "{implicit: {authorizationUrl: 'https://a.example', scopes: {}}}"
    scheme = f"{{type: oauth2, flows: {flows}}}"
    lines.append(f"components: {{securitySchemes: {{o: {scheme}}}, x: *a{levels}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("duplicate_key", [False, True], ids=["yaml-rs", "pyyaml"])
@pytest.mark.parametrize("levels", [8, 9])
def test_alias_bomb_is_refused_quickly_naming_the_document(
    levels: int, duplicate_key: bool
) -> None:
    text = alias_bomb(levels, duplicate_key=duplicate_key)
    assert len(text) < 1024
    doc = make_document(text.encode(), "https://a.example/bomb.yaml")
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        extract_document(doc)
    assert time.monotonic() - started < 5
    assert "https://a.example/bomb.yaml" in str(info.value)
    assert "alias" in str(info.value)


def test_a_spec_reusing_a_schema_through_aliases_still_reads() -> None:
    text = (
        "openapi: 3.0.0\n"
        "x-common: &common {type: object, description: shared}\n"
        "components:\n"
        "  schemas: {A: *common, B: *common, C: *common}\n"
        "  securitySchemes:\n"
        "    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a.example',"
        " scopes: {'read:things': Read things.}}}}\n"
    )
    result = extract_document(make_document(text.encode(), "https://a.example/s.yaml"))
    assert [r.scope_name for r in result.scopes] == ["read:things"]


def test_alias_cycle_is_refused() -> None:
    with pytest.raises(ShapeError, match="cycle"):
        loads_yaml("a: &a [1, *a]\n")
    doc = make_document(b"openapi: 3.0.0\na: &a [1, *a]\nb: 1\nb: 2\n", "u.yaml")
    with pytest.raises(ExtractionError, match="cycle"):
        parse_structured(doc)


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000 + "]" * 200_000, '{"a":' * 5_000 + "1" + "}" * 5_000, "[" * 150 + "]" * 150],
    ids=["arrays-200000", "objects-5000", "arrays-150"],
)
def test_deep_json_is_refused_as_value_error(text: str) -> None:
    with pytest.raises(ShapeError, match="levels deep"):
        loads_json(text)
    assert isinstance(ShapeError("x"), ValueError)


def test_deep_yaml_is_refused() -> None:
    with pytest.raises(ShapeError, match="levels deep"):
        loads_yaml("a: " + "[" * 150 + "]" * 150 + "\n")
    with pytest.raises(ShapeError, match="levels deep"):  # libyaml's own bound, 1,000 levels
        loads_yaml("a: " + "[" * 5_000 + "]" * 5_000 + "\n")


def test_check_shape_counts_shared_nodes_once() -> None:
    leaf = list(range(10))
    tree = [leaf] * 10
    check_shape([tree] * 10)  # 1,000 expanded nodes: fine
    with pytest.raises(ShapeError, match="alias"):
        check_shape([tree] * 10, max_alias_nodes=100)


def test_a_number_past_the_digit_limit_is_refused_in_one_line() -> None:
    text = '[{"scope": "a.b", "n": ' + "9" * 5_000 + "}]"
    with pytest.raises(ExtractionError, match="unreadable JSON value"):
        extract_document(make_document(text.encode(), "https://a.example/s.json"))
    with pytest.raises(ShapeError):
        loads_json(text)


def test_a_lone_surrogate_is_dropped_from_descriptions_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "s.json"
    source.write_text('[{"scope": "a.b", "description": "Read \\ud800 it."}]')
    with pytest.raises(SystemExit) as info:
        main(["extract", str(source)])
    out, err = capsys.readouterr()
    assert info.value.code in (0, None) and "Traceback" not in out + err and "a.b" in out
    argv = [
        "build",
        "Example Ads",
        "--offline",
        "--source",
        str(source),
        "--contracts-dir",
        str(tmp_path / "c"),
        "--evidence-dir",
        str(tmp_path / "e"),
    ]
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert info.value.code in (0, None), err
    saved = next((tmp_path / "c").glob("*.json")).read_text(encoding="utf-8")
    assert re.search(r'"Read +it\."', saved) and "\\ud800" not in saved and "U+D800" in out


def test_deeply_indented_markdown_lines_cost_linear_time() -> None:
    from factory.extract.markdown_pre import preprocess_markdown

    text = "".join(" " * 20_000 + f"- item {i}\n" for i in range(5))  # 100 KB
    started = time.monotonic()
    preprocess_markdown(text)
    assert time.monotonic() - started < 2  # was ~12 s: two adjacent \s* backtracked


def test_a_line_of_unclosed_liquid_tags_costs_linear_time() -> None:
    from factory.extract.markdown import extract_markdown_text

    text = "{% include a.html content=x " * 2_000 + "\n{% capture y %}\n" * 2_000  # 60 KB
    started = time.monotonic()
    extract_markdown_text(text, source_url="https://a.example/l.md")
    assert time.monotonic() - started < 8  # was ~50 s: every tag scanned to the line's end


def test_deeply_nested_tables_are_bounded_with_a_warning() -> None:
    n = 1_500
    page = "<html><body>" + "<table><tr><td>" * n + "x" + "</td></tr></table>" * n
    page += "<h2>Scopes</h2><table><tr><th>Scope</th><th>Description</th></tr>"
    page += "<tr><td><code>ads.read</code></td><td>Read ads.</td></tr></table></body></html>"
    started = time.monotonic()
    result = extract_document(make_document(page.encode(), "https://a.example/t.html"))
    assert time.monotonic() - started < 10  # was 27 s: every table read all it held
    assert [s.scope_name for s in result.scopes] == ["ads.read"]
    assert any("nested more than" in w for w in result.warnings)


def test_component_props_bounded_like_every_document() -> None:
    from factory.extract.component_props import prop_entries

    assert prop_entries("Scopes", {"scopes": '{["a.read"]}'}) == [("a.read", None)]
    deep = "{" + "[" * 3_000 + "]" * 3_000 + "}"  # was a RecursionError out of extraction
    assert prop_entries("Scopes", {"scopes": deep}) == []
