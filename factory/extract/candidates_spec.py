"""The harvester's pieces of a spec: every string of every field, read as data.

A JSON/YAML document (OpenAPI, Discovery, OIDC, a JSON list) is walked whole. A short string
or a key under a path that speaks of scopes, permissions or security (``securitySchemes``,
every operation's ``security`` list whatever the scheme's type, ``x-...-permission(s)`` /
``x-...-scope(s)`` vendor extensions, ``scopes_supported``) is a piece labelled by its key
path; a prose string (a description, a summary) is a text piece when it speaks of scopes or
holds code spans ("requires scope ..." lines). Strings under ``example(s)`` keys are
request/response examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from factory.errors import ExtractionError
from factory.extract.candidates_shape import Segment, sentence_at, shape_of
from factory.extract.text import pointer_token
from factory.models import Document

__all__ = ["spec_segments"]

# Keys whose value holds scope names: "scopes", "security", "x-...-scopes",
# "x-...-permissions", "requiredScopes", "scopes_supported", "oauth_scopes" ...
_SCOPE_KEY = re.compile(
    r"^(?:x-[\w.\-]*?)?(?:required|oauth2?|granted|needed)?[_\-]?"
    r"(?:scopes?|permissions?|security)(?:[_\-]?(?:supported|required|needed))?$",
    re.I,
)
# Data models describe response fields, not what a caller must hold.
_MODEL_KEYS = frozenset({"properties", "schemas", "definitions", "schema", "parameters"})
# In a spec's prose "permission" mostly names the product's own permissions (project roles,
# admin rights); a code span counts only in a sentence that says "scope".
_PROSE_HINT = re.compile(r"\bscopes?\b", re.I)
_CODE_SPAN = re.compile(r"`([^`\n]{2,120})`")
_EXAMPLE_KEY = re.compile(r"^(examples?|x-examples?|sample|value)$", re.I)
_SKIPPED_KEYS = frozenset({"$ref", "type", "format", "in", "style", "pattern", "operationId"})
_SCHEMA_KEYS = frozenset(
    {"type", "items", "enum", "properties", "nullable", "allOf", "oneOf", "anyOf", "$ref"}
    | {"methods", "resources", "httpMethod", "flatPath"}  # a Discovery resource, not scopes
)
_MAX_NODES = 2_000_000
_SPACE = re.compile(r"\s")
#: How deep below a scope key its names may sit: security -> [i] -> scheme -> [j].
_SCOPE_DEPTH = 4


def _pointer(path: tuple[str, ...]) -> str:
    return "/" + "/".join(pointer_token(p) for p in path)


def _label(path: tuple[str, ...]) -> str:
    """The key path that gives context: the keys that speak of scopes, or the last two."""
    keys = [p for p in path[-(_SCOPE_DEPTH + 2) :] if not p.isdigit()]  # scope keys sit near
    scoped = [k for k in keys if _SCOPE_KEY.match(k)]
    return " / ".join((scoped or keys)[-2:])


#: The structured reader's parser (``factory.extract.detect.parse_structured``), handed in
#: so a spec is parsed once per extraction.
Parse = Callable[[Document], Any]


def spec_segments(doc: Document, parse: Parse) -> Iterator[Segment]:
    """The pieces of a JSON/YAML document (nothing when it cannot be parsed)."""
    try:
        data = parse(doc)
    except ExtractionError:  # the structured reader reports it
        return
    # (value, path, depth below the nearest scope key or -1, inside an example)
    stack: list[tuple[Any, tuple[str, ...], int, bool]] = [(data, (), -1, False)]
    seen = 0
    while stack and seen < _MAX_NODES:
        value, path, depth, example = stack.pop()
        seen += 1
        if isinstance(value, dict):
            if not example and isinstance(value.get("enum"), list):
                yield from _enum(value, path)
            if depth >= 0 and _SCHEMA_KEYS.intersection(value):
                depth = -1  # a schema object describing a field, not a map of scopes
            elif depth < 0 and not example and not _MODEL_KEYS.intersection(path[-1:]):
                yield from _described_keys(value, path)
            for key, child in value.items():
                key = str(key)
                if key in _SKIPPED_KEYS:
                    continue
                if isinstance(child, str):  # leaves are read here, not stacked (speed)
                    if depth == 0 and not example and " " not in key:
                        # a map of scope -> description under a scope key
                        yield Segment(key, _pointer((*path, key)), "spec", "", _label(path))
                    # a string under a key named for scopes ({"scope": "a.read", ...}) is one
                    # wherever the object stands
                    named = depth < 0 and _SCOPE_KEY.match(key) is not None
                    if child and (depth >= 0 or named or "`" in child):
                        below = depth + 1 if 0 <= depth < _SCOPE_DEPTH else -1
                        scoped = below >= 0 or (named and not _MODEL_KEYS.intersection(path))
                        yield from _string(child, (*path, key), scoped, example)
                    continue
                if _SCOPE_KEY.match(key) and not _MODEL_KEYS.intersection(path):
                    below = 0
                elif key in _MODEL_KEYS or depth < 0 or depth >= _SCOPE_DEPTH:
                    below = -1
                else:
                    below = depth + 1
                child_example = example or bool(_EXAMPLE_KEY.match(key))
                stack.append((child, (*path, key), below, child_example))
        elif isinstance(value, list):
            below = depth + 1 if 0 <= depth < _SCOPE_DEPTH else -1
            for index, item in enumerate(value):
                if isinstance(item, str):
                    if item and (below >= 0 or "`" in item):
                        yield from _string(item, (*path, str(index)), below >= 0, example)
                elif isinstance(item, (dict, list)):
                    stack.append((item, (*path, str(index)), below, example))


#: Names of one shape mapped to descriptions ({"a.read": "Read a.", ...}): peers at least 3.
_MIN_PEERS = 3


def _described_keys(value: dict[str, Any], path: tuple[str, ...]) -> Iterator[Segment]:
    """The keys of a map whose every key has one shape (``w.w``, ``w:w``; bare words only
    when every value is a full sentence, ending in a full stop) and whose every value is a
    sentence: a map of names to their descriptions, read as one
    list whatever key holds it (a map under a scope key is read as such already)."""
    if len(value) < _MIN_PEERS:
        return
    shapes: set[str] = set()
    for key, child in value.items():
        if not isinstance(child, str) or " " not in child.strip() or not isinstance(key, str):
            return
        shapes.add(shape_of(key))
        if len(shapes) > 1:
            return
    shape = shapes.pop()
    if " " in shape:
        return
    if shape == "w" and not all(str(v).rstrip().endswith(".") for v in value.values()):
        return  # bare words map to full sentences only ({"name": "Studio Support"} is a record)
    group = _pointer(path)
    label = _label(path) or "keys of one shape, each described by a sentence"
    for key, child in value.items():
        yield Segment(key, _pointer((*path, key)), "spec-list", "", label, group, child)


# A schema or property named for scopes: "Scopes", "scope", "OAuthScope", "requiredScopes",
# "permission_set"; the keys a schema's values sit under (items, allOf ...) name nothing.
_SCOPE_NAMED = re.compile(r"(?:scopes?|permissions?)(?:[_\-]?(?:list|set|names?))?$", re.I)
_UNNAMING = frozenset({"items", "schema", "allOf", "oneOf", "anyOf", "additionalProperties"})
_PROSE = ("title", "description", "summary")
_TOKEN_WORDS = re.compile(r"\b(?:access\s+)?tokens?\b|\boauth|\bauthori[sz]", re.I)
_NAME_SEPARATOR = re.compile(r"[A-Za-z0-9][.:/][A-Za-z0-9*]")


def _enum(value: dict[str, Any], path: tuple[str, ...]) -> Iterator[Segment]:
    """The strings of an ``enum`` whose schema or property is named for scopes, or whose own
    title or description says it lists scopes (a JSON Schema document whose root *is* the
    scope enum); an item may be an object that names its value (``{name, description}``)."""
    names = [str(value.get("title") or "")]
    names += [p for p in reversed(path) if not p.isdigit() and p not in _UNNAMING][:1]
    named = next((n for n in names if n and _SCOPE_NAMED.search(n)), None)
    words = " ".join(str(value.get(k) or "") for k in _PROSE)
    if named is None and _PROSE_HINT.search(words):
        named = " ".join(words.split())[:60]  # the schema's own words name its list
    if named is None:
        return
    pointer = _pointer((*path, "enum"))
    # a bare value (``read_only``) is any enum's shape: it counts only when the schema's own
    # words tie it to a token or to OAuth (an access level or a product's "data scope" is not)
    tied = bool(_TOKEN_WORDS.search(words))
    for index, item in enumerate(value["enum"]):
        around = ""
        if isinstance(item, dict):  # an item that names its value and describes it
            key = next((k for k in _ITEM_NAME_KEYS if isinstance(item.get(k), str)), None)
            around = str(item.get("description") or "")
            item = item[key] if key else None
        if not isinstance(item, str) or not item or _SPACE.search(item.strip()):
            continue
        if tied or _NAME_SEPARATOR.search(item):
            where = _pointer((*path, "enum", str(index)))
            yield Segment(item, where, "spec-list", "", f"{named} / enum", pointer, around)


#: The keys an enum's object item names its value by.
_ITEM_NAME_KEYS = ("name", "value", "scope", "id", "key", "const")


_LINE_LEAD = re.compile(r"^[ \t]*(?:[*-][ \t]+)?`([^`\n]{2,120})`", re.M)


def _value_lines(value: str, path: tuple[str, ...], owner: str) -> Iterator[Segment]:
    """The code spans that open the lines of a description of a schema named for scopes
    (``OAuthScope``: "accepted values are: `a:read` allows ...", one value a line)."""
    group = _pointer(path)
    for span in _LINE_LEAD.finditer(value):
        start = value.rfind("\n", 0, span.start()) + 1
        end = value.find("\n", span.end())
        around = value[start : end if end >= 0 else len(value)].strip()
        label = f"{owner} / {path[-1]}"
        yield Segment(span.group(1), group, "spec-list", "", label, group, around)


def _string(value: str, path: tuple[str, ...], scoped: bool, example: bool) -> Iterator[Segment]:
    where = "example" if example else "spec"
    prose = len(value) > 60 or value.count(" ") > 3
    if prose:
        owner = path[-2] if len(path) >= 2 and path[-1] in _PROSE else ""
        if "`" in value and not example and _SCOPE_NAMED.search(owner):
            yield from _value_lines(value, path, owner)
        if "`" in value and _PROSE_HINT.search(value):
            for span in _CODE_SPAN.finditer(value):
                around = sentence_at(value, span.start())
                if not _PROSE_HINT.search(around):
                    continue
                kind = "example" if example else "text"  # a separator needed: no bare words
                yield Segment(span.group(1), _pointer(path), kind, "", "", "", around)
    elif scoped and (_SCOPE_KEY.match(path[-1]) or not _SPACE.search(value.strip())):
        # one name, or a space-separated list under a scope key ("scope: a:read a:write")
        in_list = bool(path) and path[-1].isdigit()
        group = _pointer(path[:-1]) if in_list else ""
        kind = "spec-list" if in_list and not example else where
        yield Segment(value, _pointer(path), kind, "", _label(path), group)
