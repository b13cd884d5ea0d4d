"""OpenAPI fragments: a file that holds one part of an OpenAPI document, not the whole.

Providers keep their scope registry in a file of its own that their specs ``$ref``: a bare
Security Scheme Object (``type: oauth2`` with ``flows``, or Swagger 2's ``flow`` and
``scopes``), a map of such schemes (what ``components.securitySchemes`` holds), or a
``components`` object. Such a file has no ``openapi``/``swagger`` key, yet its scopes are
OpenAPI scopes with OpenAPI descriptions: it is read as a spec, with a warning that says
which part it is (its operations, if any, live in another file).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factory.extract.text import pointer_token

__all__ = ["Fragment", "spec_fragment"]


@dataclass(frozen=True, slots=True)
class Fragment:
    """The security schemes an OpenAPI fragment holds.

    ``schemes`` maps a scheme name to its object; ``pointers`` gives each scheme's JSON
    pointer in the file (a bare scheme object is the file itself, pointer ``""``).
    """

    schemes: dict[str, Any]
    pointers: dict[str, str]
    label: str
    what: str

    def scheme_map(self) -> tuple[dict[str, Any], str, str]:
        """(schemes, pointer of their holder, label), as ``openapi`` reads a whole spec's."""
        return self.schemes, "", self.label

    def warning(self) -> str:
        """What the file is, for the result's warnings."""
        return (
            f"the document is an OpenAPI fragment ({self.what}), not a whole OpenAPI "
            "document: its scopes were read as a spec's; its operations are not in this file"
        )


def _is_oauth_scheme(node: Any) -> bool:
    """An OAuth 2 Security Scheme Object: ``type: oauth2`` with flows (OAS 3) or scopes
    (Swagger 2)."""
    return (
        isinstance(node, dict)
        and str(node.get("type", "")).strip().lower() == "oauth2"
        and (isinstance(node.get("flows"), dict) or isinstance(node.get("scopes"), dict))
    )


def _is_scheme_map(node: Any) -> bool:
    """A map of security schemes: every value a scheme object (or a ``$ref``), one OAuth."""
    if not isinstance(node, dict) or not node:
        return False
    values = list(node.values())
    schemes = all(isinstance(v, dict) and ("type" in v or "$ref" in v) for v in values)
    return schemes and any(_is_oauth_scheme(v) for v in values)


def spec_fragment(root: Any, name: str = "scheme") -> Fragment | None:
    """The security schemes of a parsed file that is a part of an OpenAPI document.

    Args:
        root: The parsed JSON/YAML value (a whole spec, with ``openapi``/``swagger``, is no
            fragment).
        name: The name to give a bare scheme object (the file's stem), which names none.

    Returns:
        The fragment's schemes, or None when the value is no OpenAPI fragment.
    """
    if not isinstance(root, dict) or "openapi" in root or "swagger" in root:
        return None
    if _is_oauth_scheme(root):
        return Fragment({name: root}, {name: ""}, "securityScheme", "a bare security scheme")
    holders = (
        ("securitySchemes", ("securitySchemes",), "a components object"),
        ("securitySchemes", ("components", "securitySchemes"), "components without a header"),
        ("securityDefinitions", ("securityDefinitions",), "Swagger 2 securityDefinitions"),
    )
    for label, path, what in holders:
        node: Any = root
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if _is_scheme_map(node):
            base = "".join(f"/{key}" for key in path)
            pointers = {str(k): f"{base}/{pointer_token(str(k))}" for k in node}
            return Fragment({str(k): v for k, v in node.items()}, pointers, label, what)
    if _is_scheme_map(root):
        pointers = {str(k): f"/{pointer_token(str(k))}" for k in root}
        schemes = {str(k): v for k, v in root.items()}
        return Fragment(schemes, pointers, "securitySchemes", "a map of security schemes")
    return None
