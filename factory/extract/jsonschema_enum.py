"""A JSON Schema document whose root is the scope enum.

Some providers publish their scopes as the schema of one string type:
``{"type": "string", "description": "The OAuth scopes ...", "enum": [...]}``. The values
are plain strings or ``{name, description}`` objects (code-generator dialects), and the
descriptions may sit elsewhere in the schema: a parallel ``enumDescriptions`` list (or its
``x-`` spellings, or a map from value to text), or ``oneOf``/``anyOf`` branches of
``{"const": value, "description": ...}``, or one ``value: text`` line per value in the
schema's own description. ``items`` of an array schema is read the same way.

Whether the values are scopes is what the schema says of itself: its ``title``,
``description``, ``$id`` or ``name`` must speak of scopes or permissions, in the plural or
with a word of access (OAuth, token, grant): "the scope of a report" is no scope list. An
enum the schema does not call scopes is not read, and a warning names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from factory.extract.spec_text import value_lines, verbatim
from factory.extract.text import looks_like_scope, mentions_access, mentions_scopes

__all__ = ["SchemaEnum", "schema_enum"]

_SELF_WORDS = ("title", "description", "$id", "id", "name", "javaType")
_DESC_LISTS = ("enumDescriptions", "x-enumDescriptions", "x-enum-descriptions", "x-enumNames")
_NAME_KEYS = ("name", "value", "id", "scope", "const")
_DESC_KEYS = ("description", "desc", "summary")
_BRANCHES = ("oneOf", "anyOf")
_PLURAL = re.compile(r"\b(scopes|permissions)\b", re.I)


@dataclass(frozen=True, slots=True)
class SchemaEnum:
    """What a root enum gave: (scope, description, pointer) entries, or why it gave none."""

    entries: tuple[tuple[str, str | None, str], ...]
    warning: str | None = None


def _self_text(schema: dict[str, Any]) -> str:
    words = (schema.get(k) for k in _SELF_WORDS)
    # "OAuthScope": a type name in camel case speaks of scopes once its words are apart
    text = " ".join(w for w in words if isinstance(w, str))
    return "".join(f" {ch}" if ch.isupper() else ch for ch in text).replace("/", " ")


def _values(schema: dict[str, Any]) -> tuple[list[Any], str] | None:
    if isinstance(schema.get("enum"), list):
        return schema["enum"], "/enum"
    items = schema.get("items")
    if isinstance(items, dict) and isinstance(items.get("enum"), list):
        return items["enum"], "/items/enum"
    for key in _BRANCHES:
        branches = schema.get(key)
        if (
            isinstance(branches, list)
            and branches
            and all(isinstance(b, dict) and "const" in b for b in branches)
        ):
            return branches, f"/{key}"
    return None


def _side_descriptions(schema: dict[str, Any], pointer: str) -> Any:
    owner = schema.get("items") if pointer.startswith("/items") else schema
    if not isinstance(owner, dict):
        return None
    return next((owner[k] for k in _DESC_LISTS if isinstance(owner.get(k), list | dict)), None)


def _entry(value: Any, index: int, side: Any) -> tuple[str, str | None] | None:
    desc: str | None = None
    if isinstance(value, dict):
        name = next((value[k] for k in _NAME_KEYS if isinstance(value.get(k), str)), None)
        desc = next((verbatim(value[k]) for k in _DESC_KEYS if isinstance(value.get(k), str)), None)
    else:
        name = value if isinstance(value, str) else None
    if name is None or not looks_like_scope(name):
        return None
    if desc is None and isinstance(side, list) and index < len(side):
        desc = verbatim(side[index]) if isinstance(side[index], str) else None
    elif desc is None and isinstance(side, dict) and isinstance(side.get(name), str):
        desc = verbatim(side[name])
    return name, desc or None


def schema_enum(data: Any) -> SchemaEnum | None:
    """The scopes of a schema whose root is an enum (None when the root is no enum schema)."""
    if not isinstance(data, dict):
        return None
    found = _values(data)
    if found is None:
        return None
    values, pointer = found
    side = _side_descriptions(data, pointer)
    if side is None:  # "`value`: text" lines of the schema's own description
        strings = [v for v in values if isinstance(v, str)]
        side = value_lines(data.get("description"), strings) or None
    entries: list[tuple[str, str | None, str]] = []
    for index, value in enumerate(values):
        got = _entry(value, index, side)
        if got is not None:
            entries.append((*got, f"{pointer}/{index}"))
    if not entries or len(entries) < 0.9 * len(values):
        return None
    said = _self_text(data)
    # "The scope of a report: how much it covers" is the word's other sense: the schema
    # must speak of scopes in the plural or of access ("OAuth", "token", "grant").
    if not (mentions_scopes(said) and (_PLURAL.search(said) or mentions_access(said))):
        names = ", ".join(name for name, _, _ in entries[:5])
        return SchemaEnum(
            (),
            f"a JSON Schema enum of {len(entries)} value(s) ({names}) was not read as scopes: "
            "the schema's title and description do not say they are scopes",
        )
    return SchemaEnum(tuple(entries))
