"""An OIDC discovery document shown as an example on a page: its ``scopes_supported``.

A provider's guide often prints the response of its ``.well-known/openid-configuration``
("Here is an example response:") in a code block. That JSON is the server saying which
scopes it supports; the scopes only it names (``openid``, ``offline_access``) are nowhere
else on the page. A code block is read only when it parses as a JSON object with
``scopes_supported`` and a key every discovery document has (``issuer`` or
``authorization_endpoint``): a request or response sample of another kind is not.
"""

from __future__ import annotations

import json

from bs4 import Tag

from factory.extract.text import looks_like_scope

__all__ = ["DISCOVERY_KIND", "discovery_scopes"]

DISCOVERY_KIND = "discovery"
_MAX_CHARS = 200_000
_DISCOVERY_KEYS = ("issuer", "authorization_endpoint")


def discovery_scopes(pre: Tag) -> list[tuple[str, int]]:
    """(scope, index in ``scopes_supported``) of a code block holding a discovery document."""
    text = pre.get_text()
    if "scopes_supported" not in text or len(text) > _MAX_CHARS:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, dict) or not any(k in data for k in _DISCOVERY_KEYS):
        return []
    supported = data.get("scopes_supported")
    if not isinstance(supported, list):
        return []
    return [
        (value, index)
        for index, value in enumerate(supported)
        if isinstance(value, str) and looks_like_scope(value)
    ]
