"""Which column of a scope table describes its scopes, beyond the English header words.

Two rules the column planner (``html_columns``) asks after its English header ranking:

- a header that says "description" in another language (Beschreibung, beskrivelse,
  descripción, 설명, 説明 ...) names a description column, never the scope column, as its
  English word does ("Scope 설명" describes the scope, it is not one);
- in a two-column table (scope | one other column, right of it) the other column is the one
  text the table gives each scope: it is the description whatever its header says, unless the header
  names a class or another thing (types, levels, products, resources, claims, methods,
  endpoints, examples, defaults, roles, versions);
- a header that points to scopes kept elsewhere ("URL to list of scopes", "Link to the
  scopes") names a column of addresses, not of scopes.
"""

from __future__ import annotations

import re

__all__ = ["DESCRIPTION_WORDS", "lone_description", "points_to_scopes", "scope_label_column"]

#: "Description" in the languages official docs are written in (headers are lower-cased).
DESCRIPTION_WORDS = re.compile(
    r"\b(?:beschreibung(?:en)?|beskrivelse(?:r)?|beskrivning(?:ar)?|descripci[oó]n"
    r"|descri[cç][aã]o|descrizione|omschrijving|beschrijving|kuvaus|opis|popis"
    r"|le[ií]r[aá]s|a[cç][ıi]klama|описание)\b"
    r"|설명|説明|描述|说明|說明|解説"
)
# A lone column whose header names a class of the scope or another thing: no description.
_OTHER_THING = re.compile(
    r"\b(?:claims?|examples?|samples?|defaults?|required|requires|types?|kinds?|levels?"
    r"|products?|resources?|methods?|functions?|calls?|endpoints?|paths?|urls?|routes?|operations?|roles?"
    r"|status|versions?|availability|categor(?:y|ies)|groups?|values?)\b"
    r"|^(?:apis?|http|verbs?|scopes?|permissions?|names?)$"
)


def lone_description(headers: list[str], taken: set[int]) -> int | None:
    """The one column left beside the scope column of a two-column table, as its
    description (None when the table is wider, or the header names another thing).

    Args:
        headers: The lower-cased header texts.
        taken: The columns already read as scopes (or set aside as such).
    """
    if len(headers) != 2:
        return None
    rest = [i for i in range(2) if i not in taken]
    if rest != [1] or 0 not in taken:
        return None  # a label column left of the scopes ("Method | Scope") describes no scope
    header = headers[rest[0]].strip(" *_`:")
    if not header or _OTHER_THING.search(header):
        return None
    return rest[0]


# "URL to list of scopes", "Link to the scopes": the scope word is what the column points to.
_POINTER = re.compile(
    r"\b(?:urls?|links?|addresses|lists?|pages?)\s+(?:to|of|for|with)\s+(?:the\s+)?"
    r"(?:(?:lists?|pages?)\s+(?:of|for|with)\s+(?:the\s+)?)?(?:oauth\s+)?(?:scopes|permissions)\b"
)


def points_to_scopes(header: str) -> bool:
    """Whether a (lower-cased) column header names addresses of scope lists, not scopes."""
    return bool(_POINTER.search(header))


# "Scope name", "Permission title", "Display name": the scope's own label in words.
_LABEL_HEADER = re.compile(
    r"^(?:(?:oauth\s+)?(?:scope|permission)s?\s+)?(?:names?|titles?|labels?)$|^display names?$"
)


def scope_label_column(headers: list[str], skipped: list[int], scope_col: int) -> int | None:
    """The one column set aside beside the scope column whose header names the scope's label
    ("Scope Code | Scope Name | Tool" over ``crm`` | "CRM" | ...): the words the table gives
    each scope, its description when no header says "description" (None otherwise).

    Args:
        headers: The lower-cased header texts.
        skipped: The scope-named columns the content check set aside (their cells are words).
        scope_col: The column read as the scopes.
    """
    if len(skipped) != 1 or skipped[0] <= scope_col:
        return None
    header = " ".join(headers[skipped[0]].strip(" *_`:").split())
    return skipped[0] if _LABEL_HEADER.match(header) else None
