"""Doc comments of program source (any tree-sitter grammar): the comment right above a
declaration, cleaned of its marks (``///``, Rust's ``//!``, ``/** */``, ``#:``, XML doc
tags), and whether it describes the member or is generated boilerplate that only names it
and its value (``Enum Dataread for value: data:read``, ``Gets or sets X``).
"""

from __future__ import annotations

import re
from typing import Any

from factory.extract.text import normalize_ws

__all__ = ["clean_comment", "described", "doc_comment", "is_comment"]

_XML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.S | re.I)
_COMMENT_MARKS = re.compile(r"^\s*(?:/{2,3}!?|/\*+|\*+/?|#:?|--)\s?", re.M)
# words a generated comment is made of besides the member's name and value
_BOILERPLATE_WORDS = frozenset(
    {"enum", "enumeration", "for", "value", "values", "gets", "or", "sets", "get", "set"}
    | {"constant", "const", "field", "member", "the", "a", "an", "of", "is", "this", "scope"}
    | {"scopes", "string", "returns", "defines"}
)


def _text(node: Any) -> str:
    return str(node.text.decode("utf-8", "replace"))


def clean_comment(raw: str) -> str:
    """A comment's words: a C# ``<summary>``'s text, without comment marks or doc tags."""
    summary = _SUMMARY.search(raw)
    if summary:
        raw = summary.group(1)
    raw = raw.replace("*/", "")
    lines = [_COMMENT_MARKS.sub("", line) for line in raw.splitlines()]
    # javadoc/KDoc tags and XML doc elements other than the summary are no description
    lines = [line for line in lines if not line.lstrip().startswith("@")]
    return normalize_ws(_XML_TAG.sub(" ", "\n".join(lines)))


def is_comment(node: Any) -> bool:
    return "comment" in node.type


def doc_comment(node: Any) -> str:
    """The comments right above ``node`` (no blank line between), cleaned of their marks;
    a comment that trails the statement before it on its line is that statement's."""
    found: list[str] = []
    sibling, row = node.prev_named_sibling, node.start_point[0]
    while sibling is not None and sibling.type == "attribute_item":  # Rust: #[...] between
        sibling, row = sibling.prev_named_sibling, sibling.start_point[0]
    while sibling is not None and is_comment(sibling) and len(found) < 12:
        if sibling.end_point[0] < row - 1:
            break
        before = sibling.prev_named_sibling
        if (
            before is not None
            and not is_comment(before)
            and before.end_point[0] == sibling.start_point[0]
        ):
            break  # "X = 1 // about X": trails X
        found.append(_text(sibling))
        sibling, row = sibling.prev_named_sibling, sibling.start_point[0]
    return clean_comment("\n".join(reversed(found)))


def _boilerplate(comment: str, identifier: str, value: str) -> bool:
    """A generated comment: nothing but the member's name, its value and filler words."""
    rest = comment.lower().replace(value.lower(), " ")
    squashed = re.sub(r"[^a-z0-9]", "", identifier.lower())
    words = [w for w in re.split(r"[^a-z0-9:_.\-]+", rest) if w.strip(":._-")]
    kept = [
        w
        for w in words
        if w.strip(":._-") not in _BOILERPLATE_WORDS
        and re.sub(r"[^a-z0-9]", "", w) not in (squashed, "")
    ]
    return not kept


def described(comment: str, identifier: str, value: str) -> str | None:
    """A doc comment as a member's description, or None when it is boilerplate or empty."""
    if not comment or _boilerplate(comment, identifier, value):
        return None
    return comment
