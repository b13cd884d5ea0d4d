"""OpenAPI 3 and Swagger 2 (JSON or YAML): OAuth scopes from every oauth2 scheme and flow.

Scopes are united by name over every oauth2 scheme and flow (first non-empty description
wins, as parsed, whitespace-normalised; an empty one stays ``""``). A ``none: No scope
required`` entry is kept (the scheme defines it) with a warning; the scope table flags it
and leaves it out of the contract unless a person includes it. Local ``$ref``s are followed
with loop detection. Scopes that operations require but no scheme defines become warnings,
not records. Vendor extensions such as Atlassian's per-operation
``x-atlassian-oauth2-scopes`` (``state``: Current/Beta) give the version annotation. Every
other scheme (apiKey, http basic/bearer, openIdConnect) becomes an auth finding with the
scheme as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from factory.errors import ExtractionError
from factory.extract.detect import parse_structured
from factory.extract.openapi_enums import enum_scopes
from factory.extract.openapi_fragment import spec_fragment
from factory.extract.openapi_key_params import key_parameters
from factory.extract.openapi_operations import spec_operations
from factory.extract.openapi_ops import (
    OperationScope,
    operation_scopes,
    required_warnings,
    undeclared_records,
)
from factory.extract.registry import register
from factory.extract.spec_text import description_version, verbatim
from factory.extract.text import (
    is_no_scope_placeholder,
    looks_like_scope,
    pointer_token,
    resolve_pointer,
)
from factory.models import AuthFinding, Document, ExtractionResult, ScopeRecord

# Scope syntax beyond a bare word: "area:verb", "resource.action", "r_x", URLs.
_SCOPE_SYNTAX = re.compile(r"[:./]|^[rw]{1,2}_\w")
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_API_KEY_HINT = re.compile(r"api[ _-]?key|secret key", re.IGNORECASE)
_HTTP_SCHEME_METHODS = {"basic": "basic", "bearer": "bearer", "oauth": "oauth1", "digest": "digest"}


def normalise_ws(value: Any) -> str | None:
    """A parsed description with whitespace collapsed (None stays None)."""
    if value is None:
        return None
    return " ".join(str(value).split())


@dataclass(slots=True)
class _Spec:
    """The parsed spec plus what extraction collects while walking it."""

    root: dict[str, Any]
    source_url: str
    warnings: list[str] = field(default_factory=list)

    def deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow local ``$ref`` chains; a loop or a dangling ref gives a warning and None."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#"):
                self.warnings.append(f"{pointer}: external $ref {ref!r} not followed")
                return None, pointer
            if ref in seen:
                self.warnings.append(f"{pointer}: $ref loop through {ref!r}, skipped")
                return None, pointer
            seen.add(ref)
            node, pointer = resolve_pointer(self.root, ref[1:]), ref[1:]
            if node is None:
                self.warnings.append(f"{pointer}: $ref {ref!r} points nowhere, skipped")
                return None, pointer
        return node, pointer


def _schemes(spec: _Spec) -> tuple[dict[str, Any], str, str]:
    """The security schemes object, its JSON pointer and its display label.

    The place the version key names is read first; the other place is the fallback, since
    published specs do mix them (a Swagger 2 file with ``components``, an OAS 3 file that
    kept ``securityDefinitions``).
    """
    root = spec.root

    def definitions() -> tuple[dict[str, Any], str, str]:
        node, ptr = spec.deref(root.get("securityDefinitions"), "/securityDefinitions")
        return (node if isinstance(node, dict) else {}), ptr, "securityDefinitions"

    def components() -> tuple[dict[str, Any], str, str]:
        holder, _ = spec.deref(root.get("components"), "/components")
        raw = holder.get("securitySchemes") if isinstance(holder, dict) else None
        node, ptr = spec.deref(raw, "/components/securitySchemes")
        return (node if isinstance(node, dict) else {}), ptr, "securitySchemes"

    swagger = "swagger" in root and "openapi" not in root
    first, second = (definitions, components) if swagger else (components, definitions)
    found = first()
    if found[0]:
        return found
    other = second()
    return other if other[0] else found


def _flows(spec: _Spec, scheme: dict[str, Any], ptr: str) -> list[tuple[str, Any, str]]:
    """(flow name, scopes object, scopes pointer) for every flow of an oauth2 scheme."""
    if "flows" not in scheme:  # Swagger 2: one flow, scopes on the scheme itself
        flow = str(scheme.get("flow") or "oauth2")
        scopes, sptr = spec.deref(scheme.get("scopes"), f"{ptr}/scopes")
        return [(flow, scopes, sptr)]
    flows, fptr = spec.deref(scheme["flows"], f"{ptr}/flows")
    out = []
    for name, flow in (flows or {}).items() if isinstance(flows, dict) else []:
        body, bptr = spec.deref(flow, f"{fptr}/{pointer_token(name)}")
        if isinstance(body, dict):
            scopes, sptr = spec.deref(body.get("scopes"), f"{bptr}/scopes")
            out.append((name, scopes, sptr))
    return out


def _scope_items(scopes: Any) -> list[tuple[str, Any]]:
    """(name, description) pairs of a scopes object; a bare list (seen in the wild) has none."""
    if isinstance(scopes, dict):
        return [(str(k), v if not isinstance(v, dict) else v.get("description")) for k, v in
                scopes.items()]  # fmt: skip
    if isinstance(scopes, list):
        return [(s, None) for s in scopes if isinstance(s, str)]
    return []


def _stem(url: str) -> str:
    """A file's name less its extension: the name of the bare scheme a fragment file is."""
    last = url.rstrip("/").rsplit("/", 1)[-1]
    return last.split(".", 1)[0] or "scheme"


def _operations(spec: _Spec) -> list[tuple[str, dict[str, Any]]]:
    """(label "GET /path", operation object) for every operation."""
    paths, pptr = spec.deref(spec.root.get("paths"), "/paths")
    ops = []
    for path, item in paths.items() if isinstance(paths, dict) else []:
        node, _ = spec.deref(item, f"{pptr}/{pointer_token(str(path))}")
        if not isinstance(node, dict):
            continue
        for method in _HTTP_METHODS:
            if isinstance(node.get(method), dict):
                ops.append((f"{method.upper()} {path}", node[method]))
    return ops


def _auth_finding(
    name: str, scheme: dict[str, Any], label: str, ptr: str, url: str
) -> list[AuthFinding]:
    kind = str(scheme.get("type", "")).strip()
    desc = normalise_ws(scheme.get("description"))
    facts = [f"type {kind}"] + [
        f"{key} {scheme[key]}"
        for key in ("scheme", "in", "name", "flow", "openIdConnectUrl", "bearerFormat")
        if isinstance(scheme.get(key), str)
    ]
    if isinstance(scheme.get("flows"), dict):
        facts.append("flows " + ", ".join(scheme["flows"]))
    evidence = f"{label}.{name}: " + ", ".join(facts) + (f" - {desc}" if desc else "")
    lowered = kind.lower()
    if lowered == "oauth2":
        method = "oauth2"
    elif lowered == "apikey":
        method = "api_key"
    elif lowered in ("http", "basic"):
        http = str(scheme.get("scheme", "basic" if lowered == "basic" else "")).lower()
        method = _HTTP_SCHEME_METHODS.get(http, f"http_{http or 'unknown'}")
    elif lowered == "openidconnect":
        method = "openid_connect"
    else:
        method = re.sub(r"\W+", "_", lowered) or "unknown"
    found = [AuthFinding(method, evidence, url, ptr)]
    if method in ("basic", "bearer") and desc and _API_KEY_HINT.search(desc):
        # Stripe's shape: http basic/bearer whose credential is the secret API key.
        found.append(AuthFinding("api_key", evidence, url, ptr))
    return found


@register("openapi")
@register("swagger")
def extract_openapi(doc: Document) -> ExtractionResult:
    """Scopes and auth findings of an OpenAPI 3 / Swagger 2 document (JSON or YAML).

    Raises:
        ExtractionError: unparseable input or a document that is not OpenAPI/Swagger.
    """
    url = doc.final_url or doc.url
    root = parse_structured(doc)
    fragment = spec_fragment(root, _stem(url))
    if not isinstance(root, dict) or not ("openapi" in root or "swagger" in root or fragment):
        raise ExtractionError(url, "not an OpenAPI/Swagger document (no openapi/swagger key)")
    spec = _Spec(root, url)
    schemes, sptr, label = _schemes(spec) if fragment is None else fragment.scheme_map()
    if fragment is not None:
        spec.warnings.append(fragment.warning())
    ops = _operations(spec)
    found: dict[str, ScopeRecord] = {}
    auth: list[AuthFinding] = []
    non_oauth: set[str] = set()
    bearer: set[str] = set()
    placeholders: set[str] = set()
    oauth: list[tuple[str, dict[str, Any], str]] = []
    for name, raw in schemes.items():
        where = fragment.pointers[name] if fragment else f"{sptr}/{pointer_token(str(name))}"
        scheme, ptr = spec.deref(raw, where)
        if not isinstance(scheme, dict):
            continue
        auth.extend(_auth_finding(str(name), scheme, label, ptr, url))
        kind = str(scheme.get("type", "")).lower()
        if kind == "oauth2":
            oauth.append((str(name), scheme, ptr))
        elif kind != "openidconnect":  # OIDC requirements list scopes too
            non_oauth.add(str(name))
            if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
                bearer.add(str(name))
    listed_elsewhere: dict[str, OperationScope] = {}
    required = operation_scopes(spec.root.get("security"), ops, non_oauth, listed_elsewhere)
    for name, scheme, ptr in oauth:
        for flow, scopes, scopes_ptr in _flows(spec, scheme, ptr):
            for scope, desc in _scope_items(scopes):
                text = verbatim(desc)
                if is_no_scope_placeholder(scope, text) and scope not in placeholders:
                    # Kept (the scheme defines it) and flagged: the scope table leaves it out
                    # of the contract unless a person includes it.
                    placeholders.add(scope)
                    spec.warnings.append(
                        f"{label}.{name} > {flow}: {scope!r} ({text}) looks like a no-scope "
                        "placeholder; kept and flagged"
                    )
                if scope in found:
                    if not found[scope].description and text:
                        # An empty description in one scheme ("" or " ") loses to a real one.
                        found[scope] = replace(found[scope], description=text)
                    elif text and text.split() != (found[scope].description or "").split():
                        spec.warnings.append(
                            f"scope {scope!r}: {label}.{name} > {flow} describes it differently;"
                            " the first description is kept"
                        )
                    continue
                states = required[scope].states if scope in required else []
                found[scope] = ScopeRecord(
                    scope_name=scope,
                    description=text,
                    version="/".join(states) or description_version(text),
                    section=f"{label}.{name} > {flow}",
                    source_url=url,
                    locator=f"{scopes_ptr}/{pointer_token(scope)}",
                )
    if not schemes:
        auth.append(
            AuthFinding(
                "none_declared",
                "the spec declares no security schemes (no securitySchemes/securityDefinitions)",
                url,
                sptr,
            )
        )
        key = key_parameters(root)
        if key is not None:
            evidence, key_ptr = key
            auth.append(AuthFinding("api_key", f"no security scheme; {evidence}", url, key_ptr))
    if set(found) - placeholders:
        spec.warnings.extend(required_warnings(required, set(found) | placeholders))
        records = list(found.values())
    else:
        # Only a placeholder (or nothing) declared: the real scopes are what operations name.
        for name in placeholders:
            required.pop(name, None)
        bearer_scopes = _bearer_scopes(listed_elsewhere, bearer, spec.warnings)
        for entry in bearer_scopes:
            required.setdefault(entry.name, entry)
            listed_elsewhere.pop(entry.name, None)
        if bearer_scopes:  # the bearer token's lists are scopes in this spec
            non_oauth -= bearer
        has_oauth = bool(oauth) or any(
            isinstance(s, dict) and str(s.get("type", "")).lower() == "openidconnect"
            for s in schemes.values()
        )
        records, warns = undeclared_records(root, required, url, oauth_scheme=has_oauth)
        records = [found[p] for p in found if p in placeholders] + records
        spec.warnings.extend(warns)
        if not records and listed_elsewhere:
            schemes_named = sorted({h for e in listed_elsewhere.values() for h in e.how})
            names = ", ".join(repr(n) for n in list(listed_elsewhere)[:10])
            spec.warnings.append(
                f"operations list {len(listed_elsewhere)} name(s) under non-OAuth scheme(s) "
                f"{', '.join(schemes_named)} ({names}): token scopes or roles; not collected"
            )
    declared = set(found) - placeholders
    records.extend(
        _enumerated(
            root, records, declared, url, spec.warnings, _no_scopes(schemes, declared, placeholders)
        )
    )
    scope_schemes = {name for name in schemes if str(name) not in non_oauth}
    operations = spec_operations(
        root.get("security"), ops, url, scope_schemes=scope_schemes, placeholders=placeholders
    )
    return ExtractionResult(
        url,
        "openapi",
        tuple(records),
        tuple(auth),
        tuple(spec.warnings),
        operations=tuple(operations),
    )


def _enumerated(
    root: dict[str, Any],
    records: list[ScopeRecord],
    declared: set[str],
    url: str,
    warnings: list[str],
    no_scopes: str | None = None,
) -> list[ScopeRecord]:
    """Scopes the spec enumerates (a ``Scopes`` enum, an OIDC ``scopes_supported`` example)
    that no record holds yet, with a warning that names where they came from and why.

    ``no_scopes`` says that (and how) the security schemes declare no scope at all: the
    enumerations are then read on the further signs ``enum_scopes`` names (``loose``).
    """
    have = {r.scope_name for r in records}
    found = enum_scopes(root, declared | have, loose=no_scopes is not None)
    extra = [e for e in found if e.name not in have]
    if not extra:
        return []
    places = sorted({e.pointer for e in extra})
    names = ", ".join(e.name for e in extra[:8]) + (" ..." if len(extra) > 8 else "")
    why = "; ".join(dict.fromkeys(e.why for e in extra if e.why))
    warnings.append(
        f"{len(extra)} scope(s) no security scheme declares were read from the spec's own "
        f"enumeration(s) at {', '.join(places[:3])} ({names})"
        + (f" because {why}" if why else "")
        + (f"; {no_scopes}" if no_scopes else "")
        + ": check them"
    )
    return [
        ScopeRecord(
            e.name,
            e.description,
            section=e.pointer,
            source_url=url,
            locator=f"{e.pointer}/{pointer_token(e.name)}",
        )
        for e in extra
    ]


def _no_scopes(schemes: dict[str, Any], declared: set[str], placeholders: set[str]) -> str | None:
    """None when a scheme declares scopes; else what the security schemes are, in words."""
    if declared:
        return None
    if not schemes:
        return "the spec declares no security scheme"
    kinds = []
    for name, scheme in schemes.items():
        if isinstance(scheme, dict):
            kind = " ".join(str(scheme.get(k, "")) for k in ("type", "scheme")).strip()
            kinds.append(f"{name}: {kind or 'no type'}")
    if placeholders:
        only = ", ".join(repr(p) for p in sorted(placeholders))
        return f"its security schemes ({', '.join(kinds)}) declare only the placeholder {only}"
    return f"its security schemes ({', '.join(kinds)}) declare no OAuth scopes"


def _bearer_scopes(
    listed: dict[str, OperationScope], bearer: set[str], warnings: list[str]
) -> list[OperationScope]:
    """Names operations list under an ``http`` bearer scheme, when every one is scope-shaped.

    OpenAPI gives such lists no meaning (3.1 allows roles there), but a spec that declares no
    OAuth scopes and lists ``area:verb`` names under its bearer token states the token's OAuth
    scopes: they are collected, with a warning that the scheme type disagrees.
    """
    entries = [e for e in listed.values() if set(e.how) <= bearer]
    if not entries or not all(looks_like_scope(e.name) for e in entries):
        return []
    if not any(_SCOPE_SYNTAX.search(e.name) for e in entries):
        return []  # bare words ("admin", "member") are roles as often as scopes
    schemes = sorted({h for e in entries for h in e.how})
    names = ", ".join(repr(e.name) for e in entries[:10])
    more = f" and {len(entries) - 10} more" if len(entries) > 10 else ""
    warnings.append(
        f"operations list OAuth scope names under {', '.join(schemes)}, declared as an http "
        f"bearer scheme, not oauth2 ({names}{more}): collected; the scheme type disagrees"
    )
    return [
        OperationScope(e.name, dict(e.where), {"security": None}, dict(e.state)) for e in entries
    ]
