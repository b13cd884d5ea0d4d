"""The operations of an OpenAPI/Swagger spec with the scopes that let a client call them.

OpenAPI's rule: an operation's ``security`` (or the spec's top-level one) is a list of
requirements, any one of which is enough (OR); the scopes inside one requirement are all
needed (AND), over every scheme it names. Only schemes that carry scopes count
(``scope_schemes``: oauth2 and openIdConnect, plus any other scheme whose lists the extractor
collected as scopes); a requirement that names none of them (an API key, basic auth, the
anonymous ``{}``) says nothing about scopes and gives no alternative.

Vendor extensions add what they state (``x-<vendor>-scopes``/``-permissions``): a list of
objects that each hold ``scopes`` gives one alternative per object (Atlassian's classic and
granular sets); any other value is one alternative holding every name it lists. When neither
names a scope, "Requires scope `a`" lines of the description or summary give one (AND)
alternative. Placeholder names (a scheme's only scope, standing for "none") are never an
alternative: the real requirement sits elsewhere.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from factory.extract.openapi_ops import description_scopes, is_vendor_scope_key, vendor_scopes
from factory.extract.text import pointer_token
from factory.models import Operation

__all__ = ["spec_operations", "vendor_alternatives"]


def vendor_alternatives(value: Any) -> list[tuple[str, ...]]:
    """The alternatives a vendor extension states (see the module docstring)."""
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) and "scopes" in v for v in value)
    ):
        return [alt for v in value if (alt := tuple(dict.fromkeys(n for n, _ in vendor_scopes(v))))]
    names = tuple(dict.fromkeys(name for name, _ in vendor_scopes(value)))
    return [names] if names else []


def _security_alternatives(
    reqs: list[Any], scope_schemes: Collection[str], placeholders: Collection[str]
) -> list[tuple[str, ...]]:
    """One alternative per requirement that names a scope-carrying scheme."""
    out: list[tuple[str, ...]] = []
    for req in reqs:
        if not isinstance(req, dict) or not any(s in scope_schemes for s in req):
            continue
        names = [
            str(name)
            for scheme, listed in req.items()
            if scheme in scope_schemes and isinstance(listed, list)
            for name in listed
            if isinstance(name, str)
        ]
        real = tuple(dict.fromkeys(n for n in names if n not in placeholders))
        if names and not real:
            continue  # only a placeholder: the real scopes are stated elsewhere
        if real not in out:
            out.append(real)
    return out


def spec_operations(
    root_security: Any,
    ops: Iterable[tuple[str, dict[str, Any]]],
    url: str,
    *,
    scope_schemes: Collection[str],
    placeholders: Collection[str] = (),
) -> list[Operation]:
    """Every operation with its alternatives (see the module docstring).

    Args:
        root_security: The spec's top-level ``security`` list (the default of every operation).
        ops: ``("GET /path", operation object)`` pairs.
        url: The spec's URL (each operation's ``source_url``).
        scope_schemes: Names of the schemes whose requirement lists are scopes.
        placeholders: Scope names that stand for "no scope" and are never an alternative.
    """
    found: list[Operation] = []
    for label, op in ops:
        method, _, path = label.partition(" ")
        reqs = op.get("security", root_security)
        alts: list[tuple[str, ...]] = []
        via: list[str] = []
        if isinstance(reqs, list):
            from_security = _security_alternatives(reqs, scope_schemes, placeholders)
            if not reqs and "security" in op:
                alts, via = [()], ["security (none required)"]
            elif from_security:
                alts, via = from_security, ["security"]
            elif reqs:
                via = ["security names no OAuth scheme"]
        for key, value in op.items():
            if isinstance(key, str) and key[:2] == "x-" and is_vendor_scope_key(key):
                extra = [a for a in vendor_alternatives(value) if a not in alts]
                extra = [a for a in extra if not set(a) <= set(placeholders)]
                if extra:
                    alts.extend(extra)
                    via.append(key)
        if not any(alts):
            for key in ("description", "summary"):
                text = op.get(key)
                if isinstance(text, str) and "`" in text:
                    names = tuple(n for n in description_scopes(text) if n not in placeholders)
                    if names and names not in alts:
                        alts = [a for a in alts if a] + [names]
                        via = [v for v in via if not v.startswith("security")]
                        via.append(f"{key} text")
                        break
        found.append(
            Operation(
                operation_id=str(op.get("operationId") or ""),
                method=method,
                path=path,
                alternatives=tuple(alts),
                source_url=url,
                locator=f"/paths/{pointer_token(path)}/{method.lower()}",
                via=", ".join(via) or "none stated",
            )
        )
    return found
