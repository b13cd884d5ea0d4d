"""Literal data an SDK source builds without binding a literal to a name, for
:mod:`factory.extract.source_bindings`:

- a function that returns a list or map literal (PHP ``return ['a:read' => '...'];``, Java
  ``return List.of("a", "b");``, a Rust body that ends with ``vec!["a", "b"]``): that
  literal, named by the function under its type (``ScopeCatalog.all``);
- a collection filled one literal at a time (C# ``All.Add("a.read");``, Java
  ``SCOPES.put("a:read", "Read a.");``, Python ``SCOPES.append("a")``, keyed assignments
  ``SCOPES["a:read"] = "Read a."``): the statements on one receiver in one block, in source
  order, as a list (one argument each) or a map (two);
- a literal merged into a collection (``SCOPES.update({...})``, ``putAll``, ``AddRange``).

Both are read only when every piece is a literal string: nothing is computed or executed.
A call that describes a member by reference (``describeScope(TokenScope.DATA_READ, 'Read
data', 'Allows ...')``) gives that member its description.
"""

from __future__ import annotations

import re
from typing import Any

from factory.extract.js_literals import Binding, JsValue
from factory.extract.source_literals import call_parts, node_text, string_value, unwrap, value_of

__all__ = ["described_member", "filled_collections", "merged_literal", "returned_literal"]

_FUNCTIONS = frozenset(
    {
        "method_declaration",
        "function_definition",
        "function_declaration",
        "method",
        "singleton_method",
        "local_function_statement",
        "function_item",
    }
)
_FILLS = frozenset({"add", "Add", "put", "Put", "append", "push", "TryAdd", "insert"})


def _enclosing_function(node: Any) -> str:
    """The name of the function ``node`` sits in (nearest), else ''."""
    parent = node.parent
    while parent is not None:
        if parent.type in _FUNCTIONS:
            name = parent.child_by_field_name("name")
            return node_text(name) if name is not None else ""
        parent = parent.parent
    return ""


def returned_literal(node: Any, prefix: str) -> Binding | None:
    """A ``return`` of one list or map literal, or the literal a Rust function's body ends
    with (``vec!["a", "b"]``), named by its function (see the docstring)."""
    if node.type == "block" and node.parent is not None and node.parent.type == "function_item":
        body = [c for c in node.named_children if "comment" not in c.type]
        if not body or body[-1].type in ("expression_statement", "let_declaration"):
            return None
        values = body[-1:]
    elif node.type == "return_statement":
        values = [c for c in node.named_children if "comment" not in c.type]
    else:
        return None
    if len(values) != 1:
        return None
    value = value_of(values[0])
    function = _enclosing_function(node)
    if value.kind not in ("array", "object") or not function:
        return None
    line = values[0].start_point[0] + 1
    span = (values[0].start_byte, values[0].end_byte)
    return Binding(f"{prefix}{function}", value, "", line, span)


_ASSIGNMENTS = frozenset({"assignment", "assignment_expression"})
_SUBSCRIPTS = frozenset({"subscript", "subscript_expression", "element_access_expression"})


def _keyed(node: Any) -> tuple[str, list[str], int] | None:
    """(receiver, [key, value], line) of ``receiver["key"] = "value"`` (Python, PHP, C#)."""
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if left is None or right is None or left.type not in _SUBSCRIPTS:
        return None
    parts = [c for c in left.named_children if "comment" not in c.type]
    if len(parts) != 2:
        return None
    key = parts[1]
    while key.type in ("bracketed_argument_list", "argument") and key.named_child_count == 1:
        key = key.named_children[0]
    texts = [string_value(key), string_value(right)]
    if texts[0] is None or texts[1] is None:
        return None
    return node_text(parts[0]).lstrip("$"), [texts[0], texts[1]], node.start_point[0] + 1


def _fill(node: Any) -> tuple[str, list[str], int] | None:
    """(receiver, literal arguments, line) of ``receiver.add("a")`` / ``.put("a", "b")`` /
    ``receiver["a"] = "b"``."""
    if node.type in ("expression_statement",):
        inner = [c for c in node.named_children if "comment" not in c.type]
        node = inner[0] if len(inner) == 1 else node
    if node.type in _ASSIGNMENTS:
        return _keyed(node)
    parts = call_parts(node)
    if parts is None:
        return None
    target, callee, args = parts
    if not target or callee not in _FILLS or args is None:
        return None
    texts = [string_value(unwrap(c)) for c in args.named_children if "comment" not in c.type]
    if not texts or len(texts) > 2 or any(t is None for t in texts):
        return None
    return _collection(target), [t for t in texts if t], node.start_point[0] + 1


def _collection(target: str) -> str:
    """A receiver as a collection's name (``this.scopes`` -> ``scopes``)."""
    return target.removeprefix("this.").removeprefix("self.")


def filled_collections(block: Any, prefix: str) -> list[Binding]:
    """The collections the statements of ``block`` fill with literals, one binding each (two
    calls or more on one receiver, all with one argument or all with two)."""
    calls: dict[str, list[tuple[list[str], int]]] = {}
    for child in block.named_children:
        fill = _fill(child)
        if fill is not None:
            target, texts, line = fill
            calls.setdefault(target, []).append((texts, line))
    bindings: list[Binding] = []
    for target, found in calls.items():
        sizes = {len(texts) for texts, _ in found}
        if len(found) < 2 or len(sizes) != 1:
            continue
        line = found[0][1]
        if sizes == {1}:
            items = tuple(JsValue("string", at, text=texts[0]) for texts, at in found)
            value = JsValue("array", line, items=items)
        else:
            pairs = tuple((texts[0], JsValue("string", at, text=texts[1])) for texts, at in found)
            value = JsValue("object", line, pairs=pairs)
        bindings.append(Binding(f"{prefix}{target}", value, "", line))
    return bindings


_MEMBER_REFERENCES = frozenset(
    {"attribute", "field_access", "member_access_expression", "scoped_identifier", "identifier"}
    | {"class_constant_access_expression", "navigation_expression", "selector_expression"}
)


def described_member(node: Any) -> tuple[str, str] | None:
    """(member, description) of a call named for scopes that describes a member by reference
    (``TokenScope.describeScope(TokenScope.DATA_READ, 'Read data', 'Allows ...')``): the
    member's identifier and the call's last string argument that is prose (a title may come
    first)."""
    found = call_parts(node)
    if found is None or found[2] is None:
        return None
    _receiver, callee, args = found
    if not _DESCRIBES.search(callee):
        return None
    parts = [unwrap(c) for c in args.named_children if "comment" not in c.type]
    if len(parts) < 2 or parts[0].type not in _MEMBER_REFERENCES:
        return None
    texts = [string_value(p) for p in parts[1:]]
    prose = [t for t in texts if t and " " in t.strip()]
    if not prose:
        return None
    member = re.split(r"\.|::|->", node_text(parts[0]))[-1]
    return member, " ".join(prose[-1].split())


# a call that describes a scope: describeScope, describe_scope, addScopeDescription ...
_DESCRIBES = re.compile(r"(?i)describ\w*scope|scope\w*descri")


_MERGES = frozenset({"update", "putAll", "merge", "merge!", "extend", "addAll", "AddRange"})


def merged_literal(node: Any, prefix: str) -> Binding | None:
    """A list or map literal merged into a collection (``SCOPES.update({...})``,
    ``scopes.putAll(Map.of(...))``, ``All.AddRange(new[] {...})``): that literal, named by
    the collection, as more of its data."""
    found = call_parts(node)
    if found is None or not found[0] or found[1] not in _MERGES or found[2] is None:
        return None
    target, _callee, args = found
    parts = [c for c in args.named_children if "comment" not in c.type]
    if len(parts) != 1:
        return None
    value = value_of(parts[0])
    if value.kind not in ("array", "object"):
        return None
    span = (parts[0].start_byte, parts[0].end_byte)
    return Binding(f"{prefix}{_collection(target)}", value, "", parts[0].start_point[0] + 1, span)
