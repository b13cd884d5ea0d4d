"""What a scope name may look like: a token, or a token with documented placeholders.

Scope names are tokens (``ads.read``, ``https://www.googleapis.com/auth/adwords``,
``user:email``). Some providers document *templates* whose placeholders hold words:
``role:<cluster-role name>:<namespace>``, ``projects/{project id}``, ``devices/[device id]``.
Those stay valid. :func:`scope_name_problems` refuses the rest, each problem with the
character position it starts at:

- control characters (any C0/C1: a name has no line break or tab either), bidi marks and
  zero-width characters (``ads\u200b.write`` would pass for ``ads.write``);
- leading or trailing whitespace;
- whitespace outside a ``<...>``, ``{...}`` or ``[...]`` placeholder;
- markup: an HTML tag (``<b>``, ``</b>``, ``<img src=x>``), a comment, or an entity
  (``&lt;``); a placeholder is not a tag (``<namespace>``) unless it names an HTML element
  or carries attributes.
"""

from __future__ import annotations

import re
from typing import Final

from factory.textsafe import ZERO_WIDTH, is_unsafe_char

#: HTML elements a page's markup may leak into a name (placeholders never use these words).
_ELEMENT_NAMES: Final = """
    a abbr b big blockquote body br button code dd del details div dl dt em embed font form
    h1 h2 h3 h4 h5 h6 head hr html i iframe img input ins kbd label li link main mark meta
    object ol option p pre q s samp script select small source span strike strong style sub
    summary sup svg table tbody td template textarea tfoot th thead title tr tt u ul var video
"""
HTML_ELEMENTS: Final = frozenset(re.findall(r"\S+", _ELEMENT_NAMES))
_PLACEHOLDER: Final = re.compile(
    r"<[^<>]*>|\{[^{}]*\}|\[[^\[\]]*\]|\u2039[^\u2039\u203a]*\u203a|\u00ab[^\u00ab\u00bb]*\u00bb"
)
_TAG: Final = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_OTHER_MARKUP: Final = re.compile(r"<!--|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")


def _markup_at(name: str) -> int | None:
    for match in _TAG.finditer(name):
        closing, element, rest = match.groups()
        if closing or element.lower() in HTML_ELEMENTS or "=" in rest or rest.strip() == "/":
            return match.start()
    other = _OTHER_MARKUP.search(name)
    return other.start() if other else None


def scope_name_problems(name: str) -> list[str]:
    """Every problem of one scope name, as ``"<what> at position N"``; empty when valid."""
    problems: list[str] = []
    bad = [(i, c) for i, c in enumerate(name) if is_unsafe_char(c) or c in "\r\n\t\v\f"]
    if bad:
        where, char = bad[0]
        problems.append(f"control or bidi character U+{ord(char):04X} at position {where}")
    hidden = [(i, c) for i, c in enumerate(name) if c in ZERO_WIDTH]
    if hidden:
        where, char = hidden[0]
        problems.append(f"zero-width character U+{ord(char):04X} at position {where}")
    if name != name.strip():
        where = 0 if name[:1].isspace() else len(name.rstrip())
        problems.append(f"leading or trailing whitespace at position {where}")
    markup = _markup_at(name)
    if markup is not None:
        problems.append(f"markup at position {markup}")
    else:
        outside = _PLACEHOLDER.sub(lambda m: "x" * len(m.group()), name.strip())
        offset = len(name) - len(name.lstrip())
        space = next((i for i, c in enumerate(outside) if c.isspace()), None)
        if space is not None:
            problems.append(
                f"whitespace outside a placeholder (<...>, {{...}}, [...]) at position "
                f"{space + offset}"
            )
    return problems
