"""The laws validator: every problem of a contract, each with a JSON path and a message.

:func:`validate_contract` never raises on bad input (a list, a string, ``None`` each give a
problem) and never stops at the first problem. It checks, in this order:

1. **Schema**: every JSON Schema error (draft 2020-12, ``iter_errors``). The default schema
   is used with the default template; with a user's own template and no schema, the
   template's structure (check 2) is the schema of record and this check is skipped.
2. **Structure**: keys absent from the template, template keys missing, objects where the
   template has an object; scope items against exactly :data:`SCOPE_KEYS`.
3. **Factory output** (``factory_output=True``): ``status`` is ``draft`` and every value
   outside the fill paths keeps the template's value (KPI mappings and budgets stay blank
   and unapproved).
4. **Firearms**: ``requires_firearm`` is ``false`` and ``firearm_type_id`` is ``""``; the
   factory never decides firearms.
5. **No parallel gating**: no key, at any depth, whose words match :data:`GATING_KEY_PATTERNS`
   (danger, risk, severity, sensitivity, allow/deny/block/safe lists, white/black lists,
   gate/gating, approval/access/trust levels, clearance, threat). ``approved`` in
   ``kpi_mappings``/``budgets`` is a template key and matches none of them.
6. **Names**: ``provider_slug``, ``byok.platform`` and ``byok.vault_key_name`` agree with the
   naming engine for ``display_name`` (empty ones are allowed only while BYOK is unsupported).
7. **Scopes**: no empty or duplicate ``scope_name``; no name with markup, control or bidi
   characters, or whitespace outside a documented placeholder
   (:func:`factory.contract.scope_names.scope_name_problems`); no control or bidi character in a
   description; ``scope_type`` in :data:`SCOPE_TYPES`; an ``oauth2`` contract has at least
   one scope (an empty list means a provider without OAuth scopes).
8. **Text**: no control or bidi character in ``display_name``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from factory.contract.naming import provider_names
from factory.contract.scope_names import scope_name_problems
from factory.contract.scope_types import SCOPE_TYPES
from factory.contract.templates import FILL_PATHS, load_schema, load_template
from factory.errors import FactoryError, Problem
from factory.textsafe import describe_char, name_unsafe_chars, unsafe_chars

SCOPE_KEYS: Final = (
    "scope_name",
    "scope_type",
    "description",
    "requires_firearm",
    "firearm_type_id",
)
SCOPES_PATH: Final = ("sections", "scopes", "scopes")

#: Patterns over a key's words (``riskLevel`` / ``risk-level`` -> `` risk level ``).
GATING_KEY_PATTERNS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(p)
    for p in (
        r" danger\w* ",
        r" risk\w* ",
        r" severit(y|ies) ",
        r" sensitiv\w* ",
        r" (allow|deny|block|safe|white|black|grey|gray)( ?list\w*) ",
        r" (allowed|denied|blocked|banned|forbidden) (scopes?|list|names?) ",
        r" gat(e|ed|es|ing) ",
        r" (approval|access|trust|permission|security|clearance) (level|tier|class)\w* ",
        r" clearance ",
        r" threat\w* ",
    )
)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def json_path(parts: tuple[Any, ...] | list[Any]) -> str:
    """A JSONPath-like string: ``$.sections.scopes.scopes[3].requires_firearm``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and _IDENT.match(part):
            out += f".{part}"
        else:
            out += f"[{str(part)!r}]"
    return out


def is_gating_key(key: str) -> bool:
    """Whether a key's name carries gating beside firearms (see the module docstring)."""
    words = " ".join(w.lower() for w in re.split(r"[^A-Za-z0-9]+", _CAMEL.sub(" ", key)) if w)
    joined = f" {words} "
    return any(p.search(joined) for p in GATING_KEY_PATTERNS)


def _schema_problems(contract: object, schema: dict[str, Any]) -> Iterator[Problem]:
    # Imported here, not at module top, and without its unused format machinery.
    from referencing.exceptions import Unresolvable

    from factory._jsonschema import load_jsonschema, schema_validator

    jsonschema = load_jsonschema()

    try:
        validator = schema_validator(schema)
        errors = sorted(validator.iter_errors(contract), key=lambda e: list(e.absolute_path))
    except (jsonschema.SchemaError, Unresolvable) as exc:
        yield Problem("$", f"the schema itself is invalid: {getattr(exc, 'message', exc)}")
        return
    for error in errors:
        yield Problem(json_path(list(error.absolute_path)), f"schema: {error.message}")


def _structure_problems(value: object, shape: object, path: tuple[Any, ...]) -> Iterator[Problem]:
    if path == SCOPES_PATH:
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _keys_problems(item, SCOPE_KEYS, (*path, i), "scope")
        return
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            yield Problem(json_path(path), f"expected an object, found {_kind(value)}")
            return
        for key in value:
            if key not in shape:
                yield Problem(json_path((*path, key)), "key is not in the template")
        for key, sub in shape.items():
            if key not in value:
                yield Problem(json_path((*path, key)), "template key is missing")
            else:
                yield from _structure_problems(value[key], sub, (*path, key))
    elif isinstance(shape, list) and shape and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _structure_problems(item, shape[0], (*path, i))


def _keys_problems(
    item: object, keys: tuple[str, ...], path: tuple[Any, ...], what: str
) -> Iterator[Problem]:
    if not isinstance(item, dict):
        yield Problem(json_path(path), f"expected an object, found {_kind(item)}")
        return
    for key in item:
        if key not in keys:
            yield Problem(json_path((*path, key)), f"key is not a {what} key")
    for key in keys:
        if key not in item:
            yield Problem(json_path((*path, key)), f"{what} key is missing")


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), type(value).__name__)


def _gating_problems(value: object) -> Iterator[Problem]:
    stack: list[tuple[object, tuple[Any, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key, sub in node.items():
                if isinstance(key, str) and is_gating_key(key):
                    yield Problem(
                        json_path((*path, key)),
                        "gating key beside firearms (firearms are the only gate)",
                    )
                stack.append((sub, (*path, key)))
        elif isinstance(node, list):
            stack.extend((sub, (*path, i)) for i, sub in enumerate(node))


def _untouched_problems(value: object, shape: object, path: tuple[str, ...]) -> Iterator[Problem]:
    # Factory output keeps the template's value everywhere but the fill paths (and status,
    # checked on its own): KPI mappings and budgets stay blank and unapproved.
    if path in FILL_PATHS or path == ("status",):
        return
    if isinstance(shape, dict):
        if isinstance(value, dict):
            for key, sub in shape.items():
                if key in value:
                    yield from _untouched_problems(value[key], sub, (*path, key))
        return
    if value != shape or type(value) is not type(shape):
        yield Problem(
            json_path(path),
            f"factory output keeps the template's value {shape!r}, found {value!r}",
        )


def _get(node: object, *keys: str) -> object:
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _name_problems(contract: dict[str, Any]) -> Iterator[Problem]:
    display = contract.get("display_name")
    if not isinstance(display, str):
        return  # reported by the schema and structure checks
    try:
        names = provider_names(display)
    except FactoryError as exc:
        yield Problem("$.display_name", str(exc))
        return
    byok = _get(contract, "sections", "byok")
    supported = isinstance(byok, dict) and byok.get("supported") is True
    expected = {
        ("provider_slug",): names.slug,
        ("sections", "byok", "platform"): names.platform,
        ("sections", "byok", "vault_key_name"): names.vault_key_name,
    }
    for path, want in expected.items():
        have = _get(contract, *path)
        if have == want or (have == "" and not supported and path[0] == "sections"):
            continue
        if have is None and len(path) > 1 and not isinstance(byok, dict):
            continue  # the byok section itself is reported missing
        yield Problem(
            json_path(path), f"{have!r} disagrees with the naming engine ({want!r} for {display!r})"
        )


def _scope_problems(scopes: object) -> Iterator[Problem]:
    if not isinstance(scopes, list):
        return
    seen: dict[str, int] = {}
    for i, item in enumerate(scopes):
        if not isinstance(item, dict):
            continue
        base = (*SCOPES_PATH, i)
        name = item.get("scope_name")
        if isinstance(name, str) and not name.strip():
            yield Problem(json_path((*base, "scope_name")), "scope name is empty")
        elif isinstance(name, str):
            for problem in scope_name_problems(name):
                yield Problem(json_path((*base, "scope_name")), f"scope name {problem}")
            if name in seen:
                yield Problem(
                    json_path((*base, "scope_name")),
                    f"duplicate scope name {name!r} (first at index {seen[name]})",
                )
            else:
                seen[name] = i
        description = item.get("description")
        if isinstance(description, str) and unsafe_chars(description):
            yield Problem(json_path((*base, "description")), _unsafe_message(description))
        if "scope_type" in item and item["scope_type"] not in SCOPE_TYPES:
            yield Problem(
                json_path((*base, "scope_type")),
                f"scope type {item['scope_type']!r} is not one of {', '.join(SCOPE_TYPES)}",
            )
        if "requires_firearm" in item and item["requires_firearm"] is not False:
            yield Problem(
                json_path((*base, "requires_firearm")),
                f"must be false (a person decides firearms), found {item['requires_firearm']!r}",
            )
        if "firearm_type_id" in item and item["firearm_type_id"] != "":
            yield Problem(
                json_path((*base, "firearm_type_id")),
                f'must be "" (a person decides firearms), found {item["firearm_type_id"]!r}',
            )


def _unsafe_message(text: str) -> str:
    found = unsafe_chars(text)
    codes = ", ".join(dict.fromkeys(code for _, code in found))
    return f"control or bidi character(s) {codes} (first at position {found[0][0]})"


def _text_problems(contract: dict[str, Any]) -> Iterator[Problem]:
    display = contract.get("display_name")
    if isinstance(display, str) and name_unsafe_chars(display):
        where, code = name_unsafe_chars(display)[0]
        yield Problem("$.display_name", f"{describe_char(code)} at position {where}")
    scopes = _get(contract, *SCOPES_PATH)
    method = _get(contract, "sections", "byok", "auth_method")
    if method == "oauth2" and isinstance(scopes, list) and not scopes:
        yield Problem(
            json_path(SCOPES_PATH),
            "an oauth2 contract needs at least one scope (an empty list means a provider "
            "without OAuth scopes: set its auth method, e.g. api_key)",
        )


def validate_contract(
    contract: object,
    *,
    template: dict[str, Any] | None = None,
    schema: dict[str, Any] | None = None,
    factory_output: bool = True,
) -> list[Problem]:
    """Every problem of a contract against the schema, the template and the laws.

    Args:
        contract: anything decoded from JSON.
        template: the template the contract was built from; ``None`` for the default.
        schema: a JSON Schema; ``None`` for the default schema when ``template`` is ``None``,
            and no schema check when a user's own template is given without one.
        factory_output: require ``status == "draft"`` (the factory writes only drafts).

    Returns:
        Every problem found, in check order; an empty list for a valid contract.
    """
    if schema is None and template is None:
        schema = load_schema()
    shape = template if template is not None else load_template()
    problems: list[Problem] = []
    if schema is not None:
        problems.extend(_schema_problems(contract, schema))
    if not isinstance(contract, dict):
        problems.append(Problem("$", f"a contract must be a JSON object, found {_kind(contract)}"))
        return _unique(problems)
    problems.extend(_structure_problems(contract, shape, ()))
    if factory_output and contract.get("status") != "draft":
        problems.append(
            Problem("$.status", f"factory output must be 'draft', found {contract.get('status')!r}")
        )
    if factory_output:
        problems.extend(_untouched_problems(contract, shape, ()))
    problems.extend(_scope_problems(_get(contract, *SCOPES_PATH)))
    problems.extend(_text_problems(contract))
    problems.extend(_gating_problems(contract))
    problems.extend(_name_problems(contract))
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
