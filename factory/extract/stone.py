"""Dropbox Stone specifications: the ``scope`` attribute of every route.

A grep-level parse: ``namespace NAME`` opens a namespace, ``route NAME ...`` a route, and a
``scope = "files.content.read"`` line inside the route's ``attrs`` block names its scope. One
record per scope (first route where seen; the locator lists every ``namespace/route``).
Stone carries no scope descriptions, so every description is None. A document may hold one
``.stone`` file or several concatenated (``read_stone_folder``).
"""

from __future__ import annotations

import re
from pathlib import Path

from factory.errors import ExtractionError
from factory.extract.detect import MAX_DOCUMENT_BYTES, decode_text, make_document
from factory.extract.registry import register
from factory.models import AuthFinding, Document, ExtractionResult, ScopeRecord

_NAMESPACE_RE = re.compile(r"^namespace\s+(\w+)")
_ROUTE_RE = re.compile(r"^route\s+([^\s(]+)")
_ATTRS_RE = re.compile(r"^\s+attrs\s*$")
_SCOPE_RE = re.compile(r"^\s+scope\s*=\s*\"([^\"]+)\"")
_AUTH_RE = re.compile(r"^\s+auth\s*=\s*\"([^\"]+)\"")
_TOP_LEVEL_RE = re.compile(r"^\S")


def read_stone_folder(path: str | Path) -> Document:
    """A ``Document`` holding every ``.stone`` file of ``path``, concatenated in sorted order.

    Raises:
        ExtractionError: the folder has no ``.stone`` files or they exceed the size cap.
    """
    folder = Path(path)
    files = sorted(folder.glob("*.stone"))
    if not files:
        raise ExtractionError(str(folder), "folder holds no .stone files")
    if sum(f.stat().st_size for f in files) > MAX_DOCUMENT_BYTES:
        raise ExtractionError(str(folder), "the .stone files exceed the size cap")
    try:
        body = b"\n".join(f.read_bytes().rstrip(b"\n") + b"\n" for f in files)
    except OSError as exc:
        raise ExtractionError(str(folder), f"cannot read: {exc.strerror or exc}") from exc
    return make_document(body, folder.resolve().as_uri(), media_type="text/x-stone")


@register("stone")
def extract_stone(doc: Document) -> ExtractionResult:
    """Scopes (route ``attrs`` ``scope``) and the auth finding of Stone specs.

    Raises:
        ExtractionError: empty, binary or undecodable input.
    """
    url = doc.final_url or doc.url
    namespace = ""
    route: str | None = None
    in_attrs = False
    routes: dict[str, list[str]] = {}
    first: dict[str, tuple[str, str]] = {}
    auth_kinds: dict[str, str] = {}
    route_count = 0
    for line in decode_text(doc).splitlines():
        if _TOP_LEVEL_RE.match(line):
            in_attrs = False
            route = None
            if m := _NAMESPACE_RE.match(line):
                namespace = m.group(1)
            elif m := _ROUTE_RE.match(line):
                route = f"{namespace}/{m.group(1)}"
                route_count += 1
            continue
        if route is None:
            continue
        if _ATTRS_RE.match(line):
            in_attrs = True
        elif in_attrs and (m := _SCOPE_RE.match(line)):
            scope = m.group(1)
            routes.setdefault(scope, []).append(route)
            first.setdefault(scope, (namespace, route))
        elif in_attrs and (m := _AUTH_RE.match(line)):
            auth_kinds.setdefault(m.group(1), route)
    records = tuple(
        ScopeRecord(
            scope_name=scope,
            section=first[scope][0],
            source_url=url,
            locator=", ".join(where),
        )
        for scope, where in routes.items()
    )
    warnings: list[str] = []
    if route_count == 0:
        warnings.append("no Stone routes found (expected 'namespace ...' and 'route ...' lines)")
    auth: list[AuthFinding] = []
    if records:
        kinds = ", ".join(sorted(auth_kinds)) or "unspecified"
        evidence = f"{route_count} route(s); route attrs scope = ... (auth = {kinds})"
        auth.append(AuthFinding("oauth2", evidence, url, first[records[0].scope_name][1]))
    return ExtractionResult(url, "stone", records, tuple(auth), tuple(warnings))
