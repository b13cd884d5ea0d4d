"""Enum members and string constants in C#, Java, Python, PHP, Go, Ruby, Kotlin, Rust and
Swift source:
the value (a string literal, never the member's identifier) and its description.

A member's value is the string it stands for: ``[EnumMember(Value = "a:b")]`` (also
``JsonProperty``, ``JsonPropertyName``, ``EnumValue``, ``StringValue``), the first string
argument of an enum constant (``A_B("a:b", "Read a.")``), a Rust variant's
``#[serde(rename = "a:b")]`` (or ``strum(serialize = ...)``), a Swift case's raw value
(``case aB = "a:b"``), the string a constant is set to
(``const A_B = "a:b"``), the first string of a Python tuple value. Its description is a string
paired with it in the same entry (a later argument that is prose, a ``[Description("...")]`` or
``[Display(Description = "...")]`` attribute), else its doc comment (above it; after it for a
Python docstring or a trailing ``//`` comment) unless the comment is generated boilerplate that
only names the member and its value (``Enum Dataread for value: data:read``, ``Gets or sets
X``): then none.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from factory.extract.js_literals import JsValue
from factory.extract.source_comments import clean_comment, described, doc_comment, is_comment
from factory.extract.source_literals import node_text, string_value, value_of
from factory.extract.text import normalize_ws

__all__ = [
    "declaration",
    "member_of",
    "member_value",
    "skip_member",
    "words_of",
]

_VALUE_ATTRIBUTES = frozenset(
    {"EnumMember", "JsonProperty", "JsonPropertyName", "EnumValue", "StringValue", "SerializedName"}
    | {"JsonValue", "Value", "XmlEnum"}
)
_DESCRIPTION_ATTRIBUTES = frozenset({"Description", "Display", "Summary"})
#: A member whose name says it holds something else than a scope (an address, a header ...).
_OTHER_MEMBER = re.compile(
    r"\b(?:urls?|uris?|endpoints?|paths?|hosts?|versions?|prefix|separator|delimiter|headers?"
    r"|params?|parameters?|formats?|patterns?|regex|err|invalid|insufficient|missing)\b",
    re.I,
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[_\-.$]+")
_IDENTIFIER_TYPES = frozenset(
    {"identifier", "name", "constant", "simple_identifier", "field_identifier", "type_identifier"}
)


def words_of(identifier: str) -> str:
    """An identifier in words: ``SCOPE_READ_ORDERS`` -> ``SCOPE READ ORDERS``."""
    return " ".join(_CAMEL.sub(" ", identifier).split())


def skip_member(identifier: str) -> bool:
    """Whether a member's name says it holds no scope (``TOKEN_URL``, ``SCOPE_SEPARATOR``)."""
    return bool(_OTHER_MEMBER.search(words_of(identifier)))


def _after(node: Any) -> str:
    """A comment trailing ``node`` on its line, or a Python docstring right under it."""
    sibling = node.next_named_sibling
    if sibling is None:
        return ""
    if is_comment(sibling) and sibling.start_point[0] == node.end_point[0]:
        return clean_comment(node_text(sibling))
    if node.type == "expression_statement" and sibling.type == "expression_statement":
        named = sibling.named_children
        if len(named) == 1 and named[0].type == "string":
            return normalize_ws(string_value(named[0]) or "")
    return ""


def member_value(value: str, description: str | None, line: int) -> JsValue:
    """A member as the data model has it: ``{value, description}``."""
    pairs: tuple[tuple[str, JsValue], ...] = (("value", JsValue("string", line, value)),)
    if description:
        pairs += (("description", JsValue("string", line, description)),)
    return JsValue("object", line, pairs=pairs)


def _strings(nodes: list[Any]) -> list[str | None]:
    return [string_value(_bare(n)) for n in nodes]


def _bare(node: Any) -> Any:
    while node is not None and node.type in ("argument", "value_argument", "attribute_argument"):
        named = [c for c in node.named_children if not is_comment(c)]
        node = named[-1] if named else None
    return node


def _identifier(node: Any) -> str:
    name = node.child_by_field_name("name")
    if name is None:
        name = next((c for c in node.named_children if c.type in _IDENTIFIER_TYPES), None)
    return node_text(name) if name is not None else ""


def _prose(text: str | None) -> str | None:
    return normalize_ws(text) if text and " " in text.strip() else None


def _from_arguments(args: list[Any]) -> tuple[str, str | None] | None:
    """(value, description) of an enum constant's arguments: the first string, then the
    first later string that is prose."""
    texts = _strings(args)
    if not texts or texts[0] is None:
        return None
    later = next((_prose(t) for t in texts[1:] if _prose(t)), None)
    return texts[0], later


def _attributes(node: Any) -> tuple[str | None, str | None]:
    """(value, description) from a C# member's attributes."""
    value: str | None = None
    description: str | None = None
    for attribute_list in (c for c in node.named_children if c.type == "attribute_list"):
        for attribute in (c for c in attribute_list.named_children if c.type == "attribute"):
            name = node_text(attribute.named_children[0]).rsplit(".", 1)[-1]
            name = name.removesuffix("Attribute")
            args = next(
                (c for c in attribute.named_children if c.type == "attribute_argument_list"), None
            )
            for arg in args.named_children if args is not None else ():
                parts = [c for c in arg.named_children if not is_comment(c)]
                label = node_text(parts[0]) if len(parts) == 2 else ""
                text = string_value(parts[-1]) if parts else None
                if text is None:
                    continue
                if name in _VALUE_ATTRIBUTES and label in ("", "Value", "Name") and value is None:
                    value = text
                elif name in _DESCRIPTION_ATTRIBUTES and label in ("", "Description"):
                    description = description or normalize_ws(text)
    return value, description


_RENAMES = frozenset({"rename", "serialize", "alias", "value"})


def _rust_rename(node: Any) -> str | None:
    """The string a Rust enum variant is serialised as: ``#[serde(rename = "a:b")]`` in the
    attributes right above it."""
    sibling = node.prev_named_sibling
    while sibling is not None and (sibling.type == "attribute_item" or is_comment(sibling)):
        tokens = [c for c in sibling.named_children if c.type == "attribute"]
        for attribute in tokens:
            tree = attribute.child_by_field_name("arguments")
            parts = list(tree.named_children) if tree is not None else []
            for label, text in itertools.pairwise(parts):
                if node_text(label) in _RENAMES and string_value(text) is not None:
                    return string_value(text)
        sibling = sibling.prev_named_sibling
    return None


def member_of(node: Any) -> tuple[str, str, str | None] | None:
    """(identifier, value, description) of an enum member or constant declaration whose
    value is a string literal, else None."""
    kind = node.type
    explicit: str | None = None
    if kind == "enum_member_declaration":  # C#
        value, explicit = _attributes(node)
        identifier = _identifier(node)
    elif kind == "enum_variant":  # Rust
        value, identifier = _rust_rename(node), _identifier(node)
    elif kind == "enum_entry" and node.child_by_field_name("raw_value") is not None:  # Swift
        value = string_value(node.child_by_field_name("raw_value"))
        identifier = _identifier(node)
    elif kind in ("enum_constant", "enum_entry"):  # Java, Kotlin
        args = node.child_by_field_name("arguments") or next(
            (c for c in node.named_children if c.type in ("argument_list", "value_arguments")),
            None,
        )
        found = _from_arguments(list(args.named_children)) if args is not None else None
        if found is None:
            return None
        (value, explicit), identifier = found, _identifier(node)
    else:
        declared = declaration(node)
        if declared is None:
            return None
        identifier, value_node = declared
        literal = value_of(value_node)
        if literal.kind == "string":
            value = literal.text
        elif value_node.type == "tuple" and literal.items and literal.items[0].kind == "string":
            value = literal.items[0].text  # Python: A = ("a", "Read a.")
            explicit = next(
                (
                    _prose(i.text)
                    for i in literal.items[1:]
                    if i.kind == "string" and _prose(i.text)
                ),
                None,
            )
        else:
            return None
    if not value or not identifier:
        return None
    if explicit is None:
        explicit = described(
            doc_comment(_statement(node)) or _after(_statement(node)), identifier, value
        )
    return identifier, value, explicit


_STATEMENTS = frozenset(
    {"expression_statement", "field_declaration", "const_declaration", "property_declaration"}
)


def _statement(node: Any) -> Any:
    """The statement a declaration sits in (its comments are that statement's siblings)."""
    while node.parent is not None and (
        node.parent.type in _STATEMENTS
        or node.parent.type in ("variable_declaration", "assignment")
    ):
        if node.parent.type == "const_declaration" and node.type == "const_spec":
            break  # Go: a spec of a const block has its own comments
        node = node.parent
    return node


_DECLARATIONS = frozenset(
    {
        "variable_declarator",
        "const_spec",
        "var_spec",
        "assignment",
        "assignment_expression",
        "const_element",
        "property_element",
        "property_declaration",
        "short_var_declaration",
        "enum_case",
        "constant_declaration",
        "const_item",
        "static_item",
    }
)


def declaration(node: Any) -> tuple[str, Any] | None:
    """(name, value node) of a declaration or assignment (any of the grammars), else None."""
    if node.type not in _DECLARATIONS:
        return None
    name = node.child_by_field_name("name") or node.child_by_field_name("left")
    value = (
        node.child_by_field_name("value")
        or node.child_by_field_name("right")
        or node.child_by_field_name("default_value")
    )
    named = [c for c in node.named_children if not is_comment(c)]
    if node.type == "property_declaration":  # Kotlin: val A = ...; C#: string A { get; } = ...
        holder = next((c for c in named if c.type == "variable_declaration"), None)
        if holder is not None:
            name = next((c for c in holder.named_children if c.type in _IDENTIFIER_TYPES), None)
            value = named[-1] if named[-1] is not holder else None
    if name is None and named and named[0].type in _IDENTIFIER_TYPES:
        name = named[0]
    if value is None and len(named) >= 2 and named[-1] is not name:
        value = named[-1]
    if name is None or value is None:
        return None
    if name.type in ("expression_list", "variable_name", "pattern"):  # Go: a, b := ...; PHP: $a
        inner = [c for c in name.named_children if c.type in _IDENTIFIER_TYPES]
        if len(inner) != 1:
            return None
        name = inner[0]
    if name.type not in _IDENTIFIER_TYPES:
        return None
    return node_text(name), value
