"""The report: every scope verbatim, the exact absolute path, the sources; text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from factory.contract.builder import build_contract
from factory.contract.naming import provider_names
from factory.contract.store import ContractChanges
from factory.evidence.report import build_report
from factory.models import Provider, ScopeRecord

URL_V2 = "https://developers.example.com/oauth/scopes"
URL_V1 = "https://developers.example.com/oauth/scopes/v1"

RECORDS = [
    ScopeRecord("campaigns.read", "Read campaigns  and ads.", "current", None, "Scopes", URL_V2),
    ScopeRecord("ads_management", "Manage everything.", "legacy", None, "Legacy (v1)", URL_V1),
    ScopeRecord("campaigns.read", "Read campaigns (v1 wording).", "legacy", None, "Legacy", URL_V1),
    ScopeRecord("openid", None),
]


def contract() -> dict[str, object]:
    names = provider_names("Example Ads")
    return build_contract(Provider(names.display_name, names.slug, names.platform), RECORDS)


def test_report_fields(tmp_path: Path) -> None:
    report = build_report(
        contract(), tmp_path / "X.json", RECORDS, sources=[URL_V2], auth_method="oauth2"
    )
    assert report.provider == "Example Ads"
    assert report.platform == "EXAMPLE_ADS"
    assert Path(report.contract_path).is_absolute()
    assert report.sources == (URL_V2, URL_V1)
    assert [s["name"] for s in report.scopes] == ["campaigns.read", "ads_management", "openid"]
    first = report.scopes[0]
    assert first["description"] == "Read campaigns  and ads."  # verbatim, first record wins
    assert first["version"] == "current | legacy"
    assert first["section"] == "Scopes | Legacy"
    assert first["source_url"] == URL_V2
    assert report.scopes[2] == {
        "name": "openid",
        "type": "identity",
        "description": "",
        "version": None,
        "section": None,
        "source_url": None,
    }


def test_report_json_shape(tmp_path: Path) -> None:
    changes = ContractChanges(added=("openid",), removed=("old",), changed=())
    report = build_report(
        contract(), tmp_path / "X.json", RECORDS, auth_method="oauth2", changes=changes
    )
    data = json.loads(json.dumps(report.to_dict()))
    assert list(data) == [
        "contract_path",
        "provider",
        "platform",
        "auth_method",
        "scopes",
        "sources",
        "notes",
        "changes",
    ]
    assert data["contract_path"] == str((tmp_path / "X.json").resolve())
    assert data["changes"] == {
        "added": ["openid"],
        "removed": ["old"],
        "changed": [],
        "replaced": [],
    }
    assert len(data["scopes"]) == 3


def test_report_text_has_everything_verbatim(tmp_path: Path) -> None:
    changes = ContractChanges(added=("openid",), removed=(), changed=("campaigns.read",))
    report = build_report(
        contract(), tmp_path / "X.json", RECORDS, auth_method="oauth2", changes=changes
    )
    text = report.to_text()
    assert str((tmp_path / "X.json").resolve()) in text
    for record in RECORDS:
        assert record.scope_name in text
    assert "Read campaigns  and ads." in text
    assert "Manage everything." in text
    assert "[admin]" in text and "[read]" in text and "[identity]" in text
    assert URL_V1 in text and URL_V2 in text
    assert "version: current | legacy" in text
    assert "1 added, 0 removed, 1 changed" in text
    assert text.endswith("\n")


def test_api_key_only_report_says_so(tmp_path: Path) -> None:
    names = provider_names("Example Keys")
    empty = build_contract(
        Provider(names.display_name, names.slug, names.platform), [], auth_method="api_key"
    )
    note = "No OAuth scopes: this provider uses api_key, documented at https://example.com/auth"
    report = build_report(
        empty, tmp_path / "K.json", [], auth_method="api_key", notes=[note], sources=()
    )
    text = report.to_text()
    assert "Scopes (0):" in text and "(none)" in text
    assert note in text
    assert report.to_dict()["notes"] == [note]
    assert report.to_dict()["changes"] is None


def test_report_round_trips_through_its_dict() -> None:
    from factory.contract.store import ContractChanges
    from factory.evidence.report import Report

    report = Report(
        provider="Acme",
        platform="ACME",
        contract_path="/x/ACME_CONNECTOR_CONTRACT.json",
        auth_method="oauth2",
        scopes=({"name": "a.read", "type": "read", "description": "Read A", "version": None,
                 "section": "Scopes", "source_url": "https://a.test/s"},),
        sources=("https://a.test/s",),
        notes=("a note",),
        changes=ContractChanges(added=("a.read",)),
    )  # fmt: skip
    again = Report.from_dict(report.to_dict())
    assert again == report
    assert again.to_text() == report.to_text()
