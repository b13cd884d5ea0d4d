"""The curated provider catalog: validation, coverage, name resolution, clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from factory.errors import NamingError, ResearchError
from factory.models import Provider
from factory.research.catalog import (
    KNOWN_AUTH_METHODS,
    KNOWN_CHANNELS,
    KNOWN_FORMATS,
    CatalogError,
    catalog_entry,
    load_catalog,
    load_entries,
    registrable_domain,
    resolve_provider,
)

# Every provider heading of the research notes (provider-sources.md), by the name people type.
RESEARCH_PROVIDERS = [
    "TikTok",
    "TikTok API for Business",
    "Meta",
    "Instagram",
    "Google",
    "Google Ads",
    "YouTube",
    "LinkedIn",
    "X",
    "Twitter",
    "X Ads",
    "Snapchat",
    "Pinterest",
    "Reddit",
    "Microsoft Advertising",
    "Amazon Ads",
    "HubSpot",
    "Salesforce",
    "Shopify",
    "Mailchimp",
    "Klaviyo",
    "Stripe",
    "Slack",
    "Spotify",
    "Zoom",
    "Intercom",
    "Zendesk",
    "Notion",
    "Dropbox",
    "Twitch",
    "Discord",
    "Calendly",
    "Intuit QuickBooks",
    "Xero",
]
# Other common OAuth providers the catalog must carry.
COMMON_PROVIDERS = [
    "GitHub",
    "GitLab",
    "Box",
    "Atlassian",
    "Jira",
    "Asana",
    "Microsoft Graph",
    "Sentry",
    "Hugging Face",
    "Mastodon",
    "Azure DevOps",
    "Gitea",
]


def test_packaged_catalog_validates_and_has_at_least_40_providers() -> None:
    providers = load_catalog()
    assert len(providers) >= 40
    assert all(isinstance(p, Provider) and p.in_catalog for p in providers)
    assert len({p.slug for p in providers}) == len(providers)


@pytest.mark.parametrize("name", RESEARCH_PROVIDERS + COMMON_PROVIDERS)
def test_every_researched_and_common_provider_is_in_the_catalog(name: str) -> None:
    provider = resolve_provider(name)
    assert provider.in_catalog, name
    assert provider.official_domains, name
    assert provider.auth_methods, name


def test_every_entry_uses_known_values_and_registrable_domains() -> None:
    for entry in load_entries():
        assert set(entry.auth_methods) <= KNOWN_AUTH_METHODS, entry.display_name
        assert entry.utm_channel is None or entry.utm_channel in KNOWN_CHANNELS
        assert entry.facts_from, entry.display_name
        for domain in entry.official_domains:
            assert registrable_domain(domain) == domain, (entry.display_name, domain)
        for source in entry.sources:
            assert source.url.startswith("https://"), source.url
            assert source.format in KNOWN_FORMATS, source.url


def test_catalog_records_the_researched_facts() -> None:
    tiktok_ads = catalog_entry("TikTok Ads")
    meta = catalog_entry("Facebook")
    google_ads = catalog_entry("AdWords")
    assert tiktok_ads is not None and meta is not None and google_ads is not None
    assert dict(tiktok_ads.utm_macros)["utm_campaign"] == "__CAMPAIGN_NAME__"
    assert tiktok_ads.scopes_kind == "permission_groups"
    assert dict(meta.utm_macros)["utm_campaign"] == "{{campaign.name}}"
    assert dict(google_ads.utm_macros)["utm_campaign"] == "{campaignid}"
    assert google_ads.utm_channel == "cpc" and meta.utm_channel == "paid_social"
    assert resolve_provider("Google").scope_delimiter == " "
    assert resolve_provider("Slack").scope_delimiter == ","
    reddit = resolve_provider("Reddit")
    assert any(s.machine_readable and s.format == "json" for s in reddit.sources)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Mailchimp", "none"),
        ("Notion", "capabilities"),
        ("Zoom", "console"),
        ("Intercom", "labels"),
    ],
)
def test_hard_cases_are_marked_with_a_note(name: str, kind: str) -> None:
    entry = catalog_entry(name)
    assert entry is not None
    assert entry.scopes_kind == kind
    assert entry.notes


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("google ads", "google_ads"),
        ("Google-Ads", "google_ads"),
        ("googleads", "google_ads"),
        ("  GOOGLE   ADS ", "google_ads"),
        ("AdWords", "google_ads"),
        ("twitter", "x"),
        ("X (Twitter)", "x"),
        ("Bing Ads", "microsoft_advertising"),
        ("facebook", "meta"),
        ("jira", "atlassian"),
        ("QuickBooks", "intuit_quickbooks"),
        ("tiktok_for_business", "tiktok_for_business"),
    ],
)
def test_names_slugs_and_aliases_resolve(typed: str, slug: str) -> None:
    assert resolve_provider(typed).slug == slug


def test_unknown_provider_comes_from_the_naming_engine() -> None:
    provider = resolve_provider("Acme CRM")
    assert provider == Provider(display_name="Acme CRM", slug="acme_crm", platform="ACME_CRM")
    assert provider.in_catalog is False
    assert provider.official_domains == ()
    assert catalog_entry("Acme CRM") is None


def test_unusable_name_raises_naming_error() -> None:
    with pytest.raises(NamingError):
        resolve_provider("!!!")


def test_resolve_against_an_explicit_catalog() -> None:
    own = Provider("Widget Co", "widget_co", "WIDGET_CO", ("widget.example",), ("Widgets",))
    assert resolve_provider("widgets", catalog=(own,)) is own
    assert resolve_provider("TikTok", catalog=(own,)).in_catalog is False


def test_default_catalog_is_loaded_once() -> None:
    assert load_entries() is load_entries()


def test_entry_to_dict_is_json_ready_with_the_vault_key() -> None:
    entry = catalog_entry("Google Ads")
    assert entry is not None
    data = json.loads(json.dumps(entry.to_dict()))
    assert data["vault_key"] == "PROVIDER_GOOGLE_ADS_KEY"
    assert data["utm"]["macros"]["utm_term"] == "{keyword}"
    assert data["sources"][0]["verified"] is True


# ----------------------------------------------------------------------------- bad catalogs


def _good(name: str = "Acme") -> dict[str, Any]:
    return {
        "display_name": name,
        "aliases": [f"{name} API"],
        "official_domains": [f"{name.lower()}.com"],
        "sources": [
            {"url": f"https://docs.{name.lower()}.com/scopes", "label": "Scopes", "format": "html"}
        ],
        "auth_methods": ["oauth2"],
        "scope_delimiter": "space",
        "utm": {"channel": "cpc", "macros": {"utm_campaign": "{campaign}"}},
        "facts_from": [f"https://docs.{name.lower()}.com/scopes"],
    }


def _write(tmp_path: Path, providers: Any) -> Path:
    path = tmp_path / "providers.yaml"
    path.write_text(yaml.safe_dump({"providers": providers}), encoding="utf-8")
    return path


def test_a_minimal_valid_catalog_loads(tmp_path: Path) -> None:
    (entry,) = load_entries(_write(tmp_path, [_good()]))
    assert entry.provider.official_domains == ("acme.com",)
    assert entry.utm_macros == (("utm_campaign", "{campaign}"),)
    assert resolve_provider(
        "acme api", catalog=load_catalog(_write(tmp_path, [_good()]))
    ).in_catalog


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: p.pop("official_domains"), "Acme: field 'official_domains' is required"),
        (lambda p: p["sources"][0].update(format="pdf"), "'sources[0].format' has unknown format"),
        (lambda p: p["sources"][0].update(url="http://docs.acme.com/x"), "must be an https URL"),
        (lambda p: p.update(auth_methods=["magic"]), "unknown method 'magic'"),
        (lambda p: p["utm"].update(channel="tv"), "unknown GA4 medium 'tv'"),
        (lambda p: p["utm"]["macros"].update(utm_foo="{x}"), "unknown utm field 'utm_foo'"),
        (lambda p: p.update(official_domains=["docs.acme.com"]), "not a registrable domain"),
        (lambda p: p.update(official_domains=["co.uk"]), "not a registrable domain"),
        (lambda p: p.update(scope_delimiter="tab"), "must be space, comma or null"),
        (lambda p: p.update(facts_from=["acme.com/docs"]), "'facts_from' has 'acme.com/docs'"),
        (lambda p: p.update(display_name="!!!"), "field 'display_name' is unusable"),
    ],
)
def test_bad_provider_fields_give_a_clear_error(tmp_path: Path, change: Any, expected: str) -> None:
    provider = _good()
    change(provider)
    with pytest.raises(CatalogError) as info:
        load_entries(_write(tmp_path, [provider]))
    assert isinstance(info.value, ResearchError)
    assert expected in str(info.value)
    assert str(tmp_path / "providers.yaml") in str(info.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    first, second = _good("Acme"), _good("Bolt")
    first["auth_methods"] = ["magic"]
    second["sources"][0]["format"] = "pdf"
    with pytest.raises(CatalogError) as info:
        load_entries(_write(tmp_path, [first, second]))
    assert len(info.value.problems) == 2
    assert info.value.problems[0].startswith("Acme:")
    assert info.value.problems[1].startswith("Bolt:")


def test_an_alias_used_by_two_providers_is_refused(tmp_path: Path) -> None:
    first, second = _good("Acme"), _good("Bolt")
    second["aliases"] = ["acme"]
    with pytest.raises(CatalogError, match="'acme' is also used by Acme"):
        load_entries(_write(tmp_path, [first, second]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("providers: [unclosed", "not valid YAML"),
        ("providers: []", "non-empty 'providers' list"),
        ("- just a list", "non-empty 'providers' list"),
    ],
)
def test_malformed_files_give_a_clear_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "providers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=expected):
        load_entries(path)


def test_a_missing_file_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read the file"):
        load_entries(tmp_path / "absent.yaml")
