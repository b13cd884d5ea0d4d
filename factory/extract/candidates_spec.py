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

import json
import re
from collections.abc import Iterator
from typing import Any

from factory.extract.candidates import Segment

__all__ = ["spec_segments"]

_SCOPE_PATH = re.compile(r"scope|permission|securit|grant|consent", re.I)
_PROSE_HINT = re.compile(r"scope|permission|grant|consent|`", re.I)
_EXAMPLE_KEY = re.compile(r"^(examples?|x-examples?|sample|value)$", re.I)
_SKIPPED_KEYS = frozenset({"$ref", "type", "format", "in", "style", "pattern", "operationId"})
_MAX_NODES = 2_000_000


def _pointer(path: tuple[str, ...]) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in path)


def _label(path: tuple[str, ...]) -> str:
    """The key path that gives context: the keys that speak of scopes, or the last two."""
    keys = [p for p in path if not p.isdigit()]
    scoped = [k for k in keys if _SCOPE_PATH.search(k)]
    return " / ".join((scoped or keys)[-2:])


def _parse(text: str) -> Any:
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return json.loads(stripped)
    from factory.extract.detect import _load_yaml  # detection imports this module's caller

    return _load_yaml(stripped)


def spec_segments(text: str) -> Iterator[Segment]:
    """The pieces of a JSON/YAML document (nothing when it cannot be parsed)."""
    try:
        data = _parse(text)
    except Exception:  # noqa: BLE001  (the structured reader reports parse errors)
        return
    stack: list[tuple[Any, tuple[str, ...], bool, bool]] = [(data, (), False, False)]
    seen = 0
    while stack and seen < _MAX_NODES:
        value, path, scoped, example = stack.pop()
        seen += 1
        if isinstance(value, dict):
            items = list(value.items())
            for key, child in reversed(items):
                key = str(key)
                if key in _SKIPPED_KEYS:
                    continue
                child_scoped = scoped or bool(_SCOPE_PATH.search(key))
                child_example = example or bool(_EXAMPLE_KEY.match(key))
                stack.append((child, (*path, key), child_scoped, child_example))
                if scoped and not example and " " not in key:
                    yield Segment(key, _pointer((*path, key)), "spec", "", _label(path))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((value[index], (*path, str(index)), scoped, example))
        elif isinstance(value, str) and value.strip():
            yield from _string(value, path, scoped, example)


def _string(value: str, path: tuple[str, ...], scoped: bool, example: bool) -> Iterator[Segment]:
    where = "example" if example else "spec"
    prose = len(value) > 60 or value.count(" ") > 3
    if prose:
        if _PROSE_HINT.search(value):
            yield Segment(value, _pointer(path), "example" if example else "text")
    elif scoped:
        in_list = bool(path) and path[-1].isdigit()
        group = _pointer(path[:-1]) if in_list else ""
        kind = "spec-list" if in_list and not example else where
        yield Segment(value, _pointer(path), kind, "", _label(path), group)
