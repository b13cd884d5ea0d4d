"""The harvester's pieces of literal data in program source (JS/TS/JSX/TSX, MDX exports,
HTML script data), read as a spec is: every short string a list or map holds.

- every item of an array of strings, and every name-like field of an array of objects
  (``name``, ``scope``, ``id``, ``key``, ``value`` ...), with its object's description as
  the words around it;
- every key of a map of strings or of described objects;

each labelled by its name path in words (``oauth Scopes / name``: a label that speaks of
scopes gives a reason) and grouped by the array or map (three tokens of one shape in one
group are peers). Data whose name says it holds something else (routes, navigation, errors,
events, flags) is lowered, and examples (``example``, ``response``, ``payload`` keys) are
not read; data with no scope word in its name path and no described
objects gives only tokens with a scope's syntax (``a_b``, ``a:b``), never bare words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from factory.extract.candidates_shape import Segment
from factory.extract.code_data import SAMPLE_KEY, name_words, other_kind, speaks
from factory.extract.code_pages import document_bindings
from factory.extract.js_literals import Binding, JsValue
from factory.extract.text import normalize_ws
from factory.models import Document

__all__ = ["data_segments", "with_data_segments"]

_NAME_FIELDS: tuple[str, ...] = ("scope", "name", "scopeName", "scope_name", "permission", "id")
_NAME_FIELDS += ("key", "value", "slug", "token", "scopes", "permissions")
_DESC_FIELDS = ("description", "desc", "summary", "details", "text", "label", "title")
_SEPARATED = ("_", ".", ":", "/", "-")
_MAX_DEPTH = 12
_MAX_TEXT = 200


def with_data_segments(doc: Document, kind: str, pieces: Iterator[Segment]) -> Iterator[Segment]:
    """``pieces`` (a page's), then those of the literal data the document holds, if any."""
    bindings = document_bindings(doc, kind)
    if not bindings:
        return pieces
    # a prop that names the page's own data (``rows={permissions}``) is a reference, not a
    # name: the data itself is read below
    names = {b.name for b in bindings}
    own = (p for p in pieces if not (p.where == "attribute" and p.text.strip("{} ") in names))
    return chain(own, data_segments(bindings))


def data_segments(bindings: Iterable[Binding]) -> Iterator[Segment]:
    """The pieces of every binding's literal (see the module's docstring)."""
    for binding in bindings:
        comment = normalize_ws(binding.comment)[:160]
        context = speaks(name_words(binding.name)) or speaks(comment)
        yield from _walk(binding.value, binding.name, comment, context, 0)


def _lowered(path: str) -> str:
    kind = other_kind(path)
    if kind:  # "calls it": the words at the token outweigh every reason (as in prose)
        return f"lowered: its data's name ({name_words(path)[-60:]!r}) calls it {kind}, not scopes"
    return ""


def _piece(
    text: str, value: JsValue, path: str, label_path: str, group: str, comment: str, around: str
) -> Segment:
    return Segment(
        text,
        f"line {value.line}: {path}",
        "spec-list",
        comment,
        name_words(label_path)[-80:],
        group,
        around,
        _lowered(group),
    )


def _keep(text: str, context: bool, described: bool) -> bool:
    if not text or len(text) > _MAX_TEXT or " " in text.strip():
        return False
    return context or described or any(s in text for s in _SEPARATED)


def _walk(value: JsValue, path: str, comment: str, context: bool, depth: int) -> Iterator[Segment]:
    if depth > _MAX_DEPTH:
        return
    if value.kind == "array":
        for index, item in enumerate(value.items):
            where = f"{path}[{index}]"
            if item.kind == "string" and _keep(item.text, context, False):
                yield _piece(item.text, item, where, path, path, comment, "")
            elif item.kind == "object":
                yield from _object_item(item, where, path, comment, context, depth)
            elif item.kind == "array":
                yield from _walk(item, where, comment, context, depth + 1)
    elif value.kind == "members":  # an enum's or a class's constants: their values
        for identifier, member in value.pairs:
            name, desc = member.get("value"), member.get("description")
            around = normalize_ws(desc.text)[:300] if desc is not None else ""
            if name is not None and _keep(name.text, context, " " in around):
                yield _piece(name.text, name, f"{path}.{identifier}", path, path, comment, around)
    elif value.kind == "object" and any(
        v.kind == "string" for k, v in value.pairs if k in _NAME_FIELDS
    ):  # a record that names one scope ({ name: "a_b", description: "..." })
        yield from _object_item(value, path, path.rsplit(".", 1)[0], comment, context, depth)
    elif value.kind == "object":
        strings = all(v.kind == "string" for _k, v in value.pairs)
        for key, child in value.pairs:
            sub = f"{path}.{key}"
            here = context or speaks(name_words(key))
            if child.kind == "string" and strings and len(value.pairs) >= 2:
                if _keep(key, here, " " in child.text.strip()):
                    around = normalize_ws(child.text)[:300]
                    yield _piece(key, child, sub, path, path, comment, around)
            elif child.kind in ("array", "object") and not SAMPLE_KEY.match(key):
                # a key whose value describes it ({"a.read": scope(description="...")}), or,
                # under a name that says scopes, one whose value lists no names of its own
                # ({read: [RouteMatcher ...]}): the key is the name
                said = _description_of(child)
                bare = here and not (child.kind == "array" and _any_string(child))
                if (said or bare) and _keep(key, here, bool(said)):
                    yield _piece(key, child, sub, path, path, comment, said)
                yield from _walk(child, sub, comment, here, depth + 1)


def _description_of(value: JsValue) -> str:
    """An object's description field's text ('' for none, or for a list)."""
    if value.kind != "object":
        return ""
    desc = next((value.get(k) for k in _DESC_FIELDS if value.get(k) is not None), None)
    return normalize_ws(desc.text)[:300] if desc is not None and desc.kind == "string" else ""


def _any_string(value: JsValue) -> bool:
    return any(item.kind == "string" for item in value.items)


def _strings(value: JsValue) -> bool:
    return all(item.kind == "string" for item in value.items)


def _object_item(
    item: JsValue, where: str, path: str, comment: str, context: bool, depth: int
) -> Iterator[Segment]:
    """An array's object: its name fields are the list's items; its nested lists are read."""
    desc = next((item.get(k) for k in _DESC_FIELDS if item.get(k) is not None), None)
    around = normalize_ws(desc.text)[:300] if desc is not None and desc.kind == "string" else ""
    described = " " in around
    # a record that names one scope: its other lists are its attributes (roles, endpoints),
    # scope lists only where their key says so
    one = any(k in _NAME_FIELDS and v.kind == "string" for k, v in item.pairs)
    for key, child in item.pairs:
        sub = f"{where}.{key}"
        group = f"{path}[].{key}"
        if key in _NAME_FIELDS and child.kind == "string":
            if _keep(child.text, context, described):
                yield _piece(child.text, child, sub, f"{path}.{key}", group, comment, around)
        elif key in _NAME_FIELDS and child.kind == "array" and _strings(child):
            for index, name in enumerate(child.items):
                if name.kind == "string" and _keep(name.text, context, described):
                    piece = _piece(name.text, name, f"{sub}[{index}]", sub, group, comment, around)
                    yield piece
        elif child.kind in ("array", "object") and not SAMPLE_KEY.match(key):
            here = (context and not one) or speaks(name_words(key))
            yield from _walk(child, sub, comment, here, depth + 1)
