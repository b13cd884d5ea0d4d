"""The bindings of a C#, Java, Python, PHP, Go, Ruby, Kotlin, Rust or Swift source: what
:mod:`factory.extract.code_data` reads as it reads a JS module's.

- every list or map literal bound to a name (a field, constant, variable, property), named
  by its enclosing types (``ExamplePermissions.DEFAULT_SCOPES``);
- every enum, and every class, module or const block's string constants, as one binding of
  kind ``members`` named by the enum, class or shared type (``Scopes``, Go's ``Scope``):
  ``(identifier, {value, description})`` pairs (:mod:`factory.extract.source_members`).
  Constants of a container whose name and doc comment do not speak of scopes (a module's
  top level, ``class Constants``) form a list only when two or more of their own names
  speak of scopes or permissions (``SCOPE_READ_ORDERS``), and only those; members named
  for something else (``TOKEN_URL``, ``SCOPE_SEPARATOR``) are never read;
- a returned list or map literal, and a collection filled with literals call by call
  (:mod:`factory.extract.source_fills`).

Nothing is executed; a file with a syntax error still gives the literals tree-sitter parses.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from factory.extract.code_data import name_words, other_kind, speaks
from factory.extract.js_literals import Binding, JsValue
from factory.extract.source_comments import doc_comment
from factory.extract.source_fills import (
    described_member,
    filled_collections,
    merged_literal,
    returned_literal,
)
from factory.extract.source_grammars import parser
from factory.extract.source_literals import node_text, value_of
from factory.extract.source_members import (
    declaration,
    member_of,
    member_value,
    skip_member,
    words_of,
)

__all__ = ["program_bindings"]

_CONTAINERS = frozenset(
    {
        "enum_declaration",
        "class_declaration",
        "struct_declaration",
        "interface_declaration",
        "record_declaration",
        "class_definition",
        "object_declaration",
        "companion_object",
        "module",
        "class",
        "trait_declaration",
        "enum_item",
        "mod_item",
        "impl_item",
        "struct_item",
        "trait_item",
    }
)
_BODIES = frozenset(
    {
        "declaration_list",
        "enum_member_declaration_list",
        "enum_body",
        "class_body",
        "interface_body",
        "enum_class_body",
        "block",
        "body_statement",
        "enum_declaration_list",
        "enum_variant_list",
    }
)
_MEMBERS = frozenset(
    {
        "enum_member_declaration",
        "enum_constant",
        "enum_entry",
        "variable_declarator",
        "const_spec",
        "assignment",
        "const_element",
        "enum_case",
        "property_declaration",
        "enum_variant",
        "const_item",
        "static_item",
    }
)
_MEMBER_WRAPPERS = frozenset(
    {"field_declaration", "variable_declaration", "expression_statement", "constant_declaration"}
)
# a field named for another kind of thing than the type it sits in
_OTHER_FIELD = re.compile(
    r"\b(?:roles?|users?|groups?|teams?|plans?|tiers?|regions?|status(?:es)?|states?|types?"
    r"|kinds?|modes?|methods?|urls?|hosts?|domains?|versions?|algorithms?|formats?)\b",
    re.I,
)
_SCOPE_WORD = re.compile(r"\b(?:scopes?|permissions?)\b", re.I)
_MAX_NODES = 400_000


def _name(node: Any) -> str:
    name = node.child_by_field_name("name")
    if name is None:
        name = next(
            (
                c
                for c in node.named_children
                if c.type in ("identifier", "type_identifier", "constant", "name")
            ),
            None,
        )
    return node_text(name) if name is not None else ""


def _member_nodes(node: Any, language: str, depth: int = 0) -> list[Any]:
    if node.type in _MEMBERS:
        return [node]
    wrappers = _MEMBER_WRAPPERS | ({"const_declaration"} if language == "php" else set())
    if node.type in wrappers and depth < 3:
        found: list[Any] = []
        for child in node.named_children:
            found += _member_nodes(child, language, depth + 1)
        return found
    return []


def _body(node: Any) -> Any:
    body = node.child_by_field_name("body")
    if body is not None:
        return body
    return next((c for c in node.named_children if c.type in _BODIES), None)


def _members(nodes: list[Any], language: str, enum: bool = False) -> list[tuple[str, JsValue]]:
    """The members of a container; of constants (not an enum's values, all of one kind)
    those not named for something else."""
    found: list[tuple[str, JsValue]] = []
    for child in nodes:
        for node in _member_nodes(child, language):
            member = member_of(node)
            if member is not None and (enum or not skip_member(member[0])):
                identifier, value, description = member
                found.append(
                    (identifier, member_value(value, description, node.start_point[0] + 1))
                )
    return found


def _group(
    name: str, members: list[tuple[str, JsValue]], comment: str, line: int
) -> Binding | None:
    """The members of one enum, class or const block, as one binding (see the docstring)."""
    if not members:
        return None
    if speaks(name_words(name)) or speaks(comment):
        value = JsValue("members", line, pairs=tuple(members))
        return Binding(name, value, comment, line)
    speaking = [m for m in members if _SCOPE_WORD.search(words_of(m[0]))]
    if len(speaking) < 2 or other_kind(name):
        return Binding(
            name or "constants", JsValue("members", line, pairs=tuple(members)), comment, line
        )
    label = f"{name} scope constants" if name else "scope constants"
    return Binding(label, JsValue("members", line, pairs=tuple(speaking)), comment, line)


def _go_type(specs: list[Any]) -> str:
    types = {node_text(t) for s in specs if (t := s.child_by_field_name("type")) is not None}
    return (
        types.pop() if len(types) == 1 and all(s.child_by_field_name("type") for s in specs) else ""
    )


def _groups(node: Any, prefix: str, language: str) -> list[Binding]:
    """The member binding(s) ``node`` makes, if it is a container."""
    line = node.start_point[0] + 1
    if node.parent is None:
        children = list(node.named_children)
        if language == "go":  # one-line consts at the top level
            children = [
                s
                for c in children
                if c.type == "const_declaration" and len(specs := _specs(c)) == 1
                for s in specs
            ]
        group = _group("", _members(children, language), "", line)
        return [group] if group is not None else []
    if node.type == "const_declaration" and language == "go":
        specs = _specs(node)
        if len(specs) < 2:
            return []
        typed = _go_type(specs)  # a block of one type's values is that type's enum
        group = _group(typed, _members(specs, language, bool(typed)), doc_comment(node), line)
        return [group] if group is not None else []
    if node.type not in _CONTAINERS or (node.type == "module" and language == "python"):
        return []
    body = _body(node)
    if body is None:
        return []
    name = f"{prefix}{_name(node)}"
    members = _members(list(body.named_children), language, _is_enum(node))
    group = _group(name, members, doc_comment(node), line)
    return [group] if group is not None else []


def _is_enum(node: Any) -> bool:
    """An enum declaration (C#, Java, PHP, Kotlin ``enum class``) or a Python ``Enum`` class."""
    if node.type in ("enum_declaration", "enum_item"):
        return True
    if node.type == "class_declaration" and any(c.type == "enum" for c in node.children):
        return True  # Swift: enum X: String { case ... }
    if node.type == "class_definition":
        bases = node.child_by_field_name("superclasses")
        return bases is not None and "Enum" in node_text(bases)
    modifiers = next((c for c in node.named_children if c.type == "modifiers"), None)
    return modifiers is not None and "enum" in node_text(modifiers).split()


def _specs(node: Any) -> list[Any]:
    return [c for c in node.named_children if c.type == "const_spec"]


@lru_cache(maxsize=4)
def program_bindings(text: str, language: str) -> tuple[tuple[Binding, ...], str]:
    """Every binding of a literal list, map or member group in ``text`` (source order) and
    the words of its comments."""
    tree = parser(language).parse(text.encode("utf-8", "surrogatepass"))
    bindings: list[Binding] = []
    words: list[str] = []
    described: dict[str, str] = {}
    stack: list[tuple[Any, str]] = [(tree.root_node, "")]
    seen = 0
    while stack and seen < _MAX_NODES:
        node, prefix = stack.pop()
        seen += 1
        if "comment" in node.type:
            words.append(node_text(node))
            continue
        description = described_member(node)
        if description is not None:
            described.setdefault(*description)
            continue
        bindings += _groups(node, prefix, language)
        called = _scope_call(node) or returned_literal(node, prefix) or merged_literal(node, prefix)
        if called is not None:
            bindings.append(called)
            continue
        bindings += filled_collections(node, prefix)
        declared = declaration(node)
        if declared is not None:
            name, value_node = declared
            value = value_of(value_node)
            if value.kind in ("array", "object"):
                line = value_node.start_point[0] + 1
                span = (value_node.start_byte, value_node.end_byte)
                comment = doc_comment(_outer(node))
                bindings.append(Binding(_qualified(prefix, name), value, comment, line, span))
                continue
        inner = prefix
        if node.type in _CONTAINERS and _name(node):
            inner = f"{prefix}{_name(node)}."
        stack.extend((child, inner) for child in reversed(node.named_children))
    bindings.sort(key=lambda b: b.line)
    if described:
        bindings = [_with_descriptions(b, described) for b in bindings]
    return tuple(bindings), " ".join(" ".join(words).split())


def _with_descriptions(binding: Binding, described: dict[str, str]) -> Binding:
    """A member group whose members a call describes (by reference), with those descriptions
    where the member has none of its own."""
    if binding.value.kind != "members":
        return binding
    pairs = []
    for identifier, value in binding.value.pairs:
        text, inner = described.get(identifier), value.get("value")
        if text and inner is not None and value.get("description") is None:
            value = member_value(inner.text, text, value.line)
        pairs.append((identifier, value))
    return replace(binding, value=replace(binding.value, pairs=tuple(pairs)))


_CALLS = frozenset(
    {
        "call",
        "method_invocation",
        "call_expression",
        "invocation_expression",
        "scoped_call_expression",
        "member_call_expression",
        "function_call_expression",
    }
)
_ARGUMENT_LISTS = frozenset({"argument_list", "arguments", "value_arguments"})
# calls that register an application's scopes without saying "scope" (Laravel Passport)
_REGISTERING = frozenset({"tokensCan"})


def _scope_call(node: Any) -> Binding | None:
    """A call named for scopes whose arguments are all literal strings or symbols (Ruby's
    ``optional_scopes :write, :update``, a builder's ``.scopes("a", "b")``), or one list or
    map literal (``Passport::tokensCan([...])``, ``setDefaultScope([...])``): its arguments,
    or that literal, as a list named by the call."""
    if node.type not in _CALLS:
        return None
    name = node.child_by_field_name("method") or node.child_by_field_name("name")
    name = name or node.child_by_field_name("function")
    args = node.child_by_field_name("arguments") or next(
        (c for c in node.named_children if c.type in _ARGUMENT_LISTS), None
    )
    if name is None or args is None:
        return None
    callee = node_text(name).rsplit(".", 1)[-1].rsplit("::", 1)[-1]
    if callee not in _REGISTERING and not _SCOPE_WORD.search(words_of(callee)):
        return None
    items = [value_of(c) for c in args.named_children if "comment" not in c.type]
    line = args.start_point[0] + 1
    if callee in _REGISTERING:
        callee = f"{callee}(scopes)"  # its name does not say what it registers
    if len(items) == 1 and items[0].kind in ("array", "object"):
        return Binding(callee, items[0], doc_comment(node), line)
    if not items or not all(i.kind == "string" for i in items):
        return None
    return Binding(callee, JsValue("array", line, items=tuple(items)), doc_comment(node), line)


def _qualified(prefix: str, name: str) -> str:
    """A field's binding name: under its type's name (``ExampleScopes.ALL``) unless its own
    name says what it holds (``ROLES``, ``ERROR_CODES``, ``DEFAULT_SCOPES``)."""
    words = name_words(name)
    if speaks(words) or other_kind(name) or _OTHER_FIELD.search(words):
        return name
    return f"{prefix}{name}"


def _outer(node: Any) -> Any:
    while node.parent is not None and node.parent.type in (
        *_MEMBER_WRAPPERS,
        "const_declaration",
        "property_declaration",
        "var_declaration",
        "lexical_declaration",
    ):
        if node.type == "const_spec" and len(_specs(node.parent)) > 1:
            break  # Go: a spec of a const block has its own comments
        node = node.parent
    return node
