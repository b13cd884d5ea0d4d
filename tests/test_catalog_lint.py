"""Catalog sources with roles and proof: the offline lint, the audit's fixes, the build notes."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from factory.models import Document, ExtractionResult, Provider, ScopeRecord, SourceRef
from factory.research.catalog import (
    CatalogSource,
    catalog_entry,
    catalog_source_notes,
    load_entries,
)
from factory.research.catalog_check import check_sources
from factory.research.catalog_lint import lint_catalog
from factory.research.fetch import FetchOutcome, FetchRequest

TODAY = dt.date(2026, 12, 7)
PROOF = {"verified_by": "page-copy", "verified_at": "2026-12-07", "evidence": "copy seen"}


def _entry(name: str = "Acme", **changes: Any) -> dict[str, Any]:
    host = f"docs.{name.lower()}.com"
    entry: dict[str, Any] = {
        "display_name": name,
        "official_domains": [f"{name.lower()}.com"],
        "sources": [
            {"url": f"https://{host}/scopes", "format": "html", "role": "scope-list", **PROOF},
            {"url": f"https://{host}/oauth", "format": "html", "role": "auth-guide", **PROOF},
        ],
        "auth_methods": ["oauth2"],
        "scope_delimiter": "space",
        "facts_from": [f"https://{host}/scopes"],
    }
    entry.update(changes)
    return entry


def _lint(tmp_path: Path, *entries: dict[str, Any]) -> list[str]:
    path = tmp_path / "providers.yaml"
    path.write_text(yaml.safe_dump({"providers": list(entries)}), encoding="utf-8")
    return list(lint_catalog(path, today=TODAY).errors)


# ------------------------------------------------------------------------ the packaged catalog


def test_the_packaged_catalog_lints_clean_with_100_providers_and_90_percent_proof() -> None:
    report = lint_catalog()
    assert report.errors == ()
    assert report.providers >= 100
    assert report.proven / report.sources >= 0.9
    assert len(report.unverified) == report.sources - report.proven
    assert dict(report.roles)["scope-list"] > 0 and dict(report.roles)["machine-readable"] > 0


def _urls(name: str, role: str | None = None) -> list[str]:
    entry = catalog_entry(name)
    assert entry is not None, name
    return [s.url for s in entry.sources if role is None or s.role == role]


def test_the_audit_findings_are_fixed() -> None:
    youtube = _urls("YouTube")
    assert "https://developers.google.com/youtube/v3/guides/authentication" in youtube
    assert not any("/youtube/data/guides/" in u for u in youtube)
    assert all("/resources/fundamentals/" not in u for u in _urls("X"))
    assert "https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code" in _urls(
        "X", "scope-list"
    )
    assert _urls("Slack", "scope-list") == ["https://docs.slack.dev/reference/scopes"]
    assert _urls("Slack", "legacy") == ["https://api.slack.com/scopes"]
    meta = _urls("Meta")
    assert not any("business-login/faq" in u for u in meta)
    assert any("facebook-login-for-business" in u for u in meta)
    assert _urls("X Ads", "scope-list") == [] and _urls("X Ads", "auth-guide")
    assert _urls("Mailchimp", "scope-list") == []
    overview = "https://developers.snap.com/snap-kit/login-kit/overview"
    assert overview in _urls("Snapchat", "auth-guide")
    assert any("login-kit/Tutorials/web" in u for u in _urls("Snapchat", "scope-list"))
    assert any("sign-in-with-linkedin-v2" in u for u in _urls("LinkedIn", "scope-list"))
    assert any("account-access-controls" in u for u in _urls("LinkedIn"))
    assert any("create_a_public_oauth_app" in u for u in _urls("Klaviyo"))
    assert not any("/en/v20" in u for u in _urls("Klaviyo"))
    assert _urls("Zendesk", "scope-list")
    assert any("onboarding/assign-api-access" in u for u in _urls("Amazon Ads", "scope-list"))


def test_a_source_is_verified_only_with_its_proof() -> None:
    assert not CatalogSource("https://a.example/x", role="scope-list").verified
    assert not CatalogSource("https://a.example/x", verified_by="page-copy").verified
    proven = CatalogSource("https://a.example/x", role="scope-list", **PROOF)
    assert proven.verified
    data = proven.to_dict()
    assert data["role"] == "scope-list" and data["verified_by"] == "page-copy"
    assert data["verified"] is True and data["evidence"] == "copy seen"


def test_the_provider_lists_scope_sources_first_and_carries_role_and_proof(tmp_path: Path) -> None:
    entry = _entry()
    entry["sources"].reverse()  # the guide first in the file
    entry["sources"][0].pop("verified_by")
    entry["sources"][0].pop("verified_at")
    path = tmp_path / "providers.yaml"
    path.write_text(yaml.safe_dump({"providers": [entry]}), encoding="utf-8")
    (loaded,) = load_entries(path)
    refs = loaded.provider.sources
    assert [r.role for r in refs] == ["scope-list", "auth-guide"]
    assert [r.verified for r in refs] == [True, False]


# ----------------------------------------------------------------------------- the lint's rules


def test_a_sound_entry_lints_clean(tmp_path: Path) -> None:
    assert _lint(tmp_path, _entry()) == []


def _source(index: int, **changes: Any) -> Any:
    def change(entry: dict[str, Any]) -> None:
        entry["sources"][index].update(changes)
        for key, value in changes.items():
            if value is None:
                entry["sources"][index].pop(key)

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_source(0, role=None), "'sources[0]' needs a role"),
        (_source(0, role="machine-readable"), "role 'machine-readable' but machine_readable"),
        (_source(0, verified_at=None), "needs both verified_by and verified_at"),
        (_source(0, verified_at="2027-01-01"), "verified_at 2027-01-01 in the future"),
        (_source(0, verified_at="last week"), "expected YYYY-MM-DD"),
        (_source(0, verified_by="official-repo", evidence=""), "name it as evidence"),
        (_source(0, url="https://elsewhere.example/scopes"), "not on an official domain"),
        (_source(0, verified=True), "'sources[0].verified' is derived from verified_by"),
        (_source(1, url="https://docs.acme.com/scopes"), "repeats https://docs.acme.com/scopes"),
        (
            _source(0, verified_by=None, verified_at=None, evidence=None),
            "Acme: needs a proven 'scope-list' or 'machine-readable' source",
        ),
    ],
)
def test_the_lint_names_each_broken_rule(tmp_path: Path, change: Any, expected: str) -> None:
    entry = _entry()
    change(entry)
    errors = _lint(tmp_path, entry)
    assert any(expected in e for e in errors), errors


def test_a_repository_file_is_official_when_its_evidence_names_the_repository(
    tmp_path: Path,
) -> None:
    spec = "https://raw.githubusercontent.com/acme/acme-openapi/HEAD/openapi.json"
    good = {"url": spec, "format": "openapi", "machine_readable": True, "role": "machine-readable",
            "verified_by": "official-repo", "verified_at": "2026-12-07",
            "evidence": "acme/acme-openapi openapi.json"}  # fmt: skip
    assert _lint(tmp_path, _entry(sources=[good])) == []
    bad = {**good, "evidence": "someone/else openapi.json"}
    assert any("not on an official domain" in e for e in _lint(tmp_path, _entry(sources=[bad])))


def test_a_provider_without_scopes_is_proven_by_its_auth_guide(tmp_path: Path) -> None:
    entry = _entry(scopes_kind="none", auth_methods=["api_key"], scope_delimiter=None)
    entry["sources"] = entry["sources"][1:]  # the auth guide only
    assert _lint(tmp_path, entry) == []
    strings = _entry()
    strings["sources"] = strings["sources"][1:]
    assert any("needs a proven 'scope-list'" in e for e in _lint(tmp_path, strings))


def test_an_unverified_source_is_a_warning_not_an_error(tmp_path: Path) -> None:
    entry = _entry()
    entry["sources"].append({"url": "https://docs.acme.com/legacy", "format": "html",
                             "role": "legacy"})  # fmt: skip
    path = tmp_path / "providers.yaml"
    path.write_text(yaml.safe_dump({"providers": [entry]}), encoding="utf-8")
    report = lint_catalog(path, today=TODAY)
    assert report.ok and report.proven == 2
    assert report.unverified == ("Acme: https://docs.acme.com/legacy",)
    assert dict(report.roles) == {"scope-list": 1, "auth-guide": 1, "legacy": 1}


def test_a_catalog_that_does_not_load_is_reported_not_raised(tmp_path: Path) -> None:
    errors = _lint(tmp_path, _entry(auth_methods=["magic"]))
    assert errors == ["Acme: field 'auth_methods' has unknown method 'magic'"]


# ------------------------------------------------------------------ the build and the live check


def _scope(url: str) -> ScopeRecord:
    return ScopeRecord("acme.read", "Read", source_url=url)


def test_the_build_notes_unverified_sources_and_scope_lists_without_scopes() -> None:
    provider = Provider("Acme", "acme", "ACME", sources=(
        SourceRef("https://a.test/list", role="scope-list", verified=True),
        SourceRef("https://a.test/stale", role="scope-list", verified=True),
        SourceRef("https://a.test/guide", role="auth-guide", verified=False),
        SourceRef("https://a.test/hand", role="", verified=None),
    ))  # fmt: skip
    results = [
        ExtractionResult("https://a.test/list", "html", scopes=(_scope("https://a.test/list"),)),
        ExtractionResult("https://a.test/stale", "html"),
        ExtractionResult("https://a.test/guide", "html"),
        ExtractionResult("https://a.test/hand", "html"),
        ExtractionResult("https://a.test/found-by-search", "html"),
    ]
    assert catalog_source_notes(provider, results) == [
        "catalog scope-list source yielded no scopes (moved or changed? run providers "
        "--check): https://a.test/stale",
        "catalog source used without proof (unverified): https://a.test/guide",
    ]


def _doc(url: str, body: str) -> Document:
    raw = body.encode()
    return Document(url, url, 200, "text/html", hashlib.sha256(raw).hexdigest(), raw,
                    "2026-12-07T00:00:00Z")  # fmt: skip


def test_the_live_check_expects_no_scopes_from_an_auth_guide(tmp_path: Path) -> None:
    entry = _entry()
    path = tmp_path / "providers.yaml"
    path.write_text(yaml.safe_dump({"providers": [entry]}), encoding="utf-8")
    page = "<html><body><h1>Sign in</h1><p>Send users to the authorize URL.</p></body></html>"

    def fetch(requests: Sequence[FetchRequest]) -> FetchOutcome:
        return FetchOutcome(documents=tuple(_doc(r.url, page) for r in requests))

    checks = check_sources(load_entries(path), fetch=fetch)
    assert [(c.url.rsplit("/", 1)[-1], c.verdict) for c in checks] == [
        ("scopes", "scope-less"),
        ("oauth", "ok"),
    ]
    assert "auth-guide" in checks[1].detail
