"""What a token's column header, list lead-in or sentence says it is, when not a scope.

Pages about scopes set other names beside them: a column of the APIs a scope opens
("Accessible APIs"), of integration or token types, of claims; a list introduced as claims
("These claims are the following:"); the protocol's own name (``OAuth2.0``); words a
sentence uses as its terms (``The `prefix` is a string ...``) or sets aside in a
parenthesis as an example (``(example `nav`)``). Each note here lowers a token's standing;
a header or lead-in that names another kind outweighs two reasons, a sentence's use one.
"""

from __future__ import annotations

import re

from factory.extract.text import mentions_scopes

__all__ = ["label_notes"]

# A column header or list lead-in that names another kind of name (not scopes).
_OTHER_LABEL = re.compile(
    r"\b(?:claims?|types?|apis?|endpoints?|methods?|functions?|roles?|events?|errors?)\b",
    re.I,
)
# The protocols' own names: what a page about scopes names in its title, never a scope.
_PROTOCOL = re.compile(r"(?:o?auth|oauth)\s?2(?:\.\d)?|openid[-_ ]?connect|oidc", re.I)
# A bare word in code with an article before it and no scope word after: a term the
# sentence is about ("The `prefix` is a string"), not a value to send.
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+`?$", re.I)
_SCOPE_AFTER = re.compile(r"^`?\s*(?:scopes?|permissions?|grants?)\b", re.I)
_SEPARATORS = frozenset("._:/-")


def label_notes(token: str, where: str, label: str, before: str, after: str) -> list[str]:
    """The ``lowered:`` notes for a token its label or sentence calls something else.

    Args:
        token: The candidate token.
        where: Its place kind (``cell``, ``item``, ``code`` ...).
        label: Its column header (a cell) or its list's lead-in (an item).
        before: The few words before it.
        after: The few words after it.
    """
    notes: list[str] = []
    # a header that is itself a name (a table whose first row is a scope) names no kind
    label = " ".join(w for w in label.split() if not _SEPARATORS.intersection(w))
    if where in ("cell", "item") and label and not mentions_scopes(label):
        found = _OTHER_LABEL.search(label)
        if found:
            what = "column's header" if where == "cell" else "list's lead-in"
            notes.append(f"lowered: its {what} names another kind ({found.group(0)!r})")
    if _PROTOCOL.fullmatch(token):
        notes.append("lowered: the name of a protocol, another kind")
    if not _SEPARATORS.intersection(token):
        if _ARTICLE_BEFORE.search(before) and not _SCOPE_AFTER.search(after):
            notes.append("lowered: a term of its sentence (an article before it), not a value")
        elif _in_aside(before, after):
            notes.append("lowered: a word set aside in a parenthesis (an aside, an example)")
    return notes


def _in_aside(before: str, after: str) -> bool:
    """A parenthesis around the token that says more than the token: "(example `nav` or
    ...)", "(`a` or `b`)"; a parenthesis that is the name alone ("Reads the orchards
    (`orchards`)") is how a list item gives its scope."""
    opened = before.rfind("(")
    if opened <= before.rfind(")"):
        return False
    inside_before = before[opened + 1 :].strip(" `*_")
    close = after.find(")")
    inside_after = (after[:close] if close >= 0 else after).strip(" `*_")
    return bool(inside_before or inside_after)
