"""List items that name their scope last, in parentheses: "Read your files (`files.read`)".

Some pages write each item as the description first and the scope after it, in parentheses,
as a code span. Such an item is read as that scope with the text before the parentheses as
its description. Only a parenthesised code span that closes the item counts (an optional
full stop after it), and only one: "Use `a` or `b` (`c`)" is prose. The list reader's rules
still decide whether the list is a scope list (context, half of the items).
"""

from __future__ import annotations

import re

from factory.extract.text import clean_scope_token, looks_like_scope, normalize_ws

__all__ = ["trailing_scope_item"]

_TRAILING = re.compile(r"^(?P<desc>[^()]*?\S)\s*\(\s*(?P<code>[^()]+?)\s*\)\s*\.?$")


def trailing_scope_item(own_text: str, codes: list[str]) -> tuple[str, str] | None:
    """``(scope, description)`` when the item ends with its only code span in parentheses.

    Args:
        own_text: The item's own text (nested lists left out).
        codes: The texts of the item's own code spans.

    Returns:
        The token and the description, or None.
    """
    if len(codes) != 1:
        return None
    found = _TRAILING.match(normalize_ws(own_text))
    code = normalize_ws(codes[0])
    if found is None or found.group("code") != code:
        return None
    token = clean_scope_token(code)
    if not looks_like_scope(token) or len(found.group("desc").split()) < 2:
        return None
    return token, found.group("desc")
