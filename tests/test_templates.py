"""Loading the contract template and its schema: defaults, user templates, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from factory.contract import templates
from factory.contract.templates import FILL_PATHS, load_schema, load_template, missing_fill_paths
from factory.errors import TemplateError

FIXTURES = Path(__file__).parent / "fixtures" / "templates"
REPO_TEMPLATES = Path(__file__).parents[1] / "templates"


def test_default_template_is_the_repository_file() -> None:
    on_disk = json.loads((REPO_TEMPLATES / "CONNECTOR_CONTRACT_TEMPLATE.json").read_text())
    assert load_template() == on_disk
    assert load_template()["status"] == "draft"


def test_each_call_returns_a_fresh_object() -> None:
    first = load_template()
    first["status"] = "approved"
    assert load_template()["status"] == "draft"


def test_default_schema_is_valid_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_forbids_additional_properties_everywhere() -> None:
    def objects(node: object) -> list[dict[str, object]]:
        found: list[dict[str, object]] = []
        if isinstance(node, dict):
            if node.get("type") == "object":
                found.append(node)
            for value in node.values():
                found.extend(objects(value))
        return found

    every = objects(load_schema())
    assert len(every) >= 10
    assert all(obj.get("additionalProperties") is False for obj in every)


def test_schema_scope_item_has_exactly_the_five_keys() -> None:
    scope = load_schema()["$defs"]["scope"]
    assert sorted(scope["required"]) == sorted(scope["properties"])
    assert set(scope["properties"]) == {
        "scope_name",
        "scope_type",
        "description",
        "requires_firearm",
        "firearm_type_id",
    }
    assert scope["properties"]["scope_type"]["enum"] == [
        "identity",
        "read",
        "write",
        "admin",
        "other",
    ]


def test_schema_status_is_draft_or_approved() -> None:
    assert load_schema()["properties"]["status"]["enum"] == ["draft", "approved"]


def test_every_fill_path_exists_in_the_default_template() -> None:
    assert missing_fill_paths(load_template()) == []
    assert len(FILL_PATHS) == 5


def test_missing_fill_path_is_named() -> None:
    with pytest.raises(TemplateError) as info:
        load_template(FIXTURES / "missing_fill_paths.json")
    message = str(info.value)
    assert "sections.byok" in message
    assert "sections.utm.schema" in message
    assert "missing_fill_paths.json" in message


def test_user_template_with_extra_keys_loads() -> None:
    template = load_template(FIXTURES / "extra_keys.json")
    assert template["product_area"] == "ads"
    assert template["sections"]["byok"]["region"] == "eu"


@pytest.mark.parametrize("name", ["not_json.json", "list.json", "does_not_exist.json"])
def test_unusable_template_file_is_a_template_error(name: str) -> None:
    with pytest.raises(TemplateError) as info:
        load_template(FIXTURES / name)
    assert name in str(info.value)


def test_template_with_wrong_fill_type_is_refused(tmp_path: Path) -> None:
    template = load_template()
    template["sections"]["scopes"]["scopes"] = {}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(template))
    with pytest.raises(TemplateError, match=r"sections\.scopes\.scopes \(must be a JSON list\)"):
        load_template(path)


def test_schema_not_json_or_invalid_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="not valid JSON"):
        load_schema(FIXTURES / "not_json.json")
    bad = tmp_path / "bad.schema.json"
    bad.write_text(json.dumps({"type": "no-such-type"}))
    with pytest.raises(TemplateError, match="not a valid JSON Schema"):
        load_schema(bad)


def test_installed_package_falls_back_to_package_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A wheel has no repository templates/ folder; hatch force-includes it as factory/_templates.
    package_copy = tmp_path / "_templates"
    package_copy.mkdir()
    for name in (templates.TEMPLATE_FILENAME, templates.SCHEMA_FILENAME):
        (package_copy / name).write_bytes((REPO_TEMPLATES / name).read_bytes())
    monkeypatch.setattr(templates, "_REPO_TEMPLATES", tmp_path / "no-such-folder")
    monkeypatch.setattr(templates, "_PACKAGE_TEMPLATES", package_copy)
    assert templates.default_templates_dir() == package_copy
    assert load_template() == json.loads((REPO_TEMPLATES / templates.TEMPLATE_FILENAME).read_text())
    assert load_schema()["$defs"]["scope"]["additionalProperties"] is False
