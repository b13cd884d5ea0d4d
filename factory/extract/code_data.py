"""Scope lists held as data in program source: the records a literal array or map gives.

Read from the :class:`~factory.extract.js_literals.Binding` list of a source:

- an array of objects, one per scope, with a *name field* (``name``, ``scope``, ``id``,
  ``key``, ``value``, ``permission`` ...) whose values are scope tokens and a *description
  field* (``description``, ``desc``, ``label``, ``summary``, ``text``, ``title`` ...); a name
  field may hold several names sharing one description (``scopes: ["a", "b"]``);
- a map of scope -> description (``{ "view_sales": "Read ..." }``), or of scope -> object with
  a description field;
- an array of plain scope strings;
- any of these nested under keys or groups (``{ read: [...], write: [...] }``,
  ``[{ group: "Orders", scopes: [...] }]``): the key or group title is the record's section.

A list counts when its *name path* (the variable, export or prop name and the keys down to it)
or the comment above it speaks of scopes, permissions, grants or consent; or, on a page that
itself speaks of scopes, when an array it renders (``NAME.map(``) is one of described objects
whose names all have a scope's syntax (``a_b``, ``a:b``, ``a.b``)
(or one it hands to a component: ``rows={NAME}``) and whose name says no other
kind (routes, navigation, errors, events, flags). Data under example, response or payload
keys is never a scope list. Descriptions are verbatim (escapes
undone, whitespace normalised, JSX text kept as text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from factory.extract.js_literals import Binding, JsValue
from factory.extract.text import (
    clean_scope_token,
    looks_like_scope,
    mentions_scopes,
    normalize_ws,
    version_marker,
)
from factory.models import ScopeRecord

__all__ = [
    "SAMPLE_KEY",
    "DataScope",
    "bound_scopes",
    "name_words",
    "other_kind",
    "scope_data",
    "speaks",
    "to_records",
]

_NAME_KEYS = (
    "scope",
    "name",
    "scopeName",
    "scope_name",
    "permission",
    "id",
    "key",
    "value",
    "slug",
    "code",
    "token",
)
_MANY_KEYS = ("scopes", "names", "permissions", "keys", "values")
_DESC_KEYS = (
    "description",
    "desc",
    "summary",
    "details",
    "explanation",
    "help",
    "text",
    "label",
    "title",
    "displayName",
    "display_name",
)
_GROUP_KEYS = ("group", "category", "title", "name", "label", "section", "resource", "heading")
_CONTEXT = re.compile(r"\bscopes?\b|\bpermissions?\b|\bgrants?\b|\bconsents?\b|\boauth\b", re.I)
_OTHER_KIND = re.compile(
    r"\b(?:routes?|nav|navigation|menu|links?|errors?|codes?|events?|webhooks?|flags?"
    r"|features?|fields?|columns?|headers?|params?|parameters?|settings?|options?|locales?"
    r"|config(?:uration)?s?|preferences?"
    r"|languages?|countries|currencies|breadcrumbs?|sidebar|footer|steps?|faqs?|tabs?)\b",
    re.I,
)
#: Keys whose data is an example of a request, a response or a payload: never a scope list.
SAMPLE_KEY = re.compile(
    r"^(?:x-)?(?:examples?|samples?|payloads?|webhooks?|responses?|(?:request|response)[_-]?body"
    r"|mocks?|fixtures?|demo)$",
    re.I,
)
# A page about access itself ("Access", "API access", "Authorization"): its words, not its data.
_ACCESS_WORDS = re.compile(r"\b(?:access|authori[sz]ation)\b", re.I)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[_\-.$\[\]/]+")
_SYNTAX = re.compile(r"[a-z0-9][._:/\-][a-z0-9*]", re.I)


@dataclass(frozen=True, slots=True)
class DataScope:
    """One scope read from a data literal: where (line, path) and under which group."""

    name: str
    description: str | None
    section: str
    path: str
    line: int


def name_words(path: str) -> str:
    """A name path in words: ``oauthScopes.read_only`` -> ``oauth Scopes read only``."""
    return " ".join(_CAMEL.sub(" ", path).split())


def speaks(text: str) -> bool:
    """Whether a name path or comment speaks of scopes, permissions, grants or consent."""
    return bool(_CONTEXT.search(text)) or mentions_scopes(text)


def other_kind(path: str) -> str | None:
    """The other kind of thing a name path says it holds (``events``, ``flags``), if any."""
    words = name_words(path)
    found = _OTHER_KIND.search(words)
    return found.group(0).lower() if found and not speaks(words) else None


def _scope_name(value: JsValue | None) -> list[str]:
    if value is None:
        return []
    if value.kind == "string":
        return [value.text]
    if value.kind == "array":
        return [v.text for v in value.items if v.kind == "string"]
    return []


def _token(raw: str) -> str | None:
    token = clean_scope_token(raw)
    return token if token and " " not in token and looks_like_scope(token) else None


def _description(value: JsValue | None) -> str | None:
    if value is None or value.kind != "string":
        return None
    return normalize_ws(value.text) or None


def _name_key(items: tuple[JsValue, ...]) -> tuple[str, str | None] | None:
    """(name field, description field) of an array of objects, chosen by content: the
    first name field whose values are scope tokens in at least half the objects."""
    objects = [i for i in items if i.kind == "object"]
    if not objects or 2 * len(objects) < len(items):
        return None
    keys = {k for o in objects for k, _v in o.pairs}
    for key in (*_NAME_KEYS, *_MANY_KEYS):
        if key not in keys:
            continue
        good = sum(1 for o in objects if any(_token(n) for n in _scope_name(o.get(key))))
        if 2 * good >= len(objects):
            # a group's title is no description of the several names it holds
            allowed = _DESC_KEYS[:6] if key in _MANY_KEYS else _DESC_KEYS
            desc = next((d for d in allowed if d in keys and d != key), None)
            return key, desc
    return None


def _from_objects(
    items: tuple[JsValue, ...], path: str, section: str, keys: tuple[str, str | None]
) -> Iterator[DataScope]:
    name_key, desc_key = keys
    for index, item in enumerate(items):
        if item.kind != "object":
            continue
        description = _description(item.get(desc_key)) if desc_key else None
        for raw in _scope_name(item.get(name_key)):
            token = _token(raw)
            if token:
                where = f"{path}[{index}].{name_key}"
                yield DataScope(token, description, section, where, item.line)


def _groups_of_records(items: tuple[JsValue, ...]) -> bool:
    """Objects that each hold a list of records under a list key (``{ name: "Links",
    permissions: [{ scope, description }] }``): groups, their names titles, not scopes."""
    objects = [i for i in items if i.kind == "object"]
    return bool(objects) and all(
        any(
            o.get(k) is not None
            and o.get(k).kind == "array"  # type: ignore[union-attr]
            and any(v.kind == "object" for v in o.get(k).items)  # type: ignore[union-attr]
            for k in _MANY_KEYS
        )
        for o in objects
    )


def _group_title(item: JsValue) -> str:
    for key in _GROUP_KEYS:
        value = item.get(key)
        if value is not None and value.kind == "string" and value.text.strip():
            return normalize_ws(value.text)
    return ""


def scope_data(value: JsValue, path: str, section: str = "", depth: int = 0) -> list[DataScope]:
    """The scopes a literal holds, read as a scope list (its context is the caller's call)."""
    if depth > 6:
        return []
    if value.kind == "array":
        keys = None if _groups_of_records(value.items) else _name_key(value.items)
        if keys is not None:
            return list(_from_objects(value.items, path, section, keys))
        pairs = [v.items for v in value.items if v.kind == "array" and len(v.items) == 2]
        if (
            pairs
            and len(pairs) == len(value.items)
            and all(a.kind == b.kind == "string" and _token(a.text) for a, b in pairs)
        ):  # [["read_orders", "Read orders."], ...]
            return [
                DataScope(str(_token(a.text)), _description(b), section, f"{path}[{i}][0]", a.line)
                for i, (a, b) in enumerate(pairs)
            ]
        strings = [v for v in value.items if v.kind == "string"]
        if strings and len(strings) == len(value.items):
            tokens = [(_token(v.text), v) for v in strings]
            if all(t for t, _v in tokens):
                return [
                    DataScope(t, None, section, f"{path}[{i}]", v.line)
                    for i, (t, v) in enumerate(tokens)
                    if t
                ]
            return []
        found: list[DataScope] = []
        for index, item in enumerate(value.items):  # groups: [{ title, scopes: [...] }]
            if item.kind == "object":
                title = _group_title(item) or section
                for key, child in item.pairs:
                    if child.kind in ("array", "object") and not SAMPLE_KEY.match(key):
                        found += scope_data(child, f"{path}[{index}].{key}", title, depth + 1)
        return found
    if value.kind == "object":
        return _from_map(value, path, section, depth)
    if value.kind == "members":
        return list(_from_members(value, path, section))
    return []


def _from_members(value: JsValue, path: str, section: str) -> Iterator[DataScope]:
    """An enum's or a class's members (``identifier -> {value, description}``): the value
    is the name, never the identifier."""
    for identifier, member in value.pairs:
        for raw in _scope_name(member.get("value")):
            token = _token(raw)
            if token:
                description = _description(member.get("description"))
                yield DataScope(token, description, section, f"{path}.{identifier}", member.line)


def _from_map(value: JsValue, path: str, section: str, depth: int) -> list[DataScope]:
    """A map of scope -> description (or -> described object); else its keys as groups."""
    pairs = value.pairs
    values = tuple(v for _k, v in pairs)
    inner = _name_key(values) if pairs and all(v.kind == "object" for v in values) else None
    if inner is not None:  # { READ_ORDERS: { name: "read_orders", description: "..." } }
        name_key, desc_key = inner
        found = []
        for key, child in pairs:
            description = _description(child.get(desc_key)) if desc_key else None
            for raw in _scope_name(child.get(name_key)):
                token = _token(raw)
                if token:
                    where = f"{path}.{key}.{name_key}"
                    found.append(DataScope(token, description, section, where, child.line))
        return found
    if pairs and _identifier_map(pairs):  # { AssetsRead: "assets:read" }: an enum's shape
        return [
            DataScope(str(_token(v.text)), None, section, f"{path}.{k}", v.line) for k, v in pairs
        ]
    named = [(k, _token(k), v) for k, v in pairs]
    described = all(
        t and (v.kind == "string" or (v.kind == "object" and _described(v))) for _k, t, v in named
    )
    if pairs and described:
        found = []
        for key, token, child in named:
            text = child if child.kind == "string" else _described(child)
            if token:
                where = f"{path}.{key}"
                found.append(DataScope(token, _description(text), section, where, child.line))
        return found
    found = []
    for key, child in pairs:
        if child.kind in ("array", "object") and not SAMPLE_KEY.match(key):
            title = section if key.lower() in _MANY_KEYS else key
            found += scope_data(child, f"{path}.{key}", title, depth + 1)
    if not found and depth == 0 and pairs and all(t and v.kind == "array" for _k, t, v in named):
        # { read: [RouteMatcher...], write: [...] } bound to a name that says scopes: its
        # keys are the scopes, its values what each allows (no text)
        last = path.rsplit(".", 1)[-1]
        if speaks(name_words(last)) and not other_kind(last):
            return [
                DataScope(str(t), None, section, f"{path}.{k}", v.line) for k, t, v in named if t
            ]
    return found


_SEPARATOR = re.compile(r"[.:/-]")


def _identifier_map(pairs: tuple[tuple[str, JsValue], ...]) -> bool:
    """A map from identifiers to scope names (``{ AssetsRead: "assets:read" }``): every key a
    plain identifier, every value one scope-shaped token with a separator."""
    return all(
        v.kind == "string"
        and not _SEPARATOR.search(k)
        and _SEPARATOR.search(v.text) is not None
        and " " not in v.text.strip()
        and _token(v.text) is not None
        for k, v in pairs
    )


def _described(value: JsValue) -> JsValue | None:
    return next((value.get(k) for k in _DESC_KEYS if value.get(k) is not None), None)


def bound_scopes(bindings: list[Binding], page_words: str, source: str) -> list[DataScope]:
    """The scopes of every binding in scope context (see the module's docstring), one per
    name (the first with a description wins), in source order."""
    page_speaks = speaks(page_words) or bool(_ACCESS_WORDS.search(page_words))
    found: list[DataScope] = []
    for binding in bindings:
        words = name_words(binding.name)
        if speaks(words) or (speaks(binding.comment) and not other_kind(binding.name)):
            found += scope_data(binding.value, binding.name)
        else:
            found += _context_inside(binding.value, binding.name)
            if page_speaks and _rendered_in(binding.name, source) and not other_kind(binding.name):
                found += _rendered(binding)
    best: dict[str, DataScope] = {}
    for scope in found:
        if scope.name not in best or (scope.description and not best[scope.name].description):
            best[scope.name] = scope
    order = {s.name: i for i, s in reversed(list(enumerate(found)))}
    return sorted(best.values(), key=lambda s: order[s.name])


def _rendered_in(name: str, source: str) -> bool:
    """Whether the page renders a binding: maps over it, or hands it to a component."""
    return f"{name}.map(" in source or f"={{{name}}}" in source


def _context_inside(value: JsValue, path: str, depth: int = 0) -> list[DataScope]:
    """Scope lists under keys that speak of scopes inside an unnamed literal
    (``__NEXT_DATA__.props.pageProps.scopes``)."""
    if depth > 12:
        return []
    found: list[DataScope] = []
    children = (
        value.pairs
        if value.kind == "object"
        else tuple((f"[{i}]", v) for i, v in enumerate(value.items))
    )
    for key, child in children:
        if child.kind not in ("array", "object") or SAMPLE_KEY.match(key):
            continue
        sub = f"{path}.{key}" if not key.startswith("[") else f"{path}{key}"
        if not key.startswith("[") and speaks(name_words(key)):
            found += scope_data(child, sub)
        else:
            found += _context_inside(child, sub, depth + 1)
    return found


def _rendered(binding: Binding) -> list[DataScope]:
    """A rendered array of described objects whose every name has a scope's syntax."""
    value = binding.value
    if value.kind != "array" or len(value.items) < 3:
        return []
    keys = _name_key(value.items)
    if keys is None or keys[1] is None:
        return []
    scopes = list(_from_objects(value.items, binding.name, "", keys))
    if len(scopes) < len(value.items) or not all(_SYNTAX.search(s.name) for s in scopes):
        return []
    return scopes


def to_records(scopes: list[DataScope], source_url: str) -> list[ScopeRecord]:
    """Scope records, located by line and name path."""
    return [
        ScopeRecord(
            scope_name=s.name,
            description=s.description,
            version=version_marker(s.description),
            section=s.section or None,
            source_url=source_url,
            locator=f"line {s.line}: {s.path}",
        )
        for s in scopes
    ]
