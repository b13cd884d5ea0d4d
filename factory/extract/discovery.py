"""Google Discovery documents: scopes from ``auth.oauth2.scopes``.

The shape is ``{"auth": {"oauth2": {"scopes": {scope_url: {"description": ...}}}}}``. A
document without an auth section documents an API key when it declares the standard ``key``
query parameter (Knowledge Graph Search is such an API-key-only API).
"""

from __future__ import annotations

from typing import Any

from factory.errors import ExtractionError
from factory.extract.detect import parse_structured
from factory.extract.openapi import normalise_ws
from factory.extract.registry import register
from factory.extract.spec_text import verbatim
from factory.extract.text import pointer_token
from factory.models import AuthFinding, Document, ExtractionResult, Operation, ScopeRecord

_SCOPES_POINTER = "/auth/oauth2/scopes"


def discovery_operations(data: dict[str, Any], url: str) -> list[Operation]:
    """Every method of every (nested) resource, with the scopes that each let it be called.

    A Discovery method lists its acceptable scopes: any one of them is enough, so each is an
    alternative of its own. The path is ``/{servicePath}{flatPath or path}``; the locator is
    the method's JSON pointer.
    """
    base = "/" + str(data.get("servicePath") or "").lstrip("/")
    found: list[Operation] = []

    def walk(node: Any, pointer: str) -> None:
        if not isinstance(node, dict):
            return
        methods = node.get("methods")
        for name, method in methods.items() if isinstance(methods, dict) else ():
            if not isinstance(method, dict):
                continue
            scopes = method.get("scopes")
            names = [str(s) for s in scopes] if isinstance(scopes, list) else []
            path = str(method.get("flatPath") or method.get("path") or "")
            found.append(
                Operation(
                    operation_id=str(method.get("id") or name),
                    method=str(method.get("httpMethod") or "").upper(),
                    path=base + path.lstrip("/") if path else base,
                    alternatives=tuple((s,) for s in dict.fromkeys(names)),
                    source_url=url,
                    locator=f"{pointer}/methods/{pointer_token(str(name))}",
                    via="scopes",
                )
            )
        resources = node.get("resources")
        for name, child in resources.items() if isinstance(resources, dict) else ():
            walk(child, f"{pointer}/resources/{pointer_token(str(name))}")

    walk(data, "")
    return found


@register("google-discovery")
def extract_discovery(doc: Document) -> ExtractionResult:
    """Scopes and auth findings of a Google Discovery document.

    Raises:
        ExtractionError: unparseable input or a JSON value that is not an object.
    """
    url = doc.final_url or doc.url
    data = parse_structured(doc)
    if not isinstance(data, dict):
        raise ExtractionError(url, "not a Google Discovery document (not a JSON object)")
    warnings: list[str] = []
    label = str(data.get("id") or data.get("name") or "discovery")
    auth_node: Any = data.get("auth")
    oauth2 = auth_node.get("oauth2") if isinstance(auth_node, dict) else None
    scopes = oauth2.get("scopes") if isinstance(oauth2, dict) else None
    records: list[ScopeRecord] = []
    for scope, body in scopes.items() if isinstance(scopes, dict) else []:
        desc = body.get("description") if isinstance(body, dict) else None
        records.append(
            ScopeRecord(
                scope_name=str(scope),
                description=verbatim(desc),
                section=f"{label} > auth.oauth2.scopes",
                source_url=url,
                locator=f"{_SCOPES_POINTER}/{pointer_token(str(scope))}",
            )
        )
    auth: list[AuthFinding] = []
    if records:
        auth.append(
            AuthFinding(
                "oauth2",
                f"auth.oauth2.scopes declares {len(records)} OAuth 2.0 scope(s)",
                url,
                _SCOPES_POINTER,
            )
        )
    elif isinstance(oauth2, dict):
        warnings.append("auth.oauth2 is present but declares no scopes")
    params = data.get("parameters")
    key = params.get("key") if isinstance(params, dict) else None
    if isinstance(key, dict):
        desc = normalise_ws(key.get("description")) or "an API key parameter"
        where = key.get("location", "query")
        auth.append(
            AuthFinding("api_key", f"parameters.key ({where}): {desc}", url, "/parameters/key")
        )
    if not records and not isinstance(oauth2, dict):
        warnings.append("no auth.oauth2 section: the document declares no OAuth scopes")
    operations = tuple(discovery_operations(data, url))
    return ExtractionResult(
        url,
        "google-discovery",
        tuple(records),
        tuple(auth),
        tuple(warnings),
        operations=operations,
    )
