"""OIDC discovery documents (``.well-known/openid-configuration``): ``scopes_supported``.

The document lists scope names only, so every description is None. The issuer (and the
authorization endpoint) are the evidence that the provider speaks OAuth 2 / OpenID Connect.
"""

from __future__ import annotations

from factory.errors import ExtractionError
from factory.extract.detect import parse_structured
from factory.extract.registry import register
from factory.models import AuthFinding, Document, ExtractionResult, ScopeRecord


@register("oidc")
def extract_oidc(doc: Document) -> ExtractionResult:
    """Scopes (``scopes_supported``) and the OAuth2/OIDC finding of an OIDC discovery document.

    Raises:
        ExtractionError: unparseable input or a JSON value that is not an object.
    """
    url = doc.final_url or doc.url
    data = parse_structured(doc)
    if not isinstance(data, dict):
        raise ExtractionError(url, "not an OIDC discovery document (not a JSON object)")
    warnings: list[str] = []
    supported = data.get("scopes_supported")
    if not isinstance(supported, list):
        warnings.append("no scopes_supported list in the OIDC discovery document")
        supported = []
    records: list[ScopeRecord] = []
    seen: set[str] = set()
    for index, scope in enumerate(supported):
        if not isinstance(scope, str) or not scope.strip():
            warnings.append(f"scopes_supported[{index}] is not a scope name: {scope!r}")
            continue
        if scope in seen:
            continue
        seen.add(scope)
        records.append(
            ScopeRecord(
                scope_name=scope,
                section="scopes_supported",
                source_url=url,
                locator=f"/scopes_supported/{index}",
            )
        )
    issuer = data.get("issuer")
    facts = [f"issuer {issuer}"] if isinstance(issuer, str) else []
    for key in ("authorization_endpoint", "token_endpoint"):
        if isinstance(data.get(key), str):
            facts.append(f"{key} {data[key]}")
    evidence = "OpenID Connect discovery: " + (", ".join(facts) or "no issuer given")
    auth = (
        AuthFinding("oauth2", evidence, url, "/issuer"),
        AuthFinding("openid_connect", evidence, url, "/issuer"),
    )
    return ExtractionResult(url, "oidc", tuple(records), auth, tuple(warnings))
