"""Literal values in C#, Java, Python, PHP, Go, Ruby and Kotlin source, as the
:class:`~factory.extract.js_literals.JsValue` tree the JS reader gives (so that
:mod:`factory.extract.code_data` reads every language alike).

- strings (escapes undone; an interpolated string is computed: ``other``), joined by ``+``
  (``.`` in PHP) or by adjacency (Python);
- lists: ``[...]``, ``(...)``, ``%w[...]``, ``new[] {...}``, ``List.of(...)``,
  ``Arrays.asList(...)``, ``listOf(...)``, ``[]string{...}``;
- maps: ``{"k": v}``, ``['k' => v]``, ``{ "k" => v }``, ``map[string]string{...}``,
  ``Map.of(k, v, ...)``, ``mapOf(k to v)``, ``new Dictionary<..> { {k, v}, [k] = v }``;
- objects built field by field (``new Scope { Name = "a" }``, ``Scope{Name: "a"}``,
  ``Scope(name="a")``): an object whose keys are its field names, first letter lowered
  (``Name`` -> ``name``); built from positional arguments (``new Scope("a", "Read a.")``,
  ``("a", "Read a.")``): a list of them.

Anything else (a call that computes, a variable) is ``other``.
"""

from __future__ import annotations

import re
from typing import Any

from factory.extract.js_literals import JsValue

__all__ = ["call_parts", "node_text", "string_value", "unwrap", "value_of"]

_STRINGS = frozenset(
    {
        "string_literal",
        "verbatim_string_literal",
        "raw_string_literal",
        "string",
        "encapsed_string",
        "interpreted_string_literal",
        "bare_string",
        "bare_symbol",
        "simple_symbol",
        "hash_key_symbol",
        "delimited_symbol",
        "nowdoc",
        "heredoc",
        "line_string_literal",
        "multi_line_string_literal",
    }
)
_COMPUTED_PARTS = frozenset(
    {
        "interpolation",
        "string_interpolation",
        "interpolated_string_expression",
        "template_substitution",
        "line_string_expression",
        "multi_line_string_expression",
        "variable_name",
        "member_access_expression",
        "interpolated_verbatim_string_text",
    }
)
_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "expression_list",
        "literal_element",
        "value_argument",
        "argument",
        "expression_statement",
        "cast_expression",
        "reference_expression",
    }
)
_LISTS = frozenset(
    {"list", "tuple", "set", "array", "string_array", "symbol_array", "array_initializer"}
    | {"array_expression", "array_literal", "tuple_expression"}
)
_LIST_CALLS = frozenset(
    {"of", "asList", "copyOf", "listOf", "setOf", "arrayOf", "mutableListOf", "mutableSetOf"}
    | {
        "arrayListOf",
        "hashSetOf",
        "linkedSetOf",
        "sortedSetOf",
        "listOfNotNull",
        "unmodifiableList",
    }
    | {"frozenset", "tuple", "list", "set", "ImmutableList", "ImmutableSet", "Set", "List"}
)
_MAP_CALLS = frozenset(
    {"mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf", "sortedMapOf", "ofEntries", "dict"}
)
_MAP_RECEIVERS = frozenset({"Map", "ImmutableMap", "Collections"})
_FROZEN = frozenset({"freeze", "dup", "to_a", "to_h", "ToList", "ToArray", "AsReadOnly"})
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
_MAX_DEPTH = 40


def node_text(node: Any) -> str:
    """A node's source text."""
    return str(node.text.decode("utf-8", "replace"))


def _unescape(raw: str) -> str:
    def one(found: re.Match[str]) -> str:
        body = found.group(1)
        if body[0] in "ux" and len(body) > 1:
            try:
                return chr(int(body.strip("u{}x"), 16))
            except ValueError:
                return found.group(0)
        return _SIMPLE_ESCAPES.get(body, body)

    return _ESCAPE.sub(one, raw)


def string_value(node: Any) -> str | None:
    """A string literal's value (None when it is not one, or is interpolated)."""
    if node is None:
        return None
    if node.type == "concatenated_string":  # Python: "a" "b"
        pieces = [string_value(c) for c in node.named_children]
        return None if any(p is None for p in pieces) else "".join(p or "" for p in pieces)
    if node.type not in _STRINGS:
        return None
    parts: list[str] = []
    contents = 0
    for child in node.named_children:
        kind = child.type
        if kind in _COMPUTED_PARTS:
            return None
        if kind == "escape_sequence":
            parts.append(_unescape(node_text(child)))
            contents += 1
        elif "content" in kind or "fragment" in kind or kind in ("string_value", "line_str_text"):
            parts.append(node_text(child))
            contents += 1
    if contents:
        return "".join(parts)
    raw = node_text(node)
    if node.type in ("hash_key_symbol", "bare_symbol", "bare_string"):
        return raw
    if node.type == "simple_symbol":
        return raw.lstrip(":")
    raw = raw.lstrip("@$uUbBrRfFL:")
    for quote in ('"""', "'''", '"', "'", "`"):
        if raw.startswith(quote) and raw.endswith(quote) and len(raw) >= 2 * len(quote):
            return raw[len(quote) : -len(quote)]
    return None


def unwrap(node: Any) -> Any:
    """``node`` without the wrappers around one expression (an argument, parentheses, a cast)."""
    while node is not None and node.type in _WRAPPERS and node.named_children:
        named = [c for c in node.named_children if "comment" not in c.type]
        if len(named) != 1 or node.type == "cast_expression":
            if node.type == "cast_expression" and named:
                node = named[-1]
                continue
            return node
        node = named[0]
    return node


def _key(node: Any) -> str | None:
    node = unwrap(node)
    if node is None:
        return None
    text = string_value(node)
    if text is not None:
        return text
    if node.type in ("identifier", "field_identifier", "name", "constant", "property_identifier"):
        raw = node_text(node)
        return raw[:1].lower() + raw[1:]  # a field name: Name -> name
    if node.type in ("integer", "integer_literal", "int_literal", "number"):
        return node_text(node)
    return None


def _object(pairs: list[tuple[Any, Any]], line: int, depth: int) -> JsValue:
    found: list[tuple[str, JsValue]] = []
    for key_node, value_node in pairs:
        key = _key(key_node)
        if key is not None:
            found.append((key, value_of(value_node, depth + 1)))
    return JsValue("object", line, pairs=tuple(found))


def _list(nodes: list[Any], line: int, depth: int) -> JsValue:
    items = tuple(value_of(n, depth + 1) for n in nodes if "comment" not in n.type)
    return JsValue("array", line, items=items)


def _named(node: Any) -> list[Any]:
    return [c for c in node.named_children if "comment" not in c.type]


def call_parts(node: Any) -> tuple[str, str, Any] | None:
    """(receiver, function name, argument list) of a call, in any of the grammars; the
    receiver is the part of a dotted callee before its name where the grammar has no field
    for it (C# ``All.Add(...)``, Python ``SCOPES.append(...)``), else ``""``."""
    kind = node.type
    if kind == "method_invocation":  # Java
        receiver = node.child_by_field_name("object")
        name = node.child_by_field_name("name")
        args = node.child_by_field_name("arguments")
    elif kind == "call":  # Python, Ruby
        function = node.child_by_field_name("function")
        receiver = node.child_by_field_name("receiver")
        name = node.child_by_field_name("method") or function
        args = node.child_by_field_name("arguments")
    elif kind in ("call_expression", "invocation_expression", "function_call_expression"):
        named = _named(node)
        name = node.child_by_field_name("function") or (named[0] if named else None)
        receiver = None
        args = node.child_by_field_name("arguments") or (named[-1] if len(named) > 1 else None)
    else:
        return None
    if name is None:
        return None
    callee = node_text(name)
    if receiver is not None:
        return node_text(receiver), callee.rsplit(".", 1)[-1], args
    head, _, last = callee.rpartition(".")
    return head, last, args


def _args(args: Any) -> tuple[list[Any], list[tuple[Any, Any]]]:
    """(positional, keyword) arguments."""
    positional: list[Any] = []
    keyword: list[tuple[Any, Any]] = []
    if args is None:
        return positional, keyword
    for child in _named(args):
        if child.type == "keyword_argument":  # Python: name="a"
            keyword.append((child.child_by_field_name("name"), child.child_by_field_name("value")))
            continue
        if child.type == "value_argument":  # Kotlin: name = "a"
            parts = _named(child)
            if len(parts) == 2 and parts[0].type in ("simple_identifier", "identifier"):
                keyword.append((parts[0], parts[1]))
                continue
        positional.append(child)
    return positional, keyword


def _call(node: Any, line: int, depth: int) -> JsValue:
    parts = call_parts(node)
    if parts is None:
        return JsValue("other", line)
    receiver, name, args = parts
    if name in _FROZEN and node.type == "call":  # Ruby: {...}.freeze
        inner = node.child_by_field_name("receiver")
        return value_of(inner, depth + 1) if inner is not None else JsValue("other", line)
    positional, keyword = _args(args)
    if name in _MAP_CALLS or (receiver in _MAP_RECEIVERS and name == "of"):
        if keyword:
            return _object(keyword, line, depth)
        if name == "ofEntries" or (positional and unwrap(positional[0]).type in _PAIR_NODES):
            return _object([p for p in (_pair(n) for n in positional) if p], line, depth)
        if name == "of" or name == "dict":
            return _object(list(zip(positional[::2], positional[1::2], strict=False)), line, depth)
    if name in _LIST_CALLS or name == "ToList":
        if len(positional) == 1 and unwrap(positional[0]).type in _LISTS:
            return value_of(positional[0], depth + 1)  # frozenset([...]), List.copyOf(...)
        return _list(positional, line, depth)
    if name in ("entry", "Pair", "SimpleEntry", "KeyValuePair") and len(positional) == 2:
        return _list(positional, line, depth)
    if keyword and not positional:  # Scope(name="a", description="...")
        return _object(keyword, line, depth)
    if positional and string_value(unwrap(positional[0])) is not None:
        return _list(positional, line, depth)  # Scope("a", "Read a.")
    return JsValue("other", line)


_PAIR_NODES = frozenset({"infix_expression", "method_invocation", "call_expression", "pair"})


def _pair(node: Any) -> tuple[Any, Any] | None:
    """``k to v`` (Kotlin), ``entry(k, v)`` / ``Map.entry(k, v)`` (Java): (key, value)."""
    node = unwrap(node)
    if node.type == "infix_expression":
        named = _named(node)
        if len(named) == 3 and node_text(named[1]) == "to":
            return named[0], named[2]
        return None
    parts = call_parts(node)
    if parts is not None and parts[1] in ("entry", "Pair", "SimpleEntry"):
        positional, _keyword = _args(parts[2])
        if len(positional) == 2:
            return positional[0], positional[1]
    return None


def _initializer(node: Any, line: int, depth: int) -> JsValue:
    """C#: ``{ a, b }``, ``{ {k, v}, ... }``, ``{ [k] = v }``, ``{ Name = "a" }``."""
    children = _named(node)
    pairs: list[tuple[Any, Any]] = []
    for child in children:
        if child.type == "initializer_expression" and len(_named(child)) == 2:
            pairs.append((_named(child)[0], _named(child)[1]))
        elif child.type == "assignment_expression":
            left, right = child.child_by_field_name("left"), child.child_by_field_name("right")
            if left is not None and left.type == "element_binding_expression":
                inner = _named(left)
                left = _named(inner[0])[0] if inner and _named(inner[0]) else None
            if left is not None and right is not None:
                pairs.append((left, right))
    if children and len(pairs) == len(children):
        return _object(pairs, line, depth)
    return _list(children, line, depth)


def _php_array(node: Any, line: int, depth: int) -> JsValue:
    elements = [c for c in _named(node) if c.type == "array_element_initializer"]
    keyed = [_named(e) for e in elements]
    if elements and all(len(k) == 2 for k in keyed):
        return _object([(k[0], k[1]) for k in keyed], line, depth)
    return _list([k[-1] for k in keyed if k], line, depth)


def _composite(node: Any, line: int, depth: int) -> JsValue:
    """Go: ``map[string]string{...}``, ``[]string{...}``, ``Scope{Name: "a"}``, ``{...}``."""
    body = node.child_by_field_name("body") if node.type == "composite_literal" else node
    if body is None:
        return JsValue("other", line)
    children = _named(body)
    keyed = [c for c in children if c.type == "keyed_element"]
    if children and len(keyed) == len(children):
        pairs = []
        for element in keyed:
            parts = _named(element)
            if len(parts) == 2:
                pairs.append((parts[0], parts[1]))
        return _object(pairs, line, depth)
    return _list(children, line, depth)


def value_of(node: Any, depth: int = 0) -> JsValue:
    """The literal ``node`` holds (``other`` where it computes)."""
    node = unwrap(node)
    line = node.start_point[0] + 1 if node is not None else 0
    if node is None or depth > _MAX_DEPTH:
        return JsValue("other", line)
    kind = node.type
    text = string_value(node)
    if text is not None:
        return JsValue("string", line, text)
    if kind in _STRINGS:
        return JsValue("other", line)  # interpolated
    if kind in ("binary_expression", "binary_operator", "additive_expression"):
        named = _named(node)
        operator = node.child_by_field_name("operator")
        symbol = node_text(operator) if operator is not None else ""
        if not symbol and len(node.children) == 3:
            symbol = node_text(node.children[1])
        if symbol in ("+", ".") and len(named) == 2:
            left, right = value_of(named[0], depth + 1), value_of(named[1], depth + 1)
            if left.kind == right.kind == "string":
                return JsValue("string", line, left.text + right.text)
        return JsValue("other", line)
    if kind in _LISTS:
        return _list(_named(node), line, depth)
    if kind == "dictionary_literal":  # Swift: [k: v, ...], keys and values alternating
        named = _named(node)
        return _object(list(zip(named[::2], named[1::2], strict=False)), line, depth)
    if kind == "macro_invocation":  # Rust: vec!["a", "b"]
        macro = node.child_by_field_name("macro")
        tokens = next((c for c in _named(node) if c.type == "token_tree"), None)
        if macro is None or node_text(macro) != "vec" or tokens is None:
            return JsValue("other", line)
        return _list(_named(tokens), line, depth)
    if kind in ("dictionary", "hash"):
        pairs = [c for c in _named(node) if c.type == "pair"]
        return _object(
            [(p.child_by_field_name("key"), p.child_by_field_name("value")) for p in pairs],
            line,
            depth,
        )
    if kind in ("initializer_expression", "collection_expression"):
        return _initializer(node, line, depth)
    if kind in (
        "array_creation_expression",
        "implicit_array_creation_expression",
        "object_creation_expression",
        "implicit_object_creation_expression",
    ):
        if kind == "array_creation_expression" and _php(node):
            return _php_array(node, line, depth)
        init = next(
            (c for c in _named(node) if c.type in ("initializer_expression", "array_initializer")),
            None,
        )
        if init is not None:
            return value_of(init, depth + 1)
        args = node.child_by_field_name("arguments")
        positional, keyword = _args(args)
        if keyword and not positional:
            return _object(keyword, line, depth)
        if positional and string_value(unwrap(positional[0])) is not None:
            return _list(positional, line, depth)
        return JsValue("other", line)
    if kind in ("composite_literal", "literal_value"):
        return _composite(node, line, depth)
    return _call(node, line, depth)


def _php(node: Any) -> bool:
    """A PHP array (``[...]``/``array(...)``), not a Java/C# ``new T[]``."""
    return any(c.type == "array_element_initializer" for c in node.named_children) or (
        not node.named_children
    )
