"""The builder: a template copy with only the five fill paths filled, never a new key."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from factory.contract.builder import (
    CREDENTIAL_FIELDS,
    KNOWN_AUTH_METHODS,
    build_contract,
    load_scope_records,
)
from factory.contract.naming import provider_names
from factory.contract.templates import load_template
from factory.contract.validate import validate_contract
from factory.errors import ContractError, ExtractionError, NamingError, TemplateError
from factory.models import Provider, ScopeRecord

TEMPLATES = Path(__file__).parent / "fixtures" / "templates"
EXAMPLES = Path(__file__).parents[1] / "examples" / "scopes"


def provider(name: str = "TikTok", **extra: Any) -> Provider:
    names = provider_names(name)
    return Provider(names.display_name, names.slug, names.platform, **extra)


RECORDS = [
    ScopeRecord(
        "user.info.basic", "Read a user's profile info (open id, avatar, display name ...)"
    ),
    ScopeRecord("video.upload", "Share videos to the creator's account as drafts", "current"),
    ScopeRecord("user.info.basic", "A later, less authoritative description", "legacy"),
    ScopeRecord("video.list", None),
]


def leaves(node: object, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], object]:
    if isinstance(node, dict) and node:
        out: dict[tuple[str, ...], object] = {}
        for key, value in node.items():
            out.update(leaves(value, (*path, key)))
        return out
    return {path: node}


def keys(node: object, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    if isinstance(node, dict):
        found = {path}
        for key, value in node.items():
            found |= keys(value, (*path, key))
        return found
    return {path}


def test_fills_only_the_five_paths() -> None:
    template = load_template()
    contract = build_contract(provider(), RECORDS)
    fill_prefixes = [
        ("provider_slug",),
        ("display_name",),
        ("sections", "scopes", "scopes"),
        ("sections", "utm", "schema"),
        ("sections", "byok"),
    ]
    changed = [
        path
        for path, value in leaves(template).items()
        if leaves(contract).get(path, object()) != value
    ]
    assert changed
    assert all(any(p[: len(f)] == f for f in fill_prefixes) for p in changed)
    assert contract["status"] == "draft"
    assert contract["sections"]["kpi_mappings"] == {"approved": False, "mappings": []}
    assert contract["sections"]["budgets"] == template["sections"]["budgets"]


def test_template_is_not_modified() -> None:
    template = load_template()
    before = copy.deepcopy(template)
    build_contract(provider(), RECORDS, template=template)
    assert template == before


def test_names_come_from_the_naming_engine() -> None:
    contract = build_contract(provider("Google Ads"), [])
    assert contract["provider_slug"] == "google_ads"
    assert contract["display_name"] == "Google Ads"
    byok = contract["sections"]["byok"]
    assert byok["platform"] == "GOOGLE_ADS"
    assert byok["vault_key_name"] == "PROVIDER_GOOGLE_ADS_KEY"


def test_scope_entries_verbatim_first_wins_stable_order() -> None:
    scopes = build_contract(provider(), RECORDS)["sections"]["scopes"]["scopes"]
    assert [s["scope_name"] for s in scopes] == ["user.info.basic", "video.upload", "video.list"]
    assert scopes[0]["description"] == RECORDS[0].description
    assert scopes[2]["description"] == ""
    assert [s["scope_type"] for s in scopes] == ["identity", "write", "read"]
    for scope in scopes:
        assert list(scope) == [
            "scope_name",
            "scope_type",
            "description",
            "requires_firearm",
            "firearm_type_id",
        ]
        assert scope["requires_firearm"] is False
        assert scope["firearm_type_id"] == ""


def test_whitespace_and_unicode_kept_verbatim() -> None:
    text = "Lire  les données — « campagnes »\u00a0"
    scopes = build_contract(provider(), [ScopeRecord("ads:read", text)])["sections"]["scopes"]
    assert scopes["scopes"][0]["description"] == text


def test_type_overrides_and_exclusions() -> None:
    contract = build_contract(
        provider(),
        RECORDS,
        type_overrides={"video.upload": "admin"},
        excluded={"video.list"},
    )
    scopes = contract["sections"]["scopes"]["scopes"]
    assert [(s["scope_name"], s["scope_type"]) for s in scopes] == [
        ("user.info.basic", "identity"),
        ("video.upload", "admin"),
    ]


def test_bad_type_override_is_refused() -> None:
    with pytest.raises(ContractError, match="scope type"):
        build_contract(provider(), RECORDS, type_overrides={"video.upload": "dangerous"})


def test_utm_defaults_without_catalog_facts() -> None:
    schema = build_contract(provider(), [])["sections"]["utm"]["schema"]
    assert {k: v["value"] for k, v in schema.items()} == {
        "utm_source": "tiktok",
        "utm_medium": "referral",
        "utm_campaign": "{campaign}",
        "utm_content": "{content}",
        "utm_term": "{term}",
    }
    assert {k: v["required"] for k, v in schema.items()} == {
        "utm_source": True,
        "utm_medium": True,
        "utm_campaign": True,
        "utm_content": False,
        "utm_term": False,
    }


def test_utm_uses_channel_and_provider_macros() -> None:
    tiktok = provider(
        utm_channel="paid_social",
        utm_macros=(("utm_campaign", "__CAMPAIGN_NAME__"), ("utm_content", "__CID_NAME__")),
    )
    schema = build_contract(tiktok, [])["sections"]["utm"]["schema"]
    assert schema["utm_medium"]["value"] == "paid_social"
    assert schema["utm_campaign"]["value"] == "__CAMPAIGN_NAME__"
    assert schema["utm_content"]["value"] == "__CID_NAME__"
    assert schema["utm_term"]["value"] == "{term}"


def test_unknown_channel_falls_back_to_referral() -> None:
    schema = build_contract(provider(utm_channel="telepathy"), [])["sections"]["utm"]["schema"]
    assert schema["utm_medium"]["value"] == "referral"


@pytest.mark.parametrize("method", KNOWN_AUTH_METHODS)
def test_byok_by_auth_method(method: str) -> None:
    byok = build_contract(provider(), [], auth_method=method)["sections"]["byok"]
    assert byok["supported"] is True
    assert byok["auth_method"] == method
    assert byok["credential_fields"] == list(CREDENTIAL_FIELDS[method])


def test_byok_credential_fields_are_names_not_secrets() -> None:
    assert CREDENTIAL_FIELDS["oauth2"] == ("client_id", "client_secret")
    assert CREDENTIAL_FIELDS["api_key"] == ("api_key",)
    assert CREDENTIAL_FIELDS["basic"] == ("username", "password")
    byok = build_contract(provider(), [], auth_method="api_key")["sections"]["byok"]
    assert set(byok) == set(load_template()["sections"]["byok"])


def test_unknown_auth_method_is_a_contract_error() -> None:
    with pytest.raises(ContractError, match="unknown auth method 'carrier_pigeon'"):
        build_contract(provider(), [], auth_method="carrier_pigeon")


def test_output_validates() -> None:
    contract = build_contract(provider("Monday.com"), RECORDS, auth_method="oauth2")
    assert validate_contract(contract) == []


def test_user_template_extra_keys_kept_and_no_key_added() -> None:
    template = load_template(TEMPLATES / "extra_keys.json")
    contract = build_contract(provider(), RECORDS, template=template)
    assert contract["product_area"] == "ads"
    assert contract["sections"]["byok"]["region"] == "eu"
    scope_keys = {("sections", "scopes", "scopes")}
    assert keys(contract) - keys(template) - scope_keys == set()
    assert keys(template) <= keys(contract)
    assert validate_contract(contract, template=template) == []


def test_user_template_lacking_fill_path_is_named() -> None:
    template = load_template()
    del template["sections"]["byok"]
    with pytest.raises(TemplateError, match=r"sections\.byok"):
        build_contract(provider(), RECORDS, template=template)


def test_user_template_without_a_utm_field_gets_none_added() -> None:
    template = load_template()
    del template["sections"]["utm"]["schema"]["utm_term"]
    schema = build_contract(provider(), [], template=template)["sections"]["utm"]["schema"]
    assert "utm_term" not in schema


def test_unusable_provider_name() -> None:
    with pytest.raises(NamingError):
        build_contract(Provider("!!!", "x", "X"), [])


def test_load_example_scopes() -> None:
    records = load_scope_records(EXAMPLES / "example_ads.json")
    assert len(records) >= 6
    assert {r.version for r in records} >= {"current", "deprecated"}
    assert all(r.source_url == "https://ads.example.com/docs/oauth/scopes" for r in records)
    assert load_scope_records(EXAMPLES / "example_api_key_only.json") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"scope_name": "a"}', "expected a JSON list"),
        ('["openid"]', "item 0 is the plain name 'openid', not an object"),
        ("[1]", "item 0 is not an object"),
        ('[{"description": "no name"}]', "item 0 has no scope_name"),
        ('[{"scope_name": "a"}, {"scope_name": "  "}]', "item 1 has no scope_name"),
        ('[{"scope_name": "a", "risk": "high"}]', "unknown key(s): risk"),
        ('[{"scope_name": "a", "description": 3}]', "description must be a string"),
    ],
)
def test_bad_scopes_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "scopes.json"
    path.write_text(content)
    with pytest.raises(ExtractionError) as info:
        load_scope_records(path)
    assert message in str(info.value)


def test_missing_scopes_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="file not found"):
        load_scope_records(tmp_path / "nope.json")


def test_scopes_file_record_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "scopes.json"
    path.write_text(json.dumps([r.to_dict() for r in RECORDS]))
    assert load_scope_records(path) == RECORDS
