"""Data literals in program source (JS, TS, JSX, TSX): the arrays and objects a page renders.

A documentation page written as a React component keeps its scope table as data
(``const SCOPES = [{ name: "a_b", description: "..." }]``, rendered by ``SCOPES.map(...)``);
constants modules (``scopes.ts``), MDX ``export const`` blocks and ``<script>`` data in HTML
do the same. This module parses the source with tree-sitter's TypeScript/TSX grammar (a
compiled, error-tolerant parser: a page with a syntax error still yields its literals) and
returns every *binding* of a literal: a variable, an assignment (``window.__DATA__ = {...}``),
a default export or a JSX attribute (``scopes={[...]}``), with the literal as a small tree of
:class:`JsValue` (strings unescaped, template literals without ``${}``, string concatenation,
JSX text inside a value kept as its text; anything computed is ``other``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from factory.extract.source_comments import clean_comment, described, doc_comment

__all__ = ["Binding", "JsValue", "data_bindings"]


@dataclass(frozen=True, slots=True)
class JsValue:
    """One literal value: ``kind`` is string, array, object or other (computed, number ...);
    ``members`` (the readers of other languages) is an enum's or a class's constants,
    ``identifier -> {value, description}`` pairs.

    ``text`` is a string's value; ``items`` an array's values; ``pairs`` an object's
    (key, value) pairs in source order; ``line`` is 1-based.
    """

    kind: str
    line: int
    text: str = ""
    items: tuple[JsValue, ...] = ()
    pairs: tuple[tuple[str, JsValue], ...] = ()

    def get(self, key: str) -> JsValue | None:
        """An object's value under ``key`` (the first), else None."""
        return next((v for k, v in self.pairs if k == key), None)


@dataclass(frozen=True, slots=True)
class Binding:
    """A literal array or object bound to a name (a variable, an assignment's target, a
    default export, a JSX attribute), with the comment right above it."""

    name: str
    value: JsValue
    comment: str
    line: int
    span: tuple[int, int] = (0, 0)  # the literal's first and last character offsets


_CONTAINERS = ("array", "object")
_WRAPPERS = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression"}
)
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
#: Values nested deeper than this are not read (a page's data is shallow).
_MAX_DEPTH = 40


def _unescape(raw: str) -> str:
    def one(found: re.Match[str]) -> str:
        body = found.group(1)
        if body[0] in "ux" and len(body) > 1:
            return chr(int(body.strip("u{}x"), 16))
        if body in ("\n", "\r\n", "\r", "\u2028", "\u2029"):
            return ""  # a line continuation
        return _SIMPLE_ESCAPES.get(body, body)

    return _ESCAPE.sub(one, raw)


@lru_cache(maxsize=2)
def _parser(typescript: bool) -> Any:
    """tree-sitter's parser for TSX (JS and JSX too) or plain TypeScript (``<T>x`` casts);
    imported here so that ``import factory`` stays light."""
    import tree_sitter
    import tree_sitter_typescript

    grammar = (
        tree_sitter_typescript.language_typescript()
        if typescript
        else tree_sitter_typescript.language_tsx()
    )
    return tree_sitter.Parser(tree_sitter.Language(grammar))


def _text(node: Any) -> str:
    return str(node.text.decode("utf-8", "replace"))


def _string(node: Any) -> str | None:
    """A string or template literal's value (None for a template with ``${}``)."""
    parts: list[str] = []
    for child in node.named_children:
        if child.type == "template_substitution":
            return None
        if child.type == "escape_sequence":
            parts.append(_unescape(_text(child)))
        elif child.type == "string_fragment":
            parts.append(_text(child))
    return "".join(parts)


def _jsx_text(node: Any) -> str:
    """The text a JSX element shows (its words and literal ``{"..."}`` pieces)."""
    parts: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "jsx_text":
            parts.append(_text(current))
        elif current.type in ("string", "template_string") and current.parent.type in (
            "jsx_expression",
        ):
            parts.append(_string(current) or "")
        elif current.type not in ("jsx_opening_element", "jsx_closing_element"):
            stack.extend(reversed(current.named_children))
    return " ".join("".join(parts).split())


def _key(node: Any) -> str | None:
    if node.type in ("property_identifier", "identifier", "number"):
        return _text(node)
    if node.type in ("string", "template_string"):
        return _string(node)
    return None  # a computed key


def _unwrap(node: Any) -> Any:
    while node is not None and node.type in _WRAPPERS:
        node = node.named_children[0] if node.named_children else None
    return node


def value_of(node: Any, depth: int = 0) -> JsValue:
    """The literal ``node`` holds, as a :class:`JsValue` (``other`` where it computes)."""
    node = _unwrap(node)
    line = node.start_point[0] + 1 if node is not None else 0
    if node is None or depth > _MAX_DEPTH:
        return JsValue("other", line)
    kind = node.type
    if kind in ("string", "template_string"):
        text = _string(node)
        return JsValue("other", line) if text is None else JsValue("string", line, text)
    if kind == "binary_expression" and node.child_by_field_name("operator").type == "+":
        left = value_of(node.child_by_field_name("left"), depth + 1)
        right = value_of(node.child_by_field_name("right"), depth + 1)
        if left.kind == right.kind == "string":
            return JsValue("string", line, left.text + right.text)
        return JsValue("other", line)
    if kind in ("jsx_element", "jsx_fragment", "jsx_self_closing_element"):
        return JsValue("string", line, _jsx_text(node))
    if kind == "array":
        items = tuple(value_of(c, depth + 1) for c in node.named_children if c.type != "comment")
        return JsValue("array", line, items=items)
    if kind == "object":
        pairs: list[tuple[str, JsValue]] = []
        for child in node.named_children:
            if child.type == "pair":
                key = _key(child.child_by_field_name("key"))
                if key is not None:
                    pairs.append((key, value_of(child.child_by_field_name("value"), depth + 1)))
            elif child.type == "shorthand_property_identifier":
                pairs.append((_text(child), JsValue("other", line)))
        return JsValue("object", line, pairs=tuple(pairs))
    return JsValue("other", line, _text(node)[:80] if kind in ("number", "true", "false") else "")


def _comment_above(node: Any) -> str:
    """The comments right above a declaration (its statement's, an export's)."""
    while node.parent is not None and node.parent.type in (
        "lexical_declaration",
        "variable_declaration",
        "export_statement",
        "expression_statement",
    ):
        node = node.parent
    found: list[str] = []
    sibling, row = node.prev_named_sibling, node.start_point[0]
    # only comments right above it (no blank line between): a file's header speaks of the
    # whole file, not of the first declaration under it
    while sibling is not None and sibling.type == "comment" and len(found) < 3:
        if sibling.end_point[0] < row - 1:
            break
        found.append(_text(sibling))
        sibling, row = sibling.prev_named_sibling, sibling.start_point[0]
    return " ".join(reversed(found))


def _bound(node: Any) -> tuple[str, Any] | None:
    """(name, literal node) when ``node`` binds a literal array or object to a name."""
    kind = node.type
    if kind == "variable_declarator":
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    elif kind == "assignment_expression":
        name, value = node.child_by_field_name("left"), node.child_by_field_name("right")
    elif kind == "export_statement":
        value = node.child_by_field_name("value")
        return ("default", _unwrap(value)) if _is_container(value) else None
    elif kind == "jsx_attribute":
        children = node.named_children
        if len(children) < 2 or children[1].type != "jsx_expression":
            return None
        name = children[0]
        value = children[1].named_children[0] if children[1].named_children else None
    else:
        return None
    if name is None or not _is_container(value):
        return None
    return _text(name), _unwrap(value)


def _is_container(node: Any) -> bool:
    node = _unwrap(node)
    return node is not None and node.type in _CONTAINERS


def _enum(node: Any) -> Binding | None:
    """A TypeScript enum's string members, as a ``members`` binding (the value is the
    scope, the member's name never is; its doc comment, unless boilerplate, describes it)."""
    name, body = node.child_by_field_name("name"), node.child_by_field_name("body")
    if name is None or body is None:
        return None
    members: list[tuple[str, JsValue]] = []
    for child in body.named_children:
        key, value = child.child_by_field_name("name"), child.child_by_field_name("value")
        if child.type != "enum_assignment" or key is None or value is None:
            continue
        literal = value_of(value)
        if literal.kind == "string" and literal.text:
            identifier = _text(key)
            note = described(doc_comment(child), identifier, literal.text)
            pairs: tuple[tuple[str, JsValue], ...] = (("value", literal),)
            if note:
                pairs += (("description", JsValue("string", literal.line, note)),)
            members.append((identifier, JsValue("object", literal.line, pairs=pairs)))
    if not members:
        return None
    line = node.start_point[0] + 1
    value = JsValue("members", line, pairs=tuple(members))
    return Binding(_text(name), value, _comment_above(node), line)


def _union(node: Any) -> Binding | None:
    """A TypeScript union of string literal types (``type Scope = "a:read" | "a:write"``), as
    a ``members`` binding: each string is a value, its JSDoc comment (the comment right before
    it) its description unless boilerplate."""
    name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    if name is None or value is None or value.type != "union_type":
        return None
    members: list[tuple[str, JsValue]] = []
    # a comment of the declaration before its value is its first member's
    comment = next((_text(c) for c in node.named_children if c.type == "comment"), "")
    stack = [value]
    while stack:  # the union nests to the left: walk it in source order
        current = stack.pop()
        if current.type == "union_type":
            stack.extend(reversed(current.named_children))
        elif current.type == "comment":
            comment = _text(current)
        elif current.type == "literal_type" and current.named_children:
            literal = value_of(current.named_children[0])
            if literal.kind != "string" or not literal.text:
                return None  # a union of other types: no list of names
            note = described(clean_comment(comment), literal.text, literal.text)
            pairs: tuple[tuple[str, JsValue], ...] = (("value", literal),)
            if note:
                pairs += (("description", JsValue("string", literal.line, note)),)
            members.append((literal.text, JsValue("object", literal.line, pairs=pairs)))
            comment = ""
        else:
            return None
    if not members:
        return None
    line = node.start_point[0] + 1
    return Binding(_text(name), JsValue("members", line, pairs=tuple(members)), "", line)


def data_bindings(
    source: str, *, typescript: bool = False, first_only: bool = False
) -> tuple[list[Binding], str]:
    """Every literal array or object bound to a name in ``source``, in source order, and the
    words the page itself shows (its JSX text and comments, for context).

    Args:
        source: JS/TS/JSX/TSX source text.
        typescript: parse as plain TypeScript (``.ts``: ``<T>x`` casts) rather than TSX.
        first_only: read the first statement only (an MDX ``export`` block: the Markdown
            after it is no JavaScript).
    """
    raw = source.encode("utf-8", "surrogatepass")
    tree = _parser(typescript).parse(raw)
    ascii_only = len(raw) == len(source)
    bindings: list[Binding] = []
    words: list[str] = []
    root = tree.root_node
    stack = root.named_children[:1] if first_only else [root]
    while stack:
        node = stack.pop()
        if node.type in ("jsx_text", "comment"):
            words.append(_text(node))
            continue
        if node.type == "type_alias_declaration":  # type Scope = "a:read" | "a:write"
            union = _union(node)
            if union is not None:
                bindings.append(union)
            continue
        if node.type == "enum_declaration":  # TypeScript: enum Scope { Read = "a:read" }
            enum = _enum(node)
            if enum is not None:
                bindings.append(enum)
            continue
        bound = _bound(node)
        if bound is not None:
            name, literal = bound
            line = literal.start_point[0] + 1
            start, end = literal.start_byte, literal.end_byte
            if not ascii_only:  # byte offsets to character offsets
                start, end = (
                    len(raw[:start].decode("utf-8", "replace")),
                    len(raw[:end].decode("utf-8", "replace")),
                )
            value = value_of(literal)
            bindings.append(Binding(name, value, _comment_above(node), line, (start, end)))
            if node.type != "jsx_attribute":
                continue  # the literal is read whole; JSX inside it is its values' text
        stack.extend(reversed(node.children))
    return bindings, " ".join(" ".join(words).split())
