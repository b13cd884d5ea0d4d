"""The laws validator: every problem, each with a JSON path; never raises on bad input."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from factory.contract.templates import load_template
from factory.contract.validate import is_gating_key, json_path, validate_contract
from factory.errors import Problem

FIXTURES = Path(__file__).parent / "fixtures" / "contracts"
CASES = sorted(p.name.removesuffix(".problems.json") for p in FIXTURES.glob("*.problems.json"))


def load(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def paths(problems: list[Problem]) -> set[str]:
    return {p.path for p in problems}


@pytest.fixture
def valid() -> dict[str, Any]:
    contract: dict[str, Any] = load("valid_example_ads")
    return contract


@pytest.mark.parametrize("case", CASES)
def test_fixture_cases(case: str) -> None:
    expected = json.loads((FIXTURES / f"{case}.problems.json").read_text())
    problems = validate_contract(load(case))
    assert set(expected) <= paths(problems)
    assert bool(expected) == bool(problems)
    assert all(p.message for p in problems)


def test_fixture_set_covers_the_issue_cases() -> None:
    assert {
        "extra_key",
        "risk_level_anywhere",
        "firearm_set",
        "wrong_vault_key",
        "approved",
    } <= set(CASES)


def test_every_problem_is_reported_not_just_the_first(valid: dict[str, Any]) -> None:
    bad = copy.deepcopy(valid)
    bad["status"] = "approved"
    bad["sections"]["byok"]["vault_key_name"] = "PROVIDER_WRONG_KEY"
    bad["sections"]["scopes"]["scopes"][0]["requires_firearm"] = True
    bad["sections"]["scopes"]["scopes"][1]["danger_level"] = 2
    bad["extra"] = 1
    found = paths(validate_contract(bad))
    assert {
        "$.status",
        "$.sections.byok.vault_key_name",
        "$.sections.scopes.scopes[0].requires_firearm",
        "$.sections.scopes.scopes[1].danger_level",
        "$.extra",
    } <= found


@pytest.mark.parametrize("value", [None, [], "contract", 42, 3.5, True, [{"status": "draft"}]])
def test_malformed_input_gives_problems_not_exceptions(value: object) -> None:
    problems = validate_contract(value)
    assert problems
    assert any(p.path == "$" for p in problems)


def test_wrong_types_inside_do_not_raise(valid: dict[str, Any]) -> None:
    bad = copy.deepcopy(valid)
    bad["sections"]["scopes"]["scopes"] = [None, "x", {"scope_name": 5}]
    bad["sections"]["byok"] = []
    bad["display_name"] = 7
    problems = validate_contract(bad)
    assert "$.sections.byok" in paths(problems)
    assert "$.sections.scopes.scopes[0]" in paths(problems)


def test_firearm_type_id_must_be_empty(valid: dict[str, Any]) -> None:
    valid["sections"]["scopes"]["scopes"][0]["firearm_type_id"] = "ft_1"
    valid["sections"]["scopes"]["scopes"][1]["requires_firearm"] = "false"
    found = paths(validate_contract(valid))
    assert "$.sections.scopes.scopes[0].firearm_type_id" in found
    assert "$.sections.scopes.scopes[1].requires_firearm" in found


@pytest.mark.parametrize(
    "key",
    [
        "risk_level",
        "riskScore",
        "danger",
        "danger_level",
        "severity",
        "sensitivity_level",
        "allowlist",
        "allow_list",
        "deny-list",
        "blocklist",
        "whitelist",
        "blacklist",
        "gate",
        "gating",
        "approval_level",
        "accessLevel",
        "threat_model",
        "allowed_scopes",
    ],
)
def test_gating_keys_are_flagged(key: str) -> None:
    assert is_gating_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "approved",
        "aggregate",
        "delegated",
        "navigate",
        "scope_type",
        "requires_firearm",
        "firearm_type_id",
        "daily_limit",
        "mappings",
        "credential_fields",
        "description",
    ],
)
def test_ordinary_keys_are_not_gating(key: str) -> None:
    assert not is_gating_key(key)


def test_gating_key_at_any_depth(valid: dict[str, Any]) -> None:
    valid["sections"]["kpi_mappings"]["mappings"] = [{"kpi": "cpc", "meta": {"riskTier": 1}}]
    found = paths(validate_contract(valid))
    assert "$.sections.kpi_mappings.mappings[0].meta.riskTier" in found


def test_approved_in_kpi_and_budgets_is_not_gating(valid: dict[str, Any]) -> None:
    assert validate_contract(valid) == []
    assert valid["sections"]["kpi_mappings"]["approved"] is False
    assert valid["sections"]["budgets"]["approved"] is False


def test_status_draft_only_for_factory_output(valid: dict[str, Any]) -> None:
    valid["status"] = "approved"
    assert "$.status" in paths(validate_contract(valid))
    assert validate_contract(valid, factory_output=False) == []


def test_factory_output_keeps_template_values(valid: dict[str, Any]) -> None:
    valid["sections"]["budgets"]["daily_limit"] = 100
    valid["contract_version"] = "2.0"
    found = paths(validate_contract(valid))
    assert {"$.sections.budgets.daily_limit", "$.contract_version"} <= found
    assert validate_contract(valid, factory_output=False) == []


def test_display_name_unusable(valid: dict[str, Any]) -> None:
    valid["display_name"] = "!!!"
    assert "$.display_name" in paths(validate_contract(valid))


def test_unknown_scope_type_without_schema(valid: dict[str, Any]) -> None:
    template = load_template()
    valid["sections"]["scopes"]["scopes"][0]["scope_type"] = "critical"
    problems = validate_contract(valid, template=template)
    assert [p.path for p in problems] == ["$.sections.scopes.scopes[0].scope_type"]


def test_user_template_structure_is_the_check() -> None:
    template = load_template()
    template["region"] = ""
    contract = copy.deepcopy(load("valid_example_ads"))
    assert "$.region" in paths(validate_contract(contract, template=template))
    contract["region"] = ""
    assert validate_contract(contract, template=template) == []


def test_a_broken_schema_is_a_problem_not_a_crash(valid: dict[str, Any]) -> None:
    problems = validate_contract(valid, schema={"type": "no-such-type"})
    assert any("schema itself is invalid" in p.message for p in problems)
    problems = validate_contract(valid, schema={"$ref": "#/$defs/missing"})
    assert any("schema itself is invalid" in p.message for p in problems)


def test_json_path_format() -> None:
    assert json_path(("sections", "scopes", "scopes", 3, "requires_firearm")) == (
        "$.sections.scopes.scopes[3].requires_firearm"
    )
    assert json_path(("weird key",)) == "$['weird key']"
