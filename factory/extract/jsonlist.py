"""Plain JSON scope lists, in the three shapes providers publish.

- Reddit's ``scopes.json``: ``{"identity": {"id": "identity", "name": ..., "description": ...}}``
  (the scope is ``id``, else the key; ``name`` is a display name);
- a list of objects: ``[{"scope" | "id" | "name": ..., "description": ...}]``;
- a map ``{scope: description}``;
- a JSON Schema whose root is the scope enum (see ``jsonschema_enum``).

A wrapper object such as ``{"scopes": [...]}`` is unwrapped. JSON that fits none of these
(under 90 % of its entries look like scopes) yields no records and a warning, so an
arbitrary JSON file never turns into a scope list.
"""

from __future__ import annotations

import re
from typing import Any

from factory.extract.detect import parse_structured
from factory.extract.jsonschema_enum import schema_enum
from factory.extract.registry import register
from factory.extract.spec_text import verbatim
from factory.extract.text import pointer_token
from factory.models import AuthFinding, Document, ExtractionResult, ScopeRecord

_WRAPPERS = ("scopes", "permissions", "data", "items")
_NAME_KEYS = ("scope", "id", "name", "value")
_DESC_KEYS = ("description", "desc", "summary")
_TOKEN_RE = re.compile(r"^\S{1,200}$")


def _from_object(item: dict[str, Any], names: tuple[str, ...]) -> tuple[str, str | None] | None:
    name = next((item[k] for k in names if isinstance(item.get(k), str)), None)
    if name is None or not _TOKEN_RE.match(name):
        return None
    desc = next((item[k] for k in _DESC_KEYS if k in item), None)
    return name, verbatim(desc)


def _entries(data: Any, pointer: str) -> list[tuple[str, str | None, str] | None]:
    """(scope, description, pointer) per entry; None for an entry that is not a scope."""
    out: list[tuple[str, str | None, str] | None] = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            got = _from_object(item, _NAME_KEYS) if isinstance(item, dict) else None
            if got is None and isinstance(item, str) and _TOKEN_RE.match(item):
                got = (item, None)
            out.append((*got, f"{pointer}/{index}") if got else None)
    elif isinstance(data, dict):
        for key, value in data.items():
            where = f"{pointer}/{pointer_token(str(key))}"
            if isinstance(value, dict):
                # Reddit: the scope is the entry's id ("name" is the display name).
                got = _from_object({"id": str(key), **value}, ("id", "scope"))
                out.append((*got, where) if got and ("description" in value) else None)
            elif isinstance(value, str) and _TOKEN_RE.match(str(key)):
                out.append((str(key), verbatim(value), where))
            else:
                out.append(None)
    return out


@register("json")
def extract_json_list(doc: Document) -> ExtractionResult:
    """Scopes of a plain JSON scope list (Reddit shape, list of objects, or a map).

    Raises:
        ExtractionError: unparseable input.
    """
    url = doc.final_url or doc.url
    data = parse_structured(doc)
    pointer = ""
    enum = schema_enum(data)  # before unwrapping: ``items`` of an array schema is no wrapper
    if isinstance(data, dict) and enum is None:
        wrapped = [k for k in _WRAPPERS if isinstance(data.get(k), (list, dict))]
        if wrapped:
            pointer, data = f"/{wrapped[0]}", data[wrapped[0]]
    warnings: list[str] = []
    if enum is not None and enum.entries:
        pointer, good = "/enum", list(enum.entries)
    else:
        entries = _entries(data, pointer)
        good = [e for e in entries if e is not None]
        if not entries or len(good) < 0.9 * len(entries) or enum is not None:
            warnings.append(
                enum.warning
                if enum is not None and enum.warning
                else "no scope list recognised in this JSON (expected a map or list of scopes)"
            )
            return ExtractionResult(url, "json", (), (), tuple(warnings))
        if skipped := len(entries) - len(good):
            warnings.append(f"{skipped} entr(y/ies) skipped: not shaped like a scope")
    records: list[ScopeRecord] = []
    seen: set[str] = set()
    for name, desc, where in good:
        if name in seen:
            warnings.append(f"scope {name!r} listed again at {where}; first entry kept")
            continue
        seen.add(name)
        records.append(
            ScopeRecord(
                scope_name=name,
                description=desc,
                section="scope list",
                source_url=url,
                locator=where,
            )
        )
    auth = (AuthFinding("oauth2", f"JSON scope list of {len(records)} scope(s)", url, pointer),)
    return ExtractionResult(url, "json", tuple(records), auth if records else (), tuple(warnings))
