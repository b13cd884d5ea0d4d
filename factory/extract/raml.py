"""RAML API descriptions (``#%RAML 0.8`` / ``#%RAML 1.0``): the scopes of OAuth 2.0 schemes.

RAML names scopes without describing them. They stand in ``settings.scopes`` of a security
scheme of ``type: OAuth 2.0``: in an API's ``securitySchemes`` (a map in RAML 1.0, a list of
one-entry maps in 0.8), or in a ``SecurityScheme`` fragment that *is* the scheme. Methods and
resources may ask for scopes in ``securedBy`` (``- oauth_2_0: {scopes: [a, b]}``); those the
schemes do not declare are collected too, with a warning. A scheme kept in another file
(``!include``) is named in a warning, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from factory.errors import ExtractionError
from factory.extract.detect import parse_structured
from factory.extract.registry import register
from factory.extract.text import pointer_token
from factory.models import AuthFinding, Document, ExtractionResult, ScopeRecord

# RAML's scheme types, and the auth method each one documents.
_METHODS = {
    "oauth 2.0": "oauth2",
    "oauth 1.0": "oauth1",
    "basic authentication": "basic",
    "digest authentication": "digest",
}
_FRAGMENT = "(this scheme)"


@register("raml")
def extract_raml(doc: Document) -> ExtractionResult:
    """Scopes and auth findings of a RAML API definition or SecurityScheme fragment.

    Raises:
        ExtractionError: unparseable YAML, or a document that is not a RAML mapping.
    """
    url = doc.final_url or doc.url
    data = parse_structured(doc)
    if not isinstance(data, dict):
        raise ExtractionError(url, "not a RAML document (its body is not a mapping)")
    reader = _Reader(url)
    for name, pointer, scheme in _schemes(data, reader.warnings):
        reader.scheme(name, pointer, scheme)
    for pointer, name, scopes in _secured_by(data, ""):
        reader.requested(pointer, name, scopes)
    reader.undeclared_schemes(data.get("uses"))
    reader.close()
    return ExtractionResult(
        url, "raml", tuple(reader.records), tuple(reader.auth), tuple(reader.warnings)
    )


class _Reader:
    """Records in document order, one per scope name, and what to say about them."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.records: list[ScopeRecord] = []
        self.auth: list[AuthFinding] = []
        self.warnings: list[str] = []
        self.seen: set[str] = set()
        self.oauth_schemes: set[str] = set()
        self.requested_only: list[str] = []
        self.requesting: dict[str, str] = {}  # scheme name -> first securedBy pointer
        self.typed: set[str] = set()  # schemes this file defines in full

    def scheme(self, name: str, pointer: str, scheme: Any) -> None:
        if not isinstance(scheme, dict):
            where = f" ({scheme})" if isinstance(scheme, str) else ""
            self.warnings.append(
                f"security scheme '{name}' is defined in another file{where}, not followed: "
                "fetch that file to read its scopes"
            )
            return
        self.typed.add(name)
        kind = str(scheme.get("type", "")).strip()
        method = _METHODS.get(kind.lower(), "x-custom" if kind.lower().startswith("x-") else "")
        if method:
            named = "this SecurityScheme fragment" if name == _FRAGMENT else f"'{name}'"
            evidence = f"RAML security scheme {named} of type {kind}"
            self.auth.append(AuthFinding(method, evidence, self.url, f"{pointer}/type"))
        settings = scheme.get("settings")
        scopes = settings.get("scopes") if isinstance(settings, dict) else None
        if method == "oauth2":
            self.oauth_schemes.add(name)
        if scopes is None:
            return
        if method != "oauth2":
            self.warnings.append(
                f"security scheme '{name}' is of type {kind or '(none)'} but lists scopes; "
                "they are collected"
            )
        section = "securitySchemes" if name == _FRAGMENT else f"securitySchemes > {name}"
        for index, scope in _names(scopes, f"{pointer}/settings/scopes", self.warnings):
            self._add(scope, section, f"{pointer}/settings/scopes/{index}")

    def requested(self, pointer: str, name: str, scopes: Any) -> None:
        for index, scope in _names(scopes, f"{pointer}/scopes", self.warnings):
            if scope not in self.seen:
                self.requested_only.append(scope)
            self._add(scope, f"securedBy > {name}", f"{pointer}/scopes/{index}")
        if name not in self.typed:
            self.requesting.setdefault(name, pointer)

    def undeclared_schemes(self, uses: Any) -> None:
        """The schemes ``securedBy`` asks scopes of but this file does not define.

        Only an OAuth 2.0 scheme takes ``scopes`` in RAML, so such a scheme states the API's
        auth even when it lives in a library (``uses: {sec: URL}``, ``sec.oauth_2_0``): it
        becomes an oauth2 finding that names where the scheme is kept.
        """
        libraries = uses if isinstance(uses, dict) else {}
        for name, pointer in self.requesting.items():
            prefix = name.split(".", 1)[0] if "." in name else ""
            kept = libraries.get(prefix)
            where = (
                f"a scheme of the library '{prefix}' ({kept}), not included"
                if isinstance(kept, str)
                else "a scheme this document does not define"
            )
            evidence = f"RAML securedBy asks for OAuth 2.0 scopes under '{name}', {where}"
            self.auth.append(AuthFinding("oauth2", evidence, self.url, pointer))

    def _add(self, scope: str, section: str, locator: str) -> None:
        if scope in self.seen:
            return
        self.seen.add(scope)
        self.records.append(ScopeRecord(scope, None, None, None, section, self.url, locator))

    def close(self) -> None:
        if self.requested_only:
            shown = ", ".join(self.requested_only[:8])
            more = len(self.requested_only) - 8
            self.warnings.append(
                f"{len(self.requested_only)} scope(s) are asked for in securedBy but declared "
                f"by no security scheme ({shown}{f' and {more} more' if more > 0 else ''})"
            )
        if self.records:
            self.warnings.append("RAML gives scopes no descriptions: describe them from the docs")
        elif not self.auth:
            self.warnings.append("no security scheme in this RAML document")


def _schemes(data: dict[str, Any], warnings: list[str]) -> Iterator[tuple[str, str, Any]]:
    """(name, JSON pointer, scheme) for every security scheme the document defines."""
    if "settings" in data and "type" in data and "securitySchemes" not in data:
        yield _FRAGMENT, "", data  # a SecurityScheme fragment: the file is the scheme
        return
    declared = data.get("securitySchemes")
    if isinstance(declared, dict):
        for name, scheme in declared.items():
            yield str(name), f"/securitySchemes/{pointer_token(str(name))}", scheme
    elif isinstance(declared, list):  # RAML 0.8: a list of one-entry maps
        for index, entry in enumerate(declared):
            if not isinstance(entry, dict):
                warnings.append(f"securitySchemes[{index}] is not a scheme: {entry!r}"[:200])
                continue
            for name, scheme in entry.items():
                yield str(name), f"/securitySchemes/{index}/{pointer_token(str(name))}", scheme
    elif declared is not None:
        warnings.append(f"securitySchemes is neither a map nor a list: {declared!r}"[:200])


def _secured_by(node: Any, pointer: str) -> Iterator[tuple[str, str, Any]]:
    """(pointer, scheme name, scopes) for every ``securedBy`` entry that asks for scopes."""
    stack = [(node, pointer)]
    while stack:
        current, here = stack.pop()
        if isinstance(current, list):
            stack.extend((v, f"{here}/{i}") for i, v in reversed(list(enumerate(current))))
            continue
        if not isinstance(current, dict):
            continue
        entries = current.get("securedBy")
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict):
                for name, params in entry.items():
                    if isinstance(params, dict) and "scopes" in params:
                        where = f"{here}/securedBy/{index}/{pointer_token(str(name))}"
                        yield where, str(name), params["scopes"]
        children = [(k, v) for k, v in current.items() if k != "securedBy"]
        stack.extend((v, f"{here}/{pointer_token(str(k))}") for k, v in reversed(children))


def _names(scopes: Any, pointer: str, warnings: list[str]) -> Iterator[tuple[int, str]]:
    """(index, name) of a scopes list; anything else is named in a warning."""
    if isinstance(scopes, str):
        scopes = [scopes]  # one scope written without the list
    if not isinstance(scopes, list):
        warnings.append(f"{pointer} is not a list of scope names: {scopes!r}"[:200])
        return
    for index, scope in enumerate(scopes):
        if isinstance(scope, str) and scope.strip():
            yield index, scope.strip()
        else:
            warnings.append(f"{pointer}/{index} is not a scope name: {scope!r}"[:200])
